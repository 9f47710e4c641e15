"""TBX in and out (tm.termbase.tbx): round trips, a second reader, other tools' files,
hostile files."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from translate.storage.tbx import tbxfile

from tm.errors import FormatError
from tm.formats._fields import Skip
from tm.termbase import Concept, Term, read_terms, write_terms
from tm.termbase.tbx import read_tbx, write_tbx

NOW = dt.datetime(2025, 11, 18, 10, 30, 15, 123456, tzinfo=dt.UTC)


def _concepts() -> list[Concept]:
    made: dict[str, Any] = {
        "created_by": "ann",
        "created_at": NOW,
        "changed_by": "bob",
        "changed_at": NOW,
    }
    return [
        Concept(
            (
                Term(
                    "kk",
                    "Ұлттық банк",
                    part_of_speech="noun",
                    definition="Қазақстанның орталық банкі",
                    note="Ресми атауы & <қысқартпасы> «ҰБ»",
                    domain="finance",
                    source="kazinform.kz",
                    **made,
                ),
                Term("en", "National Bank", domain="finance", **made),
                Term("en", "NBK", status="admitted", part_of_speech="noun", domain="finance"),
                Term("ru", "Национальный банк", domain="finance"),
                Term("ru", "Нацбанк", status="forbidden", note="разговорное", domain="finance"),
            ),
            "c1",
        ),
        Concept((Term("kk", "талқылау", part_of_speech="verb"), Term("en", "discuss")), "c2"),
    ]


def _written(concepts: list[Concept], dialect: str) -> bytes:
    out = io.BytesIO()
    assert write_tbx(concepts, out, dialect=dialect, lang="kk") == len(concepts)
    return out.getvalue()


def _read(data: bytes, **options: object) -> list[Concept | Skip]:
    return list(read_tbx(io.BytesIO(data), source="terms.tbx", **options))  # type: ignore[arg-type]


@pytest.mark.parametrize("dialect", ["basic", "martif"])
def test_our_tbx_reads_back_identically(dialect: str) -> None:
    data = _written(_concepts(), dialect)
    assert _read(data) == _concepts()


def test_tbx_basic_is_tbx_v3_in_the_dca_style() -> None:
    head = _written(_concepts(), "basic")[:200].decode()
    assert (
        '<tbx type="TBX-Basic" style="dca" xml:lang="kk" xmlns="urn:iso:std:iso:30042:ed-2">'
        in head
    )
    text = _written(_concepts(), "basic").decode()
    for piece in (
        '<descrip type="subjectField">finance</descrip>',
        '<langSec xml:lang="kk"><descrip type="definition">',
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>',
        '<termNote type="partOfSpeech">verb</termNote>',
        '<transac type="transactionType">origination</transac>',
        "<date>2025-11-18T10:30:15.123456Z</date>",
    ):
        assert piece in text


def test_tbx_core_keeps_terms_and_notes_only() -> None:
    data = _written(_concepts(), "core")
    assert b'type="TBX-Core"' in data
    assert b"termNote" not in data
    (first, second) = _read(data)
    assert isinstance(first, Concept)
    assert isinstance(second, Concept)
    assert [(t.lang, t.text, t.status, t.note) for t in first.terms] == [
        ("kk", "Ұлттық банк", "preferred", "Ресми атауы & <қысқартпасы> «ҰБ»"),
        ("en", "National Bank", "preferred", None),
        ("en", "NBK", "preferred", None),
        ("ru", "Национальный банк", "preferred", None),
        ("ru", "Нацбанк", "preferred", "разговорное"),
    ]


def test_translate_toolkit_reads_our_export_identically() -> None:
    store = tbxfile.parsestring(_written(_concepts(), "martif"), sourcelanguage="kk")
    assert [unit.getid() for unit in store.units] == ["c1", "c2"]
    for unit, concept in zip(store.units, _concepts(), strict=True):
        for lang in concept.languages:
            ours = [t for t in concept.terms if t.lang == lang]
            theirs = unit.get_source_terms() if lang == "kk" else unit.get_target_terms(lang)
            assert [t.text for t in theirs] == [t.text for t in ours]
            assert [t.administrative_status for t in theirs] == [
                {
                    "preferred": "preferredTerm-admn-sts",
                    "admitted": "admittedTerm-admn-sts",
                    "forbidden": "deprecatedTerm-admn-sts",
                }[t.status]
                for t in ours
            ]
            assert [t.deprecated for t in theirs] == [t.status == "forbidden" for t in ours]
            for their, our in zip(theirs, ours, strict=True):
                notes = {(note.category, note.text) for note in their.notes}
                expected = {
                    ("definition", our.definition),
                    ("partOfSpeech", our.part_of_speech),
                    ("subjectField", our.domain),
                    (None, our.note),
                }
                assert notes == {(kind, text) for kind, text in expected if text}


V3_DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="parliament">
      <min:subjectField>politics</min:subjectField>
      <basic:definition>The legislature.</basic:definition>
      <langSec xml:lang="en">
        <termSec><term>Parliament</term>
          <min:partOfSpeech>noun</min:partOfSpeech>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
        </termSec>
      </langSec>
      <langSec xml:lang="kk-KZ">
        <termSec><term>Парламент</term></termSec>
        <termSec><term>Мәжіліс</term>
          <min:administrativeStatus>supersededTerm-admn-sts</min:administrativeStatus>
          <note>only the lower house</note>
        </termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>MultiTerm</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="e1">
      <descripGrp><descrip type="definition">Head of state.</descrip></descripGrp>
      <langSet xml:lang="en"><ntig>
        <termGrp><term>President</term>
          <termNote type="normativeAuthorization">preferredTerm</termNote></termGrp>
        <transacGrp><transac type="transactionType">origination</transac>
          <transacNote type="responsibility">editor</transacNote>
          <date>2024-05-01</date></transacGrp>
      </ntig></langSet>
      <langSet lang="ru"><tig><term>Президент</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_v3_in_the_dct_style_is_read() -> None:
    (concept,) = _read(V3_DCT.encode())
    assert isinstance(concept, Concept)
    assert concept.concept_id == "parliament"
    assert [
        (t.lang, t.text, t.status, t.part_of_speech, t.domain, t.definition, t.note)
        for t in concept.terms
    ] == [
        ("en", "Parliament", "preferred", "noun", "politics", "The legislature.", None),
        ("kk-KZ", "Парламент", "preferred", None, "politics", "The legislature.", None),
        (
            "kk-KZ",
            "Мәжіліс",
            "forbidden",
            None,
            "politics",
            "The legislature.",
            "only the lower house",
        ),
    ]


def test_tbx_2008_from_other_tools_is_read() -> None:
    (concept,) = _read(MARTIF.encode())
    assert isinstance(concept, Concept)
    president, russian = concept.terms
    assert (president.text, president.status, president.definition) == (
        "President",
        "preferred",
        "Head of state.",
    )
    assert (president.created_by, president.created_at) == (
        "editor",
        dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
    )
    assert (russian.lang, russian.text, russian.status) == ("ru", "Президент", "admitted")


def test_only_the_languages_asked_for_are_read() -> None:
    records = _read(V3_DCT.encode(), languages=["ru"])
    assert records == [Skip("a concept without terms (in the languages asked for)", 6)]
    (concept,) = _read(MARTIF.encode(), languages=["ru", "kk"])
    assert isinstance(concept, Concept)
    assert [t.text for t in concept.terms] == ["Президент"]


@pytest.mark.parametrize(
    ("data", "message", "line", "field"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY lol "lol">]>\n<tbx><text/></tbx>',
            "declares entities",
            3,
            None,
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            "<tbx><text><body><conceptEntry><langSec xml:lang='en'><termSec><term>&x;</term>"
            "</termSec></langSec></conceptEntry></body></text></tbx>",
            "declares entities",
            3,
            None,
        ),
        ('<?xml version="1.0"?>\n<tmx version="1.4"/>', "not a TBX file", 2, None),
        ("<tbx><text><body><conceptEntry>", "malformed XML", 1, None),
        (
            "<tbx><text><body>\n<conceptEntry><langSec>\n<termSec><term>a</term></termSec>"
            "</langSec></conceptEntry></body></text></tbx>",
            "without xml:lang",
            2,
            "xml:lang",
        ),
        (
            "<tbx><text><body>\n<conceptEntry><langSec xml:lang='en'>\n<termSec><term>a</term>"
            "<termNote type='administrativeStatus'>approved</termNote></termSec>"
            "</langSec></conceptEntry></body></text></tbx>",
            "unknown administrativeStatus 'approved'",
            3,
            "administrativeStatus",
        ),
        (
            "<tbx><text><body>\n<conceptEntry><langSec xml:lang='en'>\n<termSec><note>x</note>"
            "</termSec></langSec></conceptEntry></body></text></tbx>",
            "without <term>",
            3,
            "term",
        ),
    ],
)
def test_bad_and_hostile_files_fail_with_their_line(
    data: str, message: str, line: int, field: str | None
) -> None:
    with pytest.raises(FormatError, match=message) as caught:
        _read(data.encode())
    assert (caught.value.source, caught.value.line, caught.value.field) == (
        "terms.tbx",
        line,
        field,
    )


def test_a_file_over_the_size_limit_is_refused() -> None:
    data = _written(_concepts() * 50, "basic")
    with pytest.raises(FormatError, match="larger than"):
        _read(data, limit=len(data) // 2)
    assert len(_read(data, limit=len(data))) == 100


def test_the_format_registry_writes_and_reads_tbx() -> None:
    out = io.BytesIO()
    assert write_terms(_concepts(), out, format="tbx-martif", src_lang="kk") == 2
    assert out.getvalue().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<martif ')
    back = list(read_terms(io.BytesIO(out.getvalue()), source="x.tbx", format="tbx"))
    assert back == _concepts()
