"""Scoring an alignment against gold beads, the way vecalign's score.py and Bertalign do.

Strict: a test bead counts only if it equals a gold bead. Lax: a test bead that is not
gold still counts if one of its source sentences is, in some gold bead, aligned to one of
its target sentences. Precision is over all test beads (omissions and additions
included); recall is over gold beads with both sides non-empty, matched against test
beads with both sides non-empty (vecalign computes it as precision with the roles of
test and gold swapped). Counts are summed over documents before dividing (micro average).
Reference: Thompson & Koehn 2019 (vecalign), after Sennrich & Volk 2011.

Also here: `coverage`, which says whether a translation covers only part of its source
(a partial draft), from the beads alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tm.align._beads import Bead

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Counts:
    """True and false positives, strict and lax: what `_match` adds up."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp_strict + other.tp_strict,
            self.fp_strict + other.fp_strict,
            self.tp_lax + other.tp_lax,
            self.fp_lax + other.fp_lax,
        )


@dataclass(frozen=True)
class AlignmentScores:
    strict: PRF
    lax: PRF
    precision_counts: Counts
    recall_counts: Counts
    # Per gold bead kind ("1-1", "1-0", ...): (gold beads found exactly, gold beads).
    found_by_kind: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def recall_of(self, kind: str) -> float:
        found, total = self.found_by_kind.get(kind, (0, 0))
        return found / total if total else float("nan")


def _kind(pair: Pair) -> str:
    return f"{len(pair[0])}-{len(pair[1])}"


def _match(gold: Iterable[Pair], test: Iterable[Pair]) -> Counts:
    """How many `test` beads are right, strictly and laxly, judged against `gold`."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    gold_targets: dict[int, set[int]] = {}
    for s, t in gold_set:
        for i in s:
            gold_targets.setdefault(i, set()).update(t)
    tp_s = fp_s = tp_l = fp_l = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            tp_s += 1
            tp_l += 1
            continue
        fp_s += 1
        reachable: set[int] = set()
        for i in s:
            reachable |= gold_targets.get(i, set())
        if reachable.intersection(t):
            tp_l += 1
        else:
            fp_l += 1
    return Counts(tp_s, fp_s, tp_l, fp_l)


def _ratio(a: int, b: int) -> float:
    return a / (a + b) if a + b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(precision: float, recall: float) -> PRF:
    return PRF(precision, recall, _f1(precision, recall))


def _scores(pc: Counts, rc: Counts, found: dict[str, tuple[int, int]]) -> AlignmentScores:
    strict = _prf(_ratio(pc.tp_strict, pc.fp_strict), _ratio(rc.tp_strict, rc.fp_strict))
    lax = _prf(_ratio(pc.tp_lax, pc.fp_lax), _ratio(rc.tp_lax, rc.fp_lax))
    return AlignmentScores(strict, lax, pc, rc, found)


def _found_by_kind(test: Sequence[Pair], gold: Sequence[Pair]) -> dict[str, tuple[int, int]]:
    test_set = {(tuple(s), tuple(t)) for s, t in test}
    out: dict[str, tuple[int, int]] = {}
    for s, t in gold:
        kind = _kind((s, t))
        found, total = out.get(kind, (0, 0))
        out[kind] = (found + ((tuple(s), tuple(t)) in test_set), total + 1)
    return out


def score_alignment(test: Sequence[Pair], gold: Sequence[Pair]) -> AlignmentScores:
    """Strict and lax precision / recall / F1 of one document's alignment."""
    return score_documents([(test, gold)])


def score_documents(docs: Iterable[tuple[Sequence[Pair], Sequence[Pair]]]) -> AlignmentScores:
    """Like `score_alignment` over several (test, gold) documents, counts summed first."""
    pc = Counts()
    rc = Counts()
    found: dict[str, tuple[int, int]] = {}
    for test, gold in docs:
        pc = pc + _match(gold, test)
        both_test = [(s, t) for s, t in test if s and t]
        both_gold = [(s, t) for s, t in gold if s and t]
        rc = rc + _match(both_test, both_gold)
        for kind, (f, n) in _found_by_kind(test, gold).items():
            f0, n0 = found.get(kind, (0, 0))
            found[kind] = (f0 + f, n0 + n)
    return _scores(pc, rc, found)


# A run of untranslated source sentences at the start or end counts as "not covered" only
# if it is this long, in sentences and as a share of the source: one dropped closing line
# is an omission, not a partial draft.
_MIN_TAIL = 3
_MIN_TAIL_SHARE = 0.2


def coverage(beads: Iterable[Bead | Pair]) -> tuple[int, int, int] | None:
    """(first, last, total): the source sentences, numbered from 1, that the target covers,
    when it covers only part of the source; None when it covers everything (or nothing).

    Only a long run at the start or the end (at least 3 sentences and 20 % of the source)
    of source sentences all left without a translation (1-0 beads) makes a partial span;
    target lines added after the last translated sentence (a byline) do not break it.
    """
    translated: dict[int, bool] = {}
    for bead in beads:
        src, tgt = bead.pair if isinstance(bead, Bead) else bead
        for i in src:
            translated[i] = bool(tgt)
    total = max(translated, default=-1) + 1
    done = sorted(i for i, t in translated.items() if t)
    if not done:
        return None
    head, tail = done[0], total - 1 - done[-1]

    def long(run: int) -> bool:
        return run >= _MIN_TAIL and run >= _MIN_TAIL_SHARE * total

    if not long(head) and not long(tail):
        return None
    first = head + 1 if long(head) else 1
    last = done[-1] + 1 if long(tail) else total
    return first, last, total
