"""A bilingual lexicon learned from approved sentence pairs, so alignment improves as the TM grows.

Words are reduced to a prefix stem (Kazakh and Russian inflect by suffix) and paired by
the Dice coefficient of the sentence pairs they occur in, keeping for each source stem
its few best target stems: the association score hunalign and many lexicon inducers use,
cheap and good enough as an anchor once a few hundred pairs exist.

A lexicon goes to and from plain arrays (`lexicon_arrays`, `lexicon_from_arrays`), so it
can be kept on disk without pickling; `LEXICON_FORMAT` names what such arrays hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from tm.align._features import WORD_RE, stem, text_length
from tm.align._lang import PairModel, align_language

# Learning's defaults, also what a kept lexicon records it was learned with.
MIN_COUNT = 2
MIN_DICE = 0.3
PER_WORD = 3
# Raise it when learning, stemming or the arrays change: a lexicon kept on disk under
# another number is learned again rather than read.
LEXICON_FORMAT = 1


@dataclass(frozen=True)
class Lexicon:
    """Stem pairs (source stem, target stem) believed to translate each other."""

    src_lang: str
    tgt_lang: str
    entries: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # Length ratio and spread of the pairs learned from (None: too few to estimate).
    length_model: PairModel | None = None

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def learn(
        cls,
        pairs: Iterable[tuple[str, str]],
        src_lang: str,
        tgt_lang: str,
        *,
        min_count: int = MIN_COUNT,
        min_dice: float = MIN_DICE,
        per_word: int = PER_WORD,
    ) -> Lexicon:
        """Learn from (source sentence, target sentence) pairs, e.g. a TM's approved units.

        Besides the word pairs, it measures the pairs' length ratio, which then replaces
        the language pair's built-in default when aligning with this lexicon.
        """
        s_lang, t_lang = align_language(src_lang), align_language(tgt_lang)
        src_count: Counter[str] = Counter()
        tgt_count: Counter[str] = Counter()
        lengths: list[tuple[int, int]] = []
        stem_sets: list[tuple[set[str], set[str]]] = []
        for source, target in pairs:
            lengths.append((text_length(source), text_length(target)))
            s_stems = {stem(w, s_lang) for w in WORD_RE.findall(source) if len(w) >= 3}
            t_stems = {stem(w, t_lang) for w in WORD_RE.findall(target) if len(w) >= 3}
            src_count.update(s_stems)
            tgt_count.update(t_stems)
            stem_sets.append((s_stems, t_stems))
        # Only stems seen min_count times can pass; leaving the rest (most of a vocabulary)
        # out keeps the table of co-occurrences small on a large TM.
        joint: Counter[tuple[str, str]] = Counter()
        for s_stems, t_stems in stem_sets:
            s_kept = [x for x in s_stems if src_count[x] >= min_count]
            t_kept = [x for x in t_stems if tgt_count[x] >= min_count]
            joint.update((a, b) for a in s_kept for b in t_kept)
        best: dict[str, list[tuple[float, str]]] = {}
        for (s, t), count in joint.items():
            if count < min_count:
                continue
            dice = 2 * count / (src_count[s] + tgt_count[t])
            if dice >= min_dice:
                best.setdefault(s, []).append((dice, t))
        entries = {
            (s, t) for s, scored in best.items() for _, t in sorted(scored, reverse=True)[:per_word]
        }
        return cls(src_lang, tgt_lang, frozenset(entries), PairModel.fit(lengths))

    def reversed(self) -> Lexicon:
        return Lexicon(
            self.tgt_lang,
            self.src_lang,
            frozenset((t, s) for s, t in self.entries),
            self.length_model.reversed() if self.length_model else None,
        )

    def _oriented(self, src_lang: str, tgt_lang: str) -> Lexicon | None:
        """This lexicon or its reverse, whichever goes from src_lang to tgt_lang."""
        same = (align_language(self.src_lang).code, align_language(self.tgt_lang).code)
        wanted = (align_language(src_lang).code, align_language(tgt_lang).code)
        if same == wanted:
            return self
        if same == wanted[::-1]:
            return self.reversed()
        return None

    def pair_model(self, src_lang: str, tgt_lang: str) -> PairModel | None:
        """The length model measured on the learned pairs, oriented src_lang -> tgt_lang."""
        oriented = self._oriented(src_lang, tgt_lang)
        return oriented.length_model if oriented else None

    def key_maps(
        self, src_lang: str, tgt_lang: str
    ) -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
        """Stem -> anchor keys for each side; an entry gives both of its stems one shared key.

        Works in either direction: a kk-en lexicon serves an en-kk alignment.
        """
        oriented = self._oriented(src_lang, tgt_lang)
        if oriented is None:
            return MappingProxyType({}), MappingProxyType({})
        entries = oriented.entries
        src: dict[str, list[str]] = {}
        tgt: dict[str, list[str]] = {}
        for s, t in entries:
            key = f"X:{s}|{t}"
            src.setdefault(s, []).append(key)
            tgt.setdefault(t, []).append(key)
        return (
            MappingProxyType({k: tuple(v) for k, v in src.items()}),
            MappingProxyType({k: tuple(v) for k, v in tgt.items()}),
        )


def lexicon_arrays(lexicon: Lexicon) -> dict[str, npt.NDArray[Any]]:
    """The lexicon as arrays of strings and numbers (its languages are not among them)."""
    ordered = sorted(lexicon.entries)
    model = lexicon.length_model
    return {
        "src_stems": np.array([s for s, _ in ordered], dtype=np.str_),
        "tgt_stems": np.array([t for _, t in ordered], dtype=np.str_),
        "length_model": np.array(
            [model.log_ratio, model.sigma0, model.sigma_chars] if model else [], dtype=np.float64
        ),
    }


def lexicon_from_arrays(
    src_lang: str, tgt_lang: str, arrays: Mapping[str, npt.NDArray[Any]]
) -> Lexicon:
    """The lexicon `lexicon_arrays` gave these arrays for; a ValueError if they are not such
    arrays (a KeyError if one is missing)."""
    src, tgt, model = arrays["src_stems"], arrays["tgt_stems"], arrays["length_model"]
    if (
        src.ndim != 1
        or src.shape != tgt.shape
        or src.dtype.kind != "U"
        or tgt.dtype.kind != "U"
        or model.dtype.kind != "f"
        or model.shape not in ((0,), (3,))
    ):
        raise ValueError("not the arrays of a lexicon")
    return Lexicon(
        src_lang,
        tgt_lang,
        frozenset(zip(src.tolist(), tgt.tolist(), strict=True)),
        PairModel(*(float(x) for x in model.tolist())) if len(model) else None,
    )
