"""What the subcommands share: the `Command` record, reading files, opening the TM."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tm.store import TranslationMemory


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]


def read_text(path: str) -> str:
    from tm.formats.article import decode_text

    return decode_text(Path(path).read_bytes(), source=path)


def add_tm_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tm",
        metavar="DIR",
        help="the translation memory (default: the embedded TM in the project's data folder, "
        "or $WORKBENCH_TM)",
    )


def open_tm(args: argparse.Namespace, *, create: bool = False) -> TranslationMemory:
    from tm.demo import open_default_tm
    from tm.store import TranslationMemory

    if args.tm is None:
        return open_default_tm()
    return TranslationMemory.open(args.tm, create=create)
