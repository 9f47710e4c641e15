"""Which reader and writer handle which file format; the CLI and the app build their choices
from `FORMATS`.

Each format's own module works on streams; the adapters here open files (with the right
encoding and newline handling) and find a Moses file's partner, so the format modules stay
free of paths. Writers write to a temporary file renamed into place at the end, so a failed
export leaves no half-written file behind (see `replacing`: even a killed one leaves none on
Linux); a full disk fails with an OSError that names the file. A named pipe (FIFO) is
written straight into, and any other file that is not a regular one (a device, a directory,
a socket) is refused, never replaced. Text is read as UTF-8 (byte-order mark optional),
UTF-16 with its byte-order mark, or, for the tabular and Moses files, legacy Cyrillic cp1251
/ KZ-1048 (see `detect_encoding`).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import io
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TextIO

from tm.errors import (
    NO_SPACE_ERRNOS,
    FormatError,
    InputError,
    LanguageError,
    TMError,
    out_of_space,
)
from tm.formats._fields import Skip, language
from tm.lang import LANGUAGES, canonical_tag, normalize_language, tags_match
from tm.unit import Unit


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the file: languages the file does not name, and
    TMX's inline-code handling. `src_lang` is also the preferred source of a `*all*` TMX."""

    src_lang: str | None = None
    tgt_lang: str | None = None
    strip_inline: bool = False


@dataclass(frozen=True)
class WriteOptions:
    """How to write. `markup`: the corpus formats (Moses, TSV, CSV, JSONL, Parquet) write a
    unit's inline-code markup (its `x-tm-*-markup` props) instead of its plain text. `bom`:
    CSV and TSV start with a UTF-8 byte-order mark (Excel misreads Kazakh without one).
    `changed` hears, once per unit, what a writer had to change in it to fit its format."""

    src_lang: str | None = None  # the TMX header's srclang; `*all*` when None
    markup: bool = False
    bom: bool = False
    changed: Callable[[str], None] | None = None


# The formats whose writers honour `WriteOptions.bom`.
BOM_FORMATS = frozenset({"csv", "tsv"})
# Where a unit keeps the inline-code markup of its texts (the TMX <seg> inner XML), as
# tm.formats.tmx names them (not imported from there: TMX stays unloaded until it is used).
MARKUP_PROPS = {"source": "x-tm-source-markup", "target": "x-tm-target-markup"}


FileReader = Callable[[IO[bytes], Path, ReadOptions], Iterator[Unit | Skip]]
FileWriter = Callable[[Iterable[Unit], Path, WriteOptions], list[Path]]
StreamWriter = Callable[[Iterable[Unit], IO[bytes], WriteOptions], int]


@dataclass(frozen=True)
class Format:
    """A file format: how to read a byte stream (the path names it and finds partners),
    how to write files, and, for single-file formats, how to write one byte stream."""

    name: str
    description: str
    extensions: tuple[str, ...]
    read: FileReader
    write: FileWriter
    write_stream: StreamWriter | None


_UNDECODABLE = re.compile("[\udc80-\udcff]")
# The longest line a line-based file may hold, in characters: far above any real record
# (TMX's parser stops a text node at 10 MB too), and low enough that a hostile or wrong
# file (a 2 GB line, a binary blob) fails at once instead of being read into memory.
MAX_LINE_CHARS = 1 << 20


# Bytes that are Kazakh letters in KZ-1048 (ә ғ қ ң ө ұ ү һ...) and Serbian, Macedonian or
# Ukrainian letters in cp1251, the code page KZ-1048 amends.
_KAZAKH_BYTES = frozenset(b"\x8d\x8e\x9d\x9e\xa1\xa2\xa3\xa5\xaa\xaf\xb4\xba\xbc\xbd\xbe\xbf")
_SAMPLE_BYTES = 1 << 16
_WORD = re.compile(r"[^\W\d_]+")


def detect_encoding(head: bytes, *, legacy: bool = True) -> str:
    """The encoding of a text file that starts with `head`.

    A byte-order mark says UTF-16 or UTF-8. Without one the file is UTF-8, unless (with
    `legacy`) `head` holds more bytes that are not UTF-8 than UTF-8 letters beyond ASCII, and
    most of its words beyond ASCII are all Cyrillic in a legacy code page: KZ-1048 when it
    holds bytes that are Kazakh letters there, else cp1251. A UTF-8 file with a few bad bytes
    stays UTF-8, and so does Latin-1 text, so that their bad line is reported rather than the
    whole file misread.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    text = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape").decode(head)
    bad = len(_UNDECODABLE.findall(text))
    if not legacy or bad <= sum(ord(char) > 127 for char in text) - bad:
        return "utf-8-sig"
    code_page = "kz1048" if _KAZAKH_BYTES.intersection(head) else "cp1251"
    words = [
        word
        for word in _WORD.findall(head.decode(code_page, errors="replace"))
        if not word.isascii()
    ]
    cyrillic = sum(all("\u0400" <= char <= "\u04ff" for char in word) for word in words)
    return code_page if cyrillic * 2 > len(words) else "utf-8-sig"


def open_text(stream: IO[bytes], *, source: str, legacy: bool = False) -> Iterator[str]:
    """The lines of a text byte stream, line ends kept, in the encoding `detect_encoding`
    tells from its start (legacy code pages only with `legacy`).

    Lines split on \\n, \\r\\n and \\r only (not on the other Unicode line separators, which
    are text here). Bytes that do not decode fail on the line that holds them: they are
    decoded as lone surrogates, which no valid text contains, and looked for line by line.
    A line longer than `MAX_LINE_CHARS` or holding a NUL (binary data, or UTF-16 without
    its byte-order mark) fails on its line too.
    """
    buffered = (
        stream
        if isinstance(stream, io.BufferedReader)
        else io.BufferedReader(stream, buffer_size=_SAMPLE_BYTES)  # type: ignore[type-var]
    )
    encoding = detect_encoding(buffered.peek(_SAMPLE_BYTES)[:_SAMPLE_BYTES], legacy=legacy)
    text = io.TextIOWrapper(buffered, encoding=encoding, errors="surrogateescape", newline="")
    label = encoding.upper().removesuffix("-SIG")
    try:
        number = 0
        while line := text.readline(MAX_LINE_CHARS + 1):
            number += 1
            if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
                raise FormatError(
                    f"the line is longer than {MAX_LINE_CHARS:,} characters, the limit "
                    "of one record (is this the right file?)",
                    source=source,
                    line=number,
                )
            if _UNDECODABLE.search(line):
                raise FormatError(
                    f"not valid {label} text (is the file in another encoding?)",
                    source=source,
                    line=number,
                )
            if "\x00" in line:
                raise FormatError(
                    "contains a NUL character; is this a binary file (or UTF-16 without "
                    "its byte-order mark)?",
                    source=source,
                    line=number,
                )
            yield line
    finally:
        # Leave the caller's stream open (closing the wrapper would close it), unless the
        # caller has closed it already, as when a failed read is cleaned up late.
        if not buffered.closed:
            text.detach()


def _read_tmx(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.tmx import read_tmx

    return read_tmx(
        stream, source=str(path), src_lang=options.src_lang, strip_inline=options.strip_inline
    )


def _line_reader(read: Callable[..., Iterator[Unit | Skip]], *, legacy: bool = False) -> FileReader:
    def adapter(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
        return read(
            open_text(stream, source=str(path), legacy=legacy),
            source=str(path),
            src_lang=options.src_lang,
            tgt_lang=options.tgt_lang,
        )

    return adapter


def _read_tsv(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.tabular import read_tsv

    return _line_reader(read_tsv, legacy=True)(stream, path, options)


def _read_csv(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.tabular import read_csv

    return _line_reader(read_csv, legacy=True)(stream, path, options)


def _read_jsonl(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.jsonl import read_jsonl

    return _line_reader(read_jsonl)(stream, path, options)


def _read_parquet(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.parquet import read_parquet

    return read_parquet(
        stream, source=str(path), src_lang=options.src_lang, tgt_lang=options.tgt_lang
    )


def _suffix_tag(path: Path) -> str | None:
    """The language tag a file's extension names (`corpus.kk-KZ`), unless it is another
    format's extension."""
    suffix = path.suffix.lstrip(".")
    if f".{suffix.lower()}" in _EXTENSIONS and _EXTENSIONS[f".{suffix.lower()}"] != "moses":
        return None
    try:
        return canonical_tag(suffix)
    except LanguageError:
        return None


def moses_partner(path: Path, tgt_lang: str | None) -> tuple[str, str, Path]:
    """The languages of a Moses file named like `corpus.kk` or `corpus.kk-KZ` and the path of
    its partner: the one other `corpus.<language>` file, or the one in `tgt_lang`."""
    src_lang = language(path.suffix.lstrip("."), source=str(path), line=None, field="extension")
    partners = sorted(
        (sibling, tag)
        for sibling in path.parent.glob(glob.escape(path.stem) + ".*")
        if (tag := _suffix_tag(sibling)) is not None
        and tag != src_lang
        and (tgt_lang is None or tags_match(tag, tgt_lang))
    )
    if tgt_lang is not None and len(partners) != 1:
        return src_lang, canonical_tag(tgt_lang), path.with_suffix(f".{tgt_lang}")
    if len(partners) != 1:
        found = ", ".join(sibling.name for sibling, _ in partners) or "none"
        raise InputError(
            f"cannot tell the target file of this Moses file (candidates: {found}); name its "
            "language with --tgt-lang",
            source=str(path),
        )
    return src_lang, partners[0][1], partners[0][0]


def _read_moses(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.moses import read_moses

    src_lang, tgt_lang, partner = moses_partner(path, options.tgt_lang)
    with partner.open("rb") as target:
        yield from read_moses(
            open_text(stream, source=str(path), legacy=True),
            open_text(target, source=str(partner), legacy=True),
            source=str(path),
            target=str(partner),
            src_lang=options.src_lang or src_lang,
            tgt_lang=tgt_lang,
        )


# What an export refuses to write over, by the test that recognises it.
_NOT_WRITABLE = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream that becomes `path` only when the block ends without an error.

    The stream is a temporary file next to the file a symbolic link points to, renamed over
    it at the end (the link stays). On Linux it is an unnamed file (O_TMPFILE) that gets
    its name, `.NAME.partial`, only for the instant before the rename, so an export that is
    killed leaves nothing; elsewhere the named file is written, and a killed export's is
    removed by the next export to the same path. A full disk raises an OSError (ENOSPC)
    naming `path`, whichever writer met it.

    A named pipe (FIFO, or /dev/stdout when it is a pipe) is written straight into instead;
    a device, a directory or a socket is refused before anything is written, so nothing but
    a regular file is ever replaced.
    """
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISFIFO(mode):
        with naming_full_disk(path), path.open("wb") as stream:
            yield stream
        return
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((kind for test, kind in _NOT_WRITABLE if test(mode)), "a special file")
        raise InputError(
            f"is {kind}, not a file: an export writes a regular file, a named pipe, "
            "or standard output (-)",
            source=str(path),
        )
    real = Path(os.path.realpath(path))
    partial = real.with_name(f".{real.name}.partial")
    partial.unlink(missing_ok=True)  # left by an export killed while writing it
    try:
        with naming_full_disk(path):
            unnamed = _unnamed_file(real.parent)
            with unnamed or partial.open("xb") as stream:
                yield stream
                if unnamed is not None:
                    stream.flush()
                    _link(stream, partial)
            os.replace(partial, real)
    finally:
        partial.unlink(missing_ok=True)


@contextlib.contextmanager
def naming_full_disk(path: Path | str) -> Iterator[None]:
    """A full disk met inside the block, in whatever exception, as an OSError naming `path`
    (polars reports it as a ComputeError, Python's own writes name no file). `replacing`
    uses it; so does the writing of a stream it does not open, such as standard output."""
    try:
        yield
    except Exception as error:
        if (
            isinstance(error, TMError)
            or (isinstance(error, OSError) and error.filename)
            or not out_of_space(error)
        ):
            raise
        code = getattr(error, "errno", None)
        code = code if code in NO_SPACE_ERRNOS else errno.ENOSPC
        raise OSError(code, os.strerror(code), str(path)) from None


def _unnamed_file(folder: Path) -> IO[bytes] | None:
    """A file in `folder` with no name until it is linked (Linux's O_TMPFILE), or None where
    the system or the filesystem has none, or /proc is not there to link it through."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        descriptor = os.open(folder, flag | os.O_WRONLY, 0o666)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # a filesystem (or kernel) without unnamed files: use a named one
        raise
    return os.fdopen(descriptor, "wb")


def _link(unnamed: IO[bytes], path: Path) -> None:
    """Give an O_TMPFILE file the name `path`. Through /proc/self/fd as a directory: that
    makes os.link call linkat(..., AT_SYMLINK_FOLLOW), which links the file the entry
    stands for; a plain link() would try to link the /proc entry itself."""
    procfs = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(unnamed.fileno()), path, src_dir_fd=procfs, follow_symlinks=True)
    finally:
        os.close(procfs)


def _reads_as(markup: str, text: str) -> bool:
    """Whether TMX inline markup still reads as `text` (the unit was not edited since)."""
    from lxml import etree

    from tm.formats.inline import parse_segment, plain_text

    try:
        return plain_text(parse_segment(markup)) == text
    except etree.XMLSyntaxError:
        return False


def with_markup(unit: Unit) -> Unit:
    """The unit with the inline-code markup kept for its texts (`MARKUP_PROPS`) as its texts,
    where that markup still reads as the text; an edited text stays plain, as in TMX."""
    kept = {key: value for key, value in unit.props if key in MARKUP_PROPS.values()}
    if not kept:
        return unit
    texts = {
        name: markup
        for name, key in MARKUP_PROPS.items()
        if (markup := kept.get(key)) is not None and _reads_as(markup, getattr(unit, name))
    }
    return replace(
        unit,
        source=texts.get("source", unit.source),
        target=texts.get("target", unit.target),
    )


def _corpus(units: Iterable[Unit], options: WriteOptions) -> Iterable[Unit]:
    """The units as a corpus format writes them: plain text, or markup on request."""
    return map(with_markup, units) if options.markup else units


def _text_stream(
    write: Callable[[Iterable[Unit], TextIO], int], *, newline: str = "\n", bom: bool = False
) -> StreamWriter:
    def adapter(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline=newline)
        try:
            if bom and options.bom:
                text.write("\ufeff")
            return write(_corpus(units, options), text)
        finally:
            text.flush()
            text.detach()

    return adapter


def _one_file(write: StreamWriter) -> FileWriter:
    def adapter(units: Iterable[Unit], path: Path, options: WriteOptions) -> list[Path]:
        with replacing(path) as stream:
            write(units, stream, options)
        return [path]

    return adapter


def _write_tmx(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.tmx import write_tmx

    return write_tmx(units, stream, src_lang=options.src_lang or "*all*", changed=options.changed)


def _write_tsv(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.tabular import write_tsv

    return _text_stream(write_tsv, bom=True)(units, stream, options)


def _write_csv(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.tabular import write_csv

    return _text_stream(write_csv, newline="", bom=True)(units, stream, options)


def _write_jsonl(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.jsonl import write_jsonl

    return _text_stream(write_jsonl)(units, stream, options)


def _write_parquet(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.parquet import write_parquet

    return write_parquet(_corpus(units, options), stream)


def _write_moses(units: Iterable[Unit], path: Path, options: WriteOptions) -> list[Path]:
    """`OUT` becomes `OUT.<src>` and `OUT.<tgt>`, named after the first unit's languages."""
    from tm.formats.moses import write_moses

    iterator = iter(_corpus(units, options))
    first = next(iterator, None)
    if first is None:
        raise InputError("no units to write (Moses files are named after their languages)")
    paths = [path.with_name(f"{path.name}.{lang}") for lang in (first.src_lang, first.tgt_lang)]
    with replacing(paths[0]) as source_bytes, replacing(paths[1]) as target_bytes:
        source_text = io.TextIOWrapper(source_bytes, encoding="utf-8", newline="\n")
        target_text = io.TextIOWrapper(target_bytes, encoding="utf-8", newline="\n")
        write_moses(
            itertools.chain([first], iterator), source_text, target_text, changed=options.changed
        )
        for text in (source_text, target_text):
            text.flush()
            text.detach()
    return paths


def _format(
    name: str, description: str, extensions: tuple[str, ...], read: FileReader, write: StreamWriter
) -> Format:
    return Format(name, description, extensions, read, _one_file(write), write)


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        _format("tmx", "TMX 1.4b", (".tmx",), _read_tmx, _write_tmx),
        _format(
            "tsv",
            "tab-separated (others' plain or quoted)",
            (".tsv", ".tab"),
            _read_tsv,
            _write_tsv,
        ),
        _format("csv", "comma-, semicolon- or tab-separated", (".csv",), _read_csv, _write_csv),
        _format("jsonl", "JSON Lines", (".jsonl", ".ndjson"), _read_jsonl, _write_jsonl),
        _format("parquet", "Parquet", (".parquet",), _read_parquet, _write_parquet),
        Format(
            "moses",
            "Moses: two line-parallel files, FILE.<lang>",
            tuple(f".{code}" for code in LANGUAGES),
            _read_moses,
            _write_moses,
            None,  # two files: no single stream to write
        ),
    )
}

# Kept for callers that only need the reader names.
READERS: dict[str, FileReader] = {name: fmt.read for name, fmt in FORMATS.items()}

_EXTENSIONS = {extension: fmt.name for fmt in FORMATS.values() for extension in fmt.extensions}


def guess_format(path: str | Path) -> str:
    """The format a file's extension names; `corpus.kk-KZ` (a tag of a language with its own
    features) is Moses."""
    if str(path) == "-":
        raise InputError("standard input (-) has no extension: name its format with --format")
    suffix = Path(path).suffix.lower()
    tag = _suffix_tag(Path(path)) if suffix else None
    if tag is not None and normalize_language(tag) in LANGUAGES:
        return "moses"
    if suffix not in _EXTENSIONS:
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(
            f"cannot tell the format from {suffix or 'no extension'!r} (known: {known}); "
            "name it with --format",
            source=str(path),
        )
    return _EXTENSIONS[suffix]


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise InputError(f"unknown format {name!r} (known: {', '.join(FORMATS)})", field="format")
    return FORMATS[name]
