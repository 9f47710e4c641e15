"""Concurrent writers on one TM: N processes x M operations, then an audit of the result.

    .venv/bin/python bench/reliability.py                 # 4 processes x 250 operations
    .venv/bin/python bench/reliability.py --workers 2 --ops 50

Each worker adds its own units and pairs that every worker adds too (dedupe under
contention), approves, edits and deletes its own units, and approves the shared ones
(overlapping updates of the same rows). Every worker's plan is derived from its number,
so the expected final table and every unit's history can be computed afterwards and
compared with what the TM holds. Prints counts, conflicts retried and throughput.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl

from tm.store import TranslationMemory, Unit

SHARED_PAIRS = 10


@dataclass(frozen=True)
class Step:
    op: str  # add, approve, edit, delete, share
    key: int  # the worker's own unit number, or the shared pair number


def plan(worker: int, ops: int) -> list[Step]:
    rng = random.Random(worker)
    steps: list[Step] = []
    alive: list[int] = []
    created = 0
    for _ in range(ops):
        choice = rng.random()
        if not alive or choice < 0.35:
            steps.append(Step("add", created))
            alive.append(created)
            created += 1
        elif choice < 0.55:
            steps.append(Step("approve", rng.choice(alive)))
        elif choice < 0.75:
            steps.append(Step("edit", rng.choice(alive)))
        elif choice < 0.85:
            key = rng.choice(alive)
            alive.remove(key)
            steps.append(Step("delete", key))
        else:
            steps.append(Step("share", rng.randrange(SHARED_PAIRS)))
    return steps


def source_of(worker: int, key: int) -> str:
    return f"Жұмысшы {worker} бірлігі {key}."


def shared_unit(key: int) -> Unit:
    return Unit("kk", "en", f"Ортақ сөйлем {key}.", f"Shared sentence {key}.")


def run_worker(uri: str, worker: int, ops: int) -> list[float]:
    memory = TranslationMemory(uri)
    user = f"worker-{worker}"
    ids: dict[int, str] = {}
    latencies = []
    for index, step in enumerate(plan(worker, ops)):
        started = time.perf_counter()
        if step.op == "add":
            target = f"Worker {worker} unit {step.key}."
            unit = Unit("kk", "en", source_of(worker, step.key), target)
            memory.add([unit], user=user)
            ids[step.key] = (
                memory.scan().filter(pl.col("source") == unit.source).collect()["unit_id"].item()
            )
        elif step.op == "approve":
            memory.approve([ids[step.key]], user=user)
        elif step.op == "edit":
            memory.edit(ids[step.key], target=f"Edited by {worker} at step {index}.", user=user)
        elif step.op == "delete":
            memory.delete([ids.pop(step.key)], user=user)
        else:
            memory.add([shared_unit(step.key)], user=user)
            shared_id = (
                memory.scan()
                .filter(pl.col("source") == shared_unit(step.key).source)
                .collect()["unit_id"]
                .item()
            )
            memory.approve([shared_id], user=user)
        latencies.append(time.perf_counter() - started)
    return latencies


def expected_own_units(worker: int, ops: int) -> dict[str, tuple[str, str]]:
    """source -> (status, target) of the worker's units still alive at the end."""
    state: dict[int, tuple[str, str]] = {}
    for index, step in enumerate(plan(worker, ops)):
        if step.op == "add":
            state[step.key] = ("draft", f"Worker {worker} unit {step.key}.")
        elif step.op == "approve":
            state[step.key] = ("approved", state[step.key][1])
        elif step.op == "edit":
            state[step.key] = (state[step.key][0], f"Edited by {worker} at step {index}.")
        elif step.op == "delete":
            del state[step.key]
    return {source_of(worker, key): value for key, value in state.items()}


def expected_history(worker: int, ops: int, key: int) -> list[str]:
    changes = []
    for step in plan(worker, ops):
        if step.key == key and step.op in ("add", "approve", "edit", "delete"):
            changes.append({"add": "insert", "delete": "delete"}.get(step.op, "update"))
    return changes


def audit(memory: TranslationMemory, workers: int, ops: int) -> list[str]:
    problems = []
    units = memory.units()
    if units["content_key"].n_unique() != units.height:
        problems.append("duplicated pairs")
    if units["unit_id"].n_unique() != units.height:
        problems.append("duplicated ids")
    expected: dict[str, tuple[str, str]] = {}
    for worker in range(workers):
        expected |= expected_own_units(worker, ops)
    shared_used = {s.key for w in range(workers) for s in plan(w, ops) if s.op == "share"}
    for key in shared_used:
        unit = shared_unit(key)
        expected[unit.source] = ("approved", unit.target)
    actual = {row["source"]: (row["status"], row["target"]) for row in units.iter_rows(named=True)}
    if actual != expected:
        missing = set(expected) - set(actual)
        extra = set(actual) - set(expected)
        wrong = {s for s in set(actual) & set(expected) if actual[s] != expected[s]}
        problems.append(
            f"table differs: {len(missing)} missing, {len(extra)} extra, "
            f"{len(wrong)} with a wrong status or target"
        )
    # Histories: every surviving unit of the first worker, changes in plan order.
    checked = 0
    for worker in range(1):
        for key in range(ops):
            source = source_of(worker, key)
            unit_ids = units.filter(pl.col("source") == source)["unit_id"].to_list()
            if not unit_ids:
                continue  # deleted by its plan: nothing left to look the history up by
            changes = [state.change for state in memory.history(unit_ids[0])]
            if changes != expected_history(worker, ops, key):
                problems.append(f"history of {source!r}: {changes}")
            checked += 1
    print(f"histories checked: {checked}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--ops", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        memory = TranslationMemory.create(Path(folder) / "tm")
        context = multiprocessing.get_context("spawn")  # deltalake does not survive fork
        started = time.perf_counter()
        with context.Pool(args.workers) as pool:
            latencies = pool.starmap(
                run_worker, [(memory.uri, w, args.ops) for w in range(args.workers)]
            )
        elapsed = time.perf_counter() - started
        flat = sorted(x for worker in latencies for x in worker)
        commits = memory.version()
        print(
            f"{args.workers} processes x {args.ops} operations in {elapsed:.1f} s "
            f"({args.workers * args.ops / elapsed:.1f} operations/s)"
        )
        print(
            f"operation latency: p50 {statistics.median(flat) * 1000:.0f} ms, "
            f"p99 {flat[int(len(flat) * 0.99) - 1] * 1000:.0f} ms"
        )
        print(f"table versions: {commits}; units now: {memory.stats().units}")
        problems = audit(memory, args.workers, args.ops)
        for problem in problems:
            print(f"PROBLEM: {problem}")
        print("audit: OK" if not problems else f"audit: {len(problems)} problems")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
