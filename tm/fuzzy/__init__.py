"""Fuzzy lookup and concordance over the translation memory.

    lookup(memory, query, src_lang, tgt_lang)   the best TM matches for a segment, as `Match`
    concordance(memory, term, lang)             where a word or phrase occurs, with context
    fragments(memory, query, src_lang, tgt_lang)  runs of 3+ words TM units hold, as `Fragment`

`lookup` keeps one `FuzzyIndex` per TM in the process and catches it up with the table
before every lookup, so a unit is offered as soon as its commit is done.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from tm.fuzzy.concordance import ConcordanceHit, concordance, find_term
from tm.fuzzy.fragments import Fragment, fragments
from tm.fuzzy.index import MATCHABLE_STATUSES, FuzzyIndex, Match, index_for
from tm.fuzzy.score import DiffOp, fuzzy_similarity, match_percent, word_diff
from tm.fuzzy.stem import stem

if TYPE_CHECKING:
    from tm.store import TranslationMemory

__all__ = [
    "MATCHABLE_STATUSES",
    "ConcordanceHit",
    "DiffOp",
    "Fragment",
    "FuzzyIndex",
    "Match",
    "concordance",
    "find_term",
    "fragments",
    "fuzzy_similarity",
    "index_for",
    "lookup",
    "match_percent",
    "stem",
    "word_diff",
]


def lookup(
    memory: TranslationMemory,
    query: str,
    src_lang: str,
    tgt_lang: str,
    *,
    top: int = 5,
    min_score: float = 50,
    prev_source: str | None = None,
    next_source: str | None = None,
    statuses: Collection[str] = MATCHABLE_STATUSES,
    exact_langs: bool = False,
) -> list[Match]:
    """The `top` best matches of `query` in `memory` scoring at least `min_score`; languages
    match leniently (kk finds kk-KZ) unless `exact_langs`."""
    return index_for(memory).lookup(
        query,
        src_lang,
        tgt_lang,
        top=top,
        min_score=min_score,
        prev_source=prev_source,
        next_source=next_source,
        statuses=statuses,
        exact_langs=exact_langs,
    )
