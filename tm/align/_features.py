"""Per-sentence features the scorer compares: a length and a set of anchor keys.

An anchor key is a string that, if it occurs on both sides, is evidence that the two
sentences are translations: a number's value ("N:1.2e+09" from "1,2 млрд" and
"1.2 billion"), a Latin-script word ("L:oneindia"), a transliteration skeleton
("T:pkst" from "Пәкістан" and "Pakistan"), a Cyrillic stem shared by Kazakh and Russian
("C:эстон"), a punctuation mark ("P:?"), or a lexicon entry ("X:..."). Each family is
one function in `TEXT_FAMILIES` or `WORD_FAMILIES`; the scorer weighs families by their prefix.

Besides its keys a sentence carries what tells a line an edition added from a sentence it
translated: its shape (`line_shape`: a photo credit, a byline, "Earlier it was
reported...", a short label), the numbers it writes in digits (a figure the other text
has nowhere was added or dropped), whether it stops without a final mark (a truncated
last sentence) and whether it opens a paragraph.
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
    """What the scorer needs of one sentence (or paragraph): its size and its anchors.

    `shape` names a line that editions add or drop rather than translate ("credit",
    "byline", "background", "label": see `SHAPES`), "" for an ordinary sentence.
    `para_start`: the sentence opens a paragraph (set by the caller, who knows them).
    `open_end`: it stops without a final mark, as a truncated last sentence does.
    A number found nowhere in the other text marks a sentence as added or left out.
    """

    length: int
    keys: frozenset[str]
    shape: str = ""
    para_start: bool = False
    open_end: bool = False
    # The keys of each number written in digits (a number is one set of readings).
    numbers: tuple[frozenset[str], ...] = ()


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


def number_tokens(text: str, lang: AlignLanguage) -> tuple[frozenset[str], ...]:
    """The keys of each number written in digits: one set per number, all its readings."""
    return _number_tokens(text, lang.code)


@lru_cache(maxsize=4096)
def _number_tokens(text: str, code: str) -> tuple[frozenset[str], ...]:
    lang = align_language(code)
    tokens = []
    for match in _NUMBER_RE.finditer(text):
        whole, sep, frac, after = match.groups()
        scale = _scale(after, lang) if after else None
        keys: set[str] = set()
        for value in _number_values(whole, sep, frac):
            keys.add(f"N:{value:.6g}")
            if scale is not None:
                keys.add(f"N:{value * scale:.6g}")
        tokens.append(frozenset(keys))
    return tuple(tokens)


def number_keys(text: str, words: list[str], lang: AlignLanguage) -> Iterator[str]:
    for token in number_tokens(text, lang):
        yield from token


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


# --- lines that editions add rather than translate -----------------------------------------

_CREDIT_RE = re.compile(
    r"^\W{0,3}(photos?|фото\w*|сурет\w*|видео|video|коллаж|collage|иллюстрация|"
    r"illustration|инфографика|infographics?|скриншот|screenshot|кадр)\b\s*"
    r"(?:[:©/|–—-]|by\b|courtesy\b|credit\b|с сайта|из\s|автор|түсірген)",
    re.IGNORECASE,
)
_COPYRIGHT_RE = re.compile(r"©|\(c\)\s", re.IGNORECASE)
_BYLINE_RE = re.compile(
    r"^\W{0,3}(by|author|authors|reporting by|interview by|written by|text by|edited by|"
    r"translated by|автор\w*|текст|беседовал\w*|подготовил\w*|перевод|"
    r"интервью (?:взял|взяла|записал\w*)|дайындаған|сұхбаттасқан|мәтін|аударған)\b\s*:?",
    re.IGNORECASE,
)
_CORRESPONDENT_RE = re.compile(r"\b(correspondent|корреспондент\w*|тілші\w*)\b", re.IGNORECASE)
_BACKGROUND_RE = re.compile(
    r"^\W{0,3}(earlier|previously|as (?:[\w.]+ ){0,3}(?:previously |earlier )?(?:reported|wrote)|"
    r"it (?:was|had been|has been) (?:earlier |previously )?reported|ранее|"
    r"как (?:ранее |уже )?(?:сообща\w*|писал\w*)|бұған дейін|бұдан бұрын|осыған дейін)\b",
    re.IGNORECASE,
)
_REPORTED_RE = re.compile(
    r"\b(reported|report|wrote|сообщ\w+|писал\w*|писали|хабарла\w+|жазған|жазды)\b",
    re.IGNORECASE,
)
# "Let us recall..." is written in the source too, and translated: a shape to match, not drop.
_RECALL_RE = re.compile(
    r"^\W{0,3}(напомним|recall that|let us recall|it should be recalled|айта кетейік|"
    r"еске сала кетейік|еске салайық|айта кету керек)\b",
    re.IGNORECASE,
)
_FINAL_RE = re.compile(r"[.!?…»\"”“)\]:;]\W*$")

# Shapes of lines an edition adds (or drops) rather than translates, and "recall", which
# editions keep ("Напомним, ..." for "Айта кетейік, ...") but whose shape is worth matching.
SHAPES = ("credit", "byline", "background", "label", "recall")


def line_shape(text: str) -> str:
    """What kind of line `text` is, if editions add or drop such lines (see `SHAPES`).

    "credit" (a photo credit), "byline", "background" ("Earlier it was reported..."),
    "label" (a short line with no final mark, ending on a name), "recall" ("Let us
    recall, ...") or "".
    """
    words = WORD_RE.findall(text)
    final = _FINAL_RE.search(text) is not None
    if len(words) <= 12:
        if _CREDIT_RE.match(text) or (_COPYRIGHT_RE.search(text) and len(words) <= 6):
            return "credit"
        if _BYLINE_RE.match(text) or (
            _CORRESPONDENT_RE.search(text) and (not final or len(words) <= 6)
        ):
            return "byline"
    if _BACKGROUND_RE.match(text) and _REPORTED_RE.search(text):
        return "background"
    if _RECALL_RE.match(text):
        return "recall"
    if len(words) <= 6 and not final and words and not words[-1][0].islower():
        # A name, a source, a dateline on its own; a line that stops on a lower-case word
        # ("...a runny nose and a") is a sentence cut short instead.
        return "label"
    return ""


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


# The keys of each word, per language: most words of a text recur, and a dict lookup is
# what makes features cheap on a long document.
_WORD_KEYS: dict[str, dict[str, tuple[str, ...]]] = {}
_WORD_CACHE = 200_000


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
    cached = _WORD_KEYS.setdefault(lang.code, {})
    for word in words:
        found = cached.get(word)
        if found is None:
            found = cached[word] = word_keys(word, lang)
            if len(cached) > _WORD_CACHE:
                cached.clear()
        keys.update(found)
    if lexicon_keys:
        for word in words:
            keys.update(lexicon_keys.get(stem(word, lang), ()))
    shape = line_shape(text)
    return Sentence(
        length=text_length(text),
        keys=frozenset(keys),
        shape=shape,
        open_end=bool(words) and not _FINAL_RE.search(text),
        numbers=number_tokens(text, lang),
    )


def merge(sentences: Iterable[Sentence]) -> Sentence:
    """Features of a paragraph from those of its sentences."""
    length = 0
    keys: set[str] = set()
    for s in sentences:
        length += s.length
        keys |= s.keys
    return Sentence(length=length, keys=frozenset(keys))
