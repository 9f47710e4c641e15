"""Moses: two line-parallel plain-text files, one segment a line, line N of one the
translation of line N of the other. Only the texts and the language pair travel."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TextIO

from tm.errors import FormatError
from tm.formats._fields import Skip, checked, describe, fail
from tm.unit import Unit

_LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def read_moses(
    source_lines: Iterable[str],
    target_lines: Iterable[str],
    *,
    source: str,
    target: str,
    src_lang: str,
    tgt_lang: str,
    origin: str = "import:moses",
) -> Iterator[Unit | Skip]:
    """A unit per line pair; a pair with an empty side is skipped, unequal lengths fail."""
    pairs = itertools.zip_longest(source_lines, target_lines)
    for number, (src, tgt) in enumerate(pairs, start=1):
        if src is None or tgt is None:
            shorter = source if src is None else target
            raise fail(
                f"ends at line {number - 1} but {target if src is None else source} goes on: "
                "the files are not line-parallel",
                source=shorter,
                line=number,
            )
        src_text = src.removesuffix("\n").removesuffix("\r")
        tgt_text = tgt.removesuffix("\n").removesuffix("\r")
        if not src_text.strip() or not tgt_text.strip():
            yield Skip("an empty line on one side", number)
            continue
        unit = Unit(src_lang, tgt_lang, src_text, tgt_text, origin=origin)
        yield checked(unit, source=source, line=number)


def write_moses(units: Iterable[Unit], source_out: TextIO, target_out: TextIO) -> int:
    """Line N of each stream is unit N; all units must share one language pair."""
    pair: tuple[str, str] | None = None
    count = 0
    for count, unit in enumerate(units, start=1):  # noqa: B007  (count is the result)
        if pair is None:
            pair = (unit.src_lang, unit.tgt_lang)
        elif pair != (unit.src_lang, unit.tgt_lang):
            raise FormatError(
                f"Moses files hold one language pair; found {pair[0]}-{pair[1]} and "
                f"{unit.src_lang}-{unit.tgt_lang} (choose one with --pair)",
                field="tgt_lang",
            )
        for name, text, out in (
            ("source", unit.source, source_out),
            ("target", unit.target, target_out),
        ):
            if any(mark in text for mark in _LINE_BREAKS):
                raise FormatError(
                    f"{describe(unit)} has a line break, which a Moses line cannot hold",
                    field=name,
                )
            out.write(text + "\n")
    return count
