"""Benchmark of tm.align: accuracy on gold alignments, calibration, speed and memory.

    .venv/bin/python bench/align.py                      # everything, default data
    .venv/bin/python bench/align.py --no-speed           # accuracy only
    .venv/bin/python bench/align.py --synthetic DIR ...  # other xwmt-synthetic style dirs

One run prints, each next to NLTK's Gale-Church (align_blocks on character lengths) run in
the same process on the same input:

* xwmt-synthetic kk-en and kk-ru: FITTED, the default parameters were chosen on it;
* corpora/news, the TEST half (halves.tsv), kk-en, kk-ru and pooled, then the tune half,
  labelled fitted (its figures chose the rules and parameters), and a reliability table
  (bead score bucket -> share of beads right) on the test half;
* the seed article (corpora/karis), complete and cut to a partial draft;
* a long document: xwmt-synthetic kk-en documents concatenated to 5,000+ sentences;
* speed and peak memory;
* reference figures of other aligners that cannot run here, with their source.

Scores are strict and lax precision / recall / F1 as vecalign and Bertalign compute them,
the recall of each gold bead kind, and how many beads scored >= 0.9 are right.

The xwmt-synthetic documents are built from the same 700 X-WMT sentences a lexicon can
be learned from, so three lexicon settings are shown: none; "held-out" (learned from the
X-WMT lines that do not occur in the document being aligned: the honest figure for a TM
that has not seen this document); and "leaky" (learned from all 700 lines, the test
sentences included: shown only to make the leak visible, not a result).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.align import Bead, Lexicon, align_paragraphs, align_sentences, parse_beads  # noqa: E402
from tm.align.evaluate import AlignmentScores, Pair, coverage, score_documents  # noqa: E402
from tm.segment import presegmented  # noqa: E402

SHARED = ROOT / ".." / "shared" / "corpora"
NEWS = ROOT / "corpora" / "news"
KINDS = ("1-1", "2-1", "1-2", "1-0", "0-1", "2-2", "3-1", "1-3")
BUCKETS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
# Figures measured elsewhere (hunalign is not installed here), with where they come from.
REFERENCE = (
    "  hunalign, no dictionary, on xwmt-synthetic (strict / lax F1): kk-en .896 / .949, "
    "kk-ru .881 / .955\n"
    "  (reference figures, not run here; source: ../shared/corpora/README.md)"
)


@dataclass(frozen=True)
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list[Pair]


@dataclass(frozen=True)
class ParaDoc:
    """A document with its paragraphs (a gold .sents pair) and gold beads."""

    name: str
    src: tuple[tuple[str, ...], ...]
    tgt: tuple[tuple[str, ...], ...]
    gold: list[Pair]

    @property
    def flat_src(self) -> list[str]:
        return [s for p in self.src for s in p]

    @property
    def flat_tgt(self) -> list[str]:
        return [t for p in self.tgt for t in p]


# --- reading --------------------------------------------------------------------------------


def read_synthetic(directory: Path) -> list[Doc]:
    docs = []
    for gold in sorted(directory.glob("doc*.gold")):
        stem = gold.with_suffix("")
        docs.append(
            Doc(
                name=stem.name,
                src=stem.with_suffix(".src").read_text(encoding="utf-8").splitlines(),
                tgt=stem.with_suffix(".tgt").read_text(encoding="utf-8").splitlines(),
                gold=parse_beads(gold.read_text(encoding="utf-8"), source=str(gold)),
            )
        )
    return docs


def read_paragraphs(path: Path, lang: str) -> tuple[tuple[str, ...], ...]:
    """A gold .sents file: one sentence a line, a blank line between paragraphs."""
    return presegmented(path.read_text(encoding="utf-8").splitlines(), lang).paragraphs


def read_paradoc(directory: Path, lang: str) -> ParaDoc | None:
    kk = directory / "kk.sents"
    tgt = directory / f"{lang}.sents"
    gold = directory / f"kk-{lang}.gold"
    if not (kk.exists() and tgt.exists() and gold.exists()):
        return None
    return ParaDoc(
        name=directory.name,
        src=read_paragraphs(kk, "kk"),
        tgt=read_paragraphs(tgt, lang),
        gold=parse_beads(gold.read_text(encoding="utf-8"), source=str(gold)),
    )


def news_halves(directory: Path) -> dict[str, list[Path]]:
    """halves.tsv: folder -> tune or test."""
    halves: dict[str, list[Path]] = {"tune": [], "test": []}
    lines = (directory / "halves.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if line.strip():
            folder, half = line.split("\t")
            halves.setdefault(half.strip(), []).append(directory / folder.strip())
    return halves


# --- scoring ---------------------------------------------------------------------------------


def pairs(beads: Sequence[Bead]) -> list[Pair]:
    return [(b.src, b.tgt) for b in beads]


def calibration(
    runs: Sequence[tuple[Sequence[Bead], Sequence[Pair]]], threshold: float = 0.9
) -> tuple[int, int]:
    right = total = 0
    for beads, gold in runs:
        gold_set = set(gold)
        for b in beads:
            if b.score >= threshold:
                total += 1
                right += (b.src, b.tgt) in gold_set
    return right, total


def reliability(runs: Sequence[tuple[Sequence[Bead], Sequence[Pair]]], out: TextIO) -> None:
    """Beads grouped by score: how many are right (exactly a gold bead)."""
    edges = (*BUCKETS, 1.0000001)
    counts = [[0, 0] for _ in BUCKETS]
    for beads, gold in runs:
        gold_set = set(gold)
        for b in beads:
            k = max(n for n, lo in enumerate(BUCKETS) if b.score >= lo)
            counts[k][0] += (b.src, b.tgt) in gold_set
            counts[k][1] += 1
    print(f"  {'score':<14}{'beads':>7}{'right':>7}{'share right':>13}", file=out)
    for n, (right, total) in enumerate(counts):
        hi = "1.00]" if n == len(BUCKETS) - 1 else f"{edges[n + 1]:.2f})"
        share = f"{right / total:.3f}" if total else "-"
        print(f"  [{BUCKETS[n]:.2f}, {hi:<7}{total:>7}{right:>7}{share:>13}", file=out)


def print_scores(
    label: str, scores: AlignmentScores, out: TextIO, cal: tuple[int, int] | None = None
) -> None:
    s, lx = scores.strict, scores.lax
    kinds = "  ".join(
        f"{k} {scores.recall_of(k):.2f}/{scores.found_by_kind[k][1]}"
        for k in KINDS
        if k in scores.found_by_kind
    )
    line = (
        f"  {label:<30} strict P/R/F1 {s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f}"
        f"   lax P/R/F1 {lx.precision:.3f}/{lx.recall:.3f}/{lx.f1:.3f}"
    )
    if cal is not None:
        right, total = cal
        line += f"   score>=0.9: {right}/{total} = {right / max(total, 1):.3f} right"
    print(line, file=out)
    f10, n10 = scores.found_by_kind.get("1-0", (0, 0))
    f01, n01 = scores.found_by_kind.get("0-1", (0, 0))
    nulls = f"   1-0 and 0-1 together {(f10 + f01) / (n10 + n01):.2f}" if n10 + n01 else ""
    print(f"  {'':<30} recall by gold kind: {kinds}{nulls}", file=out)


# --- the reference aligner -------------------------------------------------------------------


def _beads_from_links(links: Sequence[tuple[int, int]], n: int, m: int) -> list[Pair]:
    """Group sentence links into beads (connected runs), adding 1-0 and 0-1 for the rest."""
    beads: list[tuple[set[int], set[int]]] = []
    for i, j in links:
        if beads and (i in beads[-1][0] or j in beads[-1][1]):
            beads[-1][0].add(i)
            beads[-1][1].add(j)
        else:
            beads.append(({i}, {j}))
    out: list[Pair] = [(tuple(sorted(a)), tuple(sorted(b))) for a, b in beads]
    seen_s = {i for a, _ in out for i in a}
    seen_t = {j for _, b in out for j in b}
    out += [((i,), ()) for i in range(n) if i not in seen_s]
    out += [((), (j,)) for j in range(m) if j not in seen_t]
    return out


def gale_church(src: Sequence[str], tgt: Sequence[str]) -> list[Pair]:
    """NLTK's Gale-Church over the whole text (align_blocks on character lengths)."""
    from nltk.translate.gale_church import align_blocks

    links = align_blocks([len(s) for s in src], [len(t) for t in tgt])
    return _beads_from_links(links, len(src), len(tgt))


def gale_church_in_blocks(blocks: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[Pair]:
    """Gale-Church run block by block (as nltk's align_texts does), given block boundaries."""
    out: list[Pair] = []
    ds = dt = 0
    for src, tgt in blocks:
        for a, b in gale_church(src, tgt):
            out.append((tuple(i + ds for i in a), tuple(j + dt for j in b)))
        ds += len(src)
        dt += len(tgt)
    return out


# --- sections --------------------------------------------------------------------------------


def xwmt_lines(lang: str) -> list[str]:
    return (SHARED / "xwmt" / f"xwmt.{lang}").read_text(encoding="utf-8").splitlines()


def held_out_lexicon(doc: Doc, src: list[str], tgt: list[str], lang: str) -> Lexicon:
    used_s, used_t = set(doc.src), set(doc.tgt)
    train = [(s, t) for s, t in zip(src, tgt, strict=True) if s not in used_s and t not in used_t]
    return Lexicon.learn(train, "kk", lang)


def bench_synthetic(directory: Path, out: TextIO) -> None:
    lang = directory.name.split("-")[-1]
    docs = read_synthetic(directory)
    print(
        f"\nxwmt-synthetic {directory.name} (FITTED: the default parameters were chosen "
        f"on it): {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold beads",
        file=out,
    )
    settings: list[tuple[str, Callable[[Doc], Lexicon | None]]] = [("no lexicon", lambda d: None)]
    xwmt = SHARED / "xwmt"
    if (xwmt / f"xwmt.{lang}").exists():
        src_all, tgt_all = xwmt_lines("kk"), xwmt_lines(lang)
        full = Lexicon.learn(zip(src_all, tgt_all, strict=True), "kk", lang)
        settings.append(("held-out lexicon", lambda d: held_out_lexicon(d, src_all, tgt_all, lang)))
        settings.append(("lexicon from all 700 (LEAKY)", lambda d: full))
    for label, lexicon_for in settings:
        runs = [
            (align_sentences(d.src, d.tgt, "kk", lang, lexicon=lexicon_for(d)), d.gold)
            for d in docs
        ]
        scores = score_documents([(pairs(b), g) for b, g in runs])
        print_scores(label, scores, out, calibration(runs))
    scores = score_documents([(gale_church(d.src, d.tgt), d.gold) for d in docs])
    print_scores("nltk Gale-Church", scores, out)


def _align_news(docs: Sequence[ParaDoc], lang: str) -> list[tuple[tuple[Bead, ...], list[Pair]]]:
    return [(align_paragraphs(d.src, d.tgt, "kk", lang), d.gold) for d in docs]


def bench_news(directory: Path, out: TextIO) -> None:
    if not (directory / "halves.tsv").exists():
        print(f"\n{directory}: halves.tsv not found, news corpus skipped", file=out)
        return
    halves = news_halves(directory)
    test_runs: list[tuple[tuple[Bead, ...], list[Pair]]] = []
    for half, title in (
        ("test", "TEST half (measured only, never tuned on)"),
        ("tune", "tune half (FITTED: its figures chose the rules and parameters)"),
    ):
        folders = halves.get(half, [])
        print(f"\nnews {title}: {len(folders)} stories", file=out)
        pooled: list[tuple[tuple[Bead, ...], list[Pair]]] = []
        pooled_gc: list[tuple[list[Pair], list[Pair]]] = []
        for lang in ("en", "ru"):
            docs = [d for f in folders if (d := read_paradoc(f, lang)) is not None]
            runs = _align_news(docs, lang)
            gc = [(gale_church(d.flat_src, d.flat_tgt), d.gold) for d in docs]
            pooled += runs
            pooled_gc += gc
            scores = score_documents([(pairs(b), g) for b, g in runs])
            print_scores(f"kk-{lang} tm.align", scores, out, calibration(runs))
            print_scores(f"kk-{lang} nltk Gale-Church", score_documents(gc), out)
        scores = score_documents([(pairs(b), g) for b, g in pooled])
        print_scores("pooled tm.align", scores, out, calibration(pooled))
        print_scores("pooled nltk Gale-Church", score_documents(pooled_gc), out)
        if half == "test":
            test_runs = pooled
    if test_runs:
        print("\nreliability of bead scores, news TEST half (kk-en and kk-ru pooled)", file=out)
        reliability(test_runs, out)


def _partial(doc: ParaDoc, covered: int) -> ParaDoc:
    """`doc` with its target cut after the translation of the first `covered` source
    sentences; gold keeps the beads up to there and leaves every later sentence 1-0."""
    keep: list[Pair] = []
    for s, t in doc.gold:
        if s and s[-1] >= covered:
            break
        keep.append((s, t))
    while keep and not keep[-1][0]:
        keep.pop()
    n_src = len(doc.flat_src)
    last_src = max(i for s, _ in keep for i in s)
    n_tgt = max(j for _, t in keep for j in t) + 1
    gold = keep + [((i,), ()) for i in range(last_src + 1, n_src)]
    tgt: list[tuple[str, ...]] = []
    taken = 0
    for para in doc.tgt:
        if taken >= n_tgt:
            break
        tgt.append(para[: n_tgt - taken])
        taken += len(tgt[-1])
    return ParaDoc(f"{doc.name} cut", doc.src, tuple(tgt), gold)


def bench_seed(directory: Path, out: TextIO) -> None:
    for lang in ("en", "ru"):
        doc = read_paradoc(directory, lang)
        if doc is None:
            print(f"\nseed kk-{lang}: gold files not found in {directory}, skipped", file=out)
            continue
        print(
            f"\nseed kk-{lang}: {len(doc.flat_src)} x {len(doc.flat_tgt)} sentences, "
            f"{len(doc.src)} x {len(doc.tgt)} paragraphs, {len(doc.gold)} gold beads",
            file=out,
        )
        beads = align_paragraphs(doc.src, doc.tgt, "kk", lang)
        print_scores(
            "paragraphs (align_paragraphs)",
            score_documents([(pairs(beads), doc.gold)]),
            out,
            calibration([(beads, doc.gold)]),
        )
        flat = align_sentences(doc.flat_src, doc.flat_tgt, "kk", lang)
        print_scores(
            "sentences only",
            score_documents([(pairs(flat), doc.gold)]),
            out,
            calibration([(flat, doc.gold)]),
        )
        gc = gale_church(doc.flat_src, doc.flat_tgt)
        print_scores("nltk Gale-Church", score_documents([(gc, doc.gold)]), out)
        cut = _partial(doc, 18)
        n_tgt = sum(map(len, cut.tgt))
        beads = align_paragraphs(cut.src, cut.tgt, "kk", lang)
        print(
            f"  partial draft: the {lang} edition cut to its first {n_tgt} sentences (kk 1-18 "
            f"of {len(doc.flat_src)}); coverage() says {coverage(beads)}",
            file=out,
        )
        print_scores(
            "partial, tm.align",
            score_documents([(pairs(beads), cut.gold)]),
            out,
            calibration([(beads, cut.gold)]),
        )
        gc = gale_church(cut.flat_src, cut.flat_tgt)
        print_scores("partial, nltk Gale-Church", score_documents([(gc, cut.gold)]), out)


def long_document(docs: Sequence[Doc], size: int) -> tuple[Doc, list[tuple[int, int]]]:
    """Whole documents, repeated until both sides have `size` sentences, so that the long
    text is a real alignment problem (with its omissions and merges), not a shifted one.
    Also the (source, target) length of each document in it."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Pair] = []
    parts: list[tuple[int, int]] = []
    while min(len(src), len(tgt)) < size:
        for d in docs:
            gold += [
                (tuple(i + len(src) for i in s), tuple(j + len(tgt) for j in t)) for s, t in d.gold
            ]
            parts.append((len(d.src), len(d.tgt)))
            src += d.src
            tgt += d.tgt
    return Doc("long", src, tgt, gold), parts


def bench_long(directory: Path, out: TextIO) -> None:
    lang = directory.name.split("-")[-1]
    long, parts = long_document(read_synthetic(directory), 5000)
    t0 = time.perf_counter()
    beads = align_sentences(long.src, long.tgt, "kk", lang)
    took = time.perf_counter() - t0
    print(
        f"\nlong document: xwmt-synthetic {directory.name} documents concatenated, "
        f"{len(long.src)} x {len(long.tgt)} sentences, {len(long.gold)} gold beads "
        f"(tm.align {took:.2f} s)",
        file=out,
    )
    scores = score_documents([(pairs(beads), long.gold)])
    print_scores("tm.align", scores, out, calibration([(beads, long.gold)]))
    blocks = []
    s = t = 0
    for ns, nt in parts:
        blocks.append((long.src[s : s + ns], long.tgt[t : t + nt]))
        s, t = s + ns, t + nt
    gc = gale_church_in_blocks(blocks)
    print_scores("nltk Gale-Church, per document", score_documents([(gc, long.gold)]), out)
    print(
        f"  {'':<30} (Gale-Church is given the {len(parts)} document boundaries, which "
        "tm.align is not: nltk's align_blocks\n"
        f"  {'':<30} refuses a 5,000-sentence block, keeping a backlink per cell of an "
        "n x m table)",
        file=out,
    )


def _timed(fn: Callable[[], object], runs: int) -> tuple[float, int]:
    times = []
    peak = 0
    for _ in range(runs):
        tracemalloc.start()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), peak


def _timed_plain(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_speed(directory: Path, out: TextIO, runs: int, gc_runs: int) -> None:
    from nltk.translate.gale_church import align_blocks

    docs = read_synthetic(directory)
    lang = directory.name.split("-")[-1]
    big, _ = long_document(docs, 5000)
    if (SHARED / "xwmt" / f"xwmt.{lang}").exists():
        s700, t700, what = xwmt_lines("kk"), xwmt_lines(lang), "X-WMT, line-parallel"
    else:
        s700 = [s for d in docs for s in d.src]
        t700 = [t for d in docs for t in d.tgt]
        what = "documents concatenated"
    print(f"\nspeed, kk-{lang} (median of runs)", file=out)
    ours700 = _timed_plain(lambda: align_sentences(s700, t700, "kk", lang), runs)
    gc700 = _timed_plain(
        lambda: align_blocks([len(s) for s in s700], [len(t) for t in t700]), gc_runs
    )
    print(
        f"  {len(s700)} x {len(t700)} ({what}): tm.align {ours700:.3f} s ({runs} runs), "
        f"nltk Gale-Church {gc700:.3f} s ({gc_runs} runs): tm.align is "
        f"{gc700 / ours700:.0f}x faster",
        file=out,
    )
    wall = _timed_plain(lambda: align_sentences(big.src, big.tgt, "kk", lang), runs)
    _, peak = _timed(lambda: align_sentences(big.src, big.tgt, "kk", lang), 1)
    print(
        f"  {len(big.src)} x {len(big.tgt)} (xwmt-synthetic documents repeated): tm.align "
        f"{wall:.3f} s ({runs} runs); peak memory {peak / 2**20:.0f} MB "
        f"(tracemalloc, separate run); process max RSS so far "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; nltk "
        "Gale-Church not run (it refuses more than 4,000 sentences: O(n x m) time and memory)",
        file=out,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--synthetic",
        type=Path,
        nargs="*",
        default=[SHARED / "xwmt-synthetic" / "kk-en", SHARED / "xwmt-synthetic" / "kk-ru"],
        help="xwmt-synthetic style directories (docNNN.src/.tgt/.gold)",
    )
    parser.add_argument(
        "--news", type=Path, default=NEWS, help="news corpus with halves.tsv and story folders"
    )
    parser.add_argument(
        "--seed",
        type=Path,
        default=ROOT / "corpora" / "karis",
        help="directory with kk.sents, en.sents, ru.sents, kk-en.gold, kk-ru.gold",
    )
    parser.add_argument(
        "--speed-data",
        type=Path,
        default=SHARED / "xwmt-synthetic" / "kk-en",
        help="xwmt-synthetic style directory whose documents, repeated, make the long text",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the speed benchmark")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of tm.align")
    parser.add_argument("--gc-runs", type=int, default=1, help="timed runs of Gale-Church")
    args = parser.parse_args(argv)
    out = sys.stdout
    for directory in args.synthetic:
        if directory.is_dir():
            bench_synthetic(directory.resolve(), out)
        else:
            print(f"\n{directory}: not found, skipped", file=out)
    bench_news(args.news, out)
    bench_seed(args.seed, out)
    if args.speed_data.is_dir():
        bench_long(args.speed_data.resolve(), out)
        if not args.no_speed:
            bench_speed(args.speed_data.resolve(), out, args.runs, args.gc_runs)
    print(f"\nreference figures\n{REFERENCE}", file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
