"""TBX in and out: TBX-Basic and TBX-Core (TBX v3, ISO 30042:2019), and the older martif.

Reading takes any of them, streamed a concept at a time:

- TBX v3, `<tbx>` in the namespace urn:iso:std:iso:30042:ed-2: `conceptEntry` > `langSec`
  (xml:lang) > `termSec` > `term`, with data categories written as `<termNote
  type="partOfSpeech">` (the DCA style, what `style="dca"` files use) or as elements of
  their own (`<min:partOfSpeech>`, the DCT style);
- TBX 2008 (`<martif>`, what MultiTerm, memoQ, translate-toolkit and Weblate exchange):
  `termEntry` > `langSet` > `tig` (or `ntig` > `termGrp`) > `term`.

What a concept's data categories become (`_FIELDS`, `STATUS_VALUES`):

    termNote administrativeStatus     status: preferredTerm-admn-sts -> preferred,
                                      admittedTerm-admn-sts -> admitted,
                                      deprecatedTerm-admn-sts and supersededTerm-admn-sts
                                      -> forbidden (TBX-Basic's picklist)
    termNote partOfSpeech             part_of_speech (noun, verb, adjective, adverb, other)
    descrip definition                definition: on a langSec, of its terms; on the
                                      conceptEntry, of every term (TBX-Basic allows both)
    descrip subjectField              domain of every term (conceptEntry only in TBX-Basic)
    note, admin source                note, source of the terms below them (any level)
    transacGrp (transac origination   created_by, created_at; changed_by, changed_at
    or modification, transacNote
    responsibility, date)

A descripGrp, adminGrp or termNoteGrp is about its first data category: read when that
one fills a field (a definition's admin source becomes the term's source), left out
whole when not (the source of a context is not the term's). A part of speech beyond
TBX-Basic's picklist and the model's aliases is read as "other". Everything else in an
entry (termType, context, customerSubset, projectSubset, grammaticalGender, xref, ref,
the elements of a module we do not know...) is left out, not refused, each one told to
the reader's `unread` so that an import can count it; so are an empty `<term>`, a term
repeated in its entry (read once) and an entry id the termbase cannot keep (the concept
gets a new one).

The names are those of the TBX-Basic dialect's schematron (tbxinfo.net, TBX-Basic v3:
administrativeStatus and partOfSpeech picklists, subjectField only on conceptEntry,
definition on conceptEntry or langSec, transactionType origination / modification).

Writing (`DIALECTS`): `basic` is TBX-Basic v3 in the DCA style (`<tbx type="TBX-Basic"
style="dca">`), everything a term holds; `core` is TBX-Core v3, terms and notes only (the
core structure has no data categories); `martif` is TBX-Basic as TBX 2008 wrote it, for
tools that read only that (translate-toolkit reads it back identically, see the tests).
A concept's domains go on its conceptEntry, each language's definitions on its langSec:
terms of one concept that differ in domain, or of one language that differ in definition,
come back with all of them joined.

Hostile files fail fast as TMX ones do (tm.formats.tmx): lxml with entities unresolved, no
network, no DTD loaded, libxml2's size limits on, any run of `MAX_TOKEN_BYTES` without a
tag refused, and a DOCTYPE that declares entities refused outright; the whole file may hold
at most `MAX_TBX_BYTES`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from tm.errors import FormatError, InputError, LanguageError
from tm.formats._fields import Skip, fail
from tm.lang import canonical_tag, tags_match
from tm.termbase.model import (
    PARTS_OF_SPEECH,
    POS_ALIASES,
    Concept,
    Term,
    check_concept_id,
    validated,
)

if TYPE_CHECKING:
    from lxml import etree

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_TBX_BYTES = 512 << 20

# Data categories by name (the `type` of a DCA element, or a DCT element's own name) -> the
# term field they fill.
_FIELDS = {
    "administrativeStatus": "status",
    "normativeAuthorization": "status",  # TBX 2008's older name
    "partOfSpeech": "part_of_speech",
    "definition": "definition",
    "subjectField": "domain",
    "source": "source",
    "note": "note",
}
# administrativeStatus values (TBX-Basic's picklist, TBX 2008's full one, and the bare and
# older forms other tools write), lower-cased -> status; glossary tables take them too.
STATUS_VALUES = {
    "preferredterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "forbidden",
    "supersededterm-admn-sts": "forbidden",
    "standardizedterm-admn-sts": "preferred",
    "legalterm-admn-sts": "preferred",
    "regulatedterm-admn-sts": "preferred",
    "preferredterm": "preferred",
    "admittedterm": "admitted",
    "deprecatedterm": "forbidden",
    "supersededterm": "forbidden",
    "standardizedterm": "preferred",
    "legalterm": "preferred",
    "regulatedterm": "preferred",
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "forbidden",
    "forbidden": "forbidden",
    "obsolete": "forbidden",
}
_TBX_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
# Parts of speech other tools write beyond TBX-Basic's picklist and the model's aliases:
# read as "other" (and told), since a term's part of speech only guides recognition.
_OTHER_POS = "other"
# Elements whose `type` names the data category (DCA style).
_TYPED = frozenset({"descrip", "termNote", "admin", "descripNote", "adminNote", "transacNote"})
_CONCEPTS = frozenset({"conceptEntry", "termEntry"})
_LANGUAGES = frozenset({"langSec", "langSet"})
_TERM_SECTIONS = frozenset({"termSec", "tig", "ntig"})
_ROOTS = frozenset({"tbx", "martif"})
# transactionType values -> which stamps the group gives.
_TRANSACTIONS = {
    "origination": ("created_by", "created_at"),
    "creation": ("created_by", "created_at"),
    "modification": ("changed_by", "changed_at"),
}


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _category(element: etree._Element) -> str:
    name = _local(element)
    if name in _TYPED:
        return element.get("type") or name
    return name


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _ignore(_: str) -> None:
    return None


@dataclass(frozen=True)
class _Where:
    source: str
    line: int | None
    unread: Callable[[str], None] = _ignore


def _date(text: str, where: _Where) -> dt.datetime:
    value = text.strip()
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise fail(
            f"{value!r} is not a date (ISO 8601, e.g. 2025-11-18T10:00:00Z)",
            source=where.source,
            line=where.line,
            field="date",
        ) from None
    return stamp.replace(tzinfo=dt.UTC) if stamp.utcoffset() is None else stamp.astimezone(dt.UTC)


def _transaction(group: etree._Element, where: _Where) -> dict[str, object]:
    kind = who = when = None
    for child in group:
        category = _category(child)
        if category in ("transactionType", "transac"):
            kind = _text(child).strip().lower()
        elif category == "responsibility":
            who = _text(child).strip() or None
        elif _local(child) == "date":
            when = _date(_text(child), where)
    names = _TRANSACTIONS.get(kind or "")
    if names is None:
        where.unread(f"transaction {kind or 'without a type'}")
        return {}
    return {
        name: value for name, value in zip(names, (who, when), strict=True) if value is not None
    }


def part_of_speech(value: str, unread: Callable[[str], None]) -> str:
    """A part of speech as the termbase keeps it: TBX-Basic's picklist or an alias the
    model knows, anything else "other" (told to `unread`)."""
    lowered = value.strip().lower()
    if lowered in PARTS_OF_SPEECH or lowered in POS_ALIASES or value.strip() in POS_ALIASES:
        return value
    unread(f"part of speech {value.strip()!r} (read as other)")
    return _OTHER_POS


# Groups whose first data category is what the group is about (its source, note or date
# describe that one): the group is read when that category is kept, else left out whole.
_GROUPS = frozenset({"descripGrp", "adminGrp", "termNoteGrp"})


def _fields(container: etree._Element, where: _Where) -> dict[str, object]:
    """The term fields the data categories directly in `container` (and in its descripGrp,
    adminGrp, termNoteGrp, termGrp) give; several values of one field are joined. Each
    data category that fills no field is told to `where.unread`."""
    values: dict[str, list[str]] = {}
    stamps: dict[str, object] = {}
    for child in container:
        name = _local(child)
        if name in _LANGUAGES or name in _TERM_SECTIONS or name == "term" or not name:
            continue
        if name in _GROUPS or name == "termGrp":
            head = next((_category(item) for item in child if _local(item) != "term"), "")
            if name in _GROUPS and head not in _FIELDS:
                where.unread(head or name)
                continue
            for key, value in _fields(child, where).items():
                if key in ("created_by", "created_at", "changed_by", "changed_at"):
                    stamps[key] = value
                else:
                    values.setdefault(key, []).append(str(value))
            continue
        if name == "transacGrp":
            stamps.update(_transaction(child, where))
            continue
        category = _category(child)
        field_name = _FIELDS.get(category)
        if field_name is None:
            where.unread(category)
            continue
        text = _text(child).strip()
        if text:
            values.setdefault(field_name, []).append(text)
    found: dict[str, object] = {
        name: ("\n" if name == "definition" else "; ").join(dict.fromkeys(texts))
        for name, texts in values.items()
    }
    if "status" in found:
        status = STATUS_VALUES.get(str(found["status"]).lower())
        if status is None:
            raise fail(
                f"unknown administrativeStatus {found['status']!r} (one of "
                f"{', '.join(_TBX_STATUS.values())})",
                source=where.source,
                line=where.line,
                field="administrativeStatus",
            )
        found["status"] = status
    if "part_of_speech" in found:
        found["part_of_speech"] = part_of_speech(str(found["part_of_speech"]), where.unread)
    return {**found, **stamps}


def _term_element(section: etree._Element) -> etree._Element | None:
    for element in section.iter():
        if _local(element) == "term":
            return element
    return None


def _language(language: etree._Element, source: str) -> str:
    code = language.get(_XML_LANG) or language.get("lang")
    if not code:
        raise fail(
            f"<{_local(language)}> without xml:lang",
            source=source,
            line=language.sourceline,
            field="xml:lang",
        )
    try:
        return canonical_tag(code.strip(), field="xml:lang")
    except LanguageError as error:
        raise fail(
            error.message, source=source, line=language.sourceline, field="xml:lang"
        ) from None


def _concept_id(entry: etree._Element, where: _Where) -> str | None:
    """The entry's id when the termbase can keep it (told to `unread` when not)."""
    given = (entry.get("id") or "").strip()
    if not given:
        return None
    try:
        return check_concept_id(given)
    except InputError:
        where.unread("an entry id that cannot be a concept id")
        return None


def _concept(
    entry: etree._Element,
    *,
    source: str,
    languages: Sequence[str] | None,
    unread: Callable[[str], None],
) -> Concept | Skip:
    where = _Where(source, entry.sourceline, unread)
    concept_fields = _fields(entry, where)
    terms: list[Term] = []
    held: set[tuple[str, str]] = set()
    for language in entry:
        if _local(language) not in _LANGUAGES:
            continue
        lang = _language(language, source)
        if languages is not None and not any(tags_match(lang, wanted) for wanted in languages):
            continue
        lang_where = _Where(source, language.sourceline, unread)
        language_fields = {**concept_fields, **_fields(language, lang_where)}
        for section in language:
            if _local(section) not in _TERM_SECTIONS:
                continue
            term = _term_element(section)
            if term is None:
                raise fail(
                    f"<{_local(section)}> without <term>",
                    source=source,
                    line=section.sourceline,
                    field="term",
                )
            text = _text(term)
            key = (lang, " ".join(text.split()))
            if not key[1] or key in held:
                # An empty <term>, or one the entry already holds in this language: the
                # termbase keeps a term once.
                unread("an empty term" if not key[1] else "a term repeated in its entry")
                continue
            held.add(key)
            values = {
                **language_fields,
                **_fields(section, _Where(source, section.sourceline, unread)),
            }
            terms.append(Term(lang=lang, text=text, **values))  # type: ignore[arg-type]
    if not terms:
        return Skip("a concept without terms (in the languages asked for)", entry.sourceline)
    return validated(
        Concept(tuple(terms), _concept_id(entry, where)), source=source, line=entry.sourceline
    )


def _refuse_entities(element: etree._Element, *, source: str) -> None:
    from tm.formats.tmx import refuse_declared_entities

    refuse_declared_entities(element, source=source, kind="TBX")
    root = element.getroottree().getroot()
    if _local(root) not in _ROOTS:
        raise fail(
            f"not a TBX file: the root element is <{_local(root)}> (<tbx> or <martif> expected)",
            source=source,
            line=root.sourceline,
        )


class _Bounded:
    """A byte stream that fails once it has given more than `limit` bytes."""

    def __init__(self, stream: IO[bytes], *, source: str, limit: int) -> None:
        self._stream = stream
        self._source = source
        self._left = limit

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self._left -= len(chunk)
        if self._left < 0:
            raise FormatError(
                f"the file is larger than {MAX_TBX_BYTES >> 20} MiB, the limit of a TBX import",
                source=self._source,
            )
        return chunk


def read_tbx(
    stream: IO[bytes],
    *,
    source: str,
    languages: Sequence[str] | None = None,
    limit: int = MAX_TBX_BYTES,
    unread: Callable[[str], None] | None = None,
) -> Iterator[Concept | Skip]:
    """The concepts of a TBX file, one entry at a time (only the terms in `languages`, when
    given), with a `Skip` for an entry left without terms; a FormatError names the line of
    anything that is not TBX or is refused. `unread` hears each data category (or other
    element) of an entry that fills no field, once per element: it is left out, not
    refused, so that modules and categories of other tools do not stop an import."""
    from lxml import etree

    from tm.formats.tmx import _syntax_error, _TokenGuard, release, safe_iterparse

    told = unread or _ignore
    guarded = _TokenGuard(_Bounded(stream, source=source, limit=limit), source=source)  # type: ignore[arg-type]
    parser = safe_iterparse(guarded, events=("start", "end"))  # type: ignore[arg-type]
    first = True
    try:
        for event, element in parser:
            if first:
                _refuse_entities(element, source=source)
                first = False
            if event != "end" or _local(element) not in _CONCEPTS:
                continue
            yield _concept(element, source=source, languages=languages, unread=told)
            release(element)
    except etree.XMLSyntaxError as err:
        raise _syntax_error(parser.error_log, err, source=source) from err


# --- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """How one TBX dialect spells the structure, and whether it has data categories."""

    name: str
    description: str
    root: str
    namespace: str | None
    root_type: str
    style: str | None
    header: str
    concept: str
    language: str
    term_section: str
    categories: bool


DIALECTS: dict[str, Dialect] = {
    "basic": Dialect(
        "basic",
        "TBX-Basic (TBX v3, DCA style): every field",
        "tbx",
        TBX_NAMESPACE,
        "TBX-Basic",
        "dca",
        "tbxHeader",
        "conceptEntry",
        "langSec",
        "termSec",
        categories=True,
    ),
    "core": Dialect(
        "core",
        "TBX-Core (TBX v3): terms and notes only",
        "tbx",
        TBX_NAMESPACE,
        "TBX-Core",
        "dca",
        "tbxHeader",
        "conceptEntry",
        "langSec",
        "termSec",
        categories=False,
    ),
    "martif": Dialect(
        "martif",
        "TBX-Basic as TBX 2008 (<martif>) wrote it, for older tools",
        "martif",
        None,
        "TBX-Basic",
        None,
        "martifHeader",
        "termEntry",
        "langSet",
        "tig",
        categories=True,
    ),
}


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class _Builder:
    """Elements of one dialect, their text made XML-safe (tm.formats.tmx's repairs)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.repairs: Counter[str] = Counter()

    def child(
        self, parent: etree._Element, local: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        from lxml import etree

        from tm.formats.tmx import _xml_safe

        element = etree.SubElement(parent, (local))
        for key, value in attributes.items():
            element.set(_XML_LANG if key == "xml_lang" else key, _xml_safe(value, self.repairs))
        if text is not None:
            element.text = _xml_safe(text, self.repairs)
        return element

    def concept(self, concept: Concept) -> etree._Element:
        from lxml import etree

        dialect = self.dialect
        entry = etree.Element(dialect.concept)
        if concept.concept_id:
            entry.set("id", concept.concept_id)
        if dialect.categories:
            for domain in dict.fromkeys(t.domain for t in concept.terms if t.domain):
                self.child(entry, "descrip", domain, type="subjectField")
        for lang in concept.languages:
            terms = [term for term in concept.terms if term.lang == lang]
            section = self.child(entry, dialect.language, xml_lang=lang)
            if dialect.categories:
                for definition in dict.fromkeys(t.definition for t in terms if t.definition):
                    self.child(section, "descrip", definition, type="definition")
            for term in terms:
                self.term(section, term)
        return entry

    def term(self, section: etree._Element, term: Term) -> None:
        holder = self.child(section, self.dialect.term_section)
        self.child(holder, "term", term.text)
        if self.dialect.categories:
            if term.part_of_speech:
                self.child(holder, "termNote", term.part_of_speech, type="partOfSpeech")
            self.child(holder, "termNote", _TBX_STATUS[term.status], type="administrativeStatus")
            if term.source:
                self.child(holder, "admin", term.source, type="source")
            for kind, who, when in (
                ("origination", term.created_by, term.created_at),
                ("modification", term.changed_by, term.changed_at),
            ):
                if who is None and when is None:
                    continue
                group = self.child(holder, "transacGrp")
                self.child(group, "transac", kind, type="transactionType")
                if who:
                    self.child(group, "transacNote", who, type="responsibility")
                if when:
                    self.child(group, "date", _stamp(when))
        if term.note:
            self.child(holder, "note", term.note)


def write_tbx(
    concepts: Iterable[Concept],
    out: IO[bytes],
    *,
    dialect: str = "basic",
    lang: str = "en",
    title: str = "Termbase of the Kazakh TM workbench",
) -> int:
    """The concepts as a TBX file of `dialect` (see `DIALECTS`), UTF-8, written a concept
    at a time; `lang` is the file's xml:lang. Returns how many concepts were written."""
    from lxml import etree

    spelled = DIALECTS.get(dialect)
    if spelled is None:
        raise FormatError(f"unknown TBX dialect {dialect!r} (one of {', '.join(DIALECTS)})")
    builder = _Builder(spelled)
    # Elements are made without a namespace and written inside a root that declares the
    # dialect's as the default one, so that each is spelled once, at the root.
    root = f'<{spelled.root} type="{spelled.root_type}"'
    if spelled.style:
        root += f' style="{spelled.style}"'
    root += f' xml:lang="{canonical_tag(lang)}"'
    if spelled.namespace:
        root += f' xmlns="{spelled.namespace}"'
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n{root}>\n'.encode())
    header = etree.Element(spelled.header)
    builder.child(builder.child(builder.child(header, "fileDesc"), "sourceDesc"), "p", title)
    out.write(etree.tostring(header, encoding="utf-8") + b"\n<text>\n<body>\n")
    count = 0
    for concept in concepts:
        out.write(etree.tostring(builder.concept(concept), encoding="utf-8") + b"\n")
        count += 1
    out.write(f"</body>\n</text>\n</{spelled.root}>\n".encode())
    return count
