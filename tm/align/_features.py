"""Per-sentence features the scorer compares: a length and a set of anchor keys.

An anchor key is a string that, if it occurs on both sides, is evidence that the two
sentences are translations: a number's value ("N:1.2e+09" from "1,2 млрд" and
"1.2 billion"), a Latin-script word ("L:oneindia"), a transliteration skeleton
("T:pkst" from "Пәкістан" and "Pakistan"), a Cyrillic stem shared by Kazakh and Russian
("C:эстон"), a punctuation mark ("P:?"), or a lexicon entry ("X:..."). Each family is
one function in `TEXT_FAMILIES` or `WORD_FAMILIES`; the scorer weighs families by their prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from tm.align._lang import AlignLanguage, align_language

WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_NUMBER_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:([.,])(\d+))?"
    r"(?:\s*([^\W\d]+))?"
)
_LATIN_RE = re.compile(r"[A-Za-z]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Sentence:
    """What the scorer needs of one sentence (or paragraph): its size and its anchors."""

    length: int
    keys: frozenset[str]


def text_length(text: str) -> int:
    # Non-space characters, so tokenised text ("word , word") and real text agree.
    return len("".join(text.split()))


# --- numbers -----------------------------------------------------------------------------


def _scale(word: str, lang: AlignLanguage) -> float | None:
    word = word.lower()
    for key, value in lang.scale_words.items():
        if (key.endswith("*") and word.startswith(key[:-1])) or word == key:
            return value
    return None


def _number_values(whole: str, sep: str | None, frac: str | None) -> list[float]:
    integer = int(re.sub(r"\D", "", whole))
    if not sep or not frac:
        return [float(integer)]
    decimal = float(f"{integer}.{frac}")
    # "1,500" is 1500 in English and 1.5 in Russian; "1.500" the other way round. Emitting
    # both readings costs nothing: a key only counts when the other side has it too.
    if len(frac) == 3:
        return [float(integer * 1000 + int(frac)), decimal]
    return [decimal]


def number_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    for match in _NUMBER_RE.finditer(text):
        whole, sep, frac, after = match.groups()
        scale = _scale(after, lang) if after else None
        for value in _number_values(whole, sep, frac):
            yield f"N:{value:.6g}"
            if scale is not None:
                yield f"N:{value * scale:.6g}"


def number_word_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    for word in words:
        value = _number_word(word.lower(), lang)
        if value is not None:
            yield f"N:{value:.6g}"


def _number_word(word: str, lang: AlignLanguage) -> float | None:
    if word in lang.number_words:
        return lang.number_words[word]
    for key, value in lang.number_words.items():
        if key.endswith("*") and word.startswith(key[:-1]):
            return value
    return None


# --- words -------------------------------------------------------------------------------


def latin_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    for word in words:
        if _LATIN_RE.match(word):
            yield "L:" + word.lower()


_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "ә": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "қ": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ф": "f",
        "х": "h",
        "һ": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ы": "y",
        "і": "i",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)
# Spellings that English and a Cyrillic transliteration render differently for one sound.
_PHONETIC = (
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("sh", "S"),
    ("ch", "C"),
    ("kh", "h"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("ts", "s"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("ce", "se"),
    ("ci", "si"),
    ("cy", "si"),
    ("c", "k"),
    ("z", "s"),
    ("y", "i"),
)
_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A consonant skeleton shared by a name and its transliteration: Тоқаев, Tokayev -> tkv."""
    text = word.lower().translate(_TRANSLIT)
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    if not text:
        return ""
    for old, new in _PHONETIC:
        text = text.replace(old, new)
    out = [text[0]]
    for ch in text[1:]:
        if ch in _VOWELS or ch == "h" or ch == out[-1]:
            continue
        out.append(ch)
    return "".join(out)


def skeleton_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    for word in words:
        if len(word) >= 4 and not word[0].isdigit():
            skel = skeleton(word)
            if len(skel) >= 3:
                yield "T:" + skel[:4]


# Kazakh letters folded onto the Russian ones they are borrowed as (Тоқаев, Токаев).
_CYRILLIC_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")


def cyrillic_stem_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    if not lang.cyrillic:
        return
    for word in words:
        if len(word) >= 5 and _CYRILLIC_RE.match(word):
            yield "C:" + word.lower().translate(_CYRILLIC_FOLD)[:5]


# --- punctuation -------------------------------------------------------------------------

_PUNCT = (
    ("?", "P:?"),
    ("!", "P:!"),
    ("(", "P:("),
    (":", "P::"),
    ("«", "P:q"),
    ("»", "P:q"),
    ('"', "P:q"),
    ("“", "P:q"),
    ("”", "P:q"),
    ("„", "P:q"),
    ("…", "P:..."),
)
_TURN_RE = re.compile(r"^\s*[-–—]")


def punctuation_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    for mark, key in _PUNCT:
        if mark in text:
            yield key
    # An interview turn starts with a dash in Kazakh and Russian news.
    if _TURN_RE.match(text):
        yield "P:turn"


KeyFamily = Callable[[str, list[str], AlignLanguage], Iterable[str]]

# Families that look at the running text; each takes (text, words, language).
TEXT_FAMILIES: Mapping[str, KeyFamily] = {
    "numbers": number_keys,
    "punctuation": punctuation_keys,
}
# Families that look at one word at a time, so their keys can be cached per word.
WORD_FAMILIES: Mapping[str, KeyFamily] = {
    "number_words": number_word_keys,
    "latin": latin_keys,
    "skeleton": skeleton_keys,
    "cyrillic_stem": cyrillic_stem_keys,
}


def word_keys(word: str, lang: AlignLanguage) -> tuple[str, ...]:
    return _word_keys(word, lang.code)


@lru_cache(maxsize=262144)
def _word_keys(word: str, code: str) -> tuple[str, ...]:
    lang = align_language(code)
    keys: list[str] = []
    for family in WORD_FAMILIES.values():
        keys.extend(family(word, [word], lang))
    return tuple(keys)


def stem(word: str, lang: AlignLanguage) -> str:
    return word.lower().replace("ё", "е")[: lang.stem_length]


def sentence_features(
    text: str,
    lang: AlignLanguage,
    lexicon_keys: Mapping[str, tuple[str, ...]] | None = None,
) -> Sentence:
    """Length and anchor keys of one sentence; `lexicon_keys` maps a stem to its "X:" keys."""
    words = WORD_RE.findall(text)
    keys: set[str] = set()
    for family in TEXT_FAMILIES.values():
        keys.update(family(text, words, lang))
    for word in words:
        keys.update(word_keys(word, lang))
    if lexicon_keys:
        for word in words:
            keys.update(lexicon_keys.get(stem(word, lang), ()))
    return Sentence(length=text_length(text), keys=frozenset(keys))


def merge(sentences: Iterable[Sentence]) -> Sentence:
    """Features of a paragraph from those of its sentences."""
    length = 0
    keys: set[str] = set()
    for s in sentences:
        length += s.length
        keys |= s.keys
    return Sentence(length=length, keys=frozenset(keys))
