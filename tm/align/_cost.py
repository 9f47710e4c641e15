"""Costs of candidate beads: a length model plus lexical anchors, as arrays over a band.

cost(bead) = prior(kind) + length term + shortfall penalty - reward * covered anchor weight

* Length (after Gale & Church 1993, on log ratios): log(target chars / source chars) is
  spread around the pair's mean ratio (from the TM or the built-in default, re-estimated on
  each document), wider for short sentences. A Student-t rather than a normal density,
  because free translations have heavy tails. Null beads (1-0, 0-1) pay only their prior.
* Anchors: a key's weight grows with its rarity in the document and with how equally
  often it occurs on both sides (a name or a number occurs as often in the source as in
  the target; "туралы" -> "trl" and "trial" do not). Each sentence of a bead is credited
  with the weight it finds on the other side of the bead, capped at its own anchor weight,
  so that a merged bead cannot collect the topic words neighbours share twice.
* Shortfall: a sentence in a bead that finds less than `expected_coverage` of its anchor
  weight there pays for the difference; this is what tells an omission folded into a 2-1
  bead from a real merge, where both sentences find their anchors.

The pieces are plain functions over arrays (key weights -> postings -> pair matrix ->
bead costs), in the manner of vecalign's make_dense_costs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from tm.align._dp import BEAD_TYPES, Band, CostArray, FloatArray, IntArray, shift_row
from tm.align._features import Sentence
from tm.align._lang import PairModel

_DEFAULT_PRIORS: Mapping[tuple[int, int], float] = MappingProxyType(
    {
        (1, 1): 0.0,
        (1, 0): 3.0,
        (0, 1): 3.0,
        (2, 1): 3.2,
        (1, 2): 3.2,
        (2, 2): 7.0,
        (3, 1): 7.5,
        (1, 3): 7.5,
    }
)
_DEFAULT_FAMILY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "N": 1.5,
        "L": 1.2,
        "T": 0.7,
        "C": 0.5,
        "P": 1.0,
        "X": 0.3,
    }
)


@dataclass(frozen=True)
class ScoreParams:
    """The knobs of the bead cost.

    The defaults were chosen by grid search on the X-WMT-synthetic kk-en and kk-ru sets
    (bench/align.py); a search on half of the documents picks the same values.
    """

    priors: Mapping[tuple[int, int], float] = field(default_factory=lambda: _DEFAULT_PRIORS)
    family_weights: Mapping[str, float] = field(default_factory=lambda: _DEFAULT_FAMILY_WEIGHTS)
    anchor_reward: float = 0.5
    # Chars added to both lengths so that very short sentences do not dominate the ratio.
    length_smoothing: float = 10.0
    # How many sentences' worth of evidence the pair's default ratio counts for.
    ratio_prior_strength: float = 20.0
    # Share of its anchor weight a translated sentence is expected to find matched, and the
    # cost per unit of weight it falls short by.
    expected_coverage: float = 0.5
    shortfall_penalty: float = 1.5
    # Degrees of freedom of the Student-t length model (large: close to normal).
    length_dof: float = 4.0
    # Temperature turning costs into posterior probabilities (the bead confidence).
    temperature: float = 0.7


def estimate_log_ratio(
    src: Sequence[Sentence], tgt: Sequence[Sentence], model: PairModel, strength: float
) -> float:
    """Mean log length ratio for this document, shrunk towards the pair's default."""
    ls = sum(s.length for s in src)
    lt = sum(t.length for t in tgt)
    if ls == 0 or lt == 0:
        return model.log_ratio
    observed = float(np.log(lt / ls))
    weight = min(len(src), len(tgt))
    return (weight * observed + strength * model.log_ratio) / (weight + strength)


def path_log_ratio(
    path: Sequence[tuple[int, int, int, int]],
    src: Sequence[Sentence],
    tgt: Sequence[Sentence],
    prior: float,
    strength: float,
    smoothing: float,
) -> float:
    """Median log length ratio of the 1-1 beads of a path, shrunk towards `prior`.

    Unlike the ratio of the documents' total lengths, it is not thrown off when many
    sentences are left untranslated.
    """
    ratios = [
        np.log((tgt[j0].length + smoothing) / (src[i0].length + smoothing))
        for i0, i1, j0, j1 in path
        if i1 - i0 == 1 and j1 - j0 == 1
    ]
    if not ratios:
        return prior
    return float((len(ratios) * np.median(ratios) + strength * prior) / (len(ratios) + strength))


def key_weights(
    src: Sequence[Sentence], tgt: Sequence[Sentence], family_weights: Mapping[str, float]
) -> dict[str, float]:
    """Weight of every key that occurs on both sides; keys on one side only cannot anchor."""
    df_s: dict[str, int] = {}
    df_t: dict[str, int] = {}
    for s in src:
        for k in s.keys:
            df_s[k] = df_s.get(k, 0) + 1
    for t in tgt:
        for k in t.keys:
            df_t[k] = df_t.get(k, 0) + 1
    total = len(src) + len(tgt)
    weights: dict[str, float] = {}
    for k, a in df_s.items():
        b = df_t.get(k)
        if b is None:
            continue
        family = family_weights.get(k[0], 0.0)
        if family <= 0.0:
            continue
        rarity = np.log1p(total / (a + b))
        balance = min(a, b) / max(a, b)
        weights[k] = float(family * rarity * balance)
    return weights


@dataclass(frozen=True)
class Anchors:
    """The anchor keys of a document as postings lists, ready to build pair matrices from.

    Target postings are sorted by (key, sentence), so the targets sharing a key with a
    source sentence and lying inside a band are one `searchsorted` range.
    """

    weight: FloatArray  # per key id
    src_key: IntArray
    src_sent: IntArray
    tgt_code: IntArray  # key * stride + sentence, sorted
    tgt_key: IntArray
    tgt_sent: IntArray
    src_mass: FloatArray  # total weight of each sentence's anchor keys
    tgt_mass: FloatArray
    stride: int


def index_anchors(
    src: Sequence[Sentence], tgt: Sequence[Sentence], weights: Mapping[str, float]
) -> Anchors:
    key_id = {k: n for n, k in enumerate(weights)}
    w = np.array(list(weights.values()), dtype=np.float64)
    s_key, s_sent = _postings(src, key_id)
    t_key, t_sent = _postings(tgt, key_id)
    stride = len(tgt) + 2
    code = t_key * stride + t_sent
    order = np.argsort(code, kind="stable")
    return Anchors(
        weight=w,
        src_key=s_key,
        src_sent=s_sent,
        tgt_code=code[order],
        tgt_key=t_key[order],
        tgt_sent=t_sent[order],
        src_mass=np.bincount(s_sent, weights=w[s_key], minlength=len(src)).astype(np.float64),
        tgt_mass=np.bincount(t_sent, weights=w[t_key], minlength=len(tgt)).astype(np.float64),
        stride=stride,
    )


def pair_overlap(anchors: Anchors, band: Band) -> FloatArray:
    """Shared-anchor weight of every sentence pair in the band, laid out like the band.

    Entry [i, k] is the pair (source i - 1, target lo[i] + k - 1): the 1-1 bead ending in
    cell (i, lo[i] + k). Built from postings lists, so only pairs sharing a key cost work.
    """
    width = band.width
    out = np.zeros((band.n + 1) * width)
    if len(anchors.src_key) == 0 or len(anchors.tgt_key) == 0:
        return out.reshape(band.n + 1, width)
    rows = anchors.src_sent + 1
    first_t = band.lo[rows] - 1  # target sentence of column 0 in the row
    base = anchors.src_key * anchors.stride
    start = np.searchsorted(anchors.tgt_code, base + np.maximum(first_t, 0))
    stop = np.searchsorted(anchors.tgt_code, base + first_t + width)
    counts = stop - start
    total = int(counts.sum())
    if total == 0:
        return out.reshape(band.n + 1, width)
    rep_rows = np.repeat(rows, counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    pick = np.repeat(start, counts) + offsets
    cols = anchors.tgt_sent[pick] + 1 - band.lo[rep_rows]
    flat = rep_rows * width + cols
    out += np.bincount(flat, weights=anchors.weight[anchors.tgt_key[pick]], minlength=out.size)
    return out.reshape(band.n + 1, width)


def _covered_mass(
    shifted: Callable[[int, int], npt.NDArray[np.float32]],
    ii: np.ndarray,
    jj: np.ndarray,
    a: int,
    b: int,
    ms: FloatArray,
    mt: FloatArray,
    expected: float,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Anchor weight each sentence of the bead finds on the other side, and what it misses.

    A sentence's matches are summed over the pairs it is in but capped at its own anchor
    mass: neighbouring news sentences share topic words, and without the cap a merged
    bead would collect those again from every cross pair. The shortfall is how far each
    sentence stays below `expected` of its mass: an omitted sentence folded into a 2-1
    bead finds nothing there, which is what tells it from a real merge.
    """
    pair = [[shifted(da, db) for db in range(b)] for da in range(a)]
    total = np.zeros(jj.shape, dtype=np.float32)
    short = np.zeros(jj.shape, dtype=np.float32)
    for da in range(a):
        mass = ms[np.clip(ii - da, 0, len(ms) - 1)].astype(np.float32)
        got = np.minimum(_add(pair[da]), mass)
        total += got
        short += np.maximum(expected * mass - got, 0.0)
    for db in range(b):
        mass = mt[np.clip(jj - db, 0, len(mt) - 1)].astype(np.float32)
        got = np.minimum(_add([pair[da][db] for da in range(a)]), mass)
        total += got
        short += np.maximum(expected * mass - got, 0.0)
    total *= 0.5
    short *= 0.5
    return total, short


def _add(arrays: Sequence[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
    out = arrays[0].copy()
    for x in arrays[1:]:
        out += x
    return out


def _postings(
    sentences: Sequence[Sentence], key_id: Mapping[str, int]
) -> tuple[IntArray, IntArray]:
    keys: list[int] = []
    idx: list[int] = []
    for n, s in enumerate(sentences):
        for k in s.keys:
            kid = key_id.get(k)
            if kid is not None:
                keys.append(kid)
                idx.append(n)
    return np.array(keys, dtype=np.int64), np.array(idx, dtype=np.int64)


def bead_costs(
    src: Sequence[Sentence],
    tgt: Sequence[Sentence],
    band: Band,
    model: PairModel,
    params: ScoreParams,
    types: tuple[tuple[int, int], ...] = BEAD_TYPES,
    anchors: Anchors | None = None,
) -> CostArray:
    """costs[t, i, k]: cost of a bead of `types[t]` ending in cell (i, lo[i] + k).

    The length term expects the target to be exp(model.log_ratio) times as long.

    `anchors` default to those of `src` and `tgt` weighted by `key_weights`; pass them to
    share the work between bands, or to weigh a part of a document like the whole.
    """
    n, width = band.n, band.width
    log_ratio = model.log_ratio
    cs = np.concatenate([[0.0], np.cumsum([s.length for s in src], dtype=np.float64)])
    ct = np.concatenate([[0.0], np.cumsum([t.length for t in tgt], dtype=np.float64)])
    if anchors is None:
        anchors = index_anchors(src, tgt, key_weights(src, tgt, params.family_weights))
    overlap = pair_overlap(anchors, band)
    ms = np.concatenate([[0.0], anchors.src_mass])
    mt = np.concatenate([[0.0], anchors.tgt_mass])
    # Rows are broadcast as a column: only target-side quantities need the full band.
    ii = np.arange(n + 1)[:, None]
    jj = band.columns()
    cache: dict[tuple[int, int], npt.NDArray[np.float32]] = {}

    def shifted(da: int, db: int) -> npt.NDArray[np.float32]:
        """overlap of the pair (i - 1 - da, j - 1 - db) for every cell (i, j)."""
        if (da, db) not in cache:
            out = np.zeros(overlap.shape, dtype=np.float32)
            for i in range(da, n + 1):
                out[i] = shift_row(overlap[i - da], int(band.lo[i] - db - band.lo[i - da]), 0.0)
            cache[(da, db)] = out
        return cache[(da, db)]

    smooth = params.length_smoothing
    nu = params.length_dof
    costs = np.full((len(types), n + 1, width), np.inf, dtype=np.float32)
    for t, (a, b) in enumerate(types):
        invalid = (ii < a) | (jj < b)
        ls = (cs[ii] - cs[np.maximum(ii - a, 0)]).astype(np.float32)
        lt = (ct[jj] - ct[np.maximum(jj - b, 0)]).astype(np.float32)
        prior = params.priors.get((a, b), np.inf)
        if a == 0 or b == 0:
            costs[t] = prior
        else:
            delta = np.log((lt + smooth) / (ls + smooth)) - log_ratio
            var = model.sigma0**2 + model.sigma_chars / (ls + lt + smooth)
            # Student-t rather than normal: free translations have heavy tails, and one
            # long paraphrase must not outweigh the anchors of two neighbouring beads.
            cost = prior + 0.5 * (nu + 1) * np.log1p(delta**2 / (nu * var))
            cost += 0.5 * np.log(var / model.sigma0**2)
            shared, shortfall = _covered_mass(
                shifted, ii, jj, a, b, ms, mt, params.expected_coverage
            )
            cost += params.shortfall_penalty * shortfall - params.anchor_reward * shared
            costs[t] = cost
        costs[t][np.broadcast_to(invalid, costs[t].shape)] = np.inf
    return costs
