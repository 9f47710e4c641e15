"""The aligner: features -> band -> costs -> best path -> beads with confidences."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

import numpy as np

from tm.align._beads import Bead
from tm.align._cost import (
    Anchors,
    ScoreParams,
    bead_costs,
    estimate_log_ratio,
    index_anchors,
    key_weights,
    path_log_ratio,
)
from tm.align._dp import (
    BEAD_TYPES,
    Band,
    CostArray,
    FloatArray,
    Path,
    backward,
    forward,
    make_band,
    traceback,
    viterbi,
)
from tm.align._features import Sentence, merge, sentence_features
from tm.align._lang import PairModel, align_language, has_pair_model, pair_model
from tm.align.lexicon import Lexicon

DEFAULT_PARAMS = ScoreParams()
# Paragraphs are rarely dropped or split, and their long texts make the length term sharp.
PARAGRAPH_PRIORS: Mapping[tuple[int, int], float] = MappingProxyType(
    {
        (1, 1): 0.0,
        (1, 0): 6.0,
        (0, 1): 6.0,
        (2, 1): 4.0,
        (1, 2): 4.0,
        (2, 2): 7.0,
        (3, 1): 7.0,
        (1, 3): 7.0,
    }
)


def _length_center(src: Sequence[Sentence], tgt: Sequence[Sentence]) -> FloatArray:
    """Expected target column for each source row if lengths were proportional."""
    cs = np.concatenate([[0.0], np.cumsum([s.length + 1.0 for s in src])])
    ct = np.concatenate([[0.0], np.cumsum([t.length + 1.0 for t in tgt])])
    return np.asarray(
        np.interp(cs / cs[-1] * ct[-1], ct, np.arange(len(tgt) + 1)), dtype=np.float64
    )


_POSTERIOR_HALF_WIDTH = 12
# A length ratio off by less than this (in log units) is not worth a second pass.
_RATIO_TOLERANCE = 0.05


def _initial_half_width(n: int, m: int) -> int:
    # Omissions and additions drift the path off the length diagonal like a random walk.
    return max(24, int(2 * math.sqrt(max(n, m))))


def _path_center(path: Path, n: int) -> FloatArray:
    """A column per row that runs through the middle of the cells the path visits."""
    rows = np.array([0] + [i1 for _, i1, _, _ in path], dtype=np.int64)
    cols = np.array([0] + [j1 for _, _, _, j1 in path], dtype=np.float64)
    # A run of 0-1 beads visits several cells of one row: take the middle of them.
    uniq, first = np.unique(rows, return_index=True)
    last = np.r_[first[1:], len(rows)] - 1
    mid = (cols[first] + cols[last]) / 2
    return np.asarray(np.interp(np.arange(n + 1), uniq, mid), dtype=np.float64)


def _inside(path: Path, band: Band) -> bool:
    return all(
        0 <= j - band.lo[i] < band.width for i0, i1, j0, j1 in path for i, j in ((i0, j0), (i1, j1))
    )


def _touches_edge(path: Path, band: Band) -> bool:
    if band.full:
        return False
    for _, i1, _, j1 in path:
        k = j1 - band.lo[i1]
        if (k <= 1 and band.lo[i1] > 0) or (
            k >= band.width - 2 and band.lo[i1] + band.width <= band.m
        ):
            return True
    return False


def best_path(
    src: Sequence[Sentence],
    tgt: Sequence[Sentence],
    anchors: Anchors,
    model: PairModel,
    params: ScoreParams,
) -> tuple[Path, Band, CostArray]:
    """The cheapest path, the band it was found in and that band's bead costs.

    The band starts around the length diagonal; if the best path runs along its edge the
    true one may lie outside, so the search is repeated, wider and centred on that path.
    """
    center = _length_center(src, tgt)
    half = _initial_half_width(len(src), len(tgt))
    while True:
        band = make_band(center, len(tgt), half)
        costs = bead_costs(src, tgt, band, model, params, BEAD_TYPES, anchors)
        _, back = viterbi(costs, band, BEAD_TYPES)
        path = traceback(back, band, BEAD_TYPES)
        if not _touches_edge(path, band):
            return path, band, costs
        center = _path_center(path, len(src))
        half *= 2


def align_features(
    src: Sequence[Sentence],
    tgt: Sequence[Sentence],
    model: PairModel,
    params: ScoreParams = DEFAULT_PARAMS,
    weights: Mapping[str, float] | None = None,
    *,
    fit_ratio: bool = True,
) -> tuple[Bead, ...]:
    """Align two sequences of features; bead indices are local (0-based in each).

    `weights`: anchor key weights, if they should come from a larger text than this.
    `fit_ratio`: estimate the length ratio on these texts, starting from `model`'s; when
    False, `model.log_ratio` is used as it is (a part of a document that was measured).
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return tuple(Bead((i,), (), 1.0) for i in range(n)) + tuple(
            Bead((), (j,), 1.0) for j in range(m)
        )
    if weights is None:
        weights = key_weights(src, tgt, params.family_weights)
    anchors = index_anchors(src, tgt, weights)
    strength = params.ratio_prior_strength
    doc_model = model
    if fit_ratio:
        doc_model = replace(model, log_ratio=estimate_log_ratio(src, tgt, model, strength))
    path, band, costs = best_path(src, tgt, anchors, doc_model, params)
    if fit_ratio:
        # Total lengths mislead when much is left untranslated; the ratio over the 1-1
        # beads just found does not. Align again if the two differ much.
        refined = path_log_ratio(path, src, tgt, model.log_ratio, strength, params.length_smoothing)
        if abs(refined - doc_model.log_ratio) > _RATIO_TOLERANCE:
            doc_model = replace(model, log_ratio=refined)
            path, band, costs = best_path(src, tgt, anchors, doc_model, params)
    # Paths far from the best one carry next to no probability, so the posteriors are
    # summed over a narrow band around it: a tenth of the work on long documents.
    narrow = make_band(_path_center(path, n), m, _POSTERIOR_HALF_WIDTH)
    if narrow.width < band.width and _inside(path, narrow):
        band = narrow
        costs = bead_costs(src, tgt, band, doc_model, params, BEAD_TYPES, anchors)
    scores = bead_posteriors(path, costs, band, params.temperature)
    return tuple(
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), float(p))
        for (i0, i1, j0, j1), p in zip(path, scores, strict=True)
    )


def bead_posteriors(path: Path, costs: CostArray, band: Band, temperature: float) -> FloatArray:
    """Probability of each bead of `path` under the model's distribution over all paths."""
    scale = 1.0 / temperature
    alpha = forward(costs, band, BEAD_TYPES, scale)
    beta = backward(costs, band, BEAD_TYPES, scale)
    log_z = alpha[band.n, band.m - band.lo[band.n]]
    index = {t: n for n, t in enumerate(BEAD_TYPES)}
    out = np.empty(len(path))
    for n, (i0, i1, j0, j1) in enumerate(path):
        t = index[(i1 - i0, j1 - j0)]
        lp = (
            alpha[i0, j0 - band.lo[i0]]
            - scale * float(costs[t, i1, j1 - band.lo[i1]])
            + beta[i1, j1 - band.lo[i1]]
            - log_z
        )
        out[n] = math.exp(min(0.0, lp))
    return out


def _pair_model(lexicon: Lexicon | None, src_lang: str, tgt_lang: str) -> PairModel:
    """The TM's own length statistics if a lexicon brings them, else the built-in ones."""
    learned = lexicon.pair_model(src_lang, tgt_lang) if lexicon else None
    default = pair_model(src_lang, tgt_lang)
    if learned is None:
        return default
    if has_pair_model(src_lang, tgt_lang):
        # The built-in spreads were chosen together with the other scoring weights; the
        # TM's pairs move the expected ratio, which is what differs between TMs.
        return replace(default, log_ratio=learned.log_ratio)
    return learned


def _lexicon_maps(
    lexicon: Lexicon | None, src_lang: str, tgt_lang: str
) -> tuple[Mapping[str, tuple[str, ...]] | None, Mapping[str, tuple[str, ...]] | None]:
    if lexicon is None:
        return None, None
    return lexicon.key_maps(src_lang, tgt_lang)


def features(
    texts: Sequence[str], lang: str, lexicon_keys: Mapping[str, tuple[str, ...]] | None
) -> list[Sentence]:
    profile = align_language(lang)
    return [sentence_features(t, profile, lexicon_keys) for t in texts]


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    *,
    lexicon: Lexicon | None = None,
    params: ScoreParams | None = None,
) -> tuple[Bead, ...]:
    """Align two lists of sentences (one document) into monotone beads covering both.

    `params` overrides the scoring knobs (for benchmarks and tuning).
    """
    src_map, tgt_map = _lexicon_maps(lexicon, src_lang, tgt_lang)
    return align_features(
        features(src, src_lang, src_map),
        features(tgt, tgt_lang, tgt_map),
        _pair_model(lexicon, src_lang, tgt_lang),
        params or DEFAULT_PARAMS,
    )


def _shift(bead: Bead, ds: int, dt: int, factor: float) -> Bead:
    return Bead(
        tuple(i + ds for i in bead.src), tuple(j + dt for j in bead.tgt), bead.score * factor
    )


def align_paragraphs(
    src: Sequence[Sequence[str]],
    tgt: Sequence[Sequence[str]],
    src_lang: str,
    tgt_lang: str,
    *,
    lexicon: Lexicon | None = None,
    params: ScoreParams | None = None,
) -> tuple[Bead, ...]:
    """Align paragraphs first, then sentences inside each aligned group of paragraphs.

    Indices in the result are global over the flattened sentence lists. A sentence's
    confidence is its own times that of the paragraph bead it sits in.
    """
    params = params or DEFAULT_PARAMS
    src_map, tgt_map = _lexicon_maps(lexicon, src_lang, tgt_lang)
    s_feats = [features(p, src_lang, src_map) for p in src]
    t_feats = [features(p, tgt_lang, tgt_map) for p in tgt]
    model = _pair_model(lexicon, src_lang, tgt_lang)
    flat_s = [f for p in s_feats for f in p]
    flat_t = [f for p in t_feats for f in p]
    # Anchor weights come from the whole article: a name is rare in it, not in a paragraph.
    doc_weights = key_weights(flat_s, flat_t, params.family_weights)
    if len(src) <= 1 or len(tgt) <= 1:
        return align_features(flat_s, flat_t, model, params, doc_weights)
    para_params = replace(params, priors=PARAGRAPH_PRIORS)
    para_beads = align_features(
        [merge(p) for p in s_feats], [merge(p) for p in t_feats], model, para_params
    )
    # So does the sentence length ratio, measured over the paragraphs that have a
    # counterpart (an untranslated paragraph would skew it), not paragraph by paragraph.
    kept_s = [f for b in para_beads if b.src and b.tgt for i in b.src for f in s_feats[i]]
    kept_t = [f for b in para_beads if b.src and b.tgt for j in b.tgt for f in t_feats[j]]
    doc_model = replace(
        model, log_ratio=estimate_log_ratio(kept_s, kept_t, model, params.ratio_prior_strength)
    )
    s_start = np.concatenate([[0], np.cumsum([len(p) for p in src])]).astype(int)
    t_start = np.concatenate([[0], np.cumsum([len(p) for p in tgt])]).astype(int)
    beads: list[Bead] = []
    for pb in para_beads:
        sub_s = [f for i in pb.src for f in s_feats[i]]
        sub_t = [f for j in pb.tgt for f in t_feats[j]]
        ds = int(s_start[pb.src[0]]) if pb.src else 0
        dt = int(t_start[pb.tgt[0]]) if pb.tgt else 0
        inner = align_features(sub_s, sub_t, doc_model, params, doc_weights, fit_ratio=False)
        beads.extend(_shift(b, ds, dt, pb.score) for b in inner)
    return tuple(beads)
