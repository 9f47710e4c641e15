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
