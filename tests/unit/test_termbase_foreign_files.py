"""Termbase files as other tools write them (tests/data/termbase/, written by hand after the
specifications and the tools' documentation): TBX-Basic 2008 (martif), TBX v3 in the DCA
and DCT styles (Basic, Core, Min), memoQ's CSV exports, Trados users' Excel-saved tables,
Excel's "Unicode text", OmegaT's glossary; their encodings; what is not kept, counted; a
malformed file failing in one line that names the file and the line."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path

import pytest

from tm.cli import main
from tm.errors import FormatError, InputError
from tm.formats._fields import Skip
from tm.store_terms import Termbase
from tm.termbase import Concept, Term, guess_term_format, import_terms, read_terms, write_terms
from tm.termbase.glossary import language_of

DATA = Path(__file__).resolve().parents[1] / "data" / "termbase"


def _read(
    data: bytes,
    format: str,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    name: str = "terms",
) -> tuple[list[Concept | Skip], Counter[str]]:
    unread: Counter[str] = Counter()
    records = list(
        read_terms(
            io.BytesIO(data),
            source=name,
            format=format,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            unread=lambda what: unread.update([what]),
        )
    )
    return records, unread


def _fixture(name: str, **options: str) -> tuple[list[Concept | Skip], Counter[str]]:
    format = "omegat" if name.startswith("omegat") else guess_term_format(name)
    return _read((DATA / name).read_bytes(), format, name=name, **options)


def _concepts(records: list[Concept | Skip]) -> list[Concept]:
    return [record for record in records if isinstance(record, Concept)]


def _skips(records: list[Concept | Skip]) -> list[tuple[str, int | None]]:
    return [(r.reason, r.line) for r in records if not isinstance(r, Concept)]


def _shape(records: list[Concept | Skip]) -> list[tuple[str | None, list[tuple[str, str, str]]]]:
    """Each concept's id and its terms as (language, text, status)."""
    return [
        (concept.concept_id, [(t.lang, t.text, t.status) for t in concept.terms])
        for concept in _concepts(records)
    ]


def _term(records: list[Concept | Skip], text: str) -> Term:
    (found,) = [t for c in _concepts(records) for t in c.terms if t.text == text]
    return found


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


# --- TBX ------------------------------------------------------------------------------


TBX_SHAPES = {
    "tbx_basic_2008.tbx": [
        (
            "gov-1",
            [
                ("kk", "Үкімет", "preferred"),
                ("en-US", "Government", "admitted"),
                # supersededTerm-admn-sts: forbidden (a term no longer to be used).
                ("en-US", "Cabinet", "forbidden"),
                ("ru-RU", "Правительство", "preferred"),
                ("ru-RU", "Кабмин", "forbidden"),
            ],
        ),
        ("nbk", [("kk-KZ", "Ұлттық банк", "preferred"), ("en-US", "National Bank", "preferred")]),
    ],
    "tbx_v3_basic_dca.tbx": [
        (
            "c-parliament",
            [
                ("kk", "Парламент", "preferred"),
                ("en-GB", "Parliament", "preferred"),
                ("ru", "Парламент", "preferred"),
            ],
        )
    ],
    "tbx_v3_dct.tbx": [
        (
            "c-akim",
            [
                ("kk", "әкім", "preferred"),
                ("en", "akim", "preferred"),
                ("en", "mayor", "forbidden"),
                ("ru-RU", "аким", "preferred"),
            ],
        )
    ],
    "tbx_v3_core.tbx": [
        ("c1", [("kk", "Сенат", "preferred"), ("en", "Senate", "preferred")]),
        ("c2", [("kk", "Мәжіліс", "preferred"), ("en", "Mazhilis", "preferred")]),
    ],
    "tbx_v3_min.tbx": [("m1", [("kk", "салық", "preferred"), ("en", "tax", "admitted")])],
}
# What each file holds that the termbase has no field for: left out, counted.
TBX_UNREAD = {
    "tbx_basic_2008.tbx": {
        "customerSubset": 1,
        "projectSubset": 1,
        "xref": 1,
        "ref": 1,
        "termType": 2,
        "context": 1,
    },
    "tbx_v3_basic_dca.tbx": {"grammaticalGender": 1},
    # An unknown module's elements (acme:) are left out like unknown categories.
    "tbx_v3_dct.tbx": {"priority": 1, "reviewedBy": 1, "termType": 1, "customerSubset": 1},
    "tbx_v3_core.tbx": {},
    "tbx_v3_min.tbx": {},
}


@pytest.mark.parametrize("name", sorted(TBX_SHAPES))
def test_tbx_files_give_their_concepts_and_count_what_is_not_kept(name: str) -> None:
    records, unread = _fixture(name)
    assert _shape(records) == TBX_SHAPES[name]
    assert unread == Counter(TBX_UNREAD[name])


def test_tbx_basic_2008_fields_at_entry_language_and_term_level() -> None:
    records, _ = _fixture("tbx_basic_2008.tbx")
    kazakh = _term(records, "Үкімет")
    assert (kazakh.part_of_speech, kazakh.domain, kazakh.source) == (
        "noun",
        "politics",
        "adilet.zan.kz",
    )
    # The entry's definition, where neither the language nor the term has one.
    assert kazakh.definition == "The executive branch of the state."
    assert (kazakh.created_by, kazakh.created_at) == ("aigerim", _utc(2025, 10, 21))
    government = _term(records, "Government")
    # A definition in a descripGrp of the term wins; its admin source is the term's source.
    assert government.definition == "The body that governs the Republic."
    assert government.source == "Constitution, art. 64"
    assert government.note == "Capitalised in titles."
    assert (government.changed_by, government.changed_at) == ("berik", _utc(2025, 11, 2, 9, 15))
    # A descripGrp about a context (not kept) does not lend its source to the term.
    assert _term(records, "Cabinet").source is None
    assert _term(records, "Правительство").definition == "Высший исполнительный орган."


def test_tbx_v3_fields_in_the_dca_and_dct_styles() -> None:
    records, _ = _fixture("tbx_v3_basic_dca.tbx")
    english = _term(records, "Parliament")
    assert (english.part_of_speech, english.source, english.domain) == (
        "noun",
        "parlam.kz",
        "politics",
    )
    assert english.definition == "The legislature of Kazakhstan."
    russian = [t for c in _concepts(records) for t in c.terms if t.lang == "ru"]
    assert [(t.text, t.note) for t in russian] == [("Парламент", "Также: Парламент РК")]
    records, _ = _fixture("tbx_v3_dct.tbx")
    akim = _term(records, "akim")
    assert akim.definition == "The head of a region, city or district administration."
    assert (akim.created_by, akim.created_at) == ("dana", _utc(2025, 9, 1, 7))
    assert _term(records, "mayor").source == "style guide"
    assert _term(records, "әкім").domain == "local government"


def _encoded(text: str, encoding: str) -> bytes:
    declared = "UTF-16" if encoding == "utf-16" else "UTF-8"
    return text.replace('encoding="UTF-8"', f'encoding="{declared}"').encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom"])
def test_tbx_in_utf8_with_or_without_bom_and_utf16_with_bom(encoding: str) -> None:
    text = (DATA / "tbx_basic_2008.tbx").read_text(encoding="utf-8")
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(
            "utf-16-le"
        )
    else:
        data = _encoded(text, encoding)
    records, unread = _read(data, "tbx")
    assert _shape(records) == TBX_SHAPES["tbx_basic_2008.tbx"]
    assert unread == Counter(TBX_UNREAD["tbx_basic_2008.tbx"])


def test_tbx_languages_in_any_case_match_the_languages_asked_for() -> None:
    records, _ = _read(
        (DATA / "tbx_basic_2008.tbx").read_bytes(), "tbx", src_lang="KK", tgt_lang="en"
    )
    assert [[t.text for t in c.terms] for c in _concepts(records)] == [
        ["Үкімет", "Government", "Cabinet"],
        ["Ұлттық банк", "National Bank"],
    ]


TBX_BODY = (
    '<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">'
    "<text><body>\n{}\n</body></text></tbx>"
)


@pytest.mark.parametrize(
    ("entry", "unread"),
    [
        # A part of speech beyond TBX-Basic's picklist is "other", and told.
        (
            '<conceptEntry><langSec xml:lang="kk"><termSec><term>ол</term>'
            '<termNote type="partOfSpeech">pronoun</termNote></termSec></langSec>'
            '<langSec xml:lang="en"><termSec><term>he</term></termSec></langSec></conceptEntry>',
            {"part of speech 'pronoun' (read as other)": 1},
        ),
        # The same term twice in an entry (another tool kept two records of it): once.
        (
            '<conceptEntry><langSec xml:lang="kk"><termSec><term>ол</term></termSec>'
            "<termSec><term> ол </term></termSec></langSec>"
            '<langSec xml:lang="en"><termSec><term>he</term></termSec>'
            "<termSec><term/></termSec></langSec></conceptEntry>",
            {"a term repeated in its entry": 1, "an empty term": 1},
        ),
        # An id the termbase cannot keep: the entry comes without one.
        (
            '<conceptEntry id="жазба 1"><langSec xml:lang="kk"><termSec><term>ол</term>'
            '</termSec></langSec><langSec xml:lang="en"><termSec><term>he</term></termSec>'
            "</langSec></conceptEntry>",
            {"an entry id that cannot be a concept id": 1},
        ),
    ],
)
def test_tbx_values_the_termbase_cannot_keep_are_left_out_and_told(
    entry: str, unread: dict[str, int]
) -> None:
    records, heard = _read(TBX_BODY.format(entry).encode(), "tbx")
    (concept,) = _concepts(records)
    assert [(t.lang, t.text) for t in concept.terms] == [("kk", "ол"), ("en", "he")]
    assert concept.concept_id is None
    assert heard == Counter(unread)
    if "pronoun" in entry:
        assert concept.terms[0].part_of_speech == "other"


# --- tables ---------------------------------------------------------------------------


def test_a_memoq_export_in_utf16_with_per_language_and_entry_columns() -> None:
    records, unread = _fixture("memoq_export.csv")
    assert _shape(records) == [
        (
            "101",
            [
                ("kk", "Үкімет", "preferred"),
                # Two English terms in one cell, separated by ";".
                ("en", "Government", "preferred"),
                ("en", "the Government of Kazakhstan", "preferred"),
                ("ru", "Правительство", "preferred"),
            ],
        ),
        (
            "102",
            [
                ("kk", "Кабмин", "preferred"),
                ("en", "Cabinet of Ministers", "forbidden"),  # English_Forbidden: True
                ("en", "Cabmin", "forbidden"),
                ("ru", "Кабинет министров", "preferred"),
            ],
        ),
    ]
    assert _skips(records) == [("a row with terms in one language only (an empty cell)", 4)]
    kazakh = _term(records, "Үкімет")
    # Entry_Note and Kazakh_Def describe the Kazakh (first language's) term.
    assert kazakh.note == 'Full name on first mention, then "Үкімет"'
    assert kazakh.definition == "Мемлекеттің атқарушы органы"
    # Entry_Domain wins over Entry_Subject; both are the entry's subject field.
    assert {t.domain for t in _concepts(records)[0].terms} == {"Government"}
    english = _term(records, "the Government of Kazakhstan")
    assert (english.definition, english.part_of_speech, english.note) == (
        "The executive branch",
        "noun",
        None,
    )
    # memoQ's dates: M/d/yyyy H:mm:ss, UTC.
    assert (english.created_by, english.created_at) == ("aigerim", _utc(2025, 10, 21, 14, 3, 11))
    assert (english.changed_by, english.changed_at) == ("berik", _utc(2025, 10, 22, 9))
    assert unread == Counter(
        {
            "column 'Entry_ClientID'": 1,
            "column 'Entry_ProjectID'": 1,
            "column 'Term_Info'": 3,
            "column 'Term_Example'": 1,
            "column 'English_Example'": 1,
            "column 'English_Usage'": 1,
            "column 'Russian_Gender'": 1,
            "column 'Russian_Matching'": 1,
            "column 'Russian_Case'": 1,
        }
    )


def test_a_memoq_export_with_codes_semicolons_and_a_utf8_bom() -> None:
    records, unread = _fixture("memoq_semicolon.csv")
    assert _shape(records) == [
        (
            "201",
            [
                ("kk", "Ұлттық банк", "preferred"),
                ("en-US", "National Bank", "preferred"),
                ("ru-RU", "Нацбанк", "preferred"),
            ],
        ),
        (
            "202",
            [
                ("kk", "салық", "preferred"),
                ("en-US", "levy", "forbidden"),
                ("ru-RU", "налог", "preferred"),
            ],
        ),
    ]
    assert _term(records, "Ұлттық банк").definition == "Қазақстанның орталық банкі"
    # A field cell is never split: only term cells hold synonyms.
    assert _term(records, "National Bank").definition == "The central bank; issues the tenge"
    assert _term(records, "Нацбанк").part_of_speech == "noun"
    assert _term(records, "Ұлттық банк").created_at == _utc(2025, 11, 3, 8, 5)  # 12-hour clock
    assert not unread


def test_a_trados_users_excel_csv() -> None:
    records, unread = _fixture("trados_excel.csv", src_lang="kk")
    assert _shape(records) == [
        (
            None,
            [
                ("kk", "Ұлттық банк", "preferred"),
                ("en-US", "National Bank", "preferred"),
                ("ru-RU", "Национальный банк", "preferred"),
            ],
        ),
        (
            None,
            [
                ("kk", "Мәжіліс", "preferred"),
                ("en-US", "Mazhilis", "preferred"),
                ("ru-RU", "Мажилис", "preferred"),
            ],
        ),
        # Status: how the translations may be used ("Deprecated": forbidden).
        (
            None,
            [
                ("kk", "Кабмин", "preferred"),
                ("en-US", "Cabinet", "forbidden"),
                ("ru-RU", "Кабмин", "forbidden"),
            ],
        ),
    ]
    bank = _term(records, "Ұлттық банк")
    # A quoted cell holding the delimiter and a line break, and doubled quotes.
    assert bank.definition == "The central bank of Kazakhstan;\r\nit issues the tenge."
    assert bank.note == 'Written "NB" in headlines'
    assert unread == Counter({"column 'Reviewer'": 1})


def test_excels_unicode_text_with_codes_in_capitals() -> None:
    records, unread = _fixture("unicode_text.txt")
    assert _shape(records) == [
        (
            "1",
            [
                ("kk-KZ", "Сенат", "preferred"),
                ("en-US", "Senate", "preferred"),
                ("ru-RU", "Сенат", "preferred"),
            ],
        ),
        (
            "2",
            [
                ("kk-KZ", "Ақорда", "preferred"),
                ("en-US", "Akorda, the presidential residence", "preferred"),
                ("ru-RU", "Акорда", "preferred"),
            ],
        ),
    ]
    assert _term(records, "Senate").note is None
    assert [t.note for t in _concepts(records)[0].terms if t.lang == "kk-KZ"] == ["upper house"]
    assert not unread


def test_an_omegat_glossary_with_a_bom_crlf_comments_and_a_fourth_column() -> None:
    records, unread = _fixture("omegat_glossary.txt", src_lang="kk", tgt_lang="en")
    assert _shape(records) == [
        (None, [("kk", "Үкімет", "preferred"), ("en", "Government", "preferred")]),
        (None, [("kk", "Ұлттық банк", "preferred"), ("en", "National Bank", "preferred")]),
        (None, [("kk", "әкім", "preferred"), ("en", "akim", "preferred")]),
        (None, [("kk", "Сенат", "preferred"), ("en", "Senate", "preferred")]),
    ]
    assert [t.note for c in _concepts(records) for t in c.terms if t.lang == "kk"] == [
        "the executive",
        None,
        "head of a local administration",
        None,
    ]
    assert _skips(records) == [("a line without a source and a target term", 7)]
    assert unread == Counter({"an OmegaT cell after the comment": 1})


@pytest.mark.parametrize("name", ["glossary.txt", "glossary.tab", "glossary.utf8", "glossary.TSV"])
def test_omegat_file_names_are_read_as_tab_separated(name: str) -> None:
    assert guess_term_format(name) == "tsv"
    data = (DATA / "omegat_glossary.txt").read_bytes()
    records, _ = _read(data, guess_term_format(name), src_lang="kk", tgt_lang="en")
    assert len(_concepts(records)) == 4


def test_an_omegat_line_whose_first_term_names_a_language_is_data() -> None:
    text = "English\tАғылшын тілі\tthe language\nҮкімет\tGovernment\n"
    records, _ = _read(text.encode(), "tsv", src_lang="en", tgt_lang="kk")
    assert _shape(records)[0] == (
        None,
        [("en", "English", "preferred"), ("kk", "Ағылшын тілі", "preferred")],
    )


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("kk,en,Colour\nҮкімет,Government,blue\n", {"column 'Colour'": 1}),
        ("Kazakh;;English\nҮкімет;x;Government\n", {"a column without a name": 1}),
        ("kk\ten\tTerm_Info\tReviewer\nҮкімет\tGovernment\t|0\t\n", {"column 'Term_Info'": 1}),
        (
            "Entry_ID,kk,en\nжазба 1,Үкімет,Government\n",
            {"an entry id that cannot be a concept id": 1},
        ),
    ],
)
def test_columns_no_field_holds_are_counted_not_fatal(text: str, unread: dict[str, int]) -> None:
    records, heard = _read(text.encode(), "csv")
    assert [[(t.lang, t.text) for t in c.terms] for c in _concepts(records)] == [
        [("kk", "Үкімет"), ("en", "Government")]
    ]
    assert heard == Counter(unread)


@pytest.mark.parametrize(
    ("cell", "tag"),
    [
        ("English (United States)", "en-US"),
        ("English (US)", "en-US"),
        ("Russian (Russia)", "ru-RU"),
        ("Kazakh (Cyrillic, Kazakhstan)", "kk-Cyrl-KZ"),
        ("Kazakh (Kazakhstan)", "kk-KZ"),
        ("English_United_States", "en-US"),
        ("KK", "kk"),
        ("ru_RU", "ru-RU"),
        ("Казахский", "kk"),
        # A language field's suffix is not a subtag.
        ("kk_Def", None),
        ("Russian_Case", None),
        ("English (Case)", None),
    ],
)
def test_header_language_names_of_trados_memoq_and_excel(cell: str, tag: str | None) -> None:
    assert language_of(cell) == tag


# --- malformed files: one line naming the file and the line -----------------------------


@pytest.mark.parametrize(
    ("data", "format", "line", "message"),
    [
        (
            TBX_BODY.format("<conceptEntry>\n<langSec xml:lang='kk'>").encode(),
            "tbx",
            5,  # where </body> closes what is open
            "malformed XML",
        ),
        (
            TBX_BODY.format(
                "<conceptEntry>\n<langSec xml:lang='not a tag'><termSec><term>a</term>"
                "</termSec></langSec></conceptEntry>"
            ).encode(),
            "tbx",
            4,
            "not a language tag",
        ),
        (
            TBX_BODY.format(
                "<conceptEntry><langSec xml:lang='kk'><termSec><term>a</term>\n<transacGrp>"
                "<transac type='transactionType'>origination</transac><date>last week</date>"
                "</transacGrp></termSec></langSec></conceptEntry>"
            ).encode(),
            "tbx",
            3,
            "not a date",
        ),
        (
            "Kazakh;English;English_Forbidden\nҮкімет;Government;maybe\n".encode(),
            "csv",
            2,
            "not True or False",
        ),
        (
            "Kazakh,English,Entry_Created\nҮкімет,Government,13/45/2025 10:00:00\n".encode(),
            "csv",
            2,
            "not a date",
        ),
        ('Kazakh,English\nҮкімет,Government\n"Сенат,Senate\n'.encode(), "csv", 3, "does not close"),
        (
            "Kazakh;English;Status\nҮкімет;Government;approved\n".encode("utf-16"),
            "csv",
            2,
            "unknown status",
        ),
        ("# c\nҮкімет\tGovernment\nСенат\x00\tSenate\n".encode(), "omegat", 3, "NUL"),
    ],
)
def test_a_malformed_file_fails_in_one_line_naming_the_file_and_the_line(
    data: bytes, format: str, line: int, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        _read(data, format, src_lang="kk", tgt_lang="en", name="broken.file")
    assert isinstance(caught.value, FormatError)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"broken.file, line {line}")


def test_the_cli_import_says_what_was_not_kept_and_a_bad_file_in_one_line(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    termbase = tmp_path / "terms"
    argv = ["term", "import", str(DATA / "tbx_basic_2008.tbx"), "--termbase", str(termbase)]
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    said = out.getvalue()
    assert "read 2 entries: 2 concepts added" in said
    assert "not kept 2: termType" in said
    assert "not kept 1: xref" in said
    bad = tmp_path / "bad.csv"
    bad.write_text("Kazakh,English,Entry_Created\nҮкімет,Government,yesterday\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["term", "import", str(bad), "--termbase", str(termbase)]
    assert main(argv, stdout=out, stderr=err) == 1
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith(f"error: {bad}, line 2, field 'created_at': ")


# --- round trips ----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["tbx", "tbx-martif", "csv", "tsv"])
@pytest.mark.parametrize(
    "name", ["tbx_basic_2008.tbx", "tbx_v3_dct.tbx", "memoq_export.csv", "trados_excel.csv"]
)
def test_what_is_read_from_other_tools_goes_out_and_back_in_our_formats(
    written: str, name: str
) -> None:
    concepts = _concepts(_fixture(name)[0])
    out = io.BytesIO()
    assert write_terms(concepts, out, format=written) == len(concepts)
    back, unread = _read(out.getvalue(), written)
    # A table's columns put one concept's languages in the order of the whole file's.
    assert [(i, sorted(terms)) for i, terms in _shape(back)] == [
        (i, sorted(terms))
        for i, terms in _shape(concepts)  # type: ignore[arg-type]
    ]
    if not written.startswith("tbx"):
        # Our tables hold every field but who and when; TBX keeps domains per entry and
        # definitions per language, which these concepts' terms do not all share.
        assert [sorted(t.content() for t in c.terms) for c in _concepts(back)] == [  # type: ignore[type-var]
            sorted(t.content() for t in c.terms)  # type: ignore[type-var]
            for c in concepts
        ]
    assert not unread


def test_an_import_of_a_foreign_file_counts_what_is_not_kept(tmp_path: Path) -> None:
    termbase = Termbase.open(tmp_path / "terms", create=True)
    with (DATA / "memoq_export.csv").open("rb") as stream:
        done = import_terms(termbase, stream, source="memoq_export.csv", format="csv", user="me")
    summary = done.summary()
    assert summary.startswith("read 3 entries: 2 concepts added")
    assert "skipped 1: a row with terms in one language only (an empty cell)" in summary
    assert "not kept 3: column 'Term_Info'" in summary
    assert done.unread["column 'English_Example'"] == 1
    assert sorted(c.concept_id or "" for c in termbase.concepts()) == ["101", "102"]
