"""Articles as plain text: an optional `date YYYY-MM-DD <title>` line, then one paragraph a line.

That first line is how the project's news feed hands articles over (see corpora/README.md);
it is metadata, not body text, so it never reaches the segmenter or the aligner.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tm.errors import FormatError

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
    _refuse_nul(text, source=source)  # here, while lines are still the file's lines
    return text


def _refuse_nul(text: str, *, source: str) -> None:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FormatError(
            "contains a NUL character; is this a binary file?", source=source, line=line
        )


def parse_article(text: str, *, source: str = "<text>") -> Article:
    """Split an article into its metadata and its paragraphs (non-blank lines, stripped)."""
    _refuse_nul(text, source=source)
    lines = text.splitlines()
    title: str | None = None
    date: dt.date | None = None
    if lines and (meta := _META_LINE.match(lines[0])):
        try:
            date = dt.date.fromisoformat(meta["date"])
        except ValueError as err:
            raise FormatError(f"bad date {meta['date']!r}", source=source, line=1) from err
        title = meta["title"] or None
        lines = lines[1:]
    paragraphs = tuple(line.strip() for line in lines if line.strip())
    return Article(paragraphs=paragraphs, title=title, date=date)
