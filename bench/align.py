"""Benchmark of tm.align: accuracy on gold alignments, calibration, speed and memory.

    .venv/bin/python bench/align.py                      # everything, default data
    .venv/bin/python bench/align.py --no-speed           # accuracy only
    .venv/bin/python bench/align.py --synthetic DIR ...  # other xwmt-synthetic style dirs

Prints strict and lax precision / recall / F1 as vecalign and Bertalign score them, the
recall of each gold bead kind, how often beads scored >= 0.9 are right, and speed and
peak memory next to NLTK's Gale-Church (align_blocks on character lengths).

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
from tm.align.evaluate import AlignmentScores, Pair, score_documents  # noqa: E402
from tm.segment import presegmented  # noqa: E402

SHARED = ROOT / ".." / "shared" / "corpora"
KINDS = ("1-1", "2-1", "1-2", "1-0", "0-1", "2-2", "3-1", "1-3")


@dataclass(frozen=True)
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list[Pair]


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
        f"  {label:<28} strict P/R/F1 {s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f}"
        f"   lax P/R/F1 {lx.precision:.3f}/{lx.recall:.3f}/{lx.f1:.3f}"
    )
    if cal is not None:
        right, total = cal
        line += f"   score>=0.9: {right}/{total} = {right / max(total, 1):.3f} right"
    print(line, file=out)
    f10, n10 = scores.found_by_kind.get("1-0", (0, 0))
    f01, n01 = scores.found_by_kind.get("0-1", (0, 0))
    nulls = f"   1-0 and 0-1 together {(f10 + f01) / (n10 + n01):.2f}" if n10 + n01 else ""
    print(f"  {'':<28} recall by gold kind: {kinds}{nulls}", file=out)


def xwmt_lines(lang: str) -> list[str]:
    return (SHARED / "xwmt" / f"xwmt.{lang}").read_text(encoding="utf-8").splitlines()


def held_out_lexicon(doc: Doc, src: list[str], tgt: list[str], lang: str) -> Lexicon:
    used_s, used_t = set(doc.src), set(doc.tgt)
    train = [(s, t) for s, t in zip(src, tgt, strict=True) if s not in used_s and t not in used_t]
    return Lexicon.learn(train, "kk", lang)


def gale_church(src: Sequence[str], tgt: Sequence[str]) -> list[Pair]:
    from nltk.translate.gale_church import align_blocks

    links = align_blocks([len(s) for s in src], [len(t) for t in tgt])
    # Group links into beads: connected runs of sentence pairs.
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
    out += [((i,), ()) for i in range(len(src)) if i not in seen_s]
    out += [((), (j,)) for j in range(len(tgt)) if j not in seen_t]
    return out


def bench_synthetic(directory: Path, out: TextIO, with_gale_church: bool) -> None:
    lang = directory.name.split("-")[-1]
    docs = read_synthetic(directory)
    print(
        f"\n{directory.name}: {len(docs)} documents, {sum(len(d.gold) for d in docs)} gold beads",
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
        halves = [score_documents([(pairs(b), g) for b, g in runs[k::2]]).strict.f1 for k in (0, 1)]
        print(
            f"  {'':<28} strict F1 on even / odd documents: {halves[0]:.3f} / {halves[1]:.3f}",
            file=out,
        )
    if with_gale_church:
        scores = score_documents([(gale_church(d.src, d.tgt), d.gold) for d in docs])
        print_scores("nltk Gale-Church", scores, out)


def bench_seed(directory: Path, out: TextIO) -> None:
    kk = directory / "kk.sents"
    for lang in ("en", "ru"):
        gold_path = directory / f"kk-{lang}.gold"
        tgt = directory / f"{lang}.sents"
        if not (kk.exists() and tgt.exists() and gold_path.exists()):
            print(f"\nseed kk-{lang}: gold files not found in {directory}, skipped", file=out)
            continue
        src_p, tgt_p = read_paragraphs(kk, "kk"), read_paragraphs(tgt, lang)
        gold = parse_beads(gold_path.read_text(encoding="utf-8"), source=str(gold_path))
        print(
            f"\nseed kk-{lang}: {sum(map(len, src_p))} x {sum(map(len, tgt_p))} sentences, "
            f"{len(src_p)} x {len(tgt_p)} paragraphs, {len(gold)} gold beads",
            file=out,
        )
        beads = align_paragraphs(src_p, tgt_p, "kk", lang)
        print_scores(
            "paragraphs first",
            score_documents([(pairs(beads), gold)]),
            out,
            calibration([(beads, gold)]),
        )
        flat = align_sentences(
            [s for p in src_p for s in p], [t for p in tgt_p for t in p], "kk", lang
        )
        print_scores(
            "sentences only",
            score_documents([(pairs(flat), gold)]),
            out,
            calibration([(flat, gold)]),
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
    # Whole documents, repeated until both sides have 5,000 sentences, so that the long
    # text is a real alignment problem (with its omissions and merges), not a shifted one.
    big_s: list[str] = []
    big_t: list[str] = []
    while min(len(big_s), len(big_t)) < 5000:
        for d in docs:
            big_s += d.src
            big_t += d.tgt
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
    wall = _timed_plain(lambda: align_sentences(big_s, big_t, "kk", lang), runs)
    _, peak = _timed(lambda: align_sentences(big_s, big_t, "kk", lang), 1)
    print(
        f"  {len(big_s)} x {len(big_t)} (xwmt-synthetic documents repeated): tm.align "
        f"{wall:.3f} s ({runs} runs); peak memory {peak / 2**20:.0f} MB "
        f"(tracemalloc, separate run); process max RSS so far "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
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
    parser.add_argument(
        "--no-gale-church",
        action="store_true",
        help="skip Gale-Church accuracy on the synthetic sets",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs of tm.align")
    parser.add_argument("--gc-runs", type=int, default=1, help="timed runs of Gale-Church")
    args = parser.parse_args(argv)
    out = sys.stdout
    for directory in args.synthetic:
        if directory.is_dir():
            bench_synthetic(directory.resolve(), out, not args.no_gale_church)
        else:
            print(f"\n{directory}: not found, skipped", file=out)
    bench_seed(args.seed, out)
    if not args.no_speed and args.speed_data.is_dir():
        bench_speed(args.speed_data.resolve(), out, args.runs, args.gc_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
