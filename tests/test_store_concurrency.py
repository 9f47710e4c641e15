"""Separate processes writing one local TM at once (spawned: deltalake does not survive
fork). tests/test_s3.py runs the same on S3, where there is no lock file."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl

from tm.errors import InputError
from tm.store import TranslationMemory, Unit

WORKERS = 3
STEPS = 6
WRITERS = 4
ADDS = 10


def run_writers(target: Callable[[str, int], None], uri: str, count: int, seconds: float) -> None:
    """`count` spawned processes running `target(uri, n)` at once (deltalake does not
    survive fork), each expected to end well within `seconds`; any left are killed."""
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=target, args=(uri, n)) for n in range(count)]
    for writer in writers:
        writer.start()
    try:
        for writer in writers:
            writer.join(timeout=seconds)
            assert writer.exitcode == 0
    finally:
        for writer in writers:
            if writer.is_alive():
                writer.kill()
                writer.join(timeout=15)


def _worker(uri: str, worker: int) -> None:
    memory = TranslationMemory(uri)
    for step in range(STEPS):
        memory.add(
            [
                Unit(
                    "kk", "en", f"Жұмысшы {worker}, қадам {step}.", f"Worker {worker}, step {step}."
                ),
                Unit("kk", "en", f"Ортақ {step}.", f"Shared {step}."),
            ],
            user=f"worker-{worker}",
        )
        if step % 2:
            mine = (
                memory.scan()
                .filter(pl.col("created_by") == f"worker-{worker}")
                .select("unit_id")
                .collect()["unit_id"]
                .to_list()
            )
            memory.approve(mine, user=f"worker-{worker}")


def test_processes_writing_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    run_writers(_worker, memory.uri, WORKERS, 240)

    units = memory.units()
    expected_sources = {f"Жұмысшы {w}, қадам {s}." for w in range(WORKERS) for s in range(STEPS)}
    expected_sources |= {f"Ортақ {s}." for s in range(STEPS)}
    assert set(units["source"]) == expected_sources
    assert units.height == len(expected_sources)
    assert units["unit_id"].n_unique() == units.height
    # Every worker's own units were approved by its last odd step.
    own = units.filter(units["source"].str.starts_with("Жұмысшы"))
    assert set(own["status"]) == {"approved"}
    for unit_id in own["unit_id"].head(3):
        changes = [state.change for state in memory.history(unit_id)]
        assert changes[0] == "insert"
        assert set(changes[1:]) <= {"update"}


def _writer(uri: str, worker: int) -> None:
    memory = TranslationMemory(uri)
    for step in range(ADDS):
        memory.add(
            [Unit("kk", "en", f"Жазушы {worker}, қадам {step}.", f"Writer {worker}, step {step}.")],
            user=f"writer-{worker}",
        )


def test_four_processes_adding_ten_times_each_all_land_one_commit_each(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm")
    run_writers(_writer, memory.uri, WRITERS, 240)

    units = memory.units()
    assert units.height == WRITERS * ADDS
    assert units["unit_id"].n_unique() == units.height
    adds = Counter(commit.user for commit in memory.log() if commit.operation == "add")
    assert adds == {f"writer-{w}": ADDS for w in range(WRITERS)}


def _edit_into(uri: str, unit_id: str, target: str, user: str, start: Any) -> str:
    """Edit one unit's target once `start` lets every editor go; what happened, as text."""
    memory = TranslationMemory(uri)
    start.wait()
    try:
        memory.edit(unit_id, target=target, user=user)
    except InputError as error:
        return f"refused: {error}"
    return "edited"


def _add_once(uri: str, start: Any) -> str:
    start.wait()
    TranslationMemory(uri).add(
        [Unit("kk", "en", "Кеңес отырысы өтті.", "The Council met.")], user="cem"
    )
    return "added"


def _two_units(tmp_path: Path, trial: int) -> tuple[TranslationMemory, list[str]]:
    memory = TranslationMemory.create(tmp_path / f"tm-{trial}")
    memory.add(
        [
            Unit("kk", "en", "Кеңес отырысы өтті.", "The council met."),
            Unit("kk", "en", "Кеңес отырысы өтті.", "A council meeting was held."),
        ],
        user="seed",
    )
    return memory, memory.units().sort("target")["unit_id"].to_list()


def _one_pair_one_unit(memory: TranslationMemory, outcomes: list[str]) -> None:
    units = memory.units()
    assert units["content_key"].n_unique() == units.height
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["edited", "refused"]
    assert "exists already as unit" in next(o for o in outcomes if o.startswith("refused"))
    # The TM takes the pair in again: no import fails on a pair held twice.
    memory.add([Unit("kk", "en", "Кеңес отырысы өтті.", "The Council met.", note="n")], user="x")
    assert memory.units().height == units.height


def test_two_threads_editing_two_units_into_one_pair_leave_one_unit(tmp_path: Path) -> None:
    for trial in range(4):
        memory, ids = _two_units(tmp_path, trial)
        start = threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(_edit_into, memory.uri, unit_id, "The Council met.", user, start)
                for unit_id, user in ((ids[0], "ana"), (ids[1], "bek"))
            ]
            outcomes = [future.result() for future in futures]
        _one_pair_one_unit(memory, outcomes)


def test_two_processes_editing_two_units_into_one_pair_leave_one_unit(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for trial in range(2):
        memory, ids = _two_units(tmp_path, trial)
        with context.Manager() as manager:
            start = manager.Barrier(2)
            with ProcessPoolExecutor(2, mp_context=context) as pool:
                futures = [
                    pool.submit(_edit_into, memory.uri, unit_id, "The Council met.", user, start)
                    for unit_id, user in ((ids[0], "ana"), (ids[1], "bek"))
                ]
                outcomes = [future.result(timeout=240) for future in futures]
        _one_pair_one_unit(memory, outcomes)


def test_an_edit_and_an_add_of_the_same_pair_at_once_leave_one_unit(tmp_path: Path) -> None:
    for trial in range(3):
        memory, ids = _two_units(tmp_path, trial)
        start = threading.Barrier(2)

        with ThreadPoolExecutor(2) as pool:
            edit = pool.submit(_edit_into, memory.uri, ids[0], "The Council met.", "ana", start)
            added = pool.submit(_add_once, memory.uri, start)
            assert added.result() == "added"
            edit.result()
        units = memory.units()
        assert units["content_key"].n_unique() == units.height


def test_a_pair_held_twice_by_an_older_version_does_not_break_imports(tmp_path: Path) -> None:
    """TMs written before edits were checked under the lock can hold one pair twice; an
    import or save of that pair must still work."""
    from deltalake import write_deltalake

    memory = TranslationMemory.create(tmp_path / "tm")
    memory.add([Unit("kk", "en", "Кеңес отырысы өтті.", "The council met.")], user="seed")
    twin = memory.units().with_columns(pl.lit("f" * 32).alias("unit_id"))
    write_deltalake(memory.uri, twin.to_arrow(), mode="append")
    assert memory.units().height == 2

    memory.add(
        [Unit("kk", "en", "Кеңес отырысы өтті.", "The council met.", note="checked")], user="x"
    )
    memory.approve(memory.units()["unit_id"].to_list(), user="x")
    units = memory.units()
    assert units.height == 2
    assert units["unit_id"].n_unique() == 2
    assert set(units["status"]) == {"approved"}
