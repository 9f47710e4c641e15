"""Benchmark of tm.workflow.docmatch: precision and recall of finding the same story.

    .venv/bin/python bench/docmatch.py               # the figures, and a 3k x 3k scale run
    .venv/bin/python bench/docmatch.py --copies 300  # the scale run at ~10k x 10k
    .venv/bin/python bench/docmatch.py --tune        # how the defaults were fitted

Archives where the truth is known, each built the same way (`build_archive`): stories
under random file names, shuffled, so that a name says nothing, and some stories in one
language only (a seeded draw takes their target or their source edition away), which
must stay unmatched.

* **corpora/news, by halves** (halves.tsv). The tune half is the seven odd-numbered
  stories; the test half the seven even-numbered ones plus corpora/karis (in neither
  half, never fitted on). Each half loses the target of two stories and the Kazakh
  edition of one: 5 true pairs in the test archive, 4 in the tune one.
* Each archive three ways (`DATINGS`): **dates as written**; **dates removed** (the
  `date YYYY-MM-DD` of line 1 taken off, the title kept as a first paragraph; the key
  index then finds the candidates), to show that the text matches, not the dates; and
  **all on one day**, every article dated the same day, which is what a busy news day
  looks like: every story is every other's candidate.
* **xwmt SYNTHETIC**: the 700 line-parallel X-WMT news sentences cut into 35
  pseudo-documents of 20 consecutive lines (neighbouring documents often continue one
  story and share its names: hard distractors), seven a day over five days, the target
  published the same day or one or two days later; four lose their target and three
  their source. With a two-day window a Kazakh document has 14-35 candidates.
* **xwmt SYNTHETIC at scale**: the 35 documents repeated (`--copies`), a copy every five
  days, one word of every line dropped at random on each side so that no two texts are
  the same: the time, the candidates per source and P/R of a 3k x 3k (or 10k x 10k)
  archive.

What was fitted, on the tune half only: the threshold (the geometric middle between
the lowest true pair and the highest wrong candidate, pooled over kk-en, kk-ru and the
three datings) and the title boost (x1, x2, x3: x1 separated best). The family weights
are set, not fitted: four true pairs per archive cannot weigh names against numbers
(`--tune` shows the fit for other weights too, with the synthetic figures each gives,
labelled). The test half and the synthetic archives are only measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import random
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TextIO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tm.workflow.docmatch import (  # noqa: E402
    DEFAULT_SETTINGS,
    ArticleText,
    MatchScores,
    MatchSettings,
    match_documents,
    score_candidates,
    score_matches,
)

NEWS = ROOT / "corpora" / "news"
KARIS = ROOT / "corpora" / "karis"
XWMT = ROOT / ".." / "shared" / "corpora" / "xwmt"
PAIRS = (("kk", "en"), ("kk", "ru"))
_DATE_LINE = re.compile(r"^\s*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]*")


@dataclass(frozen=True)
class Story:
    """One story in its editions: language -> article text."""

    key: str
    texts: dict[str, str]


@dataclass(frozen=True)
class Archive:
    sources: tuple[ArticleText, ...]
    targets: tuple[ArticleText, ...]
    truth: frozenset[tuple[str, str]]


def news_stories(half: str) -> list[Story]:
    """The stories of one half of corpora/news; the test half also has corpora/karis."""
    rows = (NEWS / "halves.tsv").read_text(encoding="utf-8").splitlines()[1:]
    folders = [NEWS / name for name, which in (row.split("\t") for row in rows) if which == half]
    if half == "test":
        folders.append(KARIS)
    return [
        Story(
            folder.name,
            {
                lang: (folder / f"{lang}.txt").read_text(encoding="utf-8")
                for lang in ("kk", "en", "ru")
            },
        )
        for folder in folders
    ]


def xwmt_stories(
    *, copies: int = 1, lines_per_doc: int = 20, per_day: int = 7, seed: int = 15
) -> list[Story]:
    """X-WMT cut into pseudo-documents with dates; the target a day or two late at times.

    With `copies` > 1 the 35 documents recur, each copy in its own five days (so a copy of
    a document is never within two days of another copy of it), every line of a copy
    missing one word drawn at random on each side, so that no two texts are the same.
    """
    columns = {
        lang: (XWMT / f"xwmt.{lang}").read_text(encoding="utf-8").splitlines()
        for lang in ("kk", "en", "ru")
    }
    rng = random.Random(seed)
    first = dt.date(2020, 11, 2)
    starts = range(0, len(columns["kk"]), lines_per_doc)
    stories = []
    for copy, (number, start) in itertools.product(range(copies), enumerate(starts)):
        day = first + dt.timedelta(days=copy * 5 + number // per_day)
        texts = {}
        for lang, lines in columns.items():
            late = 0 if lang == "kk" else rng.choice((0, 0, 0, 1, 1, 2))
            date = day + dt.timedelta(days=late)
            body = lines[start : start + lines_per_doc]
            if copies > 1:
                body = [_drop_a_word(line, rng) for line in body]
            texts[lang] = f"date {date.isoformat()}\n" + "\n".join(body) + "\n"
        stories.append(Story(f"xwmt-{copy}-{number:02d}", texts))
    return stories


def _drop_a_word(line: str, rng: random.Random) -> str:
    words = line.split()
    if len(words) > 1:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def as_written(text: str) -> str:
    return text


def undated(text: str) -> str:
    """The article with the date taken off its first line (the title stays, as text)."""
    return _DATE_LINE.sub("", text, count=1)


def one_day(text: str) -> str:
    """The article re-dated to one day shared by the whole archive: dates tell nothing."""
    return _DATE_LINE.sub("date 2025-01-15 ", text, count=1)


# How the archive's dates are given: each a transformation of every article's text.
DATINGS: Mapping[str, Callable[[str], str]] = MappingProxyType(
    {"dates as written": as_written, "dates removed": undated, "all on one day": one_day}
)


def build_archive(
    stories: Sequence[Story],
    src: str,
    tgt: str,
    *,
    seed: int,
    lone_sources: int,
    lone_targets: int,
    dating: Callable[[str], str] = as_written,
) -> Archive:
    """Sources and targets under random names, some stories in one language only."""
    rng = random.Random(f"{seed}-{src}-{tgt}")
    order = list(stories)
    rng.shuffle(order)
    no_target = {story.key for story in order[:lone_sources]}
    no_source = {story.key for story in order[lone_sources : lone_sources + lone_targets]}
    ids = rng.sample(range(10_000, 100_000), 2 * len(order))
    sources, targets, truth = [], [], set()
    for story, s_id, t_id in zip(order, ids[::2], ids[1::2], strict=True):
        s_name, t_name = f"{src}/{s_id}.txt", f"{tgt}/{t_id}.txt"
        s_text, t_text = story.texts[src], story.texts[tgt]
        s_text, t_text = dating(s_text), dating(t_text)
        if story.key not in no_source:
            sources.append(ArticleText(s_name, s_text))
        if story.key not in no_target:
            targets.append(ArticleText(t_name, t_text))
        if story.key not in no_source | no_target:
            truth.add((s_name, t_name))
    rng.shuffle(sources)
    rng.shuffle(targets)
    return Archive(tuple(sources), tuple(targets), frozenset(truth))


def news_archive(
    half: str, src: str, tgt: str, *, dating: Callable[[str], str] = as_written
) -> Archive:
    return build_archive(
        news_stories(half), src, tgt, seed=15, lone_sources=2, lone_targets=1, dating=dating
    )


def xwmt_archive(src: str, tgt: str, *, dating: Callable[[str], str] = as_written) -> Archive:
    return build_archive(
        xwmt_stories(), src, tgt, seed=16, lone_sources=4, lone_targets=3, dating=dating
    )


def scale(out: TextIO, copies: int, settings: MatchSettings = DEFAULT_SETTINGS) -> None:
    """The synthetic archive repeated: time, candidates per source, and P/R at that size."""
    for src, tgt in PAIRS:
        archive = build_archive(
            xwmt_stories(copies=copies),
            src,
            tgt,
            seed=17,
            lone_sources=4 * copies,
            lone_targets=3 * copies,
        )
        wall, cpu = time.perf_counter(), time.process_time()
        found = match_documents(
            archive.sources, archive.targets, src_lang=src, tgt_lang=tgt, settings=settings
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        candidates = score_candidates(
            archive.sources, archive.targets, src_lang=src, tgt_lang=tgt, settings=settings
        )
        label = f"{src}-{tgt} {len(archive.sources)} x {len(archive.targets)}"
        out.write(_row(label, score_matches(found, archive.truth)) + "\n")
        out.write(
            f"      {cpu:.1f} s CPU ({wall:.1f} s wall); "
            f"{len(candidates) / len(archive.sources):.1f} candidates "
            f"per source ({len(candidates):,} pairs scored of "
            f"{len(archive.sources) * len(archive.targets):,})\n"
        )


def measure(archive: Archive, src: str, tgt: str, settings: MatchSettings) -> MatchScores:
    found = match_documents(
        archive.sources, archive.targets, src_lang=src, tgt_lang=tgt, settings=settings
    )
    return score_matches(found, archive.truth)


def _row(label: str, scores: MatchScores) -> str:
    return (
        f"  {label:<34} P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}"
        f"   ({scores.correct} right of {scores.found} found, {scores.expected} true)"
    )


def _margins(archive: Archive, src: str, tgt: str, settings: MatchSettings) -> str:
    """Lowest true-pair score and highest wrong-pair score among the candidates."""
    scored = score_candidates(
        archive.sources, archive.targets, src_lang=src, tgt_lang=tgt, settings=settings
    )
    sep = separation([(archive, src, tgt)], settings)
    per_source = len(scored) / max(len(archive.sources), 1)
    return (
        f"      lowest true pair {sep.lowest_true:.3f}, highest wrong candidate "
        f"{sep.highest_wrong:.3f}; {per_source:.1f} candidates per source"
    )


def report(out: TextIO, settings: MatchSettings = DEFAULT_SETTINGS) -> None:
    out.write(f"settings: {settings}\n\n")
    sections = (
        ("corpora/news TEST half (+ karis)", "test", False),
        ("corpora/news tune half (FITTED)", "tune", False),
        ("xwmt SYNTHETIC pseudo-documents", "", True),
    )
    for title, half, synthetic in sections:
        out.write(f"{title}\n")
        for (src, tgt), (name, dating) in itertools.product(PAIRS, DATINGS.items()):
            archive = (
                xwmt_archive(src, tgt, dating=dating)
                if synthetic
                else news_archive(half, src, tgt, dating=dating)
            )
            label = f"{src}-{tgt} {name}"
            out.write(_row(label, measure(archive, src, tgt, settings)) + "\n")
            out.write(_margins(archive, src, tgt, settings) + "\n")
        out.write("\n")


# --- tuning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Separation:
    """How far apart the true pairs' scores are from the wrong candidates' scores."""

    lowest_true: float
    highest_wrong: float

    @property
    def ratio(self) -> float:
        return self.lowest_true / self.highest_wrong if self.highest_wrong else float("inf")

    @property
    def threshold(self) -> float:
        """The geometric middle of the gap (scores are cosines: the gap is a ratio)."""
        return math.sqrt(self.lowest_true * max(self.highest_wrong, 1e-3))


def separation(archives: Sequence[tuple[Archive, str, str]], settings: MatchSettings) -> Separation:
    """Pooled over the archives: every true pair against every wrong candidate pair."""
    right: list[float] = []
    wrong: list[float] = [0.0]
    for archive, src, tgt in archives:
        scored = score_candidates(
            archive.sources, archive.targets, src_lang=src, tgt_lang=tgt, settings=settings
        )
        pairs = {(c.source_name, c.target_name): c.score for c in scored}
        for pair, score in pairs.items():
            (right if pair in archive.truth else wrong).append(score)
        # A true pair the blocking missed scores nothing.
        right.extend(0.0 for pair in archive.truth if pair not in pairs)
    return Separation(min(right, default=0.0), max(wrong))


def tune_archives(half: str = "tune") -> list[tuple[Archive, str, str]]:
    """kk-en and kk-ru, each with its dates, without and all on one day."""
    return [
        (news_archive(half, src, tgt, dating=dating), src, tgt)
        for (src, tgt), dating in itertools.product(PAIRS, DATINGS.values())
    ]


# Family weights shown next to the defaults, to see what each family brings.
ABLATIONS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "numbers and names (default)": MappingProxyType({"numbers": 1.0, "names": 1.0}),
        "numbers only": MappingProxyType({"numbers": 1.0}),
        "names only": MappingProxyType({"names": 1.0}),
    }
)


def tune(out: TextIO) -> None:
    """The threshold the tune half gives at the default weights, and the same fit for
    other family weights and title boosts (with the synthetic figures each would give)."""
    archives = tune_archives()
    sep = separation(archives, DEFAULT_SETTINGS)
    out.write(
        "tune half of corpora/news, kk-en and kk-ru, every dating, pooled:\n"
        f"  lowest true pair {sep.lowest_true:.3f}, highest wrong candidate "
        f"{sep.highest_wrong:.3f}, ratio {sep.ratio:.2f}\n"
        f"  threshold = their geometric middle = {sep.threshold:.3f} "
        f"(default {DEFAULT_SETTINGS.threshold})\n\n"
        "other weights, each with the threshold the tune half gives it, then P/R on the\n"
        "SYNTHETIC archive (xwmt kk-en and kk-ru, every dating, pooled):\n"
    )
    for (label, weights), title in itertools.product(ABLATIONS.items(), (1.0, 2.0, 3.0)):
        settings = replace(DEFAULT_SETTINGS, family_weights=weights, title_boost=title)
        fit = separation(archives, settings)
        settings = replace(settings, threshold=round(fit.threshold, 3))
        total = MatchScores(0, 0, 0)
        for (src, tgt), dating in itertools.product(PAIRS, DATINGS.values()):
            got = measure(xwmt_archive(src, tgt, dating=dating), src, tgt, settings)
            total = MatchScores(
                total.found + got.found, total.expected + got.expected, total.correct + got.correct
            )
        out.write(
            f"  {label:<28} title x{title:.0f}: tune ratio {fit.ratio:5.2f} threshold "
            f"{settings.threshold:.3f} | synthetic P {total.precision:.3f} R {total.recall:.3f}\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="print the fit instead")
    parser.add_argument(
        "--copies",
        type=int,
        default=100,
        help="size of the scale test: copies of the 35 synthetic documents (0: none)",
    )
    args = parser.parse_args(argv)
    if args.tune:
        tune(sys.stdout)
        return 0
    report(sys.stdout)
    if args.copies:
        sys.stdout.write(f"xwmt SYNTHETIC at scale: {args.copies} copies, one edit a line\n")
        scale(sys.stdout, args.copies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
