"""Articles as plain text: an optional `date YYYY-MM-DD <title>` line, then one paragraph a line.

That first line is how the project's news feed hands articles over (see corpora/README.md);
it is metadata, not body text, so it never reaches the segmenter or the aligner.

An article is bounded (`tm.limits`): at most `MAX_ARTICLE_CHARS` characters,
`MAX_ARTICLE_PARAGRAPHS` paragraphs and `MAX_PARAGRAPH_CHARS` characters a paragraph; past
them `parse_article` refuses it naming the paragraph, so that the segmenter and the aligner
never see a million paragraphs or a paragraph of a whole book.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tm.errors import FormatError
from tm.limits import MAX_ARTICLE_CHARS, MAX_ARTICLE_PARAGRAPHS, MAX_PARAGRAPH_CHARS

_META_LINE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})(?:\s+(?P<title>.*?))?\s*$")


@dataclass(frozen=True)
class Article:
    paragraphs: tuple[str, ...]
    title: str | None = None
    date: dt.date | None = None


def decode_text(data: bytes, *, source: str) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with its mark; nothing else."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FormatError(
            f"not valid {encoding.upper().replace('-SIG', '')} text (byte {err.start})",
            source=source,
            line=line,
        ) from err
    _refuse_controls(text, source=source)  # here, while lines are still the file's lines
    return text


# C0 control characters other than TAB and the line breaks (which end a paragraph): not
# text, and the TM refuses them in a unit (tm.unit.clean_text), so they are refused here,
# at the article's door, rather than when its first segment is confirmed.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f]")


def _refuse_controls(text: str, *, source: str) -> None:
    found = _CONTROL.search(text)
    if found is None:
        return
    line = text[: found.start()].count("\n") + 1
    if found[0] == "\x00":
        raise FormatError(
            "contains a NUL character; is this a binary file?", source=source, line=line
        )
    raise FormatError(
        f"contains the control character U+{ord(found[0]):04X}, which is not text",
        source=source,
        line=line,
    )


def parse_article(text: str, *, source: str = "<text>", numbered: bool = True) -> Article:
    """Split an article into its metadata and its paragraphs (non-blank lines, stripped).

    Errors name the line of `text`; with `numbered` False (text made from a .docx or
    Markdown, whose lines are not the file's) they name the paragraph only."""
    _refuse_controls(text, source=source)
    if len(text) > MAX_ARTICLE_CHARS:
        raise FormatError(
            f"{len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} an article may have "
            "(is this the right file?)",
            source=source,
        )
    lines = text.splitlines()
    title: str | None = None
    date: dt.date | None = None
    first = 1
    if lines and (meta := _META_LINE.match(lines[0])):
        try:
            date = dt.date.fromisoformat(meta["date"])
        except ValueError as err:
            raise FormatError(f"bad date {meta['date']!r}", source=source, line=1) from err
        title = meta["title"] or None
        first = 2
    paragraphs: list[str] = []
    for number, line in enumerate(lines[first - 1 :], start=first):
        paragraph = line.strip()
        if not paragraph:
            continue
        where = number if numbered else None
        if len(paragraphs) == MAX_ARTICLE_PARAGRAPHS:
            raise FormatError(
                f"more than {MAX_ARTICLE_PARAGRAPHS:,} paragraphs, the limit of one article "
                "(is this the right file?)",
                source=source,
                line=where,
            )
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            raise FormatError(
                f"paragraph {len(paragraphs) + 1} has {len(paragraph):,} characters, more than "
                f"the {MAX_PARAGRAPH_CHARS:,} a paragraph may have (is each paragraph a line?)",
                source=source,
                line=where,
            )
        paragraphs.append(paragraph)
    return Article(paragraphs=tuple(paragraphs), title=title, date=date)
