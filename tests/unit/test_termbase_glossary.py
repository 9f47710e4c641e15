"""Glossary tables (tm.termbase.glossary): memoQ, Trados-style and OmegaT layouts, and ours."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from tm.errors import FormatError, InputError
from tm.formats._fields import Skip
from tm.store_terms import Termbase
from tm.termbase import Concept, Term, guess_term_format, import_terms, read_terms, write_terms
from tm.termbase.glossary import language_of


def _read(
    text: str | bytes,
    format: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> list[Concept | Skip]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(
        read_terms(
            io.BytesIO(data),
            source="glossary",
            format=format,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
        )
    )


def _terms(records: list[Concept | Skip]) -> list[list[tuple[str, str, str]]]:
    return [
        [(t.lang, t.text, t.status) for t in record.terms]
        for record in records
        if isinstance(record, Concept)
    ]


@pytest.mark.parametrize(
    ("cell", "tag"),
    [
        ("en-GB", "en-GB"),
        ("kk", "kk"),
        ("KK_kz", "kk-KZ"),
        ("English_United_Kingdom", "en-GB"),
        ("English (United States)", "en-US"),
        ("Kazakh", "kk"),
        ("Russian_Russia", "ru-RU"),
        ("Kazakh (Cyrillic)", "kk-Cyrl"),
        ("Definition", None),
        ("English_Narnia", None),
        ("Term_Info", None),
        # Shaped like tags, but no language of ISO 639-1: not a header's language.
        ("foo", None),
        ("bar", None),
        ("the", None),
        ("xx-YY", None),
        ("kaz", "kk"),
        ("de", "de"),
    ],
)
def test_header_cells_name_languages_as_tools_write_them(cell: str, tag: str | None) -> None:
    assert language_of(cell) == tag


def test_a_two_column_tsv_whose_header_names_the_languages() -> None:
    records = _read("kk\ten\nҮкімет\tGovernment\nҰлттық банк\tNational Bank\n", "tsv", "kk", "en")
    assert _terms(records) == [
        [("kk", "Үкімет", "preferred"), ("en", "Government", "preferred")],
        [("kk", "Ұлттық банк", "preferred"), ("en", "National Bank", "preferred")],
    ]


MEMOQ = (
    "Entry_ID;Entry_Subject;Entry_Domain;Entry_ClientID;Entry_ProjectID;Entry_Created;"
    "Entry_Creator;Entry_LastModified;Entry_Modifier;Entry_Note;English_United_Kingdom_Def;"
    "English_United_Kingdom;Term_Info;Term_Example;Kazakh_Def;Kazakh;Term_Info;Term_Example;"
    "Kazakh;Term_Info;Term_Example\n"
    "17;;Finance;;;11/18/2025 10:30:00 AM;anna;11/19/2025 2:05:00 PM;berik;use in news;"
    "The central bank;National Bank;|0;The National Bank said;;Ұлттық банк;;;ҰБ;;\n"
    "18;;;;;;;;;;;Parliament;;;;Парламент;;;;;\n"
)


def test_a_memoq_csv_export() -> None:
    first, second = _read("\ufeff" + MEMOQ, "csv")
    assert isinstance(first, Concept)
    assert isinstance(second, Concept)
    assert first.concept_id == "17"
    english, kazakh, short = first.terms
    assert (english.lang, english.text, english.definition, english.note) == (
        "en-GB",
        "National Bank",
        "The central bank",
        "use in news",
    )
    assert [(t.lang, t.text) for t in (kazakh, short)] == [("kk", "Ұлттық банк"), ("kk", "ҰБ")]
    assert {t.domain for t in first.terms} == {"Finance"}
    assert (kazakh.note, kazakh.definition) == (None, None)  # entry notes: the source term's
    assert (english.created_by, english.created_at) == (
        "anna",
        dt.datetime(2025, 11, 18, 10, 30, tzinfo=dt.UTC),
    )
    assert (english.changed_by, english.changed_at) == (
        "berik",
        dt.datetime(2025, 11, 19, 14, 5, tzinfo=dt.UTC),
    )
    assert [(t.lang, t.text) for t in second.terms] == [
        ("en-GB", "Parliament"),
        ("kk", "Парламент"),
    ]


def test_a_trados_style_csv_with_entry_columns() -> None:
    text = (
        "ID,en-GB,kk,Definition,Note,Status\n"
        '7,"Bank, central",Ұлттық банк,The central bank,"says ""NB"" too",\n'
        ",Regime,Режим,,,forbidden\n"
    )
    first, second = _read(text, "csv", src_lang="kk")
    assert isinstance(first, Concept)
    assert isinstance(second, Concept)
    english, kazakh = first.terms
    assert (first.concept_id, second.concept_id) == ("7", None)
    assert english.text == "Bank, central"
    assert (kazakh.definition, kazakh.note) == ("The central bank", 'says "NB" too')
    assert (english.definition, english.note) == (None, None)
    assert [(t.text, t.status) for t in second.terms] == [
        ("Regime", "forbidden"),
        ("Режим", "preferred"),
    ]


def test_a_semicolon_csv_in_utf16_as_excel_saves_it() -> None:
    text = "Kazakh;Russian;Note\r\nҮкімет;Правительство;ресми\r\n"
    (concept,) = _read(text.encode("utf-16"), "csv")
    assert isinstance(concept, Concept)
    assert [(t.lang, t.text, t.note) for t in concept.terms] == [
        ("kk", "Үкімет", "ресми"),
        ("ru", "Правительство", None),
    ]


def test_an_omegat_glossary() -> None:
    text = (
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
        "Үкімет\tGovernment\tthe executive\n"
        " Ұлттық банк \t National Bank \n"
        "жалғыз\n"
    )
    records = _read(text, "omegat", "kk", "en")
    assert _terms(records) == [
        [("kk", "Үкімет", "preferred"), ("en", "Government", "preferred")],
        [("kk", "Ұлттық банк", "preferred"), ("en", "National Bank", "preferred")],
    ]
    assert records[0].terms[0].note == "the executive"  # type: ignore[union-attr]
    assert records[2] == Skip("a line without a source and a target term", 4)
    with pytest.raises(FormatError, match="give --src-lang and --tgt-lang"):
        _read(text, "tsv")


def test_only_the_languages_asked_for_are_read_and_they_must_be_there() -> None:
    text = "kk\ten\tru\nҮкімет\tGovernment\tПравительство\n\tParliament\tПарламент\n"
    records = _read(text, "tsv", "kk", "ru")
    assert _terms(records) == [
        [("kk", "Үкімет", "preferred"), ("ru", "Правительство", "preferred")],
    ]
    # No Kazakh term on line 3: a term in one language only is not a concept to import.
    assert [(r.reason, r.line) for r in records if isinstance(r, Skip)] == [
        ("a row with terms in one language only (an empty cell)", 3)
    ]
    with pytest.raises(FormatError, match="no column in de") as caught:
        _read(text, "tsv", "kk", "de")
    assert (caught.value.line, caught.value.field) == (1, "tgt_lang")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("kk,en,English_Forbidden\nа,b,maybe\n", "not True or False", 2),
        ("kk,en\nа,b,c\n", "expected 2 fields", 2),
        ("source,target\nа,b\n", "must name its columns", 1),
        ('kk,en\n"а,b\n', "does not close", 2),
        ("kk,en,Status\nа,b,approved\n", "unknown status 'approved'", 2),
        ("kk,en,Entry_Created\nа,b,yesterday\n", "not a date", 2),
    ],
)
def test_bad_glossaries_fail_with_their_line(text: str, message: str, line: int) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        _read(text, "csv")
    assert caught.value.line == line


def _ours() -> list[Concept]:
    return [
        Concept(
            (
                Term("kk", "Ұлттық банк", part_of_speech="noun", definition="Орталық банк"),
                Term("en", "National Bank", note="=official", source="nationalbank.kz"),
                Term("en", "NBK", status="admitted", domain="finance"),
                Term("ru", "-банк", status="forbidden"),
            ),
            "c1",
        ),
        Concept((Term("kk", "Үкімет"), Term("ru", "Правительство")), "c2"),
    ]


@pytest.mark.parametrize("format", ["csv", "tsv"])
def test_our_tables_read_back_identically(format: str) -> None:
    out = io.BytesIO()
    assert write_terms(_ours(), out, format=format, src_lang="kk") == 2
    data = out.getvalue()
    assert data.decode("utf-8-sig").startswith("Entry_ID" + ("," if format == "csv" else "\t"))
    if format == "csv":
        assert b"'=official" in data  # a spreadsheet does not run it
    assert _read(data, format) == _ours()


def test_an_omegat_export_is_one_line_per_usable_pair() -> None:
    out = io.BytesIO()
    assert write_terms(_ours(), out, format="omegat", src_lang="kk", tgt_lang="en") == 2
    assert out.getvalue().decode() == (
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
        "Ұлттық банк\tNational Bank\n"
        "Ұлттық банк\tNBK\n"
    )
    with pytest.raises(InputError, match="give --src-lang and --tgt-lang"):
        write_terms(_ours(), io.BytesIO(), format="omegat", src_lang="kk")


@pytest.mark.parametrize(
    ("name", "format"),
    [("terms.tbx", "tbx"), ("a.CSV", "csv"), ("b.tsv", "tsv"), ("glossary.txt", "tsv")],
)
def test_formats_are_guessed_from_the_name(name: str, format: str) -> None:
    assert guess_term_format(name) == format


def test_a_row_with_a_term_in_one_language_only_is_skipped_and_counted(tmp_path: Path) -> None:
    text = "kk\ten\n\tOne\nЕкі\t\nҮш\tThree\n"
    records = _read(text, "tsv")
    assert _terms(records) == [[("kk", "Үш", "preferred"), ("en", "Three", "preferred")]]
    skips = [(r.reason, r.line) for r in records if isinstance(r, Skip)]
    reason = "a row with terms in one language only (an empty cell)"
    assert skips == [(reason, 2), (reason, 3)]
    termbase = Termbase.open(tmp_path / "terms", create=True)
    done = import_terms(
        termbase, io.BytesIO(text.encode()), source="g.tsv", format="tsv", user="me"
    )
    assert done.summary().endswith(f"skipped 2: {reason}")
    assert [len(concept.terms) for concept in termbase.concepts()] == [2]


def test_a_first_row_of_words_shaped_like_tags_is_data_not_languages() -> None:
    text = "foo\tbar\nҮкімет\tGovernment\n"
    with pytest.raises(FormatError, match="no header naming its languages") as caught:
        _read(text, "tsv")
    assert caught.value.line == 1
    assert _terms(_read(text, "tsv", "kk", "en")) == [
        [("kk", "foo", "preferred"), ("en", "bar", "preferred")],
        [("kk", "Үкімет", "preferred"), ("en", "Government", "preferred")],
    ]
    with pytest.raises(FormatError, match="must name its columns") as caught:
        _read("foo,bar\nҮкімет,Government\n", "csv", "kk", "en")
    assert caught.value.line == 1
