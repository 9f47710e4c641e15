"""Translating an article segment by segment, with the TM's help.

A `TranslationJob` is the Kazakh article split into segments (its title first, then its
sentences) plus, for each, the translation so far and its state:

    new          nothing yet
    draft        typed or pre-translated, not confirmed: kept in the job, not in the TM
    confirmed    checked (QA) and stored in the TM as a unit

Confirming a segment puts the pair into the TM at once, with its neighbours for context
matches, so the next segment can already match it; confirming it again supersedes the
earlier translation. A job can be picked up again: confirmed segments are read back from
the TM by document and position. Positions in the TM (seg_no) are those of the article's
sentences, as alignment numbers them; the title is seg_no -1.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import polars as pl

from tm.errors import InputError
from tm.formats.article import parse_article
from tm.lang import canonical_tag
from tm.quality import QAWarning, pair_warnings
from tm.segment import split_sentences
from tm.store import ReplaceResult, Scope, TranslationMemory
from tm.unit import Unit, language_is, neighbours

if TYPE_CHECKING:
    import datetime as dt

    from tm.fuzzy import FuzzyIndex, Match
    from tm.termbase import TermIndex

# The units Translate writes: one live translation per segment of a document.
TRANSLATION_ORIGIN = "translation"
TITLE_SEG_NO = -1
STATES = ("new", "draft", "confirmed")
# The prop a confirmed unit carries: "doc_id#seg_no" of the segment it translates.
SEGMENT_PROP = "x-tm-segment"
# Matches at least this good are filled in by pre-translation unless the caller says.
PRETRANSLATE_MIN_SCORE = 75
# The least match % a segment's best match has (as `tm.fuzzy.lookup` offers).
BEST_MATCH_MIN = 50


@dataclass(frozen=True)
class TranslationJob:
    doc_id: str
    src_lang: str
    tgt_lang: str
    title: str | None
    segments: tuple[str, ...]  # the title (when there is one), then the sentences in order
    paragraph_of: tuple[int, ...]  # paragraph number of each segment; -1 for the title
    targets: tuple[str | None, ...]  # the translation so far (draft or confirmed), or None
    states: tuple[str, ...] = ()  # one of STATES per segment
    date: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.states:
            states = tuple("new" if t is None else "confirmed" for t in self.targets)
            object.__setattr__(self, "states", states)

    @property
    def offset(self) -> int:
        """Segments before the first sentence: 1 with a title, else 0."""
        return 1 if self.title else 0

    @property
    def sentences(self) -> tuple[str, ...]:
        return self.segments[self.offset :]

    @property
    def done(self) -> int:
        return sum(state == "confirmed" for state in self.states)

    @property
    def progress(self) -> float:
        return self.done / len(self.segments) if self.segments else 1.0

    def seg_no(self, index: int) -> int:
        """The segment's position in the TM: its sentence number, -1 for the title."""
        return TITLE_SEG_NO if index < self.offset else index - self.offset

    def neighbours(self, index: int) -> tuple[str | None, str | None]:
        """The sentences around a sentence (`tm.unit.neighbours`); a title has none."""
        if index < self.offset:
            return None, None
        sentence = index - self.offset
        return neighbours(self.sentences, sentence, sentence)

    def scope(self, index: int) -> Scope:
        """The units a confirmation of segment `index` replaces."""
        return Scope(
            self.doc_id,
            self.src_lang,
            self.tgt_lang,
            origins=(TRANSLATION_ORIGIN,),
            seg_nos=(self.seg_no(index),),
        )

    def next_open(self, after: int = -1) -> int:
        """The first segment after `after` that is not confirmed yet (or the last one)."""
        for index in range(after + 1, len(self.segments)):
            if self.states[index] != "confirmed":
                return index
        return max(0, min(after + 1, len(self.segments) - 1))


@dataclass(frozen=True)
class Confirmation:
    job: TranslationJob
    warnings: tuple[QAWarning, ...]
    saved: ReplaceResult


def start_translation(
    memory: TranslationMemory,
    text: str,
    *,
    doc_id: str,
    tgt_lang: str,
    src_lang: str = "kk",
    source: str = "<article>",
) -> TranslationJob:
    """A job for the article (title first), with segments already translated in the TM
    filled in as confirmed."""
    src, tgt = canonical_tag(src_lang), canonical_tag(tgt_lang, field="tgt_lang")
    article = parse_article(text, source=source)
    segments: list[str] = [article.title] if article.title else []
    paragraph_of: list[int] = [-1] * len(segments)
    for number, paragraph in enumerate(article.paragraphs):
        sentences = split_sentences(paragraph, src)
        segments += sentences
        paragraph_of += [number] * len(sentences)
    if len(segments) == (1 if article.title else 0):
        raise InputError("the article has no text to translate", source=source)
    job = TranslationJob(
        doc_id,
        src,
        tgt,
        article.title,
        tuple(segments),
        tuple(paragraph_of),
        (None,) * len(segments),
        date=article.date,
    )
    # A segment is done when this document has a confirmed translation of it, or an
    # approved one however it came (an aligned and reviewed draft, an import); a
    # confirmation wins, then the newest.
    own = (
        memory.document_units(Scope(doc_id, src, tgt))
        .filter((pl.col("origin") == TRANSLATION_ORIGIN) | (pl.col("status") == "approved"))
        .sort(pl.col("origin") == TRANSLATION_ORIGIN, "changed_at")
        .select("seg_no", "source", "target")
    )
    # A confirmed pair that the TM held already (a match taken as it was) stays the unit of
    # its first document; the confirmation marks it with this segment (a prop).
    shared = (
        memory.live()
        .filter(language_is("src_lang", src), language_is("tgt_lang", tgt))
        .select("source", "target", pl.col("props").alias("prop"))
        .explode("prop")
        .filter(
            pl.col("prop").struct.field("type") == SEGMENT_PROP,
            pl.col("prop").struct.field("value").str.starts_with(f"{doc_id}#"),
        )
        .select(
            pl.col("prop")
            .struct.field("value")
            .str.split("#")
            .list.last()
            .cast(pl.Int64, strict=False)
            .alias("seg_no"),
            "source",
            "target",
        )
        .collect()
    )
    targets: list[str | None] = list(job.targets)
    for seg_no, unit_source, target in pl.concat([shared, own]).iter_rows():
        index = job.offset - 1 if seg_no == TITLE_SEG_NO else (seg_no or 0) + job.offset
        if seg_no is not None and 0 <= index < len(segments) and segments[index] == unit_source:
            targets[index] = target
    return replace(job, targets=tuple(targets), states=())


def _check_index(job: TranslationJob, index: int) -> None:
    if not 0 <= index < len(job.segments):
        raise InputError(f"no segment {index + 1}", field="segment")


def check_segment(
    job: TranslationJob, index: int, target: str, *, terms: TermIndex | None = None
) -> tuple[QAWarning, ...]:
    """The QA warnings a translation of segment `index` would get: shown before confirming
    (the termbase's checks too, given its index)."""
    _check_index(job, index)
    if not target.strip():
        return ()
    return pair_warnings(job.segments[index], target, job.src_lang, job.tgt_lang, terms=terms)


def draft_segment(job: TranslationJob, index: int, target: str) -> TranslationJob:
    """The job with `target` typed into segment `index`, not confirmed: moving to another
    segment never loses it. Clearing a draft makes the segment new again; a confirmed
    segment whose text is changed is a draft until confirmed again."""
    _check_index(job, index)
    if (job.targets[index] or "") == target:
        return job
    targets, states = list(job.targets), list(job.states)
    targets[index] = target if target.strip() else None
    states[index] = "draft" if target.strip() else "new"
    return replace(job, targets=tuple(targets), states=tuple(states))


def _unit(job: TranslationJob, index: int, target: str) -> Unit:
    before, after = job.neighbours(index)
    return Unit(
        src_lang=job.src_lang,
        tgt_lang=job.tgt_lang,
        source=job.segments[index],
        target=target,
        doc_id=job.doc_id,
        seg_no=job.seg_no(index),
        prev_source=before,
        next_source=after,
        status="draft",
        origin=TRANSLATION_ORIGIN,
        props=((SEGMENT_PROP, f"{job.doc_id}#{job.seg_no(index)}"),),
    )


def _confirmed(job: TranslationJob, done: dict[int, str]) -> TranslationJob:
    targets, states = list(job.targets), list(job.states)
    for index, target in done.items():
        targets[index], states[index] = target, "confirmed"
    return replace(job, targets=tuple(targets), states=tuple(states))


def confirm_segment(
    memory: TranslationMemory, job: TranslationJob, index: int, target: str, *, user: str
) -> Confirmation:
    """Check the translation of one segment and store it in the TM (one commit); a
    translation confirmed before for the segment is retired, never offered again."""
    _check_index(job, index)
    if not target.strip():
        raise InputError("the translation is empty", field="target")
    warnings = check_segment(job, index, target)
    saved = memory.replace(
        [_unit(job, index, target)], job.scope(index), user=user, operation="confirm"
    )
    return Confirmation(_confirmed(job, {index: target}), warnings, saved)


@dataclass(frozen=True)
class Pretranslation:
    job: TranslationJob
    filled: int  # segments given a draft from their best match
    confirmed: int  # of those, 100/101 % matches confirmed into the TM
    saved: ReplaceResult | None


def pretranslate(
    memory: TranslationMemory,
    job: TranslationJob,
    *,
    min_score: int = PRETRANSLATE_MIN_SCORE,
    confirm_exact: bool = False,
    user: str,
    best: Sequence[Match | None] | None = None,
) -> Pretranslation:
    """Fill every segment not translated yet with its best TM match scoring at least
    `min_score`, as a draft; with `confirm_exact`, 100 and 101 % matches are confirmed into
    the TM in one commit. `best`: each segment's best match, when the caller has them."""
    if best is None:
        best = best_matches(memory, job)
    drafts = job
    exact: dict[int, str] = {}
    filled = 0
    for index, match in enumerate(best):
        if job.states[index] != "new" or match is None or match.score < min_score:
            continue
        filled += 1
        if confirm_exact and match.score >= 100:
            exact[index] = match.target
        else:
            drafts = draft_segment(drafts, index, match.target)
    saved = None
    if exact:
        units = [_unit(job, index, target) for index, target in exact.items()]
        scopes = [job.scope(index) for index in exact]
        saved = memory.replace(units, scopes, user=user, operation="pretranslate")
    return Pretranslation(_confirmed(drafts, exact), filled, len(exact), saved)


def best_matches(memory: TranslationMemory, job: TranslationJob) -> list[Match | None]:
    """Each segment's best TM match (50 % or more), with its context for 101 %."""
    return rematch(memory, job, [None] * len(job.segments), range(len(job.segments)))


def _best(index: FuzzyIndex, job: TranslationJob, number: int) -> Match | None:
    before, after = job.neighbours(number)
    matches = index.lookup(
        job.segments[number],
        job.src_lang,
        job.tgt_lang,
        top=1,
        min_score=BEST_MATCH_MIN,
        prev_source=before,
        next_source=after,
    )
    return matches[0] if matches else None


def _reachable(
    job: TranslationJob, best: Sequence[Match | None], changed: Collection[int]
) -> set[int]:
    """The segments whose best match a confirmation of `changed` can change: those; every
    segment that a unit with a changed segment's source could match (by word keys, as the
    fuzzy % does); and every segment whose best match is a draft of this document, as
    Translate writes them (it may be an earlier translation that the confirmation retired,
    of a segment whose text has changed since)."""
    from tm.fuzzy import fuzzy_similarity
    from tm.fuzzy.text import keys

    found = set(changed)
    found.update(
        number
        for number, match in enumerate(best)
        if match is not None and match.doc_id == job.doc_id and match.status == "draft"
    )
    if len(found) == len(job.segments):
        return found
    words = [keys(segment, job.src_lang) for segment in job.segments]
    for one in changed:
        mine = words[one]
        for other, theirs in enumerate(words):
            if other in found or not set(mine.stems).intersection(theirs.stems):
                continue
            similarity = fuzzy_similarity(theirs.surface, mine.surface, theirs.stems, mine.stems)
            if similarity >= BEST_MATCH_MIN:
                found.add(other)
    return found


def rematch(
    memory: TranslationMemory,
    job: TranslationJob,
    best: Sequence[Match | None],
    changed: Collection[int],
) -> list[Match | None]:
    """Each segment's best match after the segments `changed` were confirmed, `best` being
    what they were before: only the segments the confirmation can change are looked up
    again (`_reachable`), so that confirming one segment costs a few lookups, not one per
    segment. `best_matches` is this with every segment changed."""
    from tm.fuzzy import index_for

    index = index_for(memory)
    again = _reachable(job, best, changed)
    return [
        _best(index, job, number) if number in again else best[number]
        for number in range(len(job.segments))
    ]


def segment_grid(job: TranslationJob, best: Sequence[Match | None]) -> pl.DataFrame:
    """The job as a translator's grid: one row per segment (the title first), with its
    state: new, fuzzy (a match of 50-99 %), 100, 101, draft or confirmed, and QA."""
    rows = []
    for index, (segment, target, state) in enumerate(
        zip(job.segments, job.targets, job.states, strict=True)
    ):
        match = best[index] if index < len(best) else None
        if state == "new" and match is not None:
            shown = str(match.score) if match.score >= 100 else "fuzzy"
        else:
            shown = state
        warnings = check_segment(job, index, target) if target else ()
        rows.append(
            {
                "segment": index + 1,
                "source": segment,
                "target": target or "",
                "status": shown,
                "match": match.score if match is not None else None,
                "qa": "; ".join(f"{w.severity}: {w.message}" for w in warnings),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "segment": pl.Int64,
            "source": pl.Utf8,
            "target": pl.Utf8,
            "status": pl.Utf8,
            "match": pl.Int64,
            "qa": pl.Utf8,
        },
    )


def translated_paragraphs(job: TranslationJob) -> list[str]:
    """The translation so far, paragraph by paragraph; open segments keep their source text.
    The title is not a paragraph (see `translated_text`)."""
    paragraphs: dict[int, list[str]] = {}
    for segment, paragraph, target in zip(job.segments, job.paragraph_of, job.targets, strict=True):
        if paragraph >= 0:
            paragraphs.setdefault(paragraph, []).append(target if target is not None else segment)
    return [" ".join(sentences) for _, sentences in sorted(paragraphs.items())]


def translated_title(job: TranslationJob) -> str | None:
    if not job.title:
        return None
    return job.targets[0] if job.targets[0] is not None else job.title


def translated_text(job: TranslationJob) -> str:
    """The translation as an article: the `date YYYY-MM-DD <title>` line when the source
    has one (the title translated if it is), then one paragraph a line."""
    lines = translated_paragraphs(job)
    title = translated_title(job)
    if job.date is not None:
        lines.insert(0, f"date {job.date.isoformat()} {title or ''}".rstrip())
    elif title:
        lines.insert(0, title)
    return "\n".join(lines) + "\n"


def translated_docx(job: TranslationJob) -> bytes:
    """The translation as a .docx: the title as a heading, one Word paragraph per paragraph."""
    import docx

    document = docx.Document()
    if title := translated_title(job):
        document.add_heading(title, level=1)
    for paragraph in translated_paragraphs(job):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def confirm_segments(
    memory: TranslationMemory,
    job: TranslationJob,
    translations: dict[int, tuple[str, str]],
    *,
    user: str,
    operation: str = "confirm",
) -> Confirmation:
    """Store translations made elsewhere (an XLIFF back from a CAT tool) for several segments
    in one commit, as `confirm_segment` stores one: `translations` maps a segment's index to
    its target and status (draft for a translator's confirmation, approved for a reviewer's).
    No QA here: the tool that made them ran its own."""
    for index, (target, _status) in translations.items():
        _check_index(job, index)
        if not target.strip():
            raise InputError(f"the translation of segment {index + 1} is empty", field="target")
    if not translations:
        return Confirmation(job, (), ReplaceResult(0, 0, 0, 0, memory.version()))
    units = [
        replace(_unit(job, index, target), status=status)
        for index, (target, status) in translations.items()
    ]
    scopes = [job.scope(index) for index in translations]
    saved = memory.replace(units, scopes, user=user, operation=operation)
    done = {index: target for index, (target, _status) in translations.items()}
    return Confirmation(_confirmed(job, done), (), saved)
