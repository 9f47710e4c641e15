"""A TM's list of users and roles (`tm.access`), kept beside the TM as a small Delta table
(`<tm>/_access`): versioned, attributed and written through the same lock as the TM.

Each change rewrites the whole list in one commit (a desk has tens of users, not
thousands); the table's own history is the audit of who changed whose role.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import polars as pl

from tm.access import SINGLE_USER, Access, Role
from tm.errors import InputError, StoreError, out_of_space
from tm.store import (
    _arrow,
    _check_user,
    _commit_properties,
    _local,
    _local_lock,
    scan_table,
)

ACCESS_FOLDER = "_access"
_SCHEMA: dict[str, pl.DataType] = {
    "user": pl.Utf8(),
    "role": pl.Utf8(),
    "changed_by": pl.Utf8(),
    "changed_at": pl.Datetime("us", "UTC"),
}


def access_uri(tm_uri: str) -> str:
    return f"{tm_uri.rstrip('/')}/{ACCESS_FOLDER}"


def read_access(tm_uri: str) -> Access:
    """The TM's users and roles; `SINGLE_USER` while it has no list."""
    from deltalake import DeltaTable

    uri = access_uri(tm_uri)
    if not DeltaTable.is_deltatable(uri):
        return SINGLE_USER
    frame = scan_table(uri, DeltaTable(uri)).collect()
    return Access(
        MappingProxyType(
            {user: Role(role) for user, role in zip(frame["user"], frame["role"], strict=True)}
        )
    )


def write_access(tm_uri: str, roles: dict[str, Role], *, user: str, operation: str) -> Access:
    """Replace the list with `roles` in one commit stamped with `user`."""
    from deltalake import write_deltalake

    _check_user(user)
    for name in roles:
        if not name.strip() or name != name.strip():
            raise InputError(f"{name!r} is not a user name", field="user")
    now = dt.datetime.now(dt.UTC)
    frame = pl.DataFrame(
        {
            "user": list(roles),
            "role": [role.value for role in roles.values()],
            "changed_by": [user] * len(roles),
            "changed_at": [now] * len(roles),
        },
        schema=_SCHEMA,
    )
    uri = access_uri(tm_uri)
    folder = Path(uri)
    before = set(folder.glob("*.parquet")) if _local(uri) else set()
    try:
        with _local_lock(uri):
            write_deltalake(
                uri,
                _arrow(frame),
                mode="overwrite",
                commit_properties=_commit_properties(user, operation),
            )
    except Exception as error:
        if not out_of_space(error):
            raise
        if _local(uri):  # the data file of a commit that never landed: no version names it
            for made in set(folder.glob("*.parquet")) - before:
                made.unlink(missing_ok=True)
        raise StoreError(
            f"{tm_uri}: no space left on device; the users were not changed (free some space)"
        ) from None
    return Access(MappingProxyType(dict(roles)))
