"""Commands on the translation memory: `import` and `stats`."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from tm.cli._common import Command, add_tm_option, open_tm, read_text


def _configure_import(parser: argparse.ArgumentParser) -> None:
    from tm.formats.registry import READERS

    parser.add_argument("file", help="the file to import")
    add_tm_option(parser)
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument(
        "--format", choices=sorted(READERS), help="the file's format (default: from its extension)"
    )
    parser.add_argument("--user", default="cli", help="who is stamped on the new units")


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    from tm.formats.registry import guess_format, read_units

    fmt = args.format or guess_format(args.file)
    text = read_text(args.file)
    # Read and check the whole file before touching the TM: a bad line writes nothing.
    units = read_units(
        text.splitlines(), fmt=fmt, source=args.file, src_lang=args.src_lang, tgt_lang=args.tgt_lang
    )
    result = open_tm(args, create=True).add(units, user=args.user)
    out.write(
        f"{args.file}: {len(units)} units read, {result.added} added, "
        f"{result.skipped} skipped (already in the TM or repeated in the file)\n"
    )
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


COMMANDS = {
    "import": Command(
        "add the pairs of a file to the translation memory", _configure_import, _run_import
    ),
    "stats": Command("count the units of the translation memory", _configure_stats, _run_stats),
}
