"""`export`: units of the translation memory out to a file, filtered, with corpus statistics.

`export ... -` writes the file to standard output and the statistics to standard error. A
named pipe is written straight into; a device, a directory or a socket is refused (see
`tm.formats.registry.replacing`).

Also the progress bar that `import` and `export` draw on stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import IO, TextIO

from tm.cli._common import Command, add_tm_option, open_tm

Progress = Callable[[int, int], None]
_BAR_WIDTH = 30


def progress_bar(label: str, stream: TextIO | None = None) -> Progress | None:
    """A progress callback drawing on stderr, or None when stderr is not a terminal."""
    err = stream or sys.stderr
    if not err.isatty():
        return None

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = round(share * _BAR_WIDTH)
        end = "\n" if done >= total else ""
        err.write(f"\r{label} [{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {share:4.0%}{end}")
        err.flush()

    return show


def _day(text: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from err
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _pair(text: str) -> tuple[str, str]:
    from tm.errors import LanguageError
    from tm.lang import parse_pair

    try:
        return parse_pair(text)
    except LanguageError as err:
        raise argparse.ArgumentTypeError(err.message) from err


def _configure_export(parser: argparse.ArgumentParser) -> None:
    from tm.formats.registry import FORMATS
    from tm.unit import STATUSES

    parser.add_argument(
        "out",
        help="the file to write (for moses, OUT.<src> and OUT.<tgt> are written), or - for "
        "standard output (with --format; the statistics then go to standard error)",
    )
    add_tm_option(parser)
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="the file's format (default: from OUT's extension)",
    )
    parser.add_argument(
        "--pair",
        action="append",
        type=_pair,
        default=[],
        help="only this pair, e.g. kk-en, or kk-KZ:en-GB with subtags (repeatable); kk-en "
        "takes kk-KZ -> en-GB units too, unless --exact-langs",
    )
    parser.add_argument(
        "--exact-langs",
        action="store_true",
        help="--pair matches language tags exactly (kk takes kk units only, not kk-KZ)",
    )
    parser.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        default=[],
        help="only this status (repeatable; default: the live ones, draft, aligned and approved)",
    )
    parser.add_argument(
        "--include-retired",
        action="store_true",
        help="rejected and retired (superseded) units too, when no --status is given",
    )
    parser.add_argument(
        "--min-score", type=float, help="only pairs aligned with at least this score (0..1)"
    )
    parser.add_argument(
        "--since", type=_day, help="only units changed on or after this day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--until", type=_day, help="only units changed on or before this day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--doc", action="append", default=[], help="only this document id (repeatable)"
    )
    parser.add_argument(
        "--dedupe",
        action="store_true",
        help="drop pairs repeating an earlier one up to case and spacing",
    )
    parser.add_argument(
        "--min-chrf",
        type=float,
        help="only pairs whose target scores at least this chrF (0..100) against the approved "
        "translation of the same segment (pairs of segments without one are left out)",
    )
    parser.add_argument(
        "--qa-clean",
        action="store_true",
        help="only pairs on which no QA check raises an error (numbers, empty, untranslated...)",
    )
    parser.add_argument("--src-lang", help="the TMX header's srclang (default: *all*)")
    parser.add_argument(
        "--markup",
        action="store_true",
        help="moses, tsv, csv, jsonl, parquet: write the inline-code markup kept from TMX "
        "instead of the plain text (default: plain text)",
    )
    parser.add_argument(
        "--bom",
        action="store_true",
        help="csv, tsv: start with a UTF-8 byte-order mark, which Excel needs to read Kazakh",
    )


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    from tm.errors import InputError
    from tm.formats.registry import WriteOptions, naming_full_disk
    from tm.formats.transfer import ExportFilter, export_file, export_stream
    from tm.workflow import chrf_against_approved, qa_clean

    memory = open_tm(args)
    chosen = ExportFilter(
        pairs=tuple(args.pair),
        exact_langs=args.exact_langs,
        statuses=tuple(args.status),
        min_align_score=args.min_score,
        changed_since=args.since,
        changed_before=args.until + dt.timedelta(days=1) if args.until else None,
        doc_ids=tuple(args.doc),
        dedupe=args.dedupe,
        qa_clean=qa_clean if args.qa_clean else None,
        min_chrf=args.min_chrf,
        chrf=chrf_against_approved(memory) if args.min_chrf is not None else None,
        include_retired=args.include_retired,
    )
    options = WriteOptions(src_lang=args.src_lang, markup=args.markup, bom=args.bom)
    if args.out == "-":
        if args.format is None:
            raise InputError("standard output (-) has no extension: name the format with --format")
        data: IO[bytes] | None = getattr(out, "buffer", None)
        if data is None:
            raise InputError("standard output takes no bytes here: export to a file")
        out.flush()
        with naming_full_disk("standard output"):
            stats = export_stream(
                memory,
                data,
                fmt=args.format,
                chosen=chosen,
                options=options,
                progress=progress_bar("export"),
            )
            data.flush()
        sys.stderr.writelines(line + "\n" for line in stats.lines())
        return 0
    result = export_file(
        memory,
        args.out,
        fmt=args.format,
        chosen=chosen,
        options=options,
        progress=progress_bar("export"),
    )
    out.writelines(f"wrote {path}\n" for path in result.paths)
    out.writelines(line + "\n" for line in result.stats.lines())
    return 0


COMMANDS = {
    "export": Command(
        "write units of the translation memory to a file, with corpus statistics",
        _configure_export,
        _run_export,
    ),
}
