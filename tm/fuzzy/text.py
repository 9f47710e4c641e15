"""Tokens of a segment, the keys they are compared by, and what their numbers are worth.

A segment is words, numbers and punctuation marks; whitespace only separates them. Two
keys stand for a word when segments are compared: its lower-cased form (the *surface*
key) and its stem cut to `STEM_KEY_LENGTH` letters (the *stem* key), so that Kazakh
words that differ only in their suffixes share a stem key. Numbers all have the key "#":
a number that changed is substituted into the suggestion, not counted as an edit.

What is only formatting does not change a key:

- an HTML/XML entity (&amp;, &quot;, &#39;) is a punctuation mark, as the character it
  stands for is, and never a word ("amp");
- a word keeps its apostrophe however it is spaced or encoded: "X’s", "X's", "X&#39;s"
  and a tokenised TM's "X ’ s" are one word with the key "x's";
- a number is one token in every kk/ru/en spelling: 8 826 (a space, no-break or narrow
  no-break space between groups), 8826, 8,826, 8 826,5, 18,4 and 18.4.

`readings` tells what a number may be worth in a language, best guess first, and
`Spelling` how it was written, so that a changed number can be written back in the style
of the target it goes into (tm.fuzzy.score.substitute_numbers).

The token patterns are written so that Python's `re` and polars' (Rust) regex engine read
them the same way (no look-around; the one construct they spell differently, an ASCII word
boundary, is put in for each): the index tokenises the whole TM in polars, a query in
Python.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from tm.fuzzy.stem import stem

# The entities a TM exported from HTML or XML carries; numeric ones in full.
ENTITY = (
    r"&(?:amp|lt|gt|quot|apos|nbsp|[lr]squo|[lr]dquo|[lr]aquo|bdquo|sbquo|[mn]dash|hellip"
    r"|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
)
_APOSTROPHE = r"(?:['’ʼ]|&#0*39;|&#[xX]0*27;|&apos;|&rsquo;|&#0*8217;)"
# The clitics a tokeniser splits off with spaces around the apostrophe ("X ’ s", "don 't").
_CLITIC = r"(?:[sStTdDmM]|re|RE|ve|VE|ll|LL)"
_GROUP_SPACE = r"(?:[ \u00a0\u202f]|&nbsp;|&#160;)"
_LETTERS = r"[^\W\d_]+"
# An ASCII word boundary (digits and Latin clitics end there): the two engines spell it
# differently, and a Unicode one would cost the Rust engine its DFA, four times the time.
_RUST_BOUNDARY, _PYTHON_BOUNDARY = r"(?-u:\b)", r"(?a:\b)"


def _number(boundary: str) -> str:
    return rf"\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:[.,]\d+)?{boundary}|\d+(?:[.,]\d+)*"


def _word(boundary: str) -> str:
    joined = rf"-{_LETTERS}|-\d+|{_APOSTROPHE}{_LETTERS}|\s?{_APOSTROPHE}\s?{_CLITIC}{boundary}"
    return rf"{_LETTERS}(?:{joined})*"


NUMBER = _number(_PYTHON_BOUNDARY)
WORD = _word(_PYTHON_BOUNDARY)
# What the index extracts from every source in polars: entities come out too (so that they
# are not read as words) and are dropped, since they begin with "&" and nothing else does.
KEY_TOKEN = rf"{ENTITY}|{_number(_RUST_BOUNDARY)}|{_word(_RUST_BOUNDARY)}"
TOKEN = re.compile(rf"(?P<entity>{ENTITY})|(?P<number>{NUMBER})|(?P<word>{WORD})|(?P<mark>\S)")

NUMBER_KEY = "#"
# Long enough to tell most Kazakh roots apart, short enough that a stemmer's disagreement
# about the last suffix (Қазақстан -> қазақс, Қазақстанға -> қазақстан) does not matter.
STEM_KEY_LENGTH = 6


@dataclass(frozen=True)
class Token:
    text: str
    kind: str  # "word", "number" or "mark" (an entity is a mark)
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    # A lookup tokenises its query once for every match it scores, diffs and fills in.
    return tuple(
        Token(m.group(), "mark" if m.lastgroup == "entity" else m.lastgroup or "mark", *m.span())
        for m in TOKEN.finditer(text)
    )


_SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """The text with its entities decoded (what a reader sees); unchanged without them."""
    return html.unescape(text) if "&" in text else text


def canonical_word(word: str) -> str:
    """A word as written once entities, spaces and the apostrophe's glyph are set aside."""
    return _SPACE.sub("", plain(word)).replace("’", "'").replace("ʼ", "'")


def surface_key(token: str) -> str:
    return NUMBER_KEY if token[:1].isdigit() else canonical_word(token).lower()


def stem_key(token: str, lang: str) -> str:
    if token[:1].isdigit():
        return NUMBER_KEY
    return stem(canonical_word(token), base_language(lang))[:STEM_KEY_LENGTH]


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


# -- what a number is worth --------------------------------------------------------------


@dataclass(frozen=True)
class Spelling:
    """One reading of a number token: its value and how it was written."""

    value: Decimal
    group: str | None  # the thousands separator; "" when ungrouped; None when it cannot tell
    decimal: str | None  # the decimal separator, None without a fraction
    decimals: int  # digits after the decimal separator


# Languages that write 8,826.5; the others (kk, ru and most of Europe) write 8 826,5.
_POINT_DECIMAL = frozenset({"en", "zh", "ja", "ko", "he", "hi", "th"})


def base_language(lang: str) -> str:
    return lang.strip().replace("_", "-").split("-")[0].lower()


def decimal_point(lang: str) -> str:
    return "." if base_language(lang) in _POINT_DECIMAL else ","


def _spelling(digits: str, group: str | None, fraction: str, sep: str | None) -> Spelling:
    if group is None and len(digits) >= 4:
        group = ""  # four digits or more and no separator: written ungrouped
    value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    return Spelling(value, group, sep if fraction else None, len(fraction))


_SPACED = re.compile(rf"(\d{{1,3}}(?:({_GROUP_SPACE})\d{{3}})+)(?:([.,])(\d+))?")
_SEPARATOR = re.compile(r"[.,]")


def readings(text: str, lang: str) -> tuple[Spelling, ...]:
    """What a number token may be worth, the likeliest reading in `lang` first.

    "8,826" is 8826 in English and 8.826 in Russian or Kazakh; both readings are kept, in
    that order. A date or a version ("18.11.2024", "1.2.3") has no reading.
    """
    spaced = _SPACED.fullmatch(text)
    if spaced:
        whole, group, sep, fraction = spaced.groups()
        return (_spelling(whole.replace(group, ""), group, fraction or "", sep),)
    separators = _SEPARATOR.findall(text)
    parts = _SEPARATOR.split(text)
    if not separators:
        return (_spelling(text, None, "", None),) if text.isdigit() else ()
    # Groups of three after a first group of one to three digits: 1,234,567 or 1.234,5.
    grouped = 1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:-1])
    if len(set(separators)) == 2:  # 1,234.5 or 1.234,5: the last one is the decimal
        group, sep = separators[0], separators[-1]
        if separators[:-1] != [group] * (len(separators) - 1) or len(parts[-2]) != 3:
            return ()
        return (_spelling("".join(parts[:-1]), group, parts[-1], sep),) if grouped else ()
    sep = separators[0]
    if len(separators) > 1:  # 1,234,567, or a date
        return (
            (_spelling("".join(parts), sep, "", None),) if grouped and len(parts[-1]) == 3 else ()
        )
    whole, fraction = parts
    as_decimal = _spelling(whole, None, fraction, sep)
    if len(fraction) != 3 or not grouped or whole.startswith("0"):
        return (as_decimal,)
    as_grouped = _spelling(whole + fraction, sep, "", None)
    thousands_first = sep == "," and decimal_point(lang) == "."
    return (as_grouped, as_decimal) if thousands_first else (as_decimal, as_grouped)


def value(text: str, lang: str) -> Decimal | None:
    """The likeliest value of a number token in `lang`, None for a date or the like."""
    found = readings(text, lang)
    return found[0].value if found else None
