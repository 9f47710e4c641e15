"""Articles in from .txt, .md and .docx files (or pasted text): the same `Article` for all.

Each kind ends up as lines of text handed to `parse_article`, so the first line
`date YYYY-MM-DD <title>` is metadata whatever the file kind.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tm.errors import FormatError, InputError
from tm.formats.article import Article, decode_text, parse_article
from tm.limits import MAX_DOCUMENT_BYTES, MAX_DOCX_ELEMENTS, MAX_DOCX_UNPACKED_BYTES, size

if TYPE_CHECKING:
    import zipfile

DocumentReader = Callable[[IO[bytes], str], Article]

# A news article is tens of kilobytes; the limits (tm.limits) keep a wrong or hostile file
# (a 2 GB line, a zip bomb dressed as .docx, a million empty paragraphs) from being read
# into memory or handed to the segmenter.
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
# A .docx part is read this many bytes at a time: zipfile's read() of a whole member asks
# zlib for up to 2 GiB at once, whatever size the zip declares.
_READ_CHUNK = 1 << 16

_MD_BLOCK_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def read_bounded(stream: IO[bytes], source: str) -> bytes:
    """The bytes of an article file, or a FormatError naming it and the limit when it holds
    more than `MAX_DOCUMENT_BYTES` (only that much is read)."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise FormatError(
            f"the file is larger than {size(MAX_DOCUMENT_BYTES)}, the limit of one article "
            "(is this the right file?)",
            source=source,
        )
    return data


def _text(stream: IO[bytes], source: str) -> Article:
    return parse_article(decode_text(read_bounded(stream, source), source=source), source=source)


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
    text = decode_text(read_bounded(stream, source), source=source)
    lines = text.splitlines()
    # The metadata line stays a line of its own, then the blocks follow one per line.
    head = lines[:1] if lines and lines[0].lstrip().startswith("date ") else []
    body = "\n".join(lines[len(head) :])
    return parse_article("\n".join(head + markdown_paragraphs(body)), source=source, numbered=False)


def _elements(data: bytes | bytearray) -> int:
    """How many elements an XML part holds (start and empty tags), without parsing it."""
    return data.count(b"<") - data.count(b"</") - data.count(b"<!") - data.count(b"<?")


class _Unpacking:
    """The parts of a .docx read within the limits: what they unpack to in all (the zip's
    declared sizes first, then the bytes actually read), and the XML elements they hold."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.unpacked = 0
        self.elements = 0

    def read(self, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytearray:
        data = bytearray()
        with package.open(member) as part:
            while chunk := part.read(_READ_CHUNK):
                self.unpacked += len(chunk)
                if self.unpacked > MAX_DOCX_UNPACKED_BYTES:
                    raise self.too_big()
                data += chunk
        if member.filename.endswith((".xml", ".rels")):
            self.check_xml(member.filename, data)
        return data

    def too_big(self, declared: int | None = None) -> FormatError:
        """What the zip declares, or (reading) that the parts went past the limit."""
        unpacks = "unpacks to " + (f"{declared:,} bytes, " if declared is not None else "")
        return FormatError(
            f"{unpacks}more than the {size(MAX_DOCX_UNPACKED_BYTES)} an article may take",
            source=self.source,
        )

    def check_xml(self, name: str, data: bytearray) -> None:
        # UTF-16 parts: dropping the NULs leaves the ASCII of the markup.
        markup = data.replace(b"\x00", b"")
        if any(declaration in markup for declaration in _DECLARATIONS):
            raise FormatError(
                f"its part {name} declares a DOCTYPE or entities, which no .docx needs and "
                "which are refused (XML entity attacks)",
                source=self.source,
            )
        self.elements += _elements(markup)
        if self.elements > MAX_DOCX_ELEMENTS:
            raise FormatError(
                f"holds more than {MAX_DOCX_ELEMENTS:,} XML elements (paragraphs, runs, "
                "formatting), the limit of one article; is this the right file?",
                source=self.source,
            )


def _checked_package(stream: IO[bytes], source: str) -> io.BytesIO:
    """The .docx's parts, read a chunk at a time within the limits (`_Unpacking`) and packed
    again, uncompressed, for python-docx: it never inflates the file's own data, so a part
    that inflates to more than its zip entry declares cannot reach it. A part whose XML
    declares a DOCTYPE (OOXML has none; entities are how XML attacks) is refused too."""
    import zipfile
    import zlib

    unpacking = _Unpacking(source)
    repacked = io.BytesIO()
    try:
        with zipfile.ZipFile(stream) as package, zipfile.ZipFile(repacked, "w") as copy:
            members = [member for member in package.infolist() if not member.is_dir()]
            declared = sum(member.file_size for member in members)
            if declared > MAX_DOCX_UNPACKED_BYTES:
                raise unpacking.too_big(declared)
            names = [member.filename for member in members]
            if len(set(names)) != len(names):
                raise FormatError("not a readable .docx file: a part is there twice", source=source)
            for member in members:
                copy.writestr(member.filename, unpacking.read(package, member))
    # Corrupt deflate data, a CRC that does not match (a part longer or shorter than its
    # entry says), an encrypted member, a compression zipfile lacks, a cut file, an offset
    # pointing before the start (OSError from seek).
    except (
        zipfile.BadZipFile,
        zlib.error,
        RuntimeError,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
    ) as err:
        raise FormatError(f"not a readable .docx file: {err}", source=source) from err
    repacked.seek(0)
    return repacked


def _docx(stream: IO[bytes], source: str) -> Article:
    import zipfile
    import zlib

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    package = _checked_package(stream, source)
    try:
        document = docx.Document(package)
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
    return parse_article("\n".join(lines), source=source, numbered=False)


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
