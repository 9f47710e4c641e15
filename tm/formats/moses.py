"""Moses: two line-parallel plain-text files, one segment a line, line N of one the
translation of line N of the other. Only the texts and the language pair travel.

A line cannot hold a line break, so the writer replaces each one in a text (a line feed, a
carriage return or both, U+2028, U+2029, Word's U+000B and the other characters that tools
split lines on) by a space, and says so for each unit it changed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from tm.errors import FormatError
from tm.formats._fields import Skip, checked, fail
from tm.lang import pair_label, tags_match
from tm.unit import Unit

_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
LINE_BREAKS_REPLACED = "line breaks replaced by a space (Moses)"


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


def one_line(text: str) -> str:
    """The text with each line break replaced by a space."""
    return _LINE_BREAK.sub(" ", text)


def write_moses(
    units: Iterable[Unit],
    source_out: TextIO,
    target_out: TextIO,
    *,
    changed: Callable[[str], None] | None = None,
) -> int:
    """Line N of each stream is unit N. All units must be in one language pair, their tags
    matching the first unit's leniently: after kk-KZ -> en-GB come kk -> en units, not
    kk -> ru or kk -> en-US ones. `changed` hears `LINE_BREAKS_REPLACED` once for each unit
    whose line breaks became spaces."""
    pair: tuple[str, str] | None = None
    count = 0
    for count, unit in enumerate(units, start=1):  # noqa: B007  (count is the result)
        if pair is None:
            pair = (unit.src_lang, unit.tgt_lang)
        elif not (tags_match(unit.src_lang, pair[0]) and tags_match(unit.tgt_lang, pair[1])):
            raise FormatError(
                f"Moses files hold one language pair; found {pair_label(*pair)} and "
                f"{pair_label(unit.src_lang, unit.tgt_lang)} (choose one with --pair)",
                field="tgt_lang",
            )
        source, target = one_line(unit.source), one_line(unit.target)
        if changed is not None and (source, target) != (unit.source, unit.target):
            changed(LINE_BREAKS_REPLACED)
        source_out.write(source + "\n")
        target_out.write(target + "\n")
    return count
