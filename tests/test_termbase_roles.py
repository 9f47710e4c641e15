"""Who may write a termbase: the users of the TM it belongs to, each within their role.

A role x operation table, in the store (`tm.store_terms.Termbase`) and through `python -m
tm term`: editors and admins change concepts, only admins restore the whole termbase, a
translator, a linguist and a user the shared TM does not list are refused with one line and
nothing written; a termbase with no TM beside it, or beside a TM without users, is
single-user."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from tests.test_cli import run
from tm.access import Role
from tm.cli import main
from tm.demo import demo_units
from tm.errors import AccessError
from tm.store import TranslationMemory
from tm.store_terms import Termbase, TermbaseChange, default_termbase_uri, tm_beside
from tm.termbase import (
    Concept,
    Term,
    TermCandidate,
    TermIndex,
    accept_candidates,
    extract_candidates,
    import_terms,
)
from tm.unit import units_frame

ROLES = {
    "tolkyn": Role.TRANSLATOR,
    "lina": Role.LINGUIST,
    "erlan": Role.EDITOR,
    "ainur": Role.ADMIN,
}
STRANGER = "stranger"  # listed nowhere
OWNER = "owner"  # made the TM, so its first admin
GLOSSARY = "kk\ten\nМәжіліс\tMazhilis\n"


@pytest.fixture(scope="module")
def shared_tm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shared TM of the demo's approved units listing a user in each role (made once: the
    tests only read it)."""
    path = tmp_path_factory.mktemp("shared") / "tm"
    memory = TranslationMemory.create(path, demo_units(), user=OWNER)
    for name, role in ROLES.items():
        memory.set_role(name, role, user=OWNER)
    return path


def _seeded(uri: str | Path, tm_uri: str | Path | None) -> tuple[Termbase, str]:
    """A termbase with one concept changed once by the owner (versions 1 and 2), and its id."""
    termbase = Termbase.open(uri, create=True, tm_uri=tm_uri)
    senate = Concept((Term("kk", "Сенат"), Term("en", "Senate")))
    termbase.add([senate], user=OWNER)
    (stored,) = termbase.concepts()
    changed = replace(stored, terms=(*stored.terms, Term("ru", "Сенат")))
    termbase.put([changed], user=OWNER)
    return termbase, stored.concept_id or ""


@cache
def _first_candidate_id() -> str:
    """The id `term extract --accept` takes for the first candidate the demo's approved
    units give beside a termbase holding `_seeded`'s concept."""
    senate = TermIndex([Concept((Term("kk", "Сенат"), Term("en", "Senate")))], version=2)
    first = extract_candidates(units_frame(demo_units()), "kk", "en", limit=1, termbase=senate)
    return first[0].candidate_id


def _candidate() -> TermCandidate:
    return TermCandidate(
        source="Парламент",
        target="Parliament",
        src_lang="kk",
        tgt_lang="en",
        count=3,
        together=3,
        target_count=3,
        dice=1.0,
        score=2.0,
        named=True,
        forms=("Парламентке",),
        target_forms=("Parliament",),
        examples=("u1",),
    )


Write = Callable[[Termbase, str, str], TermbaseChange]

# Every write of the termbase: (termbase, concept id, user) -> what it did.
WRITES: dict[str, Write] = {
    "add": lambda base, _, user: base.add(
        [Concept((Term("kk", "Үкімет"), Term("en", "Government")))], user=user
    ),
    "import": lambda base, _, user: (
        import_terms(
            base, io.BytesIO(GLOSSARY.encode()), source="g.tsv", format="tsv", user=user
        ).change
    ),
    "edit": lambda base, concept_id, user: base.put(
        [Concept((Term("kk", "Сенат"), Term("en", "the Senate")), concept_id)], user=user
    ),
    "delete": lambda base, concept_id, user: base.delete([concept_id], user=user),
    "restore a concept": lambda base, concept_id, user: base.restore_concept(
        concept_id, 1, user=user
    ),
    "accept candidates": lambda base, _, user: accept_candidates(base, [_candidate()], user=user),
    "restore the termbase": lambda base, _, user: base.restore(1, user=user),
}
ADMIN_ONLY = {"restore the termbase"}


def _may(user: str, write: str) -> bool:
    role = ROLES.get(user)
    if write in ADMIN_ONLY:
        return role is Role.ADMIN
    return role in (Role.EDITOR, Role.ADMIN)


TABLE = [(write, user) for write in WRITES for user in (*ROLES, STRANGER)]


def test_the_table_allows_and_refuses_in_every_row() -> None:
    assert {_may(user, write) for write, user in TABLE} == {True, False}
    assert len(TABLE) == len(WRITES) * 5


@pytest.mark.parametrize(("write", "user"), TABLE)
def test_role_by_termbase_write_in_the_store(
    shared_tm: Path, tmp_path: Path, write: str, user: str
) -> None:
    # A termbase named for the TM, not at its default place: it is the TM's all the same.
    termbase, concept_id = _seeded(tmp_path / "terms", tm_uri=shared_tm)
    before = termbase.concepts()
    if _may(user, write):
        change = WRITES[write](termbase, concept_id, user)
        assert change.version == termbase.version() == 3
        assert termbase.log()[0].user == user
        return
    with pytest.raises(AccessError) as refused:
        WRITES[write](termbase, concept_id, user)
    message = str(refused.value)
    assert "\n" not in message
    assert repr(user) in message
    assert ("not a user of this shared TM" in message) == (user == STRANGER)
    assert termbase.version() == 2
    assert termbase.concepts() == before


def test_the_termbase_beside_a_tm_answers_to_its_users(shared_tm: Path, tmp_path: Path) -> None:
    beside = Termbase(default_termbase_uri(shared_tm))
    assert beside.tm_uri == str(shared_tm)
    assert beside.check_access("erlan") is Role.EDITOR
    assert beside.check_access("ainur", "restore") is Role.ADMIN
    with pytest.raises(AccessError, match="'lina' is a linguist and may not change the termbase"):
        beside.check_access("lina")
    with pytest.raises(AccessError, match="'erlan' is an editor and may not restore"):
        beside.check_access("erlan", "restore")


@pytest.mark.parametrize("write", list(WRITES))
def test_a_termbase_without_a_shared_tm_is_single_user(tmp_path: Path, write: str) -> None:
    # Its own folder (no TM beside it), then beside a TM that lists nobody.
    alone, concept_id = _seeded(tmp_path / "glossary", tm_uri=None)
    assert alone.tm_uri is None
    assert WRITES[write](alone, concept_id, "anyone").version == 3

    TranslationMemory.create(tmp_path / "tm", user=OWNER)
    beside, concept_id = _seeded(default_termbase_uri(tmp_path / "tm"), tm_uri=None)
    assert beside.tm_uri == str(tmp_path / "tm")
    assert WRITES[write](beside, concept_id, "anyone").version == 3


@pytest.mark.parametrize(
    ("termbase", "tm"),
    [
        ("/data/tm-terms", "/data/tm"),
        ("/data/tm-terms/", "/data/tm"),
        ("s3://bucket/kk/tm-terms", "s3://bucket/kk/tm"),
        ("/data/glossary", None),
        ("/data/-terms", None),
    ],
)
def test_the_tm_a_termbase_stands_beside(termbase: str, tm: str | None) -> None:
    assert tm_beside(termbase) == tm
    assert Termbase(termbase).tm_uri == tm


# --- through the CLI ---------------------------------------------------------------------------

# Each write command, as the arguments after `term` (the termbase's options are added).
COMMANDS: dict[str, Callable[[Path, str], list[str]]] = {
    "add": lambda _, __: ["add", "Үкімет", "Government", "--src-lang", "kk", "--tgt-lang", "en"],
    "import": lambda folder, _: ["import", str(folder / "g.tsv")],
    "restore a concept": lambda _, concept_id: [
        "restore",
        "--version",
        "1",
        "--concept",
        concept_id,
    ],
    "accept candidates": lambda _, __: [
        "extract",
        "--src-lang",
        "kk",
        "--tgt-lang",
        "en",
        "--accept",
        _first_candidate_id(),
    ],
    "restore the termbase": lambda _, __: ["restore", "--version", "1", "--yes"],
}
CLI_TABLE = [(command, user) for command in COMMANDS for user in (*ROLES, STRANGER)]


@pytest.mark.parametrize(("command", "user"), CLI_TABLE)
def test_role_by_term_command(shared_tm: Path, tmp_path: Path, command: str, user: str) -> None:
    (tmp_path / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    uri = tmp_path / "terms"
    termbase, concept_id = _seeded(uri, tm_uri=shared_tm)
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "term", *COMMANDS[command](tmp_path, concept_id),
        "--termbase", str(uri), "--tm", str(shared_tm), "--user", user,
    ]  # fmt: skip
    code = main(argv, stdout=out, stderr=err)
    if _may(user, command):
        assert (code, err.getvalue()) == (0, "")
        assert termbase.version() == 3
        assert termbase.log()[0].user == user
        return
    assert code == 1
    assert out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert repr(user) in lines[0]
    assert termbase.version() == 2


def test_a_refused_user_makes_no_termbase_and_the_process_exits_1(
    shared_tm: Path, tmp_path: Path
) -> None:
    uri = tmp_path / "new-terms"
    refused = run(
        "term", "add", "Сенат", "Senate", "--src-lang", "kk", "--tgt-lang", "en",
        "--termbase", uri, "--tm", shared_tm, "--user", "tolkyn",
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr == "error: 'tolkyn' is a translator and may not change the termbase\n"
    assert not Termbase.exists(uri)

    allowed = run(
        "term", "add", "Сенат", "Senate", "--src-lang", "kk", "--tgt-lang", "en",
        "--termbase", uri, "--tm", shared_tm, "--user", "erlan",
    )  # fmt: skip
    assert allowed.returncode == 0, allowed.stderr
    assert [c.terms[1].text for c in Termbase(uri).concepts()] == ["Senate"]


def test_a_role_claimed_at_sign_in_lets_an_editor_change_the_termbase(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", user="owner")
    memory.set_role("tr", Role.TRANSLATOR, user="owner")
    termbase = Termbase(str(tmp_path / "tm-terms"))
    with pytest.raises(AccessError):
        termbase.check_access("tr")
    TranslationMemory(memory.uri).claim_role("tr", Role.EDITOR)  # another handle, same TM
    try:
        assert termbase.check_access("tr") == Role.EDITOR
    finally:
        memory.claim_role("tr", None)
    with pytest.raises(AccessError):
        termbase.check_access("tr")
