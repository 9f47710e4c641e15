"""Costs of candidate beads: a length model plus lexical anchors, as arrays over a band.

cost(bead) = prior(kind) + length term + shortfall penalty - reward * covered anchor weight
             + shape mismatch + paragraph terms                  (a bead pairing sentences)
cost(null bead) = prior(kind) - bonus of its line (shape, lonely numbers), or the
             edge price along the border                         (1-0, 0-1)

* Length (after Gale & Church 1993, on log ratios): log(target chars / source chars) is
  spread around the pair's mean ratio (from the TM or the built-in default, re-estimated on
  each document), wider for short sentences. A Student-t rather than a normal density,
  because free translations have heavy tails. A truncated last target sentence (no final
  mark) may be shorter than its source at no cost; two credit lines pay `line_pair_cost`
  instead, their lengths saying nothing.
* Anchors: a key's weight grows with its rarity in the document (or, in a long text, near
  where it occurs: `localize`) and with how equally often it occurs on both sides (a name
  or a number occurs as often in the source as in the target; "туралы" -> "trl" and
  "trial" do not). Each sentence of a bead is credited with the weight it finds on the
  other side of the bead, capped at its own anchor weight, so that a merged bead cannot
  collect the topic words neighbours share twice.
* Shortfall: a sentence in a bead that finds less than `expected_coverage` of its anchor
  weight there pays for the difference; this is what tells an omission folded into a 2-1
  bead from a real merge, where both sentences find their anchors.
* Additions: editions add photo credits, bylines and "Earlier it was reported..." lines
  (`_features.line_shape`). Such a line is cheaper to leave unaligned (`null_bonus`) and
  pays `shape_mismatch` in a bead whose other side has no line of its shape, so it is not
  glued onto a neighbour as a 1-2. A number that the other text has nowhere makes its
  sentence cheaper to leave unaligned too (`lonely_number_bonus`).
* Edges: a partial draft leaves its tail untranslated. Along the border (one text used
  up, or not yet begun) a run of k null beads costs min(k * prior, edge_open + k *
  edge_null_cost), so a long untranslated tail is one cheap block, not k omissions that
  the path would rather spread over the whole article as merges.
* Paragraphs, where known: a path through a cell where both texts break a paragraph
  earns `paragraph_bonus`, a bead spanning a break pays `paragraph_cross` for it.

The pieces are plain functions over arrays (key weights -> postings -> pair matrix ->
bead costs), in the manner of vecalign's make_dense_costs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from tm.align._dp import BEAD_TYPES, Band, CostArray, FloatArray, IntArray
from tm.align._features import Sentence
from tm.align._lang import PairModel

_DEFAULT_PRIORS: Mapping[tuple[int, int], float] = MappingProxyType(
    {
        (1, 1): 0.0,
        (1, 0): 3.4,
        (0, 1): 3.0,
        (2, 1): 3.0,
        (1, 2): 2.6,
        (2, 2): 9.0,
        (3, 1): 4.5,
        (1, 3): 7.5,
    }
)
_DEFAULT_NULL_BONUS: Mapping[str, float] = MappingProxyType(
    {"credit": 3.0, "byline": 3.0, "background": 2.5, "label": 1.0, "recall": 0.0}
)
_DEFAULT_MISMATCH: Mapping[str, float] = MappingProxyType(
    {"credit": 3.0, "byline": 3.0, "background": 2.5, "label": 1.0, "recall": 0.0}
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

    The defaults were chosen by coordinate search on the tune half of corpora/news (the
    odd-numbered stories; halves.tsv) together with the X-WMT-synthetic kk-en and kk-ru
    sets (the objective: the sum of their strict F1), and the temperature by the log loss
    of the bead confidences on the tune half. The news test half was never used to choose.
    """

    priors: Mapping[tuple[int, int], float] = field(default_factory=lambda: _DEFAULT_PRIORS)
    family_weights: Mapping[str, float] = field(default_factory=lambda: _DEFAULT_FAMILY_WEIGHTS)
    anchor_reward: float = 0.7
    # Chars added to both lengths so that very short sentences do not dominate the ratio.
    length_smoothing: float = 5.0
    # How many sentences' worth of evidence the pair's default ratio counts for.
    ratio_prior_strength: float = 10.0
    # Share of its anchor weight a translated sentence is expected to find matched, and the
    # cost per unit of weight it falls short by.
    expected_coverage: float = 0.7
    shortfall_penalty: float = 1.0
    # Degrees of freedom of the Student-t length model (large: close to normal).
    length_dof: float = 4.0
    # Temperature turning costs into posterior probabilities (the bead confidence).
    temperature: float = 0.8
    # A line shaped like an addition (a photo credit, a byline, "Earlier it was reported")
    # is cheaper to leave unaligned by `null_bonus[shape]`, and pays `shape_mismatch[shape]`
    # in a bead whose other side has no line of its shape.
    null_bonus: Mapping[str, float] = field(default_factory=lambda: _DEFAULT_NULL_BONUS)
    shape_mismatch: Mapping[str, float] = field(default_factory=lambda: _DEFAULT_MISMATCH)
    # A partial draft leaves its whole tail untranslated: one block, not many separate
    # omissions. k sentences left over once the other text is used up (or before it
    # begins) cost min(k * prior, edge_open + k * edge_null_cost).
    edge_open: float = 3.0
    edge_null_cost: float = 0.3
    # Paragraph breaks, where known: a path through a cell where both texts break earns
    # the bonus; a bead that spans a break pays `paragraph_cross` for each.
    paragraph_bonus: float = 1.0
    paragraph_cross: float = 1.0
    # Cost of pairing two credit (or byline) lines before their shared names are counted.
    line_pair_cost: float = 1.0
    # Null-bead bonus for each number (up to `lonely_cap`) that the other text lacks: a
    # translation keeps its figures, so a figure found only here was added or left out.
    lonely_number_bonus: float = 1.0
    lonely_cap: int = 2


# The rare merges, whose priors a long document re-estimates on itself (`adapt_priors`),
# with the share of each expected in a news edition, and that of 1-1 beads to compare with.
_MERGE_SHARES: Mapping[tuple[int, int], float] = MappingProxyType(
    {(3, 1): 0.025, (1, 3): 0.005, (2, 2): 0.005, (1, 1): 0.50}
)


def adapt_priors(
    counts: Mapping[tuple[int, int], int], params: ScoreParams, strength: float, scale: float
) -> ScoreParams:
    """`params` with the priors of the rare merges (3-1, 1-3, 2-2) moved by how much more or
    less often a document makes them than a news edition does: `counts` are the bead kinds
    of a first alignment, worth their number of beads against `strength` beads of the
    expected shares; `scale` is the cost of a nat of odds. The common kinds are left
    alone: their features (lengths, anchors, shapes) already tell them apart, and a first
    alignment's misses would only be confirmed."""
    base = (1, 1)
    expected = _MERGE_SHARES
    total = sum(counts.get(k, 0) for k in expected)

    def share(kind: tuple[int, int]) -> float:
        return (counts.get(kind, 0) + strength * expected[kind]) / (total + strength)

    priors = dict(params.priors)
    for kind in expected:
        if kind != base and kind in priors:
            odds = np.log(expected[kind] / expected[base]) - np.log(share(kind) / share(base))
            priors[kind] = params.priors[kind] + scale * float(odds)
    return replace(params, priors=MappingProxyType(priors))


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
    source sentence and lying inside a band are one `searchsorted` range. Each posting
    carries its own weight (a key is weighed by its rarity near where it occurs in a long
    document); a shared key is worth the smaller of its two postings' weights.
    """

    key_weight: FloatArray  # per key id
    src_weight: FloatArray  # per source posting
    src_key: IntArray
    src_sent: IntArray
    tgt_weight: FloatArray  # per target posting, in the order of tgt_code
    tgt_code: IntArray  # key * stride + sentence, sorted
    tgt_key: IntArray
    tgt_sent: IntArray
    src_mass: FloatArray  # total weight of each sentence's anchor keys
    tgt_mass: FloatArray
    stride: int
    # Numbers in each sentence that the other text has nowhere (see ScoreParams).
    src_lonely: IntArray
    tgt_lonely: IntArray


def index_anchors(
    src: Sequence[Sentence], tgt: Sequence[Sentence], weights: Mapping[str, float]
) -> Anchors:
    """The postings of `weights`' keys in both texts, each weighed as its key."""
    key_id = {k: n for n, k in enumerate(weights)}
    w = np.array(list(weights.values()), dtype=np.float64)
    s_key, s_sent = _postings(src, key_id)
    t_key, t_sent = _postings(tgt, key_id)
    n, m = len(src), len(tgt)
    stride = m + 2
    code = t_key * stride + t_sent
    order = np.argsort(code, kind="stable")
    return Anchors(
        key_weight=w,
        src_weight=w[s_key],
        src_key=s_key,
        src_sent=s_sent,
        tgt_weight=w[t_key[order]],
        tgt_code=code[order],
        tgt_key=t_key[order],
        tgt_sent=t_sent[order],
        src_mass=np.bincount(s_sent, weights=w[s_key], minlength=n).astype(np.float64),
        tgt_mass=np.bincount(t_sent, weights=w[t_key], minlength=m).astype(np.float64),
        stride=stride,
        src_lonely=_lonely_numbers(src, tgt),
        tgt_lonely=_lonely_numbers(tgt, src),
    )


def localize(anchors: Anchors, rows: FloatArray, window: int) -> Anchors:
    """`anchors` with each posting weighed by its key's rarity within +-window sentences
    of where it occurs, target sentence j placed level with source row rows[j]: in a long
    text a name that recurs in twenty distant stories still tells two neighbours apart."""
    if len(anchors.src_key) == 0 or len(anchors.tgt_key) == 0:
        return anchors
    n, m = len(anchors.src_mass), len(anchors.tgt_mass)
    s_w, t_w = _local_weights(
        anchors.src_key,
        anchors.src_sent,
        anchors.tgt_key,
        rows[anchors.tgt_sent],
        n,
        m,
        anchors.key_weight,
        window,
    )
    return replace(
        anchors,
        src_weight=s_w,
        tgt_weight=t_w,
        src_mass=np.bincount(anchors.src_sent, weights=s_w, minlength=n).astype(np.float64),
        tgt_mass=np.bincount(anchors.tgt_sent, weights=t_w, minlength=m).astype(np.float64),
    )


def _lonely_numbers(side: Sequence[Sentence], other: Sequence[Sentence]) -> IntArray:
    """How many of each sentence's numbers occur nowhere in the other text."""
    found: set[str] = set()
    for x in other:
        found.update(x.keys)
    return np.array(
        [sum(1 for token in x.numbers if not token & found) for x in side], dtype=np.int64
    )


def _local_weights(
    s_key: IntArray,
    s_sent: IntArray,
    t_key: IntArray,
    t_pos: FloatArray,
    n: int,
    m: int,
    weight: FloatArray,
    window: int,
) -> tuple[FloatArray, FloatArray]:
    """Posting weights recomputed from the key's counts near the posting: within
    +-window source rows, target sentences placed on the source rows by `t_pos`."""
    n_keys = len(weight)
    df_s = np.bincount(s_key, minlength=n_keys).astype(np.float64)
    df_t = np.bincount(t_key, minlength=n_keys).astype(np.float64)
    global_rarity = np.log1p((n + m) / np.maximum(df_s + df_t, 1.0))
    global_balance = np.minimum(df_s, df_t) / np.maximum(np.maximum(df_s, df_t), 1.0)
    family = weight / np.maximum(global_rarity * global_balance, 1e-12)
    s_pos = s_sent.astype(np.float64)
    scale = n + 2 * window + 4
    s_code = s_key * scale + s_pos
    t_code = t_key * scale + t_pos
    s_sorted, t_sorted = np.sort(s_code), np.sort(t_code)

    def weigh(code: FloatArray, key: IntArray, pos: FloatArray) -> FloatArray:
        a = np.searchsorted(s_sorted, code + window, "right") - np.searchsorted(
            s_sorted, code - window, "left"
        )
        b = np.searchsorted(t_sorted, code + window, "right") - np.searchsorted(
            t_sorted, code - window, "left"
        )
        span = np.minimum(pos + window, n) - np.maximum(pos - window, 0) + 1
        total = span * (1 + m / n)
        rarity = np.log1p(total / np.maximum(a + b, 1))
        balance = np.minimum(a, b) / np.maximum(np.maximum(a, b), 1)
        return np.asarray(family[key] * rarity * balance, dtype=np.float64)

    return weigh(s_code, s_key, s_pos), weigh(t_code, t_key, t_pos)


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
    src_post = np.repeat(np.arange(len(rows)), counts)
    pair_w = np.minimum(anchors.src_weight[src_post], anchors.tgt_weight[pick])
    out += np.bincount(flat, weights=pair_w, minlength=out.size)
    return out.reshape(band.n + 1, width)


def _shift_rows(overlap: FloatArray, band: Band, da: int, db: int) -> npt.NDArray[np.float32]:
    """out[i, k] = the entry of row i - da for column lo[i] + k - db (0 outside the band)."""
    if da == 0 and db == 0:
        return overlap.astype(np.float32)
    rows = np.arange(band.n + 1)
    src_rows = np.maximum(rows - da, 0)
    cols = (band.lo - db - band.lo[src_rows])[:, None] + np.arange(band.width)[None, :]
    valid = (cols >= 0) & (cols < band.width) & (rows >= da)[:, None]
    picked = overlap[src_rows[:, None], np.clip(cols, 0, band.width - 1)]
    return np.where(valid, picked, 0.0).astype(np.float32)


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
            cache[(da, db)] = _shift_rows(overlap, band, da, db)
        return cache[(da, db)]

    smooth = params.length_smoothing
    nu = params.length_dof
    shapes = _ShapeCounts(src, tgt, params, anchors)
    para = _paragraph_breaks(src, tgt) if params.paragraph_bonus or params.paragraph_cross else None
    # A truncated last target sentence is a lower bound on its translation's length.
    open_last = bool(tgt) and tgt[-1].open_end and not tgt[-1].shape
    costs = np.full((len(types), n + 1, width), np.inf, dtype=np.float32)
    for t, (a, b) in enumerate(types):
        invalid = (ii < a) | (jj < b)
        ls = (cs[ii] - cs[np.maximum(ii - a, 0)]).astype(np.float32)
        lt = (ct[jj] - ct[np.maximum(jj - b, 0)]).astype(np.float32)
        prior = params.priors.get((a, b), np.inf)
        if a == 0 or b == 0:
            costs[t] = _null_cost(a, b, ii, jj, n, len(tgt), prior, params, shapes)
        else:
            delta = np.log((lt + smooth) / (ls + smooth)) - log_ratio
            if open_last:
                delta = np.where(jj == len(tgt), np.maximum(delta, 0.0), delta)
            var = model.sigma0**2 + model.sigma_chars / (ls + lt + smooth)
            # Student-t rather than normal: free translations have heavy tails, and one
            # long paraphrase must not outweigh the anchors of two neighbouring beads.
            length = 0.5 * (nu + 1) * np.log1p(delta**2 / (nu * var))
            length += 0.5 * np.log(var / model.sigma0**2)
            if a == b == 1:
                # Two credit lines match by the names in them, whatever their lengths:
                # "Фото: Ақорда" is "Photo: Akorda", not "Photo: QAZINFORM".
                length = np.where(shapes.both_lines(ii, jj), params.line_pair_cost, length)
            cost = prior + length
            shared, shortfall = _covered_mass(
                shifted, ii, jj, a, b, ms, mt, params.expected_coverage
            )
            cost += params.shortfall_penalty * shortfall - params.anchor_reward * shared
            cost += shapes.mismatch(ii, jj, a, b)
            costs[t] = cost
        if para is not None:
            costs[t] += para.cost(ii, jj, a, b, params)
        costs[t][np.broadcast_to(invalid, costs[t].shape)] = np.inf
    return costs


# Shapes of lines that are labels rather than sentences: their length says nothing.
_LINES = frozenset({"credit", "byline"})


class _ShapeCounts:
    """Per-shape running counts of both texts, to price beads of addition-shaped lines."""

    def __init__(
        self,
        src: Sequence[Sentence],
        tgt: Sequence[Sentence],
        params: ScoreParams,
        anchors: Anchors,
    ):
        names = sorted({x.shape for x in (*src, *tgt) if x.shape})
        self.weights = [params.shape_mismatch.get(name, 0.0) for name in names]
        self.cs = [_running(src, name) for name in names]
        self.ct = [_running(tgt, name) for name in names]
        self.line_s = np.array([x.shape in _LINES for x in src] + [False])
        self.line_t = np.array([x.shape in _LINES for x in tgt] + [False])
        self.bonus_s = _null_bonus(src, anchors.src_lonely, params)
        self.bonus_t = _null_bonus(tgt, anchors.tgt_lonely, params)

    def both_lines(self, ii: IntArray, jj: IntArray) -> npt.NDArray[np.bool_]:
        """Where a 1-1 bead ending there pairs two credit or byline lines."""
        return np.asarray(self.line_s[ii - 1] & self.line_t[jj - 1])

    def mismatch(self, ii: IntArray, jj: IntArray, a: int, b: int) -> npt.NDArray[np.float32]:
        """What a bead pays for each shaped line whose shape the other side lacks."""
        out = np.zeros(jj.shape, dtype=np.float32)
        for w, cs, ct in zip(self.weights, self.cs, self.ct, strict=True):
            if w == 0.0:
                continue
            ns = cs[ii] - cs[np.maximum(ii - a, 0)]
            nt = ct[jj] - ct[np.maximum(jj - b, 0)]
            out += w * (ns * (nt == 0) + nt * (ns == 0))
        return out


def _null_bonus(side: Sequence[Sentence], lonely: IntArray, params: ScoreParams) -> FloatArray:
    """How much cheaper each sentence of `side` is to leave unaligned (one extra 0 at the end)."""
    shape = np.array([params.null_bonus.get(x.shape, 0.0) for x in side] + [0.0])
    numbers = np.minimum(np.append(lonely, 0), params.lonely_cap)
    return np.asarray(shape + params.lonely_number_bonus * numbers, dtype=np.float64)


def _running(sentences: Sequence[Sentence], shape: str) -> IntArray:
    return np.concatenate([[0], np.cumsum([x.shape == shape for x in sentences])]).astype(np.int64)


def _null_cost(
    a: int,
    b: int,
    ii: IntArray,
    jj: IntArray,
    n: int,
    m: int,
    prior: float,
    params: ScoreParams,
    shapes: _ShapeCounts,
) -> npt.NDArray[np.float32]:
    """A 1-0 or 0-1 bead: its prior, less the bonus of an addition-shaped line.

    Along the border, where the other text is used up (or has not begun), a run of k null
    beads costs min(k * prior, edge_open + k * edge_null_cost) in all: one or two dropped
    closing lines cost what omissions cost anywhere, and the tenth sentence of an
    untranslated tail next to nothing. The run's beads are priced by their distance from
    the document's end (or start), so that the sum comes out right whatever its length.
    """
    if a == 1:
        bonus = shapes.bonus_s[np.maximum(ii - 1, 0)]
        tail, head = (jj == m), (jj == 0)
        depth = np.where(tail, n - ii, ii - 1)
    else:
        bonus = shapes.bonus_t[np.maximum(jj - 1, 0)]
        tail, head = (ii == n), (ii == 0)
        depth = np.where(tail, m - jj, jj - 1)
    run = _edge_run_cost(depth + 1, prior, params) - _edge_run_cost(depth, prior, params)
    cost = np.where(tail | head, run, prior) - bonus
    return np.broadcast_to(cost, jj.shape).astype(np.float32)


def _edge_run_cost(k: IntArray, prior: float, params: ScoreParams) -> FloatArray:
    """What k null beads in a row along the border cost together."""
    k = np.maximum(k, 0)
    return np.asarray(
        np.minimum(k * prior, np.where(k > 0, params.edge_open + k * params.edge_null_cost, 0.0)),
        dtype=np.float64,
    )


@dataclass(frozen=True)
class _Breaks:
    src: IntArray  # 1 where a source paragraph starts before sentence i (i = 0..n)
    tgt: IntArray
    src_run: IntArray  # running count of src breaks
    tgt_run: IntArray

    def cost(
        self, ii: IntArray, jj: IntArray, a: int, b: int, params: ScoreParams
    ) -> npt.NDArray[np.float32]:
        both = self.src[ii] * self.tgt[jj]
        # Breaks strictly inside the bead (cells where a < i or b < j are never used).
        inner = np.zeros(jj.shape, dtype=np.int64)
        if a > 1:
            inner += self.src_run[ii - 1] - self.src_run[np.maximum(ii - a, 0)]
        if b > 1:
            inner += self.tgt_run[jj - 1] - self.tgt_run[np.maximum(jj - b, 0)]
        return np.asarray(
            params.paragraph_cross * inner - params.paragraph_bonus * both, dtype=np.float32
        )


def _paragraph_breaks(src: Sequence[Sentence], tgt: Sequence[Sentence]) -> _Breaks | None:
    """Where paragraphs break in each text, or None if a text has no breaks inside."""
    bs = np.array([1] + [int(x.para_start) for x in src[1:]] + [1], dtype=np.int64)
    bt = np.array([1] + [int(x.para_start) for x in tgt[1:]] + [1], dtype=np.int64)
    if bs[1:-1].sum() == 0 or bt[1:-1].sum() == 0:
        return None
    return _Breaks(bs, bt, np.cumsum(bs), np.cumsum(bt))
