"""The match % a translator reads, the word diff, and numbers carried into the suggestion.

The scale, as in OmegaT, memoQ and Trados:

- 101: identical, and the neighbouring segments match the query's neighbours too;
- 100: identical, character for character;
- 99-95: identical once whitespace, case, punctuation and numbers are set aside; each kind
  of difference costs what `PENALTIES` says and the costs add up, down to 95. The query's
  numbers are put into the suggested target in place of the TM's;
- 94 and below: a fuzzy match, scored over words with suffixes weighed lightly (below).

The fuzzy part is a word-level edit distance, as OmegaT's, made to see Kazakh inflection:
the distance is measured twice, over stem keys (where Үкімет and Үкіметте are one word)
and over surface forms; the edits that only the surface distance sees are suffix changes
and cost `SUFFIX_WEIGHT` of a word. Numbers count as one key (they are substituted) and
punctuation does not count.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tm.fuzzy.text import NUMBER, Token, numbers, tokenize

CONTEXT_SCORE = 101
EXACT_SCORE = 100
NEAR_FLOOR = 95
FUZZY_CEILING = 94
SUFFIX_WEIGHT = 0.2

# Points below 100 for each kind of difference a near-identical match may have.
PENALTIES: dict[str, int] = {"whitespace": 1, "case": 2, "punctuation": 3, "numbers": 4}


def fuzzy_similarity(
    query_surface: Sequence[str],
    match_surface: Sequence[str],
    query_stems: Sequence[str],
    match_stems: Sequence[str],
) -> float:
    """0..100 over word keys: whole-word edits cost 1, suffix-only edits `SUFFIX_WEIGHT`.

    The keys may be tuples of strings or strings with one character a key (the index's
    encoding); rapidfuzz measures both.
    """
    longest = max(len(query_surface), len(match_surface), 1)
    stem_edits = Levenshtein.distance(query_stems, match_stems)
    surface_edits = Levenshtein.distance(query_surface, match_surface)
    return float(
        _similarity(
            np.array(stem_edits, dtype=np.float64),
            np.array(surface_edits, dtype=np.float64),
            np.array(longest, dtype=np.float64),
        )
    )


def fuzzy_similarities(
    query_surface: str, query_stems: str, surfaces: Sequence[str], stems: Sequence[str]
) -> npt.NDArray[np.float64]:
    """`fuzzy_similarity` of one query against many rows at once (keys encoded as strings)."""
    if not surfaces:
        return np.zeros(0)
    stem_edits = process.cdist([query_stems], stems, scorer=Levenshtein.distance)[0]
    surface_edits = process.cdist([query_surface], surfaces, scorer=Levenshtein.distance)[0]
    stem_edits, surface_edits = stem_edits.astype(np.float64), surface_edits.astype(np.float64)
    lengths = np.fromiter((len(s) for s in surfaces), dtype=np.float64, count=len(surfaces))
    return _similarity(
        stem_edits, surface_edits, np.maximum(np.maximum(lengths, len(query_surface)), 1.0)
    )


def _similarity(
    stem_edits: npt.NDArray[np.float64],
    surface_edits: npt.NDArray[np.float64],
    longest: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    cost = stem_edits + SUFFIX_WEIGHT * np.maximum(0, surface_edits - stem_edits)
    similarity: npt.NDArray[np.float64] = np.maximum(0.0, 100.0 * (1.0 - cost / longest))
    return similarity


def _texts(tokens: list[Token], kind: str) -> list[str]:
    return [token.text for token in tokens if token.kind == kind]


def _gaps(text: str, tokens: list[Token]) -> list[str]:
    ends = [0, *(token.end for token in tokens)]
    starts = [*(token.start for token in tokens), len(text)]
    return [text[end:start] for end, start in zip(ends, starts, strict=True)]


def near_differences(query: str, source: str) -> frozenset[str] | None:
    """The kinds of difference between two segments, or None when their words differ."""
    q_tokens, s_tokens = tokenize(query), tokenize(source)
    q_words, s_words = _texts(q_tokens, "word"), _texts(s_tokens, "word")
    if [w.lower() for w in q_words] != [w.lower() for w in s_words]:
        return None
    if len(numbers(q_tokens)) != len(numbers(s_tokens)):
        return None
    found = set()
    if q_words != s_words:
        found.add("case")
    if numbers(q_tokens) != numbers(s_tokens):
        found.add("numbers")
    q_shape = [t.text if t.kind == "mark" else t.kind for t in q_tokens]
    s_shape = [t.text if t.kind == "mark" else t.kind for t in s_tokens]
    if q_shape != s_shape:
        found.add("punctuation")
    elif _gaps(query, q_tokens) != _gaps(source, s_tokens):
        found.add("whitespace")
    return frozenset(found)


def near_score(differences: frozenset[str]) -> int:
    return max(NEAR_FLOOR, EXACT_SCORE - sum(PENALTIES[kind] for kind in differences))


def match_percent(query: str, source: str, similarity: float) -> int:
    """The % shown for `source` as a match of `query`; `similarity` is `fuzzy_similarity`."""
    if query == source:
        return EXACT_SCORE
    # Below 100 the word keys differ, and so do the words: no need to tokenise.
    differences = near_differences(query, source) if similarity >= 100 else None
    if differences is not None:
        return near_score(differences)
    return min(FUZZY_CEILING, math.floor(similarity))


def substitute_numbers(query: str, source: str, target: str) -> str:
    """The target with the source's numbers replaced by the query's, where that is safe.

    Numbers are paired in order of appearance; a pair is used only when the query has as
    many numbers as the source and each source number stands for one query number.
    """
    q_numbers, s_numbers = numbers(tokenize(query)), numbers(tokenize(source))
    if len(q_numbers) != len(s_numbers) or q_numbers == s_numbers:
        return target
    mapping: dict[str, str] = {}
    for old, new in zip(s_numbers, q_numbers, strict=True):
        if mapping.setdefault(old, new) != new:
            return target  # the same TM number became two different ones: ambiguous
    return re.sub(NUMBER, lambda found: mapping.get(found.group(), found.group()), target)


@dataclass(frozen=True)
class DiffOp:
    """One step from the match's source to the query: `tm` text becomes `query` text."""

    op: str  # "equal", "insert" (only in the query), "delete" (only in the TM), "replace"
    query: str
    tm: str


def _span(text: str, tokens: list[Token], start: int, end: int) -> str:
    return text[tokens[start].start : tokens[end - 1].end] if end > start else ""


def word_diff(query: str, source: str) -> tuple[DiffOp, ...]:
    """A word-level diff of the query against the match's source (tokens, not characters)."""
    q_tokens, s_tokens = tokenize(query), tokenize(source)
    matcher = difflib.SequenceMatcher(
        a=[t.text for t in s_tokens], b=[t.text for t in q_tokens], autojunk=False
    )
    return tuple(
        DiffOp(
            op=tag,
            query=_span(query, q_tokens, q_start, q_end),
            tm=_span(source, s_tokens, s_start, s_end),
        )
        for tag, s_start, s_end, q_start, q_end in matcher.get_opcodes()
    )
