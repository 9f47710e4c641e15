"""Benchmark of saying what a restore undoes: `tm.plan_restore` on a large TM, against the
restore itself in the same run (the baseline: what an admin waited for before the plan).

    .venv/bin/python bench/restore.py                  # 1M units
    .venv/bin/python bench/restore.py --units 100000

The TM holds X-WMT Kazakh/English pairs made distinct by a number (bench/store.py's
units), added in one commit and compacted; three users then make 30 small changes. The
plan for going back to before them is timed (median of --runs), then the restore once,
then the plan and the restore that undo it. The machine is noisy: read the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from store import units  # noqa: E402

from tm.restore import plan_restore  # noqa: E402
from tm.store import TranslationMemory  # noqa: E402
from tm.unit import Unit  # noqa: E402


def seconds(step: object) -> float:
    start = time.perf_counter()
    step()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-restore-"))
    try:
        memory = TranslationMemory.create(folder / "tm", units(args.units, Unit), user="boss")
        memory.compact(user="boss")
        before = memory.version()
        ids = memory.scan().select("unit_id").head(30).collect()["unit_id"].to_list()
        for n, unit_id in enumerate(ids):
            user = ("ana", "bek", "cem")[n % 3]
            memory.edit(unit_id, target=f"Changed by {user}, {n}.", user=user)
        plans = [seconds(lambda: plan_restore(memory, before)) for _ in range(args.runs)]
        plan = plan_restore(memory, before)
        restore = seconds(lambda: memory.restore(before, user="boss", expect_latest=plan.latest))
        undo_plan = seconds(lambda: plan_restore(memory, plan.latest))
        undo = plan_restore(memory, plan.latest)
        undo_restore = seconds(
            lambda: memory.restore(plan.latest, user="boss", expect_latest=undo.latest)
        )
        median = statistics.median(plans)
        print(f"{args.units:,} units; the plan: {plan.summary()}")
        print(f"plan (median of {args.runs})   {median:7.2f} s")
        print(f"restore (baseline)       {restore:7.2f} s   plan/restore {median / restore:.2f}")
        print(f"plan of its undo         {undo_plan:7.2f} s")
        print(f"restore that undoes it   {undo_restore:7.2f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
