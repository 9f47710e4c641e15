"""Terms of the termbase in a segment: the form found, the term, its translation and status,
each with a button that inserts the translation. Also the termbase beside the app's TM and
its recognition index, built once per termbase version and shared by all sessions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from tm.quality import TERM_CHECKS, pair_warnings
from tm.termbase import Termbase, TermHit, TermIndex, default_termbase_uri, recognise
from ui import cache
from ui.components import text

# Keyboard: insert the translation of term 1-5 of the segment.
SHORTCUT = "Alt+Shift+{number}"


def termbase() -> Termbase:
    """The termbase beside the app's TM (a handle: the table may not exist yet)."""
    memory = cache.memory()
    return Termbase(default_termbase_uri(memory.uri), tm_uri=memory.uri)


def version(base: Termbase) -> int:
    """The termbase's version, -1 while it does not exist."""
    return base.version() if Termbase.exists(base.uri) else -1


@st.cache_resource(show_spinner="Indexing the termbase…", max_entries=4)
def _index(uri: str, version: int) -> TermIndex:
    """The index of one termbase at one version (the key): a new version, a new index."""
    if version < 0:
        return TermIndex(())
    return TermIndex(Termbase(uri).concepts(version=version), version=version)


def term_index() -> TermIndex:
    """The recognition index of the app's termbase as it is now."""
    base = termbase()
    return _index(base.uri, version(base))


def marked(segment: str, hits: Sequence[TermHit]) -> str:
    """The segment with the forms found between ⟦ and ⟧ (hits do not overlap)."""
    parts, at = [], 0
    for hit in sorted(hits, key=lambda hit: hit.start):
        if hit.start >= at:
            parts += [segment[at : hit.start], "⟦", segment[hit.start : hit.end], "⟧"]
            at = hit.end
    return "".join([*parts, segment[at:]])


def appended(typed: str, term: str) -> str:
    """A translation with a term added at its end (a text box has no cursor to insert at)."""
    return f"{typed.rstrip()} {term}" if typed.strip() else term


def term_panel(
    segment: str,
    src_lang: str,
    tgt_lang: str,
    *,
    on_insert: Callable[[str], None] | None,
    key: str,
) -> None:
    """The termbase's terms in `segment`; Insert calls `on_insert(translation)` (None: no
    buttons, where there is nothing to insert into)."""
    hits = recognise(term_index(), segment, src_lang, tgt_lang)
    if not hits:
        st.caption("No termbase term in this segment.")
        return
    st.text(marked(segment, hits))
    for number, hit in enumerate(hits, start=1):
        found, term, translation, status, insert = st.columns([3, 3, 4, 2, 3])
        found.text(segment[hit.start : hit.end])
        term.text(hit.source)
        lines = [hit.target or "(no translation)"]
        lines += [f"also: {', '.join(hit.alternatives)}"] if hit.alternatives else []
        lines += [f"✗ forbidden: {', '.join(hit.forbidden)}"] if hit.forbidden else []
        translation.text("\n".join(lines))
        status.text("✗ forbidden" if hit.status == "forbidden" else hit.status)
        if on_insert is not None:
            insert.button(
                "Insert",
                key=f"{key}_{number}",
                on_click=on_insert,
                args=(hit.target,),
                disabled=hit.target is None,
                help="Add this translation to the translation box",
                shortcut=SHORTCUT.format(number=number) if number <= 5 else None,
            )


def pair_panel(source: str, target: str, src_lang: str, tgt_lang: str, *, key: str) -> None:
    """A reviewed pair's terms, and the termbase's QA warnings on its translation."""
    index = term_index()
    term_panel(source, src_lang, tgt_lang, on_insert=None, key=key)
    for warning in pair_warnings(source, target, src_lang, tgt_lang, terms=index):
        if warning.check in TERM_CHECKS:
            st.warning(text.plain(f"QA, {warning.check}: {warning.message}"))
