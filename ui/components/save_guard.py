"""Saving an alignment: pairs whose target reads as another language need a confirmation
that names their count, and the save says what it did."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import tm
from ui.components import text


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


def save_button(
    label: str,
    save: Callable[[int], tm.ReplaceResult],
    *,
    wrong: int,
    lang: str,
    key: str,
    saved: str = "Saved",
    disabled: bool = False,
) -> None:
    """The confirmation (when needed) and the button (`disabled` when the user's role may
    not save); `save(confirmed)` writes."""
    confirmed = show(wrong, lang, key=key)
    if st.button(label, type="primary", disabled=disabled):
        try:
            st.success(f"{saved}: {save(confirmed).summary()}.")
        except tm.TMError as err:
            text.error(str(err))
