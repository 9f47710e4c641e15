"""Choosing an article or a draft: the demo, an uploaded file, or pasted text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import streamlit as st

import tm
from tm.limits import MAX_DOCUMENT_BYTES, MAX_UPLOAD_BYTES, size
from ui import cache
from ui.components import text

# A text article is bounded by what one article may hold; a .docx (its pictures count)
# only by the upload limit, its unpacked text by the .docx reader's own limits.
_UPLOAD_LIMITS = {".txt": MAX_DOCUMENT_BYTES, ".md": MAX_DOCUMENT_BYTES, ".docx": MAX_UPLOAD_BYTES}


def upload_limit(name: str) -> int:
    """The most bytes an uploaded article file of this name may have (`tm.limits`)."""
    return _UPLOAD_LIMITS.get(PurePath(name).suffix.lower(), MAX_DOCUMENT_BYTES)


@dataclass(frozen=True)
class ChosenText:
    text: str
    name: str


def _demo(label: str, lang: str, key: str) -> ChosenText | None:
    return ChosenText(cache.demo_text(lang), f"demo ({lang})")


def _upload(label: str, lang: str, key: str) -> ChosenText | None:
    upload = st.file_uploader(
        f"{label} (.txt, .md or .docx)", type=["txt", "md", "docx"], key=f"{key}_file"
    )
    if upload is None:
        return None
    limit = upload_limit(upload.name)
    if upload.size > limit:
        kind = PurePath(upload.name).suffix.lower() or "text"
        text.error(
            f"{upload.name} is {size(upload.size)}; the limit is {size(limit)} for a {kind} "
            "article."
        )
        return None
    try:
        return ChosenText(tm.upload_text(upload.getvalue(), name=upload.name), upload.name)
    except tm.TMError as err:
        text.error(str(err))
        return None


def _paste(label: str, lang: str, key: str) -> ChosenText | None:
    pasted = st.text_area(f"{label}: one paragraph a line", key=f"{key}_paste", height=150)
    return ChosenText(pasted, "pasted text") if pasted.strip() else None


def _from_library(label: str, lang: str, key: str) -> ChosenText | None:
    documents = cache.library()
    with_lang = [d for d in documents.doc_ids() if lang in documents.languages(d)]
    doc_id = st.selectbox(f"{label}: document", with_lang, key=f"{key}_doc")
    if doc_id is None:
        return None
    return ChosenText(documents.text(doc_id, lang).text, doc_id)


def _nothing(label: str, lang: str, key: str) -> ChosenText | None:
    return None


_SOURCES: dict[str, Callable[[str, str, str], ChosenText | None]] = {
    "Demo article": _demo,
    "Upload a file": _upload,
    "Paste text": _paste,
    "From documents": _from_library,
}


def show(label: str, lang: str, *, key: str, optional: bool = False) -> ChosenText | None:
    """The text the user chose for `label`, or None while there is none (errors are shown).

    An optional text (a draft not written yet) offers "None" first, and starts there.
    """
    sources = {"None": _nothing, **_SOURCES} if optional else _SOURCES
    choice = st.radio(label, list(sources), horizontal=True, key=f"{key}_choice")
    return sources[choice](label, lang, key)
