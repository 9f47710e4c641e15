"""`python -m tm`: the workbench's operations without a browser.

Each subcommand is a `Command` (its arguments, and a function that takes the parsed
arguments and the output stream and returns the exit code) in the `COMMANDS` dict of one
module of this package; `COMMAND_MODULES` lists those modules in the order of `--help`.
Errors that `tm` raises on purpose end as one line on stderr and exit code 1; argparse's
own usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from tm.cli._common import Command
from tm.errors import TMError, out_of_space

COMMAND_MODULES = (
    "tm.cli.documents",
    "tm.cli.memory",
    "tm.cli.exchange",
    "tm.cli.history",
    "tm.cli.lookup",
    "tm.cli.quality",
    "tm.cli.batch",
    "tm.cli.users",
    "tm.cli.job",
    "tm.cli.term",
)


def commands() -> dict[str, Command]:
    registry: dict[str, Command] = {}
    for module in COMMAND_MODULES:
        registry.update(importlib.import_module(module).COMMANDS)
    return registry


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tm", description="Kazakh translation-memory workbench"
    )
    subparsers = parser.add_subparsers(dest="command_name", metavar="COMMAND", required=True)
    for name, command in commands().items():
        sub = subparsers.add_parser(name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(command=command)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    command: Command = args.command
    try:
        return command.run(args, out)
    except TMError as error:
        print(f"error: {error}", file=err)
    except BrokenPipeError:
        # The reader stopped early (`… | head`): nothing to say, and nothing more to write;
        # Python would otherwise complain again when it flushes stdout at exit.
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=err)
    except Exception as error:
        if not out_of_space(error):
            raise
        # A writer that reports a full disk in its own words, past every door that names it.
        print("error: no space left on device; free some space and try again", file=err)
    return 1
