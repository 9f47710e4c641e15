from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tm.errors import InputError, LanguageError, StoreError
from tm.store import TranslationMemory, Unit

NOW = dt.datetime(2025, 11, 18, 9, 30, tzinfo=dt.UTC)


def kk_en(source: str, target: str, **extra: object) -> Unit:
    return Unit("kk", "en", source, target, **extra)  # type: ignore[arg-type]


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm")


def test_units_added_are_read_back_with_who_and_when(memory: TranslationMemory) -> None:
    result = memory.add(
        [kk_en("Сәлем.", "Hello.", doc_id="d1", seg_no=0, props=(("client", "kazinform"),))],
        user="aigerim",
        now=NOW,
    )
    assert (result.added, result.skipped) == (1, 0)
    row = memory.units().row(0, named=True)
    assert (row["source"], row["target"], row["doc_id"], row["seg_no"]) == (
        "Сәлем.",
        "Hello.",
        "d1",
        0,
    )
    assert (row["created_by"], row["changed_by"]) == ("aigerim", "aigerim")
    assert row["created_at"] == NOW
    assert row["props"] == [{"type": "client", "value": "kazinform"}]


def test_whitespace_in_text_is_kept_exactly(memory: TranslationMemory) -> None:
    memory.add([kk_en("  Екі  бос орын ", "Two  spaces ")], user="u")
    row = memory.units().row(0, named=True)
    assert (row["source"], row["target"]) == ("  Екі  бос орын ", "Two  spaces ")


def test_same_pair_is_one_unit_across_batches_and_language_spellings(
    memory: TranslationMemory,
) -> None:
    first = memory.add([kk_en("Бір.", "One."), Unit("kk-KZ", "EN", "Бір.", "One.")], user="u")
    second = memory.add([kk_en("Бір.", "One."), kk_en("Екі.", "Two.")], user="u")
    assert (first.added, first.skipped) == (1, 1)
    assert (second.added, second.skipped) == (1, 1)
    assert memory.units().height == 2
    assert set(memory.units()["src_lang"]) == {"kk"}


def test_a_bad_unit_writes_nothing_and_names_it(memory: TranslationMemory) -> None:
    version = memory.version()
    with pytest.raises(InputError, match=r"line 2, field 'target': the target is empty"):
        memory.add([kk_en("Бір.", "One."), kk_en("Екі.", "  ")], user="u")
    with pytest.raises(LanguageError, match="xx"):
        memory.add([Unit("kk", "xx", "Бір.", "One.")], user="u")
    with pytest.raises(InputError, match="status"):
        memory.add([kk_en("Бір.", "One.", status="done")], user="u")
    assert memory.version() == version
    assert memory.units().height == 0


def test_every_write_is_a_new_version_and_nothing_new_is_no_commit(
    memory: TranslationMemory,
) -> None:
    start = memory.version()
    memory.add([kk_en("Бір.", "One.")], user="u")
    assert memory.version() == start + 1
    memory.add([kk_en("Бір.", "One.")], user="u")
    assert memory.version() == start + 1


def test_stats_count_by_pair_and_status(memory: TranslationMemory) -> None:
    memory.add(
        [
            kk_en("Бір.", "One.", status="approved"),
            kk_en("Екі.", "Two."),
            Unit("kk", "ru", "Бір.", "Один.", status="approved"),
        ],
        user="u",
    )
    stats = memory.stats()
    assert stats.units == 3
    assert stats.by_pair == {"kk-en": 2, "kk-ru": 1}
    assert stats.by_status == {"approved": 2, "draft": 1}


def test_create_refuses_an_existing_tm_and_open_refuses_a_missing_one(tmp_path: Path) -> None:
    TranslationMemory.create(tmp_path / "tm")
    with pytest.raises(StoreError, match="exists"):
        TranslationMemory.create(tmp_path / "tm")
    with pytest.raises(StoreError, match="no translation memory"):
        TranslationMemory.open(tmp_path / "elsewhere")
    assert TranslationMemory.open(tmp_path / "new", create=True).units().height == 0


def test_create_with_units_is_a_single_commit(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [kk_en("Бір.", "One.")], user="seed")
    assert memory.version() == 0
    assert memory.units()["created_by"].to_list() == ["seed"]


def test_provenance_from_an_imported_file_is_kept(memory: TranslationMemory) -> None:
    created = dt.datetime(2019, 5, 1, 12, 0, tzinfo=dt.UTC)
    memory.add([kk_en("Бір.", "One.", created_by="omegat", created_at=created)], user="importer")
    row = memory.units().row(0, named=True)
    assert (row["created_by"], row["created_at"]) == ("omegat", created)
    assert (row["changed_by"], row["changed_at"]) == ("omegat", created)
    with pytest.raises(InputError, match="time zone"):
        memory.add([kk_en("Екі.", "Two.", created_at=dt.datetime(2019, 5, 1))], user="u")


def test_scan_filters_lazily(memory: TranslationMemory) -> None:
    memory.add([kk_en("Бір.", "One."), Unit("kk", "ru", "Бір.", "Один.")], user="u")
    import polars as pl

    assert memory.scan().filter(pl.col("tgt_lang") == "ru").collect()["target"].to_list() == [
        "Один."
    ]
