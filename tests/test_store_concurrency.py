"""Separate processes writing one local TM at once (spawned: deltalake does not survive
fork). tests/test_s3.py runs the same on S3, where there is no lock file."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

import polars as pl

from tm.store import TranslationMemory, Unit

WORKERS = 3
STEPS = 6
WRITERS = 4
ADDS = 10


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
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(memory.uri, w)) for w in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=240)
        assert process.exitcode == 0

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
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(memory.uri, w)) for w in range(WRITERS)]
    for writer in writers:
        writer.start()
    try:
        for writer in writers:
            writer.join(timeout=240)
            assert writer.exitcode == 0
    finally:
        for writer in writers:
            if writer.is_alive():
                writer.kill()
                writer.join(timeout=15)

    units = memory.units()
    assert units.height == WRITERS * ADDS
    assert units["unit_id"].n_unique() == units.height
    adds = Counter(commit.user for commit in memory.log() if commit.operation == "add")
    assert adds == {f"writer-{w}": ADDS for w in range(WRITERS)}
