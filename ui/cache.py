"""Caching wrappers: the only place the app keeps things across reruns and sessions."""

from __future__ import annotations

import streamlit as st

import tm


@st.cache_resource(show_spinner="Opening the translation memory…")
def memory() -> tm.TranslationMemory:
    """The embedded TM (created and seeded on first start), shared by all sessions."""
    return tm.open_default_tm()


@st.cache_data(show_spinner=False)
def demo_text(lang: str) -> str:
    return tm.demo_article(lang).text


@st.cache_resource(show_spinner=False)
def library() -> tm.DocumentLibrary:
    """The local document library (seeded with the demo article), shared by all sessions."""
    return tm.open_default_library()


@st.cache_resource(show_spinner=False, max_entries=8)
def _learned(uri: str, src_lang: str, tgt_lang: str) -> dict[str, tm.LearnedLexicon]:
    """What was learned from a TM for a pair, and at which version (shared by sessions)."""
    return {}


def lexicon(src_lang: str, tgt_lang: str, version: int) -> tm.Lexicon | None:
    """The TM's learned lexicon for a pair, current at `version` by the rule of
    `tm.LearnedLexicon.current_at`: held here, else read from beside the TM or learned."""
    learned = _learned(memory().uri, src_lang, tgt_lang)
    held = learned.get("held")
    if held is None or not held.current_at(version):
        with st.spinner("Preparing a lexicon from the translation memory…"):
            held = tm.learned_lexicon(memory(), src_lang, tgt_lang)
        learned["held"] = held
    return held.lexicon


@st.cache_data(show_spinner="Looking up every segment in the TM…", max_entries=16)
def best_matches(
    segments: tuple[str, ...], title: str | None, src_lang: str, tgt_lang: str, version: int
) -> list[tm.Match | None]:
    """Each segment's best match, looked up again when the TM has a new version."""
    del version  # part of the cache key only
    job = tm.TranslationJob(
        "", src_lang, tgt_lang, title, segments, (0,) * len(segments), (None,) * len(segments)
    )
    return tm.best_matches(memory(), job)
