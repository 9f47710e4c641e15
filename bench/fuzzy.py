"""Benchmark of tm.fuzzy: lookup and fragment latency, recall, build, memory, add-one-unit.

    .venv/bin/python bench/fuzzy.py                  # TMs of 10k and 100k units (a few minutes)
    .venv/bin/python bench/fuzzy.py --full           # and 1M units (about 15 minutes, 2 GB)
    .venv/bin/python bench/fuzzy.py --sizes 20000    # any sizes

Each TM is made from the Kazakh sentences of corpora/karis and ../shared/corpora/xwmt, every
unit one of them after a few random edits (words replaced, inflected, dropped, added,
numbers put in), and stored through `TranslationMemory.create`. Queries are TM units and
corpus sentences edited once or twice more, as a translator's next segment would be.

For each size a fresh process (so that its peak memory is the index's) builds the index,
runs the queries through `FuzzyIndex.lookup` (a freshness check against the Delta table
included), then through the baseline, rapidfuzz's `process.extract` brute force with
`fuzz.ratio` over every source (pre-processed once, to give it its best case). Recall is
the share of the brute force's top-5 matches scoring >= 70 that the candidate index also
hands to scoring: the i-th best `fuzz.ratio` among our candidates must reach the brute
force's i-th (so ties count either way). Adding one unit is `TranslationMemory.add` (one
Delta commit) followed by `FuzzyIndex.refresh`. Fragment matches (`tm.fuzzy.fragments`)
run on the same queries: a whole-segment lookup first, then, for the queries without a
70 % match, the runs of 3+ words that TM units hold.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from tm.fuzzy.stem import stem_kazakh  # noqa: E402
from tm.fuzzy.variants import CASES, ending  # noqa: E402
from tm.store import TranslationMemory  # noqa: E402

SHARED = ROOT / ".." / "shared" / "corpora"
SIZES = (10_000, 100_000)
FULL_SIZE = 1_000_000
TARGETS = {
    "p50 ms": 10.0,
    "p99 ms": 50.0,
    "recall": 0.99,
    "build s": 60.0,
    "peak MB": 2048.0,
    "add p50 ms": 200.0,
}


def corpus() -> list[tuple[str, str]]:
    karis = (ROOT / "corpora" / "karis" / "kk.sents").read_text(encoding="utf-8").splitlines()
    kk = (SHARED / "xwmt" / "xwmt.kk").read_text(encoding="utf-8").splitlines()
    en = (SHARED / "xwmt" / "xwmt.en").read_text(encoding="utf-8").splitlines()
    pairs = [(s, f"[en] {s}") for s in karis if s.strip()] + list(zip(kk, en, strict=True))
    return [(s.strip(), t.strip()) for s, t in pairs if len(s.split()) >= 3]


class Editor:
    """Fast word-list edits (the TM needs a million of them); `tm.fuzzy.variants` in bulk."""

    def __init__(self, sentences: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.vocabulary = sorted({w for s in sentences for w in s.split()})
        self._inflected: dict[str, list[str]] = {}

    def inflections(self, word: str) -> list[str]:
        found = self._inflected.get(word)
        if found is None:
            stem = stem_kazakh(word.lower())
            root = word[: len(stem)]
            ok = word.isalpha() and len(word) >= 4
            found = self._inflected[word] = (
                [root + ending(stem, case) for case in CASES] if ok else [word]
            )
        return found

    def edit(self, sentence: str, edits: int) -> str:
        words = sentence.split()
        rng = self.rng
        for _ in range(edits):
            where = rng.randrange(len(words))
            roll = rng.random()
            if roll < 0.3:
                words[where] = rng.choice(self.vocabulary)
            elif roll < 0.55:
                words[where] = rng.choice(self.inflections(words[where]))
            elif roll < 0.7 and len(words) > 3:
                del words[where]
            elif roll < 0.9:
                words.insert(where, rng.choice(self.vocabulary))
            else:
                words.insert(where, str(rng.randint(1, 3000)))
        return " ".join(words)


def make_tm(uri: Path, size: int, seed: int) -> list[str]:
    """A TM of `size` edited corpus units; returns the queries to run against it."""
    from tm.unit import Unit

    rng = random.Random(seed)
    pairs = corpus()
    editor = Editor([s for s, _ in pairs], rng)
    units, sources = [], []
    for number in range(size):
        source, target = pairs[rng.randrange(len(pairs))]
        source = editor.edit(source, rng.randint(1, 5))
        sources.append(source)
        units.append(Unit("kk", "en", source, f"{target} ({number})", status="approved"))
    TranslationMemory.create(uri, units, user="bench")
    queries = [editor.edit(rng.choice(sources), rng.randint(1, 2)) for _ in range(100)]
    queries += [editor.edit(rng.choice(pairs)[0], rng.randint(1, 3)) for _ in range(100)]
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def peak_mb() -> float:
    """This process's peak resident memory. Linux's ru_maxrss survives execve, so a child
    would report its parent's peak (the parent holds the million units it wrote); VmHWM
    belongs to the process image and does not."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(uri: str, queries: list[str], seed: int) -> dict[str, float]:
    """Runs in a fresh process: everything about one TM."""
    from rapidfuzz import fuzz, process, utils

    from tm.fuzzy import FuzzyIndex, fragments
    from tm.unit import Unit

    memory = TranslationMemory(uri)
    index = FuzzyIndex(memory)
    start = time.perf_counter()
    index.rebuild()
    figures = {"units": float(index.size), "build s": time.perf_counter() - start}
    start = time.perf_counter()
    index.save()
    figures["save s"] = time.perf_counter() - start

    for query in queries[:5]:
        index.lookup(query, "kk", "en")
    ours = []
    for query in queries:
        start = time.perf_counter()
        index.refresh()
        index.lookup(query, "kk", "en", top=5, min_score=50)
        ours.append(1000 * (time.perf_counter() - start))
    figures["p50 ms"] = statistics.median(ours)
    figures["p99 ms"] = percentile(ours, 0.99)
    pieces, offered = [], 0
    for query in queries:
        start = time.perf_counter()
        offered += bool(fragments(index, query, "kk", "en"))
        pieces.append(1000 * (time.perf_counter() - start))
    figures["fragments p50 ms"] = statistics.median(pieces)
    figures["fragments p99 ms"] = percentile(pieces, 0.99)
    figures["queries with fragments"] = float(offered)
    figures["peak MB"] = peak_mb()  # build, save and lookups: the index's own lifetime

    rng = random.Random(seed + 1)
    editor = Editor(queries, rng)
    add_total, add_commit, add_index = [], [], []
    for number in range(20):
        unit = Unit("kk", "en", editor.edit(rng.choice(queries), 2), f"new {number}")
        start = time.perf_counter()
        memory.add([unit], user="bench")
        committed = time.perf_counter()
        index.refresh()
        add_total.append(1000 * (time.perf_counter() - start))
        add_commit.append(1000 * (committed - start))
        add_index.append(1000 * (time.perf_counter() - committed))
    figures["add p50 ms"] = statistics.median(add_total)
    figures["add: commit p50 ms"] = statistics.median(add_commit)
    figures["add: index p50 ms"] = statistics.median(add_index)
    # The store's merge runs in this process too (deltalake reads the table to dedupe).
    figures["peak MB with adds"] = peak_mb()

    recalled = expected = 0
    for query in queries:
        processed = utils.default_process(query)
        candidates = index.candidate_sources(query, "kk", "en", min_score=50)
        mine = sorted(
            (fuzz.ratio(processed, utils.default_process(c)) for c in candidates), reverse=True
        )
        figures.setdefault("candidates", 0.0)
        figures["candidates"] += len(candidates) / len(queries)
        wanted = brute_force(processed, memory)
        expected += len(wanted)
        recalled += sum(i < len(mine) and mine[i] >= score - 1e-9 for i, score in enumerate(wanted))
    figures["recall"] = recalled / expected if expected else float("nan")
    figures["brute-force pairs"] = float(expected)

    sources = _SOURCES
    brute = []
    for query in queries[:50]:
        start = time.perf_counter()
        process.extract(
            utils.default_process(query),
            sources,
            scorer=fuzz.ratio,
            processor=None,
            limit=5,
            score_cutoff=70,
        )
        brute.append(1000 * (time.perf_counter() - start))
    figures["brute p50 ms"] = statistics.median(brute)
    del index
    start = time.perf_counter()
    FuzzyIndex.open(memory)
    figures["load s"] = time.perf_counter() - start
    return figures


_SOURCES: list[str] = []


def brute_force(processed_query: str, memory: TranslationMemory) -> list[float]:
    """The scores of rapidfuzz's top-5 (>= 70) over every source the lookup may offer."""
    from rapidfuzz import fuzz, process, utils

    if not _SOURCES:
        frame = memory.scan().filter(pl.col("status") != "rejected").select("source").collect()
        _SOURCES.extend(utils.default_process(s) for s in frame["source"])
    found = process.extract(
        processed_query, _SOURCES, scorer=fuzz.ratio, processor=None, limit=5, score_cutoff=70
    )
    return [score for _, score, _ in found]


def omegat_comparison() -> None:
    """The issue's examples under OmegaT's token Levenshtein and under ours."""
    from rapidfuzz.distance import Levenshtein

    from tm.fuzzy import fuzzy_similarity, match_percent
    from tm.fuzzy.text import keys

    examples = [
        ("Үкіметте жаңа заң жобасы талқыланды.", "Үкімет жаңа заң жобасын талқылады."),
        (
            "Yesterday the government approved the new draft law.",
            "The government approved the new draft law yesterday.",
        ),
    ]
    for query, source in examples:
        lang = "en" if query.isascii() else "kk"
        q, s = keys(query, lang), keys(source, lang)
        token = 100 * (1 - Levenshtein.distance(q.surface, s.surface) / max(len(q.surface), 1))
        similarity = fuzzy_similarity(q.surface, s.surface, q.stems, s.stems)
        ours = match_percent(query, source, similarity, lang)
        print(f"{query!r} vs {source!r}: OmegaT-style token Levenshtein {token:.0f}%, ours {ours}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--full", action="store_true", help=f"also {FULL_SIZE:,} units")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where the TMs go (default: a temp dir)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        queries = json.loads(args.queries.read_text(encoding="utf-8"))
        print(json.dumps(measure(args.measure, queries, args.seed)))
        return 0

    omegat_comparison()
    sizes = [*args.sizes, *([FULL_SIZE] if args.full else [])]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-fuzzy-"))
    rows = []
    for size in sizes:
        uri = workdir / f"tm-{size}"
        shutil.rmtree(uri, ignore_errors=True)
        start = time.perf_counter()
        queries = make_tm(uri, size, args.seed)
        made = time.perf_counter() - start
        query_file = workdir / f"queries-{size}.json"
        query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                str(uri),
                "--queries",
                str(query_file),
                "--seed",
                str(args.seed),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        figures["tm made s"] = made
        rows.append(figures)
        print(f"\n{size:,} units ({len(queries)} queries; TM written in {made:.0f} s)")
        for name, value in figures.items():
            target = TARGETS.get(name)
            note = f"   (target at 1M: {target:g})" if target is not None else ""
            print(f"  {name:>20}: {value:10.3f}{note}")
        print(f"  {'speed-up vs brute':>20}: {figures['brute p50 ms'] / figures['p50 ms']:10.1f}x")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
