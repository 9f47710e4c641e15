from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from tm.access import Role
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
    first = memory.add([kk_en("Бір.", "One."), Unit("KAZ", "EN", "Бір.", "One.")], user="u")
    second = memory.add([kk_en("Бір.", "One."), kk_en("Екі.", "Two.")], user="u")
    assert (first.added, first.skipped) == (1, 1)
    assert (second.added, second.skipped) == (1, 1)
    assert memory.units().height == 2
    assert set(memory.units()["src_lang"]) == {"kk"}
    # A region is another language variant: its own unit, kept with its tag.
    third = memory.add([Unit("kk_kz", "en-gb", "Бір.", "One.")], user="u")
    assert third.added == 1
    assert sorted(set(memory.units()["tgt_lang"])) == ["en", "en-GB"]


def test_a_bad_unit_writes_nothing_and_names_it(memory: TranslationMemory) -> None:
    version = memory.version()
    with pytest.raises(InputError, match=r"line 2, field 'target': the target is empty"):
        memory.add([kk_en("Бір.", "One."), kk_en("Екі.", "  ")], user="u")
    with pytest.raises(LanguageError, match="x x"):
        memory.add([Unit("kk", "x x", "Бір.", "One.")], user="u")
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


def only_id(memory: TranslationMemory) -> str:
    ids = memory.units()["unit_id"].to_list()
    assert len(ids) == 1
    return str(ids[0])


def test_a_known_pair_arriving_again_merges_its_metadata(memory: TranslationMemory) -> None:
    memory.add([kk_en("Бір.", "One.", status="aligned", align_score=0.6)], user="aligner")
    unit_id = only_id(memory)
    result = memory.add(
        [
            kk_en(
                "Бір.",
                "One.",
                status="approved",
                doc_id="d7",
                seg_no=3,
                align_score=0.4,
                props=(("client", "kazinform"),),
            )
        ],
        user="editor",
    )
    assert (result.added, result.merged, result.skipped) == (0, 1, 0)
    row = memory.unit(unit_id)
    assert (row["status"], row["doc_id"], row["seg_no"], row["align_score"]) == (
        "approved",
        "d7",
        3,
        0.6,
    )
    assert row["props"] == [{"type": "client", "value": "kazinform"}]
    assert (row["created_by"], row["changed_by"]) == ("aligner", "editor")
    again = memory.add([kk_en("Бір.", "One.", status="draft")], user="someone")
    assert (again.added, again.merged, again.skipped) == (0, 0, 1)
    assert memory.unit(unit_id)["status"] == "approved"


def test_approve_reject_edit_delete_are_stamped_and_kept_in_history(
    memory: TranslationMemory,
) -> None:
    memory.add([kk_en("Бір.", "One."), kk_en("Екі.", "Two.")], user="translator")
    one, two = memory.units().sort("source")["unit_id"].to_list()
    assert memory.unit(one)["source"] == "Бір."

    assert memory.approve([one], user="editor").changed == 1
    assert memory.reject([two], user="editor").changed == 1
    memory.edit(one, target="The first.", user="reviewer")
    assert memory.delete([two], user="admin").changed == 1

    row = memory.unit(one)
    assert (row["target"], row["status"], row["changed_by"]) == (
        "The first.",
        "approved",
        "reviewer",
    )
    assert memory.units()["unit_id"].to_list() == [one]

    states = memory.history(one)
    assert [(s.change, s.user, s.values["target"], s.values["status"]) for s in states] == [
        ("insert", "translator", "One.", "draft"),
        ("update", "editor", "One.", "approved"),
        ("update", "reviewer", "The first.", "approved"),
    ]
    deleted = memory.history(two)
    assert [(s.change, s.user) for s in deleted] == [
        ("insert", "translator"),
        ("update", "editor"),
        ("delete", "admin"),
    ]


def test_an_edit_may_not_duplicate_another_unit(memory: TranslationMemory) -> None:
    memory.add([kk_en("Бір.", "One."), kk_en("Бір.", "Uno.")], user="u")
    uno = memory.units().filter(pl.col("target") == "Uno.")["unit_id"].item()
    with pytest.raises(InputError, match="exists already"):
        memory.edit(uno, target="One.", user="u")
    with pytest.raises(InputError, match="not a unit id"):
        memory.approve(["x' OR 1=1 --"], user="u")
    with pytest.raises(InputError, match="no unit"):
        memory.edit("0" * 32, target="x", user="u")


def test_restore_brings_back_an_earlier_version_as_a_new_commit(
    memory: TranslationMemory,
) -> None:
    memory.add([kk_en("Бір.", "One.")], user="u")
    good = memory.version()
    memory.delete([only_id(memory)], user="u")
    assert memory.units().is_empty()
    result = memory.restore(good, user="admin")
    assert result.version == good + 2
    assert memory.units()["source"].to_list() == ["Бір."]
    with pytest.raises(InputError, match="no version 99"):
        memory.restore(99, user="admin")


def test_small_files_are_compacted_without_changing_the_units(
    memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tm.store

    monkeypatch.setattr(tm.store, "COMPACT_AFTER_FILES", 3)
    for number in range(5):
        memory.add([kk_en(f"Сөйлем {number}.", f"Sentence {number}.")], user="u")
    assert len(memory._table().file_uris()) <= 3
    assert sorted(memory.units()["source"]) == [f"Сөйлем {n}." for n in range(5)]


def test_opening_never_writes(tmp_path: Path) -> None:
    TranslationMemory.create(tmp_path / "tm", [kk_en("Бір.", "One.")], user="u")
    before = sorted(p.name for p in (tmp_path / "tm" / "_delta_log").iterdir())
    memory = TranslationMemory.open(tmp_path / "tm")
    memory.units()
    memory.stats()
    assert sorted(p.name for p in (tmp_path / "tm" / "_delta_log").iterdir()) == before


def test_threads_writing_at_once_lose_nothing(memory: TranslationMemory) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def write(worker: int) -> None:
        for step in range(4):
            memory.add(
                [kk_en(f"{worker}-{step}", f"w{worker} s{step}"), kk_en("Ортақ.", "Shared.")],
                user=f"w{worker}",
            )

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    units = memory.units()
    assert units.height == 4 * 4 + 1
    assert units["content_key"].n_unique() == units.height


def test_units_of_one_document_get_ids_that_sort_together(memory: TranslationMemory) -> None:
    memory.add(
        [kk_en(f"Сөйлем {n}.", f"Sentence {n}.", doc_id=f"doc-{n % 2}") for n in range(6)],
        user="a",
    )
    frame = memory.units().sort("unit_id")
    assert frame["unit_id"].str.len_chars().unique().to_list() == [32]
    assert frame["unit_id"].n_unique() == 6
    prefixes = frame.group_by("doc_id").agg(pl.col("unit_id").str.slice(0, 8).n_unique())
    assert prefixes["unit_id"].to_list() == [1, 1]
    # Sorted by id, each document's units are one run: the document changes once.
    assert (frame["doc_id"] != frame["doc_id"].shift(1)).sum() == 1


def _conflicting_writes(monkeypatch: pytest.MonkeyPatch, conflicts: int | None) -> list[int]:
    """deltalake's append fails as if another writer's commit had landed first, `conflicts`
    times (None: always); returns the list that counts the attempts."""
    import deltalake
    from deltalake.exceptions import CommitFailedError

    real = deltalake.write_deltalake
    attempts: list[int] = []

    def write(*args: object, **kwargs: object) -> object:
        attempts.append(1)
        if conflicts is None or len(attempts) <= conflicts:
            raise CommitFailedError("a concurrent transaction wrote data this one read")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(deltalake, "write_deltalake", write)
    return attempts


def test_a_write_that_conflicts_is_tried_again_until_it_lands(
    memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = _conflicting_writes(monkeypatch, conflicts=3)
    result = memory.add([kk_en("Бір.", "One.")], user="u")
    assert (len(attempts), result.added, memory.units().height) == (4, 1, 1)


def test_a_write_that_keeps_conflicting_gives_up_at_the_deadline_and_writes_nothing(
    memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tm.store

    monkeypatch.setattr(tm.store, "COMMIT_DEADLINE", 0.3)
    attempts = _conflicting_writes(monkeypatch, conflicts=None)
    version = memory.version()
    with pytest.raises(
        StoreError, match=r"conflicted with this one \d+ times in \d+ s; it was not"
    ):
        memory.add([kk_en("Бір.", "One.")], user="u")
    assert len(attempts) > 1
    assert (memory.version(), memory.units().height) == (version, 0)


def test_deleting_many_units_at_once_is_one_commit(memory: TranslationMemory) -> None:
    memory.add([kk_en(f"Сөйлем {n}.", f"Sentence {n}.") for n in range(2_600)], user="u")
    ids = memory.units()["unit_id"].to_list()
    version = memory.version()
    result = memory.delete(ids[:2_500], user="u")
    assert result.changed == 2_500
    assert memory.version() == version + 1
    assert sorted(memory.units()["unit_id"].to_list()) == sorted(ids[2_500:])


def test_approving_a_unit_someone_just_deleted_says_so_and_changes_nothing(
    memory: TranslationMemory,
) -> None:
    memory.add([kk_en("Бір.", "One."), kk_en("Екі.", "Two.")], user="u")
    kept, gone = memory.units()["unit_id"].to_list()
    memory.delete([gone], user="other")
    version = memory.version()
    with pytest.raises(InputError, match=f"unit {gone} is not in the translation memory"):
        memory.approve([kept, gone], user="u")
    assert memory.version() == version
    assert memory.unit(kept)["status"] == "draft"


def test_a_tm_in_a_folder_with_a_space_and_kazakh_letters_reads_and_follows(
    tmp_path: Path,
) -> None:
    """deltalake percent-encodes a local table's file paths ("аударма жады" becomes
    "%D0%B0…%20…"), which polars then cannot open: every read failed."""
    from tm.fuzzy import lookup
    from tm.store_terms import Termbase
    from tm.termbase import Concept, Term

    memory = TranslationMemory.create(
        tmp_path / "аударма жады" / "tm", [Unit("kk", "en", "Бір сөйлем мұнда.", "One.")], user="a"
    )
    assert memory.stats().units == 1
    assert lookup(memory, "Бір сөйлем мұнда.", "kk", "en")[0].target == "One."
    memory.add([Unit("kk", "en", "Екі сөйлем мұнда.", "Two.")], user="a")
    assert lookup(memory, "Екі сөйлем мұнда.", "kk", "en")[0].target == "Two."  # followed
    assert memory.scan(version=0).collect().height == 1
    unit_id = memory.units()["unit_id"][0]
    assert memory.history(unit_id)[0].change == "insert"
    memory.set_role("ed", Role.EDITOR, user="a")  # a shared TM: its list is read on every write
    assert memory.access().roles["ed"] == Role.EDITOR
    termbase = Termbase.open(tmp_path / "аударма жады" / "tm-terms", create=True)
    termbase.add([Concept((Term("kk", "Үкімет"), Term("en", "Government")))], user="a")
    assert termbase.rows().height == 2


def test_a_file_uri_is_a_local_tm_with_its_lock_and_indexes(tmp_path: Path) -> None:
    """`--tm file:///…` used to be treated as remote: no writers' lock, no history index."""
    from tm.store_terms import Termbase

    folder = tmp_path / "мой tm"
    uri = "file://" + str(folder).replace(" ", "%20")
    memory = TranslationMemory.create(uri, [Unit("kk", "en", "Бір.", "One.")], user="a")
    assert memory.uri == str(folder)
    assert TranslationMemory.exists(uri)
    memory.edit(memory.units()["unit_id"][0], target="One!", user="a")
    assert (folder / ".tm-write.lock").exists()
    assert [state.change for state in memory.history(memory.units()["unit_id"][0])] == [
        "insert",
        "update",
    ]
    assert (folder / "_history").is_dir()
    assert Termbase.open(uri + "-terms", create=True).uri == str(folder) + "-terms"
