"""The review table: beads side by side, filtered and paged, selectable, with the reviewer's
tools (each with a keyboard shortcut) above it. The review is kept on the server as it
changes (`DocumentLibrary.keep_review`), so a reload or a lost connection loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import tm
from ui import cache, state
from ui.components import access, terms, text

PAGE_ROWS = 100
# Keyboard: the tools by their first letters, Alt held.
SHORTCUTS = {
    "merge with next": "Alt+M",
    "split": "Alt+P",
    "unpair": "Alt+U",
    "move target up": "Alt+Up",
    "move target down": "Alt+Down",
    "approve selected": "Alt+A",
    "next low-confidence": "Alt+N",
    "pair source with target": "Alt+L",
    "undo": "Alt+Z",
}
_KINDS = ("1-1", "2-1", "1-2", "3-1", "1-3", "2-2", "1-0", "0-1")


def _column_config(src: str, tgt: str) -> dict[str, Any]:
    return {
        "bead": st.column_config.NumberColumn("#", help="position in the document", width=40),
        # Sized so that every column shows at 1280 px, the rest wrapping in the rows.
        "source": st.column_config.TextColumn(f"Source ({src})", width=235),
        "target": st.column_config.TextColumn(f"Target ({tgt})", width=235),
        "kind": st.column_config.TextColumn("Bead", help="sentences on each side", width=50),
        "score": st.column_config.ProgressColumn(
            "Conf.", min_value=0.0, max_value=1.0, format="%.2f", width=70
        ),
        "qa": st.column_config.TextColumn("QA", help="QA warnings for this pair", width=90),
        "approved": st.column_config.CheckboxColumn("OK", help="approved", width=40),
    }


def start(aligned: tm.AlignedDocument, *, user: str, doc_id: str) -> None:
    """A review of a new alignment: the reviewer's unsaved review of the same texts when
    one is kept (after a reload or a lost connection), else one that starts from the TM's
    approvals for the document."""
    fresh = tm.review_alignment(aligned, memory=cache.memory(), doc_id=doc_id)
    key = tm.review_key(user, aligned)
    kept = cache.library().kept_review(key)
    resumed = tm.restore_review(kept, fresh) if kept else fresh
    st.session_state[state.ALIGN_REVIEW] = resumed
    st.session_state[state.ALIGN_REVIEW_KEY] = key
    st.session_state.pop(state.ALIGN_SELECT, None)
    # A new grid (a new key) only when rows are selected in the one shown: they would mean
    # other pairs now. Otherwise its data is replaced in place, which the browser draws
    # much faster than a new grid.
    grid = st.session_state.get(state.ALIGN_GRID)
    picked = st.session_state.get(grid) if grid is not None else None
    if picked is not None and picked.selection.rows:
        st.session_state[state.ALIGN_EDITS] = st.session_state.get(state.ALIGN_EDITS, 0) + 1
    if resumed is not fresh:
        st.session_state[state.ALIGN_NOTICE] = "Resumed your unsaved review of these texts."


def saved(result: tm.ReplaceResult) -> tm.ReplaceResult:
    """The review is in the TM now: the kept copy goes."""
    if (key := st.session_state.get(state.ALIGN_REVIEW_KEY)) is not None:
        cache.library().drop_review(key)
    return result


def _keep(review: tm.Review) -> None:
    """The review as it stands, kept on the server under the reviewer and the texts."""
    if (key := st.session_state.get(state.ALIGN_REVIEW_KEY)) is not None:
        cache.library().keep_review(key, tm.review_state(review))


def _apply(change: Callable[[tm.Review], tm.Review], select: int | None = None) -> None:
    """Run one review step on the stored review (a button's callback, before the page
    runs); a refused step is explained, not raised."""
    try:
        st.session_state[state.ALIGN_REVIEW] = change(st.session_state[state.ALIGN_REVIEW])
    except tm.InputError as err:
        st.session_state[state.ALIGN_ERROR] = str(err)
        return
    _keep(st.session_state[state.ALIGN_REVIEW])
    # A new table key drops the old selection, whose rows no longer mean the same beads.
    st.session_state[state.ALIGN_EDITS] = st.session_state.get(state.ALIGN_EDITS, 0) + 1
    st.session_state[state.ALIGN_SELECT] = select


def _filters() -> tm.PairFilter:
    with st.expander("Filter pairs"):
        left, middle, right = st.columns(3)
        unapproved = left.checkbox("Not approved yet", key=state.ALIGN_FILTER_UNAPPROVED)
        qa_errors = left.checkbox("QA errors", key=state.ALIGN_FILTER_QA)
        low = middle.checkbox("Confidence under…", key=state.ALIGN_FILTER_LOW)
        below = middle.slider("…", 0.0, 1.0, 0.9, 0.05, key=state.ALIGN_FILTER_BELOW)
        kinds = right.multiselect("Bead types", _KINDS, key=state.ALIGN_FILTER_KINDS)
    return tm.PairFilter(
        unapproved=unapproved, below=below if low else None, qa_errors=qa_errors, kinds=tuple(kinds)
    )


def _next_low_confidence(review: tm.Review, after: int, threshold: float) -> int | None:
    for position in [*range(after + 1, len(review.beads)), *range(after + 1)]:
        if review.beads[position].score < threshold and position not in review.approved:
            return position
    return None


def _pair_of(review: tm.Review, chosen: list[int]) -> tuple[int, int] | None:
    """Two selected rows: the first source sentence of one, the first target of the other."""
    if len(chosen) != 2:
        return None
    first, second = (review.beads[p] for p in chosen)
    if first.src and second.tgt:
        return first.src[0], second.tgt[0]
    if second.src and first.tgt:
        return second.src[0], first.tgt[0]
    return None


def show(aligned: tm.AlignedDocument, *, key: str) -> tm.Review:
    """Table plus tools; returns the review as it stands (the tools act in callbacks,
    before the page runs)."""
    review: tm.Review = st.session_state[state.ALIGN_REVIEW]
    if notice := st.session_state.pop(state.ALIGN_NOTICE, None):
        st.info(notice)  # what the last step did, told once after its rerun
    low_first = st.toggle("Low confidence first", key=state.ALIGN_LOW_FIRST)
    frame = tm.pairs_frame(aligned, review, low_confidence_first=low_first, only=_filters())
    pages = max(1, -(-frame.height // PAGE_ROWS))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages})", 1, pages, 1, key=state.ALIGN_PAGE))
    shown = frame.slice((page - 1) * PAGE_ROWS, PAGE_ROWS)
    wanted = st.session_state.get(state.ALIGN_SELECT)
    rows = shown["bead"].to_list()
    grid = st.session_state[state.ALIGN_GRID] = (
        f"{key}_{st.session_state.get(state.ALIGN_EDITS, 0)}"
    )
    event = st.dataframe(
        shown,
        key=grid,
        hide_index=True,
        width="stretch",
        row_height=92,  # room for four lines: the text wraps
        on_select="rerun",
        selection_mode="multi-row",
        selection_default={"selection": {"rows": [rows.index(wanted)], "columns": []}}
        if wanted in rows
        else None,
        column_config=_column_config(aligned.source.lang, aligned.target.lang),
    )
    chosen = sorted(shown["bead"][row] for row in event.selection.rows)
    selected = f"{len(chosen)} selected" if chosen else "select rows to change or approve them"
    st.caption(
        f"{len(review.approved)} of {len(review.beads)} approved · {frame.height} shown · "
        f"{selected} · keys: " + ", ".join(f"{k} {v}" for k, v in SHORTCUTS.items())
    )
    _tools(aligned, review, chosen, frame["bead"].to_list(), key=key)
    if len(event.selection.rows) == 1:
        picked = shown.row(event.selection.rows[0], named=True)
        terms.pair_panel(
            picked["source"],
            picked["target"],
            aligned.source.lang,
            aligned.target.lang,
            key=f"{key}_terms",
        )
    return review


def _tools(
    aligned: tm.AlignedDocument,
    review: tm.Review,
    chosen: list[int],
    listed: list[int],
    *,
    key: str,
) -> None:
    """The reviewer's buttons, each acting in its callback on the selected beads."""
    if refused := st.session_state.pop(state.ALIGN_ERROR, None):
        text.error(refused)
    may_approve = access.require(cache.memory(), "approve")
    tools = [*st.columns(len(tm.REVIEW_EDITS)), *st.columns(5)]
    one = chosen[0] if len(chosen) == 1 else None
    for column, (name, edit) in zip(tools, tm.REVIEW_EDITS.items(), strict=False):
        column.button(
            name.capitalize(),
            disabled=one is None,
            key=f"{key}_{name}",
            shortcut=SHORTCUTS[name],
            on_click=_apply,
            args=(lambda current, edit=edit: edit(current, one), one),
        )
    pair = _pair_of(review, chosen)
    tools[-5].button(
        "Pair",
        disabled=pair is None,
        key=f"{key}_pair",
        shortcut=SHORTCUTS["pair source with target"],
        help="select two rows: the source of one becomes the pair of the other's target",
        on_click=_apply,
        args=(lambda current: tm.pair_sentences(current, *pair) if pair else current,),
    )
    tools[-4].button(
        "Approve selected",
        disabled=not chosen or not may_approve,
        key=f"{key}_approve",
        shortcut=SHORTCUTS["approve selected"],
        on_click=_apply,
        args=(lambda current: tm.approve_beads(current, chosen),),
    )
    unapprovable = [p for p in chosen if p in review.approved]
    tools[-3].button(
        "Un-approve",
        disabled=not unapprovable or not may_approve,
        key=f"{key}_unapprove",
        on_click=_apply,
        args=(lambda current: tm.unapprove_beads(current, unapprovable),),
    )
    tools[-2].button(
        "Next low",
        key=f"{key}_next",
        shortcut=SHORTCUTS["next low-confidence"],
        on_click=_select_next_low,
        args=(review, chosen[-1] if chosen else -1, listed),
    )
    tools[-1].button(
        "Undo",
        disabled=review.previous is None,
        key=f"{key}_undo",
        shortcut=SHORTCUTS["undo"],
        on_click=_apply,
        args=(lambda current: current.undo(),),
    )
    threshold_column, button_column = st.columns([3, 1])
    threshold = threshold_column.slider(
        "Confidence threshold", 0.5, 1.0, 0.9, 0.01, key=state.ALIGN_THRESHOLD
    )
    button_column.button(
        f"Approve all ≥ {threshold:.2f}",
        key=f"{key}_approve_above",
        disabled=not may_approve,
        on_click=_approve_confident,
        args=(aligned,),
    )


def _select_next_low(review: tm.Review, after: int, listed: list[int]) -> None:
    """Select the next pair under the confidence threshold, on its page."""
    threshold = float(st.session_state.get(state.ALIGN_THRESHOLD, 0.9))
    found = _next_low_confidence(review, after, threshold)
    st.session_state[state.ALIGN_SELECT] = found
    st.session_state[state.ALIGN_EDITS] = st.session_state.get(state.ALIGN_EDITS, 0) + 1
    if found in listed and len(listed) > PAGE_ROWS:
        st.session_state[state.ALIGN_PAGE] = listed.index(found) // PAGE_ROWS + 1


def _approve_confident(aligned: tm.AlignedDocument) -> None:
    threshold = float(st.session_state.get(state.ALIGN_THRESHOLD, 0.9))
    approval = tm.approve_confident(aligned, st.session_state[state.ALIGN_REVIEW], threshold)
    st.session_state[state.ALIGN_NOTICE] = (
        f"Approved {approval.approved} pairs scored ≥ {threshold:.2f}; skipped "
        f"{approval.skipped} with a QA error (check them one by one)."
    )
    _apply(lambda current: approval.review)
