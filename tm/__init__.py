"""Kazakh translation-memory workbench: the library behind the app and the CLI.

The names in `__all__` are the public API (what the app's pages call); they load lazily,
so that `import tm` and `python -m tm --help` stay fast and do no work.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_PUBLIC = {
    "Article": "tm.formats.article",
    "parse_article": "tm.formats.article",
    "decode_text": "tm.formats.article",
    "Bead": "tm.align",
    "Lexicon": "tm.align",
    "align_sentences": "tm.align",
    "align_paragraphs": "tm.align",
    "Document": "tm.segment",
    "segment_text": "tm.segment",
    "split_sentences": "tm.segment",
    "TranslationMemory": "tm.store",
    "Unit": "tm.store",
    "AddResult": "tm.store",
    "TMStats": "tm.store",
    "AlignedDocument": "tm.workflow",
    "AlignedPair": "tm.workflow",
    "align_texts": "tm.workflow",
    "save_alignment": "tm.workflow",
    "pairs_frame": "tm.workflow",
    "save_review": "tm.workflow",
    "UnitQuery": "tm.workflow",
    "find_units": "tm.workflow",
    "history_frame": "tm.workflow",
    "STATUSES": "tm.store",
    "Review": "tm.review",
    "REVIEW_EDITS": "tm.review",
    "start_review": "tm.review",
    "approve_beads": "tm.review",
    "approve_above": "tm.review",
    "open_default_tm": "tm.demo",
    "open_default_library": "tm.demo",
    "DocumentLibrary": "tm.library",
    "document_progress": "tm.library",
    "make_doc_id": "tm.library",
    "demo_article": "tm.demo",
    "normalize_language": "tm.lang",
    "LANGUAGES": "tm.lang",
    "TMError": "tm.errors",
    "InputError": "tm.errors",
    "FormatError": "tm.errors",
    "LanguageError": "tm.errors",
    "StoreError": "tm.errors",
}

__all__ = [
    "LANGUAGES",
    "REVIEW_EDITS",
    "STATUSES",
    "AddResult",
    "AlignedDocument",
    "AlignedPair",
    "Article",
    "Bead",
    "Document",
    "DocumentLibrary",
    "FormatError",
    "InputError",
    "LanguageError",
    "Lexicon",
    "Review",
    "StoreError",
    "TMError",
    "TMStats",
    "TranslationMemory",
    "Unit",
    "UnitQuery",
    "align_paragraphs",
    "align_sentences",
    "align_texts",
    "approve_above",
    "approve_beads",
    "decode_text",
    "demo_article",
    "document_progress",
    "find_units",
    "history_frame",
    "make_doc_id",
    "normalize_language",
    "open_default_library",
    "open_default_tm",
    "pairs_frame",
    "parse_article",
    "save_alignment",
    "save_review",
    "segment_text",
    "split_sentences",
    "start_review",
]

if TYPE_CHECKING:
    from tm.align import Bead, Lexicon, align_paragraphs, align_sentences
    from tm.demo import demo_article, open_default_library, open_default_tm
    from tm.errors import FormatError, InputError, LanguageError, StoreError, TMError
    from tm.formats.article import Article, decode_text, parse_article
    from tm.lang import LANGUAGES, normalize_language
    from tm.library import DocumentLibrary, document_progress, make_doc_id
    from tm.review import REVIEW_EDITS, Review, approve_above, approve_beads, start_review
    from tm.segment import Document, segment_text, split_sentences
    from tm.store import STATUSES, AddResult, TMStats, TranslationMemory, Unit
    from tm.workflow import (
        AlignedDocument,
        AlignedPair,
        UnitQuery,
        align_texts,
        find_units,
        history_frame,
        pairs_frame,
        save_alignment,
        save_review,
    )


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'tm' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value
