"""Fragment matches: runs of three or more words the segment shares with TM units.

When no TM unit matches a whole segment well (70 % or more), a CAT tool still offers what
the TM knows about its parts: memoQ's LSC (longest substring concordance), Trados'
upLIFT fragment recall. Here:

    fragments(memory_or_index, query, "kk", "en") -> [Fragment, ...]   (in query order)

The candidate index (`FuzzyIndex`) hands over the units that share the query's rarest
stems; `common_runs` then finds the longest runs of stem keys each has in common with the
query, so that a Kazakh fragment is found in any of its inflected forms (Германия
канцлерімен ~ Германия канцлерін). Punctuation does not break a run; numbers count as
words but match any number.

The translation offered for a fragment is sound or marked as not exact:

- when the unit's source *is* the fragment (a title, a name, a short phrase), its target
  translates the fragment, with the fragment's numbers put in (`whole_unit` is True);
- otherwise the unit is a longer sentence that contains the fragment, and its whole target
  is offered as context (`whole_unit` is False): no sub-sentence alignment is guessed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tm.fuzzy.index import MATCHABLE_STATUSES, FuzzyIndex, index_for
from tm.fuzzy.score import substitute_numbers
from tm.fuzzy.text import Token, tokenize

if TYPE_CHECKING:
    from tm.store import TranslationMemory

# No fragments while a whole-segment match scores this much: the match is the better help.
WHOLE_MATCH = 70
# Candidate units read for fragments, the best by shared rare stems first.
FRAGMENT_CANDIDATES = 1_000
# A stem held by more than this share of the TM (and by more than `_COMMON_ROWS` rows) is
# a common word; a run of common words only (бұл ретте, және де) is no fragment.
_COMMON_SHARE = 0.05
_COMMON_ROWS = 50
_STATUS_RANK = {"approved": 0, "aligned": 1, "draft": 2, "rejected": 3}


@dataclass(frozen=True)
class Fragment:
    """A run of the query's words found in a TM unit, and the translation offered for it."""

    source_span: str  # the query's text the fragment covers
    start: int  # character offsets of the fragment in the query
    end: int
    tm_source: str  # the unit's source
    tm_target: str  # the unit's target, exactly as the TM holds it
    target: str  # the translation offered (see `whole_unit`)
    unit_id: str
    words: int  # words (and numbers) in the fragment
    # True: the unit's source is the fragment, and `target` translates exactly it (with
    # the query's numbers put in). False: `target` is the translation of the whole TM
    # sentence `tm_source`, which contains the fragment at tm_start:tm_end.
    whole_unit: bool
    tm_start: int
    tm_end: int


def common_runs(query: str, row: str, min_words: int) -> list[tuple[int, int, int]]:
    """Maximal runs of equal keys, `min_words` or longer: (query start, row start, length).

    Keys are one character each (the index's encoding). Every pair of positions where
    the two sequences agree on `min_words` keys in a row, extended as far as they agree.
    """
    if min_words < 1 or len(query) < min_words or len(row) < min_words:
        return []
    starts: dict[str, list[int]] = {}
    for i in range(len(query) - min_words + 1):
        starts.setdefault(query[i : i + min_words], []).append(i)
    runs = []
    for j in range(len(row) - min_words + 1):
        for i in starts.get(row[j : j + min_words], ()):
            if i and j and query[i - 1] == row[j - 1]:
                continue  # inside a longer run found from its start
            length = min_words
            while i + length < len(query) and j + length < len(row):
                if query[i + length] != row[j + length]:
                    break
                length += 1
            runs.append((i, j, length))
    return runs


def _words(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind != "mark"]


@dataclass(frozen=True)
class _Found:
    start: int  # in the query's words
    length: int
    row: dict[str, Any]
    row_start: int
    rank: int  # the candidate's place in the index's order

    @property
    def whole_unit(self) -> bool:
        return self.length == len(self.row["stem_codes"])

    def preference(self) -> tuple[int, int, int]:
        return (not self.whole_unit, _STATUS_RANK.get(self.row["status"], 9), self.rank)


def fragments(
    source: FuzzyIndex | TranslationMemory,
    query: str,
    src_lang: str,
    tgt_lang: str,
    *,
    min_words: int = 3,
    top: int = 5,
    statuses: Collection[str] = MATCHABLE_STATUSES,
    whole_match: float = WHOLE_MATCH,
) -> list[Fragment]:
    """Up to `top` fragments of `query` of `min_words` words or more that TM units hold,
    in the order they stand in the query; none when a unit matches the whole query at
    `whole_match` % or more.

    Of the units that hold the same run of the query, the one whose source is just that
    run wins (its target is the run's own translation), then the more reviewed, then the
    one sharing most rare stems with the query. A run inside a longer one offered is left
    out unless its unit translates exactly it.
    """
    index = source if isinstance(source, FuzzyIndex) else index_for(source)
    if index.lookup(query, src_lang, tgt_lang, top=1, min_score=whole_match, statuses=statuses):
        return []
    query_stems, rows = index.fragment_candidates(
        query, src_lang, tgt_lang, statuses=statuses, limit=FRAGMENT_CANDIDATES
    )
    frequencies = index.stem_frequencies(query_stems)
    common = max(_COMMON_ROWS, _COMMON_SHARE * index.size)
    number = _number_code(query, query_stems)
    best: dict[tuple[int, int], _Found] = {}
    for rank, row in enumerate(rows.iter_rows(named=True)):
        for start, row_start, length in common_runs(query_stems, row["stem_codes"], min_words):
            span = range(start, start + length)
            words = [i for i in span if query_stems[i] != number]
            if len(words) < 2 or all(frequencies[i] > common for i in words):
                continue
            found = _Found(start, length, row, row_start, rank)
            kept = best.get((start, length))
            if kept is None or found.preference() < kept.preference():
                best[(start, length)] = found
    chosen: list[_Found] = []
    for found in sorted(best.values(), key=lambda f: (-f.length, f.preference())):
        inside = any(
            other.start <= found.start and found.start + found.length <= other.start + other.length
            for other in chosen
        )
        if not inside or found.whole_unit:
            chosen.append(found)
        if len(chosen) == top:
            break
    tokens = _words(query)
    return [
        _fragment(query, tokens, found)
        for found in sorted(chosen, key=lambda f: (f.start, -f.length))
    ]


def _number_code(query: str, stems: str) -> str | None:
    """The code the index gave the number key, if the query has a number."""
    for token, code in zip(_words(query), stems, strict=False):
        if token.kind == "number":
            return code
    return None


def _fragment(query: str, tokens: list[Token], found: _Found) -> Fragment:
    row = found.row
    start, end = tokens[found.start].start, tokens[found.start + found.length - 1].end
    unit_tokens = _words(row["source"])
    span = query[start:end]
    target = row["target"]
    if found.whole_unit:
        target = substitute_numbers(span, row["source"], target, row["src_lang"], row["tgt_lang"])
    return Fragment(
        source_span=span,
        start=start,
        end=end,
        tm_source=row["source"],
        tm_target=row["target"],
        target=target,
        unit_id=row["unit_id"],
        words=found.length,
        whole_unit=found.whole_unit,
        tm_start=unit_tokens[found.row_start].start,
        tm_end=unit_tokens[found.row_start + found.length - 1].end,
    )
