"""Which reader handles which file format; the CLI and the app build their choices from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from tm.errors import InputError
from tm.formats.tsv import read_tsv
from tm.store import Unit

UnitReader = Callable[..., list[Unit]]

READERS: dict[str, UnitReader] = {
    "tsv": read_tsv,
}

_EXTENSIONS = {".tsv": "tsv", ".tab": "tsv"}


def guess_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in _EXTENSIONS:
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(
            f"cannot tell the format from {suffix or 'no extension'!r} (known: {known}); "
            "name it with --format",
            source=str(path),
        )
    return _EXTENSIONS[suffix]


def read_units(
    lines: Iterable[str], *, fmt: str, source: str, src_lang: str, tgt_lang: str
) -> list[Unit]:
    if fmt not in READERS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(READERS)})", field="format")
    return READERS[fmt](lines, source=source, src_lang=src_lang, tgt_lang=tgt_lang)
