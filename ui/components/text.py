"""Showing text that came from users or files: always as data, never as markup."""

from __future__ import annotations

import re

import streamlit as st

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def plain(text: str) -> str:
    """Escape Markdown so that a message built from user text renders literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def error(message: str) -> None:
    st.error(plain(message), icon=":material/error:")
