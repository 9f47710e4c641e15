"""Commands on the TM's past: `history`, `log`, `restore` and `vacuum`."""

from __future__ import annotations

import argparse
import json
import os
from typing import TextIO

from tm.cli._common import (
    NOTHING_CHANGED,
    Command,
    acting_user,
    add_tm_option,
    add_user_option,
    finite_float,
    non_negative_int,
    open_tm,
    positive_int,
    write_log,
    write_plan,
)

# How many days of versions `vacuum` keeps by default (time travel and restore reach back
# that far); WORKBENCH_KEEP_DAYS overrides it for a team.
DEFAULT_KEEP_DAYS = 30.0


def _configure_history(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("unit_id", help="the unit (its id, as lookup or export shows it)")
    add_tm_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _run_history(args: argparse.Namespace, out: TextIO) -> int:
    memory = open_tm(args)
    states = memory.history(args.unit_id)
    if args.format == "json":
        rows = [
            {
                "version": state.version,
                "committed_at": state.committed_at.isoformat(),
                "change": state.change,
                "user": state.user,
                "operation": state.operation,
                "status": state.values.get("status"),
                "source": state.values.get("source"),
                "target": state.values.get("target"),
            }
            for state in states
        ]
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    if oldest := memory.horizon():
        out.write(f"(versions before v{oldest} are gone: a vacuum removed their data)\n")
    if not states:
        out.write(f"no history for {args.unit_id}\n")
    for state in states:
        out.write(
            f"v{state.version}  {state.committed_at:%Y-%m-%d %H:%M:%S}Z  {state.change:<6}  "
            f"{state.user or '?'}  {state.operation or ''}\n"
            f"    [{state.values.get('status')}] {state.values.get('source')!r} -> "
            f"{state.values.get('target')!r}\n"
        )
    return 0


def _configure_log(parser: argparse.ArgumentParser) -> None:
    add_tm_option(parser)
    parser.add_argument(
        "--limit", type=positive_int, default=20, help="how many versions (newest first)"
    )


def _run_log(args: argparse.Namespace, out: TextIO) -> int:
    memory = open_tm(args)
    write_log(out, memory.log(), limit=args.limit, oldest=memory.horizon())
    return 0


def _configure_restore(parser: argparse.ArgumentParser) -> None:
    add_tm_option(parser)
    parser.add_argument(
        "--version", type=non_negative_int, required=True, help="the version to go back to"
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="restore; without it, only say what the restore would undo",
    )
    add_user_option(parser)


def _run_restore(args: argparse.Namespace, out: TextIO) -> int:
    from tm.restore import plan_restore

    memory = open_tm(args)
    plan = plan_restore(memory, args.version)
    write_plan(out, plan)
    if not args.yes:
        out.write(NOTHING_CHANGED)
        return 0
    who = acting_user(args)
    result = memory.restore(args.version, user=who, expect_latest=plan.latest)
    out.write(
        f"{memory.uri}: restored version {args.version} as version {result.version} "
        f"({memory.stats().units} units); {plan.undo_hint()}\n"
    )
    return 0


def _configure_vacuum(parser: argparse.ArgumentParser) -> None:
    add_tm_option(parser)
    parser.add_argument(
        "--keep-days",
        type=finite_float(0),
        # A string: argparse checks it with the type, and only when vacuum runs.
        default=os.environ.get("WORKBENCH_KEEP_DAYS", str(DEFAULT_KEEP_DAYS)),
        help="keep the versions of this many days (default: $WORKBENCH_KEEP_DAYS or 30)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="keep less than a day (the latest changes, a restore among them, become final)",
    )
    add_user_option(parser)


def _run_vacuum(args: argparse.Namespace, out: TextIO) -> int:
    memory = open_tm(args)
    removed = memory.vacuum(keep_days=args.keep_days, user=acting_user(args), force=args.force)
    out.write(f"{memory.uri}: removed {removed} data files older than {args.keep_days:g} days\n")
    return 0


COMMANDS = {
    "history": Command(
        "every state of one unit, with who changed it and when", _configure_history, _run_history
    ),
    "log": Command(
        "the versions the TM can be restored to, newest first", _configure_log, _run_log
    ),
    "restore": Command(
        "say what going back to an earlier version undoes; with --yes, do it (a new version)",
        _configure_restore,
        _run_restore,
    ),
    "vacuum": Command(
        "delete data files that no version within --keep-days needs",
        _configure_vacuum,
        _run_vacuum,
    ),
}
