"""What the aligner needs to know per language, in one registry.

Languages not listed get `GENERIC`: the length model and script-neutral anchors (digits,
Latin tokens, punctuation) still work for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np


@dataclass(frozen=True)
class AlignLanguage:
    code: str
    cyrillic: bool = False
    # Word prefixes that multiply the number before them: "5 мыңнан" is 5,000.
    scale_words: Mapping[str, float] = field(default_factory=dict)
    # Whole words (lower case) or prefixes ending in "*" that spell small numbers.
    number_words: Mapping[str, float] = field(default_factory=dict)
    # Kazakh and Russian inflect by suffix; a fixed prefix is the cheapest usable stem.
    stem_length: int = 5


def _words(spec: str) -> Mapping[str, float]:
    pairs = (item.split("=") for item in spec.split())
    return MappingProxyType({word: float(value) for word, value in pairs})


_EN = AlignLanguage(
    code="en",
    scale_words=_words(
        "thousand*=1e3 k=1e3 million*=1e6 mln=1e6 billion*=1e9 bn=1e9 trillion*=1e12"
    ),
    number_words=_words(
        "two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 "
        "eleven=11 twelve=12 twenty=20 hundred=100 dozen=12"
    ),
    stem_length=5,
)
_KK = AlignLanguage(
    code="kk",
    cyrillic=True,
    scale_words=_words(
        "мың*=1e3 млн*=1e6 миллион*=1e6 млрд*=1e9 миллиард*=1e9 трлн*=1e12 триллион*=1e12"
    ),
    number_words=_words(
        "екі=2 үш=3 төрт=4 бес=5 алты=6 жеті=7 сегіз=8 тоғыз=9 он=10 "
        "жиырма=20 жүз=100 екі*=2 төрт*=4 алты*=6 сегіз*=8 тоғыз*=9 "
        "жиырма*=20"
    ),
    stem_length=5,
)
_RU = AlignLanguage(
    code="ru",
    cyrillic=True,
    scale_words=_words(
        "тыс*=1e3 млн*=1e6 миллион*=1e6 млрд*=1e9 миллиард*=1e9 трлн*=1e12 триллион*=1e12"
    ),
    number_words=_words(
        "два=2 две=2 двух=2 три=3 трех=3 трёх=3 четыре=4 четырех=4 пять=5 "
        "пяти=5 шесть=6 шести=6 семь=7 семи=7 восемь=8 восьми=8 девять=9 "
        "девяти=9 десять=10 десяти=10 двадцать=20 сто=100"
    ),
    stem_length=5,
)

GENERIC = AlignLanguage(code="*")

LANGUAGES: Mapping[str, AlignLanguage] = MappingProxyType(
    {lang.code: lang for lang in (_EN, _KK, _RU)}
)


def align_language(code: str) -> AlignLanguage:
    """The profile for a BCP-47-ish code, leniently: "kk-KZ", "KK" and "kk_Cyrl" are "kk"."""
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return LANGUAGES.get(base, GENERIC)


@dataclass(frozen=True)
class PairModel:
    """Length-model defaults for a language pair, estimated on X-WMT (700 news sentences).

    `log_ratio` is the mean of log(target chars / source chars); `sigma0` the spread of
    that log ratio for long sentences; `sigma_chars` adds the extra spread of short ones:
    variance = sigma0**2 + sigma_chars / (source chars + target chars).
    """

    log_ratio: float = 0.0
    sigma0: float = 0.14
    sigma_chars: float = 2.0

    def reversed(self) -> PairModel:
        return PairModel(-self.log_ratio, self.sigma0, self.sigma_chars)

    @classmethod
    def fit(cls, lengths: Iterable[tuple[int, int]], smoothing: float = 10.0) -> PairModel | None:
        """Estimate from (source chars, target chars) of translation pairs, e.g. a TM's.

        The mean is a trimmed mean and the spread a least-squares fit of squared
        deviations on 1 / length, after clipping outliers (misaligned units exist in any
        TM). None if there are too few pairs to say anything.
        """
        arr = np.array([(a, b) for a, b in lengths if a > 0 and b > 0], dtype=np.float64)
        if len(arr) < _MIN_PAIRS_TO_FIT:
            return None
        ratio = np.log((arr[:, 1] + smoothing) / (arr[:, 0] + smoothing))
        lo, hi = np.percentile(ratio, [10, 90])
        mean = float(ratio[(ratio >= lo) & (ratio <= hi)].mean())
        dev2 = (ratio - mean) ** 2
        dev2 = np.minimum(dev2, np.percentile(dev2, 99))
        inv = 1.0 / (arr.sum(axis=1) + smoothing)
        slope, intercept = np.polyfit(inv, dev2, 1)
        sigma0 = float(np.sqrt(max(intercept, 0.05**2)))
        return cls(log_ratio=mean, sigma0=sigma0, sigma_chars=float(max(slope, 0.0)))


# Below this many pairs the registry's defaults are better than an estimate.
_MIN_PAIRS_TO_FIT = 50


_PAIR_MODELS: Mapping[tuple[str, str], PairModel] = MappingProxyType(
    {
        ("kk", "en"): PairModel(log_ratio=0.0, sigma0=0.12, sigma_chars=2.0),
        ("kk", "ru"): PairModel(log_ratio=0.10, sigma0=0.14, sigma_chars=2.5),
        ("en", "ru"): PairModel(log_ratio=0.10, sigma0=0.14, sigma_chars=2.5),
    }
)


def has_pair_model(src: str, tgt: str) -> bool:
    a, b = align_language(src).code, align_language(tgt).code
    return (a, b) in _PAIR_MODELS or (b, a) in _PAIR_MODELS


@lru_cache(maxsize=64)
def pair_model(src: str, tgt: str) -> PairModel:
    a, b = align_language(src).code, align_language(tgt).code
    if (a, b) in _PAIR_MODELS:
        return _PAIR_MODELS[(a, b)]
    if (b, a) in _PAIR_MODELS:
        return _PAIR_MODELS[(b, a)].reversed()
    return PairModel()
