"""TMX 1.4b: what other tools write, what we write, and hostile files."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
from dataclasses import replace

import pytest
from lxml import etree

from tests.conftest import ROOT
from tm.errors import FormatError, InputError, LanguageError
from tm.formats._fields import Skip
from tm.formats.tmx import INLINE_PROP, read_tmx, write_tmx
from tm.unit import Unit

DTD_PATH = ROOT / "tests" / "data" / "tmx14.dtd"


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


TRILINGUAL = (
    '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
    '<tuv xml:lang="kk"><seg>Сәлем</seg></tuv>'
    '<tuv xml:lang="ru"><seg>Привет</seg></tuv></tu>'
)


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
    "attribute", ['xml:lang="KK-kz"', 'lang="kk_KZ"', 'xml:lang="kaz"', 'xml:lang="Kk"']
)
def test_language_attributes_old_and_new_are_matched_leniently(attribute: str) -> None:
    body = (
        f'<tu><tuv {attribute}><seg>Иә</seg></tuv><tuv xml:lang="en-GB"><seg>Yes</seg></tuv></tu>'
    )
    assert pairs(tmx(body)) == [("kk", "en", "Иә", "Yes")]


def test_props_notes_dates_and_ids_are_kept_the_target_tuv_winning() -> None:
    body = """<tu creationdate="20240102T030405Z" creationid="ann" changedate="20240105T000000Z"
      changeid="bob"><note>tu note</note><prop type="client">Kazinform</prop>
      <prop type="x-tm-status">approved</prop><prop type="x-tm-align-score">0.5</prop>
      <tuv xml:lang="kk"><prop type="ignored">source side</prop><seg>Иә</seg></tuv>
      <tuv xml:lang="en" changedate="20250101T120000Z" changeid="cem"><note>en note</note>
      <prop type="domain">news</prop><seg>Yes</seg></tuv></tu>"""
    [unit] = units(tmx(body))
    assert unit.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert unit.created_by == "ann"
    assert unit.changed_at == dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert unit.changed_by == "cem"
    assert unit.note == "tu note\nen note"
    assert unit.props == (("client", "Kazinform"), ("domain", "news"))
    assert (unit.status, unit.align_score, unit.origin) == ("approved", 0.5, "import:tmx")


INLINE = (
    '<tu><tuv xml:lang="kk"><seg>Бұл <bpt i="1">&lt;b&gt;</bpt>маңызды<ept i="1">&lt;/b&gt;</ept>'
    ' <ph x="2">&lt;br/&gt;</ph>сөз <hi type="em">өте</hi> <it pos="begin">&lt;i&gt;</it>'
    "<ut>{\\f1}</ut>жақсы <ph><sub>alt мәтін</sub></ph>!</seg></tuv>"
    '<tuv xml:lang="en"><seg>A &amp; B</seg></tuv></tu>'
)


def test_inline_codes_are_stripped_on_request_keeping_the_text_around_them() -> None:
    assert pairs(tmx(INLINE), strip_inline=True) == [
        ("kk", "en", "Бұл маңызды сөз өте жақсы !", "A & B")
    ]


def test_inline_codes_are_kept_as_markup_and_written_back_as_markup() -> None:
    [unit] = units(tmx(INLINE))
    assert unit.source.startswith('Бұл <bpt i="1">&lt;b&gt;</bpt>маңызды<ept i="1">')
    assert '<hi type="em">өте</hi>' in unit.source
    assert unit.target == "A &amp; B"  # the plain side is escaped to match the markup side
    assert unit.props[-1] == INLINE_PROP
    out = io.BytesIO()
    write_tmx([unit], out)
    assert units(out.getvalue()) == [unit]
    assert b'<ph x="2">&lt;br/&gt;</ph>' in out.getvalue()


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


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('<tu><tuv xml:lang="kk"><seg>Жалғыз</seg></tuv></tu>', "a <tu> with no translation"),
        (
            '<tu><tuv xml:lang="kk"><seg>Иә</seg></tuv><tuv xml:lang="en"><seg> </seg></tuv></tu>',
            "an empty target segment",
        ),
        (
            '<tu><tuv xml:lang="kk"><seg/></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>',
            "an empty source segment",
        ),
    ],
)
def test_tus_with_nothing_to_import_are_skipped_with_a_reason(body: str, reason: str) -> None:
    [record] = read(tmx(body))
    assert isinstance(record, Skip)
    assert record.reason == reason
    assert record.line == 4


def _dtd() -> etree.DTD:
    return etree.DTD(str(DTD_PATH))


def written(units_out: list[Unit]) -> bytes:
    out = io.BytesIO()
    assert write_tmx(units_out, out) == len(units_out)
    return out.getvalue()


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


def test_export_is_valid_tmx_14b_against_the_dtd() -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    document = etree.fromstring(written(SEGMENT), parser)
    dtd = _dtd()
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_export_joins_translations_of_one_segment_into_one_tu() -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(written(SEGMENT), parser)
    tus = document.findall("body/tu")
    assert [
        [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
        for tu in tus
    ] == [
        ["kk", "en", "ru"],
        ["kk", "en"],
    ]
    en = tus[0].findall("tuv")[1]
    assert en.get("creationdate") == "20251118T093005Z"
    assert [p.text for p in en.findall("prop")][-1] == "K"
    assert en.findtext("note") == "first"


def test_export_then_import_keeps_everything_but_sub_second_time() -> None:
    back = units(written(SEGMENT))
    expected = [
        replace(
            u,
            created_at=u.created_at and u.created_at.replace(microsecond=0),
            changed_at=u.changed_at and u.changed_at.replace(microsecond=0),
        )
        for u in SEGMENT
    ]
    assert back == expected


def test_a_character_xml_cannot_carry_fails_the_export_naming_the_unit() -> None:
    with pytest.raises(FormatError, match=r"kk-en unit 'a\\x01b' holds the character U\+0001"):
        written([Unit("kk", "en", "a\x01b", "b")])


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

GOOD_TU = '<tu><tuv xml:lang="kk"><seg>Иә</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv></tu>'


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
        (
            tmx(
                GOOD_TU + "\n<tu><tuv xml:lang='en'><seg>a</seg></tuv>"
                "<tuv xml:lang='en-GB'><seg>b</seg></tuv></tu>"
            ),
            5,
            "no <tuv> in the source language 'kk'",
        ),
        (tmx("<tu creationdate='2025-01-01'>" + GOOD_TU[4:]), 4, "not a TMX date"),
        (tmx("<tu><prop type='x-tm-status'>done</prop>" + GOOD_TU[4:]), 4, "unknown status 'done'"),
        (
            tmx(
                "<tu><tuv xml:lang='kk'><seg>a<b>bold</b></seg></tuv>"
                "<tuv xml:lang='en'><seg>b</seg></tuv></tu>"
            ),
            4,
            "unexpected <b> inside <seg>",
        ),
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


def test_an_unknown_language_is_a_language_error_naming_the_line() -> None:
    data = tmx(
        GOOD_TU
        + "\n<tu><tuv xml:lang='kk'><seg>a</seg></tuv><tuv xml:lang='de-DE'><seg>b</seg></tuv></tu>"
    )
    with pytest.raises(LanguageError) as caught:
        read(data)
    assert (caught.value.source, caught.value.line, caught.value.field) == ("in.tmx", 5, "xml:lang")
    assert "unsupported language 'de-DE'" in str(caught.value)


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
