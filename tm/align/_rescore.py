"""The confidence of a bead a reviewer made: its probability under the aligner's own model.

The aligner scores the beads of its best path by their posterior probability (forward x
bead x backward over all paths in a band). A reviewer's merge, split or move makes beads
the aligner did not choose; the same sums give their probability too, so an edited bead
keeps a real confidence instead of a blanket 1.0: a target sentence moved to a wrong
place scores low, a merge the aligner hesitated over scores what the model thinks of it.

Shapes the model has no bead type for are scored as what they mean: k sentences left
unaligned on one side are a run of 1-0 (or 0-1) beads, whose joint probability is one
sub-path's; any other shape (a 4-1 merge, a 2-3) is outside the model and gets 0.0, so
that "approve all above a threshold" never approves it blindly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tm.align._aligner import (
    DEFAULT_PARAMS,
    _lexicon_maps,
    _pair_model,
    _path_center,
    features,
)
from tm.align._beads import Bead
from tm.align._cost import ScoreParams, bead_costs, estimate_log_ratio, index_anchors, key_weights
from tm.align._dp import (
    BEAD_TYPES,
    Band,
    CostArray,
    FloatArray,
    Path,
    backward,
    forward,
    make_band,
)
from tm.align.lexicon import Lexicon

# Columns either side of the current alignment that the sums cover: a sentence moved
# further than this from where the aligner and reviewer put it has next to no probability.
_HALF_WIDTH = 16
_TYPE_INDEX = {shape: t for t, shape in enumerate(BEAD_TYPES)}


def _path(beads: Sequence[Bead]) -> Path:
    """The beads as (i0, i1, j0, j1) steps; beads with an empty side sit where they fall."""
    path: Path = []
    i = j = 0
    for bead in beads:
        path.append((i, i + len(bead.src), j, j + len(bead.tgt)))
        i, j = i + len(bead.src), j + len(bead.tgt)
    return path


@dataclass(frozen=True)
class BeadScorer:
    """Scores beads of one document pair; made once per alignment, cheap per bead."""

    costs: CostArray
    band: Band
    alpha: FloatArray
    beta: FloatArray
    log_z: float
    scale: float

    def _cell(self, i: int, j: int) -> int | None:
        k = j - int(self.band.lo[i])
        return k if 0 <= k < self.band.width else None

    def _step(self, shape: tuple[int, int], i1: int, j1: int) -> float | None:
        """-scale * cost of a bead of `shape` ending in (i1, j1), or None outside the band."""
        k = self._cell(i1, j1)
        if k is None:
            return None
        cost = float(self.costs[_TYPE_INDEX[shape], i1, k])
        return -self.scale * cost if math.isfinite(cost) else None

    def probability(self, i0: int, j0: int, shape: tuple[int, int]) -> float:
        """Posterior probability of a bead of `shape` starting at cell (i0, j0)."""
        a, b = shape
        if (a, b) in _TYPE_INDEX:
            steps = [(shape, i0 + a, j0 + b)]
        elif b == 0 and a > 0:
            steps = [((1, 0), i0 + d, j0) for d in range(1, a + 1)]
        elif a == 0 and b > 0:
            steps = [((0, 1), i0, j0 + d) for d in range(1, b + 1)]
        else:
            return 0.0
        start, end = self._cell(i0, j0), self._cell(i0 + a, j0 + b)
        if start is None or end is None:
            return 0.0
        total = float(self.alpha[i0, start]) + float(self.beta[i0 + a, end]) - self.log_z
        for step_shape, i1, j1 in steps:
            step = self._step(step_shape, i1, j1)
            if step is None:
                return 0.0
            total += step
        return math.exp(min(0.0, total)) if math.isfinite(total) else 0.0

    def rescore(self, beads: Sequence[Bead], changed: Sequence[bool]) -> tuple[Bead, ...]:
        """The beads, those marked `changed` with their confidence computed afresh."""
        out = []
        for (i0, i1, j0, j1), bead, fresh in zip(_path(beads), beads, changed, strict=True):
            if fresh:
                bead = replace(bead, score=self.probability(i0, j0, (i1 - i0, j1 - j0)))
            out.append(bead)
        return tuple(out)


def bead_scorer(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    beads: Sequence[Bead],
    *,
    lexicon: Lexicon | None = None,
    params: ScoreParams | None = None,
) -> BeadScorer:
    """A scorer for the sentences of a document pair, its sums taken in a band around
    `beads` (the aligner's alignment, or a reviewer's)."""
    params = params or DEFAULT_PARAMS
    src_map, tgt_map = _lexicon_maps(lexicon, src_lang, tgt_lang)
    s_feats = features(src, src_lang, src_map)
    t_feats = features(tgt, tgt_lang, tgt_map)
    model = _pair_model(lexicon, src_lang, tgt_lang)
    model = replace(
        model,
        log_ratio=estimate_log_ratio(s_feats, t_feats, model, params.ratio_prior_strength),
    )
    anchors = index_anchors(s_feats, t_feats, key_weights(s_feats, t_feats, params.family_weights))
    band = make_band(_path_center(_path(beads), len(src)), len(tgt), _HALF_WIDTH)
    costs = bead_costs(s_feats, t_feats, band, model, params, BEAD_TYPES, anchors)
    scale = 1.0 / params.temperature
    alpha = forward(costs, band, BEAD_TYPES, scale)
    beta = backward(costs, band, BEAD_TYPES, scale)
    log_z = float(alpha[band.n, band.m - band.lo[band.n]])
    return BeadScorer(costs, band, alpha, beta, log_z, scale)
