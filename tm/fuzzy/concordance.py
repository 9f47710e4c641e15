"""Concordance: where a word or phrase occurs in the TM, with the text around each hit.

A word of the segment is a form of a word of the term when it is the term's word (or a
base of it, see below) followed by a chain of real inflectional endings of the term's
language, and nothing else: Алматы finds Алматыда, Алматыға, Алматының, not алдағы or
Алма; банк finds банкінің, not банкет; талқылау finds талқылады, талқыланды.

Each language is an `Inflection` in `INFLECTIONS`: the bases a term word stands for,
whether what follows a base in a segment's word is a chain of endings, and the letters
such a chain can begin with (for the first pass over the TM, below).

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

A Kazakh word in -у/-ю is also a verb in its dictionary form (ch. 4-6): its stem (талқыла-,
кел-, оқы-, қой-) and its passive stem (талқылан-, жеткізіл-) go on with negation
(-ма/-ба/-па), a tense, aspect or mood (past -ды, present -а/-й + person, participles
-ған and -атын, converb -ып, conditional -са, -мақ, -у, ...) and, after a participle or
the verbal noun, the noun's endings (талқылағанын, талқылауға). The passive counts as the
same term (талқылау finds талқыланды); causative and reciprocal voices make other verbs
(жету / жеткізу "deliver", келу / келісу "agree") and are derivation. A bare stem is an
imperative and is not taken (беру does not find бері, бару not бар), except the short
present of тұр, отыр, жүр, жатыр.

Derived words (мемлекет -> мемлекеттік, спорт -> спортшы, жоспар -> жоспарлау, жету ->
жеткізу, ұсыну -> ұсыныс) are found only with `derived=True` (`DERIVATIONS`); a bare noun's
-ша (орташа, басқаша) is derivation too, the equative after a possessive (мәліметінше,
ойымша) inflection.

Russian: the word, or the word without the ending of its dictionary form (-а, -о, -ь,
-ий, -ая, ...; at least three letters left: Астана -> астан-ой, Токаев -> токаев-ым),
followed by a noun or adjective case ending; before an ending that begins with a vowel, also
without the fleeting о/е/ё of its last syllable (рынок -> рынка, посол -> послом, уровень ->
уровня). An ending that begins with ь (-ью, -ья, -ьи) follows only a stem the term shows
soft (область -> областью), so суд does not find судья; the few nouns with a plural in -ья
(брат -> братья) are not known. An infinitive's stems followed by a verb form
(обсуждать -> обсуждал, обсуждают, обсуждались; говорить -> говорят; направить ->
направлена), and with `derived=True` the nouns made of them (обсуждение). English: the
word or its singular, followed by a plural or possessive ending (country, countries,
country's). Other languages, and `exact`: the words as typed, ignoring case only.

In the TM, polars keeps the segments that contain every term word's bases' common
beginning, ignoring case; of those, only the ones where a base begins a word and is
followed by a letter an ending can begin with (or the word ends) go on to the word-by-word
check.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Protocol

import polars as pl

from tm.errors import InputError
from tm.fuzzy.index import MATCHABLE_STATUSES
from tm.fuzzy.text import Token, tokenize
from tm.lang import normalize_language
from tm.limits import MAX_CONCORDANCE_HITS, MAX_CONTEXT_CHARS, MAX_TERM_CHARS, MAX_TERM_WORDS
from tm.unit import language_is

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

    def follows(self, base: Base) -> frozenset[str] | None:
        """The characters a rest after `base` can begin with, "" if it can be empty; None
        if the language does not tell (for the first pass over the TM)."""
        ...


class _Exact:
    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        return (Base(word, "exact"),)

    def is_ending(self, base: Base, rest: str) -> bool:
        return not rest

    def follows(self, base: Base) -> frozenset[str] | None:
        return frozenset({""})


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


# Kazakh endings (Muhamedowa 2016, Krippes 1996), and the state each leads to. Nominal:
_KK_NOUN_ENDINGS: dict[str, _Ending] = {
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
    # The equative after a possessive (мәліметінше, ойымша) or a participle (келгенше); on a
    # bare noun it makes an adverb of its own (орташа, басқаша, қазақша): see derivation.
    "equative": _ending("*: ша/ше", "case"),
    "similative": _ending("V R L Z N: дай/дей; T: тай/тей", "case"),  # айтқанымдай
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
    # Predicative (personal) endings: Алматыдамын, студентпіз, елшісіз; барамын, келеміз.
    "predicative": _ending(
        "V R L N: мын/мін мыз/міз; Z: бын/бін быз/біз; T: пын/пін пыз/піз; "
        "*: сың/сің сыз/сіз сыңдар/сіңдер сыздар/сіздер",
        "predicate",
    ),
}
# Verbal: what follows a verb stem, its passive or its negation (Muhamedowa 2016, ch. 4-6:
# талқыла-ды, талқыла-й-ды, талқыла-п, талқыла-ған, талқыла-у; бар-ма-ды).
_KK_VERB_ENDINGS: dict[str, _Ending] = {
    "negation": _ending("V R L: ма/ме; Z N: ба/бе; T: па/пе", "negated"),
    "past": _ending("V R L Z N: ды/ді; T: ты/ті", "past"),
    # The persons of the past and the conditional: келдім, келдің, келдіңіз, келдік.
    "short person": _ending("*: м ң ңыз/ңіз қ/к ңдар/ңдер ңыздар/ңіздер", "predicate"),
    # The present-future's converb, -а/-е after a consonant, -й after a vowel: бар-а-мын,
    # талқыла-й-ды; alone it is a converb (қолдана, шақыра).
    "present": _ending("V: й; C: а/е", "present"),
    "present 3": _ending("*: ды/ді", "predicate"),
    "habitual participle": _ending("*: тын/тін", "participle"),  # бар-а-тын, жаса-й-тын
    "past participle": _ending("V R L Z N: ған/ген; T: қан/кен", "participle"),
    "converb": _ending("V: п; C: ып/іп", "converb"),
    "evidential": _ending("*: ты/ті", "predicate"),  # өтіп-ті
    "aorist": _ending("V: р; C: ар/ер", "noun"),  # алар, бағалар едіңіз
    "negative aorist": _ending("*: с", "case"),  # бар-ма-с, бар-ма-спын
    "conditional": _ending("*: са/се", "conditional"),
    "intention": _ending("V R L: мақ/мек; Z N: бақ/бек; T: пақ/пек", "noun"),  # ашылмақ
    "desiderative": _ending("V R L Z N: ғы/гі; T: қы/кі", "desire"),  # жеткізгім келеді
    "verbal noun": _ending("*: у", "noun"),  # жарияла-ма-у
    "since": _ending("V R L Z N: ғалы/гелі; T: қалы/келі", "predicate"),
    "optative": _ending("V: йын/йін йық/йік; C: айын/ейін айық/ейік; *: сын/сін", "predicate"),
    "polite imperative": _ending(
        "V: ңыз/ңіз ңыздар/ңіздер; C: ыңыз/іңіз ыңыздар/іңіздер", "predicate"
    ),
    "because": _ending("V R L Z N: дықтан/діктен; T: тықтан/тіктен", "case"),  # болғандықтан
}
# Derivation, taken only when derived words are asked for. A noun or adjective from a noun
# (мемлекет-тік, спорт-шы, сапа-лы), a verb from a noun (жоспар-ла, жол-да, кең-ей), a verb
# from a verb (voice: жет-кіз causative, хабарла-с reciprocal, көр-ін reflexive), a noun
# from a verb (қатыс-ушы, шеш-ім, ұсын-ыс, тасы-ғыш, тұр-ғын, аш-ық, жаса-нды, хабарла-ма).
_KK_DERIVATIONS: dict[str, _Ending] = {
    "abstract": _ending("V R: лық/лік; L Z N: дық/дік; T: тық/тік", "noun"),
    "agent": _ending("*: шы/ші", "noun"),
    "having": _ending("V R: лы/лі; L Z N: ды/ді; T: ты/ті", "noun"),
    "without": _ending("*: сыз/сіз", "noun"),
    "adverb": _ending("*: ша/ше", "noun"),
    "doer": _ending("V R L Z N: гер; T: кер", "noun"),
    "fellow": _ending("V R: лас/лес; L Z N: дас/дес; T: тас/тес", "noun"),
    "fellow verb": _ending("V R: лас/лес; L Z N: дас/дес; T: тас/тес", "verb"),
    "verbaliser": _ending("V R: ла/ле; L Z N: да/де; T: та/те", "verb"),
    "verbaliser ай": _ending("C: ай/ей", "verb"),
    "verbaliser ар": _ending("V: р; C: ар/ер", "verb"),
    "causative": _ending(
        "V: т ғыз/гіз; R: т дыр/дір ғыз/гіз; L Z N: дыр/дір тыр/тір ғыз/гіз; "
        "T: тыр/тір қыз/кіз; C: ыр/ір ар/ер ыт/іт",
        "verb",
    ),
    "reciprocal": _ending("V: с; C: ыс/іс", "verb"),
    "reflexive": _ending("C: ын/ін", "voiced"),
    "passive": _ending("V: л н; L: ын/ін; R Z N T: ыл/іл", "voiced"),
    "agent noun": _ending("*: ушы/уші", "noun"),
    "result noun": _ending("V: м; C: ым/ім", "noun"),
    "action noun": _ending("V: с; C: ыс/іс", "noun"),
    "instrument": _ending("V R L Z N: ғыш/гіш; T: қыш/кіш", "noun"),
    "dweller": _ending("V R L Z N: ғын/гін; T: қын/кін", "noun"),
    "quality": _ending("V: қ/к; C: ық/ік", "noun"),
    "made": _ending("V: нды/нді; C: ынды/інді", "noun"),
    "product": _ending("V R L: ма/ме; Z N: ба/бе; T: па/пе", "noun"),
}
_KK_ENDINGS: dict[str, _Ending] = {**_KK_NOUN_ENDINGS, **_KK_VERB_ENDINGS, **_KK_DERIVATIONS}

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
    "locative adjective",
)
_NOUN_NEXT = ("plural", *_POSSESSIVES, *_CASES, "relational", "predicative")
_TENSES = (
    "past",
    "present",
    "past participle",
    "converb",
    "conditional",
    "verbal noun",
    "optative",
    "polite imperative",
)
_VERB_NEXT = ("negation", *_TENSES, "aorist", "intention", "desiderative", "since")
# The automaton: after each state, the endings that may come next. `noun` is a bare noun
# base, `verb` a bare verb stem, `voiced` a passive stem (талқылан-, жеткізіл-).
_KK_NEXT: dict[str, tuple[str, ...]] = {
    "noun": _NOUN_NEXT,
    "plural": (*_POSSESSIVES, *_CASES, "predicative"),
    "possessed": (*_CASES, "equative", "similative"),
    "possessed 1-2sg": (
        *("dative after 1-2sg" if case == "dative" else case for case in _CASES),
        "equative",
        "similative",
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
    "verb": _VERB_NEXT,
    "voiced": _VERB_NEXT,
    "negated": (*_TENSES, "negative aorist"),
    "past": ("short person",),
    "present": ("present 3", "predicative", "habitual participle"),
    "short present": ("predicative",),  # тұр, отырмыз, жатырмын
    "participle": (*_NOUN_NEXT, "equative", "similative", "because"),
    "converb": ("evidential",),
    "conditional": ("short person",),
    "desire": _POSSESSIVES,
}
_NOUN_DERIVATIONS = (
    "abstract",
    "agent",
    "having",
    "without",
    "adverb",
    "doer",
    "fellow",
    "fellow verb",
    "verbaliser",
    "verbaliser ай",
    "verbaliser ар",
)
_VERB_DERIVATIONS = (
    "causative",
    "reciprocal",
    "reflexive",
    "passive",
    "agent noun",
    "result noun",
    "action noun",
    "instrument",
    "dweller",
    "quality",
    "made",
    "product",
)
# With derived words: more endings after a bare noun, adjective or verb stem.
_KK_DERIVED_NEXT: dict[str, tuple[str, ...]] = {
    "noun": _NOUN_DERIVATIONS,
    "adjective": _NOUN_DERIVATIONS,
    "verb": _VERB_DERIVATIONS,
    "voiced": _VERB_DERIVATIONS,
}
# States a word cannot end in: a bare verb stem is an imperative, which the news does not
# use and which look-alikes are made of (бар, ал, бері).
_KK_NOT_FINAL = frozenset({"verb", "voiced", "negated", "desire"})
# A final voiceless stop is voiced before a vowel: кітап -> кітабы, жүрек -> жүрегі,
# мемлекеттік -> мемлекеттігі.
_VOICED = {"п": "б", "к": "г", "қ": "ғ"}
_HIGH = "ыі"


def _kk_next(state: str, *, derived: bool) -> tuple[str, ...]:
    if derived:
        return _KK_NEXT[state] + _KK_DERIVED_NEXT.get(state, ())
    return _KK_NEXT[state]


@lru_cache(maxsize=200_000)
def _kk_parses(
    rest: str,
    state: str,
    sound: str,
    harmony: frozenset[str],
    vowel_first: bool,
    derived: bool = False,
) -> frozenset[str]:
    """The states in which the automaton can end having read all of `rest` from `state`."""
    if not rest:
        return frozenset() if vowel_first or state in _KK_NOT_FINAL else frozenset({state})
    ends: set[str] = set()
    for name in _kk_next(state, derived=derived):
        ending = _KK_ENDINGS[name]
        for form, tone in ending.forms[sound]:
            if (tone is not None and tone not in harmony) or (
                vowel_first and form[0] not in _KK_VOWELS
            ):
                continue
            after = harmony if tone is None else frozenset({tone})
            for written, vowel_next in _spellings(form):
                if rest.startswith(written):
                    ends |= _kk_parses(
                        rest[len(form) :], ending.then, _sound(form), after, vowel_next, derived
                    )
    return frozenset(ends)


def _spellings(form: str) -> tuple[tuple[str, bool], ...]:
    """How an ending is written, and whether a vowel must follow: a final п/к/қ is voiced
    before a vowel, as a base's is (мемлекет-тік, мемлекет-тіг-і)."""
    if form[-1] in _VOICED:
        return (form, False), (form[:-1] + _VOICED[form[-1]], True)
    return ((form, False),)


@lru_cache(maxsize=4096)
def _kk_firsts(
    state: str, sound: str, harmony: frozenset[str], vowel_first: bool, derived: bool
) -> frozenset[str]:
    """The letters an ending that may follow `state` begins with."""
    firsts: set[str] = set()
    for name in _kk_next(state, derived=derived):
        for form, tone in _KK_ENDINGS[name].forms[sound]:
            if (tone is None or tone in harmony) and not (
                vowel_first and form[0] not in _KK_VOWELS
            ):
                firsts |= {written[0] for written, _ in _spellings(form)}
    return frozenset(firsts)


def _kk_ends(
    base: str, rest: str, state: str, *, vowel_first: bool = False, derived: bool = False
) -> frozenset[str]:
    if rest.startswith("-") and not vowel_first:
        return _kk_parses(rest[1:], state, "*", _BOTH, False, derived)
    return _kk_parses(rest, state, _sound(base), _harmony(base), vowel_first, derived)


def _high_vowel(stem: str) -> str:
    """ы after a back vowel, і after a front one (the harmony of a stem's last vowel); ы
    when no vowel tells (ту-ыл-ды)."""
    for char in reversed(stem):
        if char in _BACK or char in _FRONT:
            return "ы" if char in _BACK else "і"
    return "ы"


def _passive(stem: str) -> str:
    """The passive suffix a verb stem takes (Muhamedowa 2016, 4.1): -ыл/-іл after a
    consonant, -ын/-ін after л; after a vowel -л, but -н when л is one of the stem's last
    two consonants (талқыла-н, қабылда-н, белгіле-н; жаса-л, көзде-л, анықта-л)."""
    if _sound(stem) != "V":
        return _high_vowel(stem) + ("н" if stem.endswith("л") else "л")
    consonants = [char for char in stem if char not in _KK_VOWELS]
    return "н" if "л" in consonants[-2:] else "л"


# The four verbs of position have a short present: тұр, отыр, жүр, жатыр (Muhamedowa 6.1).
_KK_SHORT_PRESENT = {"тұр": "тұр", "отыр": "отыр", "жүр": "жүр", "жат": "жатыр"}
# Common nouns in -у that are no verb's dictionary form: тау does not find тап, таған.
_KK_NOUNS_IN_U = frozenset({"тау", "дау", "қару", "бау", "сау"})
# A stem's final voiced consonant is devoiced before a voiceless one: шығ-у -> шық-ты.
_DEVOICED = {"б": "п", "г": "к", "ғ": "қ"}


def _kk_verb_bases(word: str) -> list[Base]:
    """The stems of a verb in its dictionary form (-у, -ю), each with the state it starts
    in. талқылау: талқыла- (талқыла-ды), талқылай- is read as талқыла + the present's -й;
    келу: кел-; оқу: оқ- and оқы- (ы before -у is not written: оқы-ды), with оқи- for
    оқы + й (оқиды); қою: қой-, with қоя- for қой + а (қояды); тию: ти-."""
    if len(word) < 3 or word[-1] not in "ую" or word in _KK_NOUNS_IN_U:
        return []
    stem = word[:-1]  # -ю is й + у, and и + у after и: қою -> қой-, тию -> ти-
    if word[-1] == "ю" and word[-2] != "и":
        stem += "й"
    if not any(char in _KK_VOWELS or char == "у" for char in stem):  # ту-у, жу-у
        return []
    found = [Base(stem, "verb"), Base(stem + _passive(stem), "voiced")]
    vowel_stems = [stem] if _sound(stem) == "V" else []
    if _sound(stem) != "V":
        vowel_stems.append(stem + _high_vowel(stem))  # оқ-у: оқы-ды
        found.append(Base(vowel_stems[-1], "verb"))
    if stem[-1] in _DEVOICED:
        found.append(Base(stem[:-1] + _DEVOICED[stem[-1]], "verb"))
    if stem in _KK_SHORT_PRESENT:
        found.append(Base(_KK_SHORT_PRESENT[stem], "short present"))
    for vowel_stem in vowel_stems:
        if vowel_stem[-1] in _HIGH:  # ы/і + й is written и: оқи-ды, дами-тын
            found.append(Base(vowel_stem[:-1] + "и", "present"))
    if stem[-1] == "й" and _high_vowel(stem) == "ы":  # й + а is written я: қоя-ды
        found.append(Base(stem[:-1] + "я", "present"))
    return found


@dataclass(frozen=True)
class _Kazakh:
    derived: bool = False  # also the words derived from a term word

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
                    # A stem voiced before the possessive's vowel is voiceless before a
                    # consonant: министрлігі, министрліктері.
                    if stem[-1] in _DEVOICED:
                        found.append(Base(stem[:-1] + _DEVOICED[stem[-1]], "noun"))
        found += _kk_verb_bases(word)
        return tuple(dict.fromkeys(found))

    def is_ending(self, base: Base, rest: str) -> bool:
        if not rest:
            return not base.vowel_first and base.state not in _KK_NOT_FINAL
        return bool(
            _kk_ends(
                base.text, rest, base.state, vowel_first=base.vowel_first, derived=self.derived
            )
        )

    def follows(self, base: Base) -> frozenset[str] | None:
        firsts = _kk_firsts(
            base.state, _sound(base.text), _harmony(base.text), base.vowel_first, self.derived
        )
        if base.vowel_first:
            return firsts
        return firsts | {"-"} | ({""} if base.state not in _KK_NOT_FINAL else set())


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
# A stem cut from the term's word before ь or a soft vowel is soft: only such a stem takes an
# ending that begins with ь (област-ь: област-ью; суд: not суд-ья).
_RU_SOFT_AFTER = frozenset("ьяеёиюй")
# The fleeting vowel of a last syllable, between consonants, before к л н р ц (and ь): it
# drops when an ending follows (Wade 2011, 1.3): рын-о-к, пос-о-л, уров-е-нь, от-е-ц.
_RU_FLEETING = re.compile(r"[^аеёиоуыэюяйь]([оеё])[клнрц]ь?$")


_RU_ADJECTIVE = _listed(
    "ый ий ой ая яя ое ее ые ие ого его ому ему ым им ом ем ую юю ых их ыми ими"
)
# Verb forms by the stem they follow (Wade, "A Comprehensive Russian Grammar", 2011,
# ch. 7-8): the forms themselves, and the participle suffixes that take adjective endings.
# Every form may be followed by the reflexive -ся/-сь (обсуждались, продлится).
_RU_VERB_FORMS: dict[str, tuple[str, str]] = {
    # The stem before -ть, ending in a vowel: обсужда-ть, обсужда-л, обсужда-ют,
    # обсужда-ющий, рассмотре-ны, рекоменду-ют.
    "ru verb": (
        "ть л ла ло ли ю ешь ет ем ете ют ёшь ёт ём ёте я в вши й йте н на но ны",
        "вш ющ ем нн",
    ),
    # A consonant stem: -ить/-еть verbs (говор-ят, посмотр-ит, выдел-ено), -нуть and -ти
    # verbs (подчеркн-ет, выраст-ет).
    "ru verb consonant": (
        "ю у ишь ит им ите ят ат я ешь ет ем ете ут ют ёшь ёт ём ёте ен ена ено ены ён",
        "ящ ащ ущ ющ им енн ённ",
    ),
    # The same stem with the consonant change of the 1st person and the past participle:
    # сокращ-у, направл-ена, запущ-ены.
    "ru verb mutated": ("ю у ен ена ено ены ён", "енн ённ"),
}
_RU_REFLEXIVE = ("", "ся", "сь")
_RU_MUTATIONS = {
    "ст": ("щ",),
    "т": ("ч", "щ"),
    "д": ("ж", "жд"),
    "з": ("ж",),
    "с": ("ш",),
    "б": ("бл",),
    "в": ("вл",),
    "п": ("пл",),
    "м": ("мл",),
    "ф": ("фл",),
}
# Nouns made of a verb's stem, asked for with derived words: обсужд-ение, разви-тие,
# собра-ние, работ-а, работ-ник, оцен-ка, встреч-а.
_RU_NOUN_SUFFIXES = ("", "ени", "ани", "ни", "ти", "ник", "тель", "к")


@cache
def _ru_rests(state: str) -> frozenset[str]:
    """What may follow a base in `state` (built on first use)."""
    if state == "ru derived":
        return frozenset(
            suffix + ending for suffix in _RU_NOUN_SUFFIXES for ending in ("", *_RU_ENDINGS)
        )
    plain, participles = _RU_VERB_FORMS[state]
    forms = set(plain.split())
    forms |= {suffix + ending for suffix in participles.split() for ending in _RU_ADJECTIVE}
    return frozenset(form + reflexive for form in forms for reflexive in _RU_REFLEXIVE)


def _ru_mutated(stem: str) -> list[str]:
    for tail, changed in _RU_MUTATIONS.items():
        if stem.endswith(tail):
            return [stem[: -len(tail)] + change for change in changed]
    return []


def _ru_verb_stems(word: str) -> list[tuple[str, str]]:
    """(stem, state) of an infinitive: обсуждать -> обсужда; говорить -> говори, говор
    (and говор's changed consonant); рекомендовать -> рекомендова, рекоменду; подчеркнуть
    -> подчеркну, подчеркн; вырасти -> выраст."""
    if word.endswith(("ться", "тись")):
        word = word[:-2]
    found: list[tuple[str, str]] = []
    if word.endswith("ть"):
        vowel = word[:-2]
        found.append((vowel, "ru verb"))
        if vowel.endswith(("ова", "ева")):
            found.append((vowel[:-3] + "у", "ru verb"))
        consonant = vowel[:-1] if vowel.endswith(("и", "е", "ну")) else ""
        if consonant:
            found.append((consonant, "ru verb consonant"))
            if not vowel.endswith("ну"):
                found += [(m, "ru verb mutated") for m in _ru_mutated(consonant)]
    elif word.endswith("ти"):  # нес-ти -> нес-ёт; рас-ти -> раст-ёт
        found += [(word[:-2], "ru verb consonant"), (word[:-1], "ru verb consonant")]
    return [(stem, state) for stem, state in found if len(stem) >= _RU_MIN_STEM]


# The states of a noun's or adjective's base: a stem that may be hard, or one known soft.
_RU_NOMINAL = frozenset({"ru", "ru soft"})


@dataclass(frozen=True)
class _Russian:
    derived: bool = False  # also the nouns made of a term's verb

    def bases(self, word: str, *, head: bool) -> tuple[Base, ...]:
        found = [Base(word, "ru")]
        for ending in sorted(_RU_NOMINATIVE, key=len, reverse=True):
            if word.endswith(ending) and len(word) - len(ending) >= _RU_MIN_STEM:
                soft = ending[0] in _RU_SOFT_AFTER
                found.append(Base(word[: -len(ending)], "ru soft" if soft else "ru"))
        fleeting = _RU_FLEETING.search(word)
        if fleeting is not None:
            stem = word[: fleeting.start(1)] + word[fleeting.end(1) :].removesuffix("ь")
            if len(stem) >= _RU_MIN_STEM:
                found.append(Base(stem, "ru", vowel_first=True))
        stems = _ru_verb_stems(word)
        found += [Base(stem, state) for stem, state in stems]
        if self.derived:
            nouns = {stem for stem, _ in stems}
            nouns |= {stem[:-1] for stem, state in stems if state == "ru verb"}
            nouns |= {stem[:-2] for stem, _ in stems if stem.endswith("ва")}  # развива-
            found += [Base(stem, "ru derived") for stem in nouns if len(stem) >= _RU_MIN_STEM]
        return tuple(dict.fromkeys(found))

    def is_ending(self, base: Base, rest: str) -> bool:
        if base.state in _RU_NOMINAL:
            if not rest:
                return not base.vowel_first
            return rest in _RU_ENDINGS and (rest[0] != "ь" or base.state == "ru soft")
        return rest in _ru_rests(base.state)

    def follows(self, base: Base) -> frozenset[str] | None:
        if base.state in _RU_NOMINAL:
            firsts = {ending[0] for ending in _RU_ENDINGS}
            if base.state != "ru soft":
                firsts.discard("ь")
            return frozenset(firsts if base.vowel_first else {"", *firsts})
        return frozenset(rest[:1] for rest in _ru_rests(base.state))


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

    def follows(self, base: Base) -> frozenset[str] | None:
        return None  # a tokenised "country ’ s" goes on with a space


_EXACT = _Exact()
INFLECTIONS: dict[str, Inflection] = {"kk": _Kazakh(), "ru": _Russian(), "en": _English()}
# With `derived=True`: also the words derived from a term's words, where a language knows
# how (the others fall back to INFLECTIONS).
DERIVATIONS: dict[str, Inflection] = {"kk": _Kazakh(derived=True), "ru": _Russian(derived=True)}


# --- finding a term ------------------------------------------------------------------------


@dataclass(frozen=True)
class _TermWord:
    inflection: Inflection
    bases: tuple[Base, ...]

    @cached_property
    def needle(self) -> str:
        """What every matching word begins with: the bases' common beginning."""
        texts = [base.text for base in self.bases]
        shortest = min(texts, key=len)
        for index, char in enumerate(shortest):
            if any(text[index] != char for text in texts):
                return shortest[:index]
        return shortest

    def matches(self, word: str) -> bool:
        lowered = word.lower()
        return lowered.startswith(self.needle) and any(
            lowered.startswith(base.text)
            and self.inflection.is_ending(base, lowered[len(base.text) :])
            for base in self.bases
        )

    def pattern(self) -> str:
        """A regular expression (polars' engine; lower-case, to be used ignoring case) every
        segment holding a matching word matches: a base where a word can begin, then a
        letter that can follow it there, or the word's end."""
        return "|".join(_base_pattern(base, self.inflection.follows(base)) for base in self.bases)


def _base_pattern(base: Base, after: frozenset[str] | None) -> str:
    """A word token begins after anything but a letter (tm.fuzzy.text.WORD takes every
    letter it can), a digit included (2024жылы); and it ends before anything but a letter,
    or before a letter when it ends in a digit (2024 in 2024жылы, COVID-19ға)."""
    text = pl.escape_regex(base.text)
    if base.text[:1].isalpha():
        text = r"(?:^|\P{L})" + text
    if after is None or not base.text[-1:].isalpha():
        return text
    nexts = [r"\P{L}", "$"] if "" in after else []
    if any(after):
        nexts.append(f"[{''.join(_class_char(char) for char in sorted(after) if char)}]")
    return f"{text}(?:{'|'.join(nexts)})" if nexts else text


def _class_char(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def _words(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind != "mark"]


def _inflection(lang: str, *, exact: bool, derived: bool) -> Inflection:
    if exact:
        return _EXACT
    if derived and lang in DERIVATIONS:
        return DERIVATIONS[lang]
    return INFLECTIONS.get(lang, _EXACT)


@lru_cache(maxsize=1024)
def _term_words(
    term: str, lang: str, *, exact: bool, derived: bool = False
) -> tuple[_TermWord, ...]:
    inflection = _inflection(lang, exact=exact, derived=derived)
    found = []
    for position, token in enumerate(_words(term)):
        word = token.text.lower()
        how = _EXACT if word[:1].isdigit() else inflection
        found.append(_TermWord(how, how.bases(word, head=position > 0)))
    return tuple(found)


def find_term(
    text: str, term: str, lang: str, *, exact: bool = False, derived: bool = False
) -> list[tuple[int, int]]:
    """Character spans of the places where the term's words follow each other in `text`:
    the words as typed (`exact`), their inflected forms (the default), or also the words
    derived from them (`derived`: мемлекет -> мемлекеттік, жету -> жеткізу)."""
    wanted = _term_words(term, lang, exact=exact, derived=derived)
    words = _words(text)
    if not wanted:
        return []
    spans = []
    for first in range(len(words) - len(wanted) + 1):
        window = words[first : first + len(wanted)]
        if all(w.matches(t.text) for w, t in zip(wanted, window, strict=True)):
            spans.append((window[0].start, window[-1].end))
    return spans


def _prefilters(term: str, lang: str, *, exact: bool, derived: bool) -> list[str]:
    """Regular expressions every segment holding the term matches, ignoring case: a first
    pass in polars, each term word's bases' common beginning (the engine finds a literal
    fast, and faster ignoring case than lower-casing every segment first)."""
    words = _term_words(term, lang, exact=exact, derived=derived)
    return ["(?i)" + pl.escape_regex(word.needle) for word in words]


def _patterns(term: str, lang: str, *, exact: bool, derived: bool) -> list[str]:
    """Regular expressions every segment holding the term matches, ignoring case: a second
    pass, on the segments the first one kept (see `_TermWord.pattern`)."""
    return [
        "(?i)" + word.pattern() for word in _term_words(term, lang, exact=exact, derived=derived)
    ]


def _hits(
    frame: pl.DataFrame,
    side: str,
    term: str,
    lang: str,
    *,
    exact: bool,
    derived: bool,
    context: int,
) -> Iterator[ConcordanceHit]:
    for row in frame.iter_rows(named=True):
        segment = row[side]
        for start, end in find_term(segment, term, lang, exact=exact, derived=derived):
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
    derived: bool = False,
    context: int = 40,
    limit: int = 200,
) -> list[ConcordanceHit]:
    """Hits of `term` in the `lang` text of the TM (sources, targets or both): its inflected
    forms, or only the words as typed (`exact`), or also the words derived from it
    (`derived`). The term, `context` and `limit` are bounded (`tm.limits`): past them, an
    InputError naming the field."""
    wanted = lang  # the tag asked for: kk finds kk-KZ units, kk-Latn does not find kk-Cyrl
    lang = normalize_language(lang)
    _check_request(term, context, limit)
    if side is not None and side not in SIDES:
        raise InputError(f"side must be one of {', '.join(SIDES)}", field="side")
    hits: list[ConcordanceHit] = []
    for where in (side,) if side else SIDES:
        scan = memory.live(statuses=statuses).filter(language_is(_LANG_COLUMN[where], wanted))
        if other_lang is not None:
            scan = scan.filter(language_is(_LANG_COLUMN[_OTHER_SIDE[where]], other_lang))
        if doc_id is not None:
            scan = scan.filter(pl.col("doc_id") == doc_id)
        for needle in _prefilters(term, lang, exact=exact, derived=derived):
            scan = scan.filter(pl.col(where).str.contains(needle))
        frame = scan.select(
            "unit_id", "source", "target", "src_lang", "tgt_lang", "doc_id", "status"
        ).collect()
        patterns = _patterns(term, lang, exact=exact, derived=derived)
        for part in _candidates(frame, pl.col(where), patterns):
            for found in _hits(
                part, where, term, lang, exact=exact, derived=derived, context=context
            ):
                hits.append(found)
                if len(hits) >= limit:
                    return hits
    return hits


def _check_request(term: str, context: int, limit: int) -> None:
    """Refuse a term, context or limit that would cost more than a search should: every
    word of the term is a pass over the TM, and a long one a regular expression past the
    engine's size limit."""
    if len(term) > MAX_TERM_CHARS:
        raise InputError(
            f"the term has {len(term):,} characters; a term may have {MAX_TERM_CHARS:,} "
            f"and {MAX_TERM_WORDS} words",
            field="term",
        )
    words = len(_words(term))
    if not words:
        raise InputError("the term has no words to look for", field="term")
    if words > MAX_TERM_WORDS:
        raise InputError(
            f"the term has {words} words; a term may have {MAX_TERM_WORDS}", field="term"
        )
    if not 0 <= context <= MAX_CONTEXT_CHARS:
        raise InputError(
            f"context {context:,} is outside 0..{MAX_CONTEXT_CHARS:,} characters", field="context"
        )
    if not 1 <= limit <= MAX_CONCORDANCE_HITS:
        raise InputError(
            f"limit {limit:,} is outside 1..{MAX_CONCORDANCE_HITS:,} hits", field="limit"
        )


# The second pass runs on this many segments at a time, so that the search stops once it
# has its hits: a frequent term after the first slice.
_SLICE_ROWS = 4096


def _candidates(
    frame: pl.DataFrame, segment: pl.Expr, patterns: list[str]
) -> Iterator[pl.DataFrame]:
    for offset in range(0, frame.height, _SLICE_ROWS):
        part = frame.slice(offset, _SLICE_ROWS)
        for pattern in patterns:
            part = part.filter(segment.str.contains(pattern))
        yield part
