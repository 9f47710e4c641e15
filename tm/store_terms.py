"""The termbase table: the only code that reads or writes it.

A termbase is its own Delta Lake table beside the TM (see `default_termbase_uri`), one row
per term (`TERMS_SCHEMA`): the concept it belongs to, its language and text, status and the
rest of `tm.termbase.Term`, and its place among the concept's terms. It is written as the TM
is (tm.store): every write is one commit stamped with who made it and why, writers on this
machine take turns on the TM's lock file and a commit that collides with another writer's
is tried again (`TranslationMemory._retrying`), the change data feed is on, so a concept's
history is the table's own record, and any earlier version can be restored as a new one.

Writes change whole concepts: `add` merges what an import says into the entries the
termbase holds (by concept id, else by the incoming concept's first term), `put` makes
concepts exactly as given (the editor's save), `delete` removes them, `restore_concept`
puts one back as it was at an earlier version. Each is a single merge commit carrying only
the rows that change (new and changed terms, and the terms a concept no longer has).

Who may write is the TM's business (`tm.access`): a termbase belongs to the TM it stands
beside (`Termbase.tm_uri`: .../tm for .../tm-terms, or the TM it is opened for), and every
write checks the acting user against that TM's list of users before it reads or writes
anything: changing concepts is the "termbase" operation (editors and admins), restoring
the whole termbase to an earlier version the "restore" operation (admins). A termbase
with no TM beside it, like a TM without a list, is single-user: whoever writes is admin.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from tm.access import SINGLE_USER, Access, Role
from tm.errors import InputError, StoreError, out_of_space
from tm.restore import RestorePlan
from tm.store import (
    _TABLE_CONFIGURATION,
    Commit,
    TranslationMemory,
    _arrow,
    _check_user,
    _commit_properties,
    _local,
    _local_lock,
    commits,
    horizon,
    restorable,
    scan_table,
    table_uri,
)
from tm.termbase.model import (
    Concept,
    Term,
    check_concept_id,
    merged,
    new_concept_id,
    stamped,
    term_id,
    validated_all,
)

if TYPE_CHECKING:
    from deltalake import DeltaTable

    from tm.termbase.recognition import TermIndex

_T = TypeVar("_T")

# The termbase's columns: a term's fields, its id and concept, and its place in the concept.
TERMS_SCHEMA: dict[str, pl.DataType] = {
    "concept_id": pl.Utf8(),
    "term_id": pl.Utf8(),
    "position": pl.Int32(),
    "lang": pl.Utf8(),
    "term": pl.Utf8(),
    "status": pl.Utf8(),
    "part_of_speech": pl.Utf8(),
    "definition": pl.Utf8(),
    "note": pl.Utf8(),
    "domain": pl.Utf8(),
    "source": pl.Utf8(),
    "created_by": pl.Utf8(),
    "created_at": pl.Datetime("us", "UTC"),
    "changed_by": pl.Utf8(),
    "changed_at": pl.Datetime("us", "UTC"),
}
# Row columns holding a `Term` field of the same name (the text is "term" in the table).
_TERM_COLUMNS = tuple(
    name for name in TERMS_SCHEMA if name not in ("concept_id", "term_id", "position")
)
_DELETE = "_delete"
# Beside a TM at .../tm, its termbase is at .../tm-terms.
TERMBASE_SUFFIX = "-terms"
# The operations of `tm.access` the termbase's writes are: changing concepts (add, import,
# edit, delete, restore one concept, accept candidates), and going back to a version.
CHANGE_OPERATION = "termbase"
RESTORE_OPERATION = "restore"


def default_termbase_uri(tm_uri: str | Path) -> str:
    """Where a TM's termbase lives unless told otherwise: beside it, named after it with
    `-terms` (data/tm -> data/tm-terms, s3://bucket/tm -> s3://bucket/tm-terms)."""
    text = str(tm_uri).rstrip("/")
    return text + TERMBASE_SUFFIX


def tm_beside(termbase_uri: str | Path) -> str | None:
    """The TM a termbase at its default place belongs to (data/tm-terms -> data/tm); None
    for a termbase whose name does not say (a folder of one's own)."""
    text = str(termbase_uri).rstrip("/")
    if not text.endswith(TERMBASE_SUFFIX) or text.endswith("/" + TERMBASE_SUFFIX):
        return None
    return text[: -len(TERMBASE_SUFFIX)] or None


@dataclass(frozen=True)
class TermbaseChange:
    """What one write did, counted in concepts."""

    added: int  # concepts the termbase did not hold
    updated: int  # concepts it held, now changed
    unchanged: int  # concepts it held exactly so
    removed: int  # concepts deleted
    version: int

    def summary(self) -> str:
        return (
            f"{self.added} concepts added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed (version {self.version})"
        )


@dataclass(frozen=True)
class ConceptVersion:
    """One state of a concept in the termbase's history; `concept` None: deleted then.
    `role`: the role the user wrote in, when the commit recorded one."""

    version: int
    committed_at: dt.datetime
    user: str | None
    operation: str | None
    concept: Concept | None
    role: str | None = None


@dataclass(frozen=True)
class _ConceptChanges:
    """How the concepts of one version differ from those of another, by concept id."""

    removed: int  # only in the newer
    returned: int  # only in the older
    reverted: int  # in both, with other terms (or other text, status, stamps, order)
    unchanged: int  # in both, the same


def _concept_changes(then: pl.DataFrame, now: pl.DataFrame) -> _ConceptChanges:
    """What going from the term rows `now` back to the rows `then` does to concepts."""
    then_ids = set(then["concept_id"].to_list())
    now_ids = set(now["concept_id"].to_list())
    columns = list(TERMS_SCHEMA)
    differing = set(
        then.join(now, on=columns, how="anti", nulls_equal=True)["concept_id"].to_list()
    ) | set(now.join(then, on=columns, how="anti", nulls_equal=True)["concept_id"].to_list())
    both = then_ids & now_ids
    reverted = len(both & differing)
    return _ConceptChanges(
        removed=len(now_ids - then_ids),
        returned=len(then_ids - now_ids),
        reverted=reverted,
        unchanged=len(both) - reverted,
    )


# --- concepts <-> rows (pure) -------------------------------------------------------------


def _term_rows(placed: Sequence[tuple[str, int, Term]]) -> pl.DataFrame:
    """Table rows for (concept id, position, term) triples, built column by column."""
    columns: dict[str, list[Any]] = {
        "concept_id": [concept_id for concept_id, _, _ in placed],
        "term_id": [term_id(concept_id, t.lang, t.text) for concept_id, _, t in placed],
        "position": [position for _, position, _ in placed],
        "term": [t.text for _, _, t in placed],
    }
    for name in _TERM_COLUMNS:
        if name != "term":
            columns[name] = [getattr(t, name) for _, _, t in placed]
    return pl.DataFrame(columns, schema=TERMS_SCHEMA)


def concept_rows(concepts: Iterable[Concept]) -> pl.DataFrame:
    """Table rows for stored concepts (ids set, terms stamped)."""
    placed = []
    for concept in concepts:
        if concept.concept_id is None:
            raise StoreError("a concept without an id reached the table")  # the store sets them
        placed += [(concept.concept_id, n, term) for n, term in enumerate(concept.terms)]
    return _term_rows(placed)


def _row_term(row: dict[str, Any]) -> Term:
    values = {name: row[name] for name in _TERM_COLUMNS if name != "term"}
    return Term(text=row["term"], **values)


def row_concepts(rows: pl.DataFrame) -> tuple[Concept, ...]:
    """Concepts from table rows, in concept id order (creation order for the ids the
    termbase makes), each with its terms in their stored order."""
    concepts: list[Concept] = []
    current: str | None = None
    terms: list[Term] = []
    for row in rows.sort("concept_id", "position").iter_rows(named=True):
        if row["concept_id"] != current:
            if current is not None:
                concepts.append(Concept(tuple(terms), current))
            current, terms = row["concept_id"], []
        terms.append(_row_term(row))
    if current is not None:
        concepts.append(Concept(tuple(terms), current))
    return tuple(concepts)


@dataclass(frozen=True)
class _Plan:
    """The concepts a write leaves, and how it counts them."""

    states: list[tuple[Concept | None, Concept | None]]  # (before, after) of changed ones
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @classmethod
    def of(cls, states: Iterable[tuple[Concept | None, Concept]]) -> _Plan:
        """The plan that writes each (before, after) pair that changes, counted."""
        changed: list[tuple[Concept | None, Concept | None]] = []
        unchanged = 0
        for before, after in states:
            if before is not None and before == after:
                unchanged += 1
            else:
                changed.append((before, after))
        added = sum(before is None for before, _ in changed)
        return cls(changed, added=added, updated=len(changed) - added, unchanged=unchanged)


def _write_frame(states: Sequence[tuple[Concept | None, Concept | None]]) -> pl.DataFrame:
    """The merge source: the rows of the terms that are new, changed or moved (`_delete`
    false) and the ids of the terms a concept no longer has (`_delete` true)."""
    written: list[tuple[str, int, Term]] = []
    gone: list[str] = []
    for before, after in states:
        old = {term.key: (n, term) for n, term in enumerate(before.terms)} if before else {}
        if after is not None:
            concept_id = after.concept_id or ""
            written += [
                (concept_id, n, term)
                for n, term in enumerate(after.terms)
                if old.get(term.key) != (n, term)
            ]
        if before is not None:
            keep = {term.key for term in after.terms} if after else set()
            gone += [
                term_id(before.concept_id or "", lang, text)
                for (lang, text) in old
                if (lang, text) not in keep
            ]
    upserts = _term_rows(written).with_columns(pl.lit(False).alias(_DELETE))
    deletions = pl.DataFrame({"term_id": gone, _DELETE: [True] * len(gone)})
    return pl.concat([upserts, deletions], how="diagonal_relaxed").select(
        *(pl.col(name).cast(kind) for name, kind in TERMS_SCHEMA.items()), pl.col(_DELETE)
    )


class _Held:
    """What the table holds at one version, read as a plan needs it: the concept ids, the
    concept of each (language, text ignoring case), whole concepts by id."""

    def __init__(self, uri: str, version: int) -> None:
        from deltalake import DeltaTable

        self._scan = scan_table(uri, DeltaTable(uri, version=version))
        self._ids: set[str] | None = None

    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = set(self._scan.select("concept_id").collect()["concept_id"].to_list())
        return self._ids

    def by_term(self) -> dict[tuple[str, str], str]:
        """(language tag, text ignoring case) -> the first concept (in id order) with it."""
        frame = (
            self._scan.select("concept_id", "position", "lang", "term")
            .collect()
            .sort("concept_id", "position")
        )
        found: dict[tuple[str, str], str] = {}
        for concept_id, _, lang, text in frame.iter_rows():
            found.setdefault((lang, text.casefold()), concept_id)
        return found

    def concepts(self, ids: Iterable[str]) -> dict[str, Concept]:
        wanted = sorted(set(ids) & self.ids())
        if not wanted:
            return {}
        rows = self._scan.filter(pl.col("concept_id").is_in(wanted)).collect()
        rows = rows.select(pl.col(n).cast(k) for n, k in TERMS_SCHEMA.items())
        return {concept.concept_id or "": concept for concept in row_concepts(rows)}


# --- the table ----------------------------------------------------------------------------


class Termbase:
    """A handle on one termbase table; cheap to make, it holds no data in memory.

    `tm_uri` is the TM whose users may write it: by default the TM it stands beside
    (`tm_beside`), None for a single-user termbase of its own."""

    def __init__(self, uri: str | Path, *, tm_uri: str | Path | None = None) -> None:
        self.uri = table_uri(uri)
        self.tm_uri = str(tm_uri) if tm_uri is not None else tm_beside(self.uri)

    def __repr__(self) -> str:
        return f"Termbase({self.uri!r}, tm_uri={self.tm_uri!r})"

    @staticmethod
    def exists(uri: str | Path) -> bool:
        from deltalake import DeltaTable

        return bool(DeltaTable.is_deltatable(table_uri(uri)))

    @classmethod
    def open(
        cls, uri: str | Path, *, create: bool = False, tm_uri: str | Path | None = None
    ) -> Termbase:
        """Open a termbase (or make an empty one when `create`); any number of processes may
        make the same new one at once."""
        if cls.exists(uri):
            return cls(uri, tm_uri=tm_uri)
        if not create:
            raise StoreError(
                f"{uri}: no termbase there (create one with `term import` or `term add`)"
            )
        _create_table(table_uri(uri))
        return cls(uri, tm_uri=tm_uri)

    def _table(self, version: int | None = None) -> DeltaTable:
        from deltalake import DeltaTable

        try:
            return DeltaTable(self.uri, version=version)
        except Exception as err:  # deltalake raises several unrelated types here
            raise StoreError(f"{self.uri}: cannot open the termbase: {err}") from err

    # who may write -------------------------------------------------------------------------

    def access(self) -> Access:
        """The users and roles of the TM the termbase belongs to (with the roles sign-ins
        claim, as the TM's writes are checked); single-user without one."""
        if self.tm_uri is None:
            return SINGLE_USER
        return TranslationMemory(self.tm_uri).roles_in_force()

    def check_access(self, user: str, operation: str = CHANGE_OPERATION) -> Role:
        """The user's role when it allows `operation` on the termbase; raises `AccessError`
        otherwise (a page or command may ask first, to refuse before any work)."""
        _check_user(user)
        return self.access().check(user, operation)

    # reading ------------------------------------------------------------------------------

    def version(self) -> int:
        return int(self._table().version())

    def rows(self, *, version: int | None = None) -> pl.DataFrame:
        """Every term row of the latest version (or of an earlier one)."""
        table = self._table(version)
        frame = pl.DataFrame(table.to_pyarrow_table())
        return frame.select(pl.col(name).cast(kind) for name, kind in TERMS_SCHEMA.items())

    def concepts(self, *, version: int | None = None) -> tuple[Concept, ...]:
        return row_concepts(self.rows(version=version))

    def concept(self, concept_id: str) -> Concept:
        check_concept_id(concept_id)
        found = _Held(self.uri, self.version()).concepts([concept_id]).get(concept_id)
        if found is None:
            raise InputError(f"no concept {concept_id} in the termbase", field="concept_id")
        return found

    def index(self) -> TermIndex:
        """A recognition index of the latest version (build one per version and keep it)."""
        from tm.termbase.recognition import TermIndex

        table = self._table()
        version = int(table.version())
        return TermIndex(self.concepts(version=version), version=version)

    def log(self, *, all_versions: bool = False) -> tuple[Commit, ...]:
        """The versions `restore` can go back to, newest first; with `all_versions`, also
        those a vacuum took the data of (their commits are still in the log)."""
        every = commits(self._table())
        return every if all_versions else restorable(every)

    def horizon(self) -> int:
        """The oldest version still readable (0 until a vacuum of the table, by any Delta
        tool, removed older versions' data): restores and history reach back to it."""
        return horizon(commits(self._table()))

    def _check_restorable(self, version: int, latest: int) -> None:
        if not 0 <= version <= latest:
            raise InputError(
                f"no version {version} (the termbase has 0..{latest})", field="version"
            )
        if version < (oldest := self.horizon()):
            raise StoreError(
                f"{self.uri}: version {version} can no longer be restored: a vacuum removed "
                f"its data (the oldest version kept is {oldest}; `python -m tm term log` "
                "lists them)"
            )

    def plan_restore(self, version: int) -> RestorePlan:
        """What restoring the whole termbase to `version` would undo now, counted in
        concepts (reads the terms of both versions): an admin reads it first and restores
        with `expect_latest=plan.latest`."""
        latest = self.version()
        self._check_restorable(version, latest)
        undone = tuple(commit for commit in self.log() if commit.version > version)
        changes = _concept_changes(self.rows(version=version), self.rows(version=latest))
        where = f"--termbase {shlex.quote(self.uri)}"
        if self.tm_uri is not None and self.tm_uri != tm_beside(self.uri):
            where += f" --tm {shlex.quote(self.tm_uri)}"
        return RestorePlan(
            kind="termbase",
            undo_command=f"python -m tm term restore {where} --version {latest}",
            uri=self.uri,
            version=version,
            latest=latest,
            commits=undone,
            users=tuple(sorted({commit.user or "?" for commit in undone})),
            removed=changes.removed,
            returned=changes.returned,
            reverted=changes.reverted,
        )

    def history(self, concept_id: str) -> tuple[ConceptVersion, ...]:
        """Every state the concept has had, oldest first, with who made each change (a
        `None` concept where it was deleted), replayed from the change data feed. After a
        vacuum it starts at the oldest version kept (`horizon`), with the concept as it was
        then (operation "oldest kept") if it existed."""
        import pyarrow as pa

        check_concept_id(concept_id)
        table = self._table()
        every = commits(table)
        infos = {commit.version: commit for commit in every}
        oldest = horizon(every)
        state: dict[str, dict[str, Any]] = {}
        versions: list[ConceptVersion] = []

        def concept_now() -> Concept | None:
            rows = sorted(state.values(), key=lambda row: row["position"])
            return Concept(tuple(_row_term(row) for row in rows), concept_id) if rows else None

        if oldest > 0:
            # The feed before the horizon names data files a vacuum deleted.
            kept = self.rows(version=oldest).filter(pl.col("concept_id") == concept_id)
            state = {row["term_id"]: row for row in kept.iter_rows(named=True)}
            if state:
                versions.append(
                    ConceptVersion(
                        version=oldest,
                        committed_at=infos[oldest].committed_at,
                        user=None,
                        operation="oldest kept",
                        concept=concept_now(),
                    )
                )
            if oldest >= int(table.version()):
                return tuple(versions)
        feed = pl.DataFrame(
            pa.table(
                table.load_cdf(
                    starting_version=oldest + 1 if oldest else 0,
                    # A checked id: letters, digits and _ . : - only.
                    predicate=f"concept_id = '{concept_id}'",
                ).read_all()
            )
        )
        if feed.is_empty():
            return tuple(versions)
        for (version,), part in feed.sort("_commit_version").group_by(
            "_commit_version", maintain_order=True
        ):
            changes = part.filter(pl.col("_change_type") != "update_preimage")
            for row in changes.filter(pl.col("_change_type") == "delete").iter_rows(named=True):
                state.pop(row["term_id"], None)
            for row in changes.filter(pl.col("_change_type") != "delete").iter_rows(named=True):
                state[row["term_id"]] = row
            concept = concept_now()
            commit = infos.get(int(version))
            stamp = part["_commit_timestamp"][0]
            versions.append(
                ConceptVersion(
                    version=int(version),
                    committed_at=commit.committed_at if commit else stamp.replace(tzinfo=dt.UTC),
                    user=commit.user if commit else None,
                    operation=commit.operation if commit else None,
                    concept=concept,
                    role=commit.role if commit else None,
                )
            )
        return tuple(versions)

    # writing ------------------------------------------------------------------------------

    def add(
        self, concepts: Iterable[Concept], *, user: str, operation: str = "add"
    ) -> TermbaseChange:
        """Merge concepts into the termbase in one commit, as an import does.

        An incoming concept is the entry of the same id when the termbase holds one, else
        the entry whose terms include the incoming concept's first term (same language tag,
        same text ignoring case), else a new entry (keeping the id it came with, if any).
        Into an entry it merges as `tm.termbase.model.merged` says: terms are added and
        updated, never removed. All concepts are validated before anything is written."""
        role = self.check_access(user)
        batch = validated_all(concepts)

        def plan(held: _Held, now: dt.datetime) -> _Plan:
            ids = held.ids()
            by_term = held.by_term() if any(c.concept_id is None for c in batch) else {}
            found: list[str | None] = []
            for incoming in batch:
                if incoming.concept_id is not None:
                    found.append(incoming.concept_id if incoming.concept_id in ids else None)
                else:
                    first = incoming.terms[0]
                    found.append(by_term.get((first.lang, first.text.casefold())))
            before_all = held.concepts(concept_id for concept_id in found if concept_id)
            after: dict[str, Concept] = {}
            fresh_terms: dict[tuple[str, str], str] = {}  # terms of concepts this batch adds
            for incoming, target in zip(batch, found, strict=True):
                if target is None and incoming.concept_id is None:
                    first = incoming.terms[0]
                    target = fresh_terms.get((first.lang, first.text.casefold()))
                target = target or incoming.concept_id
                current = after.get(target) or before_all.get(target) if target else None
                if current is None:
                    concept_id = target or new_concept_id()
                    result = stamped(replace(incoming, concept_id=concept_id), user, now)
                else:
                    result = merged(current, incoming, user=user, now=now)
                concept_id = result.concept_id or ""
                after[concept_id] = result
                if concept_id not in before_all:
                    for term in result.terms:
                        fresh_terms.setdefault((term.lang, term.text.casefold()), concept_id)
            return _Plan.of(
                (before_all.get(concept_id), concept) for concept_id, concept in after.items()
            )

        return self._write(plan, user=user, operation=operation, role=role)

    def put(
        self, concepts: Iterable[Concept], *, user: str, operation: str = "edit"
    ) -> TermbaseChange:
        """Make each concept exactly as given, in one commit: the editor's save. A concept
        without an id is new; terms it no longer has are removed; a term whose content did
        not change keeps its stamps."""
        role = self.check_access(user)
        batch = validated_all(concepts)

        def plan(held: _Held, now: dt.datetime) -> _Plan:
            states: list[tuple[Concept | None, Concept]] = []
            before_all = held.concepts(c.concept_id for c in batch if c.concept_id)
            for incoming in batch:
                concept_id = incoming.concept_id or new_concept_id()
                before = before_all.get(concept_id)
                old = {term.key: term for term in before.terms} if before else {}
                terms = []
                for term in incoming.terms:
                    kept = old.get(term.key)
                    if kept is not None and kept.content() == term.content():
                        terms.append(kept)
                    elif kept is not None:
                        terms.append(
                            replace(
                                term,
                                created_by=kept.created_by,
                                created_at=kept.created_at,
                                changed_by=user,
                                changed_at=now,
                            )
                        )
                    else:
                        terms.append(term)
                states.append((before, stamped(Concept(tuple(terms), concept_id), user, now)))
            return _Plan.of(states)

        return self._write(plan, user=user, operation=operation, role=role)

    def delete(self, concept_ids: Sequence[str], *, user: str) -> TermbaseChange:
        """Remove concepts; their earlier states stay in history and can be restored."""
        role = self.check_access(user)
        wanted = [check_concept_id(concept_id) for concept_id in dict.fromkeys(concept_ids)]

        def plan(held: _Held, now: dt.datetime) -> _Plan:
            states: list[tuple[Concept | None, Concept | None]] = [
                (concept, None) for concept in held.concepts(wanted).values()
            ]
            return _Plan(states, removed=len(states))

        return self._write(plan, user=user, operation="delete", role=role)

    def restore_concept(self, concept_id: str, version: int, *, user: str) -> TermbaseChange:
        """Put one concept back as it was at `version` (deleted, if it did not exist then), as
        a new commit; the rest of the termbase stays as it is (a change to one concept, as
        an edit is)."""
        role = self.check_access(user)
        check_concept_id(concept_id)
        self._check_restorable(version, self.version())
        then = _Held(self.uri, version).concepts([concept_id]).get(concept_id)

        def plan(held: _Held, now: dt.datetime) -> _Plan:
            before = held.concepts([concept_id]).get(concept_id)
            if before == then:
                return _Plan([], unchanged=1)
            return _Plan(
                [(before, then)],
                added=int(before is None),
                updated=int(before is not None and then is not None),
                removed=int(then is None),
            )

        return self._write(plan, user=user, operation=f"restore {concept_id} {version}", role=role)

    def restore(
        self, version: int, *, user: str, expect_latest: int | None = None
    ) -> TermbaseChange:
        """Make the whole termbase as it was at `version`, as a new commit, counted in
        concepts (`added`: deleted since and back, `updated`: changed since and reverted,
        `removed`: made since). For admins: it undoes every change made since, whoever made
        it, so `plan_restore` says first what it will undo; with `expect_latest` (the plan's
        latest version), a termbase written since the plan is refused rather than that
        work undone unseen. Restoring the version before the restore undoes it; restoring
        the latest version changes nothing and writes nothing."""
        from deltalake.exceptions import DeltaError

        role = self.check_access(user, RESTORE_OPERATION)
        self._check_restorable(version, self.version())

        def write() -> TermbaseChange:
            # Checked again here: under the writers' lock, after a conflict's retry too.
            latest = self.version()
            if expect_latest is not None and latest != expect_latest:
                raise StoreError(
                    f"{self.uri}: the termbase changed since the restore was planned (version "
                    f"{expect_latest}, now {latest}): look at what it would undo again"
                )
            changes = _concept_changes(self.rows(version=version), self.rows(version=latest))
            counted = TermbaseChange(
                added=changes.returned,
                updated=changes.reverted,
                unchanged=changes.unchanged,
                removed=changes.removed,
                version=latest,
            )
            if version == latest:  # Delta refuses it; there is nothing to undo anyway
                return counted
            self._table().restore(
                version, commit_properties=_commit_properties(user, f"restore {version}", role)
            )
            return replace(counted, version=latest + 1)

        try:
            return self._retrying(write)
        except DeltaError as error:
            if "missing file" not in str(error).lower():
                raise
            raise StoreError(
                f"{self.uri}: version {version} can no longer be restored: a vacuum removed "
                "data files it needs (`python -m tm term log` lists the versions kept)"
            ) from None

    def _retrying(self, write: Callable[[], _T]) -> _T:
        # The TM's commit loop: the lock file for local writers, backoff on conflicts.
        return TranslationMemory(self.uri)._retrying(write)

    def _write(
        self,
        plan: Callable[[_Held, dt.datetime], _Plan],
        *,
        user: str,
        operation: str,
        role: Role | None = None,
    ) -> TermbaseChange:
        """Plan against the table as it is (under the lock, again after a conflict) and
        write the plan's rows in one commit, stamped with the user and the `role` their
        write was allowed in (the log shows both, as the TM's does)."""
        from deltalake import write_deltalake

        now = dt.datetime.now(dt.UTC)

        def write() -> TermbaseChange:
            table = self._table()
            version = int(table.version())
            result = plan(_Held(self.uri, version), now)
            source = _write_frame(result.states)
            if not source.is_empty():
                fresh = all(before is None for before, _ in result.states)
                if fresh and _local(self.uri):
                    # Only new concepts, and local writers hold the lock: a plain append.
                    write_deltalake(
                        self.uri,
                        _arrow(source.drop(_DELETE)),
                        mode="append",
                        commit_properties=_commit_properties(user, operation, role),
                    )
                else:
                    columns = {name: f"s.{name}" for name in TERMS_SCHEMA}
                    (
                        table.merge(
                            source=_arrow(source),
                            predicate="t.term_id = s.term_id",
                            source_alias="s",
                            target_alias="t",
                            commit_properties=_commit_properties(user, operation, role),
                        )
                        .when_matched_delete(predicate=f"s.{_DELETE}")
                        .when_matched_update(updates=columns, predicate=f"NOT s.{_DELETE}")
                        .when_not_matched_insert(updates=columns, predicate=f"NOT s.{_DELETE}")
                        .execute()
                    )
                version += 1
            return TermbaseChange(
                result.added, result.updated, result.unchanged, result.removed, version
            )

        change = self._retrying(write)
        return replace(change, version=self.version())


def _create_table(uri: str) -> None:
    """An empty termbase at `uri`, unless one is there. On a full disk (or quota), a
    `StoreError` saying so, and what this call made is gone: the folder, when it made it,
    else what it made inside (the lock file, the log folder), so that no empty termbase is
    left that the next command would take for one."""
    from deltalake import DeltaTable, write_deltalake

    folder = Path(uri) if _local(uri) else None
    existed = folder is not None and folder.exists()
    before = set(folder.iterdir()) if folder is not None and existed else set()
    try:
        with _local_lock(uri):
            if DeltaTable.is_deltatable(uri):
                return
            try:
                write_deltalake(
                    uri,
                    _arrow(pl.DataFrame(schema=TERMS_SCHEMA)),
                    mode="error",
                    configuration=_TABLE_CONFIGURATION,
                    commit_properties=_commit_properties("system", "create"),
                )
            except Exception:  # deltalake raises several unrelated types for "exists"
                if DeltaTable.is_deltatable(uri):
                    return
                raise
    except Exception as error:
        if not out_of_space(error):
            raise
        if folder is not None:
            _remove_made(folder, None if not existed else before)
        raise StoreError(
            f"{uri}: no space left on device; nothing was written (free some space and try again)"
        ) from None


def _remove_made(folder: Path, before: set[Path] | None) -> None:
    """Take away what a failed creation made: the whole folder (`before` None: it made the
    folder), else the entries of the folder that were not there `before`."""
    made = [folder] if before is None else [path for path in folder.iterdir() if path not in before]
    for path in made:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
