"""XLIFF 2.1 and 1.2: an article's translation job out to a translator's own CAT tool, and back.

Writing (`write_xliff`) turns a `TranslationJob` into one unit per segment, in document
order, the title first:

- ids are stable and say where the segment stands: ``title`` for the title (seg_no -1),
  ``s<seg_no>`` for a sentence; the same key goes in 1.2's ``resname`` and 2.x's ``name``,
  so a tool that renumbers ids still leads back to the segment. The document id is the
  ``<file original>``; units are never re-segmented (2.x ``canResegment="no"``).
- a confirmed segment carries its translation (state ``translated``); a new one has no
  ``<target>`` and no state, so a tool that writes targets without touching states (OmegaT
  through Okapi's filter) still brings them back as translated. A draft is offered as a
  candidate rather than a target, so it is never mistaken for a confirmed translation.
- TM matches are candidates: 1.2 ``<alt-trans match-quality>``, 2.x Translation Candidates
  ``<mtc:match similarity>`` (a 101 % match is ``type="icm"``, an in-context match, with
  similarity 100, the most the module allows).
- terms are notes: the `notes` parameter takes each segment's notes (the termbase of issue
  17 does not exist yet; this is its hook).
- per-unit context for the translator and for the way back: the neighbouring sentences,
  the paragraph and a digest of the source as exported (1.2 ``<context-group>``, 2.x
  Metadata module ``<mda:metadata>``).

Reading (`job_from_xliff`) takes either version back as OmegaT, memoQ or Trados write it:
extra attributes, namespaces and elements are ignored; inline codes are dropped and their
text kept (plain text only); units are found by id (or resname/name) and put back in
document order. What each tool's status means for the TM is one table per tool (below): a
unit enters the TM as draft (translated, confirmed) or approved (reviewed, final), or not
at all. A source that differs from the exported one is taken from the file, and counted.

Parsing uses lxml with entities left unresolved, no network and no DTD, and refuses a
DOCTYPE that declares entities, as the TMX reader does (`tm.formats.tmx`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tm.errors import FormatError, LanguageError
from tm.formats._fields import fail
from tm.lang import canonical_tag
from tm.translate import TITLE_SEG_NO, TranslationJob

if TYPE_CHECKING:
    from lxml import etree

    from tm.fuzzy import Match
    from tm.store import TranslationMemory

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Tool extensions read on the way back. memoQ's MQXLIFF declares xmlns:mq="MQXliff" and puts
# mq:status on <trans-unit>; Trados' SDLXLIFF keeps each segment's confirmation level in
# <sdl:seg-defs><sdl:seg conf="..."/> inside the <trans-unit>.
MEMOQ_NS = "MQXliff"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"

TOOL_ID = "kazakh-tm-workbench"
TOOL_NAME = "Kazakh TM workbench"
# An article's XLIFF is tens of kB; anything this big is not one (and is refused unread).
MAX_XLIFF_BYTES = 16 << 20

TITLE_KEY = "title"
_KEY = re.compile(r"^(?:title|s(0|[1-9][0-9]{0,8}))$")
NOT_TRANSLATED = "not translated"
_RANK = {NOT_TRANSLATED: 0, "draft": 1, "approved": 2}

# Per-unit metadata (1.2 context-type, 2.x mda:meta type).
PREV_SOURCE = "x-tm-prev-source"
NEXT_SOURCE = "x-tm-next-source"
PARAGRAPH = "x-tm-paragraph"
SOURCE_DIGEST = "x-tm-source-digest"
_META_GROUP = "x-tm-segment"

# --- what a tool's status means for the TM ------------------------------------------------
# draft: a translator confirmed it (the status Translate gives a confirmed segment);
# approved: a reviewer did; NOT_TRANSLATED: no translation, or one the tool has not confirmed
# (machine or TM pre-translation, work in progress, rejected). Values not in a table say
# nothing, and the next signal decides (see `_decide`).

# XLIFF 1.2, <target state>: the spec's closed list.
XLIFF12_STATES: dict[str, str] = {
    "new": NOT_TRANSLATED,
    "needs-translation": NOT_TRANSLATED,
    "needs-l10n": NOT_TRANSLATED,
    "needs-adaptation": NOT_TRANSLATED,
    "needs-review-translation": NOT_TRANSLATED,
    "needs-review-l10n": NOT_TRANSLATED,
    "needs-review-adaptation": NOT_TRANSLATED,
    "translated": "draft",
    "signed-off": "approved",
    "final": "approved",
}
# XLIFF 2.x, <segment state>.
XLIFF2_STATES: dict[str, str] = {
    "initial": NOT_TRANSLATED,
    "translated": "draft",
    "reviewed": "approved",
    "final": "approved",
}
# memoQ's row statuses (mq:status), compared case-insensitively: memoQ's own TUStatus names
# (NotStarted, PreTranslated, PartiallyEdited, ManuallyConfirmed, Reviewer1Confirmed,
# AssembledFromFragments, Proofread, MachineTranslated, Rejected) and spellings seen in
# MQXLIFF files (Pretranslated, Confirmed, Reviewer2Confirmed, Edited).
MEMOQ_STATUSES: dict[str, str] = {
    "notstarted": NOT_TRANSLATED,
    "pretranslated": NOT_TRANSLATED,
    "machinetranslated": NOT_TRANSLATED,
    "assembledfromfragments": NOT_TRANSLATED,
    "partiallyedited": NOT_TRANSLATED,
    "edited": NOT_TRANSLATED,
    "rejected": NOT_TRANSLATED,
    "manuallyconfirmed": "draft",
    "confirmed": "draft",
    "confirmedtranslator": "draft",
    "reviewer1confirmed": "approved",
    "reviewer2confirmed": "approved",
    "proofread": "approved",
}
# Trados' ConfirmationLevel (sdl:conf; RWS Studio API Sdl.Core.Globalization).
TRADOS_CONFIRMATION: dict[str, str] = {
    "Unspecified": NOT_TRANSLATED,
    "NotTranslated": NOT_TRANSLATED,
    "Draft": NOT_TRANSLATED,
    "RejectedTranslation": NOT_TRANSLATED,
    "RejectedSignOff": NOT_TRANSLATED,
    "Translated": "draft",
    "ApprovedTranslation": "approved",
    "ApprovedSignOff": "approved",
}


def unit_key(seg_no: int) -> str:
    """The id of a segment's unit: ``title`` or ``s<seg_no>``."""
    return TITLE_KEY if seg_no == TITLE_SEG_NO else f"s{seg_no}"


def _seg_no(key: str | None) -> int | None:
    match = _KEY.match(key or "")
    if match is None:
        return None
    return TITLE_SEG_NO if match[1] is None else int(match[1])


def source_digest(text: str) -> str:
    """A short fingerprint of a source as exported, to tell whether a tool changed it."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


# --- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A translation offered to the translator for a segment."""

    source: str
    target: str
    score: int | None  # the TM match %, 101 in context; None for the segment's own draft
    origin: str  # "tm" or "draft"


@dataclass(frozen=True)
class _Segment:
    key: str
    source: str
    target: str | None  # a confirmed translation
    meta: tuple[tuple[str, str], ...]
    candidates: tuple[Candidate, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Document:
    doc_id: str
    src_lang: str
    tgt_lang: str
    segments: tuple[_Segment, ...]


def _candidates(job: TranslationJob, index: int, match: Match | None) -> tuple[Candidate, ...]:
    found = []
    target = job.targets[index]
    if job.states[index] == "draft" and target is not None:
        found.append(Candidate(job.segments[index], target, None, "draft"))
    if match is not None:
        found.append(Candidate(match.source, match.target, match.score, "tm"))
    return tuple(found)


def _document(
    job: TranslationJob,
    best: Sequence[Match | None] | None,
    notes: Sequence[Sequence[str]] | None,
) -> _Document:
    segments = []
    for index, source in enumerate(job.segments):
        before, after = job.neighbours(index)
        meta = [(PARAGRAPH, str(job.paragraph_of[index])), (SOURCE_DIGEST, source_digest(source))]
        if before is not None:
            meta.append((PREV_SOURCE, before))
        if after is not None:
            meta.append((NEXT_SOURCE, after))
        confirmed = job.targets[index] if job.states[index] == "confirmed" else None
        match = best[index] if best is not None and index < len(best) else None
        segment_notes = notes[index] if notes is not None and index < len(notes) else ()
        segments.append(
            _Segment(
                unit_key(job.seg_no(index)),
                source,
                confirmed,
                tuple(meta),
                _candidates(job, index, match),
                tuple(segment_notes),
            )
        )
    return _Document(job.doc_id, job.src_lang, job.tgt_lang, tuple(segments))


# Characters XML 1.0 cannot carry: XLIFF 2 writes them as <cp hex="..."/>, 1.2 cannot.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _set_text(element: etree._Element, text: str, *, code_point: str | None, where: str) -> None:
    """`text` as the content of `element`. Characters XML cannot carry become `code_point`
    elements (XLIFF 2's <cp hex>); where there is none (XLIFF 1.2), a FormatError naming
    `where`."""
    from lxml import etree

    if (surrogate := _SURROGATE.search(text)) is not None:
        raise FormatError(f"{where} holds U+{ord(surrogate[0]):04X}, half of a UTF-16 pair")
    bad = _NOT_XML.findall(text)
    if not bad:
        element.text = text
        return
    if code_point is None:
        raise FormatError(
            f"{where} holds the character U+{ord(bad[0]):04X}, which XLIFF 1.2 cannot carry "
            "(XLIFF 2 can: --format xliff2)"
        )
    pieces = _NOT_XML.split(text)
    element.text = pieces[0]
    for char, tail in zip(bad, pieces[1:], strict=True):
        etree.SubElement(element, code_point, hex=f"{ord(char):04X}").tail = tail


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _xliff12(document: _Document) -> bytes:
    from lxml import etree

    def q(name: str) -> str:
        return _q(XLIFF12_NS, name)

    def text(parent: etree._Element, name: str, value: str, where: str) -> etree._Element:
        child = etree.SubElement(parent, q(name))
        _set_text(child, value, code_point=None, where=where)
        return child

    root = etree.Element(q("xliff"), nsmap={None: XLIFF12_NS}, version="1.2")
    file = etree.SubElement(
        root,
        q("file"),
        {
            "original": document.doc_id,
            "source-language": document.src_lang,
            "target-language": document.tgt_lang,
            "datatype": "plaintext",
        },
    )
    header = etree.SubElement(file, q("header"))
    etree.SubElement(header, q("tool"), {"tool-id": TOOL_ID, "tool-name": TOOL_NAME})
    body = etree.SubElement(file, q("body"))
    for segment in document.segments:
        where = f"unit {segment.key}"
        unit = etree.SubElement(body, q("trans-unit"), id=segment.key, resname=segment.key)
        unit.set(f"{{{XML_NS}}}space", "preserve")
        text(unit, "source", segment.source, where).set(f"{{{XML_NS}}}lang", document.src_lang)
        if segment.target is not None:
            target = text(unit, "target", segment.target, where)
            target.set(f"{{{XML_NS}}}lang", document.tgt_lang)
            target.set("state", "translated")
        group = etree.SubElement(unit, q("context-group"), name=_META_GROUP, purpose="information")
        for kind, value in segment.meta:
            text(group, "context", value, where).set("context-type", kind)
        for note in segment.notes:
            text(unit, "note", note, where).attrib.update(
                {"from": "termbase", "annotates": "source"}
            )
        for candidate in segment.candidates:
            alt = etree.SubElement(unit, q("alt-trans"), origin=candidate.origin)
            if candidate.score is not None:
                alt.set("match-quality", str(candidate.score))
                alt.set("tool-id", TOOL_ID)
            text(alt, "source", candidate.source, where)
            text(alt, "target", candidate.target, where)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _xliff21(document: _Document) -> bytes:
    from lxml import etree

    def q(name: str) -> str:
        return _q(XLIFF2_NS, name)

    cp = q("cp")

    def text(parent: etree._Element, tag: str, value: str, where: str) -> etree._Element:
        child = etree.SubElement(parent, tag)
        _set_text(child, value, code_point=cp, where=where)
        return child

    root = etree.Element(
        q("xliff"),
        nsmap={None: XLIFF2_NS, "mtc": MTC_NS, "mda": MDA_NS},
        version="2.1",
        srcLang=document.src_lang,
        trgLang=document.tgt_lang,
    )
    file = etree.SubElement(root, q("file"), id="f1", original=document.doc_id, canResegment="no")
    for segment in document.segments:
        where = f"unit {segment.key}"
        unit = etree.SubElement(file, q("unit"), id=segment.key, name=segment.key)
        unit.set(f"{{{XML_NS}}}space", "preserve")
        # Modules first, then notes, then the segment: the order XLIFF 2's schema requires.
        if segment.candidates:
            matches = etree.SubElement(unit, _q(MTC_NS, "matches"))
            for candidate in segment.candidates:
                match = etree.SubElement(
                    matches, _q(MTC_NS, "match"), ref=f"#{segment.key}", origin=candidate.origin
                )
                if candidate.score is None:
                    match.set("type", "other")
                else:
                    match.set("type", "icm" if candidate.score > 100 else "tm")
                    match.set("similarity", str(min(candidate.score, 100)))
                text(match, q("source"), candidate.source, where)
                text(match, q("target"), candidate.target, where)
        metadata = etree.SubElement(unit, _q(MDA_NS, "metadata"))
        group = etree.SubElement(metadata, _q(MDA_NS, "metaGroup"), category=_META_GROUP)
        for kind, value in segment.meta:
            text(group, _q(MDA_NS, "meta"), value, where).set("type", kind)
        if segment.notes:
            notes = etree.SubElement(unit, q("notes"))
            for note in segment.notes:
                text(notes, q("note"), note, where).attrib.update(
                    {"category": "term", "appliesTo": "source"}
                )
        part = etree.SubElement(unit, q("segment"), id=segment.key)
        text(part, q("source"), segment.source, where)
        if segment.target is not None:
            part.set("state", "translated")
            text(part, q("target"), segment.target, where)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


XLIFF_WRITERS: dict[str, Callable[[_Document], bytes]] = {
    "xliff2": _xliff21,
    "xliff12": _xliff12,
}
XLIFF_FORMATS = tuple(XLIFF_WRITERS)


def write_xliff(
    job: TranslationJob,
    fmt: str,
    *,
    best: Sequence[Match | None] | None = None,
    notes: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """The job as an XLIFF file (UTF-8): ``xliff2`` (XLIFF 2.1) or ``xliff12`` (XLIFF 1.2).

    `best`: each segment's best TM match (`tm.translate.best_matches`), offered as a
    candidate; `notes`: each segment's notes for the translator (terms, once the termbase
    of issue 17 exists)."""
    if fmt not in XLIFF_WRITERS:
        raise FormatError(f"{fmt!r} is not an XLIFF format ({', '.join(XLIFF_FORMATS)})")
    try:
        return XLIFF_WRITERS[fmt](_document(job, best, notes))
    except ValueError as err:  # lxml refuses what XML cannot hold (say, in the document id)
        raise FormatError(f"document {job.doc_id!r} cannot be written as XLIFF: {err}") from err


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnedJob:
    """A job as a CAT tool gave it back.

    `job` holds the segments as the file has them, in document order (the title first), each
    with the file's translation as a draft, or None; `statuses` says what each translation is
    for the TM: draft, approved or `NOT_TRANSLATED`; `source_changed` marks the segments
    whose source is not the one exported."""

    job: TranslationJob
    statuses: tuple[str, ...]
    source_changed: tuple[bool, ...]
    version: str  # "1.2", "2.1"...


@dataclass(frozen=True)
class _Returned:
    seg_no: int
    source: str
    target: str
    status: str
    meta: dict[str, str]
    line: int | None


@dataclass(frozen=True)
class _Header:
    version: str
    doc_id: str
    src_lang: str
    tgt_lang: str


def _local(element: etree._Element) -> tuple[str, str]:
    """An element's namespace and local name."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


# Inline elements holding native codes (or nothing): their content is not segment text.
_CODES = frozenset({"ph", "bpt", "ept", "it", "x", "bx", "ex", "sub", "sc", "ec", "sm", "em"})


def _plain(element: etree._Element | None, ns: str, *, source: str) -> str:
    """The text of a source or target without its inline codes; <cp> (XLIFF 2) becomes its
    character; elements of other namespaces keep their text."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        child_ns, name = _local(child)
        if child_ns == ns and name == "cp":
            parts.append(_code_point(child, source=source))
        elif not (child_ns == ns and name in _CODES):
            parts.append(_plain(child, ns, source=source))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(element: etree._Element, *, source: str) -> str:
    value = element.get("hex") or ""
    try:
        return chr(int(value, 16))
    except (ValueError, OverflowError) as err:
        raise fail(
            f"<cp hex={value!r}> is not a code point", source=source, line=element.sourceline
        ) from err


def _least(statuses: Iterable[str]) -> str:
    return min(statuses, key=_RANK.__getitem__, default=NOT_TRANSLATED)


def _decide(source_text: str, target_text: str, signals: Iterable[Callable[[], str | None]]) -> str:
    """What a returned unit is for the TM: no target is no translation; otherwise the first
    signal that knows (the tool's own status, then approval, then the XLIFF state); with none,
    a target differing from the source is a translation (OmegaT leaves states alone, and
    copies the source into the targets it did not translate)."""
    if not target_text.strip():
        return NOT_TRANSLATED
    for signal in signals:
        if (status := signal()) is not None:
            return status
    return "draft" if target_text != source_text else NOT_TRANSLATED


def _memoq(*elements: etree._Element) -> Callable[[], str | None]:
    def status() -> str | None:
        for element in elements:
            value = element.get(f"{{{MEMOQ_NS}}}status")
            if value is not None and value.casefold() in MEMOQ_STATUSES:
                return MEMOQ_STATUSES[value.casefold()]
        return None

    return status


def _language(code: str | None, *, source: str, element: etree._Element, name: str) -> str:
    if not code:
        raise fail(
            f"no {name} on <{_local(element)[1]}>",
            source=source,
            line=element.sourceline,
            field=name,
        )
    try:
        return canonical_tag(code, field=name)
    except LanguageError as err:
        raise LanguageError(
            err.message, source=source, line=element.sourceline, field=name
        ) from err


def _one_file(root: etree._Element, ns: str, *, source: str) -> etree._Element:
    files = root.findall(_q(ns, "file"))
    if len(files) != 1:
        raise fail(
            f"{len(files)} <file> elements: a job's XLIFF holds one article",
            source=source,
            line=(files[1] if files else root).sourceline,
        )
    return files[0]


def _doc_id(file: etree._Element, *, source: str) -> str:
    doc_id = file.get("original")
    if not doc_id:
        raise fail(
            "<file> has no original (the document id it was exported with)",
            source=source,
            line=file.sourceline,
            field="original",
        )
    return doc_id


def _key(element: etree._Element, name_attribute: str, *, source: str) -> int:
    for value in (element.get("id"), element.get(name_attribute)):
        if (seg_no := _seg_no(value)) is not None:
            return seg_no
    raise fail(
        f"unit id {element.get('id')!r} is not one this workbench exports (title, s0, s1...)",
        source=source,
        line=element.sourceline,
        field="id",
    )


def _read12(root: etree._Element, ns: str, source: str) -> tuple[_Header, list[_Returned]]:
    file = _one_file(root, ns, source=source)
    header = _Header(
        root.get("version") or "1.2",
        _doc_id(file, source=source),
        _language(file.get("source-language"), source=source, element=file, name="source-language"),
        _language(file.get("target-language"), source=source, element=file, name="target-language"),
    )
    units = []
    for unit in file.iter(_q(ns, "trans-unit")):
        target = unit.find(_q(ns, "target"))
        source_text = _plain(unit.find(_q(ns, "source")), ns, source=source)
        target_text = _target12(target, ns, source=source)
        meta = {
            context.get("context-type") or "": context.text or ""
            for group in unit.findall(_q(ns, "context-group"))
            for context in group.findall(_q(ns, "context"))
        }

        def trados(unit: etree._Element = unit) -> str | None:
            levels = [seg.get("conf") or "Unspecified" for seg in unit.iter(f"{{{SDL_NS}}}seg")]
            known = [TRADOS_CONFIRMATION[level] for level in levels if level in TRADOS_CONFIRMATION]
            return _least(known) if known else None

        def approved(unit: etree._Element = unit) -> str | None:
            return "approved" if unit.get("approved") == "yes" else None

        def state(target: etree._Element | None = target) -> str | None:
            return XLIFF12_STATES.get(target.get("state") or "") if target is not None else None

        status = _decide(source_text, target_text, (trados, _memoq(unit), approved, state))
        units.append(
            _Returned(
                _key(unit, "resname", source=source),
                source_text,
                target_text,
                status,
                meta,
                unit.sourceline,
            )
        )
    return header, units


def _target12(target: etree._Element | None, ns: str, *, source: str) -> str:
    """A 1.2 target's text; segmented by Trados (<mrk mtype="seg">), its segments joined."""
    if target is None:
        return ""
    segments = [mark for mark in target.iter(_q(ns, "mrk")) if mark.get("mtype") == "seg"]
    if not segments:
        return _plain(target, ns, source=source)
    return " ".join(_plain(mark, ns, source=source).strip() for mark in segments)


def _read2(root: etree._Element, ns: str, source: str) -> tuple[_Header, list[_Returned]]:
    file = _one_file(root, ns, source=source)
    header = _Header(
        root.get("version") or "2.0",
        _doc_id(file, source=source),
        _language(root.get("srcLang"), source=source, element=root, name="srcLang"),
        _language(root.get("trgLang"), source=source, element=root, name="trgLang"),
    )
    units = []
    for unit in file.iter(_q(ns, "unit")):
        segments, sources, targets = [], [], []
        for part in unit:
            if part.tag not in (_q(ns, "segment"), _q(ns, "ignorable")):
                continue
            text = _plain(part.find(_q(ns, "source")), ns, source=source)
            target = _plain(part.find(_q(ns, "target")), ns, source=source)
            if part.tag == _q(ns, "segment"):
                segments.append(part)
            elif part.find(_q(ns, "target")) is None:
                target = text  # an ignorable without a target: its source stands
            sources.append(text)
            targets.append(target)
        translated = bool(segments) and all(
            _plain(part.find(_q(ns, "target")), ns, source=source).strip() for part in segments
        )
        source_text, target_text = "".join(sources), "".join(targets) if translated else ""
        meta = {
            meta.get("type") or "": meta.text or ""
            for metadata in unit.findall(_q(MDA_NS, "metadata"))
            for meta in metadata.iter(_q(MDA_NS, "meta"))
        }

        def state(segments: list[etree._Element] = segments) -> str | None:
            known = [XLIFF2_STATES.get(part.get("state") or "") for part in segments]
            decided = [status for status in known if status is not None]
            return _least(decided) if decided else None

        status = _decide(source_text, target_text, (_memoq(unit, *segments), state))
        units.append(
            _Returned(
                _key(unit, "name", source=source),
                source_text,
                target_text,
                status,
                meta,
                unit.sourceline,
            )
        )
    return header, units


_Reader = Callable[["etree._Element", str, str], tuple[_Header, list[_Returned]]]
# XLIFF's namespace says its version; 1.0 and 1.1 read as 1.2 does, 2.2 as 2.0 and 2.1.
_READERS: dict[str, _Reader] = {
    "urn:oasis:names:tc:xliff:document:1.0": _read12,
    "urn:oasis:names:tc:xliff:document:1.1": _read12,
    XLIFF12_NS: _read12,
    XLIFF2_NS: _read2,
    "urn:oasis:names:tc:xliff:document:2.2": _read2,
}


# An entity declaration, in UTF-8 or UTF-16 (either byte order): refused before parsing.
_ENTITY_DECLARATION = re.compile(rb"<\x00?!\x00?E\x00?N\x00?T\x00?I\x00?T\x00?Y")
_ENTITIES_REFUSED = (
    "the DOCTYPE declares entities; XLIFF needs none and they are refused "
    "(entity expansion and external entities are attacks)"
)


def _parse(data: bytes, *, source: str) -> etree._Element:
    from lxml import etree

    from tm.formats.tmx import _syntax_error, safe_parser

    if len(data) > MAX_XLIFF_BYTES:
        raise fail(
            f"more than {MAX_XLIFF_BYTES >> 20} MiB: not the XLIFF of an article",
            source=source,
            line=None,
        )
    if declaration := _ENTITY_DECLARATION.search(data):
        line = data[: declaration.start()].count(b"\n") + 1
        raise fail(_ENTITIES_REFUSED, source=source, line=line)
    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise _syntax_error(parser.error_log, err, source=source) from err
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # what the scan cannot see
        raise fail(_ENTITIES_REFUSED, source=source, line=1)
    return root


def job_from_xliff(data: bytes, source: str) -> ReturnedJob:
    """The job an XLIFF file (1.2 or 2.x, from `write_xliff`, back from a CAT tool) holds."""
    root = _parse(data, source=source)
    ns, name = _local(root)
    if name != "xliff" or ns not in _READERS:
        raise fail(
            f"not an XLIFF file: the root element is <{name}> in namespace {ns!r}",
            source=source,
            line=root.sourceline,
        )
    header, units = _READERS[ns](root, ns, source)
    return _returned_job(header, units, source=source)


def _returned_job(header: _Header, units: Sequence[_Returned], *, source: str) -> ReturnedJob:
    by_seg_no: dict[int, _Returned] = {}
    for unit in units:
        if unit.seg_no in by_seg_no:
            raise fail(
                f"two units for {unit_key(unit.seg_no)}", source=source, line=unit.line, field="id"
            )
        by_seg_no[unit.seg_no] = unit
    title = by_seg_no.pop(TITLE_SEG_NO, None)
    if missing := sorted(set(range(len(by_seg_no))) - set(by_seg_no)):
        raise fail(
            f"no unit {unit_key(missing[0])}: every unit of the export must come back "
            "(units are matched by id)",
            source=source,
            line=None,
        )
    ordered = ([title] if title is not None else []) + [by_seg_no[n] for n in sorted(by_seg_no)]
    if not ordered:
        raise fail("no units to read", source=source, line=None)
    for unit in ordered:
        if not unit.source.strip():
            raise fail(
                f"unit {unit_key(unit.seg_no)} has an empty source", source=source, line=unit.line
            )
    job = TranslationJob(
        header.doc_id,
        header.src_lang,
        header.tgt_lang,
        title.source if title is not None else None,
        tuple(unit.source for unit in ordered),
        tuple(_paragraph(unit, source=source) for unit in ordered),
        tuple(unit.target if unit.target.strip() else None for unit in ordered),
        tuple("draft" if unit.target.strip() else "new" for unit in ordered),
    )
    return ReturnedJob(
        job,
        tuple(unit.status for unit in ordered),
        tuple(
            SOURCE_DIGEST in unit.meta and unit.meta[SOURCE_DIGEST] != source_digest(unit.source)
            for unit in ordered
        ),
        header.version,
    )


def _paragraph(unit: _Returned, *, source: str) -> int:
    if unit.seg_no == TITLE_SEG_NO:
        return -1
    text = unit.meta.get(PARAGRAPH, "0").strip()
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise fail(
            f"{text!r} is not a paragraph number", source=source, line=unit.line, field=PARAGRAPH
        )
    return int(text)


# --- into the TM --------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffImport:
    """What importing a returned job did: every unit is entered, unchanged or not
    translated; `source_changed` counts units (of any kind) whose source was edited."""

    units: int
    entered: int  # new or changed in the TM
    unchanged: int  # the TM held the translation exactly so already
    not_translated: int  # no translation, or one the tool did not confirm
    approved: int  # of the translations sent, those reviewed or final
    source_changed: int
    retired: int  # earlier translations of the segments, superseded
    version: int
    # Reviewed or final in the file, entered as drafts: the importer may not approve.
    drafted: int = 0

    def summary(self) -> str:
        drafted = (
            f"; {self.drafted} reviewed in the file entered as drafts (approving is an editor's)"
            if self.drafted
            else ""
        )
        return (
            f"{self.units} units: {self.entered} entered the TM ({self.approved} approved), "
            f"{self.unchanged} unchanged, {self.not_translated} not translated, "
            f"{self.source_changed} with a changed source; "
            f"{self.retired} earlier translations retired{drafted}"
        )


def import_returned_job(
    memory: TranslationMemory, returned: ReturnedJob, *, user: str
) -> XliffImport:
    """Store the translated units of a returned job in the TM, in one commit, the way
    Translate stores a confirmed segment (`tm.translate.confirm_segments`): a unit
    imported again replaces the segment's earlier translation rather than adding to it."""
    from tm.translate import confirm_segments

    job = returned.job
    approved = _approved_in_tm(memory, job)
    translations = {
        index: (target, _kept(status, (job.seg_no(index), job.segments[index], target), approved))
        for index, (target, status) in enumerate(zip(job.targets, returned.statuses, strict=True))
        if target is not None and status != NOT_TRANSLATED
    }
    translations, drafted = _within_role(memory, user, job, translations, approved)
    saved = confirm_segments(memory, job, translations, user=user, operation="import-xliff").saved
    return XliffImport(
        drafted=drafted,
        units=len(job.segments),
        entered=saved.added + saved.updated,
        unchanged=saved.unchanged,
        not_translated=len(job.segments) - len(translations),
        approved=sum(status == "approved" for _target, status in translations.values()),
        source_changed=sum(returned.source_changed),
        retired=saved.retired,
        version=saved.version,
    )


def _within_role(
    memory: TranslationMemory,
    user: str,
    job: TranslationJob,
    translations: dict[int, tuple[str, str]],
    approved: set[tuple[int, str, str]],
) -> tuple[dict[int, tuple[str, str]], int]:
    """The translations as a user below an editor may enter them, as any import takes a
    file's statuses from them: reviewed ones as drafts (a file cannot approve for its
    importer), and those the TM already holds approved left as they are. With how many
    were taken down to drafts."""
    from tm.access import allowed

    role = memory.roles_in_force().role(user)
    if role is not None and allowed(role, "approve"):
        return translations, 0
    entered: dict[int, tuple[str, str]] = {}
    drafted = 0
    for index, (target, status) in translations.items():
        if status in {"approved", "rejected"}:
            if (job.seg_no(index), job.segments[index], target) in approved:
                continue  # a reviewer approved it already: nothing to enter
            status, drafted = "draft", drafted + 1
        entered[index] = (target, status)
    return entered, drafted


def _approved_in_tm(memory: TranslationMemory, job: TranslationJob) -> set[tuple[int, str, str]]:
    """The (seg_no, source, target) of the document's translations the TM holds approved."""
    import polars as pl

    from tm.store import Scope
    from tm.translate import TRANSLATION_ORIGIN

    scope = Scope(job.doc_id, job.src_lang, job.tgt_lang, origins=(TRANSLATION_ORIGIN,))
    rows = memory.document_units(scope).filter(pl.col("status") == "approved")
    return {
        (seg_no, source, target)
        for seg_no, source, target in rows.select("seg_no", "source", "target").iter_rows()
    }


def _kept(status: str, pair: tuple[int, str, str], approved: set[tuple[int, str, str]]) -> str:
    """A reviewer's approval outlives a round trip: a translation the TM holds approved that
    comes back unchanged as merely translated (the state it was exported with) stays approved."""
    return "approved" if status == "draft" and pair in approved else status
