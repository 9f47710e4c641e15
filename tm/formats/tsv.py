"""Tab-separated pairs: `source<TAB>target`, one pair a line, an optional header line."""

from __future__ import annotations

from collections.abc import Iterable

from tm.errors import FormatError
from tm.store import Unit

_HEADER = ("source", "target")


def read_tsv(
    lines: Iterable[str], *, source: str, src_lang: str, tgt_lang: str, origin: str = "import:tsv"
) -> list[Unit]:
    """Every pair of the file, or a FormatError naming the first bad line (nothing partial)."""
    units = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        if number == 1 and tuple(f.strip().lower() for f in fields) == _HEADER:
            continue
        if len(fields) != 2:
            raise FormatError(
                f"expected source<TAB>target, found {len(fields)} tab-separated fields",
                source=source,
                line=number,
            )
        src, tgt = fields
        for name, text in (("source", src), ("target", tgt)):
            if not text.strip():
                raise FormatError(f"the {name} is empty", source=source, line=number, field=name)
        units.append(
            Unit(src_lang=src_lang, tgt_lang=tgt_lang, source=src, target=tgt, origin=origin)
        )
    return units
