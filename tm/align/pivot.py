"""Where a Kazakh article's English and Russian alignments disagree through the pivot.

Both alignments share the Kazakh side, so composing them says which Russian sentences
each English sentence should match. Where that differs from a direct English-Russian
alignment, or where a Kazakh sentence is left out on one side only, one of the three
alignments (or a translation) is probably wrong: a reviewer should look there first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tm.align._beads import Bead

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Disagreement:
    """Sentences involved (Kazakh, English, Russian indices) and why they are reported."""

    kk: tuple[int, ...]
    en: tuple[int, ...]
    ru: tuple[int, ...]
    reason: str


def _pairs(beads: Iterable[Bead | Pair]) -> list[Pair]:
    return [b.pair if isinstance(b, Bead) else (tuple(b[0]), tuple(b[1])) for b in beads]


def _links(beads: Sequence[Pair]) -> dict[int, tuple[int, ...]]:
    """Source index -> target indices of its bead."""
    return {i: tgt for src, tgt in beads for i in src}


def pivot_disagreements(
    kk_en: Iterable[Bead | Pair],
    kk_ru: Iterable[Bead | Pair],
    en_ru: Iterable[Bead | Pair] | None = None,
) -> tuple[Disagreement, ...]:
    """Disagreements between kk-en and kk-ru beads (and, if given, direct en-ru beads).

    * a Kazakh sentence translated on one side and left out on the other;
    * with `en_ru`: an English sentence whose Russian partners through Kazakh differ from
      its partners in the direct alignment.
    """
    ke, kr = _pairs(kk_en), _pairs(kk_ru)
    to_en, to_ru = _links(ke), _links(kr)
    out: list[Disagreement] = []
    for i in sorted(set(to_en) | set(to_ru)):
        en, ru = to_en.get(i, ()), to_ru.get(i, ())
        if bool(en) != bool(ru):
            side = "en" if not en else "ru"
            out.append(Disagreement((i,), en, ru, f"kk sentence left out in {side} only"))
    if en_ru is None:
        return tuple(out)
    # English sentence -> the Kazakh sentences it came from -> their Russian sentences.
    en_to_kk: dict[int, set[int]] = {}
    for src, tgt in ke:
        for e in tgt:
            en_to_kk.setdefault(e, set()).update(src)
    direct = _links(_pairs(en_ru))
    for e in sorted(set(en_to_kk) | set(direct)):
        kk = en_to_kk.get(e, set())
        via = tuple(sorted({r for i in kk for r in to_ru.get(i, ())}))
        got = tuple(sorted(direct.get(e, ())))
        if via != got and (via or got):
            out.append(
                Disagreement(
                    tuple(sorted(kk)),
                    (e,),
                    tuple(sorted(set(via) | set(got))),
                    f"en {e}: ru {list(via)} through kk, {list(got)} directly",
                )
            )
    return tuple(out)
