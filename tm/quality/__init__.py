"""Quality: sacrebleu scores with signatures, QA checks a reviewer can trust, TM summaries.

    score_sentence / score_corpus / score_pair / post_edit / document_report   (scores)
    run_checks / check_lines / check_pair / check_frame / CHECKS                (QA)
    pair_warnings(..., terms=index) / TERM_CHECKS                             (terms)
    document_summary / translator_summary / edits_frame                         (summaries)
    find_numbers / missing_numbers                                              (numbers)

Each QA check is a small class in `CHECKS` (see `tm.quality._base` for the contract); a
warning names its check, its severity, a message and the span of text it points at. The
term checks (`TERM_CHECKS`: term-translation, forbidden-term) read a termbase's recognition
index from `QAContext.terms` (`check_pair`, `check_frame`, `pair_warnings` take `terms=`);
without one they say nothing.
"""

from __future__ import annotations

from tm.quality._base import (
    Check,
    LengthModel,
    QAContext,
    QAWarning,
    Segment,
    SegmentCheck,
    Severity,
)
from tm.quality.checks import CHECKS, TERM_CHECKS
from tm.quality.numbers import NumberMention, find_numbers, missing_numbers, number_values
from tm.quality.qa import (
    check_frame,
    check_lines,
    check_pair,
    length_model,
    pair_warnings,
    run_checks,
    warnings_frame,
)
from tm.quality.scores import (
    DEFAULT_METRIC,
    METRICS,
    DocumentReport,
    PostEdit,
    Score,
    document_report,
    post_edit,
    score_corpus,
    score_pair,
    score_sentence,
)
from tm.quality.summary import document_summary, edits_frame, translator_summary

__all__ = [
    "CHECKS",
    "DEFAULT_METRIC",
    "METRICS",
    "TERM_CHECKS",
    "Check",
    "DocumentReport",
    "LengthModel",
    "NumberMention",
    "PostEdit",
    "QAContext",
    "QAWarning",
    "Score",
    "Segment",
    "SegmentCheck",
    "Severity",
    "check_frame",
    "check_lines",
    "check_pair",
    "document_report",
    "document_summary",
    "edits_frame",
    "find_numbers",
    "length_model",
    "missing_numbers",
    "number_values",
    "pair_warnings",
    "post_edit",
    "run_checks",
    "score_corpus",
    "score_pair",
    "score_sentence",
    "translator_summary",
    "warnings_frame",
]
