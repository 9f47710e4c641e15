"""Text -> paragraphs -> sentences, for Kazakh, Russian and English, fully offline.

Sentence boundaries come from NLTK's Punkt with hand-made parameters (the abbreviation lists
in `tm.lang`), never from `nltk.download()`. Punkt alone gets news text wrong in a few
places, so its boundaries are repaired by rules about classes of tokens:

- more ends: after an abbreviation that can close a sentence ("т.б.", "и т.д.", "etc.",
  "США.", `Language.sentence_final`) when a capitalised word follows, and after "…" or a
  sentence end inside closing quotes («...келдік.» Кейін) when a capitalised word follows.
  Sentence ends inside a «…» / "…" / “…” quotation stand: a quoted speech of three
  sentences is three sentences, the last one keeping its attribution («...», – деді ол.);
- fewer ends: none inside a dateline (`АСТАНА. KAZINFORM — ...`, `Нұр-Сұлтан, BAQ.KZ. ...`,
  `Астана. 12 наурыз. Tengrinews — ...`), which is part of the first sentence; and none
  before a lower-case letter (`«Қалай?» деді ол.`, `Ол БҰҰ. мінберінде`).

A sentence is always an exact slice of its paragraph, and only whitespace lies between two
sentences: segmentation loses no character.

Segmentation is bounded (`tm.limits`): an article of more than `MAX_ARTICLE_PARAGRAPHS`
paragraphs, or a paragraph of more than `MAX_PARAGRAPH_CHARS` characters, is refused with an
`InputError` naming it, and so is a paragraph on which Punkt's own time limit runs out (NLTK
stops a regular expression after 5 s): never NLTK's bare TimeoutError about "ReDoS".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from tm.errors import InputError
from tm.formats.article import Article, parse_article
from tm.lang import Language, canonical_tag, get_language
from tm.limits import MAX_ARTICLE_PARAGRAPHS, MAX_PARAGRAPH_CHARS

if TYPE_CHECKING:
    import datetime as dt

    from nltk.tokenize.punkt import PunktSentenceTokenizer

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"
_LETTER = _UPPER + _LOWER

# Dateline shapes. A wire story opens with where (and when) it was filed and by whom; the
# periods in that header do not end a sentence. Each shape is anchored at the paragraph start.
_CITY = rf"[{_UPPER}][{_LETTER}’'\-]*(?:\s[{_UPPER}][{_LETTER}’'\-]*){{0,2}}"
_CITY_IN_CAPITALS = rf"[{_UPPER}][{_UPPER}’'\- ]+"
# "12 наурыз", "5 апреля", "Nov. 18", "March 12", with an optional year.
_DATE = rf"(?:\d{{1,2}}\s[{_LOWER}]+|[{_UPPER}][{_LOWER}]*\.?\s\d{{1,2}})(?:,?\s\d{{4}})?"
# An agency that cannot be mistaken for the first word of a sentence: "KAZINFORM", "BAQ.KZ",
# "(Kazinform)", "Zakon.kz".
_AGENCY_MARKED = (
    rf"(?:[{_UPPER}][{_UPPER}\d.&\-]*[{_UPPER}\d]"
    rf"|\([^()]{{2,40}}\)"
    rf"|[{_LETTER}\d\-]+\.[a-z]{{2,6}})"
)
# After a date, any capitalised name will do: "Tengrinews".
_AGENCY_NAMED = rf"(?:{_AGENCY_MARKED}|[{_UPPER}][{_LETTER}\d.\-]*)"
_DASH = r"\s[—–-]\s"
_DATELINES: tuple[re.Pattern[str], ...] = (
    # АСТАНА. KAZINFORM — / ASTANA, Nov. 18 (Kazinform) – : a city in capitals is a header
    # already, so anything short up to the dash belongs to it.
    re.compile(rf"\s*{_CITY_IN_CAPITALS}[.,][^—–]{{0,60}}?{_DASH}"),
    # Астана. 12 наурыз. Tengrinews — / Алматы. KAZINFORM — : a city not in capitals needs a date
    # or a marked agency before the dash, or "Иә. Бұл — ..." would be one.
    re.compile(rf"\s*{_CITY}[.,]\s(?:{_DATE}[.,]?\s{_AGENCY_NAMED}|{_AGENCY_MARKED}){_DASH}"),
    # Нұр-Сұлтан, BAQ.KZ. / Алматы, 5 сәуір, Zakon.kz. : no dash, so a marked agency and its
    # period close the dateline.
    re.compile(rf"\s*{_CITY},\s(?:{_DATE},\s)?{_AGENCY_MARKED}\.(?=\s)"),
)

# A sentence end that Punkt does not see: "…", or . ! ? inside closing quotes («...келдік.»).
_UNSEEN_END = re.compile(r"(?:[.!?]+[»”\"’]+|…[»”\"’]*)")
# What opens a new sentence after such an end: a capital, maybe behind an opening quote.
_NEW_SENTENCE = re.compile(rf"\s+[«„“\"‘(]*[{_UPPER}]")
_STARTS_LOWER = re.compile(rf"[\s\-–—,;:)\]»”]*[{_LOWER}]")
_SPACES = re.compile(r"\s*")


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


@cache
def _sentence_final(lang: str) -> re.Pattern[str] | None:
    """One pattern for the language's abbreviations that may end a sentence."""
    phrases = get_language(lang).sentence_final
    if not phrases:
        return None
    alternatives = (
        r"\s+".join(map(_word_pattern, phrase.split()))
        for phrase in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w.])(?:{'|'.join(alternatives)})")


def _word_pattern(word: str) -> str:
    # "т.д." is also typed "т. д.": a space may follow an inner period.
    body = r"\.\s?".join(map(re.escape, word.removesuffix(".").split(".")))
    return body + r"\." if word.endswith(".") else body


def _dateline_end(paragraph: str) -> int:
    """Where the dateline that opens `paragraph` ends, 0 if it opens with none."""
    for shape in _DATELINES:
        if match := shape.match(paragraph):
            return match.end()
    return 0


def _extra_ends(paragraph: str, language: Language) -> Iterator[int]:
    """Sentence ends that Punkt misses, each followed by a capitalised word."""
    patterns = [_UNSEEN_END]
    if final := _sentence_final(language.code):
        patterns.append(final)
    for pattern in patterns:
        for match in pattern.finditer(paragraph):
            if _NEW_SENTENCE.match(paragraph, match.end()):
                yield match.end()


def _next_start(paragraph: str, end: int) -> int:
    # `\s*` matches at every position, so the fallback is never taken.
    match = _SPACES.match(paragraph, end)
    return match.end() if match else end


def _paragraph_error(message: str, number: int | None, source: str | None) -> InputError:
    where = "a paragraph" if number is None else f"paragraph {number}"
    return InputError(f"{where} {message}", source=source)


def sentence_spans(
    paragraph: str, lang: str, *, number: int | None = None, source: str | None = None
) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of the sentences of one paragraph (`number` and `source` say
    which, in an error)."""
    if len(paragraph) > MAX_PARAGRAPH_CHARS:
        raise _paragraph_error(
            f"has {len(paragraph):,} characters, more than the {MAX_PARAGRAPH_CHARS:,} a "
            "paragraph may have (is each paragraph a line?)",
            number,
            source,
        )
    language = get_language(lang)
    try:
        spans = list(_tokenizer(language.code).span_tokenize(paragraph))
    except TimeoutError as err:  # nltk.redos: a match ran past its time limit
        raise _paragraph_error(
            f"of {len(paragraph):,} characters took the sentence splitter too long; split it "
            "into shorter paragraphs",
            number,
            source,
        ) from err
    if not spans:
        return ()
    candidates = {end for _, end in spans[:-1]} | set(_extra_ends(paragraph, language))
    header = _dateline_end(paragraph)
    starts, ends = [spans[0][0]], []
    for end in sorted(candidates):
        start = _next_start(paragraph, end)
        if end <= header or end <= starts[-1] or start >= spans[-1][1]:
            continue
        if _STARTS_LOWER.match(paragraph, start):
            continue
        ends.append(end)
        starts.append(start)
    ends.append(spans[-1][1])
    return tuple(zip(starts, ends, strict=True))


def split_sentences(
    paragraph: str, lang: str, *, number: int | None = None, source: str | None = None
) -> tuple[str, ...]:
    spans = sentence_spans(paragraph, lang, number=number, source=source)
    return tuple(paragraph[start:end] for start, end in spans)


def segment_article(article: Article, lang: str, *, source: str | None = None) -> Document:
    """The article's paragraphs split into sentences; `source` names it in errors."""
    if len(article.paragraphs) > MAX_ARTICLE_PARAGRAPHS:
        raise InputError(
            f"{len(article.paragraphs):,} paragraphs, more than the {MAX_ARTICLE_PARAGRAPHS:,} "
            "an article may have",
            source=source,
        )
    code = get_language(lang).code
    paragraphs = tuple(
        split_sentences(paragraph, code, number=number, source=source)
        for number, paragraph in enumerate(article.paragraphs, start=1)
    )
    return Document(
        lang=canonical_tag(lang),  # kk-KZ stays kk-KZ in the units made from it
        paragraphs=tuple(p for p in paragraphs if p),
        title=article.title,
        date=article.date,
    )


def segment_text(text: str, lang: str, *, source: str = "<text>") -> Document:
    """Segment an article given as text (see `tm.formats.article` for its layout)."""
    return segment_article(parse_article(text, source=source), lang, source=source)


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
    return Document(lang=canonical_tag(lang), paragraphs=tuple(paragraphs))


def format_document(document: Document) -> str:
    """One sentence a line, a blank line between paragraphs: the CLI's and gold files' layout."""
    return "\n\n".join("\n".join(paragraph) for paragraph in document.paragraphs) + "\n"
