"""What a restore of the whole TM would undo, said before it is done.

A restore makes the table as it was at an earlier version, as a new version: every commit
since is undone for everyone, including work other users were told had been saved. So a
team's tool first shows the admin what goes (the commits, who made them, how many units
are taken out, come back or take their earlier state) and restores only the TM it showed:
`TranslationMemory.restore(..., expect_latest=plan.latest)` refuses if someone wrote since.
The restore is itself a version, so restoring `plan.latest` undoes it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError, StoreError

if TYPE_CHECKING:
    from tm.store import Commit, TranslationMemory

# What tells two states of a unit apart; `changed_at` moves on every write that touches it.
_STATE_COLUMNS = ("unit_id", "content_key", "status", "note", "changed_at")


# What each kind of table counts its rows in.
_COUNTED_IN = {"TM": "units", "termbase": "concepts"}


@dataclass(frozen=True)
class RestorePlan:
    """The undoing a restore of a TM (or its termbase) to `version` would do to it as it is
    at `latest`, and the command that undoes the restore."""

    uri: str
    version: int
    latest: int
    commits: tuple[Commit, ...]  # undone, newest first
    users: tuple[str, ...]  # who made them
    removed: int  # rows made since `version`: taken out
    returned: int  # rows deleted since: they come back
    reverted: int  # rows changed since: they take their state at `version` again
    undo_command: str  # restores `latest`, which undoes the restore
    kind: str = "TM"  # or "termbase"

    @property
    def changes_nothing(self) -> bool:
        return not (self.removed or self.returned or self.reverted)

    def summary(self) -> str:
        if self.version == self.latest:
            return f"version {self.version} is the {self.kind} as it is now: nothing to undo"
        who = ", ".join(self.users) or "unknown users"
        count = len(self.commits)
        rows = _COUNTED_IN[self.kind]
        return (
            f"restoring version {self.version} undoes {count} version{'s' * (count != 1)} "
            f"({self.version + 1}..{self.latest}) by {who}: {self.removed:,} {rows} made since "
            f"are taken out, {self.returned:,} deleted since come back, {self.reverted:,} "
            f"changed since go back to their state then"
        )

    def undo_hint(self) -> str:
        return f"to undo it: {self.undo_command}"


def plan_restore(memory: TranslationMemory, version: int) -> RestorePlan:
    """What restoring `version` would undo now (reads the unit ids and states of both
    versions: a few seconds at a million units)."""
    latest = memory.version()
    if not 0 <= version <= latest:
        raise InputError(f"no version {version} (the table has 0..{latest})", field="version")
    if version < (oldest := memory.horizon()):
        raise StoreError(
            f"{memory.uri}: version {version} can no longer be restored: a vacuum removed its "
            f"data (the oldest version kept is {oldest}; `python -m tm log` lists them)"
        )
    undone = tuple(commit for commit in memory.log() if commit.version > version)
    then = memory.scan(version=version).select(_STATE_COLUMNS).collect()
    now = memory.scan().select(_STATE_COLUMNS).collect()
    both = now.join(then, on="unit_id", how="inner", suffix="_then")
    differs = pl.any_horizontal(
        pl.col(name).ne_missing(pl.col(f"{name}_then")) for name in _STATE_COLUMNS[1:]
    )
    return RestorePlan(
        undo_command=f"python -m tm restore --tm {shlex.quote(memory.uri)} --version {latest}",
        uri=memory.uri,
        version=version,
        latest=latest,
        commits=undone,
        users=tuple(sorted({commit.user or "?" for commit in undone})),
        removed=now.join(then, on="unit_id", how="anti").height,
        returned=then.join(now, on="unit_id", how="anti").height,
        reverted=both.filter(differs).height,
    )
