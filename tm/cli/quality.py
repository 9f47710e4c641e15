"""Commands on quality: `qa` (checks on line-parallel files, terms against a termbase with
`--termbase`) and `score` (sacrebleu metrics)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from tm.cli._common import Command, read_text

if TYPE_CHECKING:
    from tm.termbase.recognition import TermIndex


def _parallel(first: str, *others: str) -> list[list[str]]:
    """The lines of line-parallel files; every file must have as many as the first."""
    from tm.errors import InputError

    texts = [read_text(path).splitlines() for path in (first, *others)]
    for path, lines in zip(others, texts[1:], strict=True):
        if len(lines) != len(texts[0]):
            raise InputError(
                f"{len(lines)} lines, where {first} has {len(texts[0])} (line-parallel files "
                "must have as many)",
                source=path,
            )
    return texts


# `--termbase` given without a folder: the termbase beside the TM.
_BESIDE_THE_TM = ""


def _configure_qa(parser: argparse.ArgumentParser) -> None:
    from tm.quality import CHECKS

    parser.add_argument("--src-lang", required=True)
    parser.add_argument("--tgt-lang", required=True)
    parser.add_argument("src", help="the source, one segment a line")
    parser.add_argument("tgt", help="its translation, line for line")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: 'LINE: severity check: message'; json: one object a line",
    )
    parser.add_argument(
        "--check",
        action="append",
        choices=list(CHECKS),
        dest="checks",
        metavar="NAME",
        help=f"run only this check (repeatable; default all: {', '.join(CHECKS)})",
    )
    parser.add_argument(
        "--tm",
        metavar="DIR",
        help="measure the length ratio on this TM's approved pairs (default: a built-in range)",
    )
    parser.add_argument(
        "--termbase",
        nargs="?",
        const=_BESIDE_THE_TM,
        metavar="DIR",
        help="also check terms against this termbase (term-translation, forbidden-term); "
        "given without DIR (after the files), the one beside the TM: --tm's, else the "
        "embedded TM's (default: no term checks)",
    )


def _term_index(args: argparse.Namespace) -> TermIndex | None:
    """The recognition index of the termbase `--termbase` names, or None without one."""
    from tm.quality.checks import TERM_CHECKS

    if args.termbase is None:
        if args.checks and set(args.checks) & set(TERM_CHECKS):
            from tm.errors import InputError

            raise InputError(
                f"the term checks ({', '.join(TERM_CHECKS)}) need a termbase: --termbase DIR",
                field="termbase",
            )
        return None
    from tm.store_terms import Termbase, default_termbase_uri

    uri = args.termbase
    if uri == _BESIDE_THE_TM:
        from tm.demo import default_tm_uri

        uri = default_termbase_uri(args.tm or default_tm_uri())
    return Termbase.open(uri).index()


def _run_qa(args: argparse.Namespace, out: TextIO) -> int:
    from tm.lang import normalize_language
    from tm.quality import LengthModel, QAContext, check_lines, length_model

    src_lang = normalize_language(args.src_lang, field="src_lang")
    tgt_lang = normalize_language(args.tgt_lang, field="tgt_lang")
    lengths = LengthModel.prior()
    if args.tm is not None:
        from tm.store import TranslationMemory

        approved = TranslationMemory.open(args.tm).live(statuses=("approved",)).collect()
        lengths = length_model(approved, src_lang, tgt_lang)
    context = QAContext.of(src_lang, tgt_lang, lengths, terms=_term_index(args))
    sources, targets = _parallel(args.src, args.tgt)
    warnings = check_lines(sources, targets, context, checks=args.checks)
    for warning in warnings:
        if args.format == "json":
            record = {
                "line": warning.key,
                "check": warning.check,
                "severity": str(warning.severity),
                "message": warning.message,
                "side": warning.side,
                "span": [warning.start, warning.end],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(f"{warning.key}: {warning.severity} {warning.check}: {warning.message}\n")
    return 0


def _configure_score(parser: argparse.ArgumentParser) -> None:
    from tm.quality import DEFAULT_METRIC, METRICS

    parser.add_argument(
        "--hyp", required=True, metavar="FILE", help="the draft, one segment a line"
    )
    parser.add_argument(
        "--ref",
        required=True,
        action="append",
        metavar="FILE",
        help="the reference, line for line (repeat for several references)",
    )
    parser.add_argument("--metric", choices=list(METRICS), default=DEFAULT_METRIC)
    parser.add_argument(
        "--sentences", action="store_true", help="also print each line's sentence-level score"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _run_score(args: argparse.Namespace, out: TextIO) -> int:
    from tm.quality import score_corpus, score_sentence

    hypotheses, *references = _parallel(args.hyp, *args.ref)
    document = score_corpus(hypotheses, *references, metric=args.metric)
    sentences = (
        [
            score_sentence(hyp, [ref[i] for ref in references], args.metric)
            for i, hyp in enumerate(hypotheses)
        ]
        if args.sentences
        else []
    )
    if args.format == "json":
        record: dict[str, object] = {
            "metric": document.metric,
            "score": round(document.value, 4),
            "signature": document.signature,
        }
        if args.sentences:
            record["sentences"] = [round(s.value, 4) for s in sentences]
        out.write(json.dumps(record) + "\n")
        return 0
    out.write(f"{document}\n")
    for number, sentence in enumerate(sentences, start=1):
        out.write(f"{number}\t{sentence.value:.2f}\n")
    return 0


COMMANDS = {
    "qa": Command(
        "check a translation against its source (line-parallel files): one warning a line",
        _configure_qa,
        _run_qa,
    ),
    "score": Command(
        "score a draft against a reference with chrF (default), chrF++, BLEU or TER, "
        "with its sacrebleu signature",
        _configure_score,
        _run_score,
    ),
}
