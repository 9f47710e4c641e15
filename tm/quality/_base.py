"""The contract every QA check fills: segments in, warnings out, each pointing at a span.

A `Check` has a name, a one-line description and `find(segments, context)`. Most checks
look at one segment at a time and subclass `SegmentCheck`, which loops for them and skips
empty targets (the `empty` check reports those once, instead of every check failing on
them); checks over the whole set (inconsistent translations, name spellings) subclass
`Check` directly.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from tm.lang import normalize_language

if TYPE_CHECKING:
    from tm.termbase.recognition import TermIndex


class Severity(StrEnum):
    """How sure a check is that something is wrong: errors block approval, info only hints."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Segment:
    """A source and its target; `key` says where it came from (a line number, a unit id)."""

    key: int | str
    source: str
    target: str


@dataclass(frozen=True)
class QAWarning:
    key: int | str
    check: str
    severity: Severity
    message: str
    side: str  # "source" or "target": the text that `start`..`end` index
    start: int
    end: int


@dataclass(frozen=True)
class LengthModel:
    """How long targets are compared to their sources, as log(target / source) in characters."""

    mean: float
    spread: float  # standard deviation of the log ratio
    pairs: int  # approved pairs it was measured on; 0 for the built-in prior
    # Below this many non-space characters on the longer side, length says little.
    min_chars: int = 20

    @classmethod
    def prior(cls) -> LengthModel:
        # Without approved pairs, allow a target 0.4 to 2.5 times its source's length: Kazakh
        # to English and to Russian stay well inside that, a truncated or runaway target not.
        return cls(mean=0.0, spread=0.3, pairs=0)

    @classmethod
    def fit(cls, pairs: Sequence[tuple[str, str]], *, min_pairs: int = 30) -> LengthModel:
        """Measured on approved (source, target) pairs; the prior when there are too few."""
        ratios = [
            math.log(target_chars / source_chars)
            for source, target in pairs
            if (source_chars := text_length(source)) and (target_chars := text_length(target))
        ]
        if len(ratios) < min_pairs:
            return cls.prior()
        mean = sum(ratios) / len(ratios)
        spread = math.sqrt(sum((r - mean) ** 2 for r in ratios) / (len(ratios) - 1))
        # A floor, so that a very uniform TM does not flag every slightly free translation.
        return cls(mean=mean, spread=max(spread, 0.12), pairs=len(ratios))

    def deviation(self, source: str, target: str) -> float | None:
        """How many spreads the pair's log ratio lies from the mean; None when too short."""
        source_chars, target_chars = text_length(source), text_length(target)
        if max(source_chars, target_chars) < self.min_chars or not source_chars:
            return None
        if not target_chars:
            return None
        return (math.log(target_chars / source_chars) - self.mean) / self.spread


def text_length(text: str) -> int:
    # Non-space characters, so that spacing habits ("5 000", "« ») do not count as length.
    return sum(1 for ch in text if not ch.isspace())


@dataclass(frozen=True)
class QAContext:
    """What the checks of one language pair share: the languages, the TM's length model and
    the termbase's recognition index (`terms`; None: no termbase, and the term checks say
    nothing)."""

    src_lang: str
    tgt_lang: str
    lengths: LengthModel = field(default_factory=LengthModel.prior)
    # Deviations (in spreads) beyond which the length-ratio check speaks up.
    length_limit: float = 3.0
    terms: TermIndex | None = None

    @classmethod
    def of(
        cls,
        src_tag: str,
        tgt_tag: str,
        lengths: LengthModel | None = None,
        *,
        terms: TermIndex | None = None,
    ) -> QAContext:
        """The context for two language tags: checks read the primary language ("kk-KZ"
        checks as "kk"), the language-specific features hang on it."""
        return cls(
            normalize_language(src_tag, field="src_lang"),
            normalize_language(tgt_tag, field="tgt_lang"),
            lengths or LengthModel.prior(),
            terms=terms,
        )


class Check(ABC):
    name: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def find(self, segments: Sequence[Segment], context: QAContext) -> Iterator[QAWarning]:
        """Every warning this check raises on `segments`, in segment order."""

    def warn(
        self,
        segment: Segment,
        severity: Severity,
        message: str,
        span: tuple[int, int] | None = None,
        *,
        side: str = "target",
    ) -> QAWarning:
        """A warning on `segment`; without a span it points at the whole text of `side`."""
        text = segment.target if side == "target" else segment.source
        start, end = span if span is not None else (0, len(text))
        return QAWarning(segment.key, self.name, severity, message, side, start, end)


class SegmentCheck(Check):
    """A check that judges each segment on its own; empty targets are left to `empty`."""

    def find(self, segments: Sequence[Segment], context: QAContext) -> Iterator[QAWarning]:
        for segment in segments:
            if segment.target.strip():
                yield from self.check(segment, context)

    @abstractmethod
    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        """The warnings for one segment whose target is not empty."""
