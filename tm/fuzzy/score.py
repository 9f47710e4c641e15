"""The match % a translator reads, the word diff, and numbers carried into the suggestion.

The scale, as in OmegaT, memoQ and Trados:

- 101: identical, and the neighbouring segments match the query's neighbours too;
- 100: identical, character for character;
- 99-95: identical once formatting, whitespace, case, punctuation and numbers are set
  aside; each kind of difference costs what `PENALTIES` says and the costs add up, down to
  95. Formatting is what a reader cannot see: an entity for its character (&amp; for &),
  a number's spelling (8 826 for 8826, 18.4 for 18,4). The query's numbers are put into
  the suggested target in place of the TM's, written as the target writes numbers;
- 94 and below: a fuzzy match, scored over words with suffixes weighed lightly (below).

The fuzzy part is a word-level edit distance, as OmegaT's, made to see Kazakh inflection
and word order: the distance is measured over stem keys (where Үкімет and Үкіметте are
one word) and over surface forms; the edits that only the surface distance sees are suffix
changes and cost `SUFFIX_WEIGHT` of a word. A word that moved costs one edit, not a
deletion and an insertion: words are moved first, as TER shifts them (`moves`), one at a
time while a move saves at least two edits. Numbers count as one key (they are
substituted) and punctuation does not count.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import LCSseq, Levenshtein

from tm.fuzzy.text import (
    ENTITY,
    Spelling,
    Token,
    canonical_word,
    decimal_point,
    numbers,
    plain,
    readings,
    tokenize,
)

CONTEXT_SCORE = 101
EXACT_SCORE = 100
NEAR_FLOOR = 95
FUZZY_CEILING = 94
SUFFIX_WEIGHT = 0.2

# Points below 100 for each kind of difference a near-identical match may have.
PENALTIES: dict[str, int] = {
    "formatting": 1,
    "whitespace": 1,
    "case": 2,
    "punctuation": 3,
    "numbers": 4,
}
# Moves made in a row at most: each saves an edit, and past a few the row is no match.
_MAX_MOVES = 8

Keys = str | Sequence[str]


def _encoded(query: Keys, match: Keys) -> tuple[str, str]:
    """Both key sequences as strings of one character a key (the index's own encoding)."""
    if isinstance(query, str) and isinstance(match, str):
        return query, match
    codes: dict[str, str] = {}

    def code(key: str) -> str:
        return codes.setdefault(key, chr(0x100 + len(codes)))

    return "".join(map(code, query)), "".join(map(code, match))


def _moved(text: str, start: int, to: int) -> str:
    """`text` with its character at `start` put before the one at `to`."""
    if to > start:
        return text[:start] + text[start + 1 : to] + text[start] + text[to:]
    return text[:to] + text[start] + text[to:start] + text[start + 1 :]


def moves(query: str, match: str) -> tuple[int, list[int]]:
    """Word moves that bring `query` closer to `match` (keys one character a key).

    Greedy, as TER's shifts: of the moves that take a word the alignment deletes (or
    replaces) to a place where the alignment inserts that word, the one that lowers the
    edit distance most is made, as long as it lowers it by two or more (a move costs one).
    Returns the number of moves and the query's positions in their new order.
    """
    order = list(range(len(query)))
    current = query
    distance = Levenshtein.distance(current, match)
    made = 0
    while distance >= 2 and made < _MAX_MOVES:
        ops = Levenshtein.editops(current, match)
        places: dict[str, list[int]] = {}
        for op in ops:
            if op.tag == "insert":
                places.setdefault(match[op.dest_pos], []).append(op.src_pos)
            elif op.tag == "replace":
                places.setdefault(match[op.dest_pos], []).extend((op.src_pos, op.src_pos + 1))
        best: tuple[int, str, int, int] | None = None
        for op in ops:
            if op.tag == "insert":
                continue
            start = op.src_pos
            for to in places.get(current[start], ()):
                if to in (start, start + 1):
                    continue
                moved = _moved(current, start, to)
                found = Levenshtein.distance(moved, match)
                if best is None or found < best[0]:
                    best = (found, moved, start, to)
        if best is None or best[0] > distance - 2:
            break
        distance, current, start, to = best
        order.insert(to if to < start else to - 1, order.pop(start))
        made += 1
    return made, order


def _cost(stem_edits: float, surface_edits: float) -> float:
    return stem_edits + SUFFIX_WEIGHT * max(0.0, surface_edits - stem_edits)


def _moved_similarity(
    query_surface: str, match_surface: str, query_stems: str, match_stems: str
) -> float:
    """The similarity with words moved first; the plain one when no move pays off."""
    longest = max(len(query_surface), len(match_surface), 1)
    stem_edits = Levenshtein.distance(query_stems, match_stems)
    surface_edits = Levenshtein.distance(query_surface, match_surface)
    cost = _cost(stem_edits, surface_edits)
    if len(query_surface) == len(query_stems) and len(match_surface) == len(match_stems):
        made, order = moves(query_stems, match_stems)
        if made:
            stems = "".join(query_stems[i] for i in order)
            surface = "".join(query_surface[i] for i in order)
            moved_cost = _cost(
                made + Levenshtein.distance(stems, match_stems),
                made + Levenshtein.distance(surface, match_surface),
            )
            cost = min(cost, moved_cost)
    return max(0.0, 100.0 * (1.0 - cost / longest))


def fuzzy_similarity(
    query_surface: Keys, match_surface: Keys, query_stems: Keys, match_stems: Keys
) -> float:
    """0..100 over word keys: whole-word edits and moves cost 1, suffix-only edits
    `SUFFIX_WEIGHT`.

    The keys may be tuples of strings or strings with one character a key (the index's
    encoding); a query's surface and stem keys must be the same kind.
    """
    query_surface, match_surface = _encoded(query_surface, match_surface)
    query_stems, match_stems = _encoded(query_stems, match_stems)
    return _moved_similarity(query_surface, match_surface, query_stems, match_stems)


def fuzzy_similarities(
    query_surface: str,
    query_stems: str,
    surfaces: Sequence[str],
    stems: Sequence[str],
    *,
    floor: float = 0.0,
    best: int | None = None,
) -> npt.NDArray[np.float64]:
    """`fuzzy_similarity` of one query against many rows at once (keys encoded as strings).

    The edit distances come from one rapidfuzz call; moves are then tried, one row at a
    time, only on the rows they could lift to `floor` and, when `best` is given, to the
    whole-number score of the `best`-th row: a row's longest common subsequence of stems
    bounds what moves can do. A row left out keeps its score without moves (never higher),
    and could not have ranked among the `best` anyway.
    """
    if not surfaces:
        return np.zeros(0)
    stem_edits = process.cdist([query_stems], stems, scorer=Levenshtein.distance)[0]
    surface_edits = process.cdist([query_surface], surfaces, scorer=Levenshtein.distance)[0]
    stem_edits, surface_edits = stem_edits.astype(np.float64), surface_edits.astype(np.float64)
    lengths = np.fromiter((len(s) for s in surfaces), dtype=np.float64, count=len(surfaces))
    longest = np.maximum(np.maximum(lengths, len(query_surface)), 1.0)
    similarities = _similarity(stem_edits, surface_edits, longest)
    if best is not None and len(similarities) > best:
        floor = max(floor, math.floor(-np.partition(-similarities, best - 1)[best - 1]))
    # Moves or not, each of the longer side's words outside the longest common subsequence
    # of stems costs an edit.
    common = process.cdist([query_stems], stems, scorer=LCSseq.similarity)[0]
    bound = 100.0 * common.astype(np.float64) / longest
    for row in np.flatnonzero((bound > similarities) & (bound >= floor)).tolist():
        similarities[row] = max(
            similarities[row],
            _moved_similarity(query_surface, surfaces[row], query_stems, stems[row]),
        )
    return similarities


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


_SPACES = re.compile(r"\s+")
_ENTITIES = re.compile(ENTITY)


def _unspaced(word: str) -> str:
    return _SPACES.sub("", word).lower()


def _one_apostrophe(word: str) -> str:
    return word.lower().replace("’", "'").replace("ʼ", "'")


def same_number(one: str, other: str, lang: str | None = None) -> bool:
    """Whether two number tokens of one language are the same number, however spelled.

    With `lang`, each is read as that language reads it first (8,826 is 8826 in English,
    8.826 in Kazakh); without, any shared reading will do.
    """
    if one == other:
        return True
    mine, theirs = readings(one, lang or ""), readings(other, lang or "")
    if not mine or not theirs:
        return False
    if lang:
        return mine[0].value == theirs[0].value
    return bool({r.value for r in mine} & {r.value for r in theirs})


def near_differences(query: str, source: str, lang: str | None = None) -> frozenset[str] | None:
    """The kinds of difference between two segments, or None when their words differ."""
    found = set()
    if _ENTITIES.findall(query) != _ENTITIES.findall(source):
        found.add("formatting")
    query, source = plain(query), plain(source)
    q_tokens, s_tokens = tokenize(query), tokenize(source)
    q_words, s_words = _texts(q_tokens, "word"), _texts(s_tokens, "word")
    q_canonical = [canonical_word(word) for word in q_words]
    s_canonical = [canonical_word(word) for word in s_words]
    if [w.lower() for w in q_canonical] != [w.lower() for w in s_canonical]:
        return None
    q_numbers, s_numbers = numbers(q_tokens), numbers(s_tokens)
    if len(q_numbers) != len(s_numbers):
        return None
    if q_canonical != s_canonical:
        found.add("case")
    for mine, theirs in zip(q_numbers, s_numbers, strict=True):
        if mine != theirs:
            found.add("formatting" if same_number(mine, theirs, lang) else "numbers")
    # Inside words: the apostrophe's glyph (X's, X’s), the spaces of a tokenised "X ’ s".
    if [_unspaced(w) for w in q_words] != [_unspaced(w) for w in s_words]:
        found.add("punctuation")
    if [_one_apostrophe(w) for w in q_words] != [_one_apostrophe(w) for w in s_words]:
        found.add("whitespace")
    q_shape = [t.text if t.kind == "mark" else t.kind for t in q_tokens]
    s_shape = [t.text if t.kind == "mark" else t.kind for t in s_tokens]
    if q_shape != s_shape:
        found.add("punctuation")
    elif _gaps(query, q_tokens) != _gaps(source, s_tokens):
        found.add("whitespace")
    return frozenset(found)


def near_score(differences: frozenset[str]) -> int:
    return max(NEAR_FLOOR, EXACT_SCORE - sum(PENALTIES[kind] for kind in differences))


def match_percent(query: str, source: str, similarity: float, lang: str | None = None) -> int:
    """The % shown for `source` as a match of `query`; `similarity` is `fuzzy_similarity`.

    `lang`, the source language, tells how its numbers are spelled (8,826 or 8 826).
    """
    if query == source:
        return EXACT_SCORE
    # Below 100 the word keys differ, and so do the words: no need to tokenise.
    differences = near_differences(query, source, lang) if similarity >= 100 else None
    if differences is not None:
        return near_score(differences)
    return min(FUZZY_CEILING, math.floor(similarity))


# -- numbers carried into the suggestion ------------------------------------------------


def _grouping_of(spellings: Sequence[Spelling]) -> str | None:
    """The thousands separator a text's numbers show, if they show one."""
    for spelling in spellings:
        if spelling.group:
            return spelling.group
    return None


def _decimal_of(spellings: Sequence[Spelling]) -> str | None:
    for spelling in spellings:
        if spelling.decimal:
            return spelling.decimal
    return None


def _styled(value: Decimal, decimals: int, group: str, decimal: str) -> str:
    """`value` written with `decimals` fraction digits, `group` between thousands."""
    text = f"{value:.{decimals}f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if group:
        head = len(whole) % 3 or 3
        whole = group.join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    return sign + whole + (decimal + fraction if fraction else "")


def write_number(
    new: Spelling,
    old: Spelling,
    target_old: Spelling,
    target_numbers: Sequence[Spelling],
    tgt_lang: str,
) -> str:
    """`new` (the query's number) written where `target_old` stood in the target.

    The target's own spelling of the old number decides the style where it shows one (8826
    stays ungrouped, 18,40 keeps two decimals); then the target's other numbers; then the
    target language's custom: 8,826.5 in English, 8 826,5 in Kazakh and Russian. A
    number of four digits is grouped only when the query grouped it (years stay 2025).
    """
    point = decimal_point(tgt_lang)
    group = target_old.group
    if group is None:
        shown = _grouping_of(target_numbers)
        if shown is None or shown == point:
            shown = "," if point == "." else " "
        digits = len(str(int(abs(new.value))))
        grouped = digits >= 5 or (digits == 4 and bool(new.group))
        group = shown if grouped else ""
    decimal = target_old.decimal or _decimal_of(target_numbers) or point
    if decimal == group:
        decimal = point if point != group else ("." if group == "," else ",")
    # A target that writes more decimals than its source (18,40 for 18,4) keeps as many.
    padding = target_old.decimals if target_old.decimals > old.decimals else 0
    return _styled(new.value, max(new.decimals, padding), group, decimal)


def substitute_numbers(
    query: str, source: str, target: str, src_lang: str = "", tgt_lang: str = ""
) -> str:
    """The target with the source's numbers replaced by the query's, where that is safe.

    Numbers are paired in order of appearance; a pair is used only when the query has as
    many numbers as the source and each source number stands for one query number. A
    source number is found in the target by its value, however either spells it (8 826 in
    Kazakh is 8,826 in English), and the query's number is written the target's way.
    """
    q_numbers, s_numbers = numbers(tokenize(query)), numbers(tokenize(source))
    if len(q_numbers) != len(s_numbers) or q_numbers == s_numbers:
        return target
    changes: dict[str, str] = {}  # a source number -> the query's, as tokens
    for old, new in zip(s_numbers, q_numbers, strict=True):
        if changes.setdefault(old, new) != new:
            return target  # the same TM number became two different ones: ambiguous
    target_tokens = [t for t in tokenize(target) if t.kind == "number"]
    target_spellings = [readings(t.text, tgt_lang) for t in target_tokens]
    shown = [spellings[0] for spellings in target_spellings if spellings]
    replaced: dict[int, str] = {}
    claimed: dict[int, str] = {}
    for old, new in changes.items():
        old_readings, new_readings = readings(old, src_lang), readings(new, src_lang)
        if old_readings and new_readings and old_readings[0].value == new_readings[0].value:
            continue  # the same number, spelled otherwise
        for position, token in enumerate(target_tokens):
            if token.text == old and not old_readings:
                written = new  # a date or the like: the query's text, as before
            else:
                match = _same_value(old_readings, target_spellings[position])
                if match is None or not new_readings:
                    continue
                source_old, target_old = match
                new_value = _read_like(new_readings, source_old)
                written = write_number(new_value, source_old, target_old, shown, tgt_lang)
            if claimed.setdefault(position, old) != old:
                replaced.pop(position, None)  # two source numbers claim it: leave it
                continue
            replaced[position] = written
    if not replaced:
        return target
    pieces, last = [], 0
    for position, token in enumerate(target_tokens):
        if position in replaced:
            pieces += [target[last : token.start], replaced[position]]
            last = token.end
    return "".join([*pieces, target[last:]])


def _same_value(
    source: Sequence[Spelling], target: Sequence[Spelling]
) -> tuple[Spelling, Spelling] | None:
    """The readings of a source and a target number that agree, if any: the target's
    likeliest reading first (a translator writes the target's way; a Kazakh source may
    write 8,826 the English way), then the source's."""
    pairs = [
        (j + i, j, mine, theirs)
        for i, mine in enumerate(source)
        for j, theirs in enumerate(target)
        if mine.value == theirs.value
    ]
    if not pairs:
        return None
    _, _, mine, theirs = min(pairs, key=lambda pair: pair[:2])
    return mine, theirs


def _read_like(found: Sequence[Spelling], like: Spelling) -> Spelling:
    """The reading of the query's number that reads it as the TM's was read (a whole
    number, or one with a fraction), else its likeliest."""
    for spelling in found:
        if (spelling.decimal is None) == (like.decimal is None):
            return spelling
    return found[0]


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
