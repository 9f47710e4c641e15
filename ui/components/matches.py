"""TM matches for the current segment: %, a diff against the segment, the suggestion, where
it comes from, and a button to take one. TM text is shown as text (`ui.components.text`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

import tm
from ui.components import diff
from ui.components.text import plain

_NO_DOCUMENT = "no document"


def show(found: Sequence[tm.Match], *, on_take: Callable[[str], None], key: str) -> None:
    if not found:
        st.caption("No TM match of 50% or more.")
        return
    for number, match in enumerate(found):
        with st.container(border=True):
            # The take column holds the button and its shortcut ("Use  Alt+1").
            score, body, take = st.columns([1, 7, 2])
            score.markdown(f"### {match.score}%")
            body.markdown(diff.markdown(match.diff))
            body.text(match.target)
            body.caption(plain(f"{match.doc_id or _NO_DOCUMENT} · {match.status}"))
            take.button(
                "Use",
                key=f"{key}_{number}",
                on_click=on_take,
                args=(match.target,),
                help="Put this translation into the editor",
                shortcut=f"Alt+{number + 1}" if number < 5 else None,
            )


def fragments(found: Sequence[tm.Fragment], *, on_take: Callable[[str], None], key: str) -> None:
    """Parts of the segment the TM knows (when no whole match reaches 70 %)."""
    if not found:
        return
    st.markdown("**Fragments the TM knows**")
    for number, fragment in enumerate(found):
        with st.container(border=True):
            body, take = st.columns([8, 2])
            body.markdown(f"**{plain(fragment.source_span)}** ({fragment.words} words)")
            if fragment.whole_unit:
                body.markdown(plain(fragment.target))
            else:
                body.caption("in: " + plain(fragment.tm_source))
                body.caption("whose translation is: " + plain(fragment.tm_target))
            take.button(
                "Insert",
                key=f"{key}_{number}",
                on_click=on_take,
                args=(fragment.target if fragment.whole_unit else fragment.tm_target,),
                help="Put this translation into the editor",
            )
