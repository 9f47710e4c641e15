"""Tokens of a segment and the keys they are compared by.

A segment is words, numbers and punctuation marks; whitespace only separates them. Two
keys stand for a word when segments are compared: its lower-cased form (the *surface*
key) and its stem cut to `STEM_KEY_LENGTH` letters (the *stem* key), so that Kazakh
words that differ only in their suffixes share a stem key. Numbers all have the key "#":
a number that changed is substituted into the suggestion, not counted as an edit.

The token pattern is written so that Python's `re` and polars' (Rust) regex engine read
it the same way: the index tokenises the whole TM in polars, a query in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tm.fuzzy.stem import stem

NUMBER = r"\d+(?:[.,]\d+)*"
WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+|-\d+)*"
# Words and numbers only, for the keys; `TOKEN` adds punctuation marks.
WORD_OR_NUMBER = rf"{NUMBER}|{WORD}"
TOKEN = re.compile(rf"(?P<number>{NUMBER})|(?P<word>{WORD})|(?P<mark>\S)")

NUMBER_KEY = "#"
# Long enough to tell most Kazakh roots apart, short enough that a stemmer's disagreement
# about the last suffix (Қазақстан -> қазақс, Қазақстанға -> қазақстан) does not matter.
STEM_KEY_LENGTH = 6


@dataclass(frozen=True)
class Token:
    text: str
    kind: str  # "word", "number" or "mark"
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(), m.lastgroup or "mark", m.start(), m.end()) for m in TOKEN.finditer(text)
    ]


def surface_key(token: str) -> str:
    return NUMBER_KEY if token[:1].isdigit() else token.lower()


def stem_key(token: str, lang: str) -> str:
    return NUMBER_KEY if token[:1].isdigit() else stem(token, lang)[:STEM_KEY_LENGTH]


@dataclass(frozen=True)
class Keys:
    """The word and number keys of a segment, in order."""

    surface: tuple[str, ...]
    stems: tuple[str, ...]


def keys(text: str, lang: str) -> Keys:
    words = [token.text for token in tokenize(text) if token.kind != "mark"]
    return Keys(
        surface=tuple(surface_key(word) for word in words),
        stems=tuple(stem_key(word, lang) for word in words),
    )


def numbers(tokens: list[Token]) -> list[str]:
    return [token.text for token in tokens if token.kind == "number"]
