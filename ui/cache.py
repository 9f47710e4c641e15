"""Caching wrappers: the only place the app keeps things across reruns and sessions."""

from __future__ import annotations

from typing import Any, cast

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


# The lexicon comes from the TM's latest 20,000 approved pairs (`tm.tm_lexicon`): a commit
# or two hardly changes it (a confirmed segment is a draft, not learned from at all), and
# learning it again takes seconds at a million units. So it is learned again only after
# this many commits, or at every new version while the TM has too few pairs for one.
RELEARN_AFTER_COMMITS = 25


@st.cache_resource(show_spinner=False, max_entries=8)
def _learned(uri: str, src_lang: str, tgt_lang: str) -> dict[str, Any]:
    """What was learned from a TM for a pair, and at which version (shared by sessions)."""
    return {}


def lexicon(src_lang: str, tgt_lang: str, version: int) -> tm.Lexicon | None:
    """The TM's learned lexicon for a pair, as of `version` or up to
    `RELEARN_AFTER_COMMITS` commits before it."""
    learned = _learned(memory().uri, src_lang, tgt_lang)
    held = learned.get("version")
    if (
        held is None
        or not 0 <= version - held < RELEARN_AFTER_COMMITS
        or (learned["lexicon"] is None and version != held)
    ):
        with st.spinner("Learning a lexicon from the translation memory…"):
            found = tm.tm_lexicon(memory(), src_lang, tgt_lang)
        learned.update(version=version, lexicon=found)
    return cast("tm.Lexicon | None", learned["lexicon"])


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
