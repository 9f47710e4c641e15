"""Benchmark of tm.store at scale: one unit's add, approve, edit and reject, a document's
re-save, a unit's history after many commits, the fuzzy index's size after edits, and the
add of a whole import (time and peak memory, by how its text is handed to deltalake).

    .venv/bin/python bench/store.py                 # 1M units, 2,000 history commits
    .venv/bin/python bench/store.py --full          # and 10,000 history commits (~20 min)
    .venv/bin/python bench/store.py --units 100000  # a smaller TM
    .venv/bin/python bench/store.py --parts import  # only the 1M-unit add

The baseline is the store as it was before the store rework (the round-1 `tm/store.py`,
read from git at BASELINE_COMMIT), run in the same process on its own copy of the same
units, so both face the same machine. Figures are medians and p99 over repeated runs;
the machine is noisy, so read the ratios.

Units are X-WMT Kazakh/English sentence pairs made distinct by a number, in documents of
100; the table is compacted (sorted) first, as `python -m tm` leaves a TM that has taken
many small commits.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from tm.fuzzy import FuzzyIndex  # noqa: E402
from tm.store import Scope, TranslationMemory  # noqa: E402
from tm.unit import Unit  # noqa: E402

SHARED = ROOT / ".." / "shared" / "corpora"
BASELINE_COMMIT = "c38c904"  # the last commit before the store rework
TARGETS = {
    "add + index": 0.150,
    "approve": 0.300,
    "edit": 0.300,
    "reject": 0.300,
    "re-save 100": 1.0,
    "history": 0.200,
}


def baseline_store() -> types.ModuleType:
    """The round-1 store module, loaded from git under its own name."""
    source = subprocess.run(
        ["git", "show", f"{BASELINE_COMMIT}:tm/store.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="baseline-store-"))
    path = folder / "baseline_store.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("baseline_store", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_store"] = module
    spec.loader.exec_module(module)
    return module


def units(count: int, make: Callable[..., object]) -> list[object]:
    kk = (SHARED / "xwmt" / "xwmt.kk").read_text(encoding="utf-8").splitlines()
    en = (SHARED / "xwmt" / "xwmt.en").read_text(encoding="utf-8").splitlines()
    return [
        make(
            "kk",
            "en",
            f"{kk[i % len(kk)]} {i}",
            f"{en[i % len(en)]} {i}",
            doc_id=f"doc{i // 100}",
            seg_no=i % 100,
            status="aligned",
            origin="alignment",
        )
        for i in range(count)
    ]


def timed(step: Callable[[int], object], runs: int) -> tuple[float, float]:
    seconds = []
    for run in range(runs):
        start = time.perf_counter()
        step(run)
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    return statistics.median(seconds), seconds[min(len(seconds) - 1, int(0.99 * len(seconds)))]


def row(name: str, ours: tuple[float, float], base: tuple[float, float] | None) -> str:
    target = TARGETS.get(name)
    verdict = "" if target is None else ("  ok" if ours[0] <= target else "  MISSED")
    baseline = (
        f"{base[0] * 1000:9.0f} {base[1] * 1000:9.0f} {base[0] / ours[0]:7.1f}x"
        if base
        else f"{'':>9} {'':>9} {'':>8}"
    )
    limit = f"{target * 1000:7.0f}" if target else f"{'':>7}"
    return f"{name:<14}{ours[0] * 1000:9.0f} {ours[1] * 1000:9.0f} {baseline} {limit}{verdict}"


def bench_operations(count: int, runs: int, folder: Path) -> None:
    print(f"\n== one-unit operations on a compacted {count:,}-unit TM (ms) ==")
    old = baseline_store()
    t0 = time.perf_counter()
    ours = TranslationMemory.create(folder / "ours", units(count, Unit), user="bench")
    ours.compact()
    build_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = old.TranslationMemory.create(folder / "base", units(count, old.Unit), user="bench")
    theirs.compact()
    build_base = time.perf_counter() - t0
    print(f"create + compact: {build_ours:.1f} s (baseline {build_base:.1f} s)")
    index = FuzzyIndex.open(ours, persist=False)
    ids = ours.scan().select("unit_id").collect()["unit_id"].sample(4 * runs, seed=1).to_list()
    base_ids = (
        theirs.scan().select("unit_id").collect()["unit_id"].sample(4 * runs, seed=1).to_list()
    )

    def new_unit(make: Callable[..., object], run: int, side: str) -> object:
        return make("kk", "en", f"Жаңа сөйлем {side} {run}.", f"New sentence {side} {run}.")

    def add_ours(run: int) -> None:
        ours.add([new_unit(Unit, run, "a")], user="bench")  # type: ignore[list-item]
        index.refresh()

    results = {
        "add + index": (
            timed(add_ours, runs),
            timed(lambda r: theirs.add([new_unit(old.Unit, r, "b")], user="bench"), runs),
        ),
        "approve": (
            timed(lambda r: ours.approve([ids[r]], user="bench"), runs),
            timed(lambda r: theirs.approve([base_ids[r]], user="bench"), runs),
        ),
        "edit": (
            timed(lambda r: ours.edit(ids[runs + r], target=f"Edited {r}.", user="b"), runs),
            timed(lambda r: theirs.edit(base_ids[runs + r], target=f"Edited {r}.", user="b"), runs),
        ),
        "reject": (
            timed(lambda r: ours.reject([ids[2 * runs + r]], user="bench"), runs),
            timed(lambda r: theirs.reject([base_ids[2 * runs + r]], user="bench"), runs),
        ),
    }

    # A document of 100 pairs saved again with ten pairs changed; the baseline's save was an
    # add of the new pairs (the old ones stayed).
    def resave(memory: object, make: Callable[..., object], run: int, replace: bool) -> None:
        doc = f"doc{run + 3}"
        fresh = [
            make("kk", "en", f"Түзетілген {run} {n}.", f"Corrected {run} {n}.", doc_id=doc,
                 seg_no=n, status="aligned", origin="alignment")
            for n in range(10)
        ]  # fmt: skip
        kept = memory.scan().filter(pl.col("doc_id") == doc).collect()  # type: ignore[attr-defined]
        rest = [
            make("kk", "en", source, target, doc_id=doc, seg_no=seg, status="aligned",
                 origin="alignment")
            for source, target, seg in kept.select("source", "target", "seg_no").rows()[10:]
        ]  # fmt: skip
        if replace:
            ours.replace(fresh + rest, Scope(doc, "kk", "en"), user="bench")  # type: ignore[arg-type]
        else:
            memory.add(fresh + rest, user="bench")  # type: ignore[attr-defined]

    results["re-save 100"] = (
        timed(lambda r: resave(ours, Unit, r, True), max(3, runs // 4)),
        timed(lambda r: resave(theirs, old.Unit, r, False), max(3, runs // 4)),
    )
    print(
        f"{'':<14}{'ours p50':>9} {'p99':>9} {'base p50':>9} {'p99':>9} {'ratio':>8} {'target':>7}"
    )
    for name, (mine, base) in results.items():
        print(row(name, mine, base))


def bench_history(commits: int, folder: Path) -> None:
    print(f"\n== history of one unit after {commits:,} commits ==")
    old = baseline_store()
    ours = TranslationMemory.create(
        folder / "h-ours", [Unit("kk", "en", f"Сөйлем {i}.", f"S {i}.") for i in range(1000)],
        user="bench",
    )  # fmt: skip
    theirs = old.TranslationMemory.create(
        folder / "h-base", [old.Unit("kk", "en", f"Сөйлем {i}.", f"S {i}.") for i in range(1000)],
        user="bench",
    )  # fmt: skip
    for memory in (ours, theirs):
        ids = memory.scan().select("unit_id").collect()["unit_id"].to_list()
        start = time.perf_counter()
        for commit in range(commits):
            status = "approved" if commit % 2 else "aligned"
            memory.set_status([ids[commit % len(ids)]], status, user="bench")
        per_commit = (time.perf_counter() - start) / commits
        name = "ours" if memory is ours else "baseline"
        print(f"{name}: {commits:,} commits at {per_commit * 1000:.0f} ms each")
    probe = ours.scan().select("unit_id").collect()["unit_id"].to_list()
    base_probe = theirs.scan().select("unit_id").collect()["unit_id"].to_list()
    cold = timed(lambda r: ours.history(probe[3]), 1)
    warm = timed(lambda r: ours.history(probe[4 + r]), 5)
    base = timed(lambda r: theirs.history(base_probe[4 + r]), 3)
    print("(ms)          ours p50       p99  base p50       p99    ratio  target")
    print(row("history", warm, base))
    print(
        f"  the first call after the {commits:,} commits (index catch-up): {cold[0] * 1000:.0f} ms"
    )


def bench_index_memory(count: int, edits: int, folder: Path) -> None:
    print(f"\n== fuzzy index rows after {edits:,} edits on a {count:,}-unit TM ==")
    memory = TranslationMemory.create(folder / "edits", units(count, Unit), user="bench")
    index = FuzzyIndex.open(memory, persist=False)
    ids = memory.scan().select("unit_id").collect()["unit_id"].to_list()
    before = (index._rows.height, index.size)
    gc.collect()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    batch = 100
    heights = []
    for start in range(0, edits, batch):
        chosen = ids[start % len(ids) : start % len(ids) + batch]
        memory.set_status(chosen, "approved" if (start // batch) % 2 else "aligned", user="b")
        index.refresh()
        heights.append(index._rows.height)
    print(f"rows held: {before[0]:,} before, {max(heights):,} at most, {heights[-1]:,} after")
    print(f"  (dead rows are dropped past {max(1_000, before[1] // 10):,}: bounded, not growing)")
    print(f"units offered: {before[1]:,} before, {index.size:,} after")
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    print(f"peak RSS growth over the edits: {growth:.0f} MB")


# How the import's text reaches deltalake (see `tm.store._arrow`): the store's way (plain
# strings copied out of polars' views a batch at a time), the store's way before (the views
# themselves, which pyarrow readers cannot filter), and plain strings converted at once.
IMPORT_MODES: dict[str, Callable[..., object] | None] = {
    "plain, by batch": None,
    "string views (before)": lambda frame, order_by=None: (
        frame.sort(order_by) if order_by else frame
    ).to_arrow(compat_level=pl.CompatLevel.newest()),
    "plain, at once": lambda frame, order_by=None: (
        frame.sort(order_by) if order_by else frame
    ).to_arrow(),
}


def _import_child(mode: str, rows: str, folder: str) -> None:
    """One add of the rows saved in `rows` into an empty TM, in a process of its own (so
    that its peak RSS is its own and not that of building a million `Unit`s); prints a
    JSON line."""
    import tm.store

    conversion = IMPORT_MODES[mode]
    if conversion is not None:
        tm.store._arrow = conversion  # type: ignore[assignment]
    frame = pl.read_parquet(rows)
    count = frame.height
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    memory = TranslationMemory.create(Path(folder) / "tm")
    start = time.perf_counter()
    result = memory.add_frame(frame, user="bench")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result.added == count

    import pyarrow.dataset as ds
    import pyarrow.fs as pafs
    from deltalake import DeltaTable

    # A native filesystem: deltalake's own (a Python one) now and then aborts the process
    # at exit after pyarrow has read through it.
    files = pafs.SubTreeFileSystem(memory.uri, pafs.LocalFileSystem())
    try:
        dataset = DeltaTable(memory.uri).to_pyarrow_dataset(filesystem=files)
        dataset.to_table(filter=ds.field("doc_id") == "doc1", columns=["source"])
        readable = "yes"
    except Exception as err:  # what the reader says is the figure
        readable = f"no ({type(err).__name__})"
    print(json.dumps({"seconds": seconds, "before_mb": before / 1024, "peak_mb": peak / 1024,
                      "pyarrow": readable}), flush=True)  # fmt: skip


def bench_import(count: int, runs: int, folder: Path) -> None:
    print(f"\n== add of a {count:,}-unit import into an empty TM (one process each) ==")
    rows = folder / "import-units.parquet"
    # Made in a process of its own too: a child forked from a parent holding a million
    # units would start with the parent's peak RSS.
    subprocess.run(
        [sys.executable, __file__, "--import-rows", str(count), str(rows)], check=True, cwd=ROOT
    )
    print(f"{'':<24}{'add s':>8} {'peak RSS':>9} {'before':>7}  pyarrow filter")
    for mode in IMPORT_MODES:
        figures = []
        for run in range(runs):
            child = subprocess.run(
                [sys.executable, __file__, "--import-child", mode, str(rows),
                 str(folder / f"import-{len(figures)}-{run}")],
                stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT,
            )  # fmt: skip
            figures.append(json.loads(child.stdout.splitlines()[-1]))
            shutil.rmtree(folder / f"import-{len(figures) - 1}-{run}", ignore_errors=True)
        seconds = statistics.median(f["seconds"] for f in figures)
        peak = statistics.median(f["peak_mb"] for f in figures)
        before = statistics.median(f["before_mb"] for f in figures)
        print(f"{mode:<24}{seconds:8.1f} {peak:7.0f}MB {before:5.0f}MB  {figures[0]['pyarrow']}")
    print("  (before: the RSS with the import's rows read, ahead of the add; medians of the runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--history-commits", type=int, default=2_000)
    parser.add_argument("--edits", type=int, default=20_000)
    parser.add_argument(
        "--parts",
        default="ops,history,index,import",
        help="which parts to run (comma-separated)",
    )
    parser.add_argument("--full", action="store_true", help="10,000 history commits")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--import-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--import-rows", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        _import_child(*args.import_child)
        return 0
    if args.import_rows:
        from tm.unit import units_frame

        count, rows = args.import_rows
        units_frame(units(int(count), Unit)).write_parquet(rows)  # type: ignore[arg-type]
        return 0
    commits = 10_000 if args.full else args.history_commits
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        parts = set(args.parts.split(","))
        if "ops" in parts:
            bench_operations(args.units, args.runs, folder)
        if "history" in parts:
            bench_history(commits, folder)
        if "index" in parts:
            bench_index_memory(min(args.units, 100_000), args.edits, folder)
        if "import" in parts:
            bench_import(args.units, args.import_runs, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
