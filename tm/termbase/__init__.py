"""The termbase: concepts with their terms in any language, kept beside the TM.

    Concept, Term                       an entry and its terms (tm.termbase.model)
    Termbase, default_termbase_uri      the table beside the TM (tm.store_terms)
    TermIndex, recognise, TermHit       terms in a segment, inflected (tm.termbase.recognition)
    find_in_target                      a term's forms in a translation, for QA
    extract_candidates, accept_candidates, TermCandidate
                                        term pairs mined from approved units, for review
    read_terms, write_terms, import_terms, TERM_FORMATS   TBX, CSV/TSV, OmegaT files

The names load lazily: importing the package does no work.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_PUBLIC = {
    "Concept": "tm.termbase.model",
    "Term": "tm.termbase.model",
    "TERM_STATUSES": "tm.termbase.model",
    "USABLE_STATUSES": "tm.termbase.model",
    "PARTS_OF_SPEECH": "tm.termbase.model",
    "validated": "tm.termbase.model",
    "new_concept_id": "tm.termbase.model",
    "TermIndex": "tm.termbase.recognition",
    "TermHit": "tm.termbase.recognition",
    "recognise": "tm.termbase.recognition",
    "find_in_target": "tm.termbase.recognition",
    "TermCandidate": "tm.termbase.extract",
    "extract_candidates": "tm.termbase.extract",
    "accept_candidates": "tm.termbase.extract",
    "TERM_FORMATS": "tm.termbase.formats",
    "TermImport": "tm.termbase.formats",
    "guess_term_format": "tm.termbase.formats",
    "read_terms": "tm.termbase.formats",
    "write_terms": "tm.termbase.formats",
    "import_terms": "tm.termbase.formats",
    "Termbase": "tm.store_terms",
    "TermbaseChange": "tm.store_terms",
    "ConceptVersion": "tm.store_terms",
    "default_termbase_uri": "tm.store_terms",
}

__all__ = [
    "PARTS_OF_SPEECH",
    "TERM_FORMATS",
    "TERM_STATUSES",
    "USABLE_STATUSES",
    "Concept",
    "ConceptVersion",
    "Term",
    "TermCandidate",
    "TermHit",
    "TermImport",
    "TermIndex",
    "Termbase",
    "TermbaseChange",
    "accept_candidates",
    "default_termbase_uri",
    "extract_candidates",
    "find_in_target",
    "guess_term_format",
    "import_terms",
    "new_concept_id",
    "read_terms",
    "recognise",
    "validated",
    "write_terms",
]

if TYPE_CHECKING:
    from tm.store_terms import ConceptVersion, Termbase, TermbaseChange, default_termbase_uri
    from tm.termbase.extract import TermCandidate, accept_candidates, extract_candidates
    from tm.termbase.formats import (
        TERM_FORMATS,
        TermImport,
        guess_term_format,
        import_terms,
        read_terms,
        write_terms,
    )
    from tm.termbase.model import (
        PARTS_OF_SPEECH,
        TERM_STATUSES,
        USABLE_STATUSES,
        Concept,
        Term,
        new_concept_id,
        validated,
    )
    from tm.termbase.recognition import TermHit, TermIndex, find_in_target, recognise


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'tm.termbase' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
