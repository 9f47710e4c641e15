"""Running the QA checks: over line-parallel texts, one pair, or a TM given as a frame.

run_checks(segments, QAContext("kk", "en")) -> (QAWarning, ...)
check_pair("Бағасы 5 мың теңге.", "It costs 5 tenge.", "kk", "en") -> (QAWarning, ...)
check_frame(tm_frame) -> (QAWarning, ...)  keyed by unit_id, the length model per pair
                                          fitted on the frame's approved units

Each takes `terms=`, a termbase's recognition index (`Termbase.index()`), for the term
checks; without it they say nothing.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError
from tm.quality._base import LengthModel, QAContext, QAWarning, Segment
from tm.quality.checks import CHECKS, TERM_CHECKS

if TYPE_CHECKING:
    from tm.termbase.recognition import TermIndex

# Checks that compare segments with each other make no sense for a single pair.
_SET_CHECKS = frozenset({"inconsistent-target", "inconsistent-source", "names"})


def _selected(names: Iterable[str] | None) -> list[str]:
    chosen = list(CHECKS) if names is None else list(names)
    unknown = [name for name in chosen if name not in CHECKS]
    if unknown:
        raise InputError(
            f"unknown check {unknown[0]!r} (known: {', '.join(CHECKS)})", field="checks"
        )
    return chosen


def run_checks(
    segments: Sequence[Segment], context: QAContext, *, checks: Iterable[str] | None = None
) -> tuple[QAWarning, ...]:
    """Every warning the chosen checks (all by default) raise, in segment order, worst first."""
    order = {segment.key: index for index, segment in enumerate(segments)}
    found = [
        warning for name in _selected(checks) for warning in CHECKS[name]().find(segments, context)
    ]
    return tuple(
        sorted(found, key=lambda w: (order.get(w.key, len(order)), w.severity.rank, w.start))
    )


def check_lines(
    sources: Sequence[str],
    targets: Sequence[str],
    context: QAContext,
    *,
    checks: Iterable[str] | None = None,
) -> tuple[QAWarning, ...]:
    """QA of line-parallel texts; warnings are keyed by 1-based line number."""
    if len(sources) != len(targets):
        raise InputError(
            f"the source has {len(sources)} lines and the target {len(targets)}: "
            "line-parallel files must have as many",
            field="target",
        )
    segments = [
        Segment(number, source, target)
        for number, (source, target) in enumerate(zip(sources, targets, strict=True), start=1)
    ]
    return run_checks(segments, context, checks=checks)


_PAIR_CACHE = 8192


def _order(warnings: Iterable[QAWarning]) -> tuple[QAWarning, ...]:
    """One pair's warnings as `run_checks` orders them: worst first, then by position (a
    stable sort, so that checks keep their registry order among equals)."""
    return tuple(sorted(warnings, key=lambda w: (w.severity.rank, w.start)))


@functools.lru_cache(maxsize=_PAIR_CACHE)
def _plain_warnings(
    source: str, target: str, src_lang: str, tgt_lang: str
) -> tuple[QAWarning, ...]:
    return check_pair(source, target, src_lang, tgt_lang)


class _TermMemo:
    """The term checks' warnings on the pairs seen with one termbase index, at most
    `_PAIR_CACHE` of them (the oldest go first)."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str, str, str], tuple[QAWarning, ...]] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str, str, str]) -> tuple[QAWarning, ...] | None:
        with self.lock:
            return self.found.get(key)

    def put(self, key: tuple[str, str, str, str], warnings: tuple[QAWarning, ...]) -> None:
        with self.lock:
            if len(self.found) >= _PAIR_CACHE:
                del self.found[next(iter(self.found))]
            self.found[key] = warnings


# One memo per index, gone with it: an index is one termbase version (a new version is a
# new index, so a pair is never judged by an older termbase), and keeping old indices
# alive for their cached warnings would keep whole termbases in memory.
_TERM_MEMOS: weakref.WeakKeyDictionary[TermIndex, _TermMemo] = weakref.WeakKeyDictionary()
_TERM_MEMOS_LOCK = threading.Lock()


def _term_memo(terms: TermIndex) -> _TermMemo:
    with _TERM_MEMOS_LOCK:
        memo = _TERM_MEMOS.get(terms)
        if memo is None:
            memo = _TERM_MEMOS[terms] = _TermMemo()
        return memo


def pair_warnings(
    source: str,
    target: str,
    src_lang: str,
    tgt_lang: str,
    terms: TermIndex | None = None,
) -> tuple[QAWarning, ...]:
    """`check_pair` with the default length model, remembered: the review and translation
    grids show every pair's warnings on every rerun, and a click changes only a few pairs.
    With `terms` (a termbase's index), the term checks too, remembered per index. None
    when a side is empty (nothing to check yet)."""
    if not source or not target:
        return ()
    plain = _plain_warnings(source, target, src_lang, tgt_lang)
    if terms is None:
        return plain
    memo = _term_memo(terms)
    key = (source, target, src_lang, tgt_lang)
    found = memo.get(key)
    if found is None:
        context = QAContext.of(src_lang, tgt_lang, terms=terms)
        extra = run_checks([Segment(0, source, target)], context, checks=TERM_CHECKS)
        found = _order((*plain, *extra)) if extra else plain
        memo.put(key, found)
    return found


def check_pair(
    source: str,
    target: str,
    src_lang: str,
    tgt_lang: str,
    *,
    lengths: LengthModel | None = None,
    terms: TermIndex | None = None,
) -> tuple[QAWarning, ...]:
    """The warnings for one pair, as a translator confirms it (checks across a set left out;
    the term checks only with `terms`, a termbase's index)."""
    context = QAContext.of(src_lang, tgt_lang, lengths or LengthModel.prior(), terms=terms)
    names = [name for name in CHECKS if name not in _SET_CHECKS]
    return run_checks([Segment(0, source, target)], context, checks=names)


def length_model(frame: pl.DataFrame, src_lang: str, tgt_lang: str) -> LengthModel:
    """The length model of one language pair, from the approved units of a TM frame."""
    approved = frame.filter(
        (pl.col("status") == "approved")
        & (pl.col("src_lang") == src_lang)
        & (pl.col("tgt_lang") == tgt_lang)
    )
    return LengthModel.fit(list(zip(approved["source"], approved["target"], strict=True)))


def check_frame(
    frame: pl.DataFrame,
    *,
    checks: Iterable[str] | None = None,
    terms: TermIndex | None = None,
) -> tuple[QAWarning, ...]:
    """QA of a TM frame (the store's columns), one language pair at a time, keyed by unit_id;
    the term checks against `terms` (a termbase's index), when given.

    Rejected units are left out: nobody will reuse them, and they would make every accepted
    translation of the same source look inconsistent.
    """
    chosen = _selected(checks)
    live = frame.filter(pl.col("status") != "rejected").sort(
        ["src_lang", "tgt_lang", "doc_id", "seg_no"], nulls_last=True
    )
    warnings: list[QAWarning] = []
    for (src, tgt), group in live.group_by(["src_lang", "tgt_lang"], maintain_order=True):
        src_lang, tgt_lang = str(src), str(tgt)
        lengths = length_model(frame, src_lang, tgt_lang)
        context = QAContext.of(src_lang, tgt_lang, lengths, terms=terms)
        segments = [
            Segment(unit_id, source, target)
            for unit_id, source, target in group.select("unit_id", "source", "target").iter_rows()
        ]
        warnings.extend(run_checks(segments, context, checks=chosen))
    return tuple(warnings)


WARNING_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.Utf8(),
    "check": pl.Utf8(),
    "severity": pl.Utf8(),
    "message": pl.Utf8(),
    "side": pl.Utf8(),
    "start": pl.Int64(),
    "end": pl.Int64(),
}


def warnings_frame(warnings: Iterable[QAWarning]) -> pl.DataFrame:
    """The warnings as a table (key as text: a line number or a unit id), for display or joins."""
    rows = [
        {
            "key": str(warning.key),
            "check": warning.check,
            "severity": str(warning.severity),
            "message": warning.message,
            "side": warning.side,
            "start": warning.start,
            "end": warning.end,
        }
        for warning in warnings
    ]
    return pl.DataFrame(rows, schema=WARNING_SCHEMA)
