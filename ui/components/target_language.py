"""Choosing the translation's language: English or Russian."""

from __future__ import annotations

from typing import Any

import streamlit as st

_NAMES = {"en": "English", "ru": "Russian"}


def show(label: str, *, key: str, where: Any = st) -> str:
    """The chosen target language code; `where` is a column or container to draw in."""
    choice = where.segmented_control(
        label,
        list(_NAMES),
        default="en",
        required=True,  # a click on the chosen one must not leave none (read as English)
        key=key,
        format_func=_NAMES.__getitem__,
    )
    if choice not in _NAMES:
        raise ValueError(f"no target language chosen in {label!r}")
    return str(choice)
