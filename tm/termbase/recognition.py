"""Which termbase terms a segment holds, in whatever inflected form, and where.

A term word is found through the morphology of `tm.fuzzy.concordance` (one morphology for
concordance and terms): a word of the segment is a form of the term word when it is one of
the word's bases (`Inflection.bases`) followed by an ending chain the language accepts
(`Inflection.is_ending`), and nothing else: Үкімет finds Үкіметтің and Үкіметке, not
үкіметшіл; банк finds банкінің, not банкет.

Which words of a multi-word term may inflect depends on the language (`INFLECTED_WORDS`):
in a Kazakh or English noun phrase only the last word takes endings (Ұлттық банк ->
Ұлттық банкінің, National Bank -> National Bank's), the words before it stand as written
(ignoring case); in Russian every word agrees (Национальный банк -> Национального банка).
Languages without a morphology there match words as written, ignoring case.

A word before the last may also have other spellings its language allows there
(`OTHER_SPELLINGS`). In Kazakh a name before the head of a phrase is written with or
without the genitive (Қазақстан Ұлттық банкі, Қазақстанның Ұлттық банкі; Қазақстан
Республикасының Президенті), so a word the term writes capitalised also stands for its
genitive, and a word the term writes in the genitive also for its bare form (an entry
Қазақстанның Ұлттық банкі finds Қазақстан Ұлттық банкі). A common noun keeps the form the
term gives it: заңның жобасы ("the draft of the law") is not заң жобасы ("a bill").

The words of a multi-word term follow each other in the segment with nothing between them
but spaces and quotation marks (or a mark the term itself has there): «Нұрлы жер»
бағдарламасы, not Бұл бастама ұлттық. Банк ... across a sentence's end. Quotation marks a
term opens or closes with are part of the form found when the segment has them there.

`TermIndex` is built once per termbase version (the UI keeps one per version): for each
source language, the terms whose first word stands as written (a Kazakh phrase's) by that
word, and the others by the first few letters every form of their first word begins with
(`KEY_LETTERS`), so that a segment costs a few dict look-ups a word and a check of the few
terms they give, not a pass over the termbase.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from tm.fuzzy.concordance import INFLECTIONS, Base, Inflection
from tm.fuzzy.text import Token, tokenize
from tm.lang import normalize_language, tags_match
from tm.termbase.model import Concept, Term

# Which words of a multi-word term take endings, by language: "last" or "all".
INFLECTED_WORDS: dict[str, str] = {"kk": "last", "en": "last", "ru": "all"}
_DEFAULT_INFLECTED = "all"
# The index's key: at most this many first letters of what every form of the first word
# begins with (the common beginning of its bases).
KEY_LETTERS = 4


@dataclass(frozen=True, slots=True)
class TermHit:
    """A term of the termbase found in a segment.

    `source` is the term as the termbase holds it, `start`/`end` the character offsets of
    the form found in the segment (segment[start:end], maybe inflected), `status` the
    source term's status. `target` is the concept's preferred translation into the target
    language (else an admitted one; None when it has none), `alternatives` the other usable
    translations and `forbidden` the translations the termbase forbids."""

    source: str
    target: str | None
    start: int
    end: int
    status: str
    concept_id: str | None
    alternatives: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The hit as `term lookup --format json` prints it."""
        return {
            "source": self.source,
            "target": self.target,
            "start": self.start,
            "end": self.end,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class _WordForm:
    """The forms one word of a term takes: a base, then an ending the language accepts
    (`inflection` None: the word exactly, ignoring case, or one of its `spellings`)."""

    needle: str  # what every form begins with (lower case)
    bases: tuple[Base, ...]
    inflection: Inflection | None
    spellings: frozenset[str] = frozenset()  # of a word that does not inflect, besides it

    @property
    def written(self) -> tuple[str, ...]:
        """Every way a word that does not inflect may stand, the term's own first."""
        return (self.needle, *sorted(self.spellings - {self.needle}))

    def matches(self, lowered: str) -> bool:
        if self.inflection is None:
            return lowered == self.needle or lowered in self.spellings
        if not lowered.startswith(self.needle):
            return False
        inflection = self.inflection
        return any(
            lowered.startswith(base.text) and inflection.is_ending(base, lowered[len(base.text) :])
            for base in self.bases
        )


def _words(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind != "mark"]


def _common_start(texts: Iterable[str]) -> str:
    texts = list(texts)
    first = min(texts, key=len)
    for index, char in enumerate(first):
        if any(text[index] != char for text in texts):
            return first[:index]
    return first


# Kazakh genitive endings, by the sound before them (Muhamedowa 2016, 2.2): after a vowel
# or a nasal -ның/-нің, after р й у л з ж -дың/-дің, after a voiceless consonant -тың/-тің.
# Which one a word takes, the morphology says (`Inflection.is_ending`).
_KK_GENITIVES = ("ның", "нің", "дың", "дің", "тың", "тің")
_KK_VOWELS = frozenset("аәеёиоөұүыіэюя")


def _kk_spellings(word: str, *, name: bool) -> frozenset[str]:
    """The other ways a Kazakh word before the head of a term may stand (lower case): a
    name with its genitive (қазақстан: қазақстанның; ҚР: ҚР-дың, after a hyphen as an
    acronym takes it), a word in the genitive without it (қазақстанның: қазақстан)."""
    kazakh = INFLECTIONS["kk"]
    found: set[str] = set()
    for ending in _KK_GENITIVES:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) > 1 and kazakh.is_ending(Base(stem, "noun"), ending):
            found.add(stem)
    if name:
        found.update(
            word + ending
            for ending in _KK_GENITIVES
            if kazakh.is_ending(Base(word, "noun"), ending)
        )
        if not any(char in _KK_VOWELS for char in word):  # an acronym: ҚР-дың, БҰҰ-ның
            found.update(f"{word}-{ending}" for ending in _KK_GENITIVES)
    return frozenset(found)


class _Spellings(Protocol):
    def __call__(self, word: str, *, name: bool) -> frozenset[str]: ...


# Other spellings of a word before the last of a term, by language: (lower-case word,
# whether the term writes it capitalised, as a name) -> the spellings.
OTHER_SPELLINGS: Mapping[str, _Spellings] = {"kk": _kk_spellings}


@lru_cache(maxsize=1 << 18)
def _word_form(
    word: str, lang: str, *, inflects: bool, head: bool, name: bool = False
) -> _WordForm:
    """The forms of one lower-case term word; cached, since terms share words (банкі,
    министрлігі) and an index is built again for each termbase version. `name`: the term
    writes the word capitalised."""
    inflection = INFLECTIONS.get(lang) if inflects else None
    if inflection is None or word[:1].isdigit():
        spell = OTHER_SPELLINGS.get(lang) if not inflects else None
        spellings = spell(word, name=name) if spell is not None else frozenset()
        return _WordForm(word, (), None, spellings)
    bases = inflection.bases(word, head=head)
    return _WordForm(_common_start(base.text for base in bases), bases, inflection)


# Russian writes ё as е in most print (объём, объем): words are compared with ё as е, one
# letter for one, so offsets hold.
_YO_AS_E = str.maketrans("ёЁ", "ее")


def _folded(word: str) -> str:
    """A word as terms and segments are compared: lower case, ё as е."""
    return word.lower().translate(_YO_AS_E)


def term_pattern(text: str, lang: str) -> tuple[_WordForm, ...]:
    """The forms each word of a term in `lang` (a primary language, "kk") may take."""
    words = [token.text for token in _words(text)]
    every = INFLECTED_WORDS.get(lang, _DEFAULT_INFLECTED) == "all"
    return tuple(
        _word_form(
            _folded(word),
            lang,
            inflects=every or position == len(words) - 1,
            head=position > 0,
            name=word[:1].isupper(),
        )
        for position, word in enumerate(words)
    )


# Quotation marks, which may stand between a term's words (a name in quotes opens or closes
# there) and are compared as one mark around a term («Нұрлы жер», "Нұрлы жер").
_QUOTES = frozenset("\"'«»„“”‟‘’‚‹›")


def _fold_quotes(text: str) -> str:
    return "".join('"' if char in _QUOTES else char for char in text)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a term holds besides its words: the marks before the first word and after the
    last (`lead`, `trail`: a name's quotes), and those between each two words (`gaps`)."""

    lead: str
    trail: str
    gaps: tuple[frozenset[str], ...]

    def joins(self, segment: str, words: list[Token], first: int) -> bool:
        """Whether the segment words from `first` on stand together as the term's words do:
        nothing between them but spaces, quotes and the marks the term has there."""
        return all(
            _joined(segment[words[first + k].end : words[first + k + 1].start], gap)
            for k, gap in enumerate(self.gaps)
        )

    def widened(self, segment: str, start: int, end: int) -> tuple[int, int]:
        """The span with the term's opening and closing quotes where the segment has them."""
        lead, trail = len(self.lead), len(self.trail)
        if lead and _fold_quotes(segment[max(0, start - lead) : start]) == _fold_quotes(self.lead):
            start -= lead
        if trail and _fold_quotes(segment[end : end + trail]) == _fold_quotes(self.trail):
            end += trail
        return start, end


def _joined(between: str, marks: frozenset[str] = frozenset()) -> bool:
    return all(char.isspace() or char in _QUOTES or char in marks for char in between)


# A term with nothing but words and spaces (most are) needs no shape: no marks of its own.
_MARKED = re.compile(r"[^\w\s]")


@lru_cache(maxsize=1 << 16)
def _shape(text: str) -> _Shape:
    words = _words(text)
    if not words:
        return _Shape("", "", ())
    gaps = tuple(
        frozenset(char for char in text[left.end : right.start] if not char.isspace())
        for left, right in pairwise(words)
    )
    return _Shape(text[: words[0].start].strip(), text[words[-1].end :].strip(), gaps)


def _spans(
    pattern: tuple[_WordForm, ...],
    term: str,
    segment: str,
    words: list[Token],
    lowered: list[str],
    first: int,
) -> tuple[int, int] | None:
    """The span of the term's words from segment word `first` on, if they are its forms
    standing together as the term's words do (its shape read only then: few words are)."""
    last = first + len(pattern)
    if not pattern or last > len(words):
        return None
    if not all(form.matches(lowered[first + k]) for k, form in enumerate(pattern)):
        return None
    start, end = words[first].start, words[last - 1].end
    if _MARKED.search(term) is None:
        joined = all(
            _joined(segment[words[k].end : words[k + 1].start]) for k in range(first, last - 1)
        )
        return (start, end) if joined else None
    shape = _shape(term)
    return shape.widened(segment, start, end) if shape.joins(segment, words, first) else None


@dataclass(frozen=True, slots=True)
class _Entry:
    term: Term
    concept: Concept
    pattern: tuple[_WordForm, ...]


@dataclass(frozen=True)
class _Table:
    """The terms of one source language: those whose first word stands as written, by
    that word; the others by the first `KEY_LETTERS` letters every form of it begins with."""

    exact: Mapping[str, tuple[_Entry, ...]]
    prefix: Mapping[str, tuple[_Entry, ...]]

    def candidates(self, word: str) -> Iterator[_Entry]:
        """The terms whose first word may be the lower-case segment word `word`."""
        yield from self.exact.get(word, ())
        for size in range(1, min(len(word), KEY_LETTERS) + 1):
            yield from self.prefix.get(word[:size], ())


class TermIndex:
    """The terms of a termbase version by the beginnings of their first words, one table per
    source language, each built on first use (thread-safe); cheap to make."""

    def __init__(self, concepts: Iterable[Concept], *, version: int | None = None) -> None:
        self.concepts = tuple(concepts)
        self.version = version
        self._tables: dict[str, _Table] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TermIndex({len(self.concepts)} concepts, version={self.version})"

    def table(self, lang: str) -> _Table:
        """The table of a primary language ("kk"), built on first use."""
        with self._lock:
            found = self._tables.get(lang)
            if found is None:
                found = self._tables[lang] = _build(self.concepts, lang)
            return found


def _build(concepts: tuple[Concept, ...], lang: str) -> _Table:
    exact: dict[str, list[_Entry]] = {}
    prefix: dict[str, list[_Entry]] = {}
    for concept in concepts:
        for term in concept.terms:
            if normalize_language(term.lang) != lang:
                continue
            pattern = term_pattern(term.text, lang)
            if not pattern or not pattern[0].needle:
                continue
            first = pattern[0]
            entry = _Entry(term, concept, pattern)
            if first.inflection is None:
                for written in first.written:
                    exact.setdefault(written, []).append(entry)
            else:
                prefix.setdefault(first.needle[:KEY_LETTERS], []).append(entry)
    return _Table(
        {key: tuple(found) for key, found in exact.items()},
        {key: tuple(found) for key, found in prefix.items()},
    )


def _hit(entry: _Entry, start: int, end: int, tgt_lang: str) -> TermHit:
    usable = entry.concept.translations(tgt_lang)
    forbidden = tuple(
        term.text for term in entry.concept.in_language(tgt_lang) if term.status == "forbidden"
    )
    return TermHit(
        source=entry.term.text,
        target=usable[0].text if usable else None,
        start=start,
        end=end,
        status=entry.term.status,
        concept_id=entry.concept.concept_id,
        alternatives=tuple(term.text for term in usable[1:]),
        forbidden=forbidden,
    )


def _outermost(hits: list[TermHit]) -> list[TermHit]:
    """Without the hits that lie inside a longer one (банк inside Ұлттық банк)."""
    return [
        hit
        for hit in hits
        if not any(
            other.start <= hit.start
            and hit.end <= other.end
            and (other.end - other.start) > (hit.end - hit.start)
            for other in hits
        )
    ]


def recognise(
    index: TermIndex, segment: str, src_lang: str, tgt_lang: str, *, nested: bool = False
) -> tuple[TermHit, ...]:
    """The termbase's `src_lang` terms in `segment`, in their inflected forms, in order of
    position (a longer term first where two start together), each with its translation into
    `tgt_lang`. Languages match leniently (kk finds kk-KZ terms). A term found inside a
    longer one (банк in Ұлттық банкінің) is left out unless `nested`."""
    table = index.table(normalize_language(src_lang))
    words = _words(segment)
    lowered = [_folded(token.text) for token in words]
    wanted: dict[str, bool] = {}
    hits: list[TermHit] = []
    seen: set[tuple[str | None, str, int, int]] = set()
    for first, word in enumerate(lowered):
        for entry in table.candidates(word):
            lang = entry.term.lang
            if lang not in wanted:
                wanted[lang] = tags_match(lang, src_lang)
            if not wanted[lang]:
                continue
            span = _spans(entry.pattern, entry.term.text, segment, words, lowered, first)
            if span is None:
                continue
            mark = (entry.concept.concept_id, entry.term.text, *span)
            if mark not in seen:
                seen.add(mark)
                hits.append(_hit(entry, *span, tgt_lang))
    if not nested:
        hits = _outermost(hits)
    return tuple(sorted(hits, key=lambda hit: (hit.start, -hit.end, hit.source)))


def find_in_target(
    term_target: str, target_text: str, tgt_lang: str
) -> tuple[tuple[int, int], ...]:
    """Character spans of the forms of `term_target` (a term in `tgt_lang`) in
    `target_text`: for QA, whether a translation uses the term the termbase gives (Russian
    Национальный банк in Национального банка) or one it forbids."""
    pattern = term_pattern(term_target, normalize_language(tgt_lang))
    words = _words(target_text)
    lowered = [_folded(token.text) for token in words]
    found = []
    for first in range(len(words)):
        span = _spans(pattern, term_target, target_text, words, lowered, first)
        if span is not None:
            found.append(span)
    return tuple(found)
