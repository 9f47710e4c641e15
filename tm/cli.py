"""`python -m tm`: the workbench's operations without a browser.

Each subcommand is a `Command` in the `COMMANDS` registry: its arguments and a function
that takes the parsed arguments and the output stream and returns the exit code. Errors
that `tm` raises on purpose end up as one line on stderr and exit code 1; argparse's own
usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tm.errors import TMError


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]


def _read_text(path: str) -> str:
    from tm.formats.article import decode_text

    return decode_text(Path(path).read_bytes(), source=path)


def _add_tm_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tm",
        metavar="DIR",
        help="the translation memory (default: the embedded TM in the project's data folder, "
        "or $WORKBENCH_TM)",
    )


def _open_tm(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    from tm.demo import open_default_tm
    from tm.store import TranslationMemory

    if args.tm is None:
        return open_default_tm()
    return TranslationMemory.open(args.tm, create=create)


# segment --------------------------------------------------------------------------------


def _configure_segment(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", required=True, help="language of the text: kk, ru or en")
    parser.add_argument(
        "file",
        help="an article: optional 'date YYYY-MM-DD <title>' line, then one paragraph a line",
    )


def _run_segment(args: argparse.Namespace, out: TextIO) -> int:
    from tm.segment import format_document, segment_text

    out.write(format_document(segment_text(_read_text(args.file), args.lang, source=args.file)))
    return 0


# align ----------------------------------------------------------------------------------


def _configure_align(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument("src", help="the source article (or sentences, with --presegmented)")
    parser.add_argument("tgt", help="its translation")
    parser.add_argument(
        "--presegmented",
        action="store_true",
        help="both files hold one sentence a line already (a blank line ends a paragraph)",
    )
    parser.add_argument("--format", choices=("beads", "json"), default="beads")


def _run_align(args: argparse.Namespace, out: TextIO) -> int:
    from tm.align import format_bead
    from tm.workflow import align_texts

    aligned = align_texts(
        _read_text(args.src),
        _read_text(args.tgt),
        args.src_lang,
        args.tgt_lang,
        presegmented_lines=args.presegmented,
        src_name=args.src,
        tgt_name=args.tgt,
    )
    if args.format == "beads":
        out.writelines(format_bead(bead) + "\n" for bead in aligned.beads)
        return 0
    document = {
        "src_lang": aligned.source.lang,
        "tgt_lang": aligned.target.lang,
        "beads": [
            {
                "src": list(pair.src),
                "tgt": list(pair.tgt),
                "kind": pair.kind,
                "score": round(pair.score, 4),
                "source": pair.source,
                "target": pair.target,
            }
            for pair in aligned.pairs()
        ],
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return 0


# import ---------------------------------------------------------------------------------


def _configure_import(parser: argparse.ArgumentParser) -> None:
    from tm.formats.registry import READERS

    parser.add_argument("file", help="the file to import")
    _add_tm_option(parser)
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument(
        "--format", choices=sorted(READERS), help="the file's format (default: from its extension)"
    )
    parser.add_argument("--user", default="cli", help="who is stamped on the new units")


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    from tm.formats.registry import guess_format, read_units

    fmt = args.format or guess_format(args.file)
    text = _read_text(args.file)
    # Read and check the whole file before touching the TM: a bad line writes nothing.
    units = read_units(
        text.splitlines(), fmt=fmt, source=args.file, src_lang=args.src_lang, tgt_lang=args.tgt_lang
    )
    result = _open_tm(args, create=True).add(units, user=args.user)
    out.write(
        f"{args.file}: {len(units)} units read, {result.added} added, "
        f"{result.skipped} skipped (already in the TM or repeated in the file)\n"
    )
    return 0


# stats ----------------------------------------------------------------------------------


def _configure_stats(parser: argparse.ArgumentParser) -> None:
    _add_tm_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _run_stats(args: argparse.Namespace, out: TextIO) -> int:
    memory = _open_tm(args)
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


COMMANDS: dict[str, Command] = {
    "segment": Command(
        "split an article into sentences: one a line, a blank line between paragraphs",
        _configure_segment,
        _run_segment,
    ),
    "align": Command(
        "align an article with its translation: one bead a line, '[i, j]:[k]<TAB>score'",
        _configure_align,
        _run_align,
    ),
    "import": Command(
        "add the pairs of a file to the translation memory", _configure_import, _run_import
    ),
    "stats": Command("count the units of the translation memory", _configure_stats, _run_stats),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tm", description="Kazakh translation-memory workbench"
    )
    commands = parser.add_subparsers(dest="command_name", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(command=command)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        return args.command.run(args, out)
    except TMError as error:
        print(f"error: {error}", file=err)
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=err)
    return 1
