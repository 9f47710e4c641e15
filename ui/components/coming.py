"""A page that is planned but not built yet says so, and says what it will do."""

from __future__ import annotations

import streamlit as st


def show(title: str, plans: list[str]) -> None:
    st.title(title)
    st.info(
        "This page is coming. It will let you:\n" + "\n".join(f"- {p}" for p in plans),
        icon=":material/construction:",
    )
