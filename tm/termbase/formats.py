"""Termbase files by format: one registry the CLI and the UI choose from.

    read_terms(stream, source=..., format="tbx")    concepts (and Skips) of a file
    write_terms(concepts, stream, format="tbx")     a file of concepts
    import_terms(termbase, stream, ...)             a file merged into a termbase, counted

| format | reads | writes |
|---|---|---|
| tbx | TBX v3 (TBX-Basic, -Core, -Min; DCA or DCT) and TBX 2008 (martif) | TBX-Basic v3 |
| tbx-core | the same | TBX-Core v3 |
| tbx-martif | the same | TBX-Basic as TBX 2008 |
| csv | a glossary with a header (memoQ, Trados, ours) | ours (Entry_ID, languages, Term_ fields) |
| tsv | the same tab-separated, or OmegaT's (no header) | ours, tab-separated |
| omegat | OmegaT's glossary (or a TSV with a header) | source TAB target TAB comment |

Readers keep what the termbase has fields for and leave the rest out (another tool's
columns, data categories, modules): each value left out is told to `unread`, and an import
counts them in its summary ("not kept 2: termType"). What cannot be read at all (broken
XML, a quote that does not close, a bad date or status) fails with the file and the line.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from tm.errors import FormatError, InputError
from tm.formats._fields import Skip
from tm.termbase.model import Concept

if TYPE_CHECKING:
    from tm.store_terms import Termbase, TermbaseChange


def _ignore(_: str) -> None:
    return None


@dataclass(frozen=True)
class TermRequest:
    """The languages an import or export is about: given both, an import reads only their
    terms, and a headerless glossary takes them as its columns; an export puts them first
    (OmegaT's needs both). `unread` hears, once per value, what a file holds that the
    termbase does not keep (a column or data category of another tool), named."""

    src_lang: str | None = None
    tgt_lang: str | None = None
    unread: Callable[[str], None] = _ignore

    @property
    def languages(self) -> tuple[str, ...] | None:
        """Both languages, when both are given (an import reads only theirs)."""
        if self.src_lang and self.tgt_lang:
            return (self.src_lang, self.tgt_lang)
        return None


Reader = Callable[[IO[bytes], str, TermRequest], Iterator[Concept | Skip]]
Writer = Callable[[Iterable[Concept], IO[bytes], TermRequest], int]


@dataclass(frozen=True)
class TermFormat:
    name: str
    description: str
    extensions: tuple[str, ...]
    read: Reader
    write: Writer


def _read_tbx(stream: IO[bytes], source: str, request: TermRequest) -> Iterator[Concept | Skip]:
    from tm.termbase.tbx import read_tbx

    return read_tbx(stream, source=source, languages=request.languages, unread=request.unread)


def _tbx_writer(dialect: str) -> Writer:
    def write(concepts: Iterable[Concept], stream: IO[bytes], request: TermRequest) -> int:
        from tm.termbase.tbx import write_tbx

        return write_tbx(concepts, stream, dialect=dialect, lang=request.src_lang or "en")

    return write


def _glossary_reader(delimiter: str | None) -> Reader:
    def read(stream: IO[bytes], source: str, request: TermRequest) -> Iterator[Concept | Skip]:
        from tm.formats.registry import open_text
        from tm.termbase.glossary import read_glossary

        return read_glossary(
            open_text(stream, source=source, legacy=True),
            source=source,
            delimiter=delimiter,
            src_lang=request.src_lang,
            tgt_lang=request.tgt_lang,
            unread=request.unread,
        )

    return read


def _text_writer(
    write: Callable[[Iterable[Concept], TextIO, TermRequest], int], *, bom: bool
) -> Writer:
    def adapter(concepts: Iterable[Concept], stream: IO[bytes], request: TermRequest) -> int:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom else "utf-8", newline="")
        try:
            return write(concepts, text, request)
        finally:
            text.flush()
            text.detach()

    return adapter


def _write_table(delimiter: str) -> Callable[[Iterable[Concept], TextIO, TermRequest], int]:
    def write(concepts: Iterable[Concept], out: TextIO, request: TermRequest) -> int:
        from tm.termbase.glossary import write_table

        first = [lang for lang in (request.src_lang, request.tgt_lang) if lang]
        return write_table(concepts, out, delimiter=delimiter, languages=first)

    return write


def _write_omegat(concepts: Iterable[Concept], out: TextIO, request: TermRequest) -> int:
    from tm.termbase.glossary import write_omegat

    if not request.src_lang or not request.tgt_lang:
        raise InputError(
            "an OmegaT glossary is of one language pair: give --src-lang and --tgt-lang",
            field="tgt_lang",
        )
    return write_omegat(concepts, out, src_lang=request.src_lang, tgt_lang=request.tgt_lang)


TERM_FORMATS: dict[str, TermFormat] = {
    "tbx": TermFormat(
        "tbx", "TBX-Basic (TBX v3); reads every TBX", (".tbx",), _read_tbx, _tbx_writer("basic")
    ),
    "tbx-core": TermFormat(
        "tbx-core", "TBX-Core (TBX v3): terms and notes", (), _read_tbx, _tbx_writer("core")
    ),
    "tbx-martif": TermFormat(
        "tbx-martif",
        "TBX-Basic as TBX 2008 (<martif>), for older tools",
        (),
        _read_tbx,
        _tbx_writer("martif"),
    ),
    "csv": TermFormat(
        "csv",
        "glossary table with a header (memoQ, Trados, ours); ',' ';' or tab",
        (".csv",),
        _glossary_reader(None),
        _text_writer(_write_table(","), bom=True),
    ),
    "tsv": TermFormat(
        "tsv",
        "tab-separated glossary with a header, or OmegaT's without one",
        (".tsv", ".tab", ".txt", ".utf8"),
        _glossary_reader("\t"),
        _text_writer(_write_table("\t"), bom=False),
    ),
    "omegat": TermFormat(
        "omegat",
        "OmegaT glossary: source TAB target TAB comment",
        (),
        _glossary_reader("\t"),
        _text_writer(_write_omegat, bom=False),
    ),
}


def guess_term_format(path: str | Path) -> str:
    """The format a file's name says (.tbx, .csv, .tsv/.tab/.txt/.utf8)."""
    suffix = Path(path).suffix.lower()
    for name, found in TERM_FORMATS.items():
        if suffix in found.extensions:
            return name
    raise InputError(
        f"{path}: cannot tell the termbase format from the name; give --format "
        f"({', '.join(TERM_FORMATS)})",
        field="format",
    )


def get_term_format(name: str) -> TermFormat:
    found = TERM_FORMATS.get(name)
    if found is None:
        raise InputError(
            f"unknown termbase format {name!r} (one of {', '.join(TERM_FORMATS)})", field="format"
        )
    return found


def read_terms(
    stream: IO[bytes],
    *,
    source: str,
    format: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    unread: Callable[[str], None] | None = None,
) -> Iterator[Concept | Skip]:
    """The concepts of a termbase file, with a `Skip` for each entry that holds no term;
    `unread` hears each value left out because the termbase has no field for it."""
    request = TermRequest(src_lang, tgt_lang, unread or _ignore)
    return get_term_format(format).read(stream, source, request)


def write_terms(
    concepts: Iterable[Concept],
    stream: IO[bytes],
    *,
    format: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> int:
    """Write concepts as a file of `format`; returns how many concepts (OmegaT: lines)."""
    return get_term_format(format).write(concepts, stream, TermRequest(src_lang, tgt_lang))


@dataclass(frozen=True)
class TermImport:
    """What importing a file did: the termbase's change, the entries left out by why, and
    the values of the entries it read that the termbase does not keep, by what they are
    (a column, a data category)."""

    change: TermbaseChange
    read: int
    skipped: Counter[str] = field(default_factory=Counter)
    unread: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        left_out = "".join(f"; skipped {n}: {why}" for why, n in sorted(self.skipped.items()))
        not_kept = "".join(f"; not kept {n}: {what}" for what, n in sorted(self.unread.items()))
        return f"read {self.read} entries: {self.change.summary()}{left_out}{not_kept}"


def import_terms(
    termbase: Termbase,
    stream: IO[bytes],
    *,
    source: str,
    format: str,
    user: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> TermImport:
    """Read a file and merge its concepts into `termbase` in one commit (see
    `Termbase.add`); nothing is written when the file has an error. What the file holds
    that the termbase has no field for is left out and counted (`TermImport.unread`)."""
    concepts: list[Concept] = []
    skipped: Counter[str] = Counter()
    unread: Counter[str] = Counter()

    def heard(what: str) -> None:
        unread[what] += 1

    for record in read_terms(
        stream,
        source=source,
        format=format,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        unread=heard,
    ):
        if isinstance(record, Skip):
            skipped[record.reason] += 1
        else:
            concepts.append(record)
    if not concepts and not skipped:
        raise FormatError("the file holds no term", source=source)
    change = termbase.add(concepts, user=user, operation=f"import:{format}")
    return TermImport(
        change=change,
        read=len(concepts) + sum(skipped.values()),
        skipped=skipped,
        unread=unread,
    )
