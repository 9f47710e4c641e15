"""Commands that search the translation memory: `lookup` (fuzzy matches), `concordance`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from tm.cli._common import (
    Command,
    add_tm_option,
    at_most,
    finite_float,
    non_negative_int,
    open_tm,
)
from tm.limits import MAX_CONCORDANCE_HITS, MAX_CONTEXT_CHARS, MAX_LOOKUP_MATCHES

if TYPE_CHECKING:
    from tm.fuzzy import ConcordanceHit, DiffOp, Match

# How a diff step reads in plain text: [-only in the TM-] {+only in the query+}.
_DIFF_MARKS: dict[str, Callable[[DiffOp], str]] = {
    "equal": lambda op: op.query,
    "insert": lambda op: f"{{+{op.query}+}}",
    "delete": lambda op: f"[-{op.tm}-]",
    "replace": lambda op: f"[-{op.tm}-]{{+{op.query}+}}",
}


def _diff_text(diff: Sequence[DiffOp]) -> str:
    return " ".join(_DIFF_MARKS[op.op](op) for op in diff)


def _write_json(items: list[dict[str, object]], out: TextIO) -> int:
    json.dump(items, out, ensure_ascii=False)
    out.write("\n")
    return 0


def _configure_lookup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="the segment to find matches for")
    add_tm_option(parser)
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument(
        "--top",
        type=at_most(MAX_LOOKUP_MATCHES),
        default=5,
        help=f"at most this many matches (5; 1 to {MAX_LOOKUP_MATCHES})",
    )
    parser.add_argument(
        "--min-score", type=finite_float(0, 100), default=50, help="lowest match %% (50)"
    )
    parser.add_argument("--prev", help="the segment before the query (for 101%% matches)")
    parser.add_argument("--next", help="the segment after the query (for 101%% matches)")
    parser.add_argument(
        "--exact-langs",
        action="store_true",
        help="only units in exactly these tags (by default kk finds kk-KZ, en finds en-GB)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _match_json(match: Match) -> dict[str, object]:
    return {
        "score": match.score,
        "source": match.source,
        "target": match.target,
        "diff": [{"op": op.op, "query": op.query, "tm": op.tm} for op in match.diff],
        "unit_id": match.unit_id,
    }


def _run_lookup(args: argparse.Namespace, out: TextIO) -> int:
    from tm.fuzzy import lookup

    matches = lookup(
        open_tm(args),
        args.query,
        args.src_lang,
        args.tgt_lang,
        top=args.top,
        min_score=args.min_score,
        prev_source=args.prev,
        next_source=args.next,
        exact_langs=args.exact_langs,
    )
    if args.format == "json":
        return _write_json([_match_json(match) for match in matches], out)
    if not matches:
        out.write(f"no match of {args.min_score:g}% or more\n")
    for match in matches:
        out.write(f"{match.score}%\t{match.source}\n\t{match.target}\n")
        out.write(f"\tdiff: {_diff_text(match.diff)}\n\tunit {match.unit_id}\n")
    return 0


def _configure_concordance(parser: argparse.ArgumentParser) -> None:
    from tm.fuzzy.concordance import SIDES

    parser.add_argument("term", help="the word or phrase to find")
    add_tm_option(parser)
    parser.add_argument("--lang", required=True, help="the language of the term")
    parser.add_argument(
        "--side", choices=SIDES, help="search only sources or only targets (default: both)"
    )
    parser.add_argument("--other-lang", help="only units whose other side is in this language")
    parser.add_argument("--doc", help="only units of this document (doc_id)")
    parser.add_argument(
        "--status",
        action="append",
        help="only units with this status (repeatable; default: the live ones, draft, aligned "
        "and approved)",
    )
    parser.add_argument("--exact", action="store_true", help="the words as typed, no inflections")
    parser.add_argument(
        "--derived",
        action="store_true",
        help="also words derived from the term (мемлекет: мемлекеттік; талқылау: талқылаушы)",
    )
    parser.add_argument(
        "--context",
        type=at_most(MAX_CONTEXT_CHARS, non_negative_int),
        default=40,
        help=f"characters each side (40; at most {MAX_CONTEXT_CHARS:,})",
    )
    parser.add_argument(
        "--limit",
        type=at_most(MAX_CONCORDANCE_HITS),
        default=200,
        help=f"at most this many hits (200; 1 to {MAX_CONCORDANCE_HITS:,})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _hit_json(hit: ConcordanceHit) -> dict[str, object]:
    return {
        "unit_id": hit.unit_id,
        "side": hit.side,
        "left": hit.left,
        "hit": hit.hit,
        "right": hit.right,
        "other": hit.other,
        "src_lang": hit.src_lang,
        "tgt_lang": hit.tgt_lang,
        "doc_id": hit.doc_id,
        "status": hit.status,
    }


def _run_concordance(args: argparse.Namespace, out: TextIO) -> int:
    from tm.fuzzy import MATCHABLE_STATUSES, concordance

    hits = concordance(
        open_tm(args),
        args.term,
        args.lang,
        side=args.side,
        other_lang=args.other_lang,
        doc_id=args.doc,
        statuses=args.status or MATCHABLE_STATUSES,
        exact=args.exact,
        derived=args.derived,
        context=args.context,
        limit=args.limit,
    )
    if args.format == "json":
        return _write_json([_hit_json(hit) for hit in hits], out)
    if not hits:
        out.write(f"{args.term!r} not found\n")
    for hit in hits:
        pair = f"{hit.src_lang}-{hit.tgt_lang}"
        out.write(f"{hit.left:>{args.context}}[{hit.hit}]{hit.right}\n")
        out.write(f"\t{pair} {hit.side}, unit {hit.unit_id}: {hit.other}\n")
    return 0


COMMANDS = {
    "lookup": Command(
        "fuzzy matches for a segment from the translation memory", _configure_lookup, _run_lookup
    ),
    "concordance": Command(
        "find a word or phrase (and its inflected forms) in the translation memory",
        _configure_concordance,
        _run_concordance,
    ),
}
