"""Before a save: pairs whose target reads as another language need a named confirmation."""

from __future__ import annotations

import streamlit as st


def show(wrong: int, lang: str, *, key: str) -> int:
    """The count of wrong-language pairs the user confirmed saving (0: none confirmed)."""
    if not wrong:
        return 0
    st.warning(
        f"{wrong} pairs have a target that does not read as {lang!r}: is the draft's "
        "language right? Saving refuses them unless you confirm.",
        icon=":material/translate:",
    )
    confirmed = st.checkbox(f"Save these {wrong} pairs as {lang!r} anyway", key=key)
    return wrong if confirmed else 0
