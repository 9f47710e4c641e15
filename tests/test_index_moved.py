"""A TM folder moved or copied elsewhere keeps its saved fuzzy index: the index loads from
the new place and follows the table there, reading only the files added since its save."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from deltalake import DeltaTable

from tm.fuzzy import FuzzyIndex
from tm.fuzzy.index import INDEX_FOLDER
from tm.store import TranslationMemory
from tm.unit import Unit

QUERIES = (
    "Астанада екі ел арасындағы кездесу өтті.",
    "Үкімет жаңа заң жобасын талқылады.",
    "Алматыда жаңа мектеп ашылды.",
)


@pytest.fixture
def files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the data files read through polars while the test runs."""
    read: list[str] = []
    scan_parquet: Callable[..., pl.LazyFrame] = pl.scan_parquet

    def counting(source: Any, *args: Any, **kwargs: Any) -> pl.LazyFrame:
        read.extend(Path(path).name for path in (source if isinstance(source, list) else [source]))
        return scan_parquet(source, *args, **kwargs)

    monkeypatch.setattr(pl, "scan_parquet", counting)
    return read


def _file_names(folder: Path, version: int | None = None) -> set[str]:
    """The table's data files at `version`, as Delta's log names them."""
    actions = DeltaTable(str(folder), version=version).get_add_actions(flatten=True)
    return set(actions.column("path").to_pylist())


def _made_tm(folder: Path) -> TranslationMemory:
    """A TM of several data files (one a commit), its index saved at its latest version."""
    memory = TranslationMemory.create(
        folder,
        [Unit("kk", "en", "Астанада екі ел арасындағы кездесу өтті.", "A meeting in Astana.")],
        user="test",
    )
    FuzzyIndex.open(memory)
    assert (folder / INDEX_FOLDER / "CURRENT").is_file()
    for number, (source, target) in enumerate(
        [
            ("Үкімет жаңа заң жобасын талқылады.", "The government discussed a bill."),
            ("Алматыда жаңа мектеп ашылды.", "A new school opened in Almaty."),
            ("Астанада үш ел арасындағы кездесу өтті.", "A meeting of three in Astana."),
        ]
    ):
        memory.add([Unit("kk", "en", source, target, doc_id=f"d{number}")], user="test")
    FuzzyIndex.open(memory).save()  # caught up: the saved index knows every file
    return memory


def _matches(index: FuzzyIndex) -> list[list[tuple[str, int, str]]]:
    return [
        [(m.unit_id, m.score, m.status) for m in index.lookup(query, "kk", "en", min_score=0)]
        for query in QUERIES
    ]


def _offered(matches: list[list[tuple[str, int, str]]]) -> set[str]:
    return {unit_id for found in matches for unit_id, _, _ in found}


def _rejected(memory: TranslationMemory) -> list[str]:
    rejected: list[str] = memory.units().filter(pl.col("status") == "rejected")["unit_id"].to_list()
    return rejected


def _saved_version(folder: Path) -> int:
    saved = folder / INDEX_FOLDER / (folder / INDEX_FOLDER / "CURRENT").read_text().strip()
    version: int = json.loads((saved / "meta.json").read_text(encoding="utf-8"))["version"]
    return version


def _work_after_the_save(memory: TranslationMemory) -> None:
    """An add (a new file) and a reject (a file rewritten: one goes, one comes)."""
    memory.add([Unit("kk", "en", "Үкімет ескі заң жобасын талқылады.", "An old bill.")], user="t")
    school = memory.units().filter(pl.col("source") == "Алматыда жаңа мектеп ашылды.")
    memory.reject(school["unit_id"].to_list(), user="test")


def test_a_moved_tm_loads_its_saved_index_and_reads_only_the_new_files(
    tmp_path: Path, files_read: list[str]
) -> None:
    original = tmp_path / "a" / "tm"
    memory = _made_tm(original)
    before = _matches(FuzzyIndex.open(memory, persist=False))
    saved_at = _saved_version(original)
    files_at_save = _file_names(original, saved_at)
    assert len(files_at_save) >= 4

    (tmp_path / "a").rename(tmp_path / "b")
    moved = TranslationMemory(tmp_path / "b" / "tm")
    files_read.clear()
    index = FuzzyIndex.open(moved)
    assert files_read == []  # loaded, not rebuilt: nothing changed but the place
    assert index.version == saved_at
    assert _matches(index) == before

    _work_after_the_save(moved)
    files_read.clear()
    index = FuzzyIndex.open(moved)
    moved_folder = tmp_path / "b" / "tm"
    new_files = _file_names(moved_folder) - files_at_save
    assert sorted(files_read) == sorted(new_files)
    assert len(new_files) < len(_file_names(moved_folder))
    assert index.version == moved.version()
    # What a fresh index built from every file at the new place finds, the followed one finds.
    assert _matches(index) == _matches(FuzzyIndex.open(moved, persist=False))
    assert _offered(before) - _offered(_matches(index)) == set(_rejected(moved))


def test_a_copy_under_a_path_with_a_space_and_kazakh_letters_is_followed_apart(
    tmp_path: Path, files_read: list[str]
) -> None:
    original = tmp_path / "tm"
    memory = _made_tm(original)
    before = _matches(FuzzyIndex.open(memory, persist=False))
    files_at_save = _file_names(original, _saved_version(original))
    copy_folder = tmp_path / "Менің ҚҰЖ көшірмесі" / "tm"
    shutil.copytree(original, copy_folder)
    copy = TranslationMemory(copy_folder)

    files_read.clear()
    assert _matches(FuzzyIndex.open(copy)) == before
    assert files_read == []
    _work_after_the_save(copy)
    files_read.clear()  # the store reads a table under such a path file by file itself
    followed = FuzzyIndex.open(copy)
    assert sorted(files_read) == sorted(_file_names(copy_folder) - files_at_save)
    assert _matches(followed) == _matches(FuzzyIndex.open(copy, persist=False))
    assert _matches(followed) != before  # the copy moved on

    # The original did not: its own saved index still holds, untouched by the copy's work.
    files_read.clear()
    assert _matches(FuzzyIndex.open(memory)) == before
    assert files_read == []


def test_an_index_saved_in_the_earlier_format_is_read_not_rebuilt(
    tmp_path: Path, files_read: list[str]
) -> None:
    folder = tmp_path / "tm"
    memory = _made_tm(folder)
    before = _matches(FuzzyIndex.open(memory, persist=False))
    files_at_save = _file_names(folder, _saved_version(folder))
    saved = folder / INDEX_FOLDER / (folder / INDEX_FOLDER / "CURRENT").read_text().strip()
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    # Format 4 named each file by its absolute path.
    meta["format"] = 4
    meta["codes"]["file"] = {f"{folder}/{name}": n for name, n in meta["codes"]["file"].items()}
    meta["live_files"] = [f"{folder}/{name}" for name in meta["live_files"]]
    (saved / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    _work_after_the_save(memory)
    files_read.clear()
    index = FuzzyIndex.open(memory)
    assert sorted(files_read) == sorted(_file_names(folder) - files_at_save)
    assert _matches(index) == _matches(FuzzyIndex.open(memory, persist=False))
    assert _matches(index) != before
