"""The Translate page's working state: the job, the current segment, the editor."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import tm
from ui import state
from ui.components import matches, text


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


def _go_to(index: int) -> None:
    st.session_state[state.TRANSLATE_INDEX] = index
    st.session_state.pop(state.TRANSLATE_TARGET, None)
    st.session_state.pop(state.TRANSLATE_NUMBER, None)


def segment(current: tm.TranslationJob) -> int:
    """The segment being translated (0-based), chosen by number."""
    st.progress(
        current.progress, text=f"{current.done} of {len(current.segments)} segments confirmed"
    )
    number = st.number_input(
        "Segment",
        min_value=1,
        max_value=len(current.segments),
        key=state.TRANSLATE_NUMBER,
        value=st.session_state[state.TRANSLATE_INDEX] + 1,
    )
    if number - 1 != st.session_state[state.TRANSLATE_INDEX]:
        st.session_state[state.TRANSLATE_INDEX] = number - 1
        st.session_state.pop(state.TRANSLATE_TARGET, None)
    return int(number) - 1


def _take(suggestion: str) -> None:
    st.session_state[state.TRANSLATE_TARGET] = suggestion


def editor(
    memory: tm.TranslationMemory,
    current: tm.TranslationJob,
    index: int,
    found: Sequence[tm.Match],
    *,
    user: str,
) -> None:
    """The matches, the translation box and Confirm; QA warnings of the last confirmation."""
    st.subheader("TM matches")
    matches.show(found, on_take=_take, key="translate_match")
    st.session_state.setdefault(state.TRANSLATE_TARGET, current.targets[index] or "")
    target = st.text_area("Translation", key=state.TRANSLATE_TARGET, height=120)
    if st.button("Confirm and go to the next segment", type="primary"):
        try:
            confirmed = tm.confirm_segment(memory, current, index, target, user=user)
        except tm.TMError as err:
            text.error(str(err))
        else:
            st.session_state[state.TRANSLATE_JOB] = confirmed.job
            st.session_state[state.TRANSLATE_WARNINGS] = confirmed.warnings
            _go_to(confirmed.job.next_open(index))
            st.rerun()
    for warning in st.session_state.get(state.TRANSLATE_WARNINGS, ()):
        st.warning(
            text.plain(f"QA on the segment just confirmed, {warning.check}: {warning.message}")
        )
