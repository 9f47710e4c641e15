"""TMX 1.4b: what other tools write, what we write, and hostile files."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SHARED
from tm.cli import main
from tm.errors import FormatError, InputError, LanguageError
from tm.formats._fields import Notice, Skip
from tm.formats.tmx import (
    MARKUP_EDITED,
    SOURCE_MARKUP,
    TARGET_MARKUP,
    read_tmx,
    tu_groups,
    write_tmx,
)
from tm.formats.transfer import REPEATED, Selection, read_stream
from tm.unit import Unit

KIT_DTD = SHARED / "tmx-kit" / "tmx14.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def tmx(body: str, *, header: str = 'srclang="kk"', declaration: str = "") -> bytes:
    return (
        f'{declaration}<tmx version="1.4">\n<header {header} creationtool="t"/>\n<body>\n'
        f"{body}\n</body>\n</tmx>\n"
    ).encode()


def read(data: bytes, **options: object) -> list[Unit | Skip]:
    return list(read_tmx(io.BytesIO(data), source="in.tmx", **options))  # type: ignore[arg-type]


def units(data: bytes, **options: object) -> list[Unit]:
    return [record for record in read(data, **options) if isinstance(record, Unit)]


def pairs(data: bytes, **options: object) -> list[tuple[str, str, str, str]]:
    return [(u.src_lang, u.tgt_lang, u.source, u.target) for u in units(data, **options)]


def written(units_out: list[Unit], changed: list[str] | None = None) -> bytes:
    out = io.BytesIO()
    count = write_tmx(units_out, out, changed=None if changed is None else changed.append)
    assert count == len(units_out)
    return out.getvalue()


def document(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(**SAFE))


def round_trip(units_out: list[Unit]) -> list[Unit]:
    return units(written(units_out))


TRILINGUAL = (
    '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
    '<tuv xml:lang="kk"><seg>Сәлем</seg></tuv>'
    '<tuv xml:lang="ru"><seg>Привет</seg></tuv></tu>'
)


# --- languages and pairs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "tu_attribute", "options", "expected"),
    [
        ('srclang="kk"', "", {}, [("kk", "en"), ("kk", "ru")]),
        ('srclang="en-US"', "", {}, [("en", "kk"), ("en", "ru")]),
        ('srclang="*all*"', "", {}, [("kk", "en"), ("kk", "ru")]),
        ('srclang="*ALL*"', "", {"src_lang": "ru"}, [("ru", "en"), ("ru", "kk")]),
        ("", "", {}, [("kk", "en"), ("kk", "ru")]),
        ('srclang="kk"', ' srclang="ru-RU"', {}, [("ru", "en"), ("ru", "kk")]),
    ],
)
def test_the_source_language_comes_from_tu_header_or_preference(
    header: str, tu_attribute: str, options: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    data = tmx(TRILINGUAL.replace("<tu>", f"<tu{tu_attribute}>"), header=header)
    assert [(u.src_lang, u.tgt_lang) for u in units(data, **options)] == expected


def test_all_without_kazakh_takes_the_first_tuv() -> None:
    body = '<tu><tuv xml:lang="ru"><seg>Да</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>'
    assert pairs(tmx(body, header='srclang="*all*"')) == [("ru", "en", "Да", "Yes")]


def test_a_trilingual_tu_becomes_the_two_pairs_the_tm_holds() -> None:
    assert pairs(tmx(TRILINGUAL)) == [
        ("kk", "en", "Сәлем", "Hello"),
        ("kk", "ru", "Сәлем", "Привет"),
    ]


@pytest.mark.parametrize(
    ("attribute", "src_lang"),
    [
        ('xml:lang="KK-kz"', "kk-KZ"),
        ('lang="kk_KZ"', "kk-KZ"),
        ('xml:lang="kaz"', "kk"),
        ('xml:lang="Kk"', "kk"),
        ('xml:lang="kk-cyrl"', "kk-Cyrl"),
        ('xml:lang="KK-LATN-kz"', "kk-Latn-KZ"),
    ],
)
def test_tags_are_kept_with_region_and_script_in_canonical_case(
    attribute: str, src_lang: str
) -> None:
    body = (
        f'<tu><tuv {attribute}><seg>Иә</seg></tuv><tuv xml:lang="en-gb"><seg>Yes</seg></tuv></tu>'
    )
    assert pairs(tmx(body)) == [(src_lang, "en-GB", "Иә", "Yes")]


VARIANTS = (
    '<tu><tuv xml:lang="en-us"><seg>color</seg></tuv><tuv xml:lang="en-gb"><seg>colour</seg>'
    '</tuv><tuv xml:lang="fr-ca"><seg>couleur</seg></tuv></tu>'
)


def test_variants_of_the_source_language_are_translations_of_it() -> None:
    assert pairs(tmx(VARIANTS, header='srclang="en-US"')) == [
        ("en-US", "en-GB", "color", "colour"),
        ("en-US", "fr-CA", "color", "couleur"),
    ]


@pytest.mark.parametrize(
    ("body", "source"),
    [
        (VARIANTS, "en-US"),  # no exact match: the first
        (VARIANTS.replace("en-us", "en-XX").replace("en-gb", "en"), "en"),  # the exact one
    ],
)
def test_several_tuvs_matching_srclang_take_the_exact_one_else_the_first_and_say_so(
    body: str, source: str
) -> None:
    records = read(tmx(body, header='srclang="en"'))
    [notice] = [record for record in records if isinstance(record, Notice)]
    assert (notice.line, notice.problem) == (4, False)
    assert (
        f"took the {'first' if source == 'en-US' else 'one tagged exactly so'} ({source})"
        in str(notice.detail)
    )
    assert {u.src_lang for u in records if isinstance(u, Unit)} == {source}
    assert len([u for u in records if isinstance(u, Unit)]) == 2


# --- text and inline codes -------------------------------------------------------------

INLINE_SEG = (
    'Бұл <bpt i="1">&lt;b&gt;</bpt>маңызды<ept i="1">&lt;/b&gt;</ept>'
    ' <ph x="2">&lt;br/&gt;</ph>сөз <hi type="em">өте</hi> <it pos="begin">&lt;i&gt;</it>'
    "<ut>{\\f1}</ut>жақсы <ph><sub>alt мәтін</sub></ph>!"
)
INLINE = (
    f'<tu><tuv xml:lang="kk"><seg>{INLINE_SEG}</seg></tuv>'
    '<tuv xml:lang="en"><seg>A &amp; B</seg></tuv></tu>'
)
PLAIN = "Бұл маңызды сөз өте жақсы !"


def test_text_is_stored_plain_and_the_markup_beside_it() -> None:
    [unit] = units(tmx(INLINE))
    assert (unit.source, unit.target) == (PLAIN, "A & B")
    assert dict(unit.props)[SOURCE_MARKUP].startswith('Бұл <bpt i="1">&lt;b&gt;</bpt>маңызды')
    assert TARGET_MARKUP not in dict(unit.props)  # a plain seg has no markup to keep


def test_inline_codes_are_dropped_on_request() -> None:
    [unit] = units(tmx(INLINE), strip_inline=True)
    assert (unit.source, unit.props) == (PLAIN, ())


def test_export_writes_the_markup_back_and_escapes_plain_text() -> None:
    [unit] = units(tmx(INLINE))
    data = written([unit])
    seg = document(data).find("body/tu/tuv/seg")
    assert seg is not None
    assert etree.tostring(seg, encoding="unicode") == f"<seg>{INLINE_SEG}</seg>"
    assert b"<seg>A &amp; B</seg>" in data
    assert units(data) == [unit]


def test_an_edited_text_is_written_plain_and_the_change_reported() -> None:
    [unit] = units(tmx(INLINE))
    changed: list[str] = []
    data = written([replace(unit, source="Бұл өзгерді.")], changed)
    assert "<seg>Бұл өзгерді.</seg>".encode() in data
    assert changed == [MARKUP_EDITED]


@pytest.mark.parametrize(
    ("seg", "plain", "trouble"),
    [
        ('a <g id="1">N</g> b', "a N b", "<g> inside <seg>"),
        ("<b>bold</b> text", "bold text", "<b> inside <seg>"),
        ("x<it>&lt;i&gt;</it>y", "xy", "<it> without its 'pos' attribute"),
        ('x<it pos="middle">c</it>y', "xy", "<it> with pos='middle'"),
        ('x<bpt i="1"><ph>c</ph></bpt>y', "xy", "<ph> inside <bpt>"),
    ],
)
def test_markup_tmx_does_not_allow_is_dropped_keeping_its_text(
    seg: str, plain: str, trouble: str
) -> None:
    body = (
        f'<tu><tuv xml:lang="kk"><seg>{seg}</seg></tuv><tuv xml:lang="en"><seg>e</seg></tuv></tu>'
    )
    notice, unit = read(tmx(body))
    assert isinstance(notice, Notice)
    assert isinstance(unit, Unit)
    assert (notice.line, notice.problem, notice.detail) == (
        4,
        True,
        f"{trouble} is not TMX 1.4b inline markup",
    )
    assert (unit.source, unit.props) == (plain, ())


def test_whitespace_inside_seg_is_kept() -> None:
    body = (
        '<tu><tuv xml:lang="kk"><seg>  екі  бос\n\tорын </seg></tuv>'
        '<tuv xml:lang="en"><seg> a  b </seg></tuv></tu>'
    )
    assert pairs(tmx(body)) == [("kk", "en", "  екі  бос\n\tорын ", " a  b ")]


@pytest.mark.parametrize(
    ("encoding", "declaration"),
    [
        ("utf-8-sig", ""),
        ("utf-16", '<?xml version="1.0" encoding="UTF-16"?>\n'),
        ("utf-16-be", '<?xml version="1.0" encoding="UTF-16"?>\n'),
        ("utf-16-le", ""),
        ("windows-1251", '<?xml version="1.0" encoding="windows-1251"?>\n'),
    ],
)
def test_utf8_utf16_with_a_byte_order_mark_and_declared_encodings(
    encoding: str, declaration: str
) -> None:
    # Kazakh letters without a windows-1251 code are not in this text, so all five can carry it.
    text = tmx(
        '<tu><tuv xml:lang="kk"><seg>Иа</seg></tuv><tuv xml:lang="ru"><seg>Да</seg></tuv></tu>',
        declaration=declaration,
    ).decode()
    data = text.encode(encoding)
    if encoding in ("utf-16-be", "utf-16-le"):
        data = ("\ufeff" + text).encode(encoding)
    assert pairs(data) == [("kk", "ru", "Иа", "Да")]


# --- metadata ----------------------------------------------------------------------------

# A bilingual <tu> as Trados and memoQ write them, with everything TMX lets a <tu> carry.
FIELD_TU = """<tu tuid="tu-7" usagecount="3" lastusagedate="20240110T101010Z" segtype="sentence"
  creationdate="20240102T030405Z" creationid="ann" changedate="20240105T000000Z" changeid="bob"
  o-tmf="SDL TM8 Format" datatype="xml" bogus="dropped">
  <note>first tu note</note><prop type="client">Kazinform</prop><note>second tu note</note>
  <prop type="x-ConfirmationLevel">ApprovedSignOff</prop><prop type="x-Context">0, 0</prop>
  <tuv xml:lang="kk" creationtool="memoQ">
    <prop type="x-context-pre">&lt;seg&gt;Алдыңғы &lt;ph&gt;{1}&lt;/ph&gt;сөйлем.&lt;/seg&gt;</prop>
    <note>source note</note><prop type="x-context-post">&lt;seg&gt;Келесі.&lt;/seg&gt;</prop>
    <prop type="src-kind">s</prop><seg>Иә</seg></tuv>
  <tuv xml:lang="en-GB" usagecount="1"><prop type="tgt-kind">t</prop><note>target note</note>
    <seg>Yes</seg></tuv></tu>"""


def test_every_level_keeps_its_notes_props_and_attributes_in_order() -> None:
    [unit] = units(tmx(FIELD_TU))
    assert unit.note == "first tu note"
    assert (unit.created_by, unit.changed_by) == ("ann", "bob")
    assert unit.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert unit.changed_at == dt.datetime(2024, 1, 5, tzinfo=dt.UTC)
    assert (unit.prev_source, unit.next_source) == ("Алдыңғы сөйлем.", "Келесі.")
    assert unit.status == "approved"
    assert unit.props == (
        ("x-tm-note", "second tu note"),
        ("client", "Kazinform"),
        ("x-ConfirmationLevel", "ApprovedSignOff"),
        ("x-Context", "0, 0"),
        ("x-tm-tu@tuid", "tu-7"),
        ("x-tm-tu@usagecount", "3"),
        ("x-tm-tu@lastusagedate", "20240110T101010Z"),
        ("x-tm-tu@segtype", "sentence"),
        ("x-tm-tu@o-tmf", "SDL TM8 Format"),
        ("x-tm-tu@datatype", "xml"),
        ("x-tm-src@creationtool", "memoQ"),
        ("x-tm-src-note", "source note"),
        ("x-tm-src:src-kind", "s"),
        ("x-tm-tgt@usagecount", "1"),
        ("x-tm-tgt:tgt-kind", "t"),
        ("x-tm-tgt-note", "target note"),
    )


def test_every_level_is_written_back_where_it_was() -> None:
    [unit] = units(tmx(FIELD_TU))
    data = written([unit])
    tu = document(data).find("body/tu")
    assert tu is not None
    assert {k: v for k, v in tu.attrib.items() if k != "srclang"} == {
        "tuid": "tu-7",
        "usagecount": "3",
        "lastusagedate": "20240110T101010Z",
        "segtype": "sentence",
        "o-tmf": "SDL TM8 Format",
        "datatype": "xml",
        "creationid": "ann",
        "creationdate": "20240102T030405Z",
        "changeid": "bob",
        "changedate": "20240105T000000Z",
    }
    assert [n.text for n in tu.findall("note")] == ["first tu note", "second tu note"]
    source, target = tu.findall("tuv")
    assert [n.text for n in source.findall("note")] == ["source note"]
    assert [(p.get("type"), p.text) for p in source.findall("prop")] == [
        ("src-kind", "s"),
        ("x-context-pre", "<seg>Алдыңғы сөйлем.</seg>"),
        ("x-context-post", "<seg>Келесі.</seg>"),
    ]
    assert (target.get("usagecount"), target.findtext("note")) == ("1", "target note")
    assert units(data) == [unit]


@pytest.mark.parametrize(
    ("props", "status"),
    [
        ('<prop type="x-ConfirmationLevel">Translated</prop>', "draft"),
        ('<prop type="x-ConfirmationLevel">Draft</prop>', "draft"),
        ('<prop type="x-ConfirmationLevel">ApprovedTranslation</prop>', "approved"),
        ('<prop type="x-ConfirmationLevel">ApprovedSignOff</prop>', "approved"),
        ('<prop type="x-ConfirmationLevel">RejectedTranslation</prop>', "rejected"),
        ('<prop type="x-ConfirmationLevel">Unspecified</prop>', "draft"),
        ('<prop type="corrected">no</prop><prop type="aligned">yes</prop>', "aligned"),
        ('<prop type="corrected">yes</prop><prop type="aligned">yes</prop>', "approved"),
        ('<prop type="corrected">no</prop><prop type="aligned">no</prop>', "draft"),
        (
            '<prop type="x-tm-status">aligned</prop>'
            '<prop type="x-ConfirmationLevel">ApprovedSignOff</prop>',
            "aligned",
        ),
        ("", "draft"),
    ],
)
def test_trados_and_memoq_statuses_become_ours(props: str, status: str) -> None:
    body = GOOD_TU.replace("<tu>", f"<tu>{props}")
    assert [u.status for u in units(tmx(body))] == [status]


@pytest.mark.parametrize(
    ("props", "status", "written_back"),
    [
        (
            (("x-ConfirmationLevel", "Translated"),),
            "approved",
            {"x-ConfirmationLevel": "ApprovedTranslation"},
        ),
        (
            (("x-ConfirmationLevel", "ApprovedSignOff"),),
            "approved",
            {"x-ConfirmationLevel": "ApprovedSignOff"},
        ),
        (
            (("x-ConfirmationLevel", "ApprovedSignOff"),),
            "draft",
            {"x-ConfirmationLevel": "Translated"},
        ),
        (
            (("corrected", "no"), ("aligned", "yes")),
            "approved",
            {"corrected": "yes", "aligned": "yes"},
        ),
        ((("corrected", "yes"), ("aligned", "yes")), "draft", {"corrected": "no", "aligned": "no"}),
    ],
)
def test_the_tools_status_props_are_written_back_saying_our_status(
    props: tuple[tuple[str, str], ...], status: str, written_back: dict[str, str]
) -> None:
    unit = Unit("kk", "en", "Иә", "Yes", status=status, props=props)
    data = written([unit])
    tu = document(data).find("body/tu")
    assert tu is not None
    said = {p.get("type"): p.text for p in tu.findall("prop")}
    assert {kind: said[kind] for kind in written_back} == written_back
    # Another tool reads the new status; we read back the unit as it was.
    assert units(data) == [unit]


def test_context_on_the_tu_from_other_tools_feeds_101_percent_matches() -> None:
    body = (
        '<tu><prop type="x-context-pre">% w/w</prop><prop type="x-context-post">Next one</prop>'
        '<tuv xml:lang="en-US"><seg>Trade name</seg></tuv>'
        '<tuv xml:lang="tr-TR"><seg>Ticari adı</seg></tuv></tu>'
    )
    [unit] = units(tmx(body, header='srclang="en-US"'))
    assert (unit.prev_source, unit.next_source, unit.props) == ("% w/w", "Next one", ())
    assert round_trip([unit]) == [unit]


def test_in_our_own_files_a_context_prop_on_the_tu_is_the_units_own() -> None:
    unit = Unit("kk", "en", "a", "b", prev_source="<seg>", props=(("x-context-pre", "mine"),))
    assert round_trip([unit]) == [unit]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("20240102T030405Z", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),
        ("20240102T030405", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),  # no Z: UTC
        ("2024-01-02T03:04:05+01:00", dt.datetime(2024, 1, 2, 2, 4, 5, tzinfo=dt.UTC)),
        ("2024-01-02", dt.datetime(2024, 1, 2, tzinfo=dt.UTC)),
        ("  ", None),
    ],
)
def test_dates_are_read_whenever_they_are_unambiguous(
    date: str, expected: dt.datetime | None
) -> None:
    body = f"<tu changedate='{date}'>" + GOOD_TU[4:]
    assert [u.changed_at for u in units(tmx(body))] == [expected]


def test_stamps_stay_on_the_element_that_had_them() -> None:
    omegat = (
        '<tu><tuv xml:lang="kk"><seg>Иә</seg></tuv><tuv xml:lang="en" changeid="dana" '
        'changedate="20250101T120000Z"><seg>Yes</seg></tuv></tu>'
    )
    [unit] = units(tmx(omegat))
    assert (unit.changed_by, unit.changed_at) == (
        "dana",
        dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC),
    )
    tu = document(written([unit])).find("body/tu")
    assert tu is not None
    assert "changeid" not in tu.attrib
    assert [tuv.get("changeid") for tuv in tu.findall("tuv")] == [None, "dana"]
    assert round_trip([unit]) == [unit]


def test_an_n_language_tu_stays_one_tu_with_its_shared_metadata() -> None:
    body = (
        '<tu tuid="9" creationid="ann"><note>shared</note>'
        '<tuv xml:lang="en-US"><seg>color</seg></tuv>'
        '<tuv xml:lang="fr-CA"><prop type="p">fr</prop><seg>couleur</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>colour</seg></tuv></tu>'
    )
    twin = body.replace('tuid="9"', 'tuid="10"').replace("couleur", "teinte")
    read_back = units(tmx(body + twin, header='srclang="en-US"'))
    assert len(read_back) == 4
    assert len({dict(u.props)["x-tm-tu"] for u in read_back}) == 2
    # The export order sorts by target language: the two <tu>s interleave.
    ordered = sorted(read_back, key=lambda u: (u.tgt_lang, u.target))
    assert [len(group) for group in tu_groups(ordered)] == [2, 2]
    data = written(ordered)
    tus = document(data).findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == ["9", "10"]
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in tus] == [
        ["en-US", "en-GB", "fr-CA"]
    ] * 2
    assert [n.text for n in tus[0].findall("note")] == ["shared"]
    assert sorted(units(data), key=lambda u: (u.tgt_lang, u.target)) == ordered


# --- what cannot be used -----------------------------------------------------------------

GOOD_TU = '<tu><tuv xml:lang="kk"><seg>Иә</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>'


@pytest.mark.parametrize(
    ("body", "reason", "line", "problem"),
    [
        (
            '<tu><tuv xml:lang="kk"><seg>Жалғыз</seg></tuv></tu>',
            "a <tu> with no translation",
            4,
            False,
        ),
        (
            '<tu><tuv xml:lang="kk"><seg>Иә</seg></tuv><tuv xml:lang="en"><seg> </seg></tuv></tu>',
            "an empty target segment",
            4,
            False,
        ),
        (
            '<tu><tuv xml:lang="kk"><seg/></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>',
            "an empty source segment",
            4,
            False,
        ),
        (
            "<tu><tuv xml:lang='en'><seg>a</seg></tuv>"
            "<tuv xml:lang='en-GB'><seg>b</seg></tuv></tu>",
            "no <tuv> in the source language",
            4,
            True,
        ),
        ("<tu creationdate='2025-13-45'>" + GOOD_TU[4:], "a date that is not a date", 4, True),
        ("<tu changedate='yesterday'>" + GOOD_TU[4:], "a date that is not a date", 4, True),
        (
            "<tu><prop type='x-tm-status'>done</prop>" + GOOD_TU[4:],
            "a value that our own x-tm-* props cannot hold",
            4,
            True,
        ),
        (
            "<tu><prop type='x-tm-seg-no'>three</prop>" + GOOD_TU[4:],
            "a value that our own x-tm-* props cannot hold",
            4,
            True,
        ),
        (
            GOOD_TU.replace("</tu>", '<tuv xml:lang="en us!"><seg>x</seg></tuv></tu>'),
            "a language tag that is not BCP-47",
            4,
            True,
        ),
        (
            GOOD_TU.replace("</tu>", '<tuv xml:lang="KK"><seg>Иә!</seg></tuv></tu>'),
            "a second <tuv> in the source language",
            4,
            True,
        ),
    ],
)
def test_units_that_cannot_be_used_are_skipped_with_a_reason_and_line(
    body: str, reason: str, line: int, problem: bool
) -> None:
    skips = [record for record in read(tmx(body)) if type(record) is Skip]
    assert [(s.reason, s.line, s.problem) for s in skips] == [(reason, line, problem)]


BAD_DATE_FILE = tmx(
    GOOD_TU + "\n<tu creationdate='2025-13-45'>" + GOOD_TU[4:] + "\n" + GOOD_TU.replace("Иә", "Жоқ")
)


def test_an_import_skips_and_counts_what_cannot_be_used_naming_file_and_line() -> None:
    read_result = read_stream(io.BytesIO(BAD_DATE_FILE), name="in.tmx")
    assert (read_result.rows.height, read_result.records) == (2, 3)
    assert read_result.skipped == {"a date that is not a date": 1}
    [example] = read_result.examples
    assert str(example) == "in.tmx, line 5: '2025-13-45' is not a TMX date (YYYYMMDDThhmmssZ)"


def test_a_strict_import_fails_on_the_first_unit_that_cannot_be_used() -> None:
    with pytest.raises(FormatError) as caught:
        read_stream(io.BytesIO(BAD_DATE_FILE), name="in.tmx", strict=True)
    assert (caught.value.source, caught.value.line, caught.value.field) == (
        "in.tmx",
        5,
        "creationdate",
    )
    # What merely holds nothing (an empty segment) is skipped in a strict import too.
    empty = tmx(
        GOOD_TU + '<tu><tuv xml:lang="kk"><seg>a</seg></tuv><tuv xml:lang="en"><seg/></tuv></tu>'
    )
    assert read_stream(io.BytesIO(empty), name="in.tmx", strict=True).skipped == {
        "an empty target segment": 1
    }


MULTILINGUAL = tmx(
    '<tu><tuv xml:lang="kk-KZ"><seg>Иә</seg></tuv><tuv xml:lang="en-GB"><seg>Yes</seg></tuv>'
    '<tuv xml:lang="ru"><seg>Да</seg></tuv><tuv xml:lang="de-DE"><seg>Ja</seg></tuv></tu>'
)


@pytest.mark.parametrize(
    ("selection", "taken", "skipped"),
    [
        (Selection(), ["en-GB", "ru", "de-DE"], {}),
        (Selection(langs=("kk", "en", "ru")), ["en-GB", "ru"], {"in a language not asked for": 1}),
        (Selection(langs=("kk", "en-US")), [], {"in a language not asked for": 3}),
        (
            Selection(
                pairs=(("kk", "ru"), ("kk", "de")),
            ),
            ["ru", "de-DE"],
            {"not one of the pairs asked for": 1},
        ),
        (Selection(pairs=(("en", "kk"),)), [], {"not one of the pairs asked for": 3}),
        (Selection(langs=("kk", "en"), exact=True), [], {"in a language not asked for": 3}),
        (
            Selection(langs=("kk-KZ", "en-GB"), exact=True),
            ["en-GB"],
            {"in a language not asked for": 2},
        ),
    ],
)
def test_an_import_takes_the_languages_or_pairs_asked_for(
    selection: Selection, taken: list[str], skipped: dict[str, int]
) -> None:
    result = read_stream(io.BytesIO(MULTILINGUAL), name="in.tmx", selection=selection)
    assert [u.tgt_lang for u in result.units] == taken
    assert result.skipped == skipped


def test_the_cli_imports_chosen_languages_prints_counts_and_can_be_strict(
    tmp_path: Path,
) -> None:
    folder = tmp_path
    path = folder / "in.tmx"
    path.write_bytes(
        BAD_DATE_FILE[: -len("</body>\n</tmx>\n")] + MULTILINGUAL.split(b"<body>\n")[1]
    )
    out, err = io.StringIO(), io.StringIO()
    argv = ["import", str(path), "--tm", str(folder / "tm"), "--langs", "kk,en"]
    assert main(argv, stdout=out, stderr=err) == 0
    printed = out.getvalue()
    assert f"{path}: 6 units read, 3 added, 3 skipped" in printed
    assert "  skipped 2: in a language not asked for\n" in printed
    assert "  skipped 1: a date that is not a date\n" in printed
    assert f"    {path}, line 5: '2025-13-45' is not a TMX date" in printed
    assert main([*argv, "--strict"], stdout=io.StringIO(), stderr=err) != 0
    assert f"{path}, line 5, field 'creationdate'" in err.getvalue()


# --- writing -----------------------------------------------------------------------------

STAMP = dt.datetime(2025, 11, 18, 9, 30, 5, 123456, tzinfo=dt.UTC)
SEGMENT = [
    Unit(
        "kk",
        "en",
        "Сәлем & <қош>",
        "Hello",
        doc_id="d",
        seg_no=1,
        status="approved",
        align_score=0.9,
        note="first",
        props=(("client", "K"),),
        created_at=STAMP,
        created_by="ann",
    ),
    Unit("kk", "ru", "Сәлем & <қош>", "Привет", doc_id="d", seg_no=1, changed_at=STAMP),
    Unit("kk", "en", "Жалғыз", "Alone\r\n", note="n", props=(("a", "\t b "),)),
]


def test_export_joins_translations_of_one_segment_into_one_tu() -> None:
    tus = document(written(SEGMENT)).findall("body/tu")
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in tus] == [
        ["kk", "en", "ru"],
        ["kk", "en"],
    ]
    en = tus[0].findall("tuv")[1]
    assert en.get("creationdate") == "20251118T093005Z"
    assert [p.text for p in en.findall("prop")][-1] == "K"
    assert en.findtext("note") == "first"


def test_export_then_import_keeps_everything_but_sub_second_time() -> None:
    expected = [
        replace(
            u,
            created_at=u.created_at and u.created_at.replace(microsecond=0),
            changed_at=u.changed_at and u.changed_at.replace(microsecond=0),
        )
        for u in SEGMENT
    ]
    assert round_trip(SEGMENT) == expected


def test_characters_xml_cannot_carry_are_repaired_and_reported_not_fatal() -> None:
    changed: list[str] = []
    unit = Unit("kk", "en", "бір\x0bекі", "one\x01two\ud800", note="\x0c")
    data = written([unit], changed)
    [back] = units(data)
    assert (back.source, back.target, back.note) == ("бір\nекі", "onetwo\ufffd", "\n")
    assert Counter(changed) == Counter(
        {
            "U+000B (Word's line break) written as a line break": 1,
            "U+000C (Word's page break) written as a line break": 1,
            "a control character XML 1.0 cannot carry, dropped": 1,
            "a lone surrogate written as U+FFFD": 1,
        }
    )


def _kit_dtd() -> etree.DTD:
    return etree.DTD(str(KIT_DTD))


EXPORTS = {
    "our segment units": SEGMENT,
    "inline codes": units(tmx(INLINE)),
    "metadata of every level": units(tmx(FIELD_TU)),
    "three languages": units(tmx(VARIANTS, header='srclang="en-US"')),
    "a 3-language tu of another tool": units(
        tmx(
            '<tu tuid="x" segtype="bogus"><tuv xml:lang="kk"><seg>a</seg></tuv>'
            '<tuv xml:lang="en" creationdate="20240101T000000Z"><seg>b</seg></tuv>'
            '<tuv xml:lang="ru"><seg>c</seg></tuv></tu>'
        )
    ),
    "repaired characters": [Unit("kk", "en", "a\x0bb", "c\x00", props=(("t\x01", "v\x02"),))],
    "kept markup no longer TMX": [
        Unit("kk", "en", "a", "b", props=((SOURCE_MARKUP, "<it>a</it>"), (TARGET_MARKUP, "<b")))
    ],
}


@pytest.mark.parametrize("name", EXPORTS)
def test_every_export_is_valid_tmx_14b_against_the_kit_dtd(name: str) -> None:
    dtd = _kit_dtd()
    assert dtd.validate(document(written(EXPORTS[name]))), dtd.error_log.filter_from_errors()


# --- hostile and broken files ------------------------------------------------------------

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "lollollollollollollollollollollollollollollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<tmx version="1.4"><header srclang="kk"/><body>
<tu><tuv xml:lang="kk"><seg>&g;</seg></tuv><tuv xml:lang="en"><seg>&g;</seg></tuv></tu>
</body></tmx>
"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="kk"/><body>
<tu><tuv xml:lang="kk"><seg>&secret;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (LAUGHS, 11, "DOCTYPE declares entities"),
        (EXTERNAL, 3, "DOCTYPE declares entities"),
        (
            tmx(GOOD_TU + "\n<tu><tuv xml:lang='kk'><seg>a</tuv></tu>"),
            5,
            "malformed XML: Opening and ending tag mismatch",
        ),
        (
            tmx("<tu><tuv xml:lang='kk'><seg>a &nbsp; b</seg></tuv></tu>"),
            4,
            "Entity 'nbsp' not defined",
        ),
        (b"", 1, "the file is empty"),
        (b"   \n", 2, "malformed XML"),
        (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx><body>\n<seg>caf\xe9</seg></body></tmx>',
            3,
            "do not match the file's encoding",
        ),
        (
            b"<tmx><body>\n<tu><tuv xml:lang='kk'><seg>\xd8\xe0</seg></tuv></tu></body></tmx>",
            2,
            "do not match the file's encoding",
        ),
        (
            tmx(
                GOOD_TU
                + "\n<tu><tuv xml:lang='kk'></tuv><tuv xml:lang='en'><seg>b</seg></tuv></tu>"
            ),
            5,
            "a <tuv> without <seg>",
        ),
        (tmx("<tu><note>only a note</note></tu>"), 4, "a <tu> without <tuv>"),
        (tmx("<tu><tuv><seg>a</seg></tuv></tu>"), 4, "a <tuv> without xml:lang"),
        (b"<html><body><tu/></body></html>", 1, "not a TMX file: the root element is <html>"),
        (
            tmx("<tu>" + "<prop>" * 300 + "</prop>" * 300 + "</tu>"),
            4,
            "Excessive depth in document: 256",
        ),
        (tmx("<tu><note>" + "x" * 10_000_001 + "</note></tu>"), 4, "Text node too long"),
        (b"<?xml version='1.0'?>\n<xliff/>", 2, "not a TMX file"),
    ],
)
def test_bad_files_fail_naming_file_line_and_what_is_wrong(
    data: bytes, line: int, message: str
) -> None:
    with pytest.raises(FormatError) as caught:
        read(data)
    assert caught.value.source == "in.tmx"
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_bad_preferred_source_language_is_a_language_error() -> None:
    with pytest.raises(LanguageError, match="'en us!' is not a language tag"):
        read(tmx(GOOD_TU), src_lang="en us!")


def test_billion_laughs_fails_before_any_expansion() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            read(LAUGHS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Expanded, &g; would be 70 * 24**6 bytes (13 GB); refused, it costs next to nothing.
    assert peak < 5_000_000


def test_the_reader_streams_records_before_the_file_ends() -> None:
    """A broken tail does not stop earlier records from being read first: nothing is
    buffered, and the caller (one import = one transaction) decides what to keep."""
    records = read_tmx(io.BytesIO(tmx(GOOD_TU + "\n<tu>")), source="in.tmx")
    assert isinstance(next(records), Unit)
    with pytest.raises(FormatError):
        next(records)


def test_repeats_count_once_as_repeated() -> None:
    result = read_stream(io.BytesIO(tmx(GOOD_TU * 3)), name="in.tmx")
    assert (result.rows.height, result.skipped) == (1, {REPEATED: 2})
