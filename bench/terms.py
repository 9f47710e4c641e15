"""Benchmark of the termbase: recognition against a large termbase, and a TBX import.

    .venv/bin/python bench/terms.py                       # 100k-entry termbase, 10k-entry TBX
    .venv/bin/python bench/terms.py --entries 20000       # any size

The termbase is made of real Kazakh: every distinct word of ../shared/corpora/xwmt/xwmt.kk
and corpora/karis, every two- and three-word run of its sentences, then two- and three-word
phrases of its words until `--entries` concepts, each with an English and a Russian term (a
few admitted and forbidden ones among them). It is stored through `Termbase.add` (one
commit), read back, and indexed (`Termbase.index`, the first recognition building the
Kazakh table); five single-concept saves (`Termbase.put`) are timed on it. Segments are
the xwmt sentences, a term of the termbase put into half of them in an inflected form;
each runs through `recognise` once after a warm-up pass.

The TBX import writes `--tbx-entries` concepts as TBX-Basic and times `import_terms` into an
empty termbase: parsing, validation and the commit.

Targets (issue 17): recognition p50 <= 20 ms a segment at 100k entries; a 10k-entry TBX
import <= 5 s.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.fuzzy.text import tokenize  # noqa: E402
from tm.store_terms import Termbase  # noqa: E402
from tm.termbase import Concept, Term, import_terms, recognise, write_terms  # noqa: E402

SHARED = ROOT / ".." / "shared" / "corpora"
TARGETS = {"p50 ms": 20.0, "tbx import s": 5.0}
# Kazakh endings to put a term into a segment inflected (genitive, dative, locative...).
ENDINGS = ("дың", "ның", "ға", "ге", "да", "де", "ы", "і", "тың", "ке")


def sentences() -> list[str]:
    kk = (SHARED / "xwmt" / "xwmt.kk").read_text(encoding="utf-8").splitlines()
    karis = (ROOT / "corpora" / "karis" / "kk.sents").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in kk + karis if len(line.split()) >= 3]


def words_of(text: str) -> list[str]:
    return [token.text for token in tokenize(text) if token.kind == "word"]


def phrases(lines: list[str], entries: int, rng: random.Random) -> list[str]:
    """Distinct Kazakh terms: corpus words, corpus runs of 2-3 words, then random phrases."""
    found: dict[str, None] = {}
    tokenised = [words_of(line) for line in lines]
    vocabulary = sorted({word for words in tokenised for word in words if len(word) > 2})
    for word in vocabulary:
        found.setdefault(word)
    for words in tokenised:
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                found.setdefault(" ".join(words[start : start + size]))
    while len(found) < entries:
        size = rng.choice((2, 2, 3))
        found.setdefault(" ".join(rng.choice(vocabulary) for _ in range(size)))
    terms = list(found)
    rng.shuffle(terms)
    return terms[:entries]


def concepts(terms: list[str], rng: random.Random) -> list[Concept]:
    made = []
    for number, text in enumerate(terms):
        roll = rng.random()
        english = [Term("en", f"term {number}")]
        if roll < 0.1:
            english.append(Term("en", f"variant {number}", status="admitted"))
        elif roll < 0.15:
            english.append(Term("en", f"wrong {number}", status="forbidden"))
        made.append(
            Concept(
                (
                    Term("kk", text, domain="news", note="bench" if roll < 0.3 else None),
                    *english,
                    Term("ru", f"термин {number}"),
                ),
                concept_id=f"b{number:07d}",
            )
        )
    return made


def segments(lines: list[str], terms: list[str], count: int, rng: random.Random) -> list[str]:
    """Corpus sentences, half of them with a termbase term put in, its last word inflected."""
    chosen = []
    for _ in range(count):
        words = rng.choice(lines).split()
        if rng.random() < 0.5:
            term = rng.choice(terms).split()
            term[-1] += rng.choice(ENDINGS)
            at = rng.randrange(len(words) + 1)
            words[at:at] = term
        chosen.append(" ".join(words))
    return chosen


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench_recognition(entries: int, queries: int, folder: Path, rng: random.Random) -> None:
    lines = sentences()
    terms = phrases(lines, entries, rng)
    made = concepts(terms, rng)
    termbase = Termbase.open(folder / "terms", create=True)
    start = time.perf_counter()
    termbase.add(made, user="bench")
    stored = time.perf_counter() - start
    start = time.perf_counter()
    index = termbase.index()
    read = time.perf_counter() - start
    start = time.perf_counter()
    index.table("kk")
    built = time.perf_counter() - start
    edits = []
    for number in range(5):  # what one save on the Terms page costs at this size
        concept = made[number * 997]
        edited = Concept((*concept.terms[:1], Term("en", f"edit {number}")), concept.concept_id)
        start = time.perf_counter()
        termbase.put([edited], user="bench")
        edits.append((time.perf_counter() - start) * 1000)
    texts = segments(lines, terms, queries, rng)
    for text in texts[:20]:  # warm-up: caches of the morphology
        recognise(index, text, "kk", "en")
    times = []
    found = 0
    for text in texts:
        start = time.perf_counter()
        hits = recognise(index, text, "kk", "en")
        times.append((time.perf_counter() - start) * 1000)
        found += len(hits)
    words = statistics.mean(len(words_of(text)) for text in texts)
    figures = {
        "p50 ms": statistics.median(times),
        "p90 ms": percentile(times, 0.9),
        "p99 ms": percentile(times, 0.99),
        "max ms": max(times),
    }
    print(f"\n== recognition: {entries:,} concepts ({entries * 2.1:,.0f} terms or so) ==")
    print(f"  stored in {stored:.1f} s (one commit); read back in {read:.1f} s")
    table = index.table("kk")
    keys = len(table.exact) + len(table.prefix)
    print(f"  Kazakh index built in {built:.1f} s ({keys:,} keys)")
    print(f"  one concept saved (put) in {statistics.median(edits):.0f} ms (median of 5)")
    print(f"  {len(texts)} segments of {words:.0f} words, {found / len(texts):.1f} hits each")
    for name, value in figures.items():
        target = TARGETS.get(name)
        note = f"   (target <= {target:g})" if target else ""
        print(f"  {name:>8}: {value:8.2f}{note}")


def bench_tbx_import(entries: int, folder: Path, rng: random.Random) -> None:
    lines = sentences()
    made = concepts(phrases(lines, entries, rng), rng)
    buffer = io.BytesIO()
    start = time.perf_counter()
    write_terms(made, buffer, format="tbx")
    written = time.perf_counter() - start
    path = folder / "import.tbx"
    path.write_bytes(buffer.getvalue())
    termbase = Termbase.open(folder / "imported", create=True)
    start = time.perf_counter()
    with path.open("rb") as stream:
        result = import_terms(termbase, stream, source=str(path), format="tbx", user="bench")
    took = time.perf_counter() - start
    print(f"\n== TBX import: {entries:,} concepts, {path.stat().st_size / 1e6:.1f} MB ==")
    print(f"  written in {written:.2f} s; {result.summary()}")
    print(f"  tbx import s: {took:8.2f}   (target <= {TARGETS['tbx import s']:g})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--tbx-entries", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-terms-"))
    try:
        bench_tbx_import(args.tbx_entries, folder, random.Random(args.seed))
        bench_recognition(args.entries, args.queries, folder, random.Random(args.seed))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
