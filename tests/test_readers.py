"""Other engines read the TM as it is on disk, each with a filter pushed down to the files:
polars, pyarrow (through deltalake's dataset), DuckDB with its delta extension (from the
duckdb-ext-delta package, loaded from its file: nothing is downloaded) and Dask.

These tests open the table with those engines on purpose: they are the readers outside
the workbench that the TM must serve. The workbench itself reads it only through the store.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import tm.store
from tm.store import Scope, TranslationMemory
from tm.unit import Unit

# kk-en approved: the rows every reader is asked for.
APPROVED_KK_EN = {f"Мақұлданған сөйлем {i}." for i in range(5)}


def _units() -> list[Unit]:
    client = (("client", "kazinform"),)
    return [
        *(Unit("kk", "en", source, f"Approved sentence {i}.", status="approved", props=client)
          for i, source in enumerate(sorted(APPROVED_KK_EN))),
        *(Unit("kk", "en", f"Жоба сөйлем {i}.", f"Draft sentence {i}.") for i in range(5)),
        *(Unit("kk", "ru", f"Мақұлданған сөйлем {i}.", f"Одобренное предложение {i}.",
               status="approved") for i in range(3)),
        Unit("en", "kk", "An approved English source.", "Мақұлданған ағылшын сөйлемі.",
             status="approved"),
    ]  # fmt: skip


def _view_types(path: str) -> list[str]:
    """The columns whose Arrow type, as the file records it, is a string view."""

    def has_view(kind: pa.DataType) -> bool:
        if pa.types.is_string_view(kind) or pa.types.is_binary_view(kind):
            return True
        return any(has_view(kind.field(i).type) for i in range(kind.num_fields))

    return [field.name for field in pq.read_schema(path) if has_view(field.type)]


def _files(memory: TranslationMemory) -> list[str]:
    from deltalake import DeltaTable

    return list(DeltaTable(memory.uri).file_uris())


@pytest.fixture
def written(tmp_path: Path) -> TranslationMemory:
    """A TM as the store writes it: created, added to, and saved over once."""
    memory = TranslationMemory.create(tmp_path / "tm", _units()[:6], user="seed")
    memory.add(_units()[6:], user="importer")
    memory.add([Unit("kk", "en", "Тағы бір жоба.", "One more draft.")], user="importer")
    return memory


def test_the_files_the_store_writes_carry_plain_strings(written: TranslationMemory) -> None:
    files = _files(written)
    assert len(files) == 3
    assert {path: _view_types(path) for path in files} == {path: [] for path in files}


def _after_edits_and_compaction(memory: TranslationMemory) -> TranslationMemory:
    """Edits rewrite files through deltalake's merge, which writes string views (deltalake
    1.6); compaction, which the store runs as small files pile up, writes them plain."""
    draft = memory.scan().filter(pl.col("source") == "Жоба сөйлем 0.").collect()
    memory.reject(draft["unit_id"].to_list(), user="editor")
    assert any(_view_types(path) for path in _files(memory))
    memory.compact()
    return memory


@pytest.fixture(params=["as written", "after edits and compaction"])
def table(request: pytest.FixtureRequest, written: TranslationMemory) -> TranslationMemory:
    if request.param == "as written":
        return written
    return _after_edits_and_compaction(written)


def test_polars_reads_the_table_with_a_filter(table: TranslationMemory) -> None:
    rows = (
        pl.scan_delta(table.uri)
        .filter(pl.col("src_lang") == "kk", pl.col("tgt_lang") == "en")
        .filter(pl.col("status") == "approved")
        .select("source", "props")
        .collect()
    )
    assert set(rows["source"]) == APPROVED_KK_EN
    assert rows["props"].to_list()[0] == [{"type": "client", "value": "kazinform"}]


def test_pyarrow_reads_the_table_with_a_filter_pushed_down(table: TranslationMemory) -> None:
    import pyarrow.fs as pafs
    from deltalake import DeltaTable

    # With pyarrow's own filesystem: deltalake's default one (implemented in Python) now
    # and then aborts the process at exit after pyarrow has read through it.
    files = pafs.SubTreeFileSystem(table.uri, pafs.LocalFileSystem())
    dataset = DeltaTable(table.uri).to_pyarrow_dataset(filesystem=files)
    wanted = (
        (ds.field("src_lang") == "kk")
        & (ds.field("tgt_lang") == "en")
        & (ds.field("status") == "approved")
    )
    rows = dataset.to_table(filter=wanted, columns=["source", "status"])
    assert set(rows.column("source").to_pylist()) == APPROVED_KK_EN
    # And straight from the table's current files, as a reader without deltalake does.
    plain = ds.dataset(_files(table), format="parquet")
    assert plain.to_table(filter=wanted).num_rows == len(APPROVED_KK_EN)


def _duckdb_delta_extension() -> str:
    """The delta extension's file as the duckdb-ext-delta package installs it."""
    files = importlib.metadata.files("duckdb-ext-delta") or []
    (extension,) = [f for f in files if f.name == "delta.duckdb_extension"]
    return str(extension.locate())


def test_duckdb_reads_the_table_with_its_delta_extension_offline(table: TranslationMemory) -> None:
    import duckdb

    with duckdb.connect() as con:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("SET autoload_known_extensions = false")
        con.load_extension(_duckdb_delta_extension())
        rows = con.execute(
            "SELECT source FROM delta_scan(?) "
            "WHERE src_lang = 'kk' AND tgt_lang = 'en' AND status = 'approved'",
            [str(table.uri)],
        ).fetchall()
    assert {source for (source,) in rows} == APPROVED_KK_EN


# Dask's parquet reader calls a pandas API that pandas 3.1 deprecates (not our call).
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index is deprecated")
def test_dask_reads_the_table_with_a_filter_pushed_down(table: TranslationMemory) -> None:
    import dask
    import dask.dataframe as dd

    frame = dd.read_parquet(
        _files(table),
        columns=["source", "tgt_lang"],
        filters=[("src_lang", "==", "kk"), ("status", "==", "approved")],
    )
    with dask.config.set(scheduler="synchronous"):
        rows = frame.compute()
    assert set(rows.loc[rows["tgt_lang"] == "en", "source"]) == APPROVED_KK_EN
    assert len(rows) == len(APPROVED_KK_EN) + 3


def test_a_table_written_with_string_views_is_still_read_and_written_by_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store before plain strings handed polars' string views to deltalake as they were.
    def views(frame: pl.DataFrame, order_by: str | None = None) -> object:
        ordered = frame.sort(order_by) if order_by else frame
        return ordered.to_arrow(compat_level=pl.CompatLevel.newest())

    with monkeypatch.context() as old_store:
        old_store.setattr(tm.store, "_arrow", views)
        memory = TranslationMemory.create(tmp_path / "tm", _units()[:6], user="old")
        memory.add(_units()[6:], user="old")
    assert all(_view_types(path) for path in _files(memory))

    from tm.fuzzy import lookup

    assert memory.stats().units == len(_units())
    unit_id = memory.scan().filter(pl.col("source") == "Жоба сөйлем 1.").collect()["unit_id"]
    assert memory.unit(unit_id.item())["target"] == "Draft sentence 1."
    (match,) = lookup(memory, "Жоба сөйлем 1.", "kk", "en", min_score=100)
    assert match.target == "Draft sentence 1."
    memory.add([Unit("kk", "en", "Жаңа сөйлем.", "A new sentence.")], user="new")
    memory.replace(
        [Unit("kk", "en", "Құжат сөйлемі.", "A document sentence.", doc_id="d", seg_no=0)],
        Scope("d", "kk", "en"),
        user="new",
    )
    memory.approve(unit_id.to_list(), user="new")
    assert [state.change for state in memory.history(unit_id.item())] == ["insert", "update"]
    assert memory.stats().units == len(_units()) + 2
    # Compaction leaves it plain, with the same units.
    before = memory.units().sort("unit_id")
    memory.compact()
    assert not any(_view_types(path) for path in _files(memory))
    assert memory.units().sort("unit_id").equals(before)
