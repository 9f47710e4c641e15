"""Which reader and writer handle which file format; the CLI and the app build their choices
from `FORMATS`.

Each format's own module works on streams; the adapters here open files (with the right
encoding and newline handling) and find a Moses file's partner, so the format modules stay
free of paths. Writers write to a temporary file renamed into place at the end, so a failed
export leaves no half-written file behind.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

from tm.errors import FormatError, InputError
from tm.formats._fields import Skip, language
from tm.lang import LANGUAGES
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
    src_lang: str | None = None  # the TMX header's srclang; `*all*` when None


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


def open_text(stream: IO[bytes], *, source: str) -> Iterator[str]:
    """The lines of a UTF-8 (BOM optional) or UTF-16 (with BOM) byte stream, line ends kept.

    Lines split on \\n, \\r\\n and \\r only (not on the other Unicode line separators, which
    are text here). Bytes that do not decode fail on the line that holds them: they are
    decoded as lone surrogates, which no valid text contains, and looked for line by line.
    A line longer than `MAX_LINE_CHARS` or holding a NUL (binary data, or UTF-16 without
    its byte-order mark) fails on its line too.
    """
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
    head = buffered.peek(4)[:4]
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
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


def _line_reader(
    read: Callable[..., Iterator[Unit | Skip]],
) -> FileReader:
    def adapter(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
        return read(
            open_text(stream, source=str(path)),
            source=str(path),
            src_lang=options.src_lang,
            tgt_lang=options.tgt_lang,
        )

    return adapter


def _read_tsv(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.tabular import read_tsv

    return _line_reader(read_tsv)(stream, path, options)


def _read_csv(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.tabular import read_csv

    return _line_reader(read_csv)(stream, path, options)


def _read_jsonl(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.jsonl import read_jsonl

    return _line_reader(read_jsonl)(stream, path, options)


def _read_parquet(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.parquet import read_parquet

    return read_parquet(
        stream, source=str(path), src_lang=options.src_lang, tgt_lang=options.tgt_lang
    )


def moses_partner(path: Path, tgt_lang: str | None) -> tuple[str, str, Path]:
    """The languages of a Moses file named like `corpus.kk` and the path of its partner."""
    src_lang = language(path.suffix.lstrip("."), source=str(path), line=None, field="extension")
    if tgt_lang is None:
        partners = [
            code for code in LANGUAGES if code != src_lang and path.with_suffix(f".{code}").exists()
        ]
        if len(partners) != 1:
            raise InputError(
                f"cannot tell the target file of this Moses file (found {len(partners)} "
                "candidates); name its language with --tgt-lang",
                source=str(path),
            )
        tgt_lang = partners[0]
    return src_lang, tgt_lang, path.with_suffix(f".{tgt_lang}")


def _read_moses(stream: IO[bytes], path: Path, options: ReadOptions) -> Iterator[Unit | Skip]:
    from tm.formats.moses import read_moses

    src_lang, tgt_lang, partner = moses_partner(path, options.tgt_lang)
    with partner.open("rb") as target:
        yield from read_moses(
            open_text(stream, source=str(path)),
            open_text(target, source=str(partner)),
            source=str(path),
            target=str(partner),
            src_lang=options.src_lang or src_lang,
            tgt_lang=tgt_lang,
        )


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream that becomes `path` only when the block ends without an error."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as stream:
            yield stream
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _text_stream(
    write: Callable[[Iterable[Unit], TextIO], int], *, newline: str = "\n"
) -> StreamWriter:
    def adapter(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline=newline)
        try:
            return write(units, text)
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

    return write_tmx(units, stream, src_lang=options.src_lang or "*all*")


def _write_tsv(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.tabular import write_tsv

    return _text_stream(write_tsv)(units, stream, options)


def _write_csv(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.tabular import write_csv

    return _text_stream(write_csv, newline="")(units, stream, options)


def _write_jsonl(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.jsonl import write_jsonl

    return _text_stream(write_jsonl)(units, stream, options)


def _write_parquet(units: Iterable[Unit], stream: IO[bytes], options: WriteOptions) -> int:
    from tm.formats.parquet import write_parquet

    return write_parquet(units, stream)


def _write_moses(units: Iterable[Unit], path: Path, options: WriteOptions) -> list[Path]:
    """`OUT` becomes `OUT.<src>` and `OUT.<tgt>`, named after the first unit's languages."""
    from tm.formats.moses import write_moses

    iterator = iter(units)
    first = next(iterator, None)
    if first is None:
        raise InputError("no units to write (Moses files are named after their languages)")
    paths = [path.with_name(f"{path.name}.{lang}") for lang in (first.src_lang, first.tgt_lang)]
    with replacing(paths[0]) as source_bytes, replacing(paths[1]) as target_bytes:
        source_text = io.TextIOWrapper(source_bytes, encoding="utf-8", newline="\n")
        target_text = io.TextIOWrapper(target_bytes, encoding="utf-8", newline="\n")
        write_moses([first, *iterator], source_text, target_text)
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
        _format("tsv", "tab-separated, with a header", (".tsv", ".tab"), _read_tsv, _write_tsv),
        _format("csv", "comma-separated, with a header", (".csv",), _read_csv, _write_csv),
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
    suffix = Path(path).suffix.lower()
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
