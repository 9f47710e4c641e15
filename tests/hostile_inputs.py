"""A corpus of bad files for every reader, generated in code (nothing binary is committed).

Each `Hostile` is one named bad input: the files it consists of (a Moses pair is two), the
reader it is meant for, and what the error must say (the file it names, the line where the
format has lines, a fragment of the message). Big inputs are byte generators written in
chunks, so a 2 GB line never sits in memory: `corpus(long_bytes=...)` sets their size (the
tests use tens of MB, bench/hostile.py the issue's 2 GB).

`read_input` runs the matching reader (a unit format through `import_file` into a TM when
one is given, an article through `read_document`) all or nothing (`strict`), so that a unit
a lenient import would skip and count fails here; `mutations` makes fuzz inputs from valid
seeds for the hypothesis tests and the bench's longer fuzz loop.

Any well-formed BCP-47 tag is a language now (fr-CA, de-DE, "qq"): the unknown-language
cases hold tags that are not tags at all ("x", "z1", "klingon language").

Beyond broken syntax, the corpus holds what a format accepts but the TM must not (issue 16):
numbers past the seg_no column's 64 bits, times that overflow once converted to UTC, control
characters and lone surrogates (escaped in JSON, raw in TSV), Parquet nulls and props of
another shape; and bombs: a Parquet file of one string repeated or of a million empty rows,
a .docx part that inflates past the size its zip entry declares, a .docx of a million
elements, an article of too many paragraphs. The limits they meet are `tm.limits`.
"""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tm.formats.documents import read_document
from tm.formats.registry import ReadOptions
from tm.formats.transfer import import_file, read_file
from tm.limits import (
    MAX_ARTICLE_CHARS,
    MAX_ARTICLE_PARAGRAPHS,
    MAX_DOCUMENT_BYTES,
    MAX_DOCX_ELEMENTS,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_IMPORT_ROWS,
    MAX_PARAGRAPH_CHARS,
    MAX_RECORD_CHARS,
    MAX_XML_TOKEN_BYTES,
)
from tm.store import TranslationMemory

CHUNK = 1 << 20
DOCUMENT_KINDS = frozenset({"txt", "md", "docx"})
OPTIONS = ReadOptions(src_lang="kk", tgt_lang="en")

Content = Callable[[], Iterable[bytes]]


def data(raw: bytes) -> Content:
    return lambda: [raw]


def padded(prefix: bytes, size: int, suffix: bytes = b"", *, fill: bytes = b"a") -> Content:
    """`prefix`, `size` bytes of `fill`, `suffix`: streamed a MiB at a time."""

    def chunks() -> Iterator[bytes]:
        yield prefix
        block = fill * (CHUNK // len(fill))
        left = size
        while left > 0:
            yield block[:left]
            left -= len(block)
        yield suffix

    return chunks


@dataclass(frozen=True)
class Hostile:
    name: str  # "<fmt>/<what>"
    fmt: str  # a registry format, or txt / md / docx for articles
    filename: str
    content: Content
    line: int | None  # the line the error must name; None where the format has no lines
    message: str  # a fragment of the error message
    partners: dict[str, Content] = field(default_factory=dict)  # more files, by name
    names: str | None = None  # the file the error names, when not `filename`

    def write(self, directory: Path) -> Path:
        for name, content in {self.filename: self.content, **self.partners}.items():
            with (directory / name).open("wb") as out:
                for chunk in content():
                    out.write(chunk)
        return directory / self.filename


def read_input(path: Path, fmt: str, memory: TranslationMemory | None = None) -> object:
    """Run the reader for `fmt` on `path`, all or nothing; into `memory` (one import) when it
    is given."""
    if fmt in DOCUMENT_KINDS:
        with path.open("rb") as stream:
            return read_document(stream, source=str(path), kind=fmt)
    options = ReadOptions() if fmt == "moses" else OPTIONS
    if memory is None:
        return read_file(path, fmt=fmt, options=options, strict=True)
    return import_file(memory, path, user="hostile", fmt=fmt, options=options, strict=True)


# --- valid seeds (also the starting points of the fuzzers) ------------------------------

TSV = "source\ttarget\nБір.\tOne.\nЕкі.\tTwo.\n".encode()
CSV = 'source,target\n"Бір, екі.","One, two."\nҮш.,Three.\n'.encode()
JSONL = (
    '{"source": "Бір.", "target": "One."}\n'
    '{"source": "Екі.", "target": "Two.", "seg_no": 2, "props": [["a", "b"]]}\n'
).encode()
MOSES_KK = "Бір.\nЕкі.\n".encode()
MOSES_EN = b"One.\nTwo.\n"
TU = '<tu><tuv xml:lang="kk"><seg>Иә</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>'


def tmx(body: str = TU, *, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tmx version="1.4">\n'
        f'<header srclang="kk" creationtool="t"/>\n<body>\n{body}\n</body>\n</tmx>\n'
    ).encode()


TXT = "date 2025-11-18 Тақырып\nБірінші абзац.\nЕкінші абзац.\n".encode()
MD = "date 2025-11-18 Тақырып\n# Бас\n\nБірінші **абзац**.\n".encode()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for text in ("date 2025-11-18 Тақырып", "Бірінші абзац."):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_part(package: bytes, name: str, content: bytes) -> bytes:
    """A copy of a zip with one member's content replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in original.infolist():
            if info.filename != name:
                copy.writestr(info.filename, original.read(info.filename))
        copy.writestr(name, content)
    return out.getvalue()


def docx_zip_bomb(unpacked: int) -> Content:
    """A .docx whose document.xml inflates to `unpacked` bytes (about 1000:1 compressed)."""

    def chunks() -> Iterator[bytes]:
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(docx_bytes())) as original,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
        ):
            for info in original.infolist():
                if info.filename != "word/document.xml":
                    copy.writestr(info.filename, original.read(info.filename))
            with copy.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode())
                for _chunk in padded(b"", unpacked)():
                    part.write(_chunk)
        yield out.getvalue()

    return chunks


PARAGRAPH = "<w:p><w:r><w:t>Иә.</w:t></w:r></w:p>"  # three elements


def _zip_entry(name: bytes, crc: int, packed: int, declared: int, offset: int) -> bytes:
    """The central-directory entry of a deflated member (fixed time, no extras)."""
    return (
        struct.pack(
            "<4s6H3I5H2I",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            packed,
            declared,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name
    )


def docx_understated(unpacked: int) -> Content:
    """A .docx whose document.xml entry declares a few hundred bytes (its CRC that of those
    bytes, so a reader that stops there finds nothing wrong) while its deflate data inflates
    to `unpacked` bytes: a reader that inflates the data before cutting it at the declared
    size takes the whole size in memory. Written by hand: zipfile cannot write a lie."""

    def chunks() -> Iterator[bytes]:
        head = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
        declared = len(head) + 200
        squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = [squeeze.compress(head)]
        for chunk in padded(b"", unpacked)():
            packed.append(squeeze.compress(chunk))
        packed.append(squeeze.flush())
        bomb = b"".join(packed)
        members: list[tuple[bytes, bytes, int, int]] = []  # name, data, crc, declared size
        with zipfile.ZipFile(io.BytesIO(docx_bytes())) as original:
            for info in original.infolist():
                content = original.read(info.filename)
                if info.filename == "word/document.xml":
                    crc = zlib.crc32((head + b"a" * declared)[:declared])
                    members.append((info.filename.encode(), bomb, crc, declared))
                    continue
                deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
                data = deflate.compress(content) + deflate.flush()
                members.append((info.filename.encode(), data, zlib.crc32(content), len(content)))
        out = io.BytesIO()
        directory = []
        for name, data, crc, size in members:
            offset = out.tell()
            out.write(
                struct.pack(
                    "<4s5H3I2H",
                    b"PK\x03\x04",
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    len(data),
                    size,
                    len(name),
                    0,
                )
                + name
            )
            out.write(data)
            directory.append(_zip_entry(name, crc, len(data), size, offset))
        start = out.tell()
        out.write(b"".join(directory))
        end = struct.pack(
            "<4s4H2IH",
            b"PK\x05\x06",
            0,
            0,
            len(members),
            len(members),
            out.tell() - start,
            start,
            0,
        )
        yield out.getvalue() + end

    return chunks


def document_xml(body: str, *, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}<w:document xmlns:w="{W_NS}"><w:body>'
        f"{body}</w:body></w:document>"
    ).encode()


# --- the corpus --------------------------------------------------------------------------

LAUGHS = (
    "<!DOCTYPE tmx [\n"
    ' <!ENTITY a "lollollollollollollollollollol">\n'
    + "".join(
        f' <!ENTITY {name} "{f"&{previous};" * 16}">\n'
        for previous, name in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "]>\n"
)
EXTERNAL_FILE = '<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
EXTERNAL_HTTP = '<!DOCTYPE tmx [<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>\n'
PARAMETER = '<!DOCTYPE tmx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x"> %remote;]>\n'
NESTING = 100_000


def _line_cases(fmt: str, ext: str, header: bytes, good: bytes, long_bytes: int) -> list[Hostile]:
    """What every line-based format must refuse the same way: encodings, NULs, long lines."""
    name = f"bad.{ext}"
    return [
        Hostile(f"{fmt}/invalid-utf8", fmt, name, data(header + good + b"\xe9\xff\n"), 3, "UTF-8"),
        # Cyrillic code pages (cp1251, KZ-1048) are recognised and read; Latin-1 is not guessed.
        Hostile(f"{fmt}/latin-1", fmt, name, data("Ça coûte".encode("latin-1")), 1, "UTF-8"),
        Hostile(f"{fmt}/nul-byte", fmt, name, data(header + b"a\x00b\n"), 2, "NUL"),
        Hostile(
            f"{fmt}/utf16-without-bom",
            fmt,
            name,
            data(header.decode().encode("utf-16-le")),
            1,
            "NUL",
        ),
        Hostile(
            f"{fmt}/truncated-utf8",
            fmt,
            name,
            data(header + good + "Екі".encode()[:-1]),
            3,
            "UTF-8",
        ),
        Hostile(f"{fmt}/long-line", fmt, name, padded(header, long_bytes, b"\n"), 2, "longer than"),
        Hostile(
            f"{fmt}/long-line-of-nuls",
            fmt,
            name,
            padded(header, long_bytes, fill=b"\x00"),
            2,
            "longer than",
        ),
    ]


def _tsv(long_bytes: int) -> list[Hostile]:
    head = b"src_lang\ttgt_lang\tsource\ttarget\tseg_no\tprops\n"
    row = "kk\ten\tБір.\tOne.\t1\t\n".encode()
    return [
        *_line_cases("tsv", "tsv", b"source\ttarget\n", "Бір.\tOne.\n".encode(), long_bytes),
        Hostile("tsv/one-field", "tsv", "bad.tsv", data(TSV + b"only one field\n"), 4, "expected"),
        Hostile("tsv/no-target", "tsv", "bad.tsv", data(TSV + "Үш.\t \n".encode()), 4, "empty"),
        Hostile(
            "tsv/unknown-column", "tsv", "bad.tsv", data(b"source\ttarget\tcolour\n"), 1, "unknown"
        ),
        Hostile(
            "tsv/unknown-language",
            "tsv",
            "bad.tsv",
            data(head + row + b"kk\tx\ta\tb\t\t\n"),
            3,
            "not a language tag",
        ),
        Hostile(
            "tsv/huge-seg-no",
            "tsv",
            "bad.tsv",
            data(head + b"kk\ten\ta\tb\t" + b"9" * 5000 + b"\t\n"),
            2,
            "whole number",
        ),
        Hostile(
            "tsv/props-nested",
            "tsv",
            "bad.tsv",
            data(head + b"kk\ten\ta\tb\t\t" + b"[" * NESTING + b"\n"),
            2,
            "JSON",
        ),
    ]


def _csv(long_bytes: int) -> list[Hostile]:
    return [
        *_line_cases("csv", "csv", b"source,target\n", "Бір.,One.\n".encode(), long_bytes),
        Hostile("csv/one-column", "csv", "bad.csv", data(b"source\na\n"), 1, "header"),
        Hostile("csv/open-quote", "csv", "bad.csv", data(b'source,target\n"a,b\nc,d\n'), 2, "CSV"),
        Hostile(
            "csv/long-quoted-field",
            "csv",
            "bad.csv",
            data(b'source,target\n"' + b"a" * 1_100_000 + b'",b\n'),
            2,
            "longer than",
        ),
        Hostile("csv/three-fields", "csv", "bad.csv", data(CSV + b"a,b,c\n"), 4, "expected"),
        Hostile(
            "csv/unknown-language",
            "csv",
            "bad.csv",
            data(b"src_lang,tgt_lang,source,target\nkk,z1,a,b\n"),
            2,
            "not a language tag",
        ),
    ]


def _jsonl(long_bytes: int) -> list[Hostile]:
    first = '{"source": "Бір.", "target": "One."}\n'.encode()

    def jsonl(*lines: bytes) -> Content:
        return data(first + b"".join(line + b"\n" for line in lines))

    return [
        *_line_cases("jsonl", "jsonl", first, first, long_bytes),
        Hostile("jsonl/not-json", "jsonl", "bad.jsonl", jsonl(b'{"source": "a", '), 2, "JSON"),
        Hostile("jsonl/array", "jsonl", "bad.jsonl", jsonl(b"[1, 2]"), 2, "JSON object"),
        Hostile("jsonl/nested", "jsonl", "bad.jsonl", jsonl(b"[" * NESTING), 2, "JSON"),
        Hostile(
            "jsonl/huge-number",
            "jsonl",
            "bad.jsonl",
            jsonl(b'{"seg_no": ' + b"1" * 5000 + b"}"),
            2,
            "JSON",
        ),
        Hostile("jsonl/no-target", "jsonl", "bad.jsonl", jsonl(b'{"source": "a"}'), 2, "no target"),
        Hostile(
            "jsonl/wrong-type",
            "jsonl",
            "bad.jsonl",
            jsonl(b'{"source": 5, "target": "b"}'),
            2,
            "expected str",
        ),
        Hostile(
            "jsonl/unknown-key", "jsonl", "bad.jsonl", jsonl(b'{"colour": "red"}'), 2, "unknown key"
        ),
        Hostile(
            "jsonl/unknown-language",
            "jsonl",
            "bad.jsonl",
            jsonl(b'{"source": "a", "target": "b", "tgt_lang": "klingon language"}'),
            2,
            "not a language tag",
        ),
        Hostile("jsonl/truncated", "jsonl", "bad.jsonl", data(JSONL[:-20]), 2, "JSON"),
    ]


# Values a TSV, CSV or JSONL file can carry that the TM must not take (they would fail an
# export, a re-import or a conversion later): what, field, value, what the error says.
POISON: tuple[tuple[str, str, object, str], ...] = (
    ("seg-no-2^63", "seg_no", 1 << 63, "out of range"),
    ("seg-no-below-int64", "seg_no", -(1 << 63) - 1, "out of range"),
    ("date-before-year-1", "created_at", "0001-01-01T00:00:00+01:00", "out of range"),
    ("date-after-9999", "changed_at", "9999-12-31T23:59:59-01:00", "out of range"),
    ("control-bel", "target", "One\x07.", "U+0007"),
    ("control-esc-in-note", "note", "\x1b[31mred", "U+001B"),
)
# Only JSON can write these (its escapes): a NUL and a lone surrogate.
JSON_POISON: tuple[tuple[str, str, object, str], ...] = (
    ("nul-escape", "target", "One\x00.", "U+0000"),
    ("lone-surrogate", "source", "Бір\ud800.", "lone surrogate"),
    ("control-in-props", "props", [["x-kind", "a\x01"]], "U+0001"),
)


def _poison() -> list[Hostile]:
    cases = []
    for what, name, value, message in POISON:
        cell = str(value)
        header: tuple[str, ...] = ("source", "target", name)
        row: tuple[str, ...] = ("Бір.", "One.", cell)
        if name in ("source", "target"):
            header, row = ("source", "target"), ("Бір.", cell)
        for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
            text = delimiter.join(header) + "\n" + delimiter.join(row) + "\n"
            cases.append(
                Hostile(f"{fmt}/{what}", fmt, f"bad.{fmt}", data(text.encode()), 2, message)
            )
    for what, name, value, message in POISON + JSON_POISON:
        record: dict[str, Any] = {"source": "Бір.", "target": "One.", name: value}
        line = json.dumps(record).encode()  # ASCII: every control and surrogate escaped
        cases.append(
            Hostile(f"jsonl/{what}", "jsonl", "bad.jsonl", data(JSONL + line + b"\n"), 3, message)
        )
    return cases


# --- Parquet: nulls, types and shapes Arrow allows, and bombs ---------------------------


def parquet_bytes(columns: dict[str, Any], *, row_group_size: int | None = None) -> bytes:
    """A Parquet file of `columns` (pyarrow arrays or lists), written as pyarrow writes it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.table(columns), out, compression="zstd", row_group_size=row_group_size)
    return out.getvalue()


def repeated(text: str, rows: int) -> Any:
    """A column of `rows` copies of `text`, held once (a dictionary): what a bomb holds."""
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([text]))


def parquet_invalid_utf8() -> bytes:
    """A Parquet file whose second source is not UTF-8: Arrow reads text without checking."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    table = pa.table({"source": ["Бір.", "MARKER"], "target": ["One.", "Two."]})
    pq.write_table(table, out, compression="none", use_dictionary=False, write_statistics=False)
    return out.getvalue().replace(b"MARKER", b"\xad" * 6)


def parquet_bad_repetition_type() -> bytes:
    """The fuzz seed with one byte of its footer changed: the target column's repetition
    type (Thrift field 3 of its SchemaElement, OPTIONAL = 1) becomes 38."""
    seed = parquet_seed()
    schema_element = b"\x15\x0c%\x02\x18\x06target"  # BYTE_ARRAY, OPTIONAL, "target"
    if seed.count(schema_element) != 1:
        raise AssertionError("pyarrow writes the schema differently: update this case")
    return seed.replace(schema_element, schema_element.replace(b"%\x02", b"%L"))


def repeated_bytes(value: bytes, rows: int) -> Any:
    """`repeated` for a binary column."""
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(
        pa.array([0] * rows, pa.int32()), pa.array([value], pa.binary())
    )


def parquet_seed() -> bytes:
    return parquet_bytes({"source": ["Бір.", "Екі."], "target": ["One.", "Two."], "seg_no": [1, 2]})


def _parquet() -> list[Hostile]:
    import pyarrow as pa

    props = pa.list_(pa.struct([("type", pa.string()), ("value", pa.string())]))

    def case(
        what: str, columns: Callable[[], dict[str, Any]], line: int | None, message: str
    ) -> Hostile:
        return Hostile(
            f"parquet/{what}",
            "parquet",
            "bad.parquet",
            lambda: [parquet_bytes(columns())],
            line,
            message,
        )

    def two(**more: Any) -> Callable[[], dict[str, Any]]:
        return lambda: {"source": ["Бір.", "Екі."], "target": ["One.", "Two."], **more}

    return [
        # 1,000 rows of one 1.2 MB text: 2 kB of file, 1.2 GB read whole.
        case(
            "repeated-string-bomb",
            lambda: {
                "source": repeated("Бір сөйлем. " * 50_000, 1000),
                "target": repeated("One.", 1000),
            },
            1,
            "decodes to more than",
        ),
        # A million rows of two short texts: 40 kB of file, 1.3 GB imported (issue 16).
        case(
            "row-bomb",
            lambda: {"source": repeated("Бір.", 1_000_000), "target": repeated("One.", 1_000_000)},
            None,
            "decodes to at least",
        ),
        case(
            "too-many-rows",
            lambda: {
                "source": repeated("а", MAX_IMPORT_ROWS + 1),
                "target": repeated("b", MAX_IMPORT_ROWS + 1),
            },
            None,
            f"more than the {MAX_IMPORT_ROWS:,} one import",
        ),
        case(
            "seg-no-2^63",
            two(seg_no=pa.array([1, 1 << 63], pa.uint64())),
            2,
            "9223372036854775808 is not a whole number of 64 bits",
        ),
        case(
            "null-source",
            lambda: {"source": ["Бір.", None], "target": ["One.", "Two."]},
            2,
            "no source",
        ),
        case(
            "null-target",
            lambda: {"source": ["Бір.", "Екі."], "target": [None, "Two."]},
            1,
            "no target",
        ),
        case(
            "date-before-year-1",
            two(
                created_at=pa.array(
                    [0, -62135596800_000_000 - 3600_000_000], pa.timestamp("us", "UTC")
                )
            ),
            2,
            "not a time from year 1 to 9999",
        ),
        case("props-list-of-text", two(props=pa.array([["a", "b"], []])), None, "props"),
        case("props-json-text", two(props=pa.array(['[["a", "b"]]', "[]"])), None, "props"),
        case(
            "props-null-value",
            two(props=pa.array([[], [{"type": "a", "value": None}]], props)),
            2,
            "without its type or value",
        ),
        case("nul-in-text", two(note=["a\x00b", None]), 1, "U+0000"),
        # The same bomb as bytes without a text type, and as fixed-size values.
        case(
            "repeated-binary-bomb",
            lambda: {
                "source": repeated_bytes(b"a" * 1_000_000, 1000),
                "target": repeated("One.", 1000),
            },
            1,
            "decodes to more than",
        ),
        case(
            "fixed-size-values",
            lambda: {
                "source": pa.array([b"a" * 100_000] * 2, pa.binary(100_000)),
                "target": ["One.", "Two."],
            },
            None,
            "fixed-size binary",
        ),
        # Found by the fuzzer: pyarrow's metadata objects abort the process (C++ terminate)
        # on this footer; reading it must fail like any broken file.
        Hostile(
            "parquet/bad-repetition-type",
            "parquet",
            "bad.parquet",
            lambda: [parquet_bad_repetition_type()],
            1,
            "not a readable Parquet file",
        ),
        Hostile(
            "parquet/invalid-utf8",
            "parquet",
            "bad.parquet",
            lambda: [parquet_invalid_utf8()],
            2,
            "not valid UTF-8",
        ),
        case("wrong-type", two(status=pa.array([1, 2])), 1, "unknown status"),
    ]


def _moses(long_bytes: int) -> list[Hostile]:
    en = {"bad.en": data(MOSES_EN)}
    return [
        Hostile(
            "moses/invalid-utf8", "moses", "bad.kk", data(MOSES_KK[:-1] + b"\xff\n"), 2, "UTF-8", en
        ),
        Hostile("moses/nul-byte", "moses", "bad.kk", data(b"a\nb\x00\n"), 2, "NUL", en),
        Hostile(
            "moses/long-line",
            "moses",
            "bad.kk",
            padded(b"a\n", long_bytes, b"\n"),
            2,
            "longer than",
            en,
        ),
        Hostile(
            "moses/long-line-in-partner",
            "moses",
            "bad.kk",
            data(MOSES_KK),
            2,
            "longer than",
            {"bad.en": padded(b"One.\n", long_bytes)},
            names="bad.en",
        ),
        Hostile(
            "moses/invalid-utf8-in-partner",
            "moses",
            "bad.kk",
            data(MOSES_KK),
            1,
            "UTF-8",
            {"bad.en": data(b"caf\xe9\xff\n")},
            names="bad.en",
        ),
        Hostile(
            "moses/partner-shorter",
            "moses",
            "bad.kk",
            data(MOSES_KK + "Үш.\n".encode()),
            3,
            "not line-parallel",
            en,
            names="bad.en",
        ),
        Hostile("moses/no-partner", "moses", "bad.kk", data(MOSES_KK), None, "target file"),
        Hostile(
            "moses/unknown-language",
            "moses",
            "bad.q",
            data(MOSES_KK),
            None,
            "not a language tag",
        ),
    ]


def _tmx(long_bytes: int) -> list[Hostile]:
    def case(what: str, content: Content, line: int | None, message: str) -> Hostile:
        return Hostile(f"tmx/{what}", "tmx", "bad.tmx", content, line, message)

    body_start = tmx("@").split(b"@")[0]
    seg_start = body_start + b'<tu><tuv xml:lang="kk"><seg>'
    return [
        case("billion-laughs", data(tmx(TU.replace("Иә", "&h;"), doctype=LAUGHS)), 12, "entities"),
        case(
            "external-file",
            data(tmx(TU.replace("Иә", "&secret;"), doctype=EXTERNAL_FILE)),
            3,
            "entities",
        ),
        case(
            "external-http",
            data(tmx(TU.replace("Иә", "&remote;"), doctype=EXTERNAL_HTTP)),
            3,
            "entities",
        ),
        case("parameter-entity", data(tmx(doctype=PARAMETER)), 3, "entities"),
        case(
            "deeply-nested",
            data(tmx("<tu>" + "<prop>" * NESTING + "</prop>" * NESTING + "</tu>")),
            5,
            "depth",
        ),
        case("huge-text-node", padded(seg_start, long_bytes), 5, "too long"),
        case(
            "huge-attribute",
            padded(body_start + b'<tu changeid="', long_bytes, b'"/>'),
            5,
            "without a '<'",
        ),
        case(
            "huge-comment", padded(body_start + b"<!--", long_bytes, fill=b"<"), 5, "without a '>'"
        ),
        case("invalid-utf8", data(tmx().replace("Иә".encode(), b"\xe9\xff")), 5, "encoding"),
        case("nul-byte", data(tmx().replace("Иә".encode(), b"a\x00b")), 5, "malformed XML"),
        case("declared-utf16", data(tmx().replace(b"UTF-8", b"UTF-16")), 1, "malformed XML"),
        case("empty", data(b""), 1, "empty"),
        case("truncated", data(tmx()[:-30]), 5, "malformed XML"),
        case("not-tmx", data(b"<?xml version='1.0'?>\n<xliff/>"), 2, "not a TMX file"),
        case(
            "tuv-without-seg",
            data(tmx('<tu><tuv xml:lang="kk"/><tuv xml:lang="en"/></tu>')),
            5,
            "without <seg>",
        ),
        case("tu-without-tuv", data(tmx("<tu/>")), 5, "without <tuv>"),
        case(
            "unknown-language",
            data(tmx(TU.replace('"en"', '"en us!"'))),
            5,
            "'en us!' is not a language tag",
        ),
        case("bad-date", data(tmx(TU.replace("<tu>", '<tu changedate="soon">'))), 5, "TMX date"),
    ]


def _documents(long_bytes: int) -> list[Hostile]:
    cases = []
    for kind, good in (("txt", TXT), ("md", MD)):
        name = f"bad.{kind}"
        end = good.count(b"\n") + 1
        cases += [
            Hostile(f"{kind}/invalid-utf8", kind, name, data(good + b"\xe9\xff\n"), end, "UTF-8"),
            Hostile(f"{kind}/nul-byte", kind, name, data(good + b"a\x00b\n"), end, "NUL"),
            Hostile(
                f"{kind}/bad-date",
                kind,
                name,
                data(b"date 2025-13-45 Title\nText.\n"),
                1,
                "bad date",
            ),
            Hostile(
                f"{kind}/odd-utf16",
                kind,
                name,
                data(b"\xff\xfe" + "Сәлем".encode("utf-16-le") + b"\x00"),
                1,
                "UTF-16",
            ),
            Hostile(f"{kind}/long-line", kind, name, padded(good, long_bytes), None, "larger than"),
            Hostile(
                f"{kind}/too-many-characters",
                kind,
                name,
                data(("а" * 99 + "\n\n").encode() * (MAX_ARTICLE_CHARS // 100 + 1)),
                None,
                f"more than the {MAX_ARTICLE_CHARS:,} an article",
            ),
            Hostile(
                f"{kind}/long-paragraph",
                kind,
                name,
                data(TXT + "а".encode() * (MAX_PARAGRAPH_CHARS + 1)),
                end if kind == "txt" else None,  # Markdown's lines are not the file's
                "a paragraph may have",
            ),
        ]
    # A million one-word paragraphs took 14 s to segment: the limit stops them at the door.
    cases += [
        Hostile(
            "txt/too-many-paragraphs",
            "txt",
            "bad.txt",
            data("Иә.\n".encode() * (MAX_ARTICLE_PARAGRAPHS + 1)),
            MAX_ARTICLE_PARAGRAPHS + 1,
            "paragraphs, the limit",
        ),
        Hostile(
            "md/too-many-paragraphs",
            "md",
            "bad.md",
            data("Иә.\n\n".encode() * (MAX_ARTICLE_PARAGRAPHS + 1)),
            None,
            "paragraphs, the limit",
        ),
    ]
    seed = docx_bytes()

    def docx(what: str, content: Content, message: str) -> Hostile:
        return Hostile(f"docx/{what}", "docx", "bad.docx", content, None, message)

    part = "word/document.xml"
    return [
        *cases,
        docx("not-a-zip", data(TXT), "not a readable .docx"),
        docx("empty", data(b""), "not a readable .docx"),
        docx("truncated", data(seed[: len(seed) // 2]), "not a readable .docx"),
        docx(
            "zip-not-docx",
            data(with_part(seed, "[Content_Types].xml", b"<Types/>")),
            "not a readable",
        ),
        docx("plain-zip", data(_zip({"a.txt": b"hello"})), "not a readable .docx"),
        docx("zip-bomb", docx_zip_bomb(long_bytes), "unpacks to"),
        # The zip's entry says a few hundred bytes; its data inflates to `long_bytes`.
        docx("understated-size", docx_understated(long_bytes), "not a readable .docx"),
        docx(
            "many-elements",
            lambda: [with_part(seed, part, document_xml(PARAGRAPH * (MAX_DOCX_ELEMENTS // 3 + 1)))],
            "XML elements",
        ),
        docx(
            "many-paragraphs",
            lambda: [with_part(seed, part, document_xml(PARAGRAPH * (MAX_ARTICLE_PARAGRAPHS + 1)))],
            "paragraphs, the limit",
        ),
        docx(
            "billion-laughs",
            data(
                with_part(
                    seed,
                    part,
                    document_xml(
                        "<w:p><w:r><w:t>&h;</w:t></w:r></w:p>",
                        doctype=LAUGHS.replace("tmx", "w:document"),
                    ),
                )
            ),
            "DOCTYPE",
        ),
        docx(
            "external-entity",
            data(
                with_part(
                    seed,
                    part,
                    document_xml(
                        "<w:p><w:r><w:t>&secret;</w:t></w:r></w:p>",
                        doctype=EXTERNAL_FILE.replace("tmx", "w:document"),
                    ),
                )
            ),
            "DOCTYPE",
        ),
        docx(
            "deeply-nested",
            data(with_part(seed, part, document_xml("<w:p>" * NESTING + "</w:p>" * NESTING))),
            "broken XML",
        ),
        docx(
            "nul-in-xml",
            data(with_part(seed, part, document_xml("<w:p><w:r><w:t>a\x00b</w:t></w:r></w:p>"))),
            "broken XML",
        ),
        docx("broken-xml", data(with_part(seed, part, b"<w:document")), "broken XML"),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return out.getvalue()


def corpus(long_bytes: int = 65 << 20) -> list[Hostile]:
    """Every hostile input; `long_bytes` is the size of the long lines, texts and bombs,
    above every limit of the readers so that each of them is what fails."""
    limits = (
        MAX_RECORD_CHARS * 4,
        MAX_XML_TOKEN_BYTES,
        MAX_DOCUMENT_BYTES,
        MAX_DOCX_UNPACKED_BYTES,
    )
    if long_bytes <= max(limits):
        raise ValueError(f"long inputs must be longer than {max(limits):,} bytes")
    return [
        *_tsv(long_bytes),
        *_csv(long_bytes),
        *_jsonl(long_bytes),
        *_moses(long_bytes),
        *_tmx(long_bytes),
        *_documents(long_bytes),
        *_poison(),
        *_parquet(),
    ]


# --- memory --------------------------------------------------------------------------------


def status_kib(field: str) -> int:
    """A figure of /proc/self/status in KiB: VmRSS now, VmHWM the peak since the last reset."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise LookupError(field)


def reset_peak() -> None:
    """Make VmHWM start again from the current resident size (Linux; OSError elsewhere)."""
    Path("/proc/self/clear_refs").write_text("5")


# --- fuzzing ------------------------------------------------------------------------------

SEEDS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "tsv": ("fuzz.tsv", lambda: TSV),
    "csv": ("fuzz.csv", lambda: CSV),
    "jsonl": ("fuzz.jsonl", lambda: JSONL),
    "moses": ("fuzz.kk", lambda: MOSES_KK),
    "tmx": ("fuzz.tmx", tmx),
    "txt": ("fuzz.txt", lambda: TXT),
    "md": ("fuzz.md", lambda: MD),
    "docx": ("fuzz.docx", docx_bytes),
    "parquet": ("fuzz.parquet", parquet_seed),
}
# Bytes that matter to the formats, so mutations hit syntax more often than chance would.
_INTERESTING = [b"\t", b"\n", b"\r", b",", b'"', b"<", b">", b"&", b"{", b"[", b"\x00", b"\xff"]


def mutate(seed: bytes, rng: random.Random, steps: int = 4) -> bytes:
    """A few random flips, insertions, deletions, duplications or cuts of `seed`."""
    out = bytearray(seed)
    for _ in range(rng.randint(1, steps)):
        at = rng.randrange(len(out) + 1)
        match rng.randrange(5):
            case 0 if out:
                out[min(at, len(out) - 1)] = rng.randrange(256)
            case 1:
                out[at:at] = rng.choice(_INTERESTING)
            case 2:
                del out[at : at + rng.randint(1, 8)]
            case 3:
                span = out[at : at + rng.randint(1, 32)]
                out[at:at] = span * rng.randint(1, 4)
            case _:
                del out[at:]
    return bytes(out)


def fuzz_file(directory: Path, fmt: str, content: bytes) -> Path:
    """Write a fuzz input for `fmt` (a Moses file gets its unchanged partner)."""
    name, _seed = SEEDS[fmt]
    path = directory / name
    path.write_bytes(content)
    if fmt == "moses":
        (directory / "fuzz.en").write_bytes(MOSES_EN)
    return path
