"""`term`: the termbase from the command line (add, import, export, lookup, extract, history,
log, restore).

The termbase is `--termbase DIR`, else the one beside the TM (`--tm DIR`, else the embedded
TM's folder): DIR-terms for a TM at DIR (`tm.store_terms.default_termbase_uri`). Writes make
it when it is not there yet; lookups and exports need it.

Writes are made by `--user` (else $WORKBENCH_USER, else the OS account) and checked against
the users of the TM the termbase belongs to (`--tm`, else the TM it stands beside): editors
and admins change concepts, admins restore the whole termbase. A refusal is one line on
stderr and exit 1, before the termbase is made or a file read.

`restore --version V` of the whole termbase first says what it would undo (the versions,
who made them, the concepts taken out, back and reverted) and changes nothing without
`--yes`; it restores only the termbase it described. A concept's restore is a change to
that concept alone (as an edit is) and is done at once.

`extract` lists candidates with an id in brackets, made from the pair itself; `--accept`
takes those ids (never ranks, which shift as candidates are accepted), and an id no
candidate has now is refused. `history` of a concept the termbase never held is an error.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tm.cli._common import (
    NOTHING_CHANGED,
    Command,
    acting_user,
    add_tm_option,
    add_user_option,
    non_negative_int,
    positive_int,
    who,
    write_log,
    write_plan,
)

if TYPE_CHECKING:
    from tm.store_terms import ConceptVersion, Termbase
    from tm.termbase import TermHit
    from tm.termbase.extract import TermCandidate


def _add_termbase_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--termbase",
        metavar="DIR",
        help="the termbase (default: beside the TM, the TM's folder name + '-terms')",
    )
    add_tm_option(parser)


def _termbase_uri(args: argparse.Namespace) -> str:
    from tm.store_terms import default_termbase_uri

    if args.termbase is not None:
        return str(args.termbase)
    from tm.demo import default_tm_uri

    return default_termbase_uri(args.tm or default_tm_uri())


def _open(args: argparse.Namespace, *, create: bool) -> Termbase:
    from tm.store_terms import Termbase

    return Termbase.open(_termbase_uri(args), create=create, tm_uri=args.tm)


def _writable(args: argparse.Namespace) -> tuple[Termbase, str]:
    """The termbase (made if need be) and the acting user, once the user's role on its TM
    allows changing concepts; nothing is made for a refused user."""
    from tm.store_terms import Termbase

    user = acting_user(args)
    Termbase(_termbase_uri(args), tm_uri=args.tm).check_access(user)
    return _open(args, create=True), user


# --- add ------------------------------------------------------------------------------------


def _configure_add(parser: argparse.ArgumentParser) -> None:
    from tm.termbase import PARTS_OF_SPEECH, TERM_STATUSES

    parser.add_argument("source", help="the term in the source language")
    parser.add_argument("target", help="its translation")
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument(
        "--status", choices=TERM_STATUSES, default="preferred", help="of the target"
    )
    parser.add_argument("--pos", choices=PARTS_OF_SPEECH, help="part of speech of both terms")
    parser.add_argument("--definition", help="of the source term")
    parser.add_argument("--note", help="on the translation")
    parser.add_argument("--domain", help="subject field of the entry")
    parser.add_argument("--source-ref", help="where the entry comes from")
    add_user_option(parser)
    _add_termbase_options(parser)


def _run_add(args: argparse.Namespace, out: TextIO) -> int:
    from tm.termbase import Concept, Term, validated

    shared = {"part_of_speech": args.pos, "domain": args.domain, "source": args.source_ref}
    concept = Concept(
        (
            Term(args.src_lang, args.source, definition=args.definition, **shared),
            Term(args.tgt_lang, args.target, status=args.status, note=args.note, **shared),
        )
    )
    validated(concept)  # refused before the termbase is made
    termbase, user = _writable(args)
    change = termbase.add([concept], user=user, operation="add")
    out.write(f"{termbase.uri}: {change.summary()}\n")
    return 0


# --- import / export ------------------------------------------------------------------------


def _format_choices() -> list[str]:
    from tm.termbase import TERM_FORMATS

    return list(TERM_FORMATS)


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a TBX file, a CSV/TSV glossary or an OmegaT glossary")
    parser.add_argument("--format", choices=_format_choices(), help="default: from the name")
    parser.add_argument(
        "--src-lang", help="the source language (a headerless glossary's first column)"
    )
    parser.add_argument(
        "--tgt-lang", help="the target language; with --src-lang, only their terms are read"
    )
    add_user_option(parser)
    _add_termbase_options(parser)


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    import shutil

    from tm.errors import TMError
    from tm.store import _local
    from tm.store_terms import Termbase
    from tm.termbase import guess_term_format, import_terms

    name = args.format or guess_term_format(args.file)
    made = not Termbase.exists(_termbase_uri(args))
    with open(args.file, "rb") as stream:
        termbase, user = _writable(args)
        try:
            result = import_terms(
                termbase,
                stream,
                source=args.file,
                format=name,
                user=user,
                src_lang=args.src_lang,
                tgt_lang=args.tgt_lang,
            )
        except TMError:
            # A file with an error writes nothing: not even the empty termbase made for it.
            if made and _local(termbase.uri) and termbase.version() == 0:
                shutil.rmtree(termbase.uri, ignore_errors=True)
            raise
    out.write(f"{termbase.uri}: {result.summary()}\n")
    return 0


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="the file to write")
    parser.add_argument("--format", choices=_format_choices(), help="default: from the name")
    parser.add_argument("--src-lang", help="first in a table; OmegaT's source")
    parser.add_argument("--tgt-lang", help="next in a table; OmegaT's target")
    _add_termbase_options(parser)


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    from tm.formats.registry import replacing
    from tm.termbase import guess_term_format, write_terms

    name = args.format or guess_term_format(args.out)
    termbase = _open(args, create=False)
    concepts = termbase.concepts()
    with replacing(Path(args.out)) as stream:
        count = write_terms(
            concepts, stream, format=name, src_lang=args.src_lang, tgt_lang=args.tgt_lang
        )
    what = "lines" if name == "omegat" else "concepts"
    out.write(f"{args.out}: {count} {what} ({name}) from {termbase.uri}\n")
    return 0


# --- lookup -----------------------------------------------------------------------------------


def _configure_lookup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("segment", help="the segment to find terms in")
    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument(
        "--nested", action="store_true", help="also terms inside a longer term found"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _add_termbase_options(parser)


def _hit_text(hit: TermHit, segment: str) -> str:
    found = segment[hit.start : hit.end]
    target = hit.target if hit.target is not None else "(no translation)"
    return f"{hit.start}-{hit.end}\t{found}\t{hit.source} -> {target}\t[{hit.status}]\n"


def _run_lookup(args: argparse.Namespace, out: TextIO) -> int:
    from tm.termbase import recognise

    index = _open(args, create=False).index()
    hits = recognise(index, args.segment, args.src_lang, args.tgt_lang, nested=args.nested)
    if args.format == "json":
        json.dump([hit.as_dict() for hit in hits], out, ensure_ascii=False)
        out.write("\n")
        return 0
    for hit in hits:
        out.write(_hit_text(hit, args.segment))
    if not hits:
        out.write("no term of the termbase in the segment\n")
    return 0


# --- extract ---------------------------------------------------------------------------------


def _configure_extract(parser: argparse.ArgumentParser) -> None:
    from tm.termbase.extract import DEFAULT_LIMIT, DEFAULT_MIN_COUNT, ID_LENGTH

    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument(
        "--min-count",
        type=int,
        default=DEFAULT_MIN_COUNT,
        help=f"units a candidate and its translation must share (default {DEFAULT_MIN_COUNT})",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"at most this many (default {DEFAULT_LIMIT})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--accept",
        metavar="ID,ID...",
        help="put the candidates of these ids in the termbase, made if need be: the "
        f"{ID_LENGTH} characters in brackets in the listing (made from the pair itself, so "
        "they stay the same as candidates are accepted; ranks are not taken, since they shift)",
    )
    parser.add_argument(
        "--preferred", action="store_true", help="accept as preferred (default: admitted)"
    )
    add_user_option(parser)
    _add_termbase_options(parser)


def _candidate_text(rank: int, candidate: TermCandidate) -> str:
    evidence = (
        f"{candidate.together}/{candidate.count} units ({candidate.share:.0%}), "
        f"Dice {candidate.dice:.2f}, score {candidate.score:.2f}"
    )
    forms = ", ".join(candidate.forms[:4])
    return (
        f"{rank:3}. [{candidate.candidate_id}] {candidate.source} -> {candidate.target}\t"
        f"{evidence}\t"
        f"forms: {forms}\tunits: {', '.join(candidate.examples[:3])}\n"
    )


def _run_extract(args: argparse.Namespace, out: TextIO) -> int:
    from tm.cli._common import open_tm
    from tm.errors import InputError
    from tm.store_terms import Termbase
    from tm.termbase.extract import accept_candidates, candidates_by_id, extract_candidates

    if args.limit < 0:
        raise InputError("limit must not be negative", field="limit")
    uri = _termbase_uri(args)
    if args.accept:  # refused before the work of mining, not after
        Termbase(uri, tm_uri=args.tm).check_access(acting_user(args))
    known = Termbase(uri).index() if Termbase.exists(uri) else None
    units = open_tm(args).live(statuses=("approved",)).collect()
    # Every candidate when some are to be accepted: an id may be past the listing's limit.
    candidates = extract_candidates(
        units,
        args.src_lang,
        args.tgt_lang,
        min_count=args.min_count,
        limit=None if args.accept else args.limit,
        termbase=known,
    )
    chosen = candidates_by_id(candidates, args.accept.split(",")) if args.accept else ()
    candidates = candidates[: args.limit]
    change = None
    if chosen:
        status = "preferred" if args.preferred else "admitted"
        termbase, user = _writable(args)
        change = accept_candidates(termbase, chosen, user=user, status=status)
    ids = [candidate.candidate_id for candidate in chosen]
    if args.format == "json":
        record: dict[str, object] = {
            "candidates": [
                {"rank": rank, **candidate.as_dict()}
                for rank, candidate in enumerate(candidates, start=1)
            ]
        }
        if change is not None:
            record["accepted"] = ids
            record["version"] = change.version
        json.dump(record, out, ensure_ascii=False)
        out.write("\n")
        return 0
    for rank, candidate in enumerate(candidates, start=1):
        out.write(_candidate_text(rank, candidate))
    if not candidates:
        out.write("no candidate: too few approved units, or all their terms are known\n")
    if change is not None:
        out.write(f"accepted {', '.join(ids)} into {uri}: {change.summary()}\n")
    return 0


# --- history / restore ------------------------------------------------------------------------


def _configure_history(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("concept_id", help="the concept (its id, as an export shows it)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _add_termbase_options(parser)


def _terms_of(state: ConceptVersion) -> list[list[str]] | None:
    if state.concept is None:
        return None
    return [[term.lang, term.text, term.status] for term in state.concept.terms]


def _run_history(args: argparse.Namespace, out: TextIO) -> int:
    from tm.errors import InputError

    termbase = _open(args, create=False)
    states = termbase.history(args.concept_id)
    if not states:
        kept = f" since version {oldest}, the oldest kept" if (oldest := termbase.horizon()) else ""
        raise InputError(
            f"no concept {args.concept_id} in the termbase's history{kept} (`term export` "
            "lists the concept ids)",
            field="concept_id",
        )
    if args.format == "json":
        rows = [
            {
                "version": state.version,
                "committed_at": state.committed_at.isoformat(),
                "user": state.user,
                "role": state.role,
                "operation": state.operation,
                "terms": _terms_of(state),
            }
            for state in states
        ]
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    if oldest := termbase.horizon():
        out.write(f"(versions before v{oldest} are gone: a vacuum removed their data)\n")
    for state in states:
        terms = _terms_of(state)
        shown = "deleted" if terms is None else "; ".join(f"{a}: {b} [{c}]" for a, b, c in terms)
        out.write(
            f"v{state.version}  {state.committed_at:%Y-%m-%d %H:%M:%S}Z  "
            f"{who(state.user, state.role)}  {state.operation or ''}\n    {shown}\n"
        )
    return 0


def _configure_log(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit", type=positive_int, default=20, help="how many versions (newest first)"
    )
    _add_termbase_options(parser)


def _run_log(args: argparse.Namespace, out: TextIO) -> int:
    termbase = _open(args, create=False)
    write_log(out, termbase.log(), limit=args.limit, oldest=termbase.horizon())
    return 0


def _configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version", type=non_negative_int, required=True, help="the version to go back to"
    )
    parser.add_argument("--concept", help="only this concept (by default: the whole termbase)")
    parser.add_argument(
        "--yes",
        action="store_true",
        help="restore the whole termbase; without it, only say what the restore would undo",
    )
    add_user_option(parser)
    _add_termbase_options(parser)


def _run_restore(args: argparse.Namespace, out: TextIO) -> int:
    from tm.store_terms import RESTORE_OPERATION

    termbase = _open(args, create=False)
    user = acting_user(args)
    if args.concept:
        change = termbase.restore_concept(args.concept, args.version, user=user)
        out.write(
            f"{termbase.uri}: restored concept {args.concept} as it was at version "
            f"{args.version} (now version {change.version})\n"
        )
        return 0
    termbase.check_access(user, RESTORE_OPERATION)  # a refused user sees no plan either
    plan = termbase.plan_restore(args.version)
    write_plan(out, plan)
    if plan.version == plan.latest:
        return 0
    if not args.yes:
        out.write(NOTHING_CHANGED)
        return 0
    change = termbase.restore(args.version, user=user, expect_latest=plan.latest)
    out.write(
        f"{termbase.uri}: restored the termbase as it was at version {args.version} as "
        f"version {change.version} ({termbase.rows()['concept_id'].n_unique():,} concepts); "
        f"{plan.undo_hint()}\n"
    )
    return 0


# --- the `term` command -----------------------------------------------------------------------

_ACTIONS: dict[
    str,
    tuple[
        str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace, TextIO], int]
    ],
] = {
    "add": ("add a source term and its translation", _configure_add, _run_add),
    "import": ("merge a TBX file or a glossary into the termbase", _configure_import, _run_import),
    "export": (
        "write the termbase as TBX, CSV/TSV or an OmegaT glossary",
        _configure_export,
        _run_export,
    ),
    "lookup": (
        "the termbase's terms in a segment, inflected forms too",
        _configure_lookup,
        _run_lookup,
    ),
    "extract": (
        "candidate term pairs mined from the TM's approved units, to review and accept",
        _configure_extract,
        _run_extract,
    ),
    "history": ("every state of one concept", _configure_history, _run_history),
    "log": (
        "the versions the termbase can be restored to, newest first",
        _configure_log,
        _run_log,
    ),
    "restore": (
        "say what going back to an earlier version undoes; with --yes, do it (or restore "
        "one concept with --concept)",
        _configure_restore,
        _run_restore,
    ),
}


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="term_action", metavar="ACTION", required=True)
    for name, (summary, configure, run) in _ACTIONS.items():
        sub = actions.add_parser(name, help=summary, description=summary)
        configure(sub)
        sub.set_defaults(term_run=run)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    run: Callable[[argparse.Namespace, TextIO], int] = args.term_run
    return run(args, out)


COMMANDS = {
    "term": Command(
        "the termbase: add, import, export, lookup, extract, history, log, restore",
        _configure,
        _run,
    ),
}
