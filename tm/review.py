"""A reviewer's corrections of an alignment: merge, split, move, unpair, approve, undo.

Every operation is a pure function from one `Review` to the next, so the previous state is
kept and `undo` is a step back. A bead a reviewer makes keeps a real confidence: the
review's scorer (`tm.align.bead_scorer`) computes it for the bead's new shape and place
under the aligner's model; without a scorer it is 0.0, "not known to be right". Approval
is a separate mark per bead, never a confidence. Each operation keeps the alignment
valid: every sentence in exactly one bead, in order, no empty bead.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

from tm.align import Bead, BeadScorer
from tm.errors import InputError


@dataclass(frozen=True)
class Review:
    beads: tuple[Bead, ...]
    approved: frozenset[int] = frozenset()  # positions in `beads`
    previous: Review | None = field(default=None, repr=False, compare=False)
    scorer: BeadScorer | None = field(default=None, repr=False, compare=False)

    def undo(self) -> Review:
        return self.previous or self


def start_review(
    beads: Sequence[Bead], *, approved: Collection[int] = (), scorer: BeadScorer | None = None
) -> Review:
    """A review of the aligner's beads; `approved`: positions approved already (a document
    saved before), `scorer`: what gives an edited bead its confidence."""
    return Review(beads=tuple(beads), approved=frozenset(approved), scorer=scorer)


# What an edited bead scores until the scorer (if any) says better.
_UNSCORED = 0.0


def _check(review: Review, position: int, *, last_ok: bool = True) -> None:
    limit = len(review.beads) if last_ok else len(review.beads) - 1
    if not 0 <= position < limit:
        raise InputError(f"no bead {position + 1} to change here", field="bead")


def _replace(review: Review, start: int, stop: int, beads: Sequence[Bead]) -> Review:
    """Beads start..stop-1 become `beads`; approvals shift with the beads after them."""
    kept = tuple(b for b in beads if b.src or b.tgt)
    shift = len(kept) - (stop - start)
    approved = frozenset(
        p if p < start else p + shift for p in review.approved if not start <= p < stop
    )
    new = review.beads[:start] + kept + review.beads[stop:]
    changed = [start <= p < start + len(kept) for p in range(len(new))]
    if review.scorer is not None:
        new = review.scorer.rescore(new, changed)
    return Review(beads=new, approved=approved, previous=review, scorer=review.scorer)


def merge_with_next(review: Review, position: int) -> Review:
    """One bead of this bead and the next: for a 2-1 the aligner cut as 1-1 + 1-0."""
    _check(review, position, last_ok=False)
    first, second = review.beads[position], review.beads[position + 1]
    merged = Bead(first.src + second.src, first.tgt + second.tgt, _UNSCORED)
    return _replace(review, position, position + 2, [merged])


def split(review: Review, position: int) -> Review:
    """Pair the bead's sentences one to one, in order; what is left over stands alone."""
    _check(review, position)
    bead = review.beads[position]
    if len(bead.src) <= 1 and len(bead.tgt) <= 1:
        raise InputError("a bead of one sentence a side cannot be split; unpair it", field="bead")
    pieces = [
        Bead(bead.src[i : i + 1], bead.tgt[i : i + 1], _UNSCORED)
        for i in range(max(len(bead.src), len(bead.tgt)))
    ]
    return _replace(review, position, position + 1, pieces)


def unpair(review: Review, position: int) -> Review:
    """Source and target of the bead are not translations of each other: 1-0 and 0-1."""
    _check(review, position)
    bead = review.beads[position]
    return _replace(
        review,
        position,
        position + 1,
        [Bead(bead.src, (), _UNSCORED), Bead((), bead.tgt, _UNSCORED)],
    )


def move_target_up(review: Review, position: int) -> Review:
    """The bead's first target sentence belongs to the bead before it."""
    _check(review, position)
    if position == 0 or not review.beads[position].tgt:
        raise InputError("there is no target sentence to move up here", field="bead")
    before, bead = review.beads[position - 1], review.beads[position]
    return _replace(
        review,
        position - 1,
        position + 1,
        [
            Bead(before.src, before.tgt + bead.tgt[:1], _UNSCORED),
            Bead(bead.src, bead.tgt[1:], _UNSCORED),
        ],
    )


def move_target_down(review: Review, position: int) -> Review:
    """The bead's last target sentence belongs to the bead after it."""
    _check(review, position, last_ok=False)
    if not review.beads[position].tgt:
        raise InputError("there is no target sentence to move down here", field="bead")
    bead, after = review.beads[position], review.beads[position + 1]
    return _replace(
        review,
        position,
        position + 2,
        [
            Bead(bead.src, bead.tgt[:-1], _UNSCORED),
            Bead(after.src, bead.tgt[-1:] + after.tgt, _UNSCORED),
        ],
    )


def pair_sentences(review: Review, source: int, target: int) -> Review:
    """One bead of source sentence `source` and target sentence `target` (numbers as in
    the documents), in one step: the beads from the one holding the first to the one
    holding the other are laid again, the sentences before the pair and after it standing
    alone (1-0, 0-1), to be merged where they belong."""
    holding_source = next((p for p, b in enumerate(review.beads) if source in b.src), None)
    holding_target = next((p for p, b in enumerate(review.beads) if target in b.tgt), None)
    if holding_source is None or holding_target is None:
        raise InputError("no such source or target sentence to pair", field="bead")
    start, stop = sorted((holding_source, holding_target))
    region = review.beads[start : stop + 1]
    sources = [i for bead in region for i in bead.src]
    targets = [j for bead in region for j in bead.tgt]
    laid = [
        *(Bead((i,), (), _UNSCORED) for i in sources if i < source),
        *(Bead((), (j,), _UNSCORED) for j in targets if j < target),
        Bead((source,), (target,), _UNSCORED),
        *(Bead((i,), (), _UNSCORED) for i in sources if i > source),
        *(Bead((), (j,), _UNSCORED) for j in targets if j > target),
    ]
    return _replace(review, start, stop + 1, laid)


def approve_beads(review: Review, positions: Sequence[int]) -> Review:
    for position in positions:
        _check(review, position)
    return replace(review, approved=review.approved | set(positions), previous=review)


def unapprove_beads(review: Review, positions: Sequence[int]) -> Review:
    """Take the approval back (saving then stores the pair as aligned, not approved)."""
    for position in positions:
        _check(review, position)
    return replace(review, approved=review.approved - set(positions), previous=review)


def confident_positions(review: Review, threshold: float) -> list[int]:
    """Pairs (not 1-0 / 0-1) scored at least `threshold` and not approved yet."""
    return [
        p
        for p, b in enumerate(review.beads)
        if b.score >= threshold and b.src and b.tgt and p not in review.approved
    ]


def approve_above(review: Review, threshold: float, *, blocked: Collection[int] = ()) -> Review:
    """Approve every pair scored at least `threshold`, except the `blocked` positions (a
    QA error on the pair: see `tm.workflow.approve_confident`)."""
    sure = [p for p in confident_positions(review, threshold) if p not in blocked]
    return approve_beads(review, sure)


def review_state(review: Review) -> dict[str, object]:
    """The review as plain data (beads and approvals) to keep while it is not saved."""
    return {
        "beads": [[list(bead.src), list(bead.tgt), bead.score] for bead in review.beads],
        "approved": sorted(review.approved),
    }


def restore_review(state: dict[str, object], start: Review) -> Review:
    """A kept review, on top of `start` (the same alignment just made, whose scorer it
    takes; undo goes back to it). Anything that does not fit the alignment gives `start`."""
    try:
        raw_beads = state["beads"]
        raw_approved = state["approved"]
        if not isinstance(raw_beads, list) or not isinstance(raw_approved, list):
            return start
        beads = tuple(
            Bead(tuple(int(i) for i in src), tuple(int(j) for j in tgt), float(score))
            for src, tgt, score in raw_beads
        )
        approved = frozenset(int(p) for p in raw_approved)
    except (KeyError, TypeError, ValueError):
        return start
    sources = [i for bead in beads for i in bead.src]
    targets = [j for bead in beads for j in bead.tgt]
    expected_sources = [i for bead in start.beads for i in bead.src]
    expected_targets = [j for bead in start.beads for j in bead.tgt]
    if sources != expected_sources or targets != expected_targets:
        return start
    if not all(0 <= p < len(beads) for p in approved):
        return start
    return Review(beads=beads, approved=approved, previous=start, scorer=start.scorer)


REVIEW_EDITS: dict[str, Callable[[Review, int], Review]] = {
    "merge with next": merge_with_next,
    "split": split,
    "unpair": unpair,
    "move target up": move_target_up,
    "move target down": move_target_down,
}
