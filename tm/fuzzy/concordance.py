"""Concordance: where a word or phrase occurs in the TM, with the text around each hit.

A word of the segment is a form of a word of the term when it is the term's word (or a
base of it, see below) followed by a chain of real inflectional endings of the term's
language, and nothing else: Алматы finds Алматыда, Алматыға, Алматының, not алдағы or
Алма; банк finds банкінің, not банкет.

Each language is an `Inflection` in `INFLECTIONS`: the bases a term word stands for, and
whether what follows a base in a segment's word is a chain of endings.

Kazakh (`_KK_ENDINGS`, `_KK_NEXT`). A noun is `base + plural + possessive + case (+ predicative)`;
each ending comes in the written forms vowel harmony (back а/о/ұ/ы, front ә/ө/ү/і/е) and
the assimilation of its first consonant to the sound before it (д/т/н, ғ/қ/г/к, л/д/т,
м/б/п) give it, and the table lists, for every kind of sound before it, the forms it takes
there (Muhamedowa, "Kazakh: A Comprehensive Grammar", 2016, ch. 2-3). A tiny automaton
says which endings may follow which (after the 3rd person possessive -ы/-сы the cases are
-н, -на, -нда, -нан, ...; after -м/-ң the dative is -а/-е). The base is the term's word as
typed, and also, before an ending that begins with a vowel, its voiced form (кітап ->
кітабы, жүрек -> жүрегі, тарақ -> тарағы) and its form without the high vowel of the last
syllable (халық -> халқы, орын -> орны). A later word of a multi-word term that ends in
the 3rd person possessive is a compound's head (заң жобасы, Қазақстан Республикасы): its
base without that ending counts too, so that заң жобасы finds заң жобаларын. After a
hyphen any form of an ending follows (COVID-19-ға, БҰҰ-ның: the sound is not spelled).

Russian: the word, or the word without the ending of its dictionary form (-а, -о, -ь,
-ий, -ая, ...; at least three letters left: Астана -> астан-ой, Токаев -> токаев-ым),
followed by a noun or adjective case ending. English: the word or its singular, followed
by a plural or possessive ending (country, countries, country's). Other languages, and
`exact`: the words as typed, ignoring case only. Verbs are not conjugated.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import polars as pl

from tm.errors import InputError
from tm.fuzzy.index import MATCHABLE_STATUSES
from tm.fuzzy.text import Token, tokenize
from tm.lang import normalize_language

if TYPE_CHECKING:
    from tm.store import TranslationMemory

SIDES = ("source", "target")
_OTHER_SIDE = {"source": "target", "target": "source"}
_LANG_COLUMN = {"source": "src_lang", "target": "tgt_lang"}


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


# --- the contract: a language says what bases a term word has and which endings follow ---


@dataclass(frozen=True)
class Base:
    """A word of a segment is `text` + an ending the language accepts after it in `state`."""

    text: str  # lower-case
    state: str  # where the language's ending automaton starts
    vowel_first: bool = False  # only an ending that begins with a vowel may follow


class Inflection(Protocol):
    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        """The bases of a lower-case term word; `head`: not the first word of the term."""
        ...

    def is_ending(self, base: Base, rest: str) -> bool:
        """Whether `rest` (lower-case, maybe empty) is an ending chain after `base`."""
        ...


class _Exact:
    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        return (Base(word, "exact"),)

    def is_ending(self, base: Base, rest: str) -> bool:
        return not rest


# --- Kazakh ----------------------------------------------------------------------------

# The sound before an ending, by the last letter: a vowel, р/й/у, л, з/ж, a nasal, or a
# voiceless consonant (Kazakh spelling leaves no voiced stop at the end of a native word;
# кітаб- and жүрег- stand only before a vowel). "*" is any other: a Latin letter, a digit.
_SOUNDS = {
    "V": "аәеёиоөұүыіэюя",
    "R": "рйу",
    "L": "л",
    "Z": "зж",
    "N": "мнң",
    "T": "пкқтсшфхцчщбвгғдһ",
}
_SOUND_OF = {char: sound for sound, chars in _SOUNDS.items() for char in chars}
_SOUND_GROUPS = {"C": ("R", "L", "Z", "N", "T"), "*": (*_SOUNDS, "*")}
# Vowels that set the harmony; и and ю (ій/ый, йу/йү) leave it to the vowel before them:
# тарих -> тарихы, министр -> министрі.
_BACK, _FRONT = "аоұыяё", "әөүіеэ"
_BOTH = frozenset({"back", "front"})
_KK_VOWELS = frozenset(_SOUNDS["V"])


def _sound(text: str) -> str:
    return _SOUND_OF.get(text[-1:], "*")


def _harmony(text: str) -> frozenset[str]:
    """Which vowels the next ending may have: those of the last vowel; final к/г (as in
    банк -> банкі) also takes front endings, final қ/ғ back ones. Both when no vowel tells
    (министр, a Latin name)."""
    tones: set[str] = set()
    for char in reversed(text):
        if char in _BACK or char in _FRONT:
            tones.add("back" if char in _BACK else "front")
            break
    if not tones:
        return _BOTH
    if text[-1] in "кг":
        tones.add("front")
    if text[-1] in "қғ":
        tones.add("back")
    return frozenset(tones)


@dataclass(frozen=True)
class _Ending:
    forms: Mapping[str, tuple[tuple[str, str | None], ...]]  # sound before -> (form, tone)
    then: str  # the automaton's state after it


def _ending(spec: str, then: str) -> _Ending:
    """`"V R: лар/лер; T: тар/тер"`: after a vowel or р/й/у -лар (back) or -лер (front),
    after a voiceless consonant -тар/-тер. A form without a slash keeps its vowel whatever
    the harmony (-мен). "C" stands for any consonant, "*" for any sound."""
    forms: dict[str, list[tuple[str, str | None]]] = {sound: [] for sound in _SOUND_GROUPS["*"]}
    for part in spec.split(";"):
        sounds, _, written = part.partition(":")
        variants: list[tuple[str, str | None]] = []
        for token in written.split():
            back, _, front = token.partition("/")
            variants += [(back, "back"), (front, "front")] if front else [(back, None)]
        for name in sounds.split():
            for sound in _SOUND_GROUPS.get(name, (name,)):
                forms[sound] += variants
    # After a hyphen, a Latin letter or a digit the sound is not spelled: any form goes.
    forms["*"] = list(dict.fromkeys(v for variants in forms.values() for v in variants))
    return _Ending({sound: tuple(found) for sound, found in forms.items()}, then)


# Kazakh nominal endings (Muhamedowa 2016, Krippes 1996), and the state each leads to.
_KK_ENDINGS: dict[str, _Ending] = {
    "plural": _ending("V R: лар/лер; L Z N: дар/дер; T: тар/тер", "plural"),
    "possessive 1sg": _ending("V: м; C: ым/ім", "possessed 1-2sg"),
    "possessive 2sg": _ending("V: ң; C: ың/ің", "possessed 1-2sg"),
    "possessive 2sg polite": _ending("V: ңыз/ңіз; C: ыңыз/іңіз", "possessed"),
    "possessive 1pl": _ending("V: мыз/міз; C: ымыз/іміз", "possessed"),
    "possessive 3": _ending("V: сы/сі; C: ы/і", "possessed 3"),
    "genitive": _ending("V N: ның/нің; R L Z: дың/дің; T: тың/тің", "case"),
    "accusative": _ending("V: ны/ні; R L Z N: ды/ді; T: ты/ті", "case"),
    "dative": _ending("V R L Z N: ға/ге; T: қа/ке", "case"),
    "locative": _ending("V R L Z N: да/де; T: та/те", "case"),
    "ablative": _ending("V R L Z: дан/ден; N: нан/нен; T: тан/тен", "case"),
    "instrumental": _ending("V R L N: мен менен; Z: бен бенен; T: пен пенен", "case"),
    "equative": _ending("*: ша/ше", "case"),  # қазақша
    "locative adjective": _ending("V R L Z N: дағы/дегі; T: тағы/тегі", "adjective"),
    "relational": _ending("V R L Z N: ғы/гі; T: қы/кі", "adjective"),  # жылғы, бүгінгі
    # After the 3rd person possessive: жобасы-н, -на, -нда, -нан, -нша (мәліметінше), -ндағы.
    "accusative after 3": _ending("*: н", "case"),
    "dative after 3": _ending("*: на/не", "case"),
    "locative after 3": _ending("*: нда/нде", "case"),
    "ablative after 3": _ending("*: нан/нен", "case"),
    "equative after 3": _ending("*: нша/нше", "case"),
    "locative adjective after 3": _ending("*: ндағы/ндегі", "adjective"),
    # After -м, -ң: сапарыма, жобаңа.
    "dative after 1-2sg": _ending("*: а/е", "case"),
    # Predicative (personal) endings: Алматыдамын, студентпіз, елшісіз.
    "predicative": _ending(
        "V R L N: мын/мін мыз/міз; Z: бын/бін быз/біз; T: пын/пін пыз/піз; "
        "*: сың/сің сыз/сіз сыңдар/сіңдер сыздар/сіздер",
        "predicate",
    ),
}
_POSSESSIVES = (
    "possessive 1sg",
    "possessive 2sg",
    "possessive 2sg polite",
    "possessive 1pl",
    "possessive 3",
)
_CASES = (
    "genitive",
    "accusative",
    "dative",
    "locative",
    "ablative",
    "instrumental",
    "equative",
    "locative adjective",
)
# The automaton: after each state, the endings that may come next. Every state may end the
# word. `noun` is a bare base.
_KK_NEXT: dict[str, tuple[str, ...]] = {
    "noun": ("plural", *_POSSESSIVES, *_CASES, "relational", "predicative"),
    "plural": (*_POSSESSIVES, *_CASES, "predicative"),
    "possessed": _CASES,
    "possessed 1-2sg": tuple(
        "dative after 1-2sg" if case == "dative" else case for case in _CASES if case != "equative"
    ),
    "possessed 3": (
        "genitive",
        "accusative after 3",
        "dative after 3",
        "locative after 3",
        "ablative after 3",
        "instrumental",
        "equative after 3",
        "locative adjective after 3",
    ),
    "case": ("predicative",),
    "adjective": ("plural", *_CASES),
    "predicate": (),
}
# A final voiceless stop is voiced before a vowel: кітап -> кітабы, жүрек -> жүрегі.
_VOICED = {"п": "б", "к": "г", "қ": "ғ"}
_HIGH = "ыі"


@lru_cache(maxsize=200_000)
def _kk_parses(
    rest: str, state: str, sound: str, harmony: frozenset[str], vowel_first: bool
) -> frozenset[str]:
    """The states in which the automaton can end having read all of `rest` from `state`."""
    if not rest:
        return frozenset() if vowel_first else frozenset({state})
    ends: set[str] = set()
    for name in _KK_NEXT[state]:
        ending = _KK_ENDINGS[name]
        for form, tone in ending.forms[sound]:
            if not rest.startswith(form) or (tone is not None and tone not in harmony):
                continue
            if vowel_first and form[0] not in _KK_VOWELS:
                continue
            after = harmony if tone is None else frozenset({tone})
            ends |= _kk_parses(rest[len(form) :], ending.then, _sound(form), after, False)
    return frozenset(ends)


def _kk_ends(base: str, rest: str, state: str, *, vowel_first: bool = False) -> frozenset[str]:
    if rest.startswith("-") and not vowel_first:
        return _kk_parses(rest[1:], state, "*", _BOTH, False)
    return _kk_parses(rest, state, _sound(base), _harmony(base), vowel_first)


class _Kazakh:
    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        found = [Base(word, "noun")]
        if len(word) > 2 and word[-1] in _VOICED:
            found.append(Base(word[:-1] + _VOICED[word[-1]], "noun", vowel_first=True))
        # The high vowel of the last syllable drops before a vowel: халық -> халқы.
        if (
            len(word) > 3
            and word[-2] in _HIGH
            and _sound(word) != "V"
            and _sound(word[:-2]) != "V"
            and any(char in _KK_VOWELS for char in word[:-2])
        ):
            found.append(Base(word[:-2] + word[-1], "noun", vowel_first=True))
        # A word ending in the 3rd person possessive goes on with its cases (жобасы-на); a
        # compound's head also stands for its base (заң жобасы: заң жобаларын).
        for cut in range(2, len(word)):
            stem, rest = word[:cut], word[cut:]
            if not any(char in _KK_VOWELS for char in stem):
                continue
            if "possessed 3" in _kk_ends(stem, rest, "noun"):
                found.append(Base(word, "possessed 3"))
                if head:
                    found.append(Base(stem, "noun"))
        return tuple(dict.fromkeys(found))

    def is_ending(self, base: Base, rest: str) -> bool:
        if not rest:
            return not base.vowel_first
        return bool(_kk_ends(base.text, rest, base.state, vowel_first=base.vowel_first))


# --- Russian and English -----------------------------------------------------------------


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Case endings of Russian nouns and adjectives, and the subset a dictionary form ends in
# (a term is typed in it): Астана -> астан-е, Токаев -> Токаев-а (not ток-а).
_RU_ENDINGS = _listed(
    "а я о е ё ы и у ю ь й ой ей ом ем ём ам ям ах ях ами ями ов ев ёв ий ый ая яя ое ее ые "
    "ие ую юю ого его ому ему ым им ых их ыми ими ия ию ии ией иям иях иями ью ья ьи ье ьё "
    "ьям ьях ьями ьев ою ею"
)
_RU_NOMINATIVE = _listed("а я о е ё ь ы и й ий ый ой ая яя ое ее ые ие ия")
_RU_MIN_STEM = 3


class _Russian:
    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        found = [Base(word, "ru")]
        for ending in sorted(_RU_NOMINATIVE, key=len, reverse=True):
            if word.endswith(ending) and len(word) - len(ending) >= _RU_MIN_STEM:
                found.append(Base(word[: -len(ending)], "ru"))
        return tuple(dict.fromkeys(found))

    def is_ending(self, base: Base, rest: str) -> bool:
        return not rest or rest in _RU_ENDINGS


_EN_PLURAL = ("", "s", "es", "'s", "s'")
_EN_IES = ("ies", "ies'")
# The apostrophe however a tokenised or HTML-escaped text writes it: ’s, ' s, &#39;s.
_EN_APOSTROPHE = re.compile(r"\s*(?:['’ʼ]|&#0*39;|&apos;|&rsquo;|&#0*8217;)\s*")


class _English:
    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        typed = _EN_APOSTROPHE.sub("'", word).removesuffix("'s").removesuffix("'")
        singulars = [typed]
        if typed.endswith("ies") and len(typed) > 4:
            singulars.append(typed[:-3] + "y")
        elif typed.endswith("es") and len(typed) > 4:
            singulars += [typed[:-2], typed[:-1]]  # taxes -> tax, houses -> house
        elif typed.endswith("s") and not typed.endswith("ss") and len(typed) > 3:
            singulars.append(typed[:-1])
        found = [Base(word, "en")] + [Base(singular, "en") for singular in singulars]
        for singular in singulars:
            if len(singular) > 2 and singular[-1] == "y" and singular[-2] not in "aeiou":
                found.append(Base(singular[:-1], "en ies"))  # country -> countries
        return tuple(dict.fromkeys(found))

    def is_ending(self, base: Base, rest: str) -> bool:
        rest = _EN_APOSTROPHE.sub("'", rest)
        return rest in (_EN_IES if base.state == "en ies" else _EN_PLURAL)


_EXACT = _Exact()
INFLECTIONS: dict[str, Inflection] = {"kk": _Kazakh(), "ru": _Russian(), "en": _English()}


# --- finding a term ------------------------------------------------------------------------


@dataclass(frozen=True)
class _TermWord:
    inflection: Inflection
    bases: tuple[Base, ...]

    def matches(self, word: str) -> bool:
        lowered = word.lower()
        return any(
            lowered.startswith(base.text)
            and self.inflection.is_ending(base, lowered[len(base.text) :])
            for base in self.bases
        )

    def needle(self) -> str:
        """What every matching word contains: the bases' common beginning."""
        texts = [base.text for base in self.bases]
        shortest = min(texts, key=len)
        for index, char in enumerate(shortest):
            if any(text[index] != char for text in texts):
                return shortest[:index]
        return shortest


def _words(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind != "mark"]


@lru_cache(maxsize=1024)
def _term_words(term: str, lang: str, *, exact: bool) -> tuple[_TermWord, ...]:
    inflection = _EXACT if exact else INFLECTIONS.get(lang, _EXACT)
    found = []
    for position, token in enumerate(_words(term)):
        word = token.text.lower()
        how = _EXACT if word[:1].isdigit() else inflection
        found.append(_TermWord(how, how.bases(word, head=position > 0)))
    return tuple(found)


def find_term(text: str, term: str, lang: str, *, exact: bool = False) -> list[tuple[int, int]]:
    """Character spans of the places where the term's words follow each other in `text`."""
    wanted = _term_words(term, lang, exact=exact)
    words = _words(text)
    if not wanted:
        return []
    spans = []
    for first in range(len(words) - len(wanted) + 1):
        window = words[first : first + len(wanted)]
        if all(w.matches(t.text) for w, t in zip(wanted, window, strict=True)):
            spans.append((window[0].start, window[-1].end))
    return spans


def _prefilters(term: str, lang: str, *, exact: bool) -> list[str]:
    """Lower-case strings every matching segment contains: a cheap first pass in polars."""
    return [word.needle() for word in _term_words(term, lang, exact=exact)]


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
