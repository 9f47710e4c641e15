"""Aligning an archive: the manifest, the driver's commits, reruns, failures, filters, and
the same function on Dask workers."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from tests.test_cli_job import fail_writes_midway
from tm.batch import (
    AlignTask,
    CorpusFilters,
    EngineOptions,
    ManifestRow,
    align_task,
    batch_align,
    read_manifest,
    write_manifest,
)
from tm.cli import main
from tm.errors import InputError
from tm.store import TranslationMemory
from tm.unit import Unit

NEWS = Path(__file__).resolve().parents[1] / "corpora" / "news"
STORIES = sorted(p.name for p in NEWS.iterdir() if (p / "kk.txt").exists())[:4]


def _archive(root: Path, *, broken: str | None = None) -> Path:
    """An archive laid out as an agency's export: one folder per language, a manifest."""
    for lang in ("kk", "en", "ru"):
        (root / lang).mkdir(parents=True)
    lines = ["doc_id,kk,en,ru"]
    for number, story in enumerate(STORIES):
        cells = [story]
        for lang in ("kk", "en", "ru"):
            if lang == "ru" and number == 0:
                cells.append("")  # this story has no Russian edition
                continue
            target = root / lang / f"{story}.txt"
            shutil.copy(NEWS / story / f"{lang}.txt", target)
            cells.append(f"{lang}/{story}.txt")
        lines.append(",".join(cells))
    if broken:
        (root / "en" / "broken.txt").write_bytes(b"\xff\xfe\x00broken")
        lines.append(f"{broken},kk/{STORIES[0]}.txt,en/missing.txt,")
    manifest = root / "manifest.csv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def _tm(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm")


def test_the_manifest_names_languages_and_resolves_paths(tmp_path: Path) -> None:
    rows = read_manifest(_archive(tmp_path / "a"))
    assert [row.doc_id for row in rows] == STORIES
    assert rows[0].file("ru") is None
    assert rows[1].file("en") == (tmp_path / "a" / "en" / f"{STORIES[1]}.txt").resolve()
    assert rows[1].file("kk-KZ") is not None  # lenient, as everywhere


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("kk,en\na,b\n", "header must be doc_id"),
        ("doc_id,kk,en\nd1,a.txt\n", "line 2"),
        ("doc_id,kk,en\nd1,a,b\nd1,c,d\n", "doc_id 'd1' a second time"),
        ("doc_id,kk,e n\n", "not a language tag"),
    ],
)
def test_a_bad_manifest_names_its_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_manifest(path)


def test_an_archive_is_aligned_in_one_commit_per_batch_and_a_rerun_skips_it(
    tmp_path: Path,
) -> None:
    memory = _tm(tmp_path)
    rows = read_manifest(_archive(tmp_path / "a"))
    before = memory.version()
    first = batch_align(
        memory, rows, src_lang="kk", tgt_langs=["en", "ru"], user="desk", batch_size=3
    )
    assert first.tasks == 8
    assert (first.aligned, first.missing, first.already_done) == (7, 1, 0)
    assert first.commits == 3  # 7 documents, 3 to a batch
    assert memory.version() == before + 3
    units = memory.live().collect()
    assert units.height == first.added == first.units
    assert set(units["doc_id"]) == set(STORIES)
    assert set(units["status"]) == {"aligned"}
    assert set(units["created_by"]) == {"desk"}
    again = batch_align(memory, rows, src_lang="kk", tgt_langs=["en", "ru"], user="desk")
    assert (again.aligned, again.already_done, again.commits) == (0, 7, 0)
    assert memory.version() == before + 3


def test_a_failed_document_is_reported_and_the_rest_saved(tmp_path: Path) -> None:
    memory = _tm(tmp_path)
    rows = read_manifest(_archive(tmp_path / "a", broken="lost-story"))
    result = batch_align(memory, rows, src_lang="kk", tgt_langs=["en"], user="desk")
    assert result.aligned == len(STORIES)
    [(doc_id, lang, message)] = result.failed
    assert (doc_id, lang) == ("lost-story", "en")
    assert "missing.txt" in message
    assert "lost-story" not in set(memory.live().collect()["doc_id"])


def _unit(source: str, target: str, score: float) -> Unit:
    return Unit("kk", "en", source, target, doc_id="d", align_score=score, origin="alignment")


def test_corpus_filters_count_what_each_removed() -> None:
    units = [
        _unit("Үкімет отырысы өтті.", "The government met.", 0.95),
        _unit("Үкімет отырысы өтті.", "The government met.", 0.95),  # a repeat
        _unit("Бюджет 120 млрд теңге.", "The budget is 150 billion tenge.", 0.9),  # numbers
        _unit("Жиын өтті.", "A meeting took place in the capital yesterday evening.", 0.9),
        _unit("Мектеп ашылды.", "A school opened.", 0.3),  # weak
        _unit("Ауа райы жылы болады.", "Погода будет теплой.", 0.9),  # Russian, not English
    ]
    chosen = CorpusFilters(
        min_score=0.5, qa_clean=True, max_length_ratio=3.0, language_identity=True, dedupe=True
    )
    kept, removed = chosen.apply(units)
    assert [u.target for u in kept] == ["The government met."]
    assert removed == {
        "dedupe": 1,
        "qa-clean": 1,
        "length-ratio": 1,
        "min-score": 1,
        "language-identity": 1,
    }
    assert CorpusFilters().apply(units) == (units, {})


def test_filters_run_with_the_task_on_the_worker(tmp_path: Path) -> None:
    story = NEWS / STORIES[1]
    task = AlignTask(STORIES[1], "kk", "en", story / "kk.txt", story / "en.txt")
    everything = align_task(task)
    strict = align_task(
        AlignTask(
            STORIES[1],
            "kk",
            "en",
            story / "kk.txt",
            story / "en.txt",
            filters=CorpusFilters(min_score=0.99),
        )
    )
    assert everything.error is None
    assert len(strict.units) < len(everything.units)
    assert dict(strict.removed)["min-score"] == len(everything.units) - len(strict.units)


def test_the_dask_engine_gives_the_local_result(tmp_path: Path) -> None:
    rows = read_manifest(_archive(tmp_path / "a"))
    local, dask = _tm(tmp_path / "l"), _tm(tmp_path / "d")
    serial = batch_align(local, rows, src_lang="kk", tgt_langs=["en"], user="desk")
    parallel = batch_align(
        dask,
        rows,
        src_lang="kk",
        tgt_langs=["en"],
        user="desk",
        engine="dask",
        options=EngineOptions(workers=2),
    )
    assert (parallel.aligned, parallel.units, parallel.commits) == (
        serial.aligned,
        serial.units,
        serial.commits,
    )

    def pairs(memory: TranslationMemory) -> list[tuple[str, str, str]]:
        frame = memory.live().select("doc_id", "source", "target").collect()
        return sorted(frame.rows())

    assert pairs(dask) == pairs(local)


def test_the_cli_runs_an_archive_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _archive(tmp_path / "a")
    tm = str(tmp_path / "tm")
    args = ["batch", "align", str(manifest), "--tgt-lang", "en,ru", "--tm", tm, "--qa-clean"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "7 of 8 document pairs aligned" in first
    assert "1 without a file" in first
    assert main(args) == 0
    assert "0 of 8 document pairs aligned (7 done before" in capsys.readouterr().out


def _unlabelled_archive(root: Path) -> dict[str, str]:
    """Stories under unrelated names in kk/ and en/ (one English edition missing); returns
    the truth: Kazakh file stem -> English file name."""
    truth = {}
    for lang in ("kk", "en"):
        (root / lang).mkdir(parents=True)
    for number, story in enumerate(STORIES):
        shutil.copy(NEWS / story / "kk.txt", root / "kk" / f"item-{number}.txt")
        if number == 3:
            continue  # this story was never published in English
        name = f"en-{(number * 7) % 10}.txt"
        shutil.copy(NEWS / story / "en.txt", root / "en" / name)
        truth[f"item-{number}"] = name
    return truth


def test_without_a_manifest_stories_are_matched_then_aligned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = _unlabelled_archive(tmp_path / "a")
    manifest = tmp_path / "a" / "found.csv"
    assert main(["batch", "match", str(tmp_path / "a"), "--out", str(manifest)]) == 0
    rows = read_manifest(manifest)
    found = {row.doc_id: row.file("en") for row in rows}
    assert {doc: path.name for doc, path in found.items() if path} == truth
    assert found["item-3"] is None
    capsys.readouterr()
    tm = str(tmp_path / "tm")
    assert main(["batch", "align", str(tmp_path / "a"), "--tm", tm]) == 0
    report = capsys.readouterr().out
    assert "3 stories matched" in report
    assert "3 of 4 document pairs aligned" in report
    assert set(TranslationMemory.open(tm).live().collect()["doc_id"]) == set(truth)


@pytest.mark.parametrize("named", [False, True], ids=["unnamed temporary", "named temporary"])
def test_a_failed_manifest_write_leaves_the_previous_manifest_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    manifest = folder / "manifest.csv"
    row = ManifestRow("d1", (("kk", folder / "kk" / "d1.txt"), ("en", folder / "en" / "d1.txt")))
    write_manifest([row], ["kk", "en"], manifest)
    before = manifest.read_bytes()
    assert before == b"doc_id,kk,en\nd1,kk/d1.txt,en/d1.txt\n"

    fail_writes_midway(monkeypatch, named=named)
    other = ManifestRow("d2", (("kk", folder / "kk" / "d2.txt"),))
    with pytest.raises(OSError, match="No space left") as failed:
        write_manifest([row, other], ["kk", "en"], manifest)
    assert (failed.value.errno, failed.value.filename) == (errno.ENOSPC, str(manifest))
    assert manifest.read_bytes() == before
    assert os.listdir(folder) == ["manifest.csv"]
