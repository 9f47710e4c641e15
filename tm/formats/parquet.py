"""Parquet: the unit fields typed as the TM stores them, for pipelines that read Arrow.

The same row -> unit conversion serves the exporter, which reads the store as a frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from tm.formats._fields import FIELDS, IGNORED_COLUMNS, Skip, checked, fail, record_defaults
from tm.unit import SCHEMA, Unit

if TYPE_CHECKING:
    import polars as pl

_REQUIRED = ("source", "target")


def row_unit(row: Mapping[str, Any], defaults: Mapping[str, object]) -> Unit:
    values = {**defaults, **{k: v for k, v in row.items() if k in FIELDS and v is not None}}
    props = values.get("props")
    if props is not None:
        values["props"] = tuple((pair["type"], pair["value"]) for pair in props)
    return Unit(**values)


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


def read_parquet(
    stream: IO[bytes],
    *,
    source: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    origin: str = "import:parquet",
) -> Iterator[Unit | Skip]:
    """A unit per row (a row's "line" is its 1-based number); the store's ids are ignored."""
    import polars as pl

    try:
        frame = pl.read_parquet(stream)
    except (pl.exceptions.PolarsError, OSError) as err:
        raise fail(f"not a readable Parquet file: {err}", source=source, line=None) from err
    for name in frame.columns:
        if name not in COLUMNS and name not in IGNORED_COLUMNS:
            raise fail(
                f"unknown column (known: {', '.join(COLUMNS)})",
                source=source,
                line=None,
                field=name,
            )
    for name in _REQUIRED:
        if name not in frame.columns:
            raise fail(f"no {name} column", source=source, line=None, field=name)
    try:
        frame = frame.select(name for name in frame.columns if name in COLUMNS).cast(
            {name: COLUMNS[name] for name in frame.columns if name in COLUMNS}
        )
    except pl.exceptions.PolarsError as err:
        raise fail(f"a column has the wrong type: {err}", source=source, line=None) from err
    defaults = record_defaults(src_lang, tgt_lang, origin)
    for number, row in enumerate(frame.iter_rows(named=True), start=1):
        for name in ("src_lang", "tgt_lang"):
            if row.get(name, defaults.get(name)) is None:
                raise fail(f"no {name}", source=source, line=number, field=name)
        yield checked(row_unit(row, defaults), source=source, line=number)


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
