"""sacrebleu's chrF, chrF++, BLEU and TER, at sentence and document level, with signatures.

    score_sentence("the draft", "the final version") -> Score(metric="chrf", value=..., ...)
    score_corpus(hypotheses, references) -> Score at document (corpus) level
    score_pair(draft, final) -> (Score, ...) every metric for one pair
    post_edit(suggestion, confirmed) -> PostEdit(hter=..., chrf=..., edits=...)
    document_report(hypotheses, references) -> DocumentReport

chrF is the default: character n-grams reward a Kazakh or Russian word with the right stem
and a different ending, where BLEU's whole-word n-grams give nothing. Every score carries
sacrebleu's signature, so that a figure can be compared with another only when they were
computed the same way. Sentence-level BLEU uses sacrebleu's effective order (otherwise a
short sentence with no 4-gram match scores 0), which its signature records as `eff:yes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric


@dataclass(frozen=True)
class MetricSpec:
    name: str  # as sacrebleu prints it
    higher_is_better: bool
    make: Callable[[bool], Metric]  # the sacrebleu metric, for sentence level when True
    explanation: str  # what it measures, for a translator, in one sentence


def _chrf(word_order: int) -> Callable[[bool], Metric]:
    def make(sentence: bool) -> Metric:
        from sacrebleu.metrics.chrf import CHRF

        return CHRF(word_order=word_order)

    return make


def _bleu(sentence: bool) -> Metric:
    from sacrebleu.metrics.bleu import BLEU

    return BLEU(effective_order=sentence)


def _ter(sentence: bool) -> Metric:
    from sacrebleu.metrics.ter import TER

    return TER()


METRICS: dict[str, MetricSpec] = {
    "chrf": MetricSpec(
        "chrF2",
        True,
        _chrf(0),
        "How many letter sequences (1 to 6 characters) the draft shares with the reference, "
        "so a word with the right stem but another ending still earns part of the credit: "
        "0 to 100, higher is better.",
    ),
    "chrf++": MetricSpec(
        "chrF2++",
        True,
        _chrf(2),
        "chrF that also counts the whole words and two-word sequences the draft shares with "
        "the reference, so word choice and word order weigh a little more: 0 to 100, higher "
        "is better.",
    ),
    "bleu": MetricSpec(
        "BLEU",
        True,
        _bleu,
        "How many whole words and runs of up to four words the draft shares with the "
        "reference (a word with another ending counts as wrong), with a penalty for a draft "
        "shorter than the reference: 0 to 100, higher is better.",
    ),
    "ter": MetricSpec(
        "TER",
        False,
        _ter,
        "How many word edits (insert, delete, replace, move) per 100 reference words it takes "
        "to turn the draft into the reference: 0 means identical, lower is better, and it "
        "can go above 100.",
    ),
}
DEFAULT_METRIC = "chrf"


@dataclass(frozen=True)
class Score:
    metric: str  # key of METRICS
    value: float  # 0..100 (TER may exceed 100)
    signature: str
    level: str  # "sentence" or "document"
    higher_is_better: bool

    def __str__(self) -> str:
        return f"{METRICS[self.metric].name} = {self.value:.2f}  ({self.signature})"

    @property
    def explanation(self) -> str:
        """What the metric measures, which way is better and its range, in one sentence."""
        return METRICS[self.metric].explanation


def _spec(metric: str) -> MetricSpec:
    try:
        return METRICS[metric]
    except KeyError:
        known = ", ".join(METRICS)
        raise InputError(f"unknown metric {metric!r} (known: {known})", field="metric") from None


def score_sentence(
    hypothesis: str, references: str | Sequence[str], metric: str = DEFAULT_METRIC
) -> Score:
    """One hypothesis against one reference (or several)."""
    spec = _spec(metric)
    refs = [references] if isinstance(references, str) else list(references)
    if not refs:
        raise InputError("at least one reference is needed", field="references")
    scorer = spec.make(True)
    result = scorer.sentence_score(hypothesis, refs)
    return Score(
        metric, result.score, str(scorer.get_signature()), "sentence", spec.higher_is_better
    )


def score_corpus(
    hypotheses: Sequence[str], *references: Sequence[str], metric: str = DEFAULT_METRIC
) -> Score:
    """A document (or any set of segments) scored as a whole, against one or more references.

    Each reference is a sequence parallel to `hypotheses`. Document level is not the mean of
    sentence scores: n-gram statistics are summed first, as sacrebleu's corpus scores do.
    """
    spec = _spec(metric)
    if not references:
        raise InputError("at least one reference is needed", field="references")
    for number, reference in enumerate(references, start=1):
        if len(reference) != len(hypotheses):
            raise InputError(
                f"reference {number} has {len(reference)} segments, the hypothesis "
                f"{len(hypotheses)}",
                field="references",
            )
    scorer = spec.make(False)
    result = scorer.corpus_score(list(hypotheses), [list(ref) for ref in references])
    return Score(
        metric, result.score, str(scorer.get_signature()), "document", spec.higher_is_better
    )


def score_pair(
    hypothesis: str, reference: str, metrics: Sequence[str] = tuple(METRICS)
) -> tuple[Score, ...]:
    """Every metric (or the chosen ones) for one hypothesis and its reference."""
    return tuple(score_sentence(hypothesis, reference, metric) for metric in metrics)


@dataclass(frozen=True)
class PostEdit:
    """How much a translator changed a TM suggestion to get the text they confirmed."""

    hter: float  # TER of the suggestion against the confirmed text: edits per 100 words
    chrf: float  # chrF of the suggestion against the confirmed text
    edits: int  # word insertions, deletions, substitutions and shifts
    changed: bool


def post_edit(suggestion: str, confirmed: str) -> PostEdit:
    """Post-edit distance (HTER, Snover et al. 2006) and chrF between a suggestion and its edit."""
    from sacrebleu.metrics.ter import TER

    if suggestion == confirmed:  # chrF of two empty strings is 0, not the 100 it means here
        return PostEdit(hter=0.0, chrf=100.0, edits=0, changed=False)
    ter = TER().sentence_score(suggestion, [confirmed])
    return PostEdit(
        hter=ter.score,
        chrf=score_sentence(suggestion, confirmed, "chrf").value,
        edits=round(ter.num_edits),
        changed=True,
    )


@dataclass(frozen=True)
class DocumentReport:
    """A draft document against its reference: document scores, and each segment's score."""

    scores: tuple[Score, ...]  # one per metric, document level
    segments: tuple[Score, ...]  # the primary metric per segment, in document order
    hypotheses: tuple[str, ...] = ()  # the segments scored, in document order
    references: tuple[str, ...] = ()

    def worst(self, count: int = 10) -> tuple[tuple[int, Score], ...]:
        """The `count` weakest segments as (0-based index, score), weakest first."""
        ranked = sorted(
            enumerate(self.segments),
            key=lambda item: item[1].value if item[1].higher_is_better else -item[1].value,
        )
        return tuple(ranked[:count])

    def scores_frame(self) -> pl.DataFrame:
        """Metric, score and sacrebleu signature, one row per metric."""
        return pl.DataFrame(
            {
                "metric": [METRICS[s.metric].name for s in self.scores],
                "score": [round(s.value, 2) for s in self.scores],
                "signature": [s.signature for s in self.scores],
            }
        )

    def worst_frame(self, count: int = 10) -> pl.DataFrame:
        """The weakest segments as a table: 1-based line, the primary metric's score, and the
        draft and reference text of the line."""
        worst = self.worst(count)

        def text(texts: tuple[str, ...], index: int) -> str:
            return texts[index] if index < len(texts) else ""

        return pl.DataFrame(
            {
                "line": [index + 1 for index, _ in worst],
                "score": [round(score.value, 1) for _, score in worst],
                "draft": [text(self.hypotheses, index) for index, _ in worst],
                "reference": [text(self.references, index) for index, _ in worst],
            },
            schema={"line": pl.Int64, "score": pl.Float64, "draft": pl.Utf8, "reference": pl.Utf8},
        )


def document_report(
    hypotheses: Sequence[str],
    references: Sequence[str],
    *,
    metrics: Sequence[str] = tuple(METRICS),
    primary: str = DEFAULT_METRIC,
) -> DocumentReport:
    """Document-level scores for `metrics`, and a sentence-level `primary` score per segment."""
    scores = tuple(score_corpus(hypotheses, references, metric=metric) for metric in metrics)
    segments = tuple(
        score_sentence(hypothesis, reference, primary)
        for hypothesis, reference in zip(hypotheses, references, strict=True)
    )
    return DocumentReport(scores, segments, tuple(hypotheses), tuple(references))
