"""Glossaries as tables: the CSV/TSV layouts memoQ and Trados users export, and OmegaT's.

A glossary with a header row is read by its column names, one concept a row
(`_column`). A column is:

- a language: a BCP-47 tag (`kk`, `en-GB`), or a language name as memoQ writes it
  (`English_United_Kingdom`, `Kazakh`) or Trados (`English (United Kingdom)`); each cell
  is a term of that language, and a language may have several columns (synonyms, as
  memoQ repeats them);
- a field of a language: the language and a suffix, `English_United_Kingdom_Def` (memoQ's
  definition column), `kk_Note`, `en-GB Status`...: it applies to the row's terms in that
  language;
- a field of the term before it: memoQ's `Term_Info`, `Term_Example` (read and ignored),
  and `Term_Note`, `Term_Status`, `Term_POS`, `Term_Definition`, `Term_Source`,
  `Term_Domain`;
- a field of the entry (`_ENTRY_FIELDS`): `Entry_ID` / `ID` (the concept id),
  `Entry_Subject` / `Entry_Domain` / `Domain` / `Subject`, `Entry_Note` / `Note` /
  `Comment`, `Definition`, `Source`, `Part of speech`, `Status`, and memoQ's
  `Entry_Created`, `Entry_Creator`, `Entry_LastModified`, `Entry_Modifier` (its dates are
  M/d/yyyy h:mm:ss tt, UTC, or ISO 8601). Domain, source, part of speech and the stamps
  apply to every term of the row; a definition and a note describe the source-language
  term (the first language column's, or --src-lang's); a status says how the
  translations (every other term of the row) may be used.

A first row is a header only when it names a language: a cell that is a language name
above, or a tag whose language is one of ISO 639-1's (`ISO_639_1`, or its ISO 639-2 code
`tm.lang` knows: kaz, rus, eng), so that a row of two words shaped like tags (`foo<TAB>bar`)
is not taken for languages. Such a row is data: a headerless TSV's first line when
--src-lang and --tgt-lang are given, else refused naming line 1 (give the languages). A
row whose terms are all in one language (an empty cell: `Үкімет<TAB>`) is skipped, as an
OmegaT line without both terms is, and counted with the other skips.

Anything else in a header is an error naming the column. Without a header the file is
OmegaT's glossary (GlossaryReaderTSV): source TAB target [TAB comment], the languages from
--src-lang and --tgt-lang, lines starting with # skipped, cells trimmed; the comment is
the source term's note.

Bytes become text through `tm.formats.registry.open_text` (a byte-order mark, UTF-8, or
the Cyrillic code pages Kazakh files come in), and rows through `tm.formats.tabular`'s
reader (quoted cells, cells over several lines, Excel's delimiters `,` `;` and tab).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TextIO

from tm.errors import LanguageError
from tm.formats._fields import Skip, fail
from tm.lang import canonical_tag, tags_match
from tm.termbase.model import Concept, Term, validated

# Language names as memoQ and Trados spell them in a header, lower case -> primary tag.
LANGUAGE_NAMES = {
    "kazakh": "kk",
    "қазақ": "kk",
    "қазақша": "kk",
    "english": "en",
    "russian": "ru",
    "русский": "ru",
    "german": "de",
    "french": "fr",
    "turkish": "tr",
    "chinese": "zh",
    "uzbek": "uz",
    "kyrgyz": "ky",
    "kirghiz": "ky",
    "tatar": "tt",
    "ukrainian": "uk",
    "arabic": "ar",
}
# Region and script names after a language name (English_United_Kingdom, Kazakh (Cyrillic)).
REGION_NAMES = {
    "united kingdom": "GB",
    "united states": "US",
    "kazakhstan": "KZ",
    "russia": "RU",
    "russian federation": "RU",
    "germany": "DE",
    "france": "FR",
    "turkey": "TR",
    "türkiye": "TR",
    "uzbekistan": "UZ",
    "kyrgyzstan": "KG",
    "ukraine": "UA",
    "china": "CN",
    "international": "",
    "cyrillic": "Cyrl",
    "latin": "Latn",
}
# Suffixes of a language's field columns, lower case -> term field.
LANGUAGE_FIELDS = {
    "def": "definition",
    "definition": "definition",
    "note": "note",
    "notes": "note",
    "status": "status",
    "pos": "part_of_speech",
    "part of speech": "part_of_speech",
    "source": "source",
    "domain": "domain",
}
# Columns of the term before them (memoQ's Term_ fields), lower case -> field or None.
TERM_FIELDS: dict[str, str | None] = {
    "term_info": None,
    "term_example": None,
    "term_note": "note",
    "term_status": "status",
    "term_pos": "part_of_speech",
    "term_definition": "definition",
    "term_source": "source",
    "term_domain": "domain",
}
# Columns of the whole entry, lower case -> field (None: read and ignored).
_ENTRY_FIELDS: dict[str, str | None] = {
    "entry_id": "concept_id",
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
}
# Where an entry-level field goes: every term, the source-language terms, or the others.
_ENTRY_SCOPE = {
    "definition": "source",
    "note": "source",
    "status": "targets",
}
_STATUS_WORDS = {
    "preferred": "preferred",
    "admitted": "admitted",
    "allowed": "admitted",
    "forbidden": "forbidden",
    "deprecated": "forbidden",
    "not allowed": "forbidden",
}


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
_MEMOQ_DATE = "%m/%d/%Y %I:%M:%S %p"
_SEPARATORS = re.compile(r"[_\s()]+")


@dataclass(frozen=True)
class Column:
    """What one header cell names: `kind` is "term", "language field", "term field" or
    "entry field"; `lang` the language of a term or language-field column, `field` the
    term field filled (None: ignored)."""

    kind: str
    lang: str | None = None
    field: str | None = None


def language_of(name: str) -> str | None:
    """The canonical tag a header cell names as a language, or None: `en-GB`, `kk`,
    `English_United_Kingdom`, `Kazakh`, `Russian (Russia)`."""
    text = name.strip()
    if not text:
        return None
    words = [word for word in _SEPARATORS.split(text.lower()) if word]
    if words and words[0] in LANGUAGE_NAMES:
        code = LANGUAGE_NAMES[words[0]]
        rest = " ".join(words[1:])
        if rest and rest not in REGION_NAMES:
            return None
        subtag = REGION_NAMES.get(rest, "")
        return canonical_tag(f"{code}-{subtag}" if subtag else code)
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
    return tag if all(len(part) <= 4 for part in parts[1:]) else None


def _column(cell: str) -> Column | None:
    name = cell.strip()
    lowered = name.lower()
    if lowered in TERM_FIELDS:
        return Column("term field", field=TERM_FIELDS[lowered])
    if lowered in _ENTRY_FIELDS:  # before languages: "ID" is not Indonesian here
        return Column("entry field", field=_ENTRY_FIELDS[lowered])
    lang = language_of(name)
    if lang is not None:
        return Column("term", lang=lang)
    for suffix, field_name in LANGUAGE_FIELDS.items():
        for joint in ("_", " ", "-"):
            if lowered.endswith(joint + suffix):
                lang = language_of(name[: -len(suffix) - 1])
                if lang is not None:
                    return Column("language field", lang=lang, field=field_name)
    return None


def _header(cells: Sequence[str], *, source: str, line: int) -> tuple[Column, ...] | None:
    """The columns a first row names, or None when it names no language (not a header)."""
    columns = [_column(cell) for cell in cells]
    if not any(column is not None and column.kind == "term" for column in columns):
        return None
    for cell, column in zip(cells, columns, strict=True):
        if column is None and cell.strip():
            raise fail(
                f"unknown column {cell.strip()!r} (a language such as kk, en-GB or "
                "English_United_Kingdom, a language's field such as en-GB_Def, Term_Note, or an "
                "entry field such as Definition, Note, Domain, Status, Entry_ID)",
                source=source,
                line=line,
                field=cell.strip(),
            )
    return tuple(column or Column("entry field") for column in columns)


def _parse_memoq(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, _MEMOQ_DATE)


def _stamp(text: str, *, source: str, line: int, field: str) -> dt.datetime:
    value = text.strip()
    for parse in (_parse_memoq, dt.datetime.fromisoformat):
        try:
            stamp = parse(value)
        except ValueError:
            continue
        return stamp.replace(tzinfo=dt.UTC) if stamp.utcoffset() is None else stamp
    raise fail(
        f"{value!r} is not a date (M/d/yyyy h:mm:ss AM as memoQ writes it, or ISO 8601)",
        source=source,
        line=line,
        field=field,
    )


def _value(field_name: str, text: str, *, source: str, line: int) -> object:
    if field_name in ("created_at", "changed_at"):
        return _stamp(text, source=source, line=line, field=field_name)
    if field_name == "status":
        status = _STATUS_WORDS.get(text.strip().lower())
        if status is None:
            raise fail(
                f"unknown status {text.strip()!r} (preferred, admitted or forbidden)",
                source=source,
                line=line,
                field="status",
            )
        return status
    return text


@dataclass(frozen=True)
class _Layout:
    columns: tuple[Column, ...]
    src_lang: str  # the language entry-level definitions and notes describe
    ours: bool  # written by `write_table`: cells a spreadsheet would run are guarded

    def decode(self, cell: str) -> str:
        from tm.formats.tabular import unguard_formula

        return unguard_formula(cell) if self.ours else cell


def _row_concept(
    layout: _Layout, cells: Sequence[str], *, source: str, line: int, languages: Sequence[str]
) -> Concept | Skip:
    terms: list[Term] = []
    own: list[dict[str, object]] = []  # each term's Term_ fields
    language_values: dict[str, dict[str, object]] = {}
    entry_values: dict[str, object] = {}
    concept_id: str | None = None
    last: int | None = None  # the term the Term_ columns after it describe
    for column, cell in zip(layout.columns, cells, strict=False):
        text = layout.decode(cell).strip()
        if column.kind == "term":
            last = None
            lang = column.lang or ""
            if text and (not languages or any(tags_match(lang, want) for want in languages)):
                terms.append(Term(lang=lang, text=text))
                own.append({})
                last = len(terms) - 1
            continue
        if not text or column.field is None:
            continue
        value = _value(column.field, text, source=source, line=line)
        if column.kind == "term field":
            if last is not None:
                own[last][column.field] = value
        elif column.kind == "language field":
            language_values.setdefault(column.lang or "", {})[column.field] = value
        elif column.field == "concept_id":
            concept_id = text
        else:
            entry_values[column.field] = value
    if not terms:
        return Skip("a row without a term (in the languages asked for)", line)
    if len({term.lang for term in terms}) < 2:
        return Skip("a row with terms in one language only (an empty cell)", line)
    finished = []
    for term, values in zip(terms, own, strict=True):
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
        body = line.rstrip("\r\n")
        if body.startswith("#") or not body.strip():
            continue
        yield number, [cell.strip() for cell in body.split("\t")]


def _omegat(
    lines: Iterable[str],
    *,
    source: str,
    src_lang: str | None,
    tgt_lang: str | None,
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
        concept = Concept((Term(source_tag, cells[0], note=note), Term(target_tag, cells[1])))
        yield validated(concept, source=source, line=number)


def read_glossary(
    lines: Iterable[str],
    *,
    source: str,
    delimiter: str | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> Iterator[Concept | Skip]:
    """The concepts of a glossary table (see the module's docstring), one a row, with a
    `Skip` for a row without a term. `delimiter` None: a CSV's, told from its header.
    Given languages must be columns of the header; given both, only their terms are read."""
    from tm.formats.tabular import DELIMITERS, _header_cells, _Lines, _Quoting, _rows

    numbered = _Lines(lines)
    first = next(((n, raw) for n, raw in numbered if raw.strip()), None)
    if first is None:
        return
    number, raw = first
    line = raw.rstrip("\r\n")
    candidates = [delimiter] if delimiter else list(DELIMITERS)
    layout = None
    for candidate in candidates:
        columns = _header(_header_cells(line, candidate), source=source, line=number)
        if columns is not None:
            delimiter, layout = candidate, columns
            break
    if layout is None:
        if delimiter != "\t":
            raise fail(
                "the first row of a CSV glossary must name its columns: languages (kk, en-GB, "
                "English_United_Kingdom) and fields (Definition, Note...), separated by "
                f"{', '.join(DELIMITERS.values())}",
                source=source,
                line=number,
            )
        numbered.put_back([first])
        yield from _omegat(
            (raw for _, raw in numbered), source=source, src_lang=src_lang, tgt_lang=tgt_lang
        )
        return
    assert delimiter is not None
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
    plan = _Layout(layout, source_lang, ours)
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
