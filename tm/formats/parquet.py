"""Parquet: the unit fields typed as the TM stores them, for pipelines that read Arrow.

The same row -> unit conversion serves the exporter, which reads the store as a frame.

Reading is bounded, because a Parquet file can be a bomb: a column of one string repeated
a million times, or a million rows of nothing, takes a few kilobytes of file and gigabytes
once read. What the file decodes to is counted before any of it is made: every value
counts 8 bytes plus its text, every row `_ROW_BYTES` more (what a unit costs to hold). A
file whose rows pass `MAX_IMPORT_ROWS`, or that decodes to more than `MAX_PARQUET_EXPANSION`
times its size (and more than `PARQUET_DECODE_FLOOR_BYTES`), is refused naming the file:

1. from its footer, read here (`_Thrift`): the rows, values and uncompressed pages it
   declares (pyarrow's own per-chunk metadata objects abort the process on some corrupt
   footers, so they are never touched);
2. else while measuring: each row group read a column at a time with its text as
   dictionaries (a repeated string is held once) and the lengths summed;
3. then the rows are converted by Arrow, `_BATCH_ROWS` at a time (Arrow's errors are
   exceptions; polars panics on some broken files), each bad value named by row and field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from tm.formats._fields import FIELDS, IGNORED_COLUMNS, Skip, checked, fail, record_defaults
from tm.formats._fields import shown as shown_value
from tm.limits import (
    MAX_IMPORT_ROWS,
    MAX_PARQUET_EXPANSION,
    PARQUET_DECODE_FLOOR_BYTES,
    size,
)
from tm.unit import SCHEMA, Unit

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

_REQUIRED = ("source", "target")
_BATCH_ROWS = 4096
# What decoding costs beyond the text, counted against the budget: each value an offset or
# a number, each row the `Unit` and table row it becomes (measured: ~250 bytes).
_VALUE_BYTES = 8
_ROW_BYTES = 256
# The longest fixed-size value a column may have (a 256-bit decimal takes 32 bytes).
_MAX_FIXED_BYTES = 64

_PROPS_AT = FIELDS.index("props")


def frame_units(frame: pl.DataFrame, *, chunk_rows: int = 20_000) -> Iterator[Unit]:
    """The rows of a frame with the store's columns as units, a chunk at a time."""
    # Positional rows in field order: named rows cost a dict per row, twice the time.
    for chunk in frame.select(FIELDS).iter_slices(chunk_rows):
        for row in chunk.iter_rows():
            values = list(row)
            values[_PROPS_AT] = tuple((p["type"], p["value"]) for p in values[_PROPS_AT] or ())
            yield Unit(*values)


# The file's columns: the unit fields, typed as the store types them.
COLUMNS = {name: SCHEMA[name] for name in FIELDS}


def _open(stream: IO[bytes], source: str) -> tuple[pq.ParquetFile, pq.ParquetFile, _Footer]:
    """The file twice, as read to measure it (text columns as dictionaries: a repeated
    string is held once) and as read to import it, and what its footer declares."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    if not stream.seekable():  # a pipe: Parquet's footer is at the end
        stream = io.BytesIO(stream.read())
    start = stream.tell()
    file_bytes = stream.seek(0, io.SEEK_END) - start
    stream.seek(start)
    try:
        footer = _Footer(file_bytes, *_footer(stream, start, file_bytes))
        plain = pq.ParquetFile(stream)
        leaves = [plain.schema.column(i) for i in range(len(plain.schema))]
        texts = [column.path for column in leaves if column.physical_type == "BYTE_ARRAY"]
        measured = pq.ParquetFile(stream, metadata=plain.metadata, read_dictionary=texts)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise fail(
            f"not a readable Parquet file: {_one_line(err)}", source=source, line=None
        ) from err
    for column in leaves:  # no field needs them; a repeated one would escape the count
        if column.physical_type == "FIXED_LEN_BYTE_ARRAY" and column.length > _MAX_FIXED_BYTES:
            raise fail(
                f"values of {column.length:,} bytes each (fixed-size binary), more than a "
                f"unit field may take ({_MAX_FIXED_BYTES})",
                source=source,
                line=None,
                field=column.path.split(".")[0],
            )
    return measured, plain, footer


@dataclass(frozen=True)
class _Footer:
    """What a Parquet file declares of itself: its size, rows and column chunks."""

    file_bytes: int
    rows: int
    group_rows: list[int]  # the rows of each row group, in order
    chunks: list[_Chunk]


@dataclass(frozen=True)
class _Chunk:
    """What a Parquet footer says of one column chunk."""

    column: str  # the top-level column it belongs to
    values: int  # values, nulls and list entries included
    uncompressed: int  # bytes of its pages once decompressed


class _Thrift:
    """Just enough of Thrift's compact protocol to read a Parquet footer, as nested dicts
    by field id. pyarrow's own per-chunk metadata objects abort the process (C++
    `terminate`, no exception) on some corrupt footers, so the counts the limits need are
    read here, in Python, where a corrupt footer is a ValueError."""

    _MAX_DEPTH = 16

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        if self.at >= len(self.data):
            raise ValueError("the footer ends too early")
        self.at += 1
        return self.data[self.at - 1]

    def varint(self) -> int:
        number = shift = 0
        while True:
            byte = self.byte()
            number |= (byte & 0x7F) << shift
            if byte < 0x80:
                return number
            shift += 7
            if shift > 63:
                raise ValueError("a number in the footer is too long")

    def integer(self) -> int:
        number = self.varint()
        return (number >> 1) ^ -(number & 1)

    def struct(self, depth: int = 0) -> dict[int, object]:
        fields: dict[int, object] = {}
        field = 0
        while head := self.byte():
            field = field + (head >> 4) if head >> 4 else self.integer()
            fields[field] = self.value(head & 0x0F, depth)
        return fields

    def value(self, kind: int, depth: int) -> object:
        if depth > self._MAX_DEPTH:
            raise ValueError("the footer nests too deep")
        if kind in (1, 2):  # a boolean field: the type is the value
            return kind == 1
        if kind == 3:
            return self.byte()
        if kind in (4, 5, 6):
            return self.integer()
        if kind == 7:
            self.at += 8
            return None
        if kind == 8:
            length = self.varint()
            if self.at + length > len(self.data):
                raise ValueError("a string runs past the footer")
            self.at += length
            return self.data[self.at - length : self.at]
        if kind in (9, 10):
            head = self.byte()
            count = self.varint() if head >> 4 == 15 else head >> 4
            if count > len(self.data) - self.at:  # every element takes a byte at least
                raise ValueError("a list longer than the footer")
            element = head & 0x0F
            if element in (1, 2):  # booleans in a list are a byte each
                return [self.byte() == 1 for _ in range(count)]
            return [self.value(element, depth + 1) for _ in range(count)]
        if kind == 11:
            count = self.varint()
            if count > len(self.data) - self.at:
                raise ValueError("a map longer than the footer")
            kinds = self.byte() if count else 0
            return [
                (self.value(kinds >> 4, depth + 1), self.value(kinds & 0x0F, depth + 1))
                for _ in range(count)
            ]
        if kind == 12:
            return self.struct(depth + 1)
        raise ValueError(f"unknown Thrift type {kind}")


def _footer(stream: IO[bytes], start: int, file_bytes: int) -> tuple[int, list[int], list[_Chunk]]:
    """The rows, the rows of each row group and the column chunks a Parquet footer declares
    (ValueError if it is not one that can be read)."""
    if file_bytes < 12:
        raise ValueError("too short for Parquet")
    stream.seek(start + file_bytes - 8)
    tail = stream.read(8)
    if tail[4:] != b"PAR1":
        raise ValueError("no Parquet footer (an encrypted file, or not Parquet)")
    length = int.from_bytes(tail[:4], "little")
    if length > file_bytes - 12:
        raise ValueError("the footer is longer than the file")
    stream.seek(start + file_bytes - 8 - length)
    metadata = _Thrift(stream.read(length)).struct()
    stream.seek(start)
    chunks = []
    group_rows = []
    # FileMetaData: 3 num_rows, 4 row_groups; RowGroup: 1 columns, 3 num_rows; ColumnChunk:
    # 3 meta_data; ColumnMetaData: 3 path_in_schema, 5 num_values, 6 total_uncompressed_size.
    for group in _items(metadata.get(4)):
        rows_here = _field(group, 3)
        if not isinstance(rows_here, int) or rows_here < 0:
            raise ValueError("a row group without its row count")
        group_rows.append(rows_here)
        for column in _items(_field(group, 1)):
            meta = _field(column, 3)
            path = _items(_field(meta, 3))
            values, uncompressed = _field(meta, 5), _field(meta, 6)
            if not (path and isinstance(path[0], bytes)):
                raise ValueError("a column chunk without its column")
            if not (isinstance(values, int) and isinstance(uncompressed, int)):
                raise ValueError("a column chunk without its sizes")
            name = path[0].decode("utf-8", errors="replace")
            chunks.append(_Chunk(name, max(values, 0), max(uncompressed, 0)))
    rows = metadata.get(3)
    if not isinstance(rows, int) or rows < 0:
        raise ValueError("no row count")
    return rows, group_rows, chunks


def _field(struct: object, number: int) -> object:
    return struct.get(number) if isinstance(struct, dict) else None


def _items(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _one_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def _is_text(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)
    )


def _props_shape_ok(kind: pa.DataType) -> bool:
    """A list of {type, value} structs of text (or a column of nulls)."""
    import pyarrow as pa

    if pa.types.is_null(kind):
        return True
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)):
        return False
    entry = kind.value_type
    if not pa.types.is_struct(entry) or entry.num_fields != 2:
        return False
    fields = {entry.field(i).name: entry.field(i).type for i in range(entry.num_fields)}
    return set(fields) == {"type", "value"} and all(map(_is_text, fields.values()))


def _columns(schema: pa.Schema, source: str) -> list[str]:
    """The columns to read; unknown columns, missing text and props of another shape fail."""
    for name in schema.names:
        if name not in COLUMNS and name not in IGNORED_COLUMNS:
            raise fail(
                f"unknown column (known: {', '.join(COLUMNS)})",
                source=source,
                line=None,
                field=name,
            )
    for name in _REQUIRED:
        if name not in schema.names:
            raise fail(f"no {name} column", source=source, line=None, field=name)
    if "props" in schema.names and not _props_shape_ok(schema.field("props").type):
        raise fail(
            "expected a list of {type, value} structs of text (as this workbench writes "
            f"props), found {schema.field('props').type}",
            source=source,
            line=None,
            field="props",
        )
    return [name for name in schema.names if name in COLUMNS]


class _Budget:
    """What the file may decode to, and what it has decoded to so far."""

    def __init__(self, source: str, file_bytes: int) -> None:
        self.source = source
        self.file_bytes = file_bytes
        self.limit = max(PARQUET_DECODE_FLOOR_BYTES, MAX_PARQUET_EXPANSION * file_bytes)
        self.used = 0

    def refuse(self, decodes: str, line: int | None) -> Exception:
        return fail(
            f"decodes to {decodes}, more than the {size(self.limit)} a Parquet file of "
            f"{size(self.file_bytes)} may take ({MAX_PARQUET_EXPANSION} times its size, at "
            f"least {size(PARQUET_DECODE_FLOOR_BYTES)}): a compression bomb, or a file to "
            "split",
            source=self.source,
            line=line,
        )

    def check_footer(self, rows: int, chunks: list[_Chunk], columns: list[str]) -> None:
        """Refuse from the footer alone what cannot fit: too many rows, or more values (or
        uncompressed pages) than the budget holds even if every text were empty."""
        if rows > MAX_IMPORT_ROWS:
            raise fail(
                f"{rows:,} rows, more than the {MAX_IMPORT_ROWS:,} one import may take "
                "(split the file)",
                source=self.source,
                line=None,
            )
        read = [chunk for chunk in chunks if chunk.column in columns]
        values = sum(chunk.values for chunk in read)
        pages = sum(chunk.uncompressed for chunk in read)
        least = max(pages, rows * _ROW_BYTES + values * _VALUE_BYTES)
        if least > self.limit:
            raise self.refuse(f"at least {size(least)}", None)

    def measure(self, measured: pq.ParquetFile, footer: _Footer, columns: list[str]) -> None:
        """Count what every row group decodes to, a column at a time read as dictionaries
        (what one holds at once: a column chunk's distinct values and its indices), and
        refuse at the first row group that goes over."""
        import pyarrow as pa

        first_row = 1
        for group, rows in enumerate(footer.group_rows):
            used = rows * _ROW_BYTES
            for name in columns:
                try:
                    column = measured.read_row_group(group, columns=[name], use_threads=False)
                    used += sum(map(_decoded_bytes, column.column(0).chunks))
                # A corrupt file: a page that does not decode, dictionary indices past the
                # dictionary (read as dictionaries, they are not checked until used).
                except (pa.ArrowException, OSError, ValueError) as err:
                    raise fail(
                        f"not a readable Parquet file: {_one_line(err)}",
                        source=self.source,
                        line=first_row,
                    ) from err
                if self.used + used > self.limit:
                    raise self.refuse(
                        f"more than {size(self.limit)} by row {first_row + rows - 1:,}", first_row
                    )
            self.used += used
            first_row += rows


def _decoded_bytes(array: pa.Array) -> int:
    """What `array` takes once its dictionaries are decoded, computed without decoding."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    own = len(array) * _VALUE_BYTES
    if pa.types.is_dictionary(kind):
        if not _is_bytes(kind.value_type):
            return own
        lengths = pc.binary_length(array.dictionary).take(array.indices)
        return own + int(pc.sum(lengths).as_py() or 0)
    if _is_bytes(kind):
        return own + int(pc.sum(pc.binary_length(array)).as_py() or 0)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return own + _decoded_bytes(array.flatten())
    if pa.types.is_struct(kind):
        return own + sum(map(_decoded_bytes, array.flatten()))
    return own


def _is_bytes(kind: pa.DataType) -> bool:
    """Text or binary: values whose size is their length."""
    import pyarrow as pa

    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
    )


def _plain_type(kind: pa.DataType) -> pa.DataType:
    """`kind` with every dictionary replaced by its values' type."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _plain_type(kind.value_type)
    if pa.types.is_list(kind):
        return pa.list_(_plain_type(kind.value_type))
    if pa.types.is_large_list(kind):
        return pa.large_list(_plain_type(kind.value_type))
    if pa.types.is_struct(kind):
        return pa.struct(
            [
                pa.field(kind.field(i).name, _plain_type(kind.field(i).type))
                for i in range(kind.num_fields)
            ]
        )
    return kind


def _arrow_type(name: str) -> pa.DataType:
    """The Arrow type a column is read as (the store's type of the field)."""
    import pyarrow as pa

    types: dict[str, pa.DataType] = {
        "seg_no": pa.int64(),
        "align_score": pa.float64(),
        "created_at": pa.timestamp("us", tz="UTC"),
        "changed_at": pa.timestamp("us", tz="UTC"),
        "props": pa.list_(pa.struct([("type", pa.string()), ("value", pa.string())])),
    }
    return types.get(name, pa.string())


def _typed_rows(batch: pa.RecordBatch, *, source: str, first_row: int) -> list[dict[str, Any]]:
    """The batch's rows with the store's types, converted by Arrow (whose errors are
    exceptions, where a polars conversion of a broken file can panic): a value that does
    not convert fails naming its row and column."""
    import pyarrow as pa

    columns: dict[str, list[Any]] = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            decoded = column.cast(_plain_type(column.type))
            decoded.validate(full=True)  # Parquet readers take a text's UTF-8 on trust
        except (pa.ArrowException, ValueError) as err:
            row = _bad_text_row(column)
            raise fail(
                f"not valid UTF-8 text ({_one_line(err)})",
                source=source,
                line=None if row is None else first_row + row,
                field=name,
            ) from err
        target = _arrow_type(name)
        try:
            columns[name] = decoded.cast(target).to_pylist()
        except (pa.ArrowException, ValueError, OverflowError) as err:
            raise _conversion_error(decoded, name, first_row, source=source, error=err) from err
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _bad_text_row(column: pa.Array) -> int | None:
    """The index of the first value of a text column that is not UTF-8 (None when the
    column is not plain text: the error then names the column only)."""
    import pyarrow as pa

    kind = _plain_type(column.type)
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return None
    try:
        if pa.types.is_dictionary(column.type):
            column = column.dictionary.take(column.indices)
        binary = column.view(pa.large_binary() if pa.types.is_large_string(kind) else pa.binary())
    except (pa.ArrowException, ValueError):  # broken beyond its text: the column is named
        return None
    for index, value in enumerate(binary.to_pylist()):
        try:
            if value is not None:
                value.decode("utf-8")
        except UnicodeDecodeError:
            return index
    return None


def _conversion_error(
    column: pa.Array, name: str, first_row: int, *, source: str, error: Exception
) -> Exception:
    """The value of `column` that does not convert to its field's type, with its row; the
    column itself when no single value is to blame (a type that never converts)."""
    import pyarrow as pa

    target = _arrow_type(name)
    for index in range(len(column)):
        value = column.slice(index, 1)
        try:
            value.cast(target).to_pylist()
        except (pa.ArrowException, ValueError, OverflowError):
            try:
                shown = shown_value(value.to_pylist()[0])
            except (pa.ArrowException, ValueError, OverflowError):
                shown = "the value"
            return fail(
                f"{shown} is not {_TYPE_NAMES.get(name, 'text')}",
                source=source,
                line=first_row + index,
                field=name,
            )
    return fail(
        f"a column of {column.type} cannot be read as {target}: {_one_line(error)}",
        source=source,
        line=None,
        field=name,
    )


_TYPE_NAMES = {
    "seg_no": "a whole number of 64 bits",
    "align_score": "a number",
    "created_at": "a time from year 1 to 9999",
    "changed_at": "a time from year 1 to 9999",
    "props": "a list of props",
}


def _row_unit(
    row: Mapping[str, Any], defaults: Mapping[str, object], *, source: str, line: int
) -> Unit:
    values = {**defaults, **{name: value for name, value in row.items() if value is not None}}
    for name in ("src_lang", "tgt_lang", "source", "target"):
        if name not in values:
            raise fail(f"no {name}", source=source, line=line, field=name)
    props = values.get("props")
    if props is not None:
        pairs = []
        for entry in props:
            if entry is None or entry["type"] is None or entry["value"] is None:
                raise fail(
                    "a prop without its type or value", source=source, line=line, field="props"
                )
            pairs.append((entry["type"], entry["value"]))
        values["props"] = tuple(pairs)
    return checked(Unit(**values), source=source, line=line)


def read_parquet(
    stream: IO[bytes],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:parquet",
) -> Iterator[Unit | Skip]:
    """A unit per row (a row's "line" is its 1-based number); the store's ids are ignored.
    Read in bounded batches (see the module's docstring)."""
    import pyarrow as pa

    measured, plain, footer = _open(stream, source)
    columns = _columns(plain.schema_arrow, source)
    budget = _Budget(source, footer.file_bytes)
    budget.check_footer(footer.rows, footer.chunks, columns)
    budget.measure(measured, footer, columns)
    defaults = record_defaults(src_lang, tgt_lang, origin)
    batches = plain.iter_batches(batch_size=_BATCH_ROWS, columns=columns, use_threads=False)
    number = 0
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError, ValueError) as err:
            raise fail(
                f"not a readable Parquet file: {_one_line(err)}", source=source, line=number + 1
            ) from err
        if batch is None:
            return
        for row in _typed_rows(batch, source=source, first_row=number + 1):
            number += 1
            yield _row_unit(row, defaults, source=source, line=number)


def units_frame(units: Iterable[Unit]) -> pl.DataFrame:
    import polars as pl

    columns: dict[str, list[object]] = {name: [] for name in COLUMNS}
    for unit in units:
        for name in FIELDS:
            value = getattr(unit, name)
            if name == "props":
                value = [{"type": key, "value": text} for key, text in value]
            columns[name].append(value)
    return pl.DataFrame(columns, schema=COLUMNS)


def write_parquet(units: Iterable[Unit], stream: IO[bytes]) -> int:
    frame = units_frame(units)
    frame.write_parquet(stream)
    return frame.height
