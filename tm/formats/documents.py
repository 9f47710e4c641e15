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

# A news article is tens of kilobytes; these caps keep a wrong or hostile file (a 2 GB
# line, a zip bomb dressed as .docx) from being read into memory.
MAX_DOCUMENT_BYTES = 16 << 20  # a .txt or .md file
MAX_DOCX_UNPACKED_BYTES = 64 << 20  # all parts of a .docx together, uncompressed
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")

_MD_BLOCK_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _read_bounded(stream: IO[bytes], source: str) -> bytes:
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise FormatError(
            f"the file is larger than {MAX_DOCUMENT_BYTES >> 20} MiB, the limit of one "
            "article (is this the right file?)",
            source=source,
            line=data.count(b"\n") + 1,
        )
    return data


def _text(stream: IO[bytes], source: str) -> Article:
    return parse_article(decode_text(_read_bounded(stream, source), source=source), source=source)


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
    text = decode_text(_read_bounded(stream, source), source=source)
    lines = text.splitlines()
    # The metadata line stays a line of its own, then the blocks follow one per line.
    head = lines[:1] if lines and lines[0].lstrip().startswith("date ") else []
    body = "\n".join(lines[len(head) :])
    return parse_article("\n".join(head + markdown_paragraphs(body)), source=source)


def _check_package(stream: IO[bytes], source: str) -> None:
    """Refuse a .docx too big once unpacked, or whose XML declares a DOCTYPE (OOXML has
    none; entities are how XML attacks), before python-docx unpacks and parses it.

    The sizes a zip declares can be trusted here: zipfile never returns more bytes than
    declared and fails the CRC check when the data was longer.
    """
    import zipfile
    import zlib

    start = stream.tell()
    try:
        with zipfile.ZipFile(stream) as package:
            members = package.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_DOCX_UNPACKED_BYTES:
                raise FormatError(
                    f"unpacks to {unpacked:,} bytes, more than the "
                    f"{MAX_DOCX_UNPACKED_BYTES >> 20} MiB an article may take",
                    source=source,
                )
            for member in members:
                if not member.filename.endswith((".xml", ".rels")):
                    continue
                # UTF-16 parts: dropping the NULs leaves the ASCII of the markup.
                data = package.read(member).replace(b"\x00", b"")
                if any(declaration in data for declaration in _DECLARATIONS):
                    raise FormatError(
                        f"its part {member.filename} declares a DOCTYPE or entities, which "
                        "no .docx needs and which are refused (XML entity attacks)",
                        source=source,
                    )
    # Corrupt deflate data, an encrypted member, a compression zipfile lacks, a cut file,
    # an offset pointing before the start (OSError from seek).
    except (
        zipfile.BadZipFile,
        zlib.error,
        RuntimeError,
        NotImplementedError,
        EOFError,
        OSError,
    ) as err:
        raise FormatError(f"not a readable .docx file: {err}", source=source) from err
    finally:
        stream.seek(start)


def _docx(stream: IO[bytes], source: str) -> Article:
    import zipfile
    import zlib

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    _check_package(stream, source)
    try:
        document = docx.Document(stream)
    except etree.LxmlError as err:
        raise FormatError(f"not a readable .docx file: broken XML: {err}", source=source) from err
    # python-docx takes a zip with unexpected parts as given and fails on it with whatever
    # error the missing piece causes: all of them mean "not a .docx we can read".
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        KeyError,
        ValueError,
        AttributeError,
        TypeError,
        IndexError,
    ) as err:
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
