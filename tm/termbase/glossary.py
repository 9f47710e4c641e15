"""Glossaries as tables: the CSV/TSV layouts memoQ and Trados users export, and OmegaT's.

A glossary with a header row is read by its column names, one concept a row
(`_column`). A column is:

- a language: a BCP-47 tag (`kk`, `en-GB`, `EN_us`), or a language name as memoQ writes
  it (`English_United_Kingdom`, `Kazakh`) or Trados and Excel (`English (United States)`,
  `Kazakh (Cyrillic, Kazakhstan)`, `Russian (RU)`); each cell holds a term of that
  language, or several separated by `;` (synonyms, as spreadsheet glossaries keep them;
  not in our own tables, whose cells are read whole), and a language may have several
  columns (synonyms, as memoQ repeats them);
- a field of a language: the language and a suffix, `English_Def` (memoQ's definition
  column), `kk_Note`, `en-GB Status`, `English_PartOfSpeech`, `English_Forbidden`
  (True/False: True makes the terms forbidden), and memoQ's `_Example`, `_Usage`,
  `_Matching`, `_Case`, `_Gender`, `_Number` (read, not kept): it applies to the row's
  terms in that language;
- a field of the term before it: memoQ's `Term_Info`, `Term_Example` (read, not kept),
  and `Term_Note`, `Term_Status`, `Term_POS`, `Term_Definition`, `Term_Source`,
  `Term_Domain`, `Term_Forbidden`;
- a field of the entry (`_ENTRY_FIELDS`): `Entry_ID` / `ID` (the concept id),
  `Entry_Subject` / `Entry_Domain` / `Domain` / `Subject`, `Entry_Note` / `Note` /
  `Comment`, `Definition`, `Source`, `Part of speech`, `Status`, and memoQ's
  `Entry_Created`, `Entry_Creator`, `Entry_LastModified`, `Entry_Modifier` (its dates are
  M/d/yyyy H:mm:ss, M/d/yyyy h:mm:ss tt, d.M.yyyy H:mm:ss, all UTC, or ISO 8601). Domain,
  source, part of speech and the stamps apply to every term of the row; a definition and
  a note describe the source-language term (the first language column's, or
  --src-lang's); a status says how the translations (every other term of the row) may
  be used.

A status is preferred, admitted or forbidden, in those words, TBX's picklist
(`preferredTerm-admn-sts`...) or the words tools use for them (deprecated, superseded,
obsolete: forbidden; allowed: admitted). A first row is a header only when it names a
language: a cell that is a language name above, or a tag whose language is one of ISO
639-1's (`ISO_639_1`, or its ISO 639-2 code `tm.lang` knows: kaz, rus, eng), so that a row
of two words shaped like tags (`foo<TAB>bar`) is not taken for languages; a row that also
holds cells naming no column must name two languages to be a header. Such a row is
data: a headerless TSV's first line when --src-lang and --tgt-lang are given, else
refused naming line 1 (give the languages). A row whose terms are all in one language
(an empty cell: `Үкімет<TAB>`) is skipped, as an OmegaT line without both terms is, and
counted with the other skips.

A header cell that names no column, and the columns read but not kept, do not stop an
import: each value they hold is told to `unread` (the import counts them in its summary).
Without a header the file is OmegaT's glossary (GlossaryReaderTSV): source TAB target
[TAB comment], the languages from --src-lang and --tgt-lang, lines starting with #
skipped, cells trimmed; the comment is the source term's note, and cells after it are
not kept.

Bytes become text through `tm.formats.registry.open_text` (a byte-order mark, UTF-8,
UTF-16 with its mark as memoQ and Excel's "Unicode text" write it, or the Cyrillic code
pages Kazakh files come in), and rows through `tm.formats.tabular`'s reader (quoted cells,
cells over several lines, Excel's delimiters `,` `;` and tab, the empty cells a
spreadsheet leaves after the last column).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TextIO

from tm.errors import InputError, LanguageError
from tm.formats._fields import Skip, fail
from tm.lang import canonical_tag, tags_match
from tm.termbase.model import Concept, Term, check_concept_id, validated

# Hears what a file holds that the termbase does not keep, once per value left out.
Unread = Callable[[str], None]

# Language names as memoQ, Trados and Excel spell them in a header (in English, and as a
# Kazakh or Russian user's tools may), lower case -> primary tag.
LANGUAGE_NAMES = {
    "kazakh": "kk",
    "қазақ": "kk",
    "қазақша": "kk",
    "казахский": "kk",
    "english": "en",
    "ағылшын": "en",
    "английский": "en",
    "russian": "ru",
    "орыс": "ru",
    "русский": "ru",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "polish": "pl",
    "dutch": "nl",
    "turkish": "tr",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "arabic": "ar",
    "persian": "fa",
    "uzbek": "uz",
    "kyrgyz": "ky",
    "kirghiz": "ky",
    "tatar": "tt",
    "turkmen": "tk",
    "tajik": "tg",
    "azerbaijani": "az",
    "azeri": "az",
    "mongolian": "mn",
    "ukrainian": "uk",
    "belarusian": "be",
}
# Region and script names after a language name (English_United_Kingdom, Kazakh
# (Cyrillic, Kazakhstan)), lower case -> subtag ("" adds none).
REGION_NAMES = {
    "united kingdom": "GB",
    "great britain": "GB",
    "united states": "US",
    "kazakhstan": "KZ",
    "russia": "RU",
    "russian federation": "RU",
    "germany": "DE",
    "austria": "AT",
    "switzerland": "CH",
    "france": "FR",
    "canada": "CA",
    "australia": "AU",
    "spain": "ES",
    "mexico": "MX",
    "italy": "IT",
    "portugal": "PT",
    "brazil": "BR",
    "poland": "PL",
    "netherlands": "NL",
    "turkey": "TR",
    "türkiye": "TR",
    "uzbekistan": "UZ",
    "kyrgyzstan": "KG",
    "tajikistan": "TJ",
    "turkmenistan": "TM",
    "azerbaijan": "AZ",
    "mongolia": "MN",
    "ukraine": "UA",
    "belarus": "BY",
    "china": "CN",
    "prc": "CN",
    "taiwan": "TW",
    "japan": "JP",
    "korea": "KR",
    "international": "",
    "cyrillic": "Cyrl",
    "latin": "Latn",
    "arabic": "Arab",
    "simplified": "Hans",
    "traditional": "Hant",
}
_LONGEST_REGION = max(len(name.split()) for name in REGION_NAMES)
# Suffixes of a language's field columns, lower case (spaces and _ removed) -> term field
# (None: read, not kept). "forbidden" is a True/False column, not a field.
LANGUAGE_FIELDS: dict[str, str | None] = {
    "def": "definition",
    "definition": "definition",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "status": "status",
    "pos": "part_of_speech",
    "partofspeech": "part_of_speech",
    "source": "source",
    "domain": "domain",
    "subject": "domain",
    "forbidden": "forbidden",
    "example": None,
    "usage": None,
    "matching": None,
    "case": None,
    "gender": None,
    "number": None,
    "context": None,
    "termtype": None,
}
# Columns of the term before them (memoQ's Term_ fields), lower case -> field or None.
TERM_FIELDS: dict[str, str | None] = {
    "term_info": None,
    "term_example": None,
    "term_usage": None,
    "term_note": "note",
    "term_status": "status",
    "term_pos": "part_of_speech",
    "term_partofspeech": "part_of_speech",
    "term_definition": "definition",
    "term_source": "source",
    "term_domain": "domain",
    "term_forbidden": "forbidden",
}
# Columns of the whole entry, lower case -> field (None: read, not kept).
_ENTRY_FIELDS: dict[str, str | None] = {
    "entry_id": "concept_id",
    "entry id": "concept_id",
    "entryid": "concept_id",
    "entry number": "concept_id",
    "entry no.": "concept_id",
    "id": "concept_id",
    "concept id": "concept_id",
    "concept_id": "concept_id",
    "entry_subject": "domain",
    "entry_domain": "domain",
    "subject": "domain",
    "subject field": "domain",
    "domain": "domain",
    "entry_note": "note",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "definition": "definition",
    "source": "source",
    "part of speech": "part_of_speech",
    "pos": "part_of_speech",
    "status": "status",
    "entry_created": "created_at",
    "entry_creator": "created_by",
    "entry_lastmodified": "changed_at",
    "entry_modifier": "changed_by",
    "entry_clientid": None,
    "entry_projectid": None,
    "client": None,
    "project": None,
}
# Where an entry-level field goes: every term, the source-language terms, or the others.
_ENTRY_SCOPE = {
    "definition": "source",
    "note": "source",
    "status": "targets",
}


@functools.cache
def _status_words() -> dict[str, str]:
    from tm.termbase.tbx import STATUS_VALUES

    return {
        **STATUS_VALUES,
        "allowed": "admitted",
        "not allowed": "forbidden",
        "superseded": "forbidden",
    }


_TRUE = frozenset({"true", "yes", "1", "x", "forbidden"})
_FALSE = frozenset({"false", "no", "0"})
# A term cell of another tool's table may hold synonyms, separated by this.
SYNONYM_SEPARATOR = ";"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The languages of ISO 639-1 (two-letter codes): what a header's tag must name.
ISO_639_1 = _words(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku
    kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm
    sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
    vo wa wo xh yi yo za zh zu
    """
)
# Date forms of glossary tables: memoQ's (invariant culture, 24-hour and 12-hour), and
# what a European Excel makes of a date cell; all UTC. ISO 8601 is tried after them.
_TABLE_DATES = (
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)
_SEPARATORS = re.compile(r"[-_\s(),]+")
# Subtags a header may spell as codes: a region (US, 419) or a script ISO 15924 names.
_SUBTAG = re.compile(r"[a-z]{2}|[0-9]{3}|cyrl|latn|arab|hans|hant")
_TAG_SUBTAG = re.compile(r"[A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}")


@dataclass(frozen=True)
class Column:
    """What one header cell names: `kind` is "term", "language field", "term field",
    "entry field" or "unknown"; `lang` the language of a term or language-field column,
    `field` the term field filled (None: read, not kept), `name` the header cell."""

    kind: str
    lang: str | None = None
    field: str | None = None
    name: str = ""


def _subtags(words: Sequence[str]) -> list[str] | None:
    """The subtags region and script names (or codes: US, Cyrl) make, longest names
    first; None when a word is neither."""
    found: list[str] = []
    at = 0
    while at < len(words):
        for size in range(min(_LONGEST_REGION, len(words) - at), 0, -1):
            subtag = REGION_NAMES.get(" ".join(words[at : at + size]))
            if subtag is not None:
                found.append(subtag)
                at += size
                break
        else:
            if not _SUBTAG.fullmatch(words[at]):
                return None
            found.append(words[at])
            at += 1
    return [subtag for subtag in found if subtag]


def language_of(name: str) -> str | None:
    """The canonical tag a header cell names as a language, or None: `en-GB`, `kk`,
    `English_United_Kingdom`, `Kazakh`, `Russian (Russia)`, `English (US)`."""
    text = name.strip()
    if not text:
        return None
    words = [word for word in _SEPARATORS.split(text.lower()) if word]
    if words and words[0] in LANGUAGE_NAMES:
        subtags = _subtags(words[1:])
        if subtags is None:
            return None
        try:
            return canonical_tag("-".join([LANGUAGE_NAMES[words[0]], *subtags]))
        except LanguageError:
            return None
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", text):
        return None
    try:
        tag = canonical_tag(text)
    except LanguageError:
        return None
    parts = tag.split("-")
    # A tag here has a known language and at most a script and a region ("the" is none).
    if parts[0] not in ISO_639_1 or len(parts) > 3:
        return None
    return tag if all(_TAG_SUBTAG.fullmatch(part) for part in parts[1:]) else None


def _suffix_key(text: str) -> str:
    return re.sub(r"[\s_]+", "", text.lower())


def _language_field(name: str) -> Column | None:
    """A language's field column: "English_United_States_Def", "kk Note", "Russian (Russia)
    Part of speech" (the longest language name before a known suffix)."""
    for at in range(len(name) - 1, 0, -1):
        if name[at] not in "_ -":
            continue
        field_name = LANGUAGE_FIELDS.get(_suffix_key(name[at + 1 :]), "?")
        if field_name == "?":
            continue
        lang = language_of(name[:at])
        if lang is not None:
            return Column("language field", lang=lang, field=field_name, name=name)
    return None


def _column(cell: str) -> Column:
    name = cell.strip()
    lowered = name.lower()
    if lowered in TERM_FIELDS:
        return Column("term field", field=TERM_FIELDS[lowered], name=name)
    if lowered in _ENTRY_FIELDS:  # before languages: "ID" is not Indonesian here
        return Column("entry field", field=_ENTRY_FIELDS[lowered], name=name)
    # Before languages too: "kk_Def" and "Russian_Case" are not tags with a subtag.
    found = _language_field(name)
    if found is not None:
        return found
    lang = language_of(name)
    if lang is not None:
        return Column("term", lang=lang, name=name)
    return Column("unknown", name=name)


def _header(cells: Sequence[str]) -> tuple[Column, ...] | None:
    """The columns a first row names, or None when it is not a header: it names no
    language, or it names one only and holds cells that name no column (a data row of an
    OmegaT glossary whose first term is a language name)."""
    columns = [_column(cell) if cell.strip() else Column("entry field") for cell in cells]
    languages = {column.lang for column in columns if column.kind == "term"}
    unknown = any(column.kind == "unknown" for column in columns)
    if not languages or (unknown and len(languages) < 2):
        return None
    return tuple(columns)


def _known(columns: Sequence[Column]) -> int:
    return sum(column.kind != "unknown" for column in columns)


def _parse_date(value: str) -> dt.datetime:
    for form in _TABLE_DATES:
        try:
            return dt.datetime.strptime(value, form)
        except ValueError:
            continue
    return dt.datetime.fromisoformat(value)


def _stamp(text: str, *, source: str, line: int, field: str) -> dt.datetime:
    value = text.strip()
    try:
        stamp = _parse_date(value)
    except ValueError:
        raise fail(
            f"{value!r} is not a date (M/d/yyyy H:mm:ss as memoQ writes it, or ISO 8601)",
            source=source,
            line=line,
            field=field,
        ) from None
    return stamp.replace(tzinfo=dt.UTC) if stamp.utcoffset() is None else stamp


def _value(field_name: str, text: str, *, source: str, line: int, unread: Unread) -> object:
    """What a cell gives its field; None for a False in a Forbidden column."""
    if field_name == "part_of_speech":
        from tm.termbase.tbx import part_of_speech

        return part_of_speech(text, unread)
    if field_name in ("created_at", "changed_at"):
        return _stamp(text, source=source, line=line, field=field_name)
    if field_name == "status":
        status = _status_words().get(text.strip().lower())
        if status is None:
            raise fail(
                f"unknown status {text.strip()!r} (preferred, admitted or forbidden)",
                source=source,
                line=line,
                field="status",
            )
        return status
    if field_name == "forbidden":
        flag = text.strip().lower()
        if flag not in _TRUE | _FALSE:
            raise fail(
                f"{text.strip()!r} is not True or False",
                source=source,
                line=line,
                field="forbidden",
            )
        return "forbidden" if flag in _TRUE else None
    return text


@dataclass(frozen=True)
class _Layout:
    columns: tuple[Column, ...]
    src_lang: str  # the language entry-level definitions and notes describe
    ours: bool  # written by `write_table`: cells a spreadsheet would run are guarded
    unread: Unread

    def decode(self, cell: str) -> str:
        from tm.formats.tabular import unguard_formula

        return unguard_formula(cell) if self.ours else cell

    def terms_of(self, text: str) -> list[str]:
        """The terms a term cell holds: itself in our tables, else its synonyms."""
        if self.ours or SYNONYM_SEPARATOR not in text:
            return [text]
        return [term.strip() for term in text.split(SYNONYM_SEPARATOR) if term.strip()]


def _concept_id(text: str, layout: _Layout, *, source: str, line: int) -> str | None:
    """The id a row gives its entry, or None (told as not kept) when it cannot be one."""
    try:
        return check_concept_id(text, source=source, line=line)
    except InputError:
        layout.unread("an entry id that cannot be a concept id")
        return None


@dataclass
class _RowTerms:
    """The terms of one row as its cells come, each with its own Term_ fields."""

    terms: list[Term]
    own: list[dict[str, object]]
    last: list[int]  # the terms the Term_ columns after them describe

    def add(self, lang: str, texts: Sequence[str]) -> None:
        self.last = []
        held = {(term.lang, " ".join(term.text.split())) for term in self.terms}
        for text in texts:
            if (lang, " ".join(text.split())) in held:
                continue  # one term in two cells of a row: the same term
            self.terms.append(Term(lang=lang, text=text))
            self.own.append({})
            self.last.append(len(self.terms) - 1)

    def describe(self, field_name: str, value: object) -> None:
        for index in self.last:
            self.own[index][field_name] = value


def _row_concept(
    layout: _Layout, cells: Sequence[str], *, source: str, line: int, languages: Sequence[str]
) -> Concept | Skip:
    row = _RowTerms([], [], [])
    language_values: dict[str, dict[str, object]] = {}
    entry_values: dict[str, object] = {}
    concept_id: str | None = None
    for column, cell in zip(layout.columns, cells, strict=False):
        text = layout.decode(cell).strip()
        if column.kind == "term":
            lang = column.lang or ""
            wanted = not languages or any(tags_match(lang, want) for want in languages)
            row.add(lang, layout.terms_of(text) if text and wanted else [])
            continue
        if not text:
            continue
        if column.kind == "unknown" or column.field is None:
            layout.unread(f"column {column.name!r}" if column.name else "a column without a name")
            continue
        value = _value(column.field, text, source=source, line=line, unread=layout.unread)
        field_name = "status" if column.field == "forbidden" else column.field
        if value is None:
            continue
        if column.kind == "term field":
            row.describe(field_name, value)
        elif column.kind == "language field":
            language_values.setdefault(column.lang or "", {})[field_name] = value
        elif field_name == "concept_id":
            concept_id = _concept_id(text, layout, source=source, line=line)
        else:
            entry_values[field_name] = value
    if not row.terms:
        return Skip("a row without a term (in the languages asked for)", line)
    if len({term.lang for term in row.terms}) < 2:
        return Skip("a row with terms in one language only (an empty cell)", line)
    finished = []
    for term, values in zip(row.terms, row.own, strict=True):
        is_source = tags_match(term.lang, layout.src_lang)
        entry = {
            name: value
            for name, value in entry_values.items()
            if _ENTRY_SCOPE.get(name, "all") in ("all", "source" if is_source else "targets")
        }
        merged = {**entry, **language_values.get(term.lang, {}), **values}
        finished.append(replace(term, **merged))  # type: ignore[arg-type]
    return validated(Concept(tuple(finished), concept_id), source=source, line=line)


def _omegat_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(lines, start=1):
        body = line.rstrip("\r\n").removeprefix("\ufeff")
        if body.startswith("#") or not body.strip():
            continue
        yield number, [cell.strip() for cell in body.split("\t")]


def _omegat(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None,
    tgt_lang: str | None,
    unread: Unread,
) -> Iterator[Concept | Skip]:
    if not src_lang or not tgt_lang:
        raise fail(
            "the glossary has no header naming its languages: give --src-lang and --tgt-lang "
            "(or a first row such as kk<TAB>en)",
            source=source,
            line=1,
        )
    source_tag = canonical_tag(src_lang, field="src_lang")
    target_tag = canonical_tag(tgt_lang, field="tgt_lang")
    for number, cells in _omegat_rows(lines):
        if len(cells) < 2 or not cells[0] or not cells[1]:
            yield Skip("a line without a source and a target term", number)
            continue
        note = cells[2] if len(cells) > 2 and cells[2] else None
        for _ in filter(None, cells[3:]):
            unread("an OmegaT cell after the comment")
        concept = Concept((Term(source_tag, cells[0], note=note), Term(target_tag, cells[1])))
        yield validated(concept, source=source, line=number)


def _ignore(_: str) -> None:
    return None


def _best_header(line: str, candidates: Sequence[str]) -> tuple[str, tuple[Column, ...]] | None:
    """The delimiter that makes `line` the header naming the most columns, and them."""
    from tm.formats.tabular import _header_cells

    found = [
        (candidate, columns)
        for candidate in candidates
        if (columns := _header(_header_cells(line, candidate))) is not None
    ]
    return max(found, key=lambda pair: _known(pair[1]), default=None)


def read_glossary(
    lines: Iterable[str],
    *,
    source: str,
    delimiter: str | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    unread: Unread | None = None,
) -> Iterator[Concept | Skip]:
    """The concepts of a glossary table (see the module's docstring), one a row, with a
    `Skip` for a row without a term. `delimiter` None: a CSV's, told from its header.
    Given languages must be columns of the header; given both, only their terms are read.
    `unread` hears each value the termbase does not keep (a column it does not know)."""
    from tm.formats.tabular import DELIMITERS, _Lines, _Quoting, _rows

    told = unread or _ignore
    numbered = _Lines(lines)
    first = next(((n, raw) for n, raw in numbered if raw.strip()), None)
    if first is None:
        return
    number, raw = first
    line = raw.rstrip("\r\n").removeprefix("\ufeff")
    found = _best_header(line, [delimiter] if delimiter else list(DELIMITERS))
    if found is None:
        if delimiter != "\t":
            raise fail(
                "the first row of a CSV glossary must name its columns: two languages (kk, "
                "en-GB, English_United_Kingdom) and fields (Definition, Note...), separated "
                f"by {', '.join(DELIMITERS.values())}",
                source=source,
                line=number,
            )
        numbered.put_back([first])
        yield from _omegat(
            (raw for _, raw in numbered),
            source=source,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            unread=told,
        )
        return
    delimiter, layout = found
    tags = [column.lang for column in layout if column.kind == "term" and column.lang]
    wanted = [src_lang, tgt_lang] if src_lang and tgt_lang else []
    for given, name in ((src_lang, "src_lang"), (tgt_lang, "tgt_lang")):
        if given and not any(tags_match(tag, given) for tag in tags):
            raise fail(
                f"no column in {given} (the header names {', '.join(dict.fromkeys(tags))})",
                source=source,
                line=number,
                field=name,
            )
    source_lang = next((tag for tag in tags if src_lang and tags_match(tag, src_lang)), tags[0])
    ours = line.split(delimiter)[0].strip() == "Entry_ID" and any(
        column.kind == "term field" and column.field == "status" for column in layout
    )
    plan = _Layout(layout, source_lang, ours, told)
    quoting = _Quoting.LENIENT if delimiter == "\t" else _Quoting.STRICT
    for row_line, cells in _rows(
        numbered, delimiter, quoting=quoting, width=len(layout), source=source
    ):
        if len(cells) > len(layout):
            raise fail(
                f"expected {len(layout)} fields as in the header, found {len(cells)}",
                source=source,
                line=row_line,
            )
        yield _row_concept(plan, cells, source=source, line=row_line, languages=wanted)


# --- writing -----------------------------------------------------------------------------

# The term fields written after each term, as memoQ places its Term_ columns.
_WRITTEN_TERM_FIELDS = (
    ("Term_Status", "status"),
    ("Term_POS", "part_of_speech"),
    ("Term_Definition", "definition"),
    ("Term_Note", "note"),
    ("Term_Source", "source"),
    ("Term_Domain", "domain"),
)


def _ordered_languages(concepts: Sequence[Concept], first: Sequence[str]) -> list[str]:
    seen = list(dict.fromkeys(term.lang for concept in concepts for term in concept.terms))
    leading = [lang for wanted in first for lang in seen if tags_match(lang, wanted)]
    return list(dict.fromkeys([*leading, *seen]))


def write_table(
    concepts: Iterable[Concept],
    out: TextIO,
    *,
    delimiter: str,
    languages: Sequence[str] = (),
) -> int:
    """A glossary table with a header: Entry_ID, then per language (those named first, in
    that order) as many term columns as its concepts need, each followed by its Term_
    fields; read back by `read_glossary` as it was. Give the file opened with newline=""."""
    from tm.formats.tabular import guard_formula

    held = list(concepts)
    order = _ordered_languages(held, languages)
    widths = {
        lang: max((sum(term.lang == lang for term in c.terms) for c in held), default=0)
        for lang in order
    }
    header = ["Entry_ID"]
    for lang in order:
        for _ in range(widths[lang]):
            header += [lang, *(name for name, _ in _WRITTEN_TERM_FIELDS)]
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for concept in held:
        row = [concept.concept_id or ""]
        for lang in order:
            terms = [term for term in concept.terms if term.lang == lang]
            for slot in range(widths[lang]):
                term = terms[slot] if slot < len(terms) else None
                row.append(guard_formula(term.text) if term else "")
                row += [
                    guard_formula(str(getattr(term, name) or "")) if term else ""
                    for _, name in _WRITTEN_TERM_FIELDS
                ]
        writer.writerow(row)
    return len(held)


_TABS = re.compile(r"[\t\r\n]+")


def write_omegat(concepts: Iterable[Concept], out: TextIO, *, src_lang: str, tgt_lang: str) -> int:
    """OmegaT's glossary: a line per source term and translation, source TAB target TAB
    comment (the source term's note), UTF-8; forbidden terms are left out (OmegaT has no
    status). Returns how many lines were written."""
    out.write("# Glossary in tab-separated format -*- coding: utf-8 -*-\n")
    count = 0
    for concept in concepts:
        sources = [t for t in concept.in_language(src_lang) if t.status != "forbidden"]
        for term in sources:
            for target in concept.translations(tgt_lang):
                cells = [term.text, target.text, term.note or ""]
                out.write("\t".join(_TABS.sub(" ", cell) for cell in cells).rstrip("\t") + "\n")
                count += 1
    return count
