"""Commands on the translation memory: `import`, `stats` and `unit`."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from tm.cli._common import (
    Command,
    acting_user,
    add_tm_option,
    add_user_option,
    non_negative_int,
    open_tm,
)

if TYPE_CHECKING:
    from tm.formats.registry import ReadOptions
    from tm.formats.transfer import Example, ReadResult, Selection


def _configure_import(parser: argparse.ArgumentParser) -> None:
    from tm.formats.registry import FORMATS

    parser.add_argument("file", help="the file to import (for moses, FILE.<src>)")
    add_tm_option(parser)
    parser.add_argument(
        "--src-lang",
        help="the source language when the file does not say it; for TMX with srclang *all*, "
        "the preferred source (default: kk)",
    )
    parser.add_argument("--tgt-lang", help="the target language when the file does not say it")
    parser.add_argument(
        "--format", choices=sorted(FORMATS), help="the file's format (default: from its extension)"
    )
    parser.add_argument(
        "--strip-inline",
        action="store_true",
        help="TMX: drop inline codes (bpt, ept, ph...); by default the text is stored plain and "
        "the markup kept beside it, for TMX export",
    )
    parser.add_argument(
        "--langs",
        help="take only units whose two languages are among these, e.g. kk,en,ru "
        "(kk also takes kk-KZ; see --exact-langs)",
    )
    parser.add_argument(
        "--pairs",
        help="take only these language pairs, source first: kk-en,kk-ru (kk-KZ:en-GB with subtags)",
    )
    parser.add_argument(
        "--exact-langs",
        action="store_true",
        help="--langs and --pairs match tags exactly (en does not take en-GB)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="all or nothing: the first unit that cannot be used (bad date, no source...) fails "
        "the import, instead of being skipped and counted",
    )
    add_user_option(parser)


def _selection(args: argparse.Namespace) -> Selection:
    from tm.formats.transfer import Selection
    from tm.lang import parse_pair

    def listed(text: str | None) -> list[str]:
        return [item.strip() for item in (text or "").split(",") if item.strip()]

    return Selection(
        langs=tuple(listed(args.langs)),
        pairs=tuple(parse_pair(pair, field="pairs") for pair in listed(args.pairs)),
        exact=args.exact_langs,
    )


def _counts(label: str, counts: dict[str, int], examples: list[Example]) -> list[str]:
    lines = []
    for why, count in sorted(counts.items()):
        lines.append(f"  {label} {count}: {why}\n")
        lines.extend(f"    {example}\n" for example in examples if example.reason == why)
    return lines


def _read_stdin(args: argparse.Namespace, options: ReadOptions) -> ReadResult:
    """`import -`: the file from standard input, spooled first (readers may seek; a pipe
    cannot), in the format --format names."""
    import shutil
    import sys
    import tempfile

    from tm.errors import InputError
    from tm.formats.transfer import read_stream

    if not args.format:
        raise InputError("name the format of standard input with --format", field="format")
    with tempfile.SpooledTemporaryFile(max_size=64 << 20) as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        size = spool.tell()
        spool.seek(0)
        return read_stream(
            spool,
            name="-",
            fmt=args.format,
            options=options,
            total=size,
            selection=_selection(args),
            strict=args.strict,
        )


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    from tm.cli.exchange import progress_bar
    from tm.formats.registry import ReadOptions
    from tm.formats.transfer import add_read, read_file

    options = ReadOptions(
        src_lang=args.src_lang, tgt_lang=args.tgt_lang, strip_inline=args.strip_inline
    )
    # The whole file is read and checked before the TM is touched: a failed import writes
    # nothing, and what is read goes in in one commit.
    if args.file == "-":
        read = _read_stdin(args, options)
    else:
        read = read_file(
            args.file,
            fmt=args.format,
            options=options,
            progress=progress_bar("import"),
            selection=_selection(args),
            strict=args.strict,
        )
    result = add_read(open_tm(args, create=True), read, user=acting_user(args), source=args.file)
    out.write(
        f"{args.file}: {result.records} units read, {result.added} added, "
        f"{result.skipped_total} skipped, {result.merged} merged into units already in the TM\n"
    )
    examples = list(result.examples)
    out.writelines(_counts("skipped", result.skipped, examples))
    out.writelines(_counts("noted", result.notices, examples))
    return 0


def _configure_stats(parser: argparse.ArgumentParser) -> None:
    add_tm_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _run_stats(args: argparse.Namespace, out: TextIO) -> int:
    memory = open_tm(args)
    stats = memory.stats()
    if args.format == "json":
        json.dump(
            {
                "tm": memory.uri,
                "units": stats.units,
                "version": stats.version,
                "by_pair": stats.by_pair,
                "by_status": stats.by_status,
            },
            out,
        )
        out.write("\n")
        return 0
    out.write(f"{memory.uri}\nunits: {stats.units} (table version {stats.version})\n")
    for label, counts in (("language pair", stats.by_pair), ("status", stats.by_status)):
        out.writelines(f"  {label} {key}: {count}\n" for key, count in counts.items())
    return 0


def _configure_unit(parser: argparse.ArgumentParser) -> None:
    from tm.store import UNIT_ACTIONS

    parser.add_argument("action", choices=[*UNIT_ACTIONS, "edit", "restore"], help="what to do")
    parser.add_argument("unit_ids", nargs="+", metavar="UNIT_ID", help="the units (edit: one)")
    add_tm_option(parser)
    parser.add_argument("--source", help="edit: the new source text")
    parser.add_argument("--target", help="edit: the new target text")
    parser.add_argument("--note", help="edit: the new note")
    parser.add_argument(
        "--version",
        type=non_negative_int,
        help="restore: the TM version whose state of the unit to bring back (see `history`)",
    )
    add_user_option(parser)


def _run_unit(args: argparse.Namespace, out: TextIO) -> int:
    from tm.errors import InputError
    from tm.store import UNIT_ACTIONS

    memory = open_tm(args)
    if args.action == "edit":
        if len(args.unit_ids) != 1:
            raise InputError("edit takes one unit id", field="unit_ids")
        if args.source is None and args.target is None and args.note is None:
            raise InputError("edit needs --source, --target or --note", field="target")
        result = memory.edit(
            args.unit_ids[0],
            source=args.source,
            target=args.target,
            note=args.note,
            user=acting_user(args),
        )
    elif args.action == "restore":
        if len(args.unit_ids) != 1 or args.version is None:
            raise InputError("restore takes one unit id and --version", field="version")
        result = memory.restore_unit(args.unit_ids[0], args.version, user=acting_user(args))
    else:
        result = UNIT_ACTIONS[args.action](memory, args.unit_ids, acting_user(args))
    out.write(f"{args.action}: {result.changed} units changed (table version {result.version})\n")
    return 0


COMMANDS = {
    "unit": Command(
        "approve, un-approve, reject, delete, edit or restore units by id",
        _configure_unit,
        _run_unit,
    ),
    "import": Command(
        "add the pairs of a file to the translation memory", _configure_import, _run_import
    ),
    "stats": Command("count the units of the translation memory", _configure_stats, _run_stats),
}
