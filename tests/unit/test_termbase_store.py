"""The termbase table (tm.store_terms): merges, saves, deletes, history and restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.errors import InputError, StoreError
from tm.store_terms import Termbase, default_termbase_uri
from tm.termbase import Concept, Term


def _texts(concept: Concept | None) -> list[tuple[str, str, str]] | None:
    if concept is None:
        return None
    return [(t.lang, t.text, t.status) for t in concept.terms]


@pytest.fixture
def termbase(tmp_path: Path) -> Termbase:
    return Termbase.open(tmp_path / "tm-terms", create=True)


def test_the_default_termbase_sits_beside_the_tm() -> None:
    assert default_termbase_uri("/data/tm") == "/data/tm-terms"
    assert default_termbase_uri("/data/tm/") == "/data/tm-terms"
    assert default_termbase_uri("s3://bucket/kk/tm") == "s3://bucket/kk/tm-terms"


def test_opening_a_missing_termbase_without_create_fails(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no termbase there"):
        Termbase.open(tmp_path / "none")
    assert not Termbase.exists(tmp_path / "none")


def test_an_import_merges_by_first_term_and_a_second_import_changes_nothing(
    termbase: Termbase,
) -> None:
    glossary = [
        Concept((Term("kk", "Үкімет"), Term("en", "Government"))),
        Concept((Term("kk", "банк"), Term("en", "bank"))),
    ]
    first = termbase.add(glossary, user="ann")
    assert (first.added, first.updated, first.version) == (2, 0, 1)
    again = termbase.add(glossary, user="ann")
    assert (again.added, again.updated, again.unchanged, again.version) == (0, 0, 2, 1)
    more = termbase.add([Concept((Term("kk", "үкімет"), Term("ru", "Правительство")))], user="bob")
    assert (more.added, more.updated, more.version) == (0, 1, 2)
    government = next(c for c in termbase.concepts() if c.terms[0].text == "Үкімет")
    assert _texts(government) == [
        ("kk", "Үкімет", "preferred"),
        ("en", "Government", "preferred"),
        ("ru", "Правительство", "preferred"),
    ]
    assert [t.created_by for t in government.terms] == ["ann", "ann", "bob"]
    assert len(termbase.concepts()) == 2


def test_concepts_with_ids_merge_by_id_and_new_ids_are_kept(termbase: Termbase) -> None:
    termbase.add([Concept((Term("kk", "банк"), Term("en", "bank")), "c7")], user="ann")
    termbase.add(
        [
            Concept(
                (Term("en", "bank", status="admitted"), Term("en", "credit institution")), "c7"
            ),
            Concept((Term("kk", "банк"),), "c8"),  # the same term under a new id: a new entry
        ],
        user="bob",
    )
    assert _texts(termbase.concept("c7")) == [
        ("kk", "банк", "preferred"),
        ("en", "bank", "admitted"),
        ("en", "credit institution", "preferred"),
    ]
    assert _texts(termbase.concept("c8")) == [("kk", "банк", "preferred")]
    with pytest.raises(InputError, match="no concept c9"):
        termbase.concept("c9")


def test_a_bad_concept_writes_nothing(termbase: Termbase) -> None:
    with pytest.raises(InputError) as caught:
        termbase.add(
            [Concept((Term("kk", "банк"),)), Concept((Term("kk", "x", status="maybe"),))],
            user="ann",
        )
    assert (caught.value.line, caught.value.field) == (2, "status")
    assert termbase.version() == 0
    with pytest.raises(InputError, match="user"):
        termbase.add([Concept((Term("kk", "банк"),))], user=" ")


def test_put_replaces_a_concept_and_keeps_the_stamps_of_unchanged_terms(
    termbase: Termbase,
) -> None:
    termbase.add(
        [Concept((Term("kk", "Үкімет"), Term("en", "Government"), Term("en", "Cabinet")), "g")],
        user="ann",
    )
    kazakh, english, _ = termbase.concept("g").terms
    change = termbase.put(
        [
            Concept(
                (kazakh, Term("en", "Government", status="admitted"), Term("ru", "Правительство")),
                "g",
            )
        ],
        user="eve",
    )
    assert (change.updated, change.added) == (1, 0)
    saved = termbase.concept("g")
    assert _texts(saved) == [
        ("kk", "Үкімет", "preferred"),
        ("en", "Government", "admitted"),
        ("ru", "Правительство", "preferred"),
    ]
    assert saved.terms[0] == kazakh  # unchanged: its stamps too
    assert (saved.terms[1].created_by, saved.terms[1].changed_by) == ("ann", "eve")
    assert saved.terms[1].created_at == english.created_at
    assert termbase.put([saved], user="eve").unchanged == 1


def test_history_and_restore_of_a_concept(termbase: Termbase) -> None:
    termbase.add([Concept((Term("kk", "банк"), Term("en", "bank")), "b")], user="ann")
    termbase.add([Concept((Term("kk", "Үкімет"),), "g")], user="ann")
    termbase.add([Concept((Term("en", "bank", status="forbidden"),), "b")], user="bob")
    termbase.put([Concept((Term("kk", "банк"), Term("en", "lender")), "b")], user="eve")
    termbase.delete(["b"], user="zed")

    history = termbase.history("b")
    assert [(state.version, state.user, _texts(state.concept)) for state in history] == [
        (1, "ann", [("kk", "банк", "preferred"), ("en", "bank", "preferred")]),
        (3, "bob", [("kk", "банк", "preferred"), ("en", "bank", "forbidden")]),
        (4, "eve", [("kk", "банк", "preferred"), ("en", "lender", "preferred")]),
        (5, "zed", None),
    ]
    assert [state.operation for state in history] == ["add", "add", "edit", "delete"]
    assert termbase.history("nothing") == ()

    restored = termbase.restore_concept("b", 3, user="ann")
    assert (restored.added, restored.version) == (1, 6)
    assert _texts(termbase.concept("b")) == _texts(history[1].concept)
    assert _texts(termbase.concept("g")) == [("kk", "Үкімет", "preferred")]
    assert termbase.history("b")[-1].operation == "restore b 3"
    assert termbase.restore_concept("b", 3, user="ann").unchanged == 1
    with pytest.raises(InputError, match="no version 60"):
        termbase.restore_concept("b", 60, user="ann")


def test_restoring_the_whole_termbase_is_a_new_version(termbase: Termbase) -> None:
    termbase.add([Concept((Term("kk", "банк"),), "b")], user="ann")
    termbase.delete(["b"], user="zed")
    assert termbase.concepts() == ()
    plan = termbase.plan_restore(1)
    assert (plan.removed, plan.returned, plan.reverted, plan.users) == (0, 1, 0, ("zed",))
    change = termbase.restore(1, user="ann", expect_latest=plan.latest)
    assert (change.added, change.updated, change.removed, change.version) == (1, 0, 0, 3)
    assert _texts(termbase.concept("b")) == [("kk", "банк", "preferred")]
    assert [commit.operation for commit in termbase.log()][:2] == ["restore 1", "delete"]
    assert termbase.history("b")[-1].concept is not None


def test_the_index_is_of_the_current_version(termbase: Termbase) -> None:
    termbase.add([Concept((Term("kk", "банк"), Term("en", "bank")))], user="ann")
    index = termbase.index()
    assert index.version == termbase.version() == 1
    assert len(index.concepts) == 1
