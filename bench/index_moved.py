"""Benchmark of the saved fuzzy index when its TM folder moves: the first lookup after a move.

    .venv/bin/python bench/index_moved.py                    # 200k units (a couple of minutes)
    .venv/bin/python bench/index_moved.py --units 1000000    # a million (some ten minutes)

A TM of `--units` edited corpus units is written (`bench.fuzzy.make_tm`) and then grows by
a few small commits, so that its table is made of several data files as a used TM's is. A
first lookup builds the index and saves it under `<tm>/_fuzzy/`; one more commit then lands
that the saved index has not seen (it is saved again only after many changes). Each in a
fresh process (so that the index comes from disk), the first lookup of a query is timed at
the original place; the folder is moved (renamed) to a path with a space and Kazakh
letters, and the first lookup is timed there. Both load the saved index and read the one
file it has not seen; a move ought to change nothing. The figures are medians of
`--repeats` processes; the matches found at both places must be the same.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deltalake import DeltaTable  # noqa: E402

from bench.fuzzy import make_tm  # noqa: E402
from tm.store import TranslationMemory  # noqa: E402

# Small commits after the first one: each adds a data file, as a translator's work does.
_EXTRA_COMMITS = 8


def first_lookup(uri: str, query: str) -> dict[str, object]:
    """Runs in a fresh process: the time of one lookup that has to open the index."""
    from tm.fuzzy import index_for, lookup

    memory = TranslationMemory(uri)
    start = time.perf_counter()
    matches = lookup(memory, query, "kk", "en")
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "matches": [(m.unit_id, m.score) for m in matches],
        "units": index_for(memory).size,
    }


def in_child(uri: Path, query: str) -> dict[str, object]:
    child = subprocess.run(
        [sys.executable, __file__, "--first-lookup", str(uri), "--query", query],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    return found


def grow(uri: Path, commits: range) -> None:
    """Small commits of new units, one per number in `commits`."""
    from tm.unit import Unit

    memory = TranslationMemory(uri)
    for number in commits:
        units = [
            Unit("kk", "en", f"Қосымша сөйлем {number} нөмір {n} бүгін қосылды.", f"Extra {n}.")
            for n in range(50)
        ]
        memory.add(units, user="bench")


def timed_runs(uri: Path, query: str, repeats: int) -> tuple[float, str]:
    """The median seconds of `repeats` first lookups, and the matches they found."""
    runs = [in_child(uri, query) for _ in range(repeats)]
    answers = {json.dumps(run["matches"]) for run in runs}
    if len(answers) != 1:
        raise SystemExit(f"{uri}: the lookups disagree: {answers}")
    return statistics.median(float(str(run["seconds"])) for run in runs), answers.pop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where the TM goes (default: a temp dir)")
    parser.add_argument("--first-lookup", help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_lookup:
        print(json.dumps(first_lookup(args.first_lookup, args.query)))
        return 0

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-moved-"))
    original = workdir / "tm"
    moved = workdir / "көшірілген TM" / "tm"
    shutil.rmtree(original, ignore_errors=True)
    shutil.rmtree(moved.parent, ignore_errors=True)
    start = time.perf_counter()
    queries = make_tm(original, args.units, args.seed)
    grow(original, range(_EXTRA_COMMITS))
    made = time.perf_counter() - start
    files = len(DeltaTable(str(original)).file_uris())
    query = queries[0]
    built = in_child(original, query)
    # A commit the saved index has not seen (it is saved again only after many changes):
    # each first lookup below reads that commit's file, and ought to read no other.
    grow(original, range(_EXTRA_COMMITS, _EXTRA_COMMITS + 1))
    print(f"{args.units:,} units, {files} data files (TM written in {made:.0f} s)")
    print(f"  first lookup, no saved index (build + save): {float(str(built['seconds'])):8.2f} s")

    here, here_matches = timed_runs(original, query, args.repeats)
    moved.parent.mkdir(parents=True)
    original.rename(moved)
    there, there_matches = timed_runs(moved, query, args.repeats)
    if here_matches != there_matches:
        raise SystemExit(f"the matches changed with the move: {here_matches} != {there_matches}")
    print(f"  first lookup at the original place (median of {args.repeats}): {here:8.2f} s")
    print(f"  first lookup after the move        (median of {args.repeats}): {there:8.2f} s")
    print(f"  moved / original: {there / here:.2f}x (the same matches at both places)")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
