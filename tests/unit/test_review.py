from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tm.align import Bead
from tm.errors import InputError
from tm.review import (
    REVIEW_EDITS,
    Review,
    approve_above,
    approve_beads,
    merge_with_next,
    move_target_down,
    move_target_up,
    pair_sentences,
    split,
    start_review,
    unpair,
)


def pairs(review: Review) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in review.beads]


BEADS = [
    Bead((0,), (0,), 0.9),
    Bead((1,), (), 0.4),
    Bead((2,), (1, 2), 0.7),
    Bead((3,), (3,), 0.95),
]


def test_merge_with_next_makes_a_2_1_bead_and_without_a_scorer_claims_no_confidence() -> None:
    review = merge_with_next(start_review(BEADS), 0)
    assert pairs(review)[:2] == [((0, 1), (0,)), ((2,), (1, 2))]
    assert review.beads[0].score == 0.0  # not 1.0: an edit is not an approval
    assert review.beads[1].score == BEADS[2].score  # beads it did not touch keep theirs
    assert approve_above(review, 0.5).approved == {1, 2}


def test_split_pairs_one_to_one_and_leaves_the_rest_alone() -> None:
    review = split(start_review(BEADS), 2)
    assert pairs(review)[2:4] == [((2,), (1,)), ((), (2,))]


def test_unpair_and_moves() -> None:
    review = start_review(BEADS)
    assert pairs(unpair(review, 0))[:2] == [((0,), ()), ((), (0,))]
    assert pairs(move_target_up(review, 2))[1:3] == [((1,), (1,)), ((2,), (2,))]
    assert pairs(move_target_down(review, 2))[2:] == [((2,), (1,)), ((3,), (2, 3))]


def test_a_bead_emptied_by_a_move_disappears() -> None:
    review = move_target_up(start_review([Bead((0,), (0,)), Bead((), (1,))]), 1)
    assert pairs(review) == [((0,), (0, 1))]


@pytest.mark.parametrize(
    ("edit", "position", "message"),
    [
        (merge_with_next, 3, "no bead 4"),
        (split, 0, "cannot be split"),
        (move_target_up, 0, "no target sentence to move up"),
        (move_target_down, 1, "no target sentence to move down"),
        (unpair, 9, "no bead 10"),
    ],
)
def test_impossible_edits_are_refused(edit, position: int, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        edit(start_review(BEADS), position)


def test_approvals_follow_their_beads_and_undo_steps_back() -> None:
    review = approve_above(start_review(BEADS), 0.9)
    assert review.approved == {0, 3}
    merged = merge_with_next(review, 1)  # beads 1 and 2 become one: bead 3 is now 2
    assert merged.approved == {0, 2}
    assert merged.undo() == review
    assert review.undo().approved == frozenset()
    assert approve_beads(review, [1]).approved == {0, 1, 3}


@st.composite
def alignments(draw: st.DrawFn) -> list[Bead]:
    beads, i, j = [], 0, 0
    for _ in range(draw(st.integers(1, 12))):
        a, b = draw(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]))
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), 0.5))
        i, j = i + a, j + b
    return beads


@given(alignments(), st.lists(st.tuples(st.sampled_from(sorted(REVIEW_EDITS)), st.integers(0, 12))))
def test_edits_keep_every_sentence_in_exactly_one_bead_in_order(
    beads: list[Bead], edits: list[tuple[str, int]]
) -> None:
    review = start_review(beads)
    sources = [i for b in beads for i in b.src]
    targets = [j for b in beads for j in b.tgt]
    for name, position in edits:
        try:
            review = REVIEW_EDITS[name](review, position)
        except InputError:
            continue
        assert [i for b in review.beads for i in b.src] == sources
        assert [j for b in review.beads for j in b.tgt] == targets
        assert all(b.src or b.tgt for b in review.beads)
        assert all(0 <= p < len(review.beads) for p in review.approved)


def test_pair_sentences_in_one_step_keeps_the_alignment_valid() -> None:
    review = start_review(BEADS)  # [0]:[0] [1]:[] [2]:[1,2] [3]:[3]
    paired = pair_sentences(review, 1, 2)
    assert pairs(paired) == [
        ((0,), (0,)),
        ((), (1,)),
        ((1,), (2,)),
        ((2,), ()),
        ((3,), (3,)),
    ]
    assert pair_sentences(review, 3, 0) is not None  # across the whole document
    whole = pair_sentences(review, 3, 0)
    assert [i for b in whole.beads for i in b.src] == [0, 1, 2, 3]
    assert [j for b in whole.beads for j in b.tgt] == [0, 1, 2, 3]
    with pytest.raises(InputError):
        pair_sentences(review, 9, 0)
