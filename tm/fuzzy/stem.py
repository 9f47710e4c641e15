"""Suffix-stripping stemmers: Kazakh in full, Russian and English lightly.

Kazakh is agglutinative: a word is a root followed by suffixes in a fixed order, nouns
`root + plural + possessive + case (+ personal ending)`, verbs `root + voice + negation +
tense/aspect/participle + person`. The stemmer strips from the right, one suffix class at
a time, and after each class only the classes that may stand before it are tried (a small
state machine in the manner of the Snowball stemmers). The suffix inventories and their
order follow the standard grammars of Kazakh (e.g. Krippes, "Kazakh Grammar with
Affixal Lexicon", 1996; Muhamedowa, "Kazakh: A Comprehensive Grammar", 2016): vowel
harmony (back а/о/ұ/ы, front ә/ө/ү/і/е) and the assimilation of the first consonant
(д/т/н, ғ/қ/г/к, л/д/т, б/п/м) give each suffix its two to six written forms, which are
listed here in full rather than generated, so that the table reads like a grammar's.

The stemmers are meant for matching, not for dictionaries: over-stemming a word the same
way in the query and in the TM is harmless. A Kazakh or Russian stem is always a prefix of
the word (concordance relies on it); English turns -ies into -y.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


def _forms(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Suffix classes, named by what they mark.
_KK_SUFFIXES: dict[str, frozenset[str]] = {
    "plural": _forms("лар лер дар дер тар тер"),
    "possessive": _forms(
        "ым ім м ың ің ң ыңыз іңіз ңыз ңіз ы і сы сі ымыз іміз мыз міз ыңдар іңдер ңдар ңдер"
    ),
    # Case endings, with the forms they take after a possessive (жобасы+н, Үкіметі+не) kept
    # as one unit so that a bare -н or -а is never stripped from a root.
    "case": _forms(
        "ның нің дың дің тың тің ға ге қа ке ны ні ды ді ты ті да де та те "
        "нда нде дан ден тан тен нан нен мен бен пен менен бенен пенен "
        "дағы дегі тағы тегі ндағы ндегі ша ше ына іне сына сіне ын ін сын сін "
        "ында інде сында сінде ынан інен сынан сінен ының інің сының сінің ымен імен "
        "сымен сімен ынша інше"
    ),
    # Personal (predicative) endings: барамын, студентпіз, келдіңіз.
    "personal": _forms(
        "мын мін бын бін пын пін мыз міз быз біз пыз піз сың сің сыз сіз сыңдар сіңдер "
        "сыздар сіздер"
    ),
    # Simple past with its person endings (талқылады, келдік, бардыңыз); the informal
    # second person -дың/-тің is left out: as the genitive it is far more common in the news.
    "past": _forms(
        "ды ді ты ті дым дім тым тім дық дік тық тік дыңыз діңіз тыңыз тіңіз дыңдар діңдер "
        "тыңдар тіңдер"
    ),
    # The present-future's -а/-е/-й (бар-а-мыз) and the aorist -ар/-ер/-р (бар-ар); the -ды
    # of барады, келеді is stripped as a third person, like the past's.
    "present": _forms("а е й ар ер р"),
    "participle": _forms(
        "ған ген қан кен атын етін йтын йтін мақ мек бақ бек пақ пек мақшы мекші "
        "ушы уші ғалы гелі қалы келі"
    ),
    # Converbs and the verbal noun: талқылап, талқылау, талқылануда.
    "converb": _forms("ып іп п у уда уде уы уі са се"),
    "negation": _forms("ма ме ба бе па пе"),
    # Voice: passive -ыл/-л, reflexive -ын/-н, reciprocal -ыс/-с, causative -дыр/-ғыз/-ыт.
    "voice": _forms("ыл іл л ын ін н ыс іс с дыр дір тыр тір ғыз гіз қыз кіз ыт іт"),
}

_VERB_TAIL = ("negation", "voice")
# After stripping a class, the classes that may stand right before it.
_KK_BEFORE: dict[str, tuple[str, ...]] = {
    "start": (
        "personal",
        "case",
        "possessive",
        "plural",
        "past",
        "present",
        "participle",
        "converb",
    ),
    "personal": ("case", "possessive", "plural", "participle"),
    "case": ("possessive", "plural", "participle", "converb"),
    "possessive": ("plural", "participle", "converb"),
    "plural": ("participle",),
    "past": _VERB_TAIL,
    "present": _VERB_TAIL,
    "participle": _VERB_TAIL,
    "converb": _VERB_TAIL,
    "negation": ("voice",),
    "voice": (),
}

_VOWELS = frozenset("аәеёиоөуұүыіэюяaeiouy")
# A stem keeps at least this many letters, one of them a vowel: Kazakh roots such as ел
# (country) and ал (take) are two letters long.
_MIN_STEM = 2
_LONGEST_SUFFIX = max(len(s) for forms in _KK_SUFFIXES.values() for s in forms)


# A one-letter ending is stripped from a bare word only when it is the possessive -ы/-і
# (otherwise заң, бар, жаңа would lose their last letter); inside a word, other one-letter
# endings only after a vowel, where they stand (талқыла-н-ды, бала-м-ды), so that Үкіметті
# keeps the т of Үкімет.
_ONE_LETTER_AFTER_CONSONANT = frozenset("ыі")


def _strippable(word: str, suffix: str, *, bare: bool) -> bool:
    stem = word[: -len(suffix)]
    one_letter = len(suffix) == 1 and suffix not in _ONE_LETTER_AFTER_CONSONANT
    if one_letter and (bare or stem[-1:] not in _VOWELS):
        return False
    return len(stem) >= _MIN_STEM and any(char in _VOWELS for char in stem)


def _strip_one(
    word: str, classes: tuple[str, ...], *, bare: bool
) -> tuple[str, tuple[str, ...]] | None:
    """The longest suffix of one of `classes` that leaves a stem, and what may precede it."""
    for length in range(min(_LONGEST_SUFFIX, len(word) - 1), 0, -1):
        suffix = word[-length:]
        owners = [name for name in classes if suffix in _KK_SUFFIXES[name]]
        if owners and _strippable(word, suffix, bare=bare):
            before = tuple(dict.fromkeys(c for owner in owners for c in _KK_BEFORE[owner]))
            return word[:-length], before
    return None


def stem_kazakh(word: str) -> str:
    """The word without its inflectional suffixes (lower-case in, lower-case out)."""
    if "-" in word:
        # A Latin name with a Kazakh suffix: OneIndia-ға, COVID-19-ға.
        head, _, tail = word.rpartition("-")
        if head and any(tail in forms for forms in _KK_SUFFIXES.values()):
            return head
    classes = _KK_BEFORE["start"]
    bare = True
    while classes:
        stripped = _strip_one(word, classes, bare=bare)
        bare = False
        if stripped is None:
            break
        word, classes = stripped
    return word


_RU_ENDINGS = sorted(
    _forms(
        "ами ями ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ую юю ов ев ам ям "
        "ах ях ом ем у ю а я о е ы и ь ть ться тся ся ет ют ит ат ят ешь ишь ете ите ут ал ала "
        "али ало ил ила или ило ла ли ло ией ия ие ью ием иях иям ость ости остью ах"
    ),
    key=len,
    reverse=True,
)


def stem_russian(word: str) -> str:
    """Strips one inflectional ending (longest first), keeping at least three letters."""
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


_EN_ENDINGS = ("'s", "’s", "ies", "ing", "ed", "es", "ly", "s")


def stem_english(word: str) -> str:
    """Porter's step 1 in spirit: plurals, -ed, -ing, -ly; at least three letters stay."""
    for ending in _EN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            return stem + "y" if ending == "ies" else stem
    return word


STEMMERS: dict[str, Callable[[str], str]] = {
    "kk": stem_kazakh,
    "ru": stem_russian,
    "en": stem_english,
}


def _identity(word: str) -> str:
    return word


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The stem of a word (lower-cased) in a language; unknown languages are not stemmed."""
    return STEMMERS.get(lang, _identity)(word.lower())
