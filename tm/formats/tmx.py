"""TMX 1.4b in and out, streamed: a `<tu>` at a time, never the whole file in memory.

Reading uses lxml's iterparse with entities left unresolved, no network, no DTD loading and
libxml2's size limits on; a DOCTYPE that declares entities is refused outright (billion
laughs, external entities), so hostile files fail fast with the file and line.

How TMX maps onto units:

- The source language of a `<tu>` is its `srclang`, else the header's; with `*all*` (or
  none) it is the caller's preferred language, else kk, else the first `<tuv>`'s, when the
  `<tu>` has one in it. Every other `<tuv>` becomes a unit source -> that language, so a
  kk+en+ru `<tu>` gives a kk-en and a kk-ru unit.
- `xml:lang` or the older `lang`, matched leniently (kk-KZ, KK, kaz -> kk).
- creationdate/creationid/changedate/changeid (of the `<tu>`, overridden by the target
  `<tuv>`'s) become created_at/created_by/changed_at/changed_by; `<note>`s are joined into
  the note; `<prop>`s are kept in order, except ours: `x-tm-*` props carry the unit fields
  TMX has no attribute for (doc_id, seg_no, status...), so an export reads back unchanged.
- Inline codes (bpt ept it ph hi ut sub): kept as TMX markup, or stripped on request
  keeping all text outside the codes (and inside `<hi>`, which is text). A unit whose
  texts are kept as markup carries the prop `x-tm-inline: tmx`, so the writer knows to
  write them as markup again rather than escape them.

Writing groups adjacent units of one segment (same doc_id, seg_no and source, different
target languages) into one `<tu>` with a `<tuv>` per language; the per-unit fields then go
on the target `<tuv>`. Dates are YYYYMMDDThhmmssZ, so they keep whole seconds only.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from tm.errors import FormatError
from tm.formats._fields import Skip, checked, describe, fail, language, parse_cell
from tm.unit import Unit

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX_TIME = "%Y%m%dT%H%M%SZ"
INLINE_TAGS = frozenset({"bpt", "ept", "it", "ph", "hi", "ut", "sub"})
# Inline elements whose content is text of the segment; the others hold native codes.
_TEXT_INLINE = frozenset({"hi"})
INLINE_PROP = ("x-tm-inline", "tmx")
_ALL = "*all*"
_PREFERRED_SOURCE = "kk"

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
_DATE_ATTRIBUTES = {
    "creationdate": "created_at",
    "changedate": "changed_at",
}
_ID_ATTRIBUTES = {"creationid": "created_by", "changeid": "changed_by"}


# --- reading -------------------------------------------------------------------------


@dataclass
class _Meta:
    """What a `<tu>` or `<tuv>` says about the units made from it."""

    values: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    props: list[tuple[str, str]] = field(default_factory=list)

    def merged(self, other: _Meta) -> _Meta:
        return _Meta(
            {**self.values, **other.values}, self.notes + other.notes, self.props + other.props
        )


@dataclass(frozen=True)
class _Variant:
    lang: str
    text: str
    inline: bool
    meta: _Meta
    line: int | None


_TMX_TIME = re.compile(r"^\s*(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z\s*$")


def _tmx_time(text: str, *, source: str, line: int | None, name: str) -> dt.datetime:
    # By hand rather than strptime, which costs more than the rest of a <tu>.
    match = _TMX_TIME.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second = map(int, match.groups())
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError as err:
        raise fail(
            f"{text!r} is not a TMX date (YYYYMMDDThhmmssZ)", source=source, line=line, field=name
        ) from err


def _meta(element: etree._Element, *, source: str) -> _Meta:
    meta = _Meta()
    line = element.sourceline
    for attribute, name in _DATE_ATTRIBUTES.items():
        if (text := element.get(attribute)) is not None:
            meta.values[name] = _tmx_time(text, source=source, line=line, name=attribute)
    for attribute, name in _ID_ATTRIBUTES.items():
        if text := element.get(attribute):
            meta.values[name] = text
    for child in element:
        if child.tag == "note":
            meta.notes.append(child.text or "")
        elif child.tag == "prop":
            kind = child.get("type") or ""
            value = child.text or ""
            if kind in FIELD_PROPS:
                name = FIELD_PROPS[kind]
                meta.values[name] = parse_cell(name, value, source=source, line=child.sourceline)
            else:
                meta.props.append((kind, value))
    return meta


def _check_inline(element: etree._Element, *, source: str) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            raise fail(
                "an entity reference inside <seg> is not allowed",
                source=source,
                line=child.sourceline,
            )
        if child.tag not in INLINE_TAGS:
            codes = ", ".join(sorted(INLINE_TAGS))
            raise fail(
                f"unexpected <{child.tag}> inside <seg> (inline codes: {codes})",
                source=source,
                line=child.sourceline,
            )
        _check_inline(child, source=source)


def _visible_text(element: etree._Element) -> str:
    """The text of a segment without its inline codes; `<hi>` content is text and stays."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in _TEXT_INLINE:
            parts.append(_visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _markup(seg: etree._Element) -> str:
    from lxml import etree

    xml = etree.tostring(seg, encoding="unicode", with_tail=False)
    return xml[xml.index(">") + 1 : xml.rindex("<")]


def _segment(seg: etree._Element, *, strip_inline: bool, source: str) -> tuple[str, bool]:
    """The text of a `<seg>`, and whether it is TMX markup (it had codes and they are kept)."""
    if len(seg) == 0:
        return seg.text or "", False
    _check_inline(seg, source=source)
    if strip_inline:
        return _visible_text(seg), False
    return _markup(seg), True


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
    text, inline = _segment(seg, strip_inline=strip_inline, source=source)
    return _Variant(
        language(code, source=source, line=line, field="xml:lang"),
        text,
        inline,
        _meta(tuv, source=source),
        line,
    )


def _source_language(
    declared: str | None,
    variants: Sequence[_Variant],
    preferred: str | None,
    *,
    source: str,
    line: int | None,
) -> str:
    if declared and declared.strip().lower() != _ALL:
        return language(declared, source=source, line=line, field="srclang")
    present = [variant.lang for variant in variants]
    for candidate in (preferred, _PREFERRED_SOURCE):
        if candidate in present:
            return candidate
    return present[0]


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _tu_units(
    tu: etree._Element,
    header_srclang: str | None,
    *,
    preferred: str | None,
    strip_inline: bool,
    origin: str,
    source: str,
) -> Iterator[Unit | Skip]:
    line = tu.sourceline
    variants = [
        _variant(child, strip_inline=strip_inline, source=source)
        for child in tu
        if child.tag == "tuv"
    ]
    if not variants:
        raise fail("a <tu> without <tuv>", source=source, line=line)
    src_lang = _source_language(
        tu.get("srclang") or header_srclang, variants, preferred, source=source, line=line
    )
    originals = [variant for variant in variants if variant.lang == src_lang]
    if not originals:
        raise fail(f"no <tuv> in the source language {src_lang!r}", source=source, line=line)
    if len(originals) > 1:
        raise fail(
            f"two <tuv> in the source language {src_lang!r}", source=source, line=originals[1].line
        )
    original = originals[0]
    targets = [variant for variant in variants if variant.lang != src_lang]
    if not targets:
        yield Skip("a <tu> with no translation", line)
        return
    if not original.text.strip():
        yield Skip("an empty source segment", line)
        return
    tu_meta = _meta(tu, source=source)
    for target in targets:
        if not target.text.strip():
            yield Skip("an empty target segment", target.line)
            continue
        meta = tu_meta.merged(target.meta)
        src_text, tgt_text = original.text, target.text
        props = meta.props
        if original.inline or target.inline:
            src_text = src_text if original.inline else _escape_text(src_text)
            tgt_text = tgt_text if target.inline else _escape_text(tgt_text)
            props = [*props, INLINE_PROP]
        values: dict[str, object] = {"origin": origin, **meta.values}
        unit = Unit(
            src_lang=src_lang,
            tgt_lang=target.lang,
            source=src_text,
            target=tgt_text,
            note="\n".join(meta.notes) if meta.notes else None,
            props=tuple(props),
            **values,  # type: ignore[arg-type]
        )
        yield checked(unit, source=source, line=target.line)


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


def _refuse_entities(element: etree._Element, *, source: str) -> None:
    root = element.getroottree().getroot()
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise fail(
            "the DOCTYPE declares entities; TMX needs none and they are refused "
            "(entity expansion and external entities are attacks)",
            source=source,
            line=root.sourceline,
        )
    _require_tmx(root, source=source)


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


def read_tmx(
    stream: IO[bytes],
    *,
    source: str,
    src_lang: str | None = None,
    strip_inline: bool = False,
    origin: str = "import:tmx",
) -> Iterator[Unit | Skip]:
    """The units of a TMX file, one `<tu>` at a time; `src_lang` is the preferred source
    language where the file says `*all*`."""
    from lxml import etree

    preferred = language(src_lang, source=source, line=None, field="src_lang") if src_lang else None
    parser = etree.iterparse(
        _TokenGuard(stream, source=source),
        events=("end",),
        tag=("header", "tu"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    header_srclang: str | None = None
    first = True
    try:
        for _event, element in parser:
            if first:
                _refuse_entities(element, source=source)
                first = False
            if element.tag == "header":
                header_srclang = element.get("srclang")
                continue
            yield from _tu_units(
                element,
                header_srclang,
                preferred=preferred,
                strip_inline=strip_inline,
                origin=origin,
                source=source,
            )
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as err:
        raise _syntax_error(parser.error_log, err, source=source) from err
    if first and parser.root is not None:  # no <header>, no <tu>: is it TMX at all?
        _require_tmx(parser.root, source=source)


# --- writing -------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape_attribute(text: str) -> str:
    # Tabs and line breaks too: attribute-value normalisation would turn them into spaces.
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


# What makes a text need more than copying: a character XML 1.0 cannot carry, or one to escape.
_SPECIAL_TEXT = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL_ATTRIBUTE = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _xml_safe(text: str, unit: Unit) -> str:
    if (bad := _NOT_XML.search(text)) is not None:
        raise FormatError(
            f"{describe(unit)} holds the character U+{ord(bad[0]):04X}, which XML 1.0 cannot carry"
        )
    return text


def _text(text: str, unit: Unit) -> str:
    if _SPECIAL_TEXT.search(text) is None:  # most text: nothing to escape
        return text
    return _escape_text(_xml_safe(text, unit))


def _attribute(text: str, unit: Unit) -> str:
    if _SPECIAL_ATTRIBUTE.search(text) is None:
        return text
    return _escape_attribute(_xml_safe(text, unit))


@functools.lru_cache(maxsize=4096)
def _tmx_stamp(value: dt.datetime) -> str:
    # Many units share a stamp (one import, one approval), and strftime is slow.
    return value.astimezone(dt.UTC).strftime(TMX_TIME)


def _checked_markup(text: str, unit: Unit) -> str:
    """Kept inline markup, after making sure it is still well-formed TMX segment content."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        seg = etree.fromstring(f"<seg>{_xml_safe(text, unit)}</seg>", parser)
        _check_inline(seg, source=describe(unit))
    except etree.XMLSyntaxError as err:
        raise FormatError(f"{describe(unit)} has broken inline markup: {err}") from err
    return text


def _prop(kind: str, value: str, unit: Unit) -> str:
    return f'<prop type="{_attribute(kind, unit)}">{_text(value, unit)}</prop>'


def _segment_meta(unit: Unit) -> str:
    """What the units of one `<tu>` share: where the segment stands (field by field, for speed)."""
    parts = []
    if unit.doc_id is not None:
        parts.append(_prop("x-tm-doc-id", unit.doc_id, unit))
    if unit.seg_no is not None:
        parts.append(f'<prop type="x-tm-seg-no">{unit.seg_no}</prop>')
    if unit.prev_source is not None:
        parts.append(_prop("x-tm-prev-source", unit.prev_source, unit))
    if unit.next_source is not None:
        parts.append(_prop("x-tm-next-source", unit.next_source, unit))
    return "".join(parts)


def _unit_meta(unit: Unit) -> str:
    """What is the unit's own: its note, status, score, origin and props."""
    parts = [] if unit.note is None else [f"<note>{_text(unit.note, unit)}</note>"]
    parts.append(_prop("x-tm-status", unit.status, unit))
    if unit.align_score is not None:
        parts.append(f'<prop type="x-tm-align-score">{unit.align_score!r}</prop>')
    parts.append(_prop("x-tm-origin", unit.origin, unit))
    parts.extend(
        _prop(kind, value, unit) for kind, value in unit.props if (kind, value) != INLINE_PROP
    )
    return "".join(parts)


def _stamps(unit: Unit) -> str:
    parts = []
    if unit.created_at is not None:
        parts.append(f' creationdate="{_tmx_stamp(unit.created_at)}"')
    if unit.created_by is not None:
        parts.append(f' creationid="{_attribute(unit.created_by, unit)}"')
    if unit.changed_at is not None:
        parts.append(f' changedate="{_tmx_stamp(unit.changed_at)}"')
    if unit.changed_by is not None:
        parts.append(f' changeid="{_attribute(unit.changed_by, unit)}"')
    return "".join(parts)


def _tuv(lang: str, text: str, unit: Unit, meta: str = "", stamps: str = "") -> str:
    body = _checked_markup(text, unit) if INLINE_PROP in unit.props else _text(text, unit)
    return f'<tuv xml:lang="{_attribute(lang, unit)}"{stamps}>{meta}<seg>{body}</seg></tuv>'


def _tu_xml(group: Sequence[Unit]) -> str:
    first = group[0]
    lang = _attribute(first.src_lang, first)
    source = _tuv(first.src_lang, first.source, first)
    shared = _segment_meta(first)
    if len(group) == 1:
        target = _tuv(first.tgt_lang, first.target, first)
        meta = f"{shared}{_unit_meta(first)}"
        return f'<tu srclang="{lang}"{_stamps(first)}>{meta}{source}{target}</tu>\n'
    targets = "".join(
        _tuv(unit.tgt_lang, unit.target, unit, _unit_meta(unit), _stamps(unit)) for unit in group
    )
    return f'<tu srclang="{lang}">{shared}{source}{targets}</tu>\n'


def _segment_key(unit: Unit) -> tuple[object, ...] | None:
    if unit.doc_id is None or unit.seg_no is None:
        return None
    return (
        unit.doc_id,
        unit.seg_no,
        unit.src_lang,
        unit.source,
        unit.prev_source,
        unit.next_source,
        INLINE_PROP in unit.props,
    )


def tu_groups(units: Iterable[Unit]) -> Iterator[list[Unit]]:
    """Runs of adjacent units that are translations of one segment into different languages."""
    group: list[Unit] = []
    key: tuple[object, ...] | None = None
    for unit in units:
        unit_key = _segment_key(unit)
        joins = (
            group
            and unit_key is not None
            and unit_key == key
            and all(unit.tgt_lang != other.tgt_lang for other in group)
        )
        if not joins and group:
            yield group
            group = []
        group.append(unit)
        key = unit_key
    if group:
        yield group


def _header(src_lang: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        '<header creationtool="kazakh-tm-workbench" creationtoolversion="0.1.0" '
        'segtype="sentence" o-tmf="kazakh-tm-workbench" adminlang="en" '
        f'srclang="{src_lang}" datatype="plaintext"/>\n'
        "<body>\n"
    )


def write_tmx(
    units: Iterable[Unit],
    out: IO[bytes],
    *,
    src_lang: str = _ALL,
) -> int:
    """Stream the units as TMX 1.4b (UTF-8); returns how many units were written.

    Units meant to share a `<tu>` must come next to each other (sort by doc_id, seg_no).
    """
    out.write(_header(_escape_attribute(src_lang)).encode("utf-8"))
    count = 0
    for group in tu_groups(units):
        out.write(_tu_xml(group).encode("utf-8"))
        count += len(group)
    out.write(b"</body>\n</tmx>\n")
    return count
