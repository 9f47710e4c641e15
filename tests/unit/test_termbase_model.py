"""Concepts and terms: validation and merging (tm.termbase.model), and the public names."""

from __future__ import annotations

import datetime as dt

import pytest

import tm.termbase
from tm.errors import InputError, LanguageError
from tm.termbase import Concept, Term, validated
from tm.termbase.model import merged, new_concept_id, stamped

NOW = dt.datetime(2025, 11, 18, 10, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=1)


def test_every_public_name_resolves() -> None:
    for name in tm.termbase.__all__:
        assert getattr(tm.termbase, name) is not None, name
    with pytest.raises(AttributeError):
        _ = tm.termbase.nothing_here


@pytest.mark.parametrize(
    ("term", "field", "message"),
    [
        (Term("kk", "  "), "term", "empty"),
        (Term("kk", "банк", status="approved"), "status", "unknown status 'approved'"),
        (Term("kk", "банк", part_of_speech="noun phrase"), "part_of_speech", "noun phrase"),
        (Term("kk", "банк", created_at=dt.datetime(2025, 1, 1)), "created_at", "time zone"),
        (Term("kk", "б" * 1001), "term", "longer than 1000"),
    ],
)
def test_a_bad_term_names_its_field(term: Term, field: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        validated(Concept((term,)), source="glossary.csv", line=7)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"glossary.csv, line 7, field {field!r}: ")


def test_a_bad_language_tag_is_a_language_error() -> None:
    with pytest.raises(LanguageError) as caught:
        validated(Concept((Term("not a tag", "банк"),)))
    assert caught.value.field == "lang"


@pytest.mark.parametrize(
    ("concept", "field"),
    [
        (Concept(()), "terms"),
        (Concept((Term("kk", "банк"), Term("kk", " банк "))), "term"),
        (Concept((Term("kk", "банк"),), concept_id="two words"), "concept_id"),
        (Concept((Term("kk", "банк"),), concept_id="x'; DROP"), "concept_id"),
    ],
)
def test_a_bad_concept_names_its_field(concept: Concept, field: str) -> None:
    with pytest.raises(InputError) as caught:
        validated(concept)
    assert caught.value.field == field


def test_validation_makes_tags_and_text_canonical() -> None:
    concept = validated(
        Concept(
            (
                Term("kk_kz", "  Ұлттық   банк\n", part_of_speech="properNoun", note=" "),
                Term("ENG", "National Bank", definition="  the central bank "),
            )
        )
    )
    first, second = concept.terms
    assert (first.lang, first.text, first.part_of_speech, first.note) == (
        "kk-KZ",
        "Ұлттық банк",
        "noun",
        None,
    )
    assert (second.lang, second.definition) == ("en", "the central bank")
    assert validated(concept) is not concept  # a new concept, its terms reused
    assert validated(concept).terms[0] is concept.terms[0]


def test_translations_put_preferred_first_and_leave_forbidden_out() -> None:
    concept = Concept(
        (
            Term("kk", "Үкімет"),
            Term("en", "Cabinet", status="admitted"),
            Term("en", "Regime", status="forbidden"),
            Term("en-GB", "Government"),
        )
    )
    assert [t.text for t in concept.translations("en")] == ["Government", "Cabinet"]
    assert [t.text for t in concept.translations("en-US")] == ["Cabinet"]
    assert concept.languages == ("kk", "en", "en-GB")


def test_merging_updates_given_fields_and_stamps_only_real_changes() -> None:
    existing = stamped(
        Concept(
            (Term("kk", "Үкімет", note="kept"), Term("en", "Government", domain="politics")),
            "c1",
        ),
        "ann",
        NOW,
    )
    incoming = Concept(
        (
            Term("kk", "үкімет", definition="the executive"),  # the same term, other case
            Term("en", "Government", domain="politics"),  # nothing new
            Term("ru", "Правительство"),
        )
    )
    result = merged(existing, incoming, user="bob", now=LATER)
    kazakh, english, russian = result.terms
    assert (kazakh.text, kazakh.note, kazakh.definition) == ("Үкімет", "kept", "the executive")
    assert (kazakh.created_by, kazakh.changed_by, kazakh.changed_at) == ("ann", "bob", LATER)
    assert english == existing.terms[1]
    assert (russian.created_by, russian.created_at) == ("bob", LATER)
    assert russian.domain is None  # the entry's terms do not agree on one
    assert result.concept_id == "c1"
    political = stamped(Concept((Term("kk", "Үкімет", domain="politics"),), "c2"), "ann", NOW)
    added = merged(political, Concept((Term("en", "Cabinet"),)), user="bob", now=LATER)
    assert added.terms[1].domain == "politics"
    forbidding = Concept((Term("en", "Government", status="forbidden"),))
    assert merged(existing, forbidding, user="eve", now=LATER).terms[1].status == "forbidden"


def test_new_concept_ids_are_valid_and_sort_by_time() -> None:
    first = new_concept_id()
    second = new_concept_id()
    assert validated(Concept((Term("kk", "а"),), first)).concept_id == first
    assert first[:13] <= second[:13]
    assert first != second
