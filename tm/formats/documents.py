"""Articles in from .txt, .md and .docx files (or pasted text): the same `Article` for all.

Each kind ends up as lines of text handed to `parse_article`, so the first line
`date YYYY-MM-DD <title>` is metadata whatever the file kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

from tm.errors import FormatError, InputError
from tm.formats.article import Article, decode_text, parse_article

DocumentReader = Callable[[IO[bytes], str], Article]

_MD_BLOCK_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _text(stream: IO[bytes], source: str) -> Article:
    return parse_article(decode_text(stream.read(), source=source), source=source)


def _markdown_line(line: str) -> str:
    line = _MD_BLOCK_MARK.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    return line.strip().rstrip("#").strip() if line.lstrip().startswith("#") else line.strip()


def markdown_paragraphs(text: str) -> list[str]:
    """Markdown blocks as one line each: soft-wrapped lines joined, block marks and
    emphasis/link syntax dropped, headings kept as their text."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        is_heading = raw.lstrip().startswith("#")
        if not raw.strip() or _MD_RULE.match(raw) or is_heading:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if is_heading:
                paragraphs.append(_markdown_line(raw))
            continue
        current.append(_markdown_line(raw))
    if current:
        paragraphs.append(" ".join(current))
    return [paragraph for paragraph in paragraphs if paragraph]


def _markdown(stream: IO[bytes], source: str) -> Article:
    text = decode_text(stream.read(), source=source)
    lines = text.splitlines()
    # The metadata line stays a line of its own, then the blocks follow one per line.
    head = lines[:1] if lines and lines[0].lstrip().startswith("date ") else []
    body = "\n".join(lines[len(head) :])
    return parse_article("\n".join(head + markdown_paragraphs(body)), source=source)


def _docx(stream: IO[bytes], source: str) -> Article:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(stream)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise FormatError(f"not a readable .docx file: {err}", source=source) from err
    # A paragraph's soft line breaks become spaces: a paragraph is one line of the article.
    lines = [" ".join(paragraph.text.splitlines()) for paragraph in document.paragraphs]
    return parse_article("\n".join(lines), source=source)


DOCUMENT_READERS: dict[str, DocumentReader] = {
    ".txt": _text,
    ".text": _text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".docx": _docx,
}


def read_document(stream: IO[bytes], *, source: str, kind: str | None = None) -> Article:
    """The article in a document; `kind` is its extension (default: `source`'s)."""
    suffix = (kind or Path(source).suffix).lower()
    if not suffix.startswith("."):
        suffix = f".{suffix}"
    if suffix not in DOCUMENT_READERS:
        known = ", ".join(sorted(DOCUMENT_READERS))
        raise InputError(f"cannot read {suffix!r} documents (known: {known})", source=source)
    return DOCUMENT_READERS[suffix](stream, source)


def read_pasted(text: str) -> Article:
    """An article pasted into the app: the same layout as a .txt file."""
    return parse_article(text, source="<pasted text>")


def article_text(article: Article) -> str:
    """An article back in the project's text layout: the date/title line, one paragraph a line.

    Uploads of any kind become this text, which is what the segmenter and the library take.
    """
    lines = []
    if article.date is not None:
        lines.append(f"date {article.date.isoformat()} {article.title or ''}".rstrip())
    elif article.title:
        lines.append(article.title)
    lines.extend(article.paragraphs)
    return "\n".join(lines) + "\n"


def upload_text(data: bytes, *, name: str) -> str:
    """The text of an uploaded .txt, .md or .docx article, in the project's layout."""
    import io

    return article_text(read_document(io.BytesIO(data), source=name))
