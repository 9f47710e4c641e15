"""Concordance: where a word or phrase occurs in the TM, with the text around each hit.

A term's words match the words of a segment by stem, so a Kazakh term also finds its
inflected forms (жоба finds жобасын, жобалары, жобаға). A word that begins with the
term's stem and whose own stem is at most a few letters longer counts too, because the
stemmer may stop one suffix early (Қазақстан -> қазақс, Қазақстанға -> қазақстан).
`exact` asks for the words as typed, ignoring case only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError
from tm.fuzzy.index import MATCHABLE_STATUSES
from tm.fuzzy.stem import stem
from tm.fuzzy.text import Token, tokenize
from tm.lang import normalize_language

if TYPE_CHECKING:
    from tm.store import TranslationMemory

SIDES = ("source", "target")
_OTHER_SIDE = {"source": "target", "target": "source"}
_LANG_COLUMN = {"source": "src_lang", "target": "tgt_lang"}
# A word whose stem is the term's stem (this long or longer) and at most `_TAIL` more
# letters is the term's word.
_RELATED_STEM = 4
_TAIL = 3


@dataclass(frozen=True)
class ConcordanceHit:
    unit_id: str
    side: str  # where the term was found: "source" or "target"
    left: str  # context before the hit, at most `context` characters
    hit: str  # the words as they stand in the segment
    right: str
    start: int  # character offsets of the hit in the segment
    end: int
    segment: str
    other: str  # the other side of the unit: the translation (or the original)
    src_lang: str
    tgt_lang: str
    doc_id: str | None
    status: str


def _related(term_word: str, word: str, lang: str, *, exact: bool) -> bool:
    lowered = word.lower()
    if term_word.lower() == lowered:
        return True
    if exact or term_word[:1].isdigit() or word[:1].isdigit():
        return False
    term_stem, word_stem = stem(term_word, lang), stem(word, lang)
    if term_stem == word_stem:
        return True
    # The word carries the term's stem and at most a short tail the stemmer left on it.
    return (
        len(term_stem) >= _RELATED_STEM
        and lowered.startswith(term_stem)
        and len(word_stem) - len(term_stem) <= _TAIL
    )


def _words(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind != "mark"]


def find_term(text: str, term: str, lang: str, *, exact: bool = False) -> list[tuple[int, int]]:
    """Character spans of the places where the term's words follow each other in `text`."""
    wanted = [token.text for token in _words(term)]
    words = _words(text)
    if not wanted:
        return []
    spans = []
    for first in range(len(words) - len(wanted) + 1):
        window = words[first : first + len(wanted)]
        if all(_related(w, t.text, lang, exact=exact) for w, t in zip(wanted, window, strict=True)):
            spans.append((window[0].start, window[-1].end))
    return spans


def _prefilters(term: str, lang: str, *, exact: bool) -> list[str]:
    """Lower-case strings every matching segment contains: a cheap first pass in polars.

    A matching word starts with the term's stem, or has the same stem and so (a stem being
    a prefix, English -ies aside) the part the stem shares with the term.
    """
    found = []
    for token in _words(term):
        word = token.text.lower()
        word_stem = stem(word, lang)
        shared = 0
        while shared < min(len(word), len(word_stem)) and word[shared] == word_stem[shared]:
            shared += 1
        found.append(word if exact else word[:shared])
    return found


def _hits(
    frame: pl.DataFrame, side: str, term: str, lang: str, *, exact: bool, context: int
) -> Iterator[ConcordanceHit]:
    for row in frame.iter_rows(named=True):
        segment = row[side]
        for start, end in find_term(segment, term, lang, exact=exact):
            left = segment[max(0, start - context) : start]
            yield ConcordanceHit(
                unit_id=row["unit_id"],
                side=side,
                left=left,
                hit=segment[start:end],
                right=segment[end : end + context],
                start=start,
                end=end,
                segment=segment,
                other=row[_OTHER_SIDE[side]],
                src_lang=row["src_lang"],
                tgt_lang=row["tgt_lang"],
                doc_id=row["doc_id"],
                status=row["status"],
            )


def concordance(
    memory: TranslationMemory,
    term: str,
    lang: str,
    *,
    side: str | None = None,
    other_lang: str | None = None,
    doc_id: str | None = None,
    statuses: Collection[str] = MATCHABLE_STATUSES,
    exact: bool = False,
    context: int = 40,
    limit: int = 200,
) -> list[ConcordanceHit]:
    """Hits of `term` in the `lang` text of the TM (sources, targets or both)."""
    lang = normalize_language(lang)
    if not _words(term):
        raise InputError("the term has no words to look for", field="term")
    if side is not None and side not in SIDES:
        raise InputError(f"side must be one of {', '.join(SIDES)}", field="side")
    hits: list[ConcordanceHit] = []
    for where in (side,) if side else SIDES:
        scan = memory.live(statuses=statuses).filter(pl.col(_LANG_COLUMN[where]) == lang)
        if other_lang is not None:
            other = normalize_language(other_lang, field="other_lang")
            scan = scan.filter(pl.col(_LANG_COLUMN[_OTHER_SIDE[where]]) == other)
        if doc_id is not None:
            scan = scan.filter(pl.col("doc_id") == doc_id)
        lowered = pl.col(where).str.to_lowercase()
        for needle in _prefilters(term, lang, exact=exact):
            scan = scan.filter(lowered.str.contains(needle, literal=True))
        frame = scan.select(
            "unit_id", "source", "target", "src_lang", "tgt_lang", "doc_id", "status"
        ).collect()
        for found in _hits(frame, where, term, lang, exact=exact, context=context):
            hits.append(found)
            if len(hits) >= limit:
                return hits
    return hits
