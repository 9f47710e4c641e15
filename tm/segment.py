"""Text -> paragraphs -> sentences, for Kazakh, Russian and English, fully offline.

Sentence boundaries come from NLTK's Punkt with hand-made parameters (the abbreviation lists
in `tm.lang`), never from `nltk.download()`. Punkt alone splits news text in three places a
newsroom would not, so three repairs run after it:

- a dateline (`АСТАНА. KAZINFORM — ...`, `ASTANA, Nov. 18 (Kazinform) – ...`) is part of the
  first sentence;
- a sentence never ends inside «guillemets» that close later in the same paragraph;
- a "sentence" that starts with a lower-case letter continues the one before it
  (`«Қалай?» деді ол.`).

A sentence is always an exact slice of its paragraph, and only whitespace lies between two
sentences: segmentation loses no character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from tm.formats.article import Article, parse_article
from tm.lang import get_language

if TYPE_CHECKING:
    import datetime as dt

    from nltk.tokenize.punkt import PunktSentenceTokenizer

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
# An upper-case place name at the start of a paragraph, a period or comma, then within a short
# stretch a dash set off by spaces: the dateline of a news agency.
_DATELINE = re.compile(rf"^\s*[{_UPPER}][{_UPPER}\-’' ]+[.,][^—–\n]{{0,60}}?\s[—–-]\s")
_STARTS_LOWER = re.compile(r"^[\s\-–—,;:)\]»”]*[a-zа-яёәғқңөұүһі]")


@dataclass(frozen=True)
class Document:
    """A segmented article: sentences grouped by paragraph, plus the article's metadata."""

    lang: str
    paragraphs: tuple[tuple[str, ...], ...]
    title: str | None = None
    date: dt.date | None = None

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(sentence for paragraph in self.paragraphs for sentence in paragraph)


@cache
def _tokenizer(lang: str) -> PunktSentenceTokenizer:
    # Imported here so that `import tm` stays cheap; built once per language.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(get_language(lang).abbreviations)
    return PunktSentenceTokenizer(params)


def _protected_ranges(paragraph: str) -> list[tuple[int, int]]:
    """Character ranges inside which no sentence may end."""
    ranges = []
    if dateline := _DATELINE.match(paragraph):
        ranges.append((0, dateline.end()))
    depth, opened_at = 0, 0
    for position, char in enumerate(paragraph):
        if char == "«":
            if depth == 0:
                opened_at = position
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                ranges.append((opened_at, position))
    return ranges


def sentence_spans(paragraph: str, lang: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the sentences of one paragraph."""
    spans = list(_tokenizer(get_language(lang).code).span_tokenize(paragraph))
    if not spans:
        return ()
    protected = _protected_ranges(paragraph)
    merged = [spans[0]]
    for start, end in spans[1:]:
        previous_end = merged[-1][1]
        inside_protected = any(low <= previous_end - 1 < high for low, high in protected)
        if inside_protected or _STARTS_LOWER.match(paragraph[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def split_sentences(paragraph: str, lang: str) -> tuple[str, ...]:
    return tuple(paragraph[start:end] for start, end in sentence_spans(paragraph, lang))


def segment_article(article: Article, lang: str) -> Document:
    code = get_language(lang).code
    paragraphs = tuple(split_sentences(paragraph, code) for paragraph in article.paragraphs)
    return Document(
        lang=code,
        paragraphs=tuple(p for p in paragraphs if p),
        title=article.title,
        date=article.date,
    )


def segment_text(text: str, lang: str, *, source: str = "<text>") -> Document:
    """Segment an article given as text (see `tm.formats.article` for its layout)."""
    return segment_article(parse_article(text, source=source), lang)


def presegmented(lines: Sequence[str], lang: str) -> Document:
    """A document whose sentences were split already, one a line; blank lines end paragraphs."""
    paragraphs: list[tuple[str, ...]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(tuple(current))
            current = []
    if current:
        paragraphs.append(tuple(current))
    return Document(lang=get_language(lang).code, paragraphs=tuple(paragraphs))


def format_document(document: Document) -> str:
    """One sentence a line, a blank line between paragraphs: the CLI's and gold files' layout."""
    return "\n\n".join("\n".join(paragraph) for paragraph in document.paragraphs) + "\n"
