"""Translating an article segment by segment, with the TM's help.

A `TranslationJob` is the Kazakh article split into sentences plus what the translator has
confirmed so far. Confirming a segment checks it (QA) and puts the pair into the TM at once,
with its neighbours for context matches, so the next segment can already match it. A job can
be picked up again: confirmed segments are read back from the TM by document and position.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from tm.errors import InputError
from tm.formats.article import parse_article
from tm.lang import normalize_language
from tm.quality import QAWarning, check_pair
from tm.segment import split_sentences
from tm.store import ReplaceResult, Scope, TranslationMemory
from tm.unit import Unit, neighbours

# The units Translate writes: one live translation per segment of a document.
TRANSLATION_ORIGIN = "translation"


@dataclass(frozen=True)
class TranslationJob:
    doc_id: str
    src_lang: str
    tgt_lang: str
    title: str | None
    segments: tuple[str, ...]  # source sentences in document order
    paragraph_of: tuple[int, ...]  # paragraph number of each segment
    targets: tuple[str | None, ...]  # confirmed translations, None while not done

    @property
    def done(self) -> int:
        return sum(target is not None for target in self.targets)

    @property
    def progress(self) -> float:
        return self.done / len(self.segments) if self.segments else 1.0

    def neighbours(self, index: int) -> tuple[str | None, str | None]:
        return neighbours(self.segments, index, index)

    def scope(self, index: int) -> Scope:
        """The units a confirmation of segment `index` replaces."""
        return Scope(
            self.doc_id,
            self.src_lang,
            self.tgt_lang,
            origins=(TRANSLATION_ORIGIN,),
            seg_nos=(index,),
        )

    def next_open(self, after: int = -1) -> int:
        """The first segment after `after` that is not confirmed yet (or the last one)."""
        for index in range(after + 1, len(self.segments)):
            if self.targets[index] is None:
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
    """A job for the article, with segments already translated in the TM filled in."""
    src, tgt = normalize_language(src_lang), normalize_language(tgt_lang, field="tgt_lang")
    article = parse_article(text, source=source)
    segments: list[str] = []
    paragraph_of: list[int] = []
    for number, paragraph in enumerate(article.paragraphs):
        sentences = split_sentences(paragraph, src)
        segments += sentences
        paragraph_of += [number] * len(sentences)
    if not segments:
        raise InputError("the article has no text to translate", source=source)
    done = memory.document_units(Scope(doc_id, src, tgt, origins=(TRANSLATION_ORIGIN,))).select(
        "seg_no", "source", "target"
    )
    targets: list[str | None] = [None] * len(segments)
    for seg_no, unit_source, target in done.iter_rows():
        if seg_no is not None and 0 <= seg_no < len(segments) and segments[seg_no] == unit_source:
            targets[seg_no] = target
    return TranslationJob(
        doc_id, src, tgt, article.title, tuple(segments), tuple(paragraph_of), tuple(targets)
    )


def confirm_segment(
    memory: TranslationMemory, job: TranslationJob, index: int, target: str, *, user: str
) -> Confirmation:
    """Check the translation of one segment and store it in the TM (one commit); a
    translation confirmed before for the segment is retired, never offered again."""
    if not 0 <= index < len(job.segments):
        raise InputError(f"no segment {index + 1}", field="segment")
    if not target.strip():
        raise InputError("the translation is empty", field="target")
    warnings = check_pair(job.segments[index], target, job.src_lang, job.tgt_lang)
    before, after = job.neighbours(index)
    unit = Unit(
        src_lang=job.src_lang,
        tgt_lang=job.tgt_lang,
        source=job.segments[index],
        target=target,
        doc_id=job.doc_id,
        seg_no=index,
        prev_source=before,
        next_source=after,
        status="draft",
        origin=TRANSLATION_ORIGIN,
    )
    saved = memory.replace([unit], job.scope(index), user=user, operation="confirm")
    targets = list(job.targets)
    targets[index] = target
    return Confirmation(replace(job, targets=tuple(targets)), tuple(warnings), saved)


def translated_paragraphs(job: TranslationJob) -> list[str]:
    """The translation so far, paragraph by paragraph; open segments keep their source text."""
    paragraphs: dict[int, list[str]] = {}
    for segment, paragraph, target in zip(job.segments, job.paragraph_of, job.targets, strict=True):
        paragraphs.setdefault(paragraph, []).append(target if target is not None else segment)
    return [" ".join(sentences) for _, sentences in sorted(paragraphs.items())]


def translated_text(job: TranslationJob) -> str:
    """The translation as plain text, one paragraph a line (the title is not translated yet)."""
    return "\n".join(translated_paragraphs(job)) + "\n"


def translated_docx(job: TranslationJob) -> bytes:
    """The translation as a .docx, one Word paragraph per paragraph."""
    import docx

    document = docx.Document()
    for paragraph in translated_paragraphs(job):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
