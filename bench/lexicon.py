"""Benchmark of the lexicon kept beside a TM: the first align of a new process, with and without.

    .venv/bin/python bench/lexicon.py                    # 200k units (a couple of minutes)
    .venv/bin/python bench/lexicon.py --units 1000000    # a million (some ten minutes)

A TM of `--units` approved kk-en units is written (`bench.fuzzy.make_tm`). Each run is a
fresh process that opens the TM and aligns the demo article (corpora/karis kk-en) with the
TM's lexicon, as `tm align --use-tm` and the app's first align do; the time taken from
asking for the lexicon to the alignment's end is its first align. "Learned" runs start with
no kept lexicon (`<tm>/_lexicon/` removed), so they learn it and keep it; "kept" runs read
the one kept. The figures are medians of `--repeats` processes; every run must align the
article the same way, and each kind of run must have learned (or not) as intended.
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

from bench.fuzzy import make_tm  # noqa: E402
from tm.workflow.alignment import LEXICON_FOLDER  # noqa: E402

KARIS = ROOT / "corpora" / "karis"


def first_align(uri: str) -> dict[str, object]:
    """Runs in a fresh process: one align with the TM's lexicon, and whether it was learned."""
    from tm.align import Lexicon
    from tm.store import TranslationMemory
    from tm.workflow.alignment import align_texts, learned_lexicon

    learned = 0
    real_learn = Lexicon.learn.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Lexicon], *args: object, **kwargs: object) -> Lexicon:
        nonlocal learned
        learned += 1
        found: Lexicon = real_learn(cls, *args, **kwargs)
        return found

    Lexicon.learn = classmethod(counted)  # type: ignore[method-assign,assignment]
    source = (KARIS / "kk.txt").read_text(encoding="utf-8")
    target = (KARIS / "en.txt").read_text(encoding="utf-8")
    memory = TranslationMemory(uri)
    start = time.perf_counter()
    lexicon = learned_lexicon(memory, "kk", "en").lexicon
    got_lexicon = time.perf_counter()
    aligned = align_texts(source, target, "kk", "en", lexicon=lexicon)
    done = time.perf_counter()
    return {
        "seconds": done - start,
        "lexicon_seconds": got_lexicon - start,
        "learned": learned,
        "entries": len(lexicon) if lexicon else 0,
        "beads": [[list(b.src), list(b.tgt), round(b.score, 6)] for b in aligned.beads],
    }


def in_child(uri: Path) -> dict[str, object]:
    child = subprocess.run(
        [sys.executable, __file__, "--first-align", str(uri)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    return found


def timed_runs(uri: Path, repeats: int, *, kept: bool) -> tuple[list[dict[str, object]], str]:
    """`repeats` first aligns (each without a kept lexicon unless `kept`), and their beads."""
    runs = []
    for _ in range(repeats):
        if not kept:
            shutil.rmtree(uri / LEXICON_FOLDER, ignore_errors=True)
        run = in_child(uri)
        if run["learned"] != (0 if kept else 1):
            raise SystemExit(f"a {'kept' if kept else 'learned'} run learned {run['learned']}x")
        runs.append(run)
    answers = {json.dumps(run["beads"]) for run in runs}
    if len(answers) != 1:
        raise SystemExit("the aligns disagree between runs")
    return runs, answers.pop()


def _median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(str(run[key])) for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where the TM goes (default: a temp dir)")
    parser.add_argument("--first-align", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_align:
        print(json.dumps(first_align(args.first_align)))
        return 0

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-lexicon-"))
    uri = workdir / "tm"
    shutil.rmtree(uri, ignore_errors=True)
    start = time.perf_counter()
    make_tm(uri, args.units, args.seed)
    made = time.perf_counter() - start

    learned, learned_beads = timed_runs(uri, args.repeats, kept=False)
    kept, kept_beads = timed_runs(uri, args.repeats, kept=True)
    if learned_beads != kept_beads:
        raise SystemExit("the kept lexicon aligns differently from the learned one")
    size = sum(path.stat().st_size for path in (uri / LEXICON_FOLDER).iterdir())
    first, again = _median(learned, "seconds"), _median(kept, "seconds")
    print(f"{args.units:,} approved kk-en units (TM written in {made:.0f} s)")
    print(
        f"  lexicon: {learned[0]['entries']:,} stem pairs, kept in {size / 1024:.0f} KiB; "
        f"{len(learned[0]['beads'])} beads, the same from both"
    )
    for label, runs in (("no kept lexicon (learn + keep)", learned), ("kept lexicon (read)", kept)):
        print(
            f"  first align, {label:31} median of {len(runs)}: "
            f"{_median(runs, 'seconds'):6.2f} s (lexicon {_median(runs, 'lexicon_seconds'):6.2f} s)"
        )
    print(f"  learned / kept: {first / again:.1f}x")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
