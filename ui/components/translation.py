"""The Translate page's working state: the job, the grid, the current segment, the editor.

Typed text is kept in the job as a draft the moment it changes (`tm.draft_segment`), so
moving to another segment (by the grid, the buttons or their shortcuts) never loses it.
Buttons act in callbacks, before the page runs, so that a click costs one run of the page.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import streamlit as st

import tm
from tm.fuzzy.fragments import WHOLE_MATCH
from tm.translate import rematch
from ui import cache, state
from ui.components import access, matches, terms, text

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
    # A row clicked in the grid stays selected there: when it is no longer the current
    # segment, a new grid (a new key) drops it. Otherwise the grid stays, and its data is
    # updated in place, which the browser draws much faster than a new grid.
    picked = st.session_state.get(_grid_key())
    if picked is not None and picked.selection.rows not in ([], [index]):
        st.session_state[state.TRANSLATE_GRID] = st.session_state.get(state.TRANSLATE_GRID, 0) + 1


def _grid_key() -> str:
    return f"translate_grid_{st.session_state.get(state.TRANSLATE_GRID, 0)}"


def _keep_draft(index: int) -> None:
    """The editor of segment `index` changed: the text goes into the job at once, as a
    draft (unless a button's callback, run first in the same click, took it already)."""
    if state.TRANSLATE_TARGET not in st.session_state or current_index() != index:
        return
    current: tm.TranslationJob = st.session_state[state.TRANSLATE_JOB]
    typed = st.session_state[state.TRANSLATE_TARGET]
    st.session_state[state.TRANSLATE_JOB] = tm.draft_segment(current, index, typed)


def best_matches(memory: tm.TranslationMemory, current: tm.TranslationJob) -> list[tm.Match | None]:
    """Each segment's best match for the grid, as of the TM's version: after this session's
    own confirmation only what it can change is looked up again (`_rematched`); after any
    other change of the TM, every segment (`cache.best_matches`, shared by sessions)."""
    version = memory.version()
    kept = st.session_state.get(state.TRANSLATE_BEST)
    if kept is not None and kept[:2] == (_job_key(current), version):
        return list(kept[2])
    best = cache.best_matches(
        current.segments, current.title, current.src_lang, current.tgt_lang, version
    )
    st.session_state[state.TRANSLATE_BEST] = (_job_key(current), version, best)
    return best


def _job_key(current: tm.TranslationJob) -> tuple[object, ...]:
    return (current.doc_id, current.src_lang, current.tgt_lang, current.segments)


def _rematched(
    memory: tm.TranslationMemory, done: tm.TranslationJob, changed: list[int], version: int
) -> None:
    """This session's confirmation made the TM's `version`: when the best matches kept are
    of the version just before it, only the segments it changed are looked up again."""
    kept = st.session_state.pop(state.TRANSLATE_BEST, None)
    if kept is not None and kept[:2] == (_job_key(done), version - 1):
        st.session_state[state.TRANSLATE_BEST] = (
            _job_key(done),
            version,
            rematch(memory, done, kept[2], changed),
        )


def grid(current: tm.TranslationJob, best: Sequence[tm.Match | None]) -> None:
    """Every segment, the title first, with its status and best match; a click selects."""
    st.progress(
        current.progress, text=f"{current.done} of {len(current.segments)} segments confirmed"
    )
    key = _grid_key()
    st.dataframe(
        tm.segment_grid(current, best),
        key=key,
        hide_index=True,
        width="stretch",
        height=280,
        on_select=functools.partial(_picked, key),
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


def _picked(key: str) -> None:
    """A row of the grid was clicked: its segment becomes the current one."""
    rows = st.session_state[key].selection.rows
    if rows and rows[0] != current_index():
        _go_to(rows[0])


def _take(suggestion: str) -> None:
    st.session_state[state.TRANSLATE_TARGET] = suggestion
    _keep_draft(current_index())


def _confirm(memory: tm.TranslationMemory, user: str) -> None:
    """Confirm the segment as typed and go to the next open one; a refusal is told."""
    current: tm.TranslationJob = st.session_state[state.TRANSLATE_JOB]
    index = current_index()
    typed = st.session_state.get(state.TRANSLATE_TARGET, "")
    try:
        confirmed = tm.confirm_segment(memory, current, index, typed, user=user)
    except tm.TMError as err:
        st.session_state[state.TRANSLATE_ERROR] = str(err)
        return
    _rematched(memory, confirmed.job, [index], confirmed.saved.version)
    st.session_state[state.TRANSLATE_JOB] = confirmed.job
    _go_to(confirmed.job.next_open(index))


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
        "Translation",
        key=state.TRANSLATE_TARGET,
        height=110,
        on_change=_keep_draft,
        args=(index,),
    )
    if refused := st.session_state.pop(state.TRANSLATE_ERROR, None):
        text.error(refused)
    for warning in tm.check_segment(current, index, typed, terms=terms.term_index()):
        text.warning(f"QA, {warning.check}: {warning.message}")
    may_add = access.require(memory, "add", name=user)
    # The confirm button carries the longest label and its shortcut: give it room.
    confirm, previous, following, source = st.columns([5, 2, 2, 2])
    confirm.button(
        "Confirm and go to the next segment",
        type="primary",
        disabled=not may_add,
        shortcut=SHORTCUTS["confirm"],
        key="translate_confirm",
        on_click=_confirm,
        args=(memory, user),
    )
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
    st.subheader("Terms")
    terms.term_panel(
        current.segments[index],
        current.src_lang,
        current.tgt_lang,
        on_insert=lambda term: _take(
            terms.appended(st.session_state.get(state.TRANSLATE_TARGET, ""), term)
        ),
        key="translate_terms",
    )


def pretranslate(
    memory: tm.TranslationMemory, best: Sequence[tm.Match | None], *, user: str
) -> None:
    """Fill every open segment with its best match at or above a chosen %."""
    with st.expander("Pre-translate"):
        st.slider("Fill with matches of at least (%)", 50, 101, 75, key=_PRETRANSLATE_MIN)
        st.checkbox("Confirm 100 % and 101 % matches into the TM", key=_PRETRANSLATE_EXACT)
        st.button(
            "Pre-translate",
            key="pretranslate_go",
            on_click=_pretranslate,
            args=(memory, best, user),
        )


_PRETRANSLATE_MIN = "pretranslate_min"
_PRETRANSLATE_EXACT = "pretranslate_exact"


def _pretranslate(memory: tm.TranslationMemory, best: Sequence[tm.Match | None], user: str) -> None:
    current: tm.TranslationJob = st.session_state[state.TRANSLATE_JOB]
    done = tm.pretranslate(
        memory,
        current,
        min_score=int(st.session_state[_PRETRANSLATE_MIN]),
        confirm_exact=bool(st.session_state[_PRETRANSLATE_EXACT]),
        user=user,
        best=best,
    )
    if done.saved is not None:
        newly = zip(current.states, done.job.states, strict=True)
        changed = [n for n, (was, now) in enumerate(newly) if was != now == "confirmed"]
        _rematched(memory, done.job, changed, done.saved.version)
    st.session_state[state.TRANSLATE_JOB] = done.job
    st.session_state[state.TRANSLATE_NOTICE] = (
        f"Pre-translated {done.filled} segments; {done.confirmed} confirmed."
    )
    _go_to(done.job.next_open())
