"""What the subcommands share: the `Command` record, reading files, opening the TM."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tm.restore import RestorePlan
    from tm.store import Commit, TranslationMemory


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]


def read_text(path: str) -> str:
    """An article or sentence file named on the command line, within `MAX_DOCUMENT_BYTES`:
    text in any encoding the workbench reads, or a .docx (its paragraphs as lines)."""
    from tm.formats.article import decode_text
    from tm.formats.documents import article_text, read_bounded, read_document

    with Path(path).open("rb") as stream:
        if Path(path).suffix.lower() == ".docx":
            return article_text(read_document(stream, source=path))
        return decode_text(read_bounded(stream, path), source=path)


# --- argument types: argparse reports what they raise as a usage error (exit code 2) -------


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def positive_int(text: str) -> int:
    """An argument that is a whole number of at least 1 (`--top 5`, `--limit 20`)."""
    number = _whole_number(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not a positive number (1 or more)")
    return number


def non_negative_int(text: str) -> int:
    """A whole number of at least 0 (`--version 0`, `--context 0`)."""
    number = _whole_number(text)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{number} is negative (0 or more)")
    return number


def at_most(limit: int, kind: Callable[[str], int] = positive_int) -> Callable[[str], int]:
    """`kind`, refusing a number above `limit` (one of `tm.limits`) with a message that names
    it: `type=at_most(MAX_CONTEXT_CHARS, non_negative_int)`."""

    def parse(text: str) -> int:
        number = kind(text)
        if number > limit:
            raise argparse.ArgumentTypeError(f"{number:,} is more than the limit, {limit:,}")
        return number

    parse.__name__ = kind.__name__  # argparse names the type in "invalid ... value"
    return parse


def finite_float(low: float, high: float | None = None) -> Callable[[str], float]:
    """A number from `low` to `high` (no upper bound when None); nan and inf are refused."""
    import math

    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        if number < low or (high is not None and number > high):
            span = f"{low:g} or more" if high is None else f"from {low:g} to {high:g}"
            raise argparse.ArgumentTypeError(f"{number:g} is out of range ({span})")
        return number

    parse.__name__ = "number"
    return parse


def add_tm_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tm",
        metavar="DIR",
        help="the translation memory (default: the embedded TM in the project's data folder, "
        "or $WORKBENCH_TM)",
    )


def cli_user() -> str:
    """Who runs the command when --user is not given: $WORKBENCH_USER, else the OS account."""
    import getpass
    import os

    try:
        return os.environ.get("WORKBENCH_USER") or getpass.getuser()
    except (KeyError, OSError):  # no account name (a container without /etc/passwd entry)
        return "cli"


def add_user_option(parser: argparse.ArgumentParser, *, what: str = "the change") -> None:
    parser.add_argument(
        "--user",
        default=None,
        help=f"who makes {what} (default: $WORKBENCH_USER, else the OS account); on a shared "
        "TM, a user its admin has listed, acting within their role",
    )


def acting_user(args: argparse.Namespace) -> str:
    return str(args.user) if args.user else cli_user()


def open_tm(args: argparse.Namespace, *, create: bool = False) -> TranslationMemory:
    from tm.demo import open_default_tm
    from tm.store import TranslationMemory

    if args.tm is None:
        return open_default_tm()
    if not create:
        return TranslationMemory.open(args.tm)
    # The user whose command makes the TM is its creator: its admin once it lists users.
    creator = acting_user(args) if hasattr(args, "user") else "system"
    return TranslationMemory.open(args.tm, create=True, user=creator)


# --- a table's past, as `log`, `restore` and `term log|restore` print it -------------------

# How many of the versions a restore undoes it lists before "… and N more".
PLAN_LINES = 10
NOTHING_CHANGED = "nothing was changed: run again with --yes to restore\n"


def who(user: str | None, role: str | None) -> str:
    """A commit's author as a log shows one: the user, and the role when recorded."""
    return f"{user or '?'}{f' ({role})' if role else ''}"


def write_log(out: TextIO, log: Sequence[Commit], *, limit: int, oldest: int) -> None:
    """The versions a table can be restored to, newest first, and from which one on."""
    for commit in log[:limit]:
        out.write(
            f"v{commit.version}  {commit.committed_at:%Y-%m-%d %H:%M:%S}Z  "
            f"{who(commit.user, commit.role)}  {commit.operation}\n"
        )
    if oldest:
        out.write(f"(versions before v{oldest} cannot be restored: a vacuum removed their data)\n")


def write_plan(out: TextIO, plan: RestorePlan) -> None:
    """What a restore would undo: the summary, then the versions it undoes."""
    out.write(f"{plan.uri}: {plan.summary()}\n")
    for commit in plan.commits[:PLAN_LINES]:
        out.write(f"  v{commit.version}  {who(commit.user, commit.role)}  {commit.operation}\n")
    if len(plan.commits) > PLAN_LINES:
        out.write(f"  … and {len(plan.commits) - PLAN_LINES} more\n")
