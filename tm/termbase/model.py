"""Concepts and terms: what a termbase holds, and the rules an entry must keep.

A `Concept` is one meaning (an entry in memoQ or MultiTerm, a `conceptEntry` in TBX); its
`Term`s name it in any BCP-47 language, several per language where there are synonyms. Each
term says how it may be used:

    preferred   the translation to use
    admitted    also correct, where the preferred one does not fit
    forbidden   must not be used (TBX's deprecatedTerm / supersededTerm)

Everything else about a term is optional: its part of speech (TBX-Basic's picklist), a
definition, a note, the domain (subject field), where it comes from, and who made and last
changed it when (the store stamps what a caller leaves empty).

`validated` checks a concept and returns it in canonical form (language tags as
`tm.lang.canonical_tag` writes them, whitespace inside a term collapsed), raising
`InputError` naming the field. It is the termbase's door, which every way in passes (add,
edit, every import, accepted candidates): text holding a control character or a lone
surrogate is refused there as a unit's is (`tm.unit.clean_text`), and so is a term
holding a line break (a term is one line; a definition or a note may have several).
`merged` is what an import does to an entry the termbase already holds. Both are pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from tm.errors import InputError
from tm.lang import canonical_tag, tags_match
from tm.unit import clean_text

TERM_STATUSES = ("preferred", "admitted", "forbidden")
# The statuses a translation may take, best first (what recognition offers as "the" target).
USABLE_STATUSES = ("preferred", "admitted")
# TBX-Basic's picklist for partOfSpeech (ISO 30042:2019, TBX-Basic dialect: noun, verb,
# adjective, adverb, other).
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "other")
# What other tools write for the same parts of speech (TBX-Default's properNoun, short forms).
POS_ALIASES = {
    "n": "noun",
    "properNoun": "noun",
    "propernoun": "noun",
    "proper noun": "noun",
    "v": "verb",
    "adj": "adjective",
    "adv": "adverb",
}

# An id a file may give a concept: TBX's xs:ID and memoQ's numbers fit; nothing that would
# need quoting anywhere (ids are matched in the store's conditions).
_CONCEPT_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$")
_SPACE = re.compile(r"\s+")
# What ends a line: a term may hold none (Word's U+000B and U+000C included).
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")
_MAX_TERM_CHARS = 1_000
_MAX_FIELD_CHARS = 20_000

# Optional text fields of a term, checked and compared alike.
TEXT_FIELDS = ("part_of_speech", "definition", "note", "domain", "source")


@dataclass(frozen=True, slots=True)
class Term:
    """One designation of a concept in one language."""

    lang: str
    text: str
    status: str = "preferred"
    part_of_speech: str | None = None
    definition: str | None = None
    note: str | None = None
    domain: str | None = None
    source: str | None = None
    created_by: str | None = None
    created_at: dt.datetime | None = None
    changed_by: str | None = None
    changed_at: dt.datetime | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What makes two terms of a concept the same term: language and text."""
        return (self.lang, self.text)

    def content(self) -> tuple[object, ...]:
        """What a change of the term changes (everything but who and when)."""
        return (self.lang, self.text, self.status, *(getattr(self, n) for n in TEXT_FIELDS))


@dataclass(frozen=True, slots=True)
class Concept:
    """One entry: a meaning and the terms that name it. `concept_id` is None until the
    termbase stores it (an import from a file without ids)."""

    terms: tuple[Term, ...]
    concept_id: str | None = None

    def in_language(self, lang: str, *, exact: bool = False) -> tuple[Term, ...]:
        """The terms in `lang`, leniently matched (kk finds kk-KZ) unless `exact`."""
        return tuple(term for term in self.terms if tags_match(term.lang, lang, exact=exact))

    def translations(self, lang: str) -> tuple[Term, ...]:
        """The terms a translation into `lang` may use, preferred ones first."""
        found = self.in_language(lang)
        return tuple(term for status in USABLE_STATUSES for term in found if term.status == status)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(term.lang for term in self.terms))


def new_concept_id() -> str:
    """A fresh concept id: "c", the time in milliseconds (12 hex digits, so that ids sort in
    the order concepts were made) and 12 random hex digits."""
    return f"c{time.time_ns() // 1_000_000:012x}{uuid.uuid4().hex[:12]}"


def term_id(concept_id: str, lang: str, text: str) -> str:
    """The stored id of a term: the same concept, language and text are the same row."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (concept_id, lang, text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def check_concept_id(concept_id: str, *, source: str | None = None, line: int | None = None) -> str:
    if not isinstance(concept_id, str) or not _CONCEPT_ID.match(concept_id):
        raise InputError(
            f"{concept_id!r} is not a concept id (letters, digits and _ . : -, at most 128)",
            source=source,
            line=line,
            field="concept_id",
        )
    return concept_id


@lru_cache(maxsize=1024)
def _canonical_lang(code: str) -> str:
    return canonical_tag(code, field="lang")


def _clean(value: str | None, field_name: str, fail: _Fail) -> str | None:
    """Optional text as stored: stripped, None when empty, refused as `clean_text` says."""
    if value is None:
        return None
    value = _checked_text(value, field_name, fail).strip()
    return value or None


def _checked_text(value: str, field_name: str, fail: _Fail) -> str:
    """`value` as `clean_text` lets a unit hold it, the error naming where it came from."""
    try:
        return clean_text(value, field_name)
    except InputError as error:
        raise fail(error.message, field_name) from None


def _term_text(raw: str, fail: _Fail) -> str:
    """A term's text: no control character, no line break, inner spaces collapsed."""
    text = raw.strip()
    _checked_text(text, "term", fail)
    if found := _LINE_BREAK.search(text):
        raise fail(
            f"holds a line break (U+{ord(found[0]):04X}) at character {found.start() + 1}; a "
            "term is one line",
            "term",
        )
    return _SPACE.sub(" ", text)


def _validated_term(term: Term, fail: _Fail) -> Term:
    text = _term_text(term.text, fail) if isinstance(term.text, str) else ""
    if not text:
        raise fail("the term is empty", "term")
    if len(text) > _MAX_TERM_CHARS:
        raise fail(f"the term is longer than {_MAX_TERM_CHARS} characters", "term")
    if term.status not in TERM_STATUSES:
        raise fail(f"unknown status {term.status!r} (one of {', '.join(TERM_STATUSES)})", "status")
    values = {name: _clean(getattr(term, name), name, fail) for name in TEXT_FIELDS}
    for name, value in values.items():
        if value is not None and len(value) > _MAX_FIELD_CHARS:
            raise fail(f"longer than {_MAX_FIELD_CHARS} characters", name)
    pos = values["part_of_speech"]
    if pos is not None:
        pos = POS_ALIASES.get(pos, POS_ALIASES.get(pos.lower(), pos.lower()))
        if pos not in PARTS_OF_SPEECH:
            raise fail(
                f"unknown part of speech {values['part_of_speech']!r} "
                f"(one of {', '.join(PARTS_OF_SPEECH)})",
                "part_of_speech",
            )
        values["part_of_speech"] = pos
    for name in ("created_at", "changed_at"):
        stamp = getattr(term, name)
        if stamp is not None and stamp.utcoffset() is None:
            raise fail("the time has no time zone (UTC is expected)", name)
    for name in ("created_by", "changed_by"):
        values[name] = _clean(getattr(term, name), name, fail)
    lang = _canonical_lang(term.lang) if isinstance(term.lang, str) else ""
    if (
        lang == term.lang
        and text == term.text
        and all(value == getattr(term, name) for name, value in values.items())
    ):
        return term  # most terms come canonical (a reader made them): no copy
    return replace(term, lang=lang, text=text, **values)  # type: ignore[arg-type]


class _Fail:
    """Makes the errors of one concept, naming where it came from."""

    def __init__(self, source: str | None, line: int | None) -> None:
        self.source = source
        self.line = line

    def __call__(self, message: str, field_name: str) -> InputError:
        return InputError(message, source=self.source, line=self.line, field=field_name)


def validated(concept: Concept, *, source: str | None = None, line: int | None = None) -> Concept:
    """The concept in canonical form, or an `InputError` naming the field (and the file and
    line given). A concept needs a term; a term is unique in its concept by language and
    text."""
    fail = _Fail(source, line)
    if concept.concept_id is not None:
        check_concept_id(concept.concept_id, source=source, line=line)
    if not concept.terms:
        raise fail("the concept has no term", "terms")
    terms = tuple(_validated_term(term, fail) for term in concept.terms)
    seen: set[tuple[str, str]] = set()
    for term in terms:
        if term.key in seen:
            raise fail(f"the term {term.text!r} ({term.lang}) is in the concept twice", "term")
        seen.add(term.key)
    return replace(concept, terms=terms)


def validated_all(concepts: Iterable[Concept], *, source: str = "concepts") -> list[Concept]:
    """Every concept validated, an error naming the position of the first bad one."""
    return [
        validated(concept, source=source, line=position)
        for position, concept in enumerate(concepts, start=1)
    ]


def stamped(concept: Concept, user: str, now: dt.datetime) -> Concept:
    """Who and when filled in where the terms do not say."""
    terms = []
    for term in concept.terms:
        if term.created_by and term.created_at and term.changed_by and term.changed_at:
            terms.append(term)
            continue
        created_by = term.created_by or user
        created_at = term.created_at or now
        terms.append(
            replace(
                term,
                created_by=created_by,
                created_at=created_at,
                changed_by=term.changed_by or created_by,
                changed_at=term.changed_at or created_at,
            )
        )
    return replace(concept, terms=tuple(terms))


def merged(existing: Concept, incoming: Concept, *, user: str, now: dt.datetime) -> Concept:
    """`existing` with what `incoming` says of it: a term of both (the same language tag and
    text, ignoring case; it keeps the text it has) takes the incoming status
    and every field the incoming term gives (the rest stays), and is stamped changed by
    `user` when that changes it; terms only in `incoming` are added (stamped as it says, or
    by `user`), taking the entry's domain when they bring none and its terms agree on one
    (a domain is the entry's subject field, as in TBX); terms only in `existing` stay. The
    concept keeps its id."""
    held = {(term.lang, term.text.casefold()): term for term in existing.terms}
    domains = {term.domain for term in existing.terms}
    domain = domains.pop() if len(domains) == 1 else None
    terms = list(existing.terms)
    for term in incoming.terms:
        old = held.get((term.lang, term.text.casefold()))
        if old is None:
            terms.append(replace(term, domain=domain) if term.domain is None and domain else term)
            continue
        given = {name: getattr(term, name) for name in TEXT_FIELDS if getattr(term, name)}
        new = replace(old, status=term.status, **given)
        if new.content() != old.content():
            new = replace(
                new, changed_by=term.changed_by or user, changed_at=term.changed_at or now
            )
        terms[terms.index(old)] = new
    return stamped(replace(existing, terms=tuple(terms)), user, now)


__all__ = [
    "PARTS_OF_SPEECH",
    "TERM_STATUSES",
    "USABLE_STATUSES",
    "Concept",
    "Term",
    "check_concept_id",
    "merged",
    "new_concept_id",
    "stamped",
    "term_id",
    "validated",
    "validated_all",
]
