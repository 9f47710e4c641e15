"""TMX 1.4b in and out, streamed: a `<tu>` at a time, never the whole file in memory.

Reading uses lxml's iterparse with entities left unresolved, no network, no DTD loading and
libxml2's size limits on; a DOCTYPE that declares entities is refused outright (billion
laughs, external entities), so hostile files fail fast with the file and line. A file that is
not TMX (broken XML, a `<tuv>` without `<seg>` or xml:lang, a `<tu>` without `<tuv>`) fails;
a `<tu>` that cannot be used is skipped with its reason (see `Skip`), and an all-or-nothing
import raises the reasons marked `problem` instead.

Languages and pairs
-------------------
- `xml:lang` (or the older `lang`) is kept as a canonical BCP-47 tag, region and script
  included ("en-us" -> "en-US", "kk-cyrl" -> "kk-Cyrl").
- The source of a `<tu>` is its `srclang`, else the header's: the `<tuv>` whose tag equals it,
  else the first one that matches it leniently (srclang "en" takes en-US over en-GB, and a
  `Notice` says so). With `*all*` (or none) it is the caller's preferred language, else kk,
  else the first `<tuv>`. Every other `<tuv>` becomes a unit source -> that variant, so a
  `<tu>` with en-US, en-GB and fr-CA under srclang en-US gives en-US->en-GB and en-US->fr-CA.

Text and inline codes
---------------------
`source` and `target` hold the plain text of a `<seg>` (tm.formats.inline: the text outside
the codes and inside `<hi>`), which is what fuzzy matching, QA and corpora use. When the seg
has inline elements, its inner XML is kept in the prop `x-tm-source-markup` or
`x-tm-target-markup`; the writer writes it back when its plain text still equals the unit's
(an edited text is written plain). Markup TMX 1.4b does not allow (a `<g>`, an `<it>`
without `pos`) is dropped keeping its text, with a `Notice`.

Where the metadata of a `<tu>` goes in a unit (Unit and the TM table are unchanged)
-----------------------------------------------------------------------------------
A unit's *home* element is the `<tu>` when the `<tu>` yields one unit, its target `<tuv>`
when it yields several (the other units then share the `<tu>` and the source `<tuv>`). The
writer uses the same rule, so what was read is written back where it was:

- home `<note>`s: the first is the unit's `note`, each further one a prop `x-tm-note`;
  home `<prop>`s are the unit's props, unchanged (`client`, `x-ConfirmationLevel`...);
- the other elements' notes and props, in document order: `x-tm-tu-note`, `x-tm-tu:TYPE`
  (a `<prop type="TYPE">` of a shared `<tu>`), `x-tm-src-note`, `x-tm-src:TYPE` (the source
  `<tuv>`), `x-tm-tgt-note`, `x-tm-tgt:TYPE` (the target `<tuv>` of a one-unit `<tu>`);
- attributes: `x-tm-tu@NAME`, `x-tm-src@NAME`, `x-tm-tgt@NAME` (tuid, usagecount,
  lastusagedate, o-tmf, datatype, segtype, creationtool, o-encoding... as the DTD lists
  them for that element);
- creationid/creationdate/changeid/changedate become created_by/created_at/changed_by/
  changed_at, to the second, taken from the home element, else from the other one (prop
  `x-tm-stamps: tuv` then records that they stood on the `<tuv>`); the other element's own
  values stay as attribute props. Several units of one `<tu>` with the same stamps get them
  on the `<tu>`, unless `x-tm-stamps` says `tuv`;
- ours: `x-tm-doc-id`, `x-tm-seg-no` (on the `<tu>`), `x-tm-status`, `x-tm-align-score`,
  `x-tm-origin` (home) are read into their fields; `x-tm-prev-source`/`x-tm-next-source`
  from older exports too;
- context: memoQ's `x-context-pre`/`x-context-post` (on the source `<tuv>`, the text as
  `<seg>...</seg>`; MateCAT puts plain text on the `<tu>`) become prev_source/next_source,
  and the writer writes prev/next_source back memoQ's way, so a 101 % match survives a
  round trip through us and through memoQ. In a file we wrote (header creationtool
  `CREATION_TOOL`) the context is on the source `<tuv>` only, and such a prop on the `<tu>`
  is one of the unit's own. Trados' `x-Context` holds hashes, not text: kept as a prop;
- statuses: `x-tm-status` wins; else the tools' props in `STATUS_PROPS` (Trados
  `x-ConfirmationLevel`, memoQ `corrected`/`aligned`) say it. The writer rewrites those props
  to say the unit's current status, for the tool that reads the file, and writes what they
  said before in a prop `x-tm-was:TYPE` right after, which our reader puts back: the unit
  reads back as it was;
- an N-language `<tu>` gives units that carry `x-tm-tu` (a digest of the `<tu>`'s texts)
  unless doc_id and seg_no already tie them; `tu_groups` joins them into one `<tu>` again.

Lost on the way: attributes of `<note>` and `<prop>` (xml:lang, o-encoding), the order of a
home element's notes among its props (notes are written first), the order of the `<tuv>`s
(the source is written first, then the targets by language), the header's metadata.

Writing
-------
Dates are YYYYMMDDThhmmssZ (whole seconds). A character XML 1.0 cannot carry does not fail
the export: U+000B (Word's manual line break) and U+000C (its page break) are written as a
line feed, what they mean in plain text; other C0 controls and U+FFFE/U+FFFF are dropped,
a lone surrogate becomes U+FFFD. Kept markup that no longer fits its text is dropped. What
was changed is told to the caller's `changed` once per unit and change (as
`WriteOptions.changed` expects), and logged. Every document the writer produces validates
against the TMX 1.4b DTD.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any, Literal, TypedDict

from tm.errors import FormatError, LanguageError
from tm.formats import inline
from tm.formats._fields import Notice, Skip, fail, parse_cell
from tm.lang import canonical_tag, tags_match
from tm.unit import STATUSES, Unit

if TYPE_CHECKING:
    from lxml import etree

_log = logging.getLogger(__name__)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX_TIME = "%Y%m%dT%H%M%SZ"
INLINE_TAGS = inline.TAGS
_ALL = "*all*"
CREATION_TOOL = "kazakh-tm-workbench"
_PREFERRED_SOURCE = "kk"

SOURCE_MARKUP = "x-tm-source-markup"
TARGET_MARKUP = "x-tm-target-markup"
GROUP = "x-tm-tu"
STAMPS_AT = "x-tm-stamps"
NOTE = "x-tm-note"
# Written after a tool's status prop the export changed, with the value it had: our reader
# puts it back, so that export then import gives back the same unit (its status is ours).
WAS = "x-tm-was:"
# Before markup props, a unit whose source and target were TMX markup carried this prop;
# such units may still sit in a TM, and are written as markup again.
LEGACY_INLINE = ("x-tm-inline", "tmx")
_CONTROL = frozenset({SOURCE_MARKUP, TARGET_MARKUP, GROUP, STAMPS_AT, LEGACY_INLINE[0]})

# Unit fields that TMX has no attribute for travel as props of these types.
FIELD_PROPS: dict[str, str] = {
    "x-tm-doc-id": "doc_id",
    "x-tm-seg-no": "seg_no",
    "x-tm-prev-source": "prev_source",
    "x-tm-next-source": "next_source",
    "x-tm-status": "status",
    "x-tm-align-score": "align_score",
    "x-tm-origin": "origin",
}
# memoQ writes the neighbours of a segment (ContexTM, its 101 % matches) as these props.
CONTEXT_PROPS = {"x-context-pre": "prev_source", "x-context-post": "next_source"}
STAMPS = {
    "creationid": "created_by",
    "creationdate": "created_at",
    "changeid": "changed_by",
    "changedate": "changed_at",
}
_TIMES = frozenset({"creationdate", "changedate"})
# The attributes the TMX 1.4b DTD gives <tu> and <tuv>, besides srclang and xml:lang.
_COMMON_ATTRIBUTES = (
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "creationdate",
    "creationid",
    "changedate",
    "changeid",
    "o-tmf",
)
TU_ATTRIBUTES = frozenset({"tuid", "segtype", *_COMMON_ATTRIBUTES})
TUV_ATTRIBUTES = frozenset(_COMMON_ATTRIBUTES)
_SEGTYPES = frozenset({"block", "paragraph", "sentence", "phrase"})

# The scopes of the props that hold what is not the home element's, by element.
_SCOPES = ("tu", "src", "tgt")


# --- statuses of other tools ---------------------------------------------------------


@dataclass(frozen=True)
class StatusProps:
    """How a tool says a unit's status in TMX props: `read` gives our status from the props
    (type -> value) or None when they do not say; `written` gives the new values of the
    props the unit has, so that they say `status`."""

    tool: str
    read: Callable[[Mapping[str, str]], str | None]
    written: Callable[[Mapping[str, str], str], dict[str, str]]


# Trados Studio writes a <tu> prop x-ConfirmationLevel holding the name of the segment's
# Sdl.Core.Globalization.ConfirmationLevel (ConfirmationLevelFieldName of the TM8Emitter of
# Sdl.LanguagePlatform.IO.TMX; Trados TMX samples show "Translated", "ApprovedTranslation").
# Translated is a translator's confirmation: our draft.
_TRADOS = "x-ConfirmationLevel"
_TRADOS_STATUS = {
    "Unspecified": "draft",
    "Draft": "draft",
    "Translated": "draft",
    "ApprovedTranslation": "approved",
    "ApprovedSignOff": "approved",
    "RejectedTranslation": "rejected",
    "RejectedSignOff": "rejected",
}
_TRADOS_LEVEL = {
    "draft": "Translated",
    "aligned": "Translated",
    "approved": "ApprovedTranslation",
    "rejected": "RejectedTranslation",
    "retired": "Unspecified",
}


def _trados_read(props: Mapping[str, str]) -> str | None:
    return _TRADOS_STATUS.get(props.get(_TRADOS, ""))


def _trados_written(props: Mapping[str, str], status: str) -> dict[str, str]:
    if _TRADOS not in props or _TRADOS_STATUS.get(props[_TRADOS]) == status:
        return {}
    return {_TRADOS: _TRADOS_LEVEL[status]}


# memoQ's TM export writes yes/no <tu> props "corrected" and "aligned" beside client,
# project, domain, subject and x-document, and the neighbours as x-context-pre/-post on the
# source <tuv> (memoQ TMX quoted in the tests of public TMX tools). "aligned": the entry came
# from alignment; "corrected" we read as a reviewer's correction, i.e. approved (our reading;
# memoQ's documentation does not define the props).
_MEMOQ_FLAGS = ("corrected", "aligned")
_MEMOQ_WANTED = {
    "approved": {"corrected": "yes"},
    "aligned": {"corrected": "no", "aligned": "yes"},
    "draft": {"corrected": "no", "aligned": "no"},
}


def _memoq_read(props: Mapping[str, str]) -> str | None:
    if props.get("corrected") == "yes":
        return "approved"
    if props.get("aligned") == "yes":
        return "aligned"
    return "draft" if any(flag in props for flag in _MEMOQ_FLAGS) else None


def _memoq_written(props: Mapping[str, str], status: str) -> dict[str, str]:
    wanted = _MEMOQ_WANTED.get(status, {})
    return {flag: value for flag, value in wanted.items() if props.get(flag, value) != value}


STATUS_PROPS: dict[str, StatusProps] = {
    dialect.tool: dialect
    for dialect in (
        StatusProps("trados", _trados_read, _trados_written),
        StatusProps("memoq", _memoq_read, _memoq_written),
    )
}


def status_from_props(props: Mapping[str, str]) -> str | None:
    """Our status as the first tool in `STATUS_PROPS` whose props are there says it."""
    for dialect in STATUS_PROPS.values():
        if (status := dialect.read(props)) is not None:
            return status
    return None


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """A <tu> or <tuv>: its attributes, and its notes (type None) and props in order."""

    attributes: tuple[tuple[str, str], ...]
    entries: tuple[tuple[str | None, str], ...]

    def attribute(self, name: str) -> str | None:
        for key, value in self.attributes:
            if key == name:
                return value
        return None

    def has_stamps(self) -> bool:
        return any(key in STAMPS and _given(key, value) for key, value in self.attributes)


def _given(name: str, value: str) -> bool:
    """An empty id, or a date of blanks, is no stamp at all."""
    return bool(value.strip() if name in _TIMES else value)


_NOTHING = _Part((), ())


def _part(element: etree._Element, allowed: frozenset[str]) -> _Part:
    if len(element) == 1 and len(element.attrib) == 1 and allowed is TUV_ATTRIBUTES:
        return _NOTHING  # a <tuv> with its xml:lang and its <seg> alone: most of them
    attributes = tuple(
        (str(name), str(value)) for name, value in element.attrib.items() if name in allowed
    )
    entries: list[tuple[str | None, str]] = []
    for child in element:
        if child.tag == "note":
            entries.append((None, child.text or ""))
        elif child.tag == "prop":
            kind, value = child.get("type") or "", child.text or ""
            if kind.startswith(WAS) and (at := _last(entries, kind[len(WAS) :])) is not None:
                entries[at] = (entries[at][0], value)
            else:
                entries.append((kind, value))
    return _Part(attributes, tuple(entries))


def _last(entries: list[tuple[str | None, str]], kind: str) -> int | None:
    for at in range(len(entries) - 1, -1, -1):
        if entries[at][0] == kind:
            return at
    return None


@dataclass(frozen=True)
class _Variant:
    code: str
    lang: str | None  # the canonical tag; None when the code is not one
    text: str  # plain text
    markup: str | None  # inner XML of the seg, when it has (valid) inline codes
    trouble: str | None  # what made its inline codes unusable
    part: _Part
    line: int | None


@functools.lru_cache(maxsize=1024)
def _tag(code: str) -> str | None:
    try:
        return canonical_tag(code)
    except LanguageError:
        return None


@functools.lru_cache(maxsize=4096)
def _matches(stored: str, wanted: str) -> bool:
    return tags_match(stored, wanted)


def _variant(tuv: etree._Element, *, strip_inline: bool, source: str) -> _Variant:
    line = tuv.sourceline
    code = tuv.get(XML_LANG) or tuv.get("lang")
    if not code:
        raise fail("a <tuv> without xml:lang", source=source, line=line, field="xml:lang")
    seg = None
    for child in tuv:
        if child.tag == "seg":
            seg = child
    if seg is None:
        raise fail("a <tuv> without <seg>", source=source, line=line)
    markup = trouble = None
    if len(seg) == 0:
        text = seg.text or ""
    else:
        text = inline.plain_text(seg)
        trouble = inline.problem(seg)
        if trouble is None and not strip_inline:
            markup = inline.inner_xml(seg)
    return _Variant(code, _tag(code), text, markup, trouble, _part(tuv, TUV_ATTRIBUTES), line)


class _Unusable(Exception):
    """A value of a <tu> that keeps it from becoming units."""

    def __init__(self, reason: str, detail: str, line: int | None, field: str | None) -> None:
        super().__init__(detail)
        self.skip = Skip(reason, line, detail, field, problem=True)


_TMX_TIME = re.compile(r"^\s*(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z?\s*$")
BAD_DATE = "a date that is not a date"


@functools.lru_cache(maxsize=4096)
def _date(text: str) -> dt.datetime | None:
    """A TMX date, leniently: YYYYMMDDThhmmss with or without its Z, or any ISO 8601 time;
    no zone means UTC (TMX times are UTC). None when it is none of these."""
    match = _TMX_TIME.match(text)
    try:
        if match is not None:
            year, month, day, hour, minute, second = map(int, match.groups())
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
        stamp = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return stamp.replace(tzinfo=dt.UTC) if stamp.utcoffset() is None else stamp.astimezone(dt.UTC)


def _stamps(part: _Part, line: int | None) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, value in part.attributes:
        if name not in STAMPS or not _given(name, value):
            continue
        if name in _TIMES:
            stamp = _date(value)
            if stamp is None:
                raise _Unusable(
                    BAD_DATE, f"{value!r} is not a TMX date (YYYYMMDDThhmmssZ)", line, name
                )
            values[STAMPS[name]] = stamp
        else:
            values[STAMPS[name]] = value
    return values


def _context_text(value: str) -> str:
    """memoQ writes a neighbour as `<seg>...</seg>` (TMX segment markup, escaped in the prop);
    others write plain text."""
    from lxml import etree

    text = value.strip()
    if text.startswith("<seg>") and text.endswith("</seg>"):
        try:
            return inline.plain_text(inline.parse_segment(text[5:-6]))
        except etree.XMLSyntaxError:
            return value
    return value


@dataclass(frozen=True)
class _Context:
    source: str
    preferred: str | None
    strip_inline: bool
    origin: str
    header_srclang: str | None = None
    # A file this module wrote puts the context on the source <tuv> only; on its <tu>, an
    # x-context-pre is a prop of the unit's own.
    ours: bool = False


def _ours(
    part: _Part,
    values: dict[str, object],
    context: dict[str, str] | None,
    *,
    source: str,
    line: int | None,
) -> list[tuple[str | None, str]]:
    """The part's entries without our field props, which go to `values`, and without the
    context props, which go to `context` unless it is None."""
    kept = []
    for kind, value in part.entries:
        if kind is not None and kind in FIELD_PROPS:
            name = FIELD_PROPS[kind]
            try:
                values[name] = parse_cell(name, value, source=source, line=line)
            except FormatError as err:
                raise _Unusable(BAD_VALUE, err.message, line, kind) from err
        elif context is not None and kind is not None and kind in CONTEXT_PROPS:
            context[CONTEXT_PROPS[kind]] = _context_text(value)
        else:
            kept.append((kind, value))
    return kept


BAD_VALUE = "a value that our own x-tm-* props cannot hold"


def _scoped(scope: str, entries: Iterable[tuple[str | None, str]]) -> list[tuple[str, str]]:
    return [
        (f"x-tm-{scope}-note", value) if kind is None else (f"x-tm-{scope}:{kind}", value)
        for kind, value in entries
    ]


def _home(entries: Sequence[tuple[str | None, str]]) -> tuple[str | None, list[tuple[str, str]]]:
    """The note and props of a home element; further notes come first, as they are written."""
    if not entries:
        return None, []
    notes = [value for kind, value in entries if kind is None]
    props = [(kind, value) for kind, value in entries if kind is not None]
    return (notes[0] if notes else None), [(NOTE, note) for note in notes[1:]] + props


def _attributes(scope: str, part: _Part, *, without_stamps: bool) -> list[tuple[str, str]]:
    return [
        (f"x-tm-{scope}@{name}", value)
        for name, value in part.attributes
        if not (without_stamps and name in STAMPS)
    ]


def _group_id(original: _Variant, targets: Sequence[_Variant]) -> str:
    """The same for the same <tu> whatever the order of its <tuv>s, so that an export read
    back gives its units the same id."""
    digest = hashlib.blake2b(digest_size=8)
    texts = sorted((v.lang or "", v.text, v.markup or "") for v in targets)
    for parts in ((original.lang or "", original.text, original.markup or ""), *texts):
        for part in parts:
            digest.update(part.encode("utf-8"))
            digest.update(b"\x1f")
    return digest.hexdigest()


def _source_variant(
    declared: str | None, variants: Sequence[_Variant], preferred: str | None, line: int | None
) -> tuple[_Variant, Notice | None] | Skip:
    """The source `<tuv>` of a `<tu>`, and a notice when several could be it."""
    if declared is not None and declared.strip() and declared.strip().lower() != _ALL:
        wanted = _tag(declared)
        if wanted is None:
            return Skip(
                "a language tag that is not BCP-47",
                line,
                f"srclang {declared!r} is not a language tag (BCP-47, e.g. kk-KZ)",
                "srclang",
                problem=True,
            )
        found = _pick(wanted, variants, line, "srclang")
        if found is None:
            return Skip(
                "no <tuv> in the source language",
                line,
                f"no <tuv> in the source language {wanted!r}",
                "srclang",
                problem=True,
            )
        return found
    for candidate in (preferred, _PREFERRED_SOURCE):
        if candidate is not None and (
            found := _pick(candidate, variants, line, "the preferred source")
        ):
            return found
    return variants[0], None


def _pick(
    wanted: str, variants: Sequence[_Variant], line: int | None, what: str
) -> tuple[_Variant, Notice | None] | None:
    candidates = [v for v in variants if v.lang is not None and _matches(v.lang, wanted)]
    if not candidates:
        return None
    exact = [v for v in candidates if v.lang == wanted]
    chosen = (exact or candidates)[0]
    if len(candidates) == 1:
        return chosen, None
    tags = ", ".join(str(v.lang) for v in candidates)
    how = "the one tagged exactly so" if exact else "the first"
    return chosen, Notice(
        "several <tuv> could be the source: one was taken",
        line,
        f"{what} {wanted!r} matches {tags}: took {how} ({chosen.lang}) as the source, "
        "the others as translations",
        "srclang",
    )


def _tu_records(tu: etree._Element, context: _Context) -> Iterator[Unit | Skip]:
    source = context.source
    line = tu.sourceline
    variants = [
        _variant(child, strip_inline=context.strip_inline, source=source)
        for child in tu
        if child.tag == "tuv"
    ]
    if not variants:
        raise fail("a <tu> without <tuv>", source=source, line=line)
    usable = []
    for variant in variants:
        if variant.lang is None:
            yield Skip(
                "a language tag that is not BCP-47",
                variant.line,
                f"{variant.code!r} is not a language tag (BCP-47, e.g. kk-KZ)",
                "xml:lang",
                problem=True,
            )
        else:
            usable.append(variant)
    if not usable:
        return
    declared = tu.get("srclang") or context.header_srclang
    chosen = _source_variant(declared, usable, context.preferred, line)
    if isinstance(chosen, Skip):
        yield chosen
        return
    original, notice = chosen
    if notice is not None:
        yield notice
    targets = []
    for variant in usable:
        if variant is original:
            continue
        if variant.lang == original.lang:
            yield Skip(
                "a second <tuv> in the source language",
                variant.line,
                f"a second <tuv> tagged {variant.lang!r}, the source language",
                "xml:lang",
                problem=True,
            )
            continue
        targets.append(variant)
    if not targets:
        yield Skip("a <tu> with no translation", line)
        return
    if not original.text.strip():
        yield Skip("an empty source segment", line)
        return
    filled = []
    for target in targets:
        if target.text.strip():
            filled.append(target)
        else:
            yield Skip("an empty target segment", target.line)
    for variant in (original, *filled):
        if variant.trouble is not None:
            yield Notice(
                "inline codes TMX 1.4b does not allow: dropped, their text kept",
                variant.line,
                f"{variant.trouble} is not TMX 1.4b inline markup",
                "seg",
                problem=True,
            )
    if filled:
        yield from _units(tu, original, filled, context)


def _units(
    tu: etree._Element, original: _Variant, targets: Sequence[_Variant], context: _Context
) -> Iterator[Unit | Skip]:
    source, line = context.source, tu.sourceline
    tu_part = _part(tu, TU_ATTRIBUTES)
    single = len(targets) == 1
    try:
        shared_values: dict[str, object] = {}
        neighbours: dict[str, str] = {}
        tu_entries = _ours(
            tu_part, shared_values, None if context.ours else neighbours, source=source, line=line
        )
        tu_stamps = _stamps(tu_part, line)
    except _Unusable as unusable:
        for target in targets:
            yield replace(unusable.skip, line=target.line)
        return
    src_scoped = (
        _attributes("src", original.part, without_stamps=False) if original.part.attributes else []
    )
    for kind, value in original.part.entries:
        if kind is not None and kind in CONTEXT_PROPS:
            neighbours[CONTEXT_PROPS[kind]] = _context_text(value)
        else:
            src_scoped += _scoped("src", [(kind, value)])
    if original.markup is not None:
        src_scoped.append((SOURCE_MARKUP, original.markup))
    # Where each target's stamps come from, and whether they all agree (see the docstring).
    from_tuv = [
        target.part.has_stamps() and not (single and tu_part.has_stamps()) for target in targets
    ]
    agree = (
        single
        or not any(from_tuv)
        or (
            len(
                {
                    tuple(
                        (k, v)
                        for k, v in (target.part if tuv else tu_part).attributes
                        if k in STAMPS
                    )
                    for target, tuv in zip(targets, from_tuv, strict=True)
                }
            )
            == 1
        )
    )
    group = None
    if not single and (shared_values.get("doc_id") is None or shared_values.get("seg_no") is None):
        group = _group_id(original, targets)
    tu_scoped = [] if single else _scoped("tu", tu_entries)
    tu_status = {kind: value for kind, value in tu_entries if kind is not None}
    for target, tuv in zip(targets, from_tuv, strict=True):
        values = dict(shared_values)
        try:
            tgt_entries = _ours(target.part, values, None, source=source, line=target.line)
            stamps = _stamps(target.part, target.line) if tuv else tu_stamps
        except _Unusable as unusable:
            yield unusable.skip
            continue
        note, props = _home(tu_entries if single else tgt_entries)
        if tu_part.attributes:
            props += _attributes("tu", tu_part, without_stamps=not tuv)
        props += tu_scoped
        props += src_scoped
        if target.part.attributes:
            props += _attributes("tgt", target.part, without_stamps=tuv)
        if single and tgt_entries:
            props += _scoped("tgt", tgt_entries)
        if target.markup is not None:
            props.append((TARGET_MARKUP, target.markup))
        if group is not None:
            props.append((GROUP, group))
        if tuv and (single or agree):
            props.append((STAMPS_AT, "tuv"))
        status_props = tu_status
        if tgt_entries:
            status_props = {**tu_status, **{k: v for k, v in tgt_entries if k is not None}}
        yield _unit(
            original, target, context, values, neighbours, stamps, note, props, status_props
        )


def _unit(
    original: _Variant,
    target: _Variant,
    context: _Context,
    values: dict[str, object],
    neighbours: dict[str, str],
    stamps: dict[str, object],
    note: str | None,
    props: list[tuple[str, str]],
    status_props: dict[str, str],
) -> Unit | Skip:
    status = values.pop("status", None)
    if status is None:
        status = (status_from_props(status_props) if status_props else None) or "draft"
    if status not in STATUSES:
        return Skip(
            BAD_VALUE,
            target.line,
            f"unknown status {status!r} (one of {', '.join(STATUSES)})",
            "x-tm-status",
            problem=True,
        )
    score = values.get("align_score")
    if isinstance(score, float) and not 0.0 <= score <= 1.0:
        return Skip(
            BAD_VALUE,
            target.line,
            f"align_score {score} is outside 0..1",
            "x-tm-align-score",
            problem=True,
        )
    for name, text in neighbours.items():
        values.setdefault(name, text)
    fields: dict[str, object] = {"origin": context.origin, **values, **stamps}
    # The languages are canonical and differ, the texts are not blank, the status and score
    # are checked: what `checked` would do is done.
    return Unit(
        src_lang=str(original.lang),
        tgt_lang=str(target.lang),
        source=original.text,
        target=target.text,
        status=status,
        note=note,
        props=tuple(props),
        **fields,  # type: ignore[arg-type]
    )


def _syntax_error(error_log: etree._ListErrorLog, err: Exception, *, source: str) -> FormatError:
    from lxml import etree

    entries = [entry for entry in error_log if entry.level >= etree.ErrorLevels.ERROR]
    if entries:
        line = entries[0].line or None
        # libxml2's size limits name a parser flag; the reader keeps them on on purpose.
        message = re.sub(r",? (?:try|use) XML_PARSE_HUGE(?: option)?", "", entries[0].message)
        if "encoding" in message or "UTF-8" in message:
            message = (
                f"{message}: the bytes do not match the file's encoding "
                "(UTF-8, or UTF-16 with a byte-order mark, unless the XML declaration says)"
            )
        return fail(f"malformed XML: {message}", source=source, line=line)
    message = re.sub(r", line \d+, column \d+$", "", str(getattr(err, "msg", err)))
    if message == "no element found" or message.startswith("Document is empty"):
        message = "the file is empty"
    return fail(f"malformed XML: {message}", source=source, line=getattr(err, "lineno", None) or 1)


def refuse_declared_entities(element: etree._Element, *, source: str, kind: str) -> None:
    """Refuse a document whose DOCTYPE declares entities (what `safe_iterparse` leaves
    unresolved): no exchange format we read needs them, and they are how entity expansion
    and external-entity attacks start."""
    root = element.getroottree().getroot()
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise fail(
            f"the DOCTYPE declares entities; {kind} needs none and they are refused "
            "(entity expansion and external entities are attacks)",
            source=source,
            line=root.sourceline,
        )


def _refuse_entities(element: etree._Element, *, source: str) -> None:
    refuse_declared_entities(element, source=source, kind="TMX")
    _require_tmx(element.getroottree().getroot(), source=source)


def _require_tmx(root: etree._Element, *, source: str) -> None:
    if root.tag != "tmx":
        raise fail(
            f"not a TMX file: the root element is <{root.tag!s}>",
            source=source,
            line=root.sourceline,
        )


# The most bytes a TMX file may hold without a `<` or without a `>`. libxml2 holds a whole
# tag, comment, CDATA section or processing instruction in memory before it checks its
# size limits, so a 2 GB attribute or comment would cost 2 GB; text nodes stop at 10 MB.
MAX_TOKEN_BYTES = 16 << 20


class _TokenGuard:
    """A byte stream that fails as soon as a run without `<` or `>` passes the limit."""

    def __init__(self, stream: IO[bytes], *, source: str) -> None:
        self._stream = stream
        self._source = source
        self._line = 1
        self._since = {b"<": 0, b">": 0}

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        for mark, run in self._since.items():
            at = chunk.rfind(mark)
            self._since[mark] = run + len(chunk) if at < 0 else len(chunk) - at - 1
            if self._since[mark] > MAX_TOKEN_BYTES:
                raise fail(
                    f"more than {MAX_TOKEN_BYTES >> 20} MiB without a {mark.decode()!r}: a tag, "
                    "comment or text this long is not TMX (is this the right file?)",
                    source=self._source,
                    line=self._line + chunk.count(b"\n"),
                )
        self._line += chunk.count(b"\n")
        return chunk


class _SafeXmlOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    huge_tree: bool
    load_dtd: bool
    remove_comments: bool
    remove_pis: bool


def _safe_xml_options() -> _SafeXmlOptions:
    """How every reader of XML from elsewhere parses it (`safe_iterparse`, `safe_parser`):
    entities left unresolved, no network, no DTD, bounded trees, comments and processing
    instructions dropped."""
    return _SafeXmlOptions(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def safe_parser() -> etree.XMLParser[etree._Element]:
    """An lxml parser for a whole document from elsewhere (`_safe_xml_options`); the caller
    refuses a DOCTYPE that declares entities first (`refuse_declared_entities`)."""
    from lxml import etree

    return etree.XMLParser(**_safe_xml_options())


def release(element: etree._Element) -> None:
    """Free an entry a streaming reader is done with, and the siblings read before it: a
    file of a million entries holds one at a time."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def safe_iterparse(
    stream: IO[bytes],
    *,
    events: tuple[Literal["start", "end"], ...],
    tag: tuple[str, ...] | None = None,
) -> Any:
    """lxml's iterparse as every reader of files from elsewhere must use it: entities left
    unresolved, no network, no DTD, bounded trees, comments and processing instructions
    dropped (the caller refuses a DOCTYPE that declares entities, `_refuse_entities`)."""
    from lxml import etree

    return etree.iterparse(stream, events=events, tag=tag, **_safe_xml_options())


def read_tmx(
    stream: IO[bytes],
    *,
    source: str,
    src_lang: str | None = None,
    strip_inline: bool = False,
    origin: str = "import:tmx",
) -> Iterator[Unit | Skip]:
    """The units of a TMX file, one `<tu>` at a time, with a `Skip` for each unit that
    cannot be used and a `Notice` (a kind of Skip) before a unit imported after a choice or
    a repair. `src_lang` is the preferred source language where the file says `*all*`;
    `strip_inline` drops inline codes instead of keeping their markup in props."""
    from lxml import etree

    preferred = None
    if src_lang:
        preferred = _tag(src_lang)
        if preferred is None:
            raise LanguageError(
                f"{src_lang!r} is not a language tag (BCP-47, e.g. kk-KZ)",
                source=source,
                field="src_lang",
            )
    context = _Context(source, preferred, strip_inline, origin)
    parser = safe_iterparse(
        _TokenGuard(stream, source=source),  # type: ignore[arg-type]
        events=("end",),
        tag=("header", "tu"),
    )
    first = True
    try:
        for _event, element in parser:
            if first:
                _refuse_entities(element, source=source)
                first = False
            if element.tag == "header":
                context = replace(
                    context,
                    header_srclang=element.get("srclang"),
                    ours=element.get("creationtool") == CREATION_TOOL,
                )
                continue
            yield from _tu_records(element, context)
            release(element)
    except etree.XMLSyntaxError as err:
        raise _syntax_error(parser.error_log, err, source=source) from err
    if first and parser.root is not None:  # no <header>, no <tu>: is it TMX at all?
        _require_tmx(parser.root, source=source)


# --- writing -------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = "\n"
# What a character XML 1.0 cannot carry becomes, and the reason the repair is counted under.
_REPAIRS: dict[str, tuple[str, str]] = {
    "\x0b": ("U+000B (Word's line break) written as a line break", _LINE_BREAK),
    "\x0c": ("U+000C (Word's page break) written as a line break", _LINE_BREAK),
}
_DROPPED = ("a control character XML 1.0 cannot carry, dropped", "")
_SURROGATE = ("a lone surrogate written as U+FFFD", "\ufffd")


def _repair(match: re.Match[str], repairs: Counter[str]) -> str:
    char = match[0]
    reason, replacement = _REPAIRS.get(
        char, _SURROGATE if "\ud800" <= char <= "\udfff" else _DROPPED
    )
    repairs[reason] += 1
    return replacement


def _xml_safe(text: str, repairs: Counter[str]) -> str:
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda match: _repair(match, repairs), text)


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _escape_attribute(text: str) -> str:
    # Tabs and line breaks too: attribute-value normalisation would turn them into spaces.
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


# What makes a text need more than copying: a character XML 1.0 cannot carry, or one to escape.
_SPECIAL_TEXT = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL_ATTRIBUTE = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _text(text: str, repairs: Counter[str]) -> str:
    if _SPECIAL_TEXT.search(text) is None:  # most text: nothing to escape
        return text
    return _escape_text(_xml_safe(text, repairs))


def _attribute(text: str, repairs: Counter[str]) -> str:
    if _SPECIAL_ATTRIBUTE.search(text) is None:
        return text
    return _escape_attribute(_xml_safe(text, repairs))


@functools.lru_cache(maxsize=4096)
def _tmx_stamp(value: dt.datetime) -> str:
    # Many units share a stamp (one import, one approval), and strftime is slow.
    return value.astimezone(dt.UTC).strftime(TMX_TIME)


MARKUP_EDITED = "inline codes dropped: the text was edited after import"
MARKUP_BROKEN = "inline codes dropped: the kept markup is not TMX 1.4b"


def _markup_text(markup: str) -> str | None:
    """The plain text of kept markup, or None when it is not TMX 1.4b segment content."""
    from lxml import etree

    try:
        seg = inline.parse_segment(markup)
    except etree.XMLSyntaxError:
        return None
    return None if inline.problem(seg) is not None else inline.plain_text(seg)


def _seg(text: str, markup: str | None, repairs: Counter[str]) -> str:
    if markup is not None:
        plain = _markup_text(markup)
        if plain == text:
            return markup
        repairs[MARKUP_BROKEN if plain is None else MARKUP_EDITED] += 1
    return _text(text, repairs)


def _legacy_seg(text: str, repairs: Counter[str]) -> str:
    """A text stored as TMX markup (`LEGACY_INLINE`): written as is when it is TMX."""
    if _markup_text(text) is not None:
        return text
    repairs[MARKUP_BROKEN] += 1
    return _text(text, repairs)


@dataclass
class _Sections:
    """A unit's props sorted by the element of the <tu> they belong to (see the docstring)."""

    home: list[tuple[str, str]]
    notes: list[str]
    attributes: dict[str, list[tuple[str, str]]]
    entries: dict[str, list[tuple[str | None, str]]]
    control: dict[str, str]


_EMPTY_SECTIONS = _Sections([], [], {}, {}, {})
_SCOPE_PREFIXES = tuple(f"x-tm-{scope}" for scope in _SCOPES)


def _sections(unit: Unit) -> _Sections:
    if not unit.props:
        return _EMPTY_SECTIONS
    sections = _Sections([], [], {}, {}, {})
    for kind, value in unit.props:
        if kind in _CONTROL:
            sections.control.setdefault(kind, value)
        elif kind == NOTE:
            sections.notes.append(value)
        elif kind.startswith(_SCOPE_PREFIXES) and (scoped := _scope(kind)) is not None:
            scope, rest = scoped
            if rest.startswith("@"):
                sections.attributes.setdefault(scope, []).append((rest[1:], value))
            elif rest == "-note":
                sections.entries.setdefault(scope, []).append((None, value))
            else:
                sections.entries.setdefault(scope, []).append((rest[1:], value))
        else:
            sections.home.append((kind, value))
    return sections


def _scope(kind: str) -> tuple[str, str] | None:
    for scope in _SCOPES:
        prefix = f"x-tm-{scope}"
        if kind.startswith(prefix):
            rest = kind[len(prefix) :]
            if (rest.startswith(("@", ":")) and len(rest) > 1) or rest == "-note":
                return scope, rest
    return None


def _status_updates(unit: Unit, sections: _Sections) -> dict[str, str]:
    """New values for the tools' status props the unit carries, so that they say its status."""
    if not sections.home and not sections.entries:
        return {}
    present = dict(sections.home)
    for scope in ("tu", "tgt"):
        present.update((k, v) for k, v in sections.entries.get(scope, []) if k is not None)
    updates: dict[str, str] = {}
    for dialect in STATUS_PROPS.values():
        updates.update(dialect.written(present, unit.status))
    return updates


def _prop(kind: str, value: str, repairs: Counter[str]) -> str:
    return f'<prop type="{_attribute(kind, repairs)}">{_text(value, repairs)}</prop>'


@functools.lru_cache(maxsize=1024)
def _common_prop(kind: str, value: str) -> str:
    """A prop most units share (their status, their origin), written once."""
    return _prop(kind, value, Counter())


def _shared_prop(kind: str, value: str, repairs: Counter[str]) -> str:
    if _SPECIAL_TEXT.search(value) is None:
        return _common_prop(kind, value)
    return _prop(kind, value, repairs)


def _updated(kind: str, value: str, updates: Mapping[str, str], repairs: Counter[str]) -> str:
    """A tool's status prop saying the unit's status now, and what it said before (`WAS`)."""
    new = updates.get(kind, value)
    if new == value:
        return _prop(kind, value, repairs)
    return _prop(kind, new, repairs) + _prop(WAS + kind, value, repairs)


def _entries(
    entries: Sequence[tuple[str | None, str]], updates: Mapping[str, str], repairs: Counter[str]
) -> str:
    if not entries:
        return ""
    return "".join(
        f"<note>{_text(value, repairs)}</note>"
        if kind is None
        else _updated(kind, value, updates, repairs)
        for kind, value in entries
    )


def _segment_meta(unit: Unit, repairs: Counter[str]) -> str:
    """Where the segment stands, on the <tu> (field by field, for speed)."""
    parts = []
    if unit.doc_id is not None:
        parts.append(_prop("x-tm-doc-id", unit.doc_id, repairs))
    if unit.seg_no is not None:
        parts.append(f'<prop type="x-tm-seg-no">{unit.seg_no}</prop>')
    return "".join(parts)


def _context(unit: Unit, repairs: Counter[str]) -> str:
    """The neighbours as memoQ writes them on the source <tuv>: `<seg>` markup as text."""
    parts = []
    for kind, text in (("x-context-pre", unit.prev_source), ("x-context-post", unit.next_source)):
        if text is not None:
            markup = f"<seg>{_escape_text(_xml_safe(text, repairs))}</seg>"
            parts.append(f'<prop type="{kind}">{_escape_text(markup)}</prop>')
    return "".join(parts)


def _unit_meta(unit: Unit, sections: _Sections, repairs: Counter[str]) -> str:
    """What is the unit's own, on its home element: notes, status, score, origin, props."""
    parts = [] if unit.note is None else [f"<note>{_text(unit.note, repairs)}</note>"]
    parts.extend(f"<note>{_text(note, repairs)}</note>" for note in sections.notes)
    parts.append(_shared_prop("x-tm-status", unit.status, repairs))
    if unit.align_score is not None:
        parts.append(f'<prop type="x-tm-align-score">{unit.align_score!r}</prop>')
    parts.append(_shared_prop("x-tm-origin", unit.origin, repairs))
    if sections.home:
        updates = _status_updates(unit, sections)
        parts.extend(_updated(k, v, updates, repairs) for k, v in sections.home)
    return "".join(parts)


_Stamps = tuple[tuple[str, str], ...]


def _stamp_attributes(unit: Unit) -> _Stamps:
    return _stamps_of(unit.created_by, unit.created_at, unit.changed_by, unit.changed_at)


@functools.lru_cache(maxsize=4096)
def _stamps_of(
    created_by: str | None,
    created_at: dt.datetime | None,
    changed_by: str | None,
    changed_at: dt.datetime | None,
) -> _Stamps:
    # Many units share their stamps (one import, one approval): worked out once.
    stamps = []
    if created_by is not None:
        stamps.append(("creationid", created_by))
    if created_at is not None:
        stamps.append(("creationdate", _tmx_stamp(created_at)))
    if changed_by is not None:
        stamps.append(("changeid", changed_by))
    if changed_at is not None:
        stamps.append(("changedate", _tmx_stamp(changed_at)))
    return tuple(stamps)


@functools.lru_cache(maxsize=4096)
def _stamps_xml(stamps: _Stamps) -> tuple[str, tuple[str, ...]]:
    """The stamps as attributes, and the repairs that took (counted by each caller)."""
    repairs: Counter[str] = Counter()
    xml = "".join(f' {name}="{_attribute(value, repairs)}"' for name, value in stamps)
    return xml, tuple(repairs.elements())


def _attributes_xml(
    kept: Sequence[tuple[str, str]],
    allowed: frozenset[str],
    stamps: _Stamps,
    repairs: Counter[str],
) -> str:
    """Kept attributes the DTD allows on the element, the unit's stamps winning."""
    if not kept:
        if not stamps:
            return ""
        xml, fixed = _stamps_xml(stamps)
        if fixed:
            repairs.update(fixed)
        return xml
    values: dict[str, str] = {}
    for name, value in kept:
        if name in allowed and name not in values and (name != "segtype" or value in _SEGTYPES):
            values[name] = value
    values.update(stamps)
    return "".join(f' {name}="{_attribute(value, repairs)}"' for name, value in values.items())


def _source_tuv(unit: Unit, sections: _Sections, repairs: Counter[str]) -> str:
    attributes = _attributes_xml(sections.attributes.get("src", ()), TUV_ATTRIBUTES, (), repairs)
    entries = _entries(sections.entries.get("src", ()), {}, repairs)
    if LEGACY_INLINE in unit.props:
        body = _legacy_seg(unit.source, repairs)
    else:
        body = _seg(unit.source, sections.control.get(SOURCE_MARKUP), repairs)
    return (
        f'<tuv xml:lang="{_attribute(unit.src_lang, repairs)}"{attributes}>'
        f"{entries}{_context(unit, repairs)}<seg>{body}</seg></tuv>"
    )


def _target_tuv(
    unit: Unit, sections: _Sections, meta: str, stamps: _Stamps, repairs: Counter[str]
) -> str:
    attributes = _attributes_xml(
        sections.attributes.get("tgt", ()), TUV_ATTRIBUTES, stamps, repairs
    )
    own = sections.entries.get("tgt")
    entries = _entries(own, _status_updates(unit, sections), repairs) if own else ""
    if LEGACY_INLINE in unit.props:
        body = _legacy_seg(unit.target, repairs)
    else:
        body = _seg(unit.target, sections.control.get(TARGET_MARKUP), repairs)
    return (
        f'<tuv xml:lang="{_attribute(unit.tgt_lang, repairs)}"{attributes}>'
        f"{meta}{entries}<seg>{body}</seg></tuv>"
    )


def _tu_xml(group: Sequence[Unit], counters: Sequence[Counter[str]]) -> str:
    """One <tu> for a group of units; what is repaired in each unit goes to its counter
    (the <tu> and the source <tuv> count for the first unit)."""
    first, repairs = group[0], counters[0]
    sections = [_sections(unit) for unit in group]
    lang = _attribute(first.src_lang, repairs)
    stamps = [_stamp_attributes(unit) for unit in group]
    on_tuv = [s.control.get(STAMPS_AT) == "tuv" for s in sections]
    shared = sections[0]
    tu_updates = _status_updates(first, shared)
    tu_entries = _entries(shared.entries.get("tu", ()), tu_updates, repairs)
    source = _source_tuv(first, shared, repairs)
    if len(group) == 1:
        tu_stamps = () if on_tuv[0] else stamps[0]
        tu_attributes = _attributes_xml(
            shared.attributes.get("tu", ()), TU_ATTRIBUTES, tu_stamps, repairs
        )
        meta = f"{_segment_meta(first, repairs)}{_unit_meta(first, shared, repairs)}{tu_entries}"
        target = _target_tuv(first, shared, "", stamps[0] if on_tuv[0] else (), repairs)
        return f'<tu srclang="{lang}"{tu_attributes}>{meta}{source}{target}</tu>\n'
    together = not any(on_tuv) and all(s == stamps[0] for s in stamps)
    tu_attributes = _attributes_xml(
        shared.attributes.get("tu", ()), TU_ATTRIBUTES, stamps[0] if together else (), repairs
    )
    targets = "".join(
        _target_tuv(
            unit,
            unit_sections,
            _unit_meta(unit, unit_sections, unit_repairs),
            () if together else unit_stamps,
            unit_repairs,
        )
        for unit, unit_sections, unit_stamps, unit_repairs in zip(
            group, sections, stamps, counters, strict=False
        )
    )
    meta = f"{_segment_meta(first, repairs)}{tu_entries}"
    return f'<tu srclang="{lang}"{tu_attributes}>{meta}{source}{targets}</tu>\n'


# --- joining the units of one <tu> -------------------------------------------------------

_SHARED_PREFIXES = ("x-tm-tu@", "x-tm-tu:", "x-tm-tu-note", "x-tm-src", SOURCE_MARKUP, GROUP)


def _segment_key(unit: Unit) -> tuple[object, ...] | None:
    """Units with the same key may share a <tu>: one segment, the same shared metadata."""
    shared: tuple[tuple[str, str], ...] = ()
    group = None
    if unit.props:
        shared = tuple(prop for prop in unit.props if prop[0].startswith(_SHARED_PREFIXES))
        group = next((value for kind, value in unit.props if kind == GROUP), None)
    if group is None and (unit.doc_id is None or unit.seg_no is None):
        return None
    return (
        unit.doc_id,
        unit.seg_no,
        unit.src_lang,
        unit.source,
        unit.prev_source,
        unit.next_source,
        LEGACY_INLINE in unit.props,
        shared,
    )


def _split_block(block: list[Unit]) -> Iterator[list[Unit]]:
    groups: list[list[Unit]] = []
    open_groups: dict[tuple[object, ...], list[Unit]] = {}
    for unit in block:
        key = _segment_key(unit)
        if key is None:
            groups.append([unit])
            continue
        group = open_groups.get(key)
        if group is None or any(other.tgt_lang == unit.tgt_lang for other in group):
            group = [unit]
            groups.append(group)
            open_groups[key] = group
        else:
            group.append(unit)
    yield from groups


def tu_groups(units: Iterable[Unit]) -> Iterator[list[Unit]]:
    """The units that are translations of one segment into different languages, together.

    Units meant to share a <tu> must come in one run of units with the same doc_id, seg_no,
    source language and source (the export order); inside the run they may be interleaved
    with other units of the same source, as the sort by target language puts them."""
    block: list[Unit] = []
    block_key: tuple[object, ...] | None = None
    for unit in units:
        key = (unit.doc_id, unit.seg_no, unit.src_lang, unit.source)
        if block and key != block_key:
            yield from _split_block(block)
            block = []
        block.append(unit)
        block_key = key
    if block:
        yield from _split_block(block)


def _header(src_lang: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        f'<header creationtool="{CREATION_TOOL}" creationtoolversion="0.1.0" '
        f'segtype="sentence" o-tmf="{CREATION_TOOL}" adminlang="en" '
        f'srclang="{src_lang}" datatype="plaintext"/>\n'
        "<body>\n"
    )


def write_tmx(
    units: Iterable[Unit],
    out: IO[bytes],
    *,
    src_lang: str = _ALL,
    changed: Callable[[str], None] | None = None,
) -> int:
    """Stream the units as TMX 1.4b (UTF-8); returns how many units were written.

    Units meant to share a `<tu>` must come next to each other (sort by doc_id, seg_no,
    src_lang, source). What had to change in a unit to be written (a character XML cannot
    carry, inline codes that no longer fit its text) is told to `changed` once per unit and
    change, and logged.
    """
    header_repairs: Counter[str] = Counter()
    out.write(_header(_escape_attribute(_xml_safe(src_lang, header_repairs))).encode("utf-8"))
    count = 0
    total: Counter[str] = Counter()
    counters: list[Counter[str]] = []  # one a unit of the <tu>, reused: repairs are rare
    for group in tu_groups(units):
        while len(counters) < len(group):
            counters.append(Counter())
        out.write(_tu_xml(group, counters).encode("utf-8"))
        count += len(group)
        for repairs in counters[: len(group)]:
            if repairs:
                for reason in repairs:
                    total[reason] += 1
                    if changed is not None:
                        changed(reason)
                repairs.clear()
    out.write(b"</body>\n</tmx>\n")
    if total:
        _log.warning(
            "TMX export changed units: %s", ", ".join(f"{n} {why}" for why, n in total.items())
        )
    return count
