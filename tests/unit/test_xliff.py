"""XLIFF 2.1 / 1.2 out to a CAT tool and back: what the tools write is simulated by editing
the exported XML the way OmegaT, memoQ and Trados do; translate-toolkit reads our files as a
second, independent reader."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from lxml import etree

from tm.errors import FormatError, InputError
from tm.formats.tmx import write_tmx
from tm.formats.xliff import (
    MAX_XLIFF_BYTES,
    NOT_TRANSLATED,
    import_returned_job,
    job_from_xliff,
    write_xliff,
)
from tm.store import TranslationMemory
from tm.translate import (
    TranslationJob,
    best_matches,
    confirm_segment,
    draft_segment,
    start_translation,
)
from tm.unit import Unit, frame_units

ARTICLE = "date 2025-11-18 Тақырып\nБірінші сөйлем. Екінші сөйлем.\nҮшінші сөйлем «A & B» <b>.\n"
KEYS = ("title", "s0", "s1", "s2")
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
MQ = "MQXliff"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
FORMATS = ("xliff12", "xliff2")


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm")


@pytest.fixture
def job(memory: TranslationMemory) -> TranslationJob:
    return start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")


# --- what the tools do to the file, simulated -----------------------------------------------


def _units(root: etree._Element) -> dict[str, etree._Element]:
    ns = etree.QName(root).namespace
    tag = "trans-unit" if ns == X12 else "unit"
    return {unit.get("id") or "": unit for unit in root.iter(f"{{{ns}}}{tag}")}


def _target12(unit: etree._Element, text: str, **attrs: str) -> etree._Element:
    target = unit.find(f"{{{X12}}}target")
    if target is None:
        target = etree.Element(f"{{{X12}}}target")
        unit.find(f"{{{X12}}}source").addnext(target)  # type: ignore[union-attr]
    target.text = text
    target.attrib.update(attrs)
    return target


def _target2(unit: etree._Element, text: str, **attrs: str) -> None:
    segment = unit.find(f"{{{X2}}}segment")
    assert segment is not None
    target = segment.find(f"{{{X2}}}target")
    if target is None:
        target = etree.SubElement(segment, f"{{{X2}}}target")
    target.text = text
    segment.attrib.update(attrs)


def omegat12(root: etree._Element) -> None:
    """OmegaT (Okapi filter): targets written, states left alone; an untranslated segment
    gets its source copied into the target."""
    units = _units(root)
    _target12(units["title"], "Headline")
    _target12(units["s0"], "The first sentence.")
    _target12(units["s1"], "The second sentence.")
    _target12(units["s2"], units["s2"].findtext(f"{{{X12}}}source") or "")


def memoq12(root: etree._Element) -> None:
    """memoQ MQXLIFF: the row status in mq:status on the trans-unit."""
    units = _units(root)
    statuses = {
        "title": ("Headline", "ManuallyConfirmed"),
        "s0": ("The first sentence.", "Reviewer1Confirmed"),
        "s1": ("The second sentence (draft).", "PartiallyEdited"),
        "s2": ("", "NotStarted"),
    }
    for key, (text, status) in statuses.items():
        _target12(units[key], text)
        units[key].set(f"{{{MQ}}}status", status)
        units[key].set(f"{{{MQ}}}percent", "0")


def trados12(root: etree._Element) -> None:
    """Trados SDLXLIFF: targets segmented into <mrk mtype="seg">, confirmation levels in
    <sdl:seg-defs>; the XLIFF state (here stale) does not decide."""
    units = _units(root)
    levels = {
        "title": ("Headline", "Translated"),
        "s0": ("The first sentence.", "ApprovedSignOff"),
        "s1": ("The second sentence (draft).", "Draft"),
        "s2": ("The third sentence «A & B» <b>.", "Translated"),
    }
    for key, (text, level) in levels.items():
        target = _target12(units[key], "", state="needs-translation")
        target.text = "\n  "
        mark = etree.SubElement(target, f"{{{X12}}}mrk", mtype="seg", mid="1")
        mark.text = text
        mark.tail = "\n"
        defs = etree.SubElement(units[key], f"{{{SDL}}}seg-defs")
        etree.SubElement(defs, f"{{{SDL}}}seg", id="1", conf=level, origin="interactive")


def states12(root: etree._Element) -> None:
    """Plain XLIFF 1.2 states and approval, as memoQ or Trados write a target XLIFF."""
    units = _units(root)
    _target12(units["title"], "Headline", state="final")
    _target12(units["s0"], "The first sentence.", state="translated")
    units["s0"].set("approved", "yes")
    _target12(units["s1"], "The second sentence.", state="translated")
    _target12(units["s2"], "The third sentence (MT).", state="needs-review-translation")


def states2(root: etree._Element) -> None:
    units = _units(root)
    _target2(units["title"], "Headline", state="final")
    _target2(units["s0"], "The first sentence.", state="reviewed")
    _target2(units["s1"], "The second sentence.", state="translated")
    _target2(units["s2"], "The third sentence (MT).", state="initial")


def omegat2(root: etree._Element) -> None:
    units = _units(root)
    _target2(units["title"], "Headline")
    _target2(units["s0"], "The first sentence.")
    _target2(units["s1"], "The second sentence.")


def _back(data: bytes, tool: Callable[[etree._Element], None]) -> bytes:
    root = etree.fromstring(data)
    tool(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


ROUND_TRIPS = [
    # format, tool, expected status per unit (title, s0, s1, s2)
    ("xliff12", omegat12, ("draft", "draft", "draft", NOT_TRANSLATED)),
    ("xliff12", memoq12, ("draft", "approved", NOT_TRANSLATED, NOT_TRANSLATED)),
    ("xliff12", trados12, ("draft", "approved", NOT_TRANSLATED, "draft")),
    ("xliff12", states12, ("approved", "approved", "draft", NOT_TRANSLATED)),
    ("xliff2", states2, ("approved", "approved", "draft", NOT_TRANSLATED)),
    ("xliff2", omegat2, ("draft", "draft", "draft", NOT_TRANSLATED)),
]


@pytest.mark.parametrize(
    ("fmt", "tool", "expected"), ROUND_TRIPS, ids=lambda v: getattr(v, "__name__", None)
)
def test_a_file_back_from_a_cat_tool_enters_the_tm_with_its_statuses(
    memory: TranslationMemory,
    job: TranslationJob,
    fmt: str,
    tool: Callable[[etree._Element], None],
    expected: tuple[str, ...],
) -> None:
    returned = job_from_xliff(_back(write_xliff(job, fmt), tool), "back.xlf")
    assert returned.statuses == expected
    assert returned.job.segments == job.segments
    result = import_returned_job(memory, returned, user="aida")
    entered = sum(status != NOT_TRANSLATED for status in expected)
    assert (result.units, result.entered, result.unchanged) == (4, entered, 0)
    assert result.not_translated == 4 - entered
    assert result.approved == expected.count("approved")
    rows = memory.live().sort("seg_no").collect()
    seg_nos = [job.seg_no(i) for i, status in enumerate(expected) if status != NOT_TRANSLATED]
    assert rows["seg_no"].to_list() == seg_nos
    assert rows["status"].to_list() == [s for s in expected if s != NOT_TRANSLATED]
    assert set(rows["origin"]) == {"translation"}
    assert set(rows["doc_id"]) == {"d1"}
    assert set(rows["created_by"]) == {"aida"}


def test_imported_units_carry_their_context_and_a_job_picks_them_up(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    returned = job_from_xliff(_back(write_xliff(job, "xliff12"), omegat12), "back.xlf")
    import_returned_job(memory, returned, user="aida")
    units = {u.seg_no: u for u in frame_units(memory.live().collect())}
    assert (units[-1].prev_source, units[-1].next_source) == (None, None)
    assert (units[0].prev_source, units[0].next_source) == (None, "Екінші сөйлем.")
    assert (units[1].prev_source, units[1].next_source) == (
        "Бірінші сөйлем.",
        "Үшінші сөйлем «A & B» <b>.",
    )
    again = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    assert again.states == ("confirmed", "confirmed", "confirmed", "new")
    assert again.targets[1] == "The first sentence."


def test_importing_again_replaces_rather_than_piles_up(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    first = _back(write_xliff(job, "xliff12"), omegat12)
    import_returned_job(memory, job_from_xliff(first, "a.xlf"), user="aida")
    again = import_returned_job(memory, job_from_xliff(first, "a.xlf"), user="aida")
    assert (again.entered, again.unchanged, again.retired) == (0, 3, 0)
    fixed = first.replace(b"The second sentence.", b"The 2nd sentence.")
    third = import_returned_job(memory, job_from_xliff(fixed, "b.xlf"), user="bolat")
    assert (third.entered, third.unchanged, third.retired) == (1, 2, 1)
    live = memory.live().filter(pl.col("seg_no") == 1).collect()
    assert live["target"].to_list() == ["The 2nd sentence."]


def test_a_round_trip_of_the_tms_own_translations_keeps_them_as_they_are(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    confirm_segment(memory, job, 1, "The first sentence.", user="aida")
    unit_id = memory.live().collect()["unit_id"][0]
    memory.approve([unit_id], user="editor")
    job = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    for fmt in FORMATS:
        result = import_returned_job(
            memory, job_from_xliff(write_xliff(job, fmt), "same.xlf"), user="aida"
        )
        assert (result.entered, result.unchanged, result.not_translated) == (0, 1, 3)
    assert memory.live().collect()["status"].to_list() == ["approved"]


def test_an_edited_source_is_imported_from_the_file_and_counted(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    data = _back(write_xliff(job, "xliff2"), omegat2)
    data = data.replace("Екінші сөйлем.</source>".encode(), "Екінші сөйлем!</source>".encode())
    returned = job_from_xliff(data, "back.xlf")
    assert returned.source_changed == (False, False, True, False)
    result = import_returned_job(memory, returned, user="aida")
    assert (result.entered, result.source_changed) == (3, 1)
    sources = memory.live().sort("seg_no").collect()["source"].to_list()
    assert sources[2] == "Екінші сөйлем!"


def test_units_are_found_by_id_whatever_the_tool_adds_or_reorders(job: TranslationJob) -> None:
    root = etree.fromstring(write_xliff(job, "xliff12"))
    omegat12(root)
    body = root.find(f"{{{X12}}}file/{{{X12}}}body")
    assert body is not None
    units = list(body)
    for unit in units:
        body.remove(unit)
    group = etree.SubElement(body, f"{{{X12}}}group", id="g1")
    for unit in reversed(units):
        unit.set("{urn:tool}extra", "1")
        etree.SubElement(unit, "{urn:tool}stuff").text = "ignored"
        group.append(unit)
    units[1].set("id", "tool-42")  # renumbered by the tool: the resname still says s0
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    returned = job_from_xliff(data, "back.xlf")
    assert returned.job.segments == job.segments
    assert returned.job.targets[:3] == ("Headline", "The first sentence.", "The second sentence.")


def test_translate_toolkit_reads_both_versions(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    from translate.storage.xliff import xlifffile
    from translate.storage.xliff2 import Xliff2File

    job = confirm_segment(memory, job, 1, "The first sentence.", user="aida").job
    store12 = xlifffile.parsestring(write_xliff(job, "xliff12"))
    assert [unit.source for unit in store12.units] == list(job.segments)
    assert [unit.getid().rpartition("\x04")[2] for unit in store12.units] == list(KEYS)
    assert [unit.target or None for unit in store12.units] == [
        None,
        "The first sentence.",
        None,
        None,
    ]
    # translate-toolkit's states: translated (not reviewed) for the confirmed one only.
    states = [unit.get_state_n() for unit in store12.units]
    assert states[1] == store12.units[1].S_TRANSLATED
    assert all(state < store12.units[1].S_TRANSLATED for i, state in enumerate(states) if i != 1)
    assert (store12.getsourcelanguage(), store12.gettargetlanguage()) == ("kk", "en")
    store2 = Xliff2File.parsestring(write_xliff(job, "xliff2"))
    assert [unit.source for unit in store2.units] == list(job.segments)
    assert [unit.getid().partition("::")[0] for unit in store2.units] == list(KEYS)
    assert [unit.istranslated() for unit in store2.units] == [False, True, False, False]
    assert (store2.getsourcelanguage(), store2.gettargetlanguage()) == ("kk", "en")


def test_tm_matches_and_drafts_are_offered_as_candidates(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    from translate.storage.xliff import xlifffile

    memory.add(
        [
            Unit(
                "kk",
                "en",
                "Екінші сөйлем.",
                "The second sentence.",
                doc_id="old",
                status="approved",
            )
        ],
        user="t",
    )
    job = draft_segment(job, 1, "First, a draft.")
    best = best_matches(memory, job)
    assert best[2] is not None
    assert best[2].score == 100
    data12 = write_xliff(job, "xliff12", best=best)
    units = xlifffile.parsestring(data12).units
    [tm_match] = units[2].getalttrans()
    assert (tm_match.source, tm_match.target) == ("Екінші сөйлем.", "The second sentence.")
    assert tm_match.xmlelement.get("match-quality") == "100"
    [draft] = units[1].getalttrans(origin="draft")
    assert (draft.target, draft.xmlelement.get("origin")) == ("First, a draft.", "draft")
    assert units[1].target in ("", None)  # a draft is not a translation the tool keeps
    root = etree.fromstring(write_xliff(job, "xliff2", best=best))
    [match] = _units(root)["s1"].iter(f"{{{MTC}}}match")
    assert (match.get("similarity"), match.get("type"), match.get("ref")) == ("100", "tm", "#s1")
    assert match.findtext(f"{{{X2}}}target") == "The second sentence."
    # The candidates are not taken for translations on the way back.
    for data in (data12, etree.tostring(root)):
        assert job_from_xliff(data, "x.xlf").statuses == (NOT_TRANSLATED,) * 4


def test_a_context_match_is_an_in_context_candidate(memory: TranslationMemory) -> None:
    first = start_translation(memory, ARTICLE, doc_id="d1", tgt_lang="en")
    confirm_segment(memory, first, 2, "The second sentence.", user="aida")
    job = start_translation(memory, ARTICLE, doc_id="d2", tgt_lang="en")
    best = best_matches(memory, job)
    assert best[2] is not None
    assert best[2].score == 101
    root = etree.fromstring(write_xliff(job, "xliff2", best=best))
    [match] = _units(root)["s1"].iter(f"{{{MTC}}}match")
    assert (match.get("similarity"), match.get("type")) == ("100", "icm")
    alt = _units(etree.fromstring(write_xliff(job, "xliff12", best=best)))["s1"]
    assert alt.find(f"{{{X12}}}alt-trans").get("match-quality") == "101"  # type: ignore[union-attr]


def test_notes_for_the_translator_reach_both_versions(job: TranslationJob) -> None:
    from translate.storage.xliff import xlifffile

    notes = [[], ["сөйлем = sentence"], [], []]
    store = xlifffile.parsestring(write_xliff(job, "xliff12", notes=notes))
    assert [unit.getnotes() for unit in store.units] == ["", "сөйлем = sentence", "", ""]
    root = etree.fromstring(write_xliff(job, "xliff2", notes=notes))
    note = _units(root)["s0"].find(f"{{{X2}}}notes/{{{X2}}}note")
    assert note is not None
    assert (note.text, note.get("category")) == ("сөйлем = sentence", "term")


@pytest.mark.parametrize("fmt", FORMATS)
def test_markup_characters_are_text_and_come_back_exactly(
    memory: TranslationMemory, fmt: str
) -> None:
    article = "A <b>&amp; \"q\" 's' > x  y\r\n"
    job = start_translation(memory, article, doc_id="d", tgt_lang="en")
    job = confirm_segment(memory, job, 0, "<i>T</i> & &lt; ]]>", user="t").job
    data = write_xliff(job, fmt)
    assert b"<b>" not in data
    assert b"<i>" not in data
    returned = job_from_xliff(data, "x.xlf")
    assert returned.job.segments == job.segments
    assert returned.job.targets == ("<i>T</i> & &lt; ]]>",)


def test_a_control_character_never_reaches_a_job(memory: TranslationMemory) -> None:
    # Control characters are refused at the door (tm.unit, tm.formats.article), so a job,
    # and the XLIFF written from it, never holds one.
    with pytest.raises(FormatError, match=r"U\+0001"):
        start_translation(memory, "Бір\x01екі. Үш.\n", doc_id="d", tgt_lang="en")


def test_inline_codes_are_dropped_and_their_text_kept() -> None:
    data = f"""<xliff xmlns="{X2}" version="2.0" srcLang="kk" trgLang="en">
<file id="f" original="d"><unit id="s0"><originalData><data id="d1">&lt;b&gt;</data></originalData>
<segment state="translated"><source><pc id="1">Бір</pc> <ph id="2" dataRef="d1"/>екі.</source>
<target><pc id="1">One</pc> <ph id="2"/>two<cp hex="0009"/>.</target></segment>
</unit></file></xliff>"""
    returned = job_from_xliff(data.encode(), "x.xlf")
    assert returned.job.segments == ("Бір екі.",)
    assert returned.job.targets == ("One two\t.",)
    assert returned.statuses == ("draft",)


def test_a_resegmented_unit_is_joined_and_as_far_along_as_its_least_segment() -> None:
    data = f"""<xliff xmlns="{X2}" version="2.1" srcLang="kk" trgLang="en">
<file id="f" original="d"><unit id="s0">
<segment id="a" state="final"><source>Бір.</source><target>One.</target></segment>
<ignorable><source> </source></ignorable>
<segment id="b" state="translated"><source>Екі.</source><target>Two.</target></segment>
</unit></file></xliff>"""
    returned = job_from_xliff(data.encode(), "x.xlf")
    assert (returned.job.segments, returned.job.targets) == (("Бір. Екі.",), ("One. Two.",))
    assert returned.statuses == ("draft",)


def _xliff12(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}<xliff xmlns="{X12}" version="1.2">\n'
        '<file original="d" source-language="kk" target-language="en" datatype="plaintext">'
        f"<body>\n{body}\n</body></file></xliff>\n"
    ).encode()


LAUGHS = (
    '<!DOCTYPE xliff [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>\n'
)
EXTERNAL = '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
UNIT = '<trans-unit id="s0"><source>Бір.</source><target>{}</target></trans-unit>'

HOSTILE = {
    "billion laughs": (_xliff12(UNIT.format("&h;"), LAUGHS), "declares entities", 2),
    "external entity": (_xliff12(UNIT.format("&x;"), EXTERNAL), "declares entities", 2),
    "external entity, UTF-16": (
        _xliff12(UNIT.format("&x;"), EXTERNAL)
        .decode()
        .replace('"1.0"?', '"1.0" encoding="UTF-16"?')
        .encode("utf-16"),
        "declares entities",
        2,
    ),
    "undeclared entity": (_xliff12(UNIT.format("&x;")), "malformed XML", 4),
    "malformed": (_xliff12(UNIT.format("<b>")), "malformed XML", 4),
    "empty": (b"", "empty", 1),
    "not xliff": (b"<tmx version='1.4'><body/></tmx>", "not an XLIFF file", 1),
    "foreign unit id": (
        _xliff12('<trans-unit id="para-7"><source>Бір.</source></trans-unit>'),
        "para-7",
        4,
    ),
    "twice the same unit": (_xliff12(UNIT.format("One.") * 2), "two units for s0", 4),
    "a unit missing": (
        _xliff12(UNIT.format("One.") + UNIT.format("Two.").replace("s0", "s2")),
        "no unit s1",
        None,
    ),
    "no document id": (_xliff12(UNIT.format("One.")).replace(b'original="d" ', b""), "original", 3),
    "no target language": (
        _xliff12(UNIT.format("One.")).replace(b'target-language="en" ', b""),
        "target-language",
        3,
    ),
    "bad language": (
        _xliff12(UNIT.format("One.")).replace(b'target-language="en"', b'target-language="e n"'),
        "not a language tag",
        3,
    ),
    "two files": (
        f'<xliff xmlns="{X2}" version="2.0" srcLang="kk">'
        '<file id="a"/><file id="b"/></xliff>'.encode(),
        "2 <file> elements",
        1,
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_bad_or_hostile_xliff_is_refused_saying_where(name: str) -> None:
    data, message, line = HOSTILE[name]
    with pytest.raises(InputError) as caught:
        job_from_xliff(data, "evil.xlf")
    assert message in str(caught.value)
    assert caught.value.source == "evil.xlf"
    if line is not None:
        assert caught.value.line == line


def test_a_file_too_big_for_an_article_is_refused_unparsed() -> None:
    with pytest.raises(FormatError, match="MiB"):
        job_from_xliff(b"<" + b"a" * MAX_XLIFF_BYTES, "big.xlf")


def test_an_unknown_format_is_refused(job: TranslationJob) -> None:
    with pytest.raises(FormatError, match="xliff3"):
        write_xliff(job, "xliff3")


def test_imported_units_read_back_through_translate_toolkits_tmx(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    from translate.storage.tmx import tmxfile

    returned = job_from_xliff(_back(write_xliff(job, "xliff2"), states2), "back.xlf")
    import_returned_job(memory, returned, user="aida")
    out = io.BytesIO()
    write_tmx(frame_units(memory.live().sort("seg_no").collect()), out, src_lang="kk")
    store = tmxfile.parsestring(out.getvalue())
    assert [(unit.source, unit.target) for unit in store.units] == [
        ("Тақырып", "Headline"),
        ("Бірінші сөйлем.", "The first sentence."),
        ("Екінші сөйлем.", "The second sentence."),
    ]


def test_a_translators_file_cannot_approve_and_leaves_approvals_as_they_are(
    memory: TranslationMemory, job: TranslationJob
) -> None:
    """Imports cannot forge (issue 16): final targets from a translator enter as drafts;
    what an editor approved before stays approved."""
    from tm.access import Role

    memory.add([Unit("kk", "en", "Ескі.", "Old.")], user="boss")
    memory.set_role("aida", Role.TRANSLATOR, user="boss")
    memory.set_role("ed", Role.EDITOR, user="boss")
    returned = job_from_xliff(_back(write_xliff(job, "xliff12"), states12), "back.xlf")
    assert returned.statuses == ("approved", "approved", "draft", NOT_TRANSLATED)

    result = import_returned_job(memory, returned, user="aida")
    assert (result.entered, result.approved, result.drafted) == (3, 0, 2)
    assert "2 reviewed in the file entered as drafts" in result.summary()
    rows = memory.live().filter(pl.col("doc_id") == "d1").sort("seg_no").collect()
    assert rows["status"].to_list() == ["draft", "draft", "draft"]

    import_returned_job(memory, returned, user="ed")  # the editor approves them
    again = import_returned_job(memory, returned, user="aida")
    assert again.drafted == 0
    rows = memory.live().filter(pl.col("doc_id") == "d1").sort("seg_no").collect()
    assert rows["status"].to_list() == ["approved", "approved", "draft"]
