"""Looking through the TM: filtered units, a unit's history, concordance."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tm.lang import parse_pair
from tm.store import TranslationMemory
from tm.unit import language_is


@dataclass(frozen=True)
class UnitQuery:
    """What a person filters the TM by; empty fields do not filter."""

    pair: str | None = None  # "kk-en", "kk-KZ:en-GB" (tm.lang.pair_label): exactly that pair
    statuses: tuple[str, ...] = ()
    doc_id: str | None = None
    contains: str | None = None  # in source or target, case-insensitive, literal
    limit: int = 500


# What the Memory page lists unless a status is chosen: what reviewers act on. Retired
# (superseded) units show when asked for, and in every unit's history.
_BROWSED_BY_DEFAULT = ("draft", "aligned", "approved", "rejected")

BROWSE_COLUMNS = ("unit_id", "source", "target", "status", "doc_id", "align_score", "changed_by")


def find_units(memory: TranslationMemory, query: UnitQuery) -> pl.DataFrame:
    """Units matching the query, newest change first, at most `limit` of them."""
    frame = memory.live(statuses=query.statuses or _BROWSED_BY_DEFAULT)
    if query.pair:
        src_lang, tgt_lang = parse_pair(query.pair)
        frame = frame.filter(
            language_is("src_lang", src_lang, exact=True),
            language_is("tgt_lang", tgt_lang, exact=True),
        )
    if query.doc_id:
        frame = frame.filter(pl.col("doc_id") == query.doc_id)
    if query.contains:
        needle = query.contains.lower()
        frame = frame.filter(
            pl.col("source").str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("target").str.to_lowercase().str.contains(needle, literal=True)
        )
    return (
        frame.sort("changed_at", descending=True)
        .head(query.limit)
        .select(*BROWSE_COLUMNS, "changed_at")
        .collect()
    )


def history_frame(memory: TranslationMemory, unit_id: str) -> pl.DataFrame:
    """A unit's history as a table: version, when, who, what, and the text at that point."""
    states = memory.history(unit_id)
    return pl.DataFrame(
        {
            "version": [s.version for s in states],
            "when": [s.committed_at for s in states],
            "change": [s.change for s in states],
            "user": [s.user for s in states],
            "operation": [s.operation for s in states],
            "status": [s.values.get("status") for s in states],
            "source": [s.values.get("source") for s in states],
            "target": [s.values.get("target") for s in states],
        },
        schema={
            "version": pl.Int64,
            "when": pl.Datetime("us", "UTC"),
            "change": pl.Utf8,
            "user": pl.Utf8,
            "operation": pl.Utf8,
            "status": pl.Utf8,
            "source": pl.Utf8,
            "target": pl.Utf8,
        },
    )


def concordance_frame(
    memory: TranslationMemory, term: str, lang: str, *, other_lang: str | None = None
) -> pl.DataFrame:
    """Concordance hits as a table: context left, the hit, context right, the translation."""
    from tm.fuzzy import concordance

    hits = concordance(memory, term, lang, other_lang=other_lang)
    return pl.DataFrame(
        {
            "left": [hit.left for hit in hits],
            "hit": [hit.hit for hit in hits],
            "right": [hit.right for hit in hits],
            "translation": [hit.other for hit in hits],
            "pair": [f"{hit.src_lang}-{hit.tgt_lang}" for hit in hits],
            "status": [hit.status for hit in hits],
            "doc_id": [hit.doc_id for hit in hits],
        },
        schema={
            "left": pl.Utf8,
            "hit": pl.Utf8,
            "right": pl.Utf8,
            "translation": pl.Utf8,
            "pair": pl.Utf8,
            "status": pl.Utf8,
            "doc_id": pl.Utf8,
        },
    )
