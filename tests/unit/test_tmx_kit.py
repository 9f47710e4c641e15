"""The LISA TMX compliance kit (../shared/tmx-kit): every TMX file imports as it is, with the
pairs a count independent of our reader expects and the texts the kit's results give; every
export of them validates against the kit's DTD and reads back the same in translate-toolkit.

A pair is a `<tuv>` of a `<tu>` in another language than the `<tu>`'s source (its srclang,
else the header's). The kit gives its expected results for the ImportTest1* files as text
files, a line per `<tu>`: `ImportTest1X.txt` the source texts, `ImportTest1X_<lang>.txt` the
texts in <lang>; for ImportTest2A as HTML documents, where a paragraph may span two `<tu>`s.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SHARED
from tm.formats.inline import parse_segment
from tm.formats.tmx import SOURCE_MARKUP, TARGET_MARKUP, tu_groups, write_tmx
from tm.formats.transfer import REPEATED, read_file, read_stream
from tm.lang import canonical_tag
from tm.unit import Unit

KIT = SHARED / "tmx-kit"
FILES = sorted(KIT.glob("*.tmx"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def test_the_kit_has_its_23_tmx_files() -> None:
    assert len(FILES) == 23


def kit_pairs(path: Path) -> list[tuple[str, str]]:
    """(source, target) languages of every pair of the file, in order, by XPath alone."""
    root = etree.parse(str(path), SAFE).getroot()
    header = root.xpath("string(header/@srclang)")
    found = []
    for tu in root.xpath("body/tu"):
        source = (tu.get("srclang") or header).lower()
        found.extend(
            (source, lang.lower()) for lang in tu.xpath("tuv/@xml:lang") if lang.lower() != source
        )
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_kit_file_imports_as_it_is_with_the_pairs_it_holds(path: Path) -> None:
    expected = kit_pairs(path)
    read = read_file(path)
    assert read.notices == {}
    # Two <tu>s that differ only in inline codes are one unit of the TM (one content key).
    assert set(read.skipped) <= {REPEATED}
    assert read.rows.height + read.skipped.get(REPEATED, 0) == len(expected) == read.records
    taken = {(u.src_lang.lower(), u.tgt_lang.lower()) for u in read.units}
    assert taken == set(expected)


def test_the_kit_holds_87_pairs() -> None:
    assert sum(len(kit_pairs(path)) for path in FILES) == 87


def kit_text(path: Path) -> list[str]:
    data = path.read_bytes()
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    return data.decode(encoding).splitlines()


RESULTS = sorted(path for path in KIT.glob("ImportTest1*_*.txt"))


@pytest.mark.parametrize("result", RESULTS, ids=lambda path: path.name)
def test_imported_texts_are_the_kits_expected_results(result: Path) -> None:
    name, lang = result.stem.split("_")
    units = [u for u in read_file(KIT / f"{name}.tmx").units if u.tgt_lang == canonical_tag(lang)]
    assert [u.target for u in units] == kit_text(result)
    assert [u.source for u in units] == kit_text(KIT / f"{name}.txt")


def html_text(path: Path) -> str:
    """The text of an HTML result of the kit: its paragraphs without tags, spaces collapsed."""
    body = path.read_bytes().decode("windows-1252").split("<body>")[1].split("</body>")[0]
    paragraphs = [html.unescape(re.sub(r"<[^>]*>", "", p)) for p in body.split("</p>")]
    return normalized(" ".join(paragraphs))


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", ["ImportTest2A", "ImportTest2A-0index"])
def test_texts_with_inline_codes_are_the_kits_html_results_without_markup(name: str) -> None:
    units = read_file(KIT / f"{name}.tmx").units
    assert normalized(" ".join(u.target for u in units)) == html_text(
        KIT / "ImportTest2A_fr-ca.htm"
    )
    assert normalized(" ".join(u.source for u in units)) == html_text(KIT / "ImportTest2A.htm")
    assert all(SOURCE_MARKUP in dict(u.props) for u in units)


def exported(units: list[Unit]) -> bytes:
    out = io.BytesIO()
    write_tmx(units, out)
    return out.getvalue()


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_kit_file_exported_validates_and_reads_back_the_same(path: Path) -> None:
    units = read_file(path).units
    data = exported(units)
    dtd = etree.DTD(str(KIT / "tmx14.dtd"))
    assert dtd.validate(etree.fromstring(data, SAFE)), dtd.error_log.filter_from_errors()
    assert read_stream(io.BytesIO(data), name="again.tmx").units == units


def code_text(unit: Unit, side: str) -> str:
    """A side's text as translate-toolkit reads a <seg>: every text in it, codes included."""
    markup = dict(unit.props).get(SOURCE_MARKUP if side == "source" else TARGET_MARKUP)
    text: str = getattr(unit, side)
    return text if markup is None else "".join(parse_segment(markup).itertext())


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_translate_toolkit_reads_our_export_of_every_kit_file(path: Path) -> None:
    from translate.storage.tmx import tmxfile

    units = read_file(path).units
    store = tmxfile(io.BytesIO(exported(units)))
    # One <tu> per segment: the toolkit reads its source and first translation.
    firsts = [group[0] for group in tu_groups(units)]
    assert [(u.source, u.target) for u in store.units] == [
        (code_text(u, "source"), code_text(u, "target")) for u in firsts
    ]


def test_translate_toolkit_reads_back_what_our_own_units_say() -> None:
    from translate.storage.tmx import tmxfile

    units = [
        Unit("kk", "en", "Қазақстан & <Эстония>", "Kazakhstan & <Estonia>", note="a note"),
        Unit("kk-Cyrl", "en-GB", "  бос  орын\tбар ", "spaces\nand lines"),
        Unit("kk", "ru", "Word\x0bline", "Строка"),
    ]
    store = tmxfile(io.BytesIO(exported(units)))
    assert [(u.source, u.target) for u in store.units] == [
        ("Қазақстан & <Эстония>", "Kazakhstan & <Estonia>"),
        ("  бос  орын\tбар ", "spaces\nand lines"),
        ("Word\nline", "Строка"),
    ]
    assert store.units[0].getnotes() == "a note"
