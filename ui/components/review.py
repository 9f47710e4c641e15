"""The review table: beads side by side, selectable, with the reviewer's tools above it."""

from __future__ import annotations

from typing import Any

import streamlit as st

import tm
from ui import state
from ui.components import text


def _column_config(src: str, tgt: str) -> dict[str, Any]:
    return {
        "bead": st.column_config.NumberColumn("#", help="position in the document", width="small"),
        "source": st.column_config.TextColumn(f"Source ({src})", width="large"),
        "target": st.column_config.TextColumn(f"Target ({tgt})", width="large"),
        "kind": st.column_config.TextColumn("Bead", help="sentences on each side: 2-1, 1-0…"),
        "score": st.column_config.ProgressColumn(
            "Confidence", min_value=0.0, max_value=1.0, format="%.2f"
        ),
        "qa": st.column_config.TextColumn("QA", help="warnings of the QA checks for this pair"),
        "approved": st.column_config.CheckboxColumn("Approved"),
    }


def _apply(change: Any) -> None:
    """Run one review step on the stored review; a refused step is explained, not raised."""
    try:
        st.session_state[state.ALIGN_REVIEW] = change(st.session_state[state.ALIGN_REVIEW])
    except tm.InputError as err:
        text.error(str(err))
        return
    # A new table key drops the old selection, whose rows no longer mean the same beads.
    st.session_state[state.ALIGN_EDITS] = st.session_state.get(state.ALIGN_EDITS, 0) + 1


def show(aligned: tm.AlignedDocument, *, key: str) -> tm.Review:
    """Table plus tools; returns the review as it stands after this run's action."""
    review: tm.Review = st.session_state[state.ALIGN_REVIEW]
    if notice := st.session_state.pop(state.ALIGN_NOTICE, None):
        st.info(notice)  # what the last step did, told once after its rerun
    low_first = st.toggle("Low confidence first", key=state.ALIGN_LOW_FIRST)
    frame = tm.pairs_frame(aligned, review, low_confidence_first=low_first)
    event = st.dataframe(
        frame,
        key=f"{key}_{st.session_state.get(state.ALIGN_EDITS, 0)}",
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        column_config=_column_config(aligned.source.lang, aligned.target.lang),
    )
    chosen = sorted(frame["bead"][row] for row in event.selection.rows)
    selected = f"{len(chosen)} selected" if chosen else "select rows to change or approve them"
    st.caption(f"{len(review.approved)} of {len(review.beads)} approved · {selected}")
    tools = st.columns(len(tm.REVIEW_EDITS) + 3)
    for column, (name, edit) in zip(tools, tm.REVIEW_EDITS.items(), strict=False):
        if column.button(name.capitalize(), disabled=len(chosen) != 1, key=f"{key}_{name}"):
            _apply(lambda current, edit=edit: edit(current, chosen[0]))
    if tools[-3].button("Approve selected", disabled=not chosen, key=f"{key}_approve"):
        _apply(lambda current: tm.approve_beads(current, chosen))
    unapprovable = [p for p in chosen if p in review.approved]
    if tools[-2].button("Un-approve", disabled=not unapprovable, key=f"{key}_unapprove"):
        _apply(lambda current: tm.unapprove_beads(current, unapprovable))
    if tools[-1].button("Undo", disabled=review.previous is None, key=f"{key}_undo"):
        _apply(lambda current: current.undo())
    threshold_column, button_column = st.columns([3, 1])
    threshold = threshold_column.slider(
        "Confidence threshold", 0.5, 1.0, 0.9, 0.01, key=state.ALIGN_THRESHOLD
    )
    if button_column.button(f"Approve all ≥ {threshold:.2f}", key=f"{key}_approve_above"):
        approval = tm.approve_confident(aligned, review, threshold)
        st.session_state[state.ALIGN_NOTICE] = (
            f"Approved {approval.approved} pairs scored ≥ {threshold:.2f}; skipped "
            f"{approval.skipped} with a QA error (check them one by one)."
        )
        _apply(lambda current: approval.review)
    result: tm.Review = st.session_state[state.ALIGN_REVIEW]
    if result is not review:
        st.rerun()
    return result
