"""Beads (the unit of an alignment) and their text form, the one vecalign and Bertalign use."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tm.errors import FormatError

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Bead:
    """Source sentences `src` are a translation of target sentences `tgt`.

    Indices are 0-based and contiguous; one side may be empty (an omission or an addition).
    `score` is the aligner's confidence, 0..1, that exactly this bead is right.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def pair(self) -> Pair:
        return (self.src, self.tgt)


def format_bead(bead: Bead, *, with_score: bool = True) -> str:
    """`[0, 1]:[0]<TAB>0.93`; without the score, exactly a line of a vecalign gold file."""
    text = f"[{', '.join(map(str, bead.src))}]:[{', '.join(map(str, bead.tgt))}]"
    return f"{text}\t{bead.score:.2f}" if with_score else text


def _parse_side(text: str, source: str, line: int) -> tuple[int, ...]:
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError) as exc:
        raise FormatError(
            f"not a list of indices: {text.strip()!r}", source=source, line=line
        ) from exc
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value
    ):
        raise FormatError(
            f"not a list of non-negative integers: {text.strip()!r}", source=source, line=line
        )
    return tuple(value)


def parse_beads(text: str, *, source: str = "<beads>") -> list[Pair]:
    """Read beads written one a line as `[i, j]:[k]`, tolerating a trailing `<TAB>score`.

    Blank lines are skipped. Anything else that does not parse raises `FormatError`
    naming `source` and the 1-based line.
    """
    beads: list[Pair] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        body, _, score = line.partition("\t")
        if score.strip():
            try:
                float(score)
            except ValueError as exc:
                raise FormatError(
                    f"score is not a number: {score.strip()!r}", source=source, line=number
                ) from exc
        left, sep, right = body.partition(":")
        if not sep:
            raise FormatError(f"expected '[...]:[...]', got {line!r}", source=source, line=number)
        beads.append((_parse_side(left, source, number), _parse_side(right, source, number)))
    return beads
