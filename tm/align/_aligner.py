"""The aligner: features -> band -> costs -> best path -> beads with confidences.

One pass of the dynamic programme over sentences finds the best path in a band; what
that path says about the document is then used to search again: the length ratio over
its 1-1 beads (not the texts' total lengths, which additions and a missing tail throw
off) and, in a long text, where each target sentence lies, so that anchor keys are
weighed by their rarity nearby (`localize`) and the rare merges' priors follow the
document (`adapt_priors`). Texts of more than _COARSE_FROM sentences are first aligned
in blocks of _BLOCK sentences, which places a narrow band for the sentence pass.

Paragraphs are evidence, not walls: `align_paragraphs` runs the same programme over all
sentences with the paragraph breaks marked, and the cost rewards a path through a point
where both texts break and charges a bead that spans a break (see `_cost`). Aligning
paragraphs first and sentences inside them, as this module once did, turned every
paragraph-level slip (an added credit paragraph taken for part of the lead) into
confident sentence-level errors that no later step could undo.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from tm.align._beads import Bead
from tm.align._cost import (
    Anchors,
    ScoreParams,
    adapt_priors,
    bead_costs,
    estimate_log_ratio,
    index_anchors,
    key_weights,
    localize,
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


def _length_center(src: Sequence[Sentence], tgt: Sequence[Sentence]) -> FloatArray:
    """Expected target column for each source row if lengths were proportional."""
    cs = np.concatenate([[0.0], np.cumsum([s.length + 1.0 for s in src])])
    ct = np.concatenate([[0.0], np.cumsum([t.length + 1.0 for t in tgt])])
    return np.asarray(
        np.interp(cs / cs[-1] * ct[-1], ct, np.arange(len(tgt) + 1)), dtype=np.float64
    )


_POSTERIOR_HALF_WIDTH = 12
# Above this many sentences keys are weighed locally (see `localize`), in a second
# pass placed by the first; above _COARSE_FROM the first pass aligns blocks of _BLOCK
# sentences, and the sentence pass searches a band of +-_COARSE_HALF_WIDTH around it.
_LOCAL_FROM = 120
_LOCAL_WINDOW = 12
_COARSE_FROM = 600
_BLOCK = 8
_COARSE_HALF_WIDTH = 24
# The bead kinds a long text's first pass found count as many beads as they are against
# this many of a news edition's; a nat of odds moves a prior by _KIND_SCALE.
_KIND_STRENGTH = 100.0
_KIND_SCALE = 1.0


def _coarse_center(
    src: Sequence[Sentence], tgt: Sequence[Sentence], model: PairModel, params: ScoreParams
) -> FloatArray:
    """A column per row from aligning blocks of _BLOCK sentences: where a long text's band
    should run, found at a small fraction of the cost of a wide band over sentences."""
    size = _BLOCK
    blocks_s = [merge(src[k : k + size]) for k in range(0, len(src), size)]
    blocks_t = [merge(tgt[k : k + size]) for k in range(0, len(tgt), size)]
    weights = key_weights(blocks_s, blocks_t, params.family_weights)
    anchors = index_anchors(blocks_s, blocks_t, weights)
    path, _, _ = best_path(blocks_s, blocks_t, anchors, model, params)
    n, m = len(src), len(tgt)
    corners = [
        (min(i0 * size, n), min(i1 * size, n), min(j0 * size, m), min(j1 * size, m))
        for i0, i1, j0, j1 in path
    ]
    return _path_center(corners, n)


def _kind_counts(path: Path) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for i0, i1, j0, j1 in path:
        counts[(i1 - i0, j1 - j0)] = counts.get((i1 - i0, j1 - j0), 0) + 1
    return counts


def _rows_of_columns(center: FloatArray, m: int) -> FloatArray:
    """The (fractional) row each target sentence lies level with, under `center`."""
    rows = np.arange(len(center), dtype=np.float64)
    order = np.maximum.accumulate(center)
    return np.asarray(np.interp(np.arange(m) + 0.5, order, rows), dtype=np.float64)


# A length ratio off by less than this (in log units) is not worth a second pass.
_RATIO_TOLERANCE = 0.05


def _initial_half_width(n: int, m: int) -> int:
    # Omissions and additions drift the path off the length diagonal like a random walk.
    return max(24, int(0.6 * math.sqrt(max(n, m))))


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
    center: FloatArray | None = None,
    half: int | None = None,
) -> tuple[Path, Band, CostArray]:
    """The cheapest path, the band it was found in and that band's bead costs.

    The band starts around `center` (by default the length diagonal); if the best path
    runs along its edge the true one may lie outside, so the search is repeated, wider and
    centred on that path.
    """
    if center is None:
        center = _length_center(src, tgt)
    if half is None:
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
    center = half = None
    if max(n, m) > _COARSE_FROM:
        center, half = _coarse_center(src, tgt, doc_model, params), _COARSE_HALF_WIDTH
    path, band, costs = best_path(src, tgt, anchors, doc_model, params, center, half)
    # What the first path says about this document, to align again with.
    again = False
    if fit_ratio:
        # Total lengths mislead when much is left untranslated; the ratio over the 1-1
        # beads just found does not.
        refined = path_log_ratio(path, src, tgt, model.log_ratio, strength, params.length_smoothing)
        if abs(refined - doc_model.log_ratio) > _RATIO_TOLERANCE:
            doc_model = replace(model, log_ratio=refined)
            again = True
    if max(n, m) > _LOCAL_FROM:
        # Weigh each key by its rarity near where it occurs, placing the target sentences
        # where the first path put them, and search again around that path.
        center, half = _path_center(path, n), _COARSE_HALF_WIDTH
        anchors = localize(anchors, _rows_of_columns(center, m), _LOCAL_WINDOW)
        # A long text also says how often it merges three sentences (a news edition does,
        # a book may never): the priors of the rare merges follow what the first pass found.
        params = adapt_priors(_kind_counts(path), params, _KIND_STRENGTH, _KIND_SCALE)
        again = True
    if again:
        path, band, costs = best_path(src, tgt, anchors, doc_model, params, center, half)
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


def _mark_paragraph(sentences: list[Sentence]) -> list[Sentence]:
    if sentences:
        sentences[0] = replace(sentences[0], para_start=True)
    return sentences


def align_paragraphs(
    src: Sequence[Sequence[str]],
    tgt: Sequence[Sequence[str]],
    src_lang: str,
    tgt_lang: str,
    *,
    lexicon: Lexicon | None = None,
    params: ScoreParams | None = None,
) -> tuple[Bead, ...]:
    """Align two documents given as paragraphs of sentences, paragraph breaks as evidence.

    Indices in the result are global over the flattened sentence lists. Where both texts
    break a paragraph is a likely place for the path to pass, and a bead rarely spans a
    break; but an added credit paragraph or two paragraphs run together in a translation
    cost only that, not the alignment of the sentences around them.
    """
    params = params or DEFAULT_PARAMS
    src_map, tgt_map = _lexicon_maps(lexicon, src_lang, tgt_lang)
    flat_s = [f for p in src for f in _mark_paragraph(features(p, src_lang, src_map))]
    flat_t = [f for p in tgt for f in _mark_paragraph(features(p, tgt_lang, tgt_map))]
    return align_features(flat_s, flat_t, _pair_model(lexicon, src_lang, tgt_lang), params)
