"""`users`: who may write to a shared TM, and in which role (see `tm.access`)."""

from __future__ import annotations

import argparse
from typing import TextIO

from tm.cli._common import Command, acting_user, add_tm_option, add_user_option, open_tm


def _configure_users(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="list a user with a role (or change their role)",
        description="List NAME with ROLE. The first user added makes the TM shared: its "
        "creator is listed as admin then, and from then on only listed users write.",
    )
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("translator", "editor", "linguist", "admin"))
    remove = actions.add_parser("remove", help="take a user off the list")
    remove.add_argument("name")
    listing = actions.add_parser("list", help="the users and their roles")
    for sub in (add, remove, listing):
        add_tm_option(sub)
        add_user_option(sub)


def _run_users(args: argparse.Namespace, out: TextIO) -> int:
    from tm.access import parse_role

    memory = open_tm(args)
    user = acting_user(args)
    changes = {
        "add": lambda: memory.set_role(args.name, parse_role(args.role), user=user),
        "remove": lambda: memory.remove_user(args.name, user=user),
        "list": memory.access,
    }
    access = changes[args.action]()
    if not access.shared:
        out.write("a single-user TM: whoever writes to it is its admin\n")
    for name, role in sorted(access.roles.items()):
        out.write(f"{name}\t{role.value}\n")
    return 0


COMMANDS = {
    "users": Command("who may write to the TM, in which role", _configure_users, _run_users)
}
