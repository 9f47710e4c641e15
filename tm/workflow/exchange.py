"""Files in and out of the app: an uploaded TM file imported, an export downloaded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tm.formats.transfer import ExportFilter, ImportResult
from tm.store import TranslationMemory
from tm.unit import Unit


@dataclass(frozen=True)
class Download:
    """An export ready to hand to a browser: the bytes, a file name, corpus statistics."""

    data: bytes
    file_name: str
    stats: list[str]


def qa_clean(unit: Unit) -> bool:
    """No error-level QA warning on the pair (the export filter "QA-clean only")."""
    from tm.quality import Severity, check_pair

    warnings = check_pair(unit.source, unit.target, unit.src_lang, unit.tgt_lang)
    return not any(warning.severity == Severity.ERROR for warning in warnings)


def chrf_against_approved(memory: TranslationMemory) -> Callable[[Unit], float]:
    """A unit's chrF against the approved translation of its segment (same document,
    position and languages): 100 for the approved unit itself, lower the more a reviewer
    changed it, and -1 where the segment has no approved translation (so a minimum
    excludes it). This is the "minimum chrF" of an export: drafts close to the final text."""
    import polars as pl

    from tm.quality import score_sentence

    approved = (
        memory.live(statuses=("approved",))
        .filter(
            pl.col("doc_id").is_not_null(),
            pl.col("seg_no").is_not_null(),
        )
        .select("doc_id", "seg_no", "src_lang", "tgt_lang", "target")
        .collect()
    )
    finals = {
        (doc_id, seg_no, src, tgt): target
        for doc_id, seg_no, src, tgt, target in approved.iter_rows()
    }

    def chrf(unit: Unit) -> float:
        final = finals.get((unit.doc_id, unit.seg_no, unit.src_lang, unit.tgt_lang))
        if final is None:
            return -1.0
        if final == unit.target:
            return 100.0
        return score_sentence(unit.target, final, "chrf").value

    return chrf


def export_download(
    memory: TranslationMemory,
    fmt: str,
    chosen: ExportFilter,
    *,
    name: str = "corpus",
    progress: Callable[[int, int], None] | None = None,
) -> Download:
    """The chosen units in one file of `fmt`; Moses's two files come zipped together.

    `progress(done, total)` hears how many of the selected units have been written."""
    import io
    import tempfile
    import zipfile
    from pathlib import Path

    from tm.formats.registry import get_format
    from tm.formats.transfer import export_file, export_stream

    target = get_format(fmt)
    if target.write_stream is not None:
        buffer = io.BytesIO()
        stats = export_stream(memory, buffer, fmt=fmt, chosen=chosen, progress=progress)
        return Download(buffer.getvalue(), f"{name}{target.extensions[0]}", stats.lines())
    with tempfile.TemporaryDirectory() as folder:
        result = export_file(memory, Path(folder) / name, fmt=fmt, chosen=chosen, progress=progress)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in result.paths:
                archive.write(path, path.name)
    return Download(buffer.getvalue(), f"{name}.{fmt}.zip", result.stats.lines())


def import_upload(
    memory: TranslationMemory,
    data: bytes,
    *,
    name: str,
    user: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """An uploaded TM file (format from its name) added in one commit; a bad record writes
    nothing. `progress(done, total)` hears how many bytes have been read."""
    import io

    from tm.formats.registry import ReadOptions
    from tm.formats.transfer import add_read, read_stream

    read = read_stream(
        io.BytesIO(data),
        name=name,
        options=ReadOptions(src_lang=src_lang, tgt_lang=tgt_lang),
        progress=progress,
        total=len(data),
    )
    return add_read(memory, read, user=user, source=name)
