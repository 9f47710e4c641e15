"""Benchmark of `batch align` on Dask: an archive of document pairs aligned serially, on a
local Dask cluster with 1 worker and with 2, in one process and on the same data.

    .venv/bin/python bench/scale.py                  # 2,000 document pairs
    .venv/bin/python bench/scale.py --documents 300  # a quick look

The documents are the X-WMT synthetic alignment documents (../shared/corpora/xwmt-synthetic,
kk-en, ~25 sentences each, one a line), listed over and over under new doc ids in a
manifest, as an archive of short news items. The serial run is the baseline; figures are
wall-clock seconds of the alignment (the engine's results, no writing), then the commit
time of one batch of 200 documents through the store, the peak memory of each worker, and
the machine's load average while it ran (a speed-up needs idle cores: read it with the load).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.batch import (  # noqa: E402
    ENGINES,
    EngineOptions,
    ManifestRow,
    batch_align,
    plan_tasks,
)
from tm.store import TranslationMemory  # noqa: E402

SYNTHETIC = ROOT.parent / "shared" / "corpora" / "xwmt-synthetic" / "kk-en"


def archive(documents: int) -> list[ManifestRow]:
    sources = sorted(SYNTHETIC.glob("doc*.src"))
    if not sources:
        raise SystemExit(f"no documents in {SYNTHETIC}")
    return [
        ManifestRow(
            f"news-{number:05d}",
            (
                ("kk", sources[number % len(sources)]),
                ("en", sources[number % len(sources)].with_suffix(".tgt")),
            ),
        )
        for number in range(documents)
    ]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_engine(rows: list[ManifestRow], engine: str, options: EngineOptions) -> tuple[float, int]:
    tasks, _, _ = plan_tasks(rows, "kk", ["en"], {}, presegmented=True)
    start = time.perf_counter()
    units = sum(len(result.units) for result in ENGINES[engine](tasks, options))
    return time.perf_counter() - start, units


def dask_run(rows: list[ManifestRow], workers: int) -> tuple[float, float, list[float]]:
    """Seconds to start and warm the cluster, seconds to align, each worker's peak RSS (MB)."""
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    options = EngineOptions(scheduler=cluster.scheduler_address)
    try:
        # Workers import the library and load the aligner's tables once; a real cluster's
        # long-lived workers pay that once, not per archive: counted with the start.
        timed_engine(rows[: 10 * workers], "dask", options)
        started = time.perf_counter() - start
        seconds, _ = timed_engine(rows, "dask", options)
        with Client(cluster) as client:
            peaks = client.run(peak_rss_mb)
    finally:
        cluster.close()
    return started, seconds, sorted(peaks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=1, help="runs of each engine (median)")
    args = parser.parse_args()
    rows = archive(args.documents)
    load_before = os.getloadavg()[0]
    print(f"{args.documents} kk-en document pairs, {os.cpu_count()} cores, load {load_before:.2f}")

    serial = [timed_engine(rows, "local", EngineOptions()) for _ in range(args.repeats)]
    base = statistics.median(seconds for seconds, _ in serial)
    units = serial[0][1]
    print(
        f"serial            {base:7.1f} s   {args.documents / base:6.1f} documents/s  "
        f"({units} pairs)"
    )
    for workers in (1, 2):
        runs = [dask_run(rows, workers) for _ in range(args.repeats)]
        seconds = statistics.median(run[1] for run in runs)
        started = statistics.median(run[0] for run in runs)
        peaks = ", ".join(f"{mb:.0f}" for mb in runs[-1][2])
        print(
            f"dask {workers} worker{'s' if workers > 1 else ' '}    {seconds:7.1f} s   "
            f"{args.documents / seconds:6.1f} documents/s  speed-up {base / seconds:4.2f}x  "
            f"(cluster start and warm-up {started:.1f} s; worker peak RSS {peaks} MB)"
        )
    print(f"load average during the runs: {os.getloadavg()[0]:.2f} (1 min)")

    with tempfile.TemporaryDirectory() as folder:
        memory = TranslationMemory.create(Path(folder) / "tm")
        batch = rows[:200]
        start = time.perf_counter()
        result = batch_align(
            memory,
            batch,
            src_lang="kk",
            tgt_langs=["en"],
            user="bench",
            presegmented=True,
            batch_size=200,
        )
        whole = time.perf_counter() - start
        align_only, _ = timed_engine(batch, "local", EngineOptions())
        print(
            f"one batch of 200 documents: {result.units} pairs, {result.commits} commit; "
            f"aligned and saved in {whole:.1f} s, of which the commit ~{whole - align_only:.1f} s"
        )


if __name__ == "__main__":
    main()
