"""The Translate page's working state: the job, the grid, the current segment, the editor.

Typed text is kept in the job as a draft the moment it changes (`tm.draft_segment`), so
moving to another segment (by the grid, the buttons or their shortcuts) never loses it.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import tm
from tm.fuzzy.fragments import WHOLE_MATCH
from ui import state
from ui.components import matches, text

# The keyboard, as the page lists it: no mouse needed to translate.
SHORTCUTS = {
    "confirm": "Ctrl+Enter",
    "previous": "Alt+Up",
    "next": "Alt+Down",
    "source": "Alt+S",
}


def job(
    memory: tm.TranslationMemory, article: str, *, doc_id: str, tgt_lang: str
) -> tm.TranslationJob:
    """The job for this document and language, started (or resumed from the TM) on a change."""
    current = st.session_state.get(state.TRANSLATE_JOB)
    if current is None or (current.doc_id, current.tgt_lang) != (doc_id, tgt_lang):
        current = tm.start_translation(memory, article, doc_id=doc_id, tgt_lang=tgt_lang)
        st.session_state[state.TRANSLATE_JOB] = current
        _go_to(current.next_open())
    return current


def current_index() -> int:
    return int(st.session_state.get(state.TRANSLATE_INDEX, 0))


def _go_to(index: int) -> None:
    """Make `index` the current segment; its editor shows what the job holds for it."""
    current: tm.TranslationJob | None = st.session_state.get(state.TRANSLATE_JOB)
    if current is not None:
        index = max(0, min(index, len(current.segments) - 1))
    st.session_state[state.TRANSLATE_INDEX] = index
    st.session_state.pop(state.TRANSLATE_TARGET, None)
    st.session_state[state.TRANSLATE_GRID] = st.session_state.get(state.TRANSLATE_GRID, 0) + 1


def _keep_draft() -> None:
    """The editor changed: the text goes into the job at once, as a draft."""
    current: tm.TranslationJob = st.session_state[state.TRANSLATE_JOB]
    typed = st.session_state.get(state.TRANSLATE_TARGET, "")
    st.session_state[state.TRANSLATE_JOB] = tm.draft_segment(current, current_index(), typed)


def grid(current: tm.TranslationJob, best: Sequence[tm.Match | None]) -> None:
    """Every segment, the title first, with its status and best match; a click selects."""
    st.progress(
        current.progress, text=f"{current.done} of {len(current.segments)} segments confirmed"
    )
    event = st.dataframe(
        tm.segment_grid(current, best),
        key=f"translate_grid_{st.session_state.get(state.TRANSLATE_GRID, 0)}",
        hide_index=True,
        width="stretch",
        height=280,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "segment": st.column_config.NumberColumn("#", width="small"),
            "source": st.column_config.TextColumn("Source (kk)", width="large"),
            "target": st.column_config.TextColumn("Translation", width="large"),
            "status": st.column_config.TextColumn(
                "Status", help="new, fuzzy, 100, 101, draft or confirmed"
            ),
            "match": st.column_config.NumberColumn("Best %", format="%d%%"),
            "qa": st.column_config.TextColumn("QA"),
        },
    )
    if event.selection.rows and event.selection.rows[0] != current_index():
        _go_to(event.selection.rows[0])
        st.rerun()


def _take(suggestion: str) -> None:
    st.session_state[state.TRANSLATE_TARGET] = suggestion
    _keep_draft()


def editor(
    memory: tm.TranslationMemory,
    current: tm.TranslationJob,
    found: Sequence[tm.Match],
    *,
    user: str,
) -> None:
    """The segment, its matches, the translation box with QA as it is typed, and the
    buttons (each with its shortcut)."""
    index = current_index()
    kind = "Title" if index < current.offset else f"Segment {index + 1}"
    st.subheader(f"{kind} of {len(current.segments)} · {current.states[index]}")
    st.text(current.segments[index])
    st.session_state.setdefault(state.TRANSLATE_TARGET, current.targets[index] or "")
    typed = st.text_area(
        "Translation", key=state.TRANSLATE_TARGET, height=110, on_change=_keep_draft
    )
    for warning in tm.check_segment(current, index, typed):
        st.warning(text.plain(f"QA, {warning.check}: {warning.message}"))
    confirm, previous, following, source = st.columns(4)
    if confirm.button(
        "Confirm and go to the next segment",
        type="primary",
        shortcut=SHORTCUTS["confirm"],
        key="translate_confirm",
    ):
        try:
            confirmed = tm.confirm_segment(memory, current, index, typed, user=user)
        except tm.TMError as err:
            text.error(str(err))
        else:
            st.session_state[state.TRANSLATE_JOB] = confirmed.job
            _go_to(confirmed.job.next_open(index))
            st.rerun()
    previous.button("Previous", on_click=_go_to, args=(index - 1,), shortcut=SHORTCUTS["previous"])
    following.button("Next", on_click=_go_to, args=(index + 1,), shortcut=SHORTCUTS["next"])
    source.button(
        "Copy source",
        on_click=_take,
        args=(current.segments[index],),
        shortcut=SHORTCUTS["source"],
    )
    st.subheader("TM matches")
    matches.show(found, on_take=_take, key="translate_match")
    if not found or found[0].score < WHOLE_MATCH:
        matches.fragments(
            tm.fragments(memory, current.segments[index], current.src_lang, current.tgt_lang),
            on_take=_take,
            key="translate_fragment",
        )


def pretranslate(
    memory: tm.TranslationMemory,
    current: tm.TranslationJob,
    best: Sequence[tm.Match | None],
    *,
    user: str,
) -> None:
    """Fill every open segment with its best match at or above a chosen %."""
    with st.expander("Pre-translate"):
        least = st.slider("Fill with matches of at least (%)", 50, 101, 75, key="pretranslate_min")
        exact = st.checkbox("Confirm 100 % and 101 % matches into the TM", key="pretranslate_exact")
        if st.button("Pre-translate", key="pretranslate_go"):
            done = tm.pretranslate(
                memory, current, min_score=least, confirm_exact=exact, user=user, best=best
            )
            st.session_state[state.TRANSLATE_JOB] = done.job
            st.session_state[state.TRANSLATE_NOTICE] = (
                f"Pre-translated {done.filled} segments; {done.confirmed} confirmed."
            )
            _go_to(done.job.next_open())
            st.rerun()
