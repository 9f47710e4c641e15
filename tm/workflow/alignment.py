"""Aligning an article with its translation(s), reviewing and saving the pairs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
import uuid
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import polars as pl

from tm.align import Bead, Lexicon, align_paragraphs, bead_scorer
from tm.align.lexicon import (
    LEXICON_FORMAT,
    MIN_COUNT,
    MIN_DICE,
    PER_WORD,
    lexicon_arrays,
    lexicon_from_arrays,
)
from tm.align.pivot import Disagreement, pivot_disagreements
from tm.errors import InputError, out_of_space
from tm.lang import canonical_tag, normalize_language
from tm.review import Review, approve_above, confident_positions, start_review
from tm.segment import Document, presegmented, segment_text
from tm.store import ReplaceResult, Scope, TranslationMemory
from tm.unit import Unit, language_is, neighbours

# Below this many approved pairs a learned lexicon is mostly chance co-occurrences.
MIN_LEXICON_PAIRS = 50
# The lexicon comes from the TM's latest 20,000 approved pairs: a commit or two hardly
# changes it (a confirmed segment is a draft, not learned from at all), and learning it
# again takes seconds at a million units. So a lexicon serves until this many commits
# after the version it was learned at (see `LearnedLexicon.current_at`).
RELEARN_AFTER_COMMITS = 25
# Kept beside a local TM (the table ignores paths that begin with "_").
LEXICON_FOLDER = "_lexicon"
_STAGING_PREFIX = "tmp-"
# A temporary file this old is a killed process's, not a save in progress.
_ABANDONED_AFTER_SECONDS = 3600
_log = logging.getLogger(__name__)
# The units a saved alignment stands for: a new save of the document replaces these (and
# leaves alone what translators confirmed segment by segment, or imported).
ALIGNMENT_ORIGINS = ("alignment", "gold")


@dataclass(frozen=True)
class AlignedPair:
    """One bead with its text, as a reviewer sees it."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    source: str
    target: str
    score: float
    kind: str


@dataclass(frozen=True)
class AlignedDocument:
    source: Document
    target: Document
    beads: tuple[Bead, ...]

    @classmethod
    def from_gold(
        cls,
        source: Document,
        target: Document,
        beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    ) -> AlignedDocument:
        """An alignment a person made (a gold file): every bead is certain."""
        return cls(source, target, tuple(Bead(src, tgt, 1.0) for src, tgt in beads))

    def coverage(self) -> tuple[int, int, int] | None:
        """(first, last, total) Kazakh sentences, from 1, that a partial draft covers; None
        when the draft covers the whole article (see `tm.align.evaluate.coverage`)."""
        from tm.align.evaluate import coverage

        return coverage(self.beads)

    def pairs(self) -> tuple[AlignedPair, ...]:
        src, tgt = self.source.sentences, self.target.sentences
        return tuple(
            AlignedPair(
                src=bead.src,
                tgt=bead.tgt,
                source=" ".join(src[i] for i in bead.src),
                target=" ".join(tgt[j] for j in bead.tgt),
                score=bead.score,
                kind=bead.kind,
            )
            for bead in self.beads
        )


@dataclass(frozen=True)
class PairFilter:
    """Which pairs the review table shows; empty fields do not filter."""

    unapproved: bool = False
    below: float | None = None  # confidence under this
    qa_errors: bool = False
    kinds: tuple[str, ...] = ()  # bead types: "2-1", "0-1"...

    def expression(self) -> pl.Expr:
        conditions = [pl.lit(True)]
        if self.unapproved:
            conditions.append(~pl.col("approved"))
        if self.below is not None:
            conditions.append(pl.col("score") < self.below)
        if self.qa_errors:
            conditions.append(pl.col("qa").str.contains("error:", literal=True))
        if self.kinds:
            conditions.append(pl.col("kind").is_in(list(self.kinds)))
        return pl.all_horizontal(conditions)


def _pair_qa(source: str, target: str, src_lang: str, tgt_lang: str) -> str:
    """The QA warnings of a pair as the table shows them."""
    from tm.quality import pair_warnings

    warnings = pair_warnings(source, target, src_lang, tgt_lang)
    return "; ".join(f"{w.severity}: {w.message}" for w in warnings)


def pairs_frame(
    aligned: AlignedDocument,
    review: Review | None = None,
    *,
    low_confidence_first: bool = False,
    only: PairFilter | None = None,
) -> pl.DataFrame:
    """The pairs as a table, one row per bead: position, text, type, confidence, QA, approval.

    With a review, its beads and approvals are shown instead of the aligner's. QA runs on
    the beads that pair text on both sides, as a translator's confirmation would. `only`
    keeps the pairs a reviewer filters for (their positions stay in the "bead" column).
    """
    beads = review.beads if review is not None else aligned.beads
    pairs = replace(aligned, beads=beads).pairs()
    approved = review.approved if review is not None else frozenset()
    src_lang, tgt_lang = aligned.source.lang, aligned.target.lang
    qa = [_pair_qa(p.source, p.target, src_lang, tgt_lang) for p in pairs]
    frame = pl.DataFrame(
        {
            "bead": list(range(len(pairs))),
            "source": [pair.source for pair in pairs],
            "target": [pair.target for pair in pairs],
            "kind": [pair.kind for pair in pairs],
            "score": [round(pair.score, 3) for pair in pairs],
            "qa": qa,
            "approved": [position in approved for position in range(len(pairs))],
        },
        schema={
            "bead": pl.Int64,
            "source": pl.Utf8,
            "target": pl.Utf8,
            "kind": pl.Utf8,
            "score": pl.Float64,
            "qa": pl.Utf8,
            "approved": pl.Boolean,
        },
    )
    if only is not None:
        frame = frame.filter(only.expression())
    return frame.sort("score", "bead") if low_confidence_first else frame


def review_key(user: str, aligned: AlignedDocument) -> str:
    """Names a reviewer's unsaved review of these two texts (see `DocumentLibrary.keep_review`)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (user, aligned.source.lang, aligned.target.lang):
        digest.update(part.encode("utf-8") + b"\x1f")
    for sentence in (*aligned.source.sentences, "\x1e", *aligned.target.sentences):
        digest.update(sentence.encode("utf-8") + b"\x1f")
    return digest.hexdigest()


def _document(text: str, lang: str, *, presegmented_lines: bool, source: str) -> Document:
    if presegmented_lines:
        return presegmented(text.splitlines(), lang)
    return segment_text(text, lang, source=source)


def align_texts(
    src_text: str,
    tgt_text: str,
    src_lang: str,
    tgt_lang: str,
    *,
    presegmented_lines: bool = False,
    src_name: str = "<source>",
    tgt_name: str = "<target>",
    lexicon: Lexicon | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> AlignedDocument:
    """Segment an article and its translation (unless one sentence a line already), align them.

    `progress(stage, share_done)` hears each stage start, for a progress bar."""
    report = progress or (lambda stage, share: None)
    src_code = canonical_tag(src_lang, field="src_lang")
    tgt_code = canonical_tag(tgt_lang, field="tgt_lang")
    report("segmenting the article", 0.0)
    source = _document(src_text, src_code, presegmented_lines=presegmented_lines, source=src_name)
    report("segmenting the translation", 0.2)
    target = _document(tgt_text, tgt_code, presegmented_lines=presegmented_lines, source=tgt_name)
    report(f"aligning {len(source.sentences)} x {len(target.sentences)} sentences", 0.4)
    beads = align_paragraphs(
        source.paragraphs, target.paragraphs, src_code, tgt_code, lexicon=lexicon
    )
    report("aligned", 1.0)
    return AlignedDocument(source=source, target=target, beads=beads)


def alignment_units(
    aligned: AlignedDocument,
    *,
    doc_id: str,
    status: str = "aligned",
    origin: str = "alignment",
    approved: Collection[int] = (),
) -> list[Unit]:
    """TM units for the beads that pair text on both sides (0-1 and 1-0 beads hold no pair).

    Beads at the positions in `approved` are stored as approved, the others with `status`.
    seg_no is the bead's first source sentence, so the kk-en and kk-ru units of the same
    Kazakh sentence share it, which is how multilingual units are joined back (DESIGN.md).
    prev_source / next_source are the sentences just before and after the bead's, for
    context (101%) matches (`tm.unit.neighbours`, as Translate stores them too).
    """
    sentences = aligned.source.sentences
    units = []
    for position, pair in enumerate(aligned.pairs()):
        if not pair.src or not pair.tgt:
            continue
        previous, following = neighbours(sentences, pair.src[0], pair.src[-1])
        units.append(
            Unit(
                src_lang=aligned.source.lang,
                tgt_lang=aligned.target.lang,
                source=pair.source,
                target=pair.target,
                doc_id=doc_id,
                seg_no=pair.src[0],
                prev_source=previous,
                next_source=following,
                status="approved" if position in approved else status,
                align_score=round(min(max(pair.score, 0.0), 1.0), 4),
                origin=origin,
            )
        )
    return units


def review_alignment(
    aligned: AlignedDocument,
    *,
    memory: TranslationMemory | None = None,
    doc_id: str | None = None,
    lexicon: Lexicon | None = None,
) -> Review:
    """A review of the aligner's beads that scores every bead the reviewer makes under the
    aligner's model, and starts from the approvals the TM holds for the document."""
    source, target = aligned.source.sentences, aligned.target.sentences
    scorer = (
        bead_scorer(
            source, target, aligned.source.lang, aligned.target.lang, aligned.beads, lexicon=lexicon
        )
        if source and target
        else None
    )
    approved = (
        approved_positions(memory, aligned, doc_id=doc_id)
        if memory is not None and doc_id
        else frozenset()
    )
    return start_review(aligned.beads, approved=approved, scorer=scorer)


@dataclass(frozen=True)
class Approval:
    """What "approve all at or above a threshold" did."""

    review: Review
    approved: int
    skipped: int  # confident pairs left unapproved because QA found an error in them


def approve_confident(aligned: AlignedDocument, review: Review, threshold: float) -> Approval:
    """Approve the pairs scored at least `threshold`, except those with an error-level QA
    warning (a target in the wrong language, a number that differs...)."""
    from tm.quality import Severity, pair_warnings

    reviewed = replace(aligned, beads=review.beads).pairs()
    src_lang, tgt_lang = aligned.source.lang, aligned.target.lang
    blocked = [
        position
        for position in confident_positions(review, threshold)
        if any(
            warning.severity == Severity.ERROR
            for warning in pair_warnings(
                reviewed[position].source, reviewed[position].target, src_lang, tgt_lang
            )
        )
    ]
    approved = approve_above(review, threshold, blocked=blocked)
    return Approval(approved, len(approved.approved) - len(review.approved), skipped=len(blocked))


def alignment_scope(aligned: AlignedDocument, doc_id: str) -> Scope:
    """What a save of this alignment replaces: the document's aligned units of its pair."""
    return Scope(doc_id, aligned.source.lang, aligned.target.lang, origins=ALIGNMENT_ORIGINS)


def wrong_language_pairs(aligned: AlignedDocument, review: Review | None = None) -> tuple[int, ...]:
    """Positions of the pairs whose target reads, surely, as another language than the
    pair's target language (a Russian draft aligned as English)."""
    from tm.quality import Severity, pair_warnings

    src_lang, tgt_lang = aligned.source.lang, aligned.target.lang
    if review is not None:
        aligned = replace(aligned, beads=review.beads)
    return tuple(
        position
        for position, pair in enumerate(aligned.pairs())
        if any(
            warning.check == "wrong-language" and warning.severity == Severity.ERROR
            for warning in pair_warnings(pair.source, pair.target, src_lang, tgt_lang)
        )
    )


def save_alignment(
    memory: TranslationMemory,
    aligned: AlignedDocument,
    *,
    doc_id: str,
    user: str,
    status: str = "aligned",
    approved: Collection[int] = (),
    wrong_language_confirmed: int = 0,
) -> ReplaceResult:
    """Store the pairs of an alignment in the TM in one commit, replacing the document's
    earlier save for this pair (what it no longer has is retired).

    Pairs whose target reads as another language are refused unless the caller confirms
    exactly how many there are (`wrong_language_confirmed`), as a person who has been
    told the count.
    """
    wrong = wrong_language_pairs(aligned)
    if wrong and len(wrong) != wrong_language_confirmed:
        raise InputError(
            f"{len(wrong)} of {len(aligned.pairs())} pairs have a target that reads as another "
            f"language than {aligned.target.lang!r} (first: pair {wrong[0] + 1}); check the "
            f"draft's language, or confirm that all {len(wrong)} are to be saved",
            field="tgt_lang",
        )
    units = alignment_units(aligned, doc_id=doc_id, status=status, approved=approved)
    return memory.replace(units, alignment_scope(aligned, doc_id), user=user)


def save_review(
    memory: TranslationMemory,
    aligned: AlignedDocument,
    review: Review,
    *,
    doc_id: str,
    user: str,
    wrong_language_confirmed: int = 0,
) -> ReplaceResult:
    """Store a reviewed alignment: the reviewer's beads, approved ones as approved."""
    corrected = replace(aligned, beads=review.beads)
    return save_alignment(
        memory,
        corrected,
        doc_id=doc_id,
        user=user,
        approved=review.approved,
        wrong_language_confirmed=wrong_language_confirmed,
    )


def approved_positions(
    memory: TranslationMemory, aligned: AlignedDocument, *, doc_id: str
) -> frozenset[int]:
    """The beads of `aligned` that the TM holds as approved pairs of this document: where a
    new alignment of a saved document starts, so that saving it again keeps what a reviewer
    approved unless they un-approve it."""
    saved = memory.document_units(alignment_scope(aligned, doc_id))
    approved = {
        (source, target)
        for source, target, status in saved.select("source", "target", "status").iter_rows()
        if status == "approved"
    }
    return frozenset(
        position
        for position, pair in enumerate(aligned.pairs())
        if (pair.source, pair.target) in approved
    )


@dataclass(frozen=True)
class TrilingualAlignment:
    """A source article aligned with two translations, and where the two disagree."""

    pairs: tuple[AlignedDocument, ...]  # one per target language, in the order given
    disagreements: tuple[Disagreement, ...]


def align_trilingual(
    src_text: str,
    tgt_texts: Sequence[tuple[str, str]],
    src_lang: str,
    *,
    presegmented_lines: bool = False,
    src_name: str = "<source>",
    lexicons: Mapping[str, Lexicon | None] | None = None,
) -> TrilingualAlignment:
    """Align a source with two translations ((lang, text) each) and check them via the pivot.

    The two translations are also aligned with each other directly; an English sentence
    whose Russian partners through the source differ from its direct partners is reported,
    as is a source sentence left out in one translation only.
    """
    if len(tgt_texts) != 2:
        raise InputError("give exactly two translations for a pivot check", field="tgt_lang")
    pairs = tuple(
        align_texts(
            src_text,
            text,
            src_lang,
            lang,
            presegmented_lines=presegmented_lines,
            src_name=src_name,
            tgt_name=f"<{lang}>",
            lexicon=(lexicons or {}).get(lang),
        )
        for lang, text in tgt_texts
    )
    first, second = pairs
    direct = align_paragraphs(
        first.target.paragraphs, second.target.paragraphs, first.target.lang, second.target.lang
    )
    return TrilingualAlignment(
        pairs=pairs,
        disagreements=pivot_disagreements(first.beads, second.beads, direct),
    )


@dataclass(frozen=True)
class LearnedLexicon:
    """What was learned from a TM for a language pair (None: too few approved pairs), and
    at which of its versions."""

    lexicon: Lexicon | None
    version: int

    def current_at(self, version: int) -> bool:
        """Whether it may stand for the TM at `version`: learned fewer than
        `RELEARN_AFTER_COMMITS` commits before it, or at it exactly while too few pairs
        gave no lexicon (each new commit may bring enough)."""
        behind = version - self.version
        if self.lexicon is None:
            return behind == 0
        return 0 <= behind < RELEARN_AFTER_COMMITS


def learned_lexicon(
    memory: TranslationMemory, src_lang: str, tgt_lang: str, *, limit: int = 20_000
) -> LearnedLexicon:
    """The TM's lexicon for a language pair: the one kept beside a local TM while it is
    current (`LearnedLexicon.current_at`), else one learned now and kept for the next
    process. Keeping it is best effort: a TM folder that cannot take it (read-only, full)
    only means learning again next time."""
    src_code = normalize_language(src_lang, field="src_lang")
    tgt_code = normalize_language(tgt_lang, field="tgt_lang")
    version = memory.version()
    kept = _kept_lexicon_path(memory.uri, src_code, tgt_code)
    settings = _learning_settings(limit)
    if kept is not None:
        found = _read_kept_lexicon(kept, src_code, tgt_code, settings)
        if found is not None and found.current_at(version):
            return found
    learned = LearnedLexicon(_learn_lexicon(memory, src_code, tgt_code, limit), version)
    if kept is not None:
        _keep_lexicon(kept, learned, settings)
    return learned


def tm_lexicon(
    memory: TranslationMemory, src_lang: str, tgt_lang: str, *, limit: int = 20_000
) -> Lexicon | None:
    """A bilingual lexicon learned from the TM's latest approved pairs of this language
    pair, so that alignment improves as the TM grows; None while there are too few.
    Learned at most `RELEARN_AFTER_COMMITS` commits ago (see `learned_lexicon`)."""
    return learned_lexicon(memory, src_lang, tgt_lang, limit=limit).lexicon


def _learn_lexicon(
    memory: TranslationMemory, src_code: str, tgt_code: str, limit: int
) -> Lexicon | None:
    approved = (
        memory.live(statuses=("approved",))
        .filter(
            language_is("src_lang", src_code),
            language_is("tgt_lang", tgt_code),
        )
        # unit_id breaks ties (a whole import shares one changed_at), so that the same
        # version always gives the same pairs and so the same lexicon.
        .sort("changed_at", "unit_id", descending=True)
        .head(limit)
        .select("source", "target")
        .collect()
    )
    if approved.height < MIN_LEXICON_PAIRS:
        return None
    return Lexicon.learn(approved.iter_rows(), src_code, tgt_code)


# -- the lexicon kept beside a local TM, `<tm>/_lexicon/<src>-<tgt>.npz` ----------------------
#
# One file a pair, written whole to a temporary name and renamed over the old one, so that
# a reader sees either lexicon, never half of one. It holds the lexicon's arrays and a
# JSON "meta" member (format, TM version, learning settings), read with pickling refused.


def _learning_settings(limit: int) -> dict[str, object]:
    """What a kept lexicon must have been learned with to be used (JSON-comparable)."""
    return {
        "format": LEXICON_FORMAT,
        "limit": limit,
        "min_pairs": MIN_LEXICON_PAIRS,
        "min_count": MIN_COUNT,
        "min_dice": MIN_DICE,
        "per_word": PER_WORD,
    }


def _kept_lexicon_path(uri: str, src_code: str, tgt_code: str) -> Path | None:
    """Where a local TM keeps a pair's lexicon; None for a remote TM (s3://...)."""
    if "://" in uri and not uri.startswith("file://"):
        return None
    return Path(uri.removeprefix("file://")) / LEXICON_FOLDER / f"{src_code}-{tgt_code}.npz"


def _read_kept_lexicon(
    path: Path, src_code: str, tgt_code: str, settings: Mapping[str, object]
) -> LearnedLexicon | None:
    """The lexicon kept at `path` if it was learned with `settings`; None when there is
    none, or it is damaged, of another format, or half written by something else."""
    try:
        # Opened here, not by np.load, which leaves its own handle open when a file is not a zip.
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as kept:
            meta = json.loads(kept["meta"].tobytes().decode("utf-8"))
            if not isinstance(meta, dict) or meta.get("settings") != settings:
                return None
            lexicon = lexicon_from_arrays(src_code, tgt_code, kept) if meta["has_lexicon"] else None
            return LearnedLexicon(lexicon, int(meta["version"]))
    # What a missing, truncated or foreign file raises (np.load refuses a pickle with a
    # ValueError; a broken zip is neither an OSError nor a ValueError).
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None


def _keep_lexicon(path: Path, learned: LearnedLexicon, settings: Mapping[str, object]) -> None:
    """Write the lexicon for the next process; a failure is logged and removes what it
    wrote (the align that learned it goes on: it is only a shortcut)."""
    meta = {
        "settings": settings,
        "version": learned.version,
        "has_lexicon": learned.lexicon is not None,
    }
    arrays = lexicon_arrays(learned.lexicon) if learned.lexicon is not None else {}
    staging = path.with_name(f"{_STAGING_PREFIX}{uuid.uuid4().hex}.npz")
    try:
        path.parent.mkdir(exist_ok=True)
        np.savez(
            staging,
            allow_pickle=False,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            **arrays,
        )
        os.replace(staging, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)
        why = "the disk is full" if out_of_space(error) else str(error)
        _log.warning("%s: the learned lexicon was not kept (%s)", path, why)
        return
    _remove_abandoned_staging(path.parent)


def _remove_abandoned_staging(folder: Path) -> None:
    """Temporary files that a killed process left; a save in progress elsewhere stays."""
    abandoned_before = time.time() - _ABANDONED_AFTER_SECONDS
    with contextlib.suppress(OSError):
        for old in folder.glob(f"{_STAGING_PREFIX}*"):
            with contextlib.suppress(OSError):
                if old.stat().st_mtime < abandoned_before:
                    old.unlink()


def trilingual_frame(
    three: TrilingualAlignment, *, low_confidence_first: bool = False
) -> pl.DataFrame:
    """Kazakh | English | Russian side by side, one row per Kazakh-side bead of kk-en.

    The Russian column holds the Russian sentences aligned with the row's Kazakh sentences
    (through kk-ru); a row's confidence is the lower of its two beads'; `pivot` says why
    the row was flagged when kk-en and kk-ru disagree about its sentences.
    """
    from tm.quality import pair_warnings

    first, second = three.pairs
    to_second = {i: bead for bead in second.beads for i in bead.src}
    flagged: dict[int, str] = {}
    for disagreement in three.disagreements:
        for i in disagreement.kk:
            flagged.setdefault(i, disagreement.reason)
    src, tgt1, tgt2 = first.source.sentences, first.target.sentences, second.target.sentences
    rows = []
    for bead in first.beads:
        partners = [to_second[i] for i in bead.src if i in to_second]
        second_ids = sorted({j for partner in partners for j in partner.tgt})
        source = " ".join(src[i] for i in bead.src)
        texts = (" ".join(tgt1[j] for j in bead.tgt), " ".join(tgt2[j] for j in second_ids))
        warnings = [
            f"{lang}: {w.message}"
            for lang, target in zip((first.target.lang, second.target.lang), texts, strict=True)
            for w in pair_warnings(source, target, first.source.lang, lang)
        ]
        rows.append(
            {
                "kk": source,
                first.target.lang: texts[0],
                second.target.lang: texts[1],
                "score": round(min([bead.score, *(p.score for p in partners)]), 3),
                "qa": "; ".join(warnings),
                "pivot": next((flagged[i] for i in bead.src if i in flagged), ""),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "kk": pl.Utf8,
            first.target.lang: pl.Utf8,
            second.target.lang: pl.Utf8,
            "score": pl.Float64,
            "qa": pl.Utf8,
            "pivot": pl.Utf8,
        },
    )
    return frame.sort("score") if low_confidence_first else frame


def save_trilingual(
    memory: TranslationMemory,
    three: TrilingualAlignment,
    *,
    doc_id: str,
    user: str,
    wrong_language_confirmed: int = 0,
) -> ReplaceResult:
    """Both pairs of a three-way alignment in one commit, each replacing the document's
    earlier save of its pair: kk-en and kk-ru units of a Kazakh sentence share doc_id and
    seg_no, which is the three-way unit of the TM. Wrong-language targets are refused as in
    `save_alignment` (the count confirmed is for both pairs together)."""
    wrong = sum(len(wrong_language_pairs(pair)) for pair in three.pairs)
    if wrong and wrong != wrong_language_confirmed:
        raise InputError(
            f"{wrong} pairs have a target that reads as another language than the draft's; "
            f"check the drafts' languages, or confirm that all {wrong} are to be saved",
            field="tgt_lang",
        )
    units = [unit for pair in three.pairs for unit in alignment_units(pair, doc_id=doc_id)]
    scopes = [alignment_scope(pair, doc_id) for pair in three.pairs]
    return memory.replace(units, scopes, user=user)
