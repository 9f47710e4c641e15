"""AppTest: every page renders against a real temporary TM; the Align page does its job."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

import tm
from tests.conftest import ROOT
from tm.demo import open_default_tm
from tm.store import TranslationMemory, Unit

PAGES = [
    "ui/pages/documents.py",
    "ui/pages/align.py",
    "ui/pages/trilingual.py",
    "ui/pages/translate.py",
    "ui/pages/memory.py",
    "ui/pages/quality.py",
    "ui/pages/export.py",
    "ui/pages/terms.py",
]
TIMEOUT = 60


def start(page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    return app


@pytest.fixture(autouse=True)
def fresh_app_state(tm_dir: Path) -> None:
    # The TM handle is cached across sessions; each test gets its own TM folder.
    import ui.cache

    ui.cache.memory.clear()
    ui.cache.library.clear()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page: str) -> None:
    app = start(page)
    assert not app.exception
    assert app.title[0].value


def test_memory_page_shows_the_seeded_demo_tm(tm_dir: Path) -> None:
    app = start("ui/pages/memory.py")
    expected = TranslationMemory(str(tm_dir)).stats().units
    assert expected > 100
    assert app.metric[0].value == f"{expected:,}"


def test_align_page_aligns_the_demo_and_saves_the_pairs(tm_dir: Path) -> None:
    app = start()
    assert app.title[0].value == "Align & review"
    app.button[0].click().run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table.shape[0] >= 75
    assert "Астанада" in table["source"][0]
    assert "Astana" in table["target"][0]

    before = open_default_tm(str(tm_dir)).stats()
    save = next(b for b in app.button if "Save" in b.label)
    save.click().run()
    assert not app.exception
    assert "Saved" in app.success[0].value
    # The demo's gold pairs live in the demo's own document: a save of the same pairs under
    # another document id leaves them there, approved; only pairs the gold lacks are new.
    after = TranslationMemory(str(tm_dir)).stats()
    assert after.by_status["approved"] == before.by_status["approved"]
    assert after.units >= before.units


def test_align_page_aligns_with_the_russian_draft() -> None:
    app = start()
    app.get("button_group")[0].set_value("ru").run()
    app.button[0].click().run()
    assert not app.exception
    assert "Астане" in app.dataframe[0].value["target"][0]


def test_an_upload_that_is_not_text_is_refused_with_its_name() -> None:
    app = start()
    app.radio[0].set_value("Paste text").run()
    app.text_area[0].input("date 2025-13-45 Broken\nБір сөйлем.").run()
    app.button[0].click().run()
    assert not app.exception
    assert "bad date" in app.error[0].value


def _button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label.startswith(label))


def test_review_approve_above_threshold_undo_and_save_approved(tm_dir: Path) -> None:
    TranslationMemory.create(tm_dir)  # empty, not seeded: every saved pair is new
    app = start()
    _button(app, "Align").click().run()
    _button(app, "Approve all").click().run()
    assert not app.exception
    approved = app.dataframe[0].value["approved"]
    assert 0 < int(approved.sum()) < len(approved)

    _button(app, "Undo").click().run()
    assert int(app.dataframe[0].value["approved"].sum()) == 0
    _button(app, "Approve all").click().run()

    _button(app, "Save").click().run()
    assert not app.exception
    saved = TranslationMemory(str(tm_dir)).units()
    assert set(saved["status"]) == {"approved", "aligned"}
    assert (saved["status"] == "approved").sum() == int(approved.sum())
    assert "Low confidence first" in [t.label for t in app.toggle]


def test_edit_tools_wait_for_a_single_selected_row() -> None:
    app = start()
    _button(app, "Align").click().run()
    for label in ("Merge with next", "Split", "Unpair", "Move target up", "Move target down"):
        assert _button(app, label).disabled


def test_memory_page_filters_units_by_text_and_status() -> None:
    app = start("ui/pages/memory.py")
    app.text_input(key="memory_contains").input("астана").run()
    app.multiselect(key="memory_statuses").select("approved").run()
    assert not app.exception
    shown = app.dataframe[2].value
    assert shown.shape[0] > 0
    for source, target in zip(shown["source"], shown["target"], strict=True):
        assert "астана" in (source + target).lower()


def test_unit_editor_edits_and_shows_history(tm_dir: Path) -> None:
    memory = TranslationMemory.create(tm_dir)
    memory.add([Unit("kk", "en", "Сәлем.", "Hi.")], user="seed")
    unit_id = memory.units()["unit_id"].item()

    def editor(uri: str, unit_id: str) -> None:
        import tm as library
        from ui.components import unit_editor

        unit_editor.show(library.TranslationMemory(uri), unit_id, user="editor", key="u")

    app = AppTest.from_function(editor, args=(str(tm_dir), unit_id), default_timeout=TIMEOUT)
    app.run()
    app.text_area(key="u_target").input("Hello.")
    next(b for b in app.button if b.label == "Save changes").click().run()
    assert not app.exception
    assert memory.unit(unit_id)["target"] == "Hello."
    next(b for b in app.button if b.label == "Approve").click().run()
    assert memory.unit(unit_id)["status"] == "approved"
    history = app.dataframe[0].value
    assert list(history["change"]) == ["insert", "update", "update"]


def test_documents_page_lists_the_demo_with_progress_and_adds_a_pasted_article() -> None:
    app = start("ui/pages/documents.py")
    table = app.dataframe[0].value
    demo = table[table["doc_id"] == "kazinform-2025-11-18-karis"]
    assert demo["kk sentences"].iloc[0] == 83
    assert 0.9 < demo["en approved"].iloc[0] <= 1.0

    app.radio(key="docs_kk_choice").set_value("Paste text").run()
    app.text_area(key="docs_kk_paste").input("date 2025-11-20 Жаңа\nБір сөйлем. Екі сөйлем.").run()
    app.text_input(key="docs_id").input("zhana").run()
    next(b for b in app.button if b.label == "Save document").click().run()
    assert not app.exception
    assert "Saved zhana" in app.success[0].value
    assert "zhana" in list(app.dataframe[0].value["doc_id"])


def test_with_oidc_configured_pages_wait_for_login() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only-secret",
        "client_id": "workbench",
        "client_secret": "test-only",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    app.run()
    assert not app.exception
    assert any(b.label == "Log in" for b in app.sidebar.button)
    assert not app.dataframe
    assert "Log in to work" in app.info[0].value


def test_quality_page_scores_a_draft_and_summarises_the_tm() -> None:
    app = start("ui/pages/quality.py")
    assert not app.exception
    documents = app.dataframe[0].value
    assert "kazinform-2025-11-18-karis" in list(documents["doc_id"])
    app.text_area(key="quality_hyp").input("The president arrived.\nTalks were held.")
    app.text_area(key="quality_ref").input("The president arrived.\nTalks took place.").run()
    next(b for b in app.button if b.label == "Score").click().run()
    assert not app.exception
    scores = app.dataframe[0].value
    assert next(iter(scores["metric"])).startswith("chrF")
    assert 0 < scores["score"].iloc[0] < 100
    assert "nrefs:1" in scores["signature"].iloc[0]
    worst = app.dataframe[1].value
    assert next(iter(worst["line"])) == 2


def _demo_pairs_elsewhere(tm_dir: Path) -> TranslationMemory:
    """A TM holding the demo's gold pairs under another document: every sentence of the
    demo article has a match, none is translated for the demo document itself."""
    from dataclasses import replace

    from tm.demo import demo_units

    return TranslationMemory.create(
        tm_dir, [replace(unit, doc_id="elsewhere") for unit in demo_units()], user="seed"
    )


def _progress(app: AppTest) -> str:
    return str(app.get("progress")[0].proto.text)


def test_translate_page_is_a_grid_the_title_first_with_matches_and_confirmations(
    tm_dir: Path,
) -> None:
    memory = _demo_pairs_elsewhere(tm_dir)
    app = start("ui/pages/translate.py")
    assert not app.exception
    assert "0 of 84 segments confirmed" in _progress(app)
    grid = app.dataframe[0].value
    assert len(grid) == 84
    assert grid["source"].iloc[0].startswith("Президент Алар Карис")  # the title first
    assert set(grid["status"]) <= {"new", "fuzzy", "100", "101"}
    assert grid["status"].isin(["100", "101"]).sum() > 60
    assert "Title of 84" in app.subheader[0].value

    app.text_area(key="translate_target").input("President Alar Karis: a gateway to Asia")
    _button(app, "Confirm").click().run()
    assert not app.exception
    assert "1 of 84 segments confirmed" in _progress(app)
    assert "Segment 2 of 84" in app.subheader[0].value
    assert any(m.value.startswith("### 101%") for m in app.markdown)
    next(b for b in app.button if b.label == "Use").click().run()
    taken = app.text_area(key="translate_target").value
    assert taken.startswith("ASTANA, Nov. 18")
    _button(app, "Confirm").click().run()
    assert "2 of 84 segments confirmed" in _progress(app)
    # Picked up again (a new session), both confirmations are there: the title as a new
    # unit, the taken match as the unit it was, marked with this segment.
    from tm.demo import DEMO_DOC_ID, demo_article

    again = tm.start_translation(memory, demo_article("kk").text, doc_id=DEMO_DOC_ID, tgt_lang="en")
    assert again.states[:3] == ("confirmed", "confirmed", "new")


def test_typed_text_survives_moving_away_and_qa_shows_before_confirming(tm_dir: Path) -> None:
    _demo_pairs_elsewhere(tm_dir)
    app = start("ui/pages/translate.py")
    _button(app, "Next").click().run()
    app.text_area(key="translate_target").input("Trade reached 5 million euros.").run()
    assert any("QA" in w.value for w in app.warning)  # before any confirmation
    _button(app, "Next").click().run()
    _button(app, "Previous").click().run()
    assert app.text_area(key="translate_target").value == "Trade reached 5 million euros."
    assert "draft" in app.subheader[0].value


def test_pretranslation_fills_the_grid_and_confirms_exact_matches(tm_dir: Path) -> None:
    _demo_pairs_elsewhere(tm_dir)
    app = start("ui/pages/translate.py")
    app.checkbox(key="pretranslate_exact").check()
    _button(app, "Pre-translate").click().run()
    assert not app.exception
    assert "Pre-translated" in app.info[0].value
    confirmed = int(_progress(app).split(" of ")[0])
    assert confirmed > 60
    statuses = app.dataframe[0].value["status"].to_list()
    assert statuses.count("confirmed") == confirmed


def test_translate_page_concordance_finds_inflected_kazakh() -> None:
    app = start("ui/pages/translate.py")
    app.text_input(key="translate_term").input("Эстония").run()
    assert not app.exception
    hits = next(d.value for d in app.dataframe if "hit" in d.value.columns)
    assert len(hits) > 5
    assert any(hit != "Эстония" and hit.startswith("Эстония") for hit in hits["hit"])


def test_align_page_shows_qa_warnings_per_pair() -> None:
    app = start()
    app.radio(key="align_source_choice").set_value("Paste text").run()
    app.text_area(key="align_source_paste").input("Сауда 50 миллион еуро болды.").run()
    app.radio(key="align_target_choice").set_value("Paste text").run()
    app.text_area(key="align_target_paste").input("Trade reached €5 million.").run()
    _button(app, "Align").click().run()
    assert not app.exception
    qa = app.dataframe[0].value["qa"]
    assert "50" in qa.iloc[0]


def test_export_page_prepares_a_tmx_download_of_the_approved_pairs() -> None:
    app = start("ui/pages/export.py")
    assert not app.exception
    app.selectbox(key="export_format").set_value("tmx").run()
    next(b for b in app.button if b.label == "Prepare the export").click().run()
    assert not app.exception
    stats = app.code[0].value
    assert "units: 154" in stats
    assert "language pair kk-en: 77" in stats
    download = app.get("download_button")[0]
    assert "corpus.tmx" in download.proto.label


def test_export_page_zips_moses_files() -> None:
    app = start("ui/pages/export.py")
    app.selectbox(key="export_format").set_value("moses").run()
    app.multiselect(key="export_pairs").select("kk-ru").run()
    next(b for b in app.button if b.label == "Prepare the export").click().run()
    assert not app.exception
    assert "units: 77" in app.code[0].value
    assert app.get("download_button")[0].proto.label.endswith(".zip")


def test_three_languages_side_by_side_with_pivot_flags_then_saved(tm_dir: Path) -> None:
    TranslationMemory.create(tm_dir)  # empty: every saved pair is new
    app = start("ui/pages/trilingual.py")
    next(b for b in app.button if b.label == "Align all three").click().run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table.columns)[:3] == ["kk", "en", "ru"]
    first = table.iloc[0]
    assert "Астанада" in first["kk"]
    assert "Astana" in first["en"]
    assert "Астане" in first["ru"]
    assert (table["pivot"] != "").sum() >= 4
    next(b for b in app.button if b.label.startswith("Save both")).click().run()
    assert not app.exception
    units = TranslationMemory(str(tm_dir)).units()
    assert set(units["tgt_lang"]) == {"en", "ru"}
    shared = units.group_by("seg_no").agg(pl.col("tgt_lang").n_unique().alias("langs"))
    assert (shared["langs"] == 2).sum() > 60


def _select(app: AppTest, rows: list[int]) -> None:
    """Select rows of the review table as a click on them would."""
    edits = app.session_state["align_edits"] if "align_edits" in app.session_state else 0  # noqa: SIM401 (AppTest state has no get)
    app.session_state[f"align_pairs_{edits}"] = {
        "selection": {"rows": rows, "columns": [], "cells": []}
    }


def _live_pairs_shown(app: AppTest) -> set[tuple[str, str]]:
    table = app.dataframe[0].value
    return {(s, t) for s, t in zip(table["source"], table["target"], strict=True) if s and t}


def test_an_editors_run_leaves_exactly_the_last_save_live(tm_dir: Path) -> None:
    memory = TranslationMemory.create(tm_dir)
    app = start()
    _button(app, "Align").click().run()
    doc_id = next(t for t in app.text_input if t.label == "Document id").value

    def live() -> set[tuple[str, str]]:
        frame = memory.live().filter(pl.col("doc_id") == doc_id).collect()
        return set(zip(frame["source"], frame["target"], strict=True))

    _button(app, "Save").click().run()
    assert live() == _live_pairs_shown(app)
    # Fix: merge two beads that both pair text, approve all, save again.
    table = app.dataframe[0].value
    paired = [bool(s and t) for s, t in zip(table["source"], table["target"], strict=True)]
    row = next(r for r in range(len(paired) - 1) if paired[r] and paired[r + 1])
    _select(app, [row])
    app.run()
    _button(app, "Merge with next").click().run()
    assert not app.exception
    _button(app, "Approve all").click().run()
    assert "skipped" in app.info[0].value
    _button(app, "Save").click().run()
    assert not app.exception
    assert "2 earlier pairs retired" in app.success[0].value
    assert live() == _live_pairs_shown(app)

    # Fix again: split it back; the merged unit is retired in its turn.
    _select(app, [row])
    app.run()
    _button(app, "Split").click().run()
    _button(app, "Save").click().run()
    assert "1 earlier pairs retired" in app.success[0].value
    assert live() == _live_pairs_shown(app)
    # The two 1-1 pairs are live again (the same pairs: revived, not duplicated); only the
    # merged one is retired now.
    retired = memory.scan().filter(pl.col("status") == "retired").collect()
    assert retired.height == 1
    assert memory.scan().collect().height == len(live()) + 1
    from tm.fuzzy import lookup

    for source in retired["source"]:
        offered = {m.unit_id for m in lookup(memory, source, "kk", "en")}
        assert not offered & set(retired["unit_id"])


def test_a_translators_re_confirmation_supersedes_the_first(tm_dir: Path) -> None:
    memory = TranslationMemory.create(tm_dir)
    app = start("ui/pages/translate.py")
    for text in ("President Karis: first take", "President Karis: second take"):
        app.text_area(key="translate_target").input(text)
        _button(app, "Confirm").click().run()
        assert not app.exception
        _button(app, "Previous").click().run()
    confirmed = memory.live().filter(pl.col("origin") == "translation").collect()
    assert confirmed["target"].to_list() == ["President Karis: second take"]
    assert memory.scan().filter(pl.col("status") == "retired").collect().height == 1
    assert app.text_area(key="translate_target").value == "President Karis: second take"


def test_a_russian_draft_saved_as_english_needs_its_count_confirmed(tm_dir: Path) -> None:
    memory = TranslationMemory.create(tm_dir)
    app = start()
    app.radio(key="align_target_choice").set_value("Paste text").run()
    app.text_area(key="align_target_paste").input(
        "date 2025-11-18 Президент Алар Карис\n"
        + (ROOT / "corpora" / "karis" / "ru.txt").read_text(encoding="utf-8").split("\n", 2)[1]
    )
    app.run()
    _button(app, "Align").click().run()
    assert not app.exception
    assert "does not read as 'en'" in app.warning[0].value
    _button(app, "Save").click().run()
    assert "reads as another language" in app.error[0].value
    assert memory.stats().units == 0
    app.checkbox(key="align_wrong_language_ok").check().run()
    _button(app, "Save").click().run()
    assert "Saved" in app.success[0].value
    assert memory.stats().units > 0


def test_a_partial_draft_is_said_to_cover_only_the_opening() -> None:
    story = ROOT / "corpora" / "news" / "03-spring-flood-warning"
    app = start()
    for side, lang in (("source", "kk"), ("target", "en")):
        app.radio(key=f"align_{side}_choice").set_value("Paste text").run()
        app.text_area(key=f"align_{side}_paste").input(
            (story / f"{lang}.txt").read_text(encoding="utf-8")
        )
    app.run()
    _button(app, "Align").click().run()
    assert not app.exception
    assert "The draft covers sentences 1–6 of 15" in app.info[0].value


def test_review_filters_show_only_the_pairs_asked_for() -> None:
    app = start()
    _button(app, "Align").click().run()
    every = app.dataframe[0].value
    app.multiselect(key="align_filter_kinds").select("2-1").run()
    merged = app.dataframe[0].value
    assert 0 < len(merged) < len(every)
    assert set(merged["kind"]) == {"2-1"}
    app.multiselect(key="align_filter_kinds").unselect("2-1").run()
    app.checkbox(key="align_filter_low").check().run()
    low = app.dataframe[0].value
    assert all(score < 0.9 for score in low["score"])


def test_an_unsaved_review_survives_a_reload_until_it_is_saved(tm_dir: Path) -> None:
    TranslationMemory.create(tm_dir)
    first = start()
    _button(first, "Align").click().run()
    _button(first, "Approve all").click().run()
    approved = int(first.dataframe[0].value["approved"].sum())
    assert approved > 0

    reloaded = start()  # a new session: what a reload or a lost connection gives
    _button(reloaded, "Align").click().run()
    assert "Resumed your unsaved review" in reloaded.info[0].value
    assert int(reloaded.dataframe[0].value["approved"].sum()) == approved
    _button(reloaded, "Save").click().run()
    assert "Saved" in reloaded.success[0].value

    after_save = start()
    _button(after_save, "Align").click().run()
    assert not any("Resumed" in info.value for info in after_save.info)


# --- Export and Quality pages (issue #13) -------------------------------------------------


def _prepare_export(app: AppTest) -> None:
    _button(app, "Prepare the export").click().run()
    assert not app.exception


def _export_shown(app: AppTest) -> bool:
    return bool(app.get("download_button")) or bool(app.code)


@pytest.mark.parametrize(
    "change",
    [
        lambda app: app.selectbox(key="export_format").set_value("jsonl"),
        lambda app: app.multiselect(key="export_pairs").select("kk-ru"),
        lambda app: app.multiselect(key="export_statuses").select("draft"),
        lambda app: app.slider(key="export_min_score").set_value(0.5),
        lambda app: app.text_input(key="export_docs").input("elsewhere"),
        lambda app: app.checkbox(key="export_dedupe").check(),
    ],
    ids=["format", "pairs", "statuses", "min-score", "documents", "dedupe"],
)
def test_export_download_and_statistics_belong_to_the_filter_they_were_made_with(
    change,  # type: ignore[no-untyped-def]
) -> None:
    app = start("ui/pages/export.py")
    app.selectbox(key="export_format").set_value("tmx").run()
    _prepare_export(app)
    assert "units: 154" in app.code[0].value
    change(app).run()
    assert not app.exception
    assert not _export_shown(app)
    _prepare_export(app)
    assert _export_shown(app)
    app.run()  # a rerun with the same filters (e.g. the download click) keeps it
    assert _export_shown(app)


def test_export_statistics_are_of_the_new_filter_once_prepared_again() -> None:
    app = start("ui/pages/export.py")
    _prepare_export(app)
    assert "units: 154" in app.code[0].value
    app.multiselect(key="export_pairs").select("kk-ru").run()
    assert not app.code
    _prepare_export(app)
    assert "units: 77" in app.code[0].value
    assert len(app.get("download_button")) == 1


def _score_draft(app: AppTest, draft: str, reference: str) -> None:
    app.text_area(key="quality_hyp").input(draft)
    app.text_area(key="quality_ref").input(reference).run()
    _button(app, "Score").click().run()
    assert not app.exception


def test_quality_page_explains_each_score_with_its_signature() -> None:
    import re

    app = start("ui/pages/quality.py")
    _score_draft(
        app, "The president arrived.\nTalks were held.", "The president arrived.\nTalks took place."
    )
    # As a reader sees them: the captions' Markdown escapes taken out.
    notes = [re.sub(r"\\(.)", r"\1", caption.value) for caption in app.caption]
    for name, direction in [
        ("chrF2 =", "higher is better"),
        ("chrF2++ =", "higher is better"),
        ("BLEU =", "higher is better"),
        ("TER =", "lower is better"),
    ]:
        (note,) = [n for n in notes if n.startswith(name)]
        assert direction in note
        assert "nrefs:1" in note  # the sacrebleu signature it was computed with
        assert "100" in note  # the range
    chrf = next(n for n in notes if n.startswith("chrF2 ="))
    assert "letter sequences" in chrf
    assert "word edits" in next(n for n in notes if n.startswith("TER ="))


def test_quality_page_weakest_segments_show_the_draft_and_the_reference() -> None:
    app = start("ui/pages/quality.py")
    _score_draft(
        app,
        "The president arrived.\nTalks were held.\n<b>Bold</b> *claim*",
        "The president arrived.\nTalks took place.\nA different sentence altogether.",
    )
    worst = app.dataframe[1].value
    assert list(worst.columns) == ["line", "score", "draft", "reference"]
    weakest = worst.iloc[0]
    assert weakest["line"] == 3
    assert weakest["draft"] == "<b>Bold</b> *claim*"  # as typed: data, not markup
    assert weakest["reference"] == "A different sentence altogether."
    second = worst.iloc[1]
    assert (second["draft"], second["reference"]) == ("Talks were held.", "Talks took place.")


def test_quality_page_confidence_chart_reads_in_bins_of_one_tenth() -> None:
    import pyarrow as pa

    app = start("ui/pages/quality.py")
    assert not app.exception
    chart = app.get("vega_lite_chart")[0].proto
    assert '"field": "bin"' in chart.spec
    (dataset,) = chart.datasets
    data = pa.ipc.open_stream(dataset.data.data).read_all().to_pydict()
    assert data["bin"] == [f"0.{n}–{'1.0' if n == 9 else f'0.{n + 1}'}" for n in range(10)]
    assert sum(data["units"]) == 154
    assert data["units"][-1] > 0  # the demo's gold pairs are confident


def test_pair_a_source_with_a_target_in_one_step() -> None:
    app = start()
    _button(app, "Align").click().run()
    before = app.dataframe[0].value
    _select(app, [0, 2])  # the source of row 0 with the target of row 2
    app.run()
    _button(app, "Pair").click().run()
    assert not app.exception
    after = app.dataframe[0].value
    first_source = before["source"].iloc[0]
    row = after[after["source"] == first_source]
    assert row["target"].iloc[0] == before["target"].iloc[2]
    assert len(after) > len(before)  # what stood between now stands alone


def test_translate_offers_fragments_when_no_whole_match_is_close(tm_dir: Path) -> None:
    memory = TranslationMemory.create(tm_dir)
    memory.add(
        [
            Unit("kk", "en", "Эстония Президенті Алар Карис", "Estonian President Alar Karis",
                 status="approved", origin="import:tsv"),
        ],
        user="seed",
    )  # fmt: skip
    app = start("ui/pages/translate.py")
    _button(app, "Next").click().run()  # the first sentence: "... Эстония Президенті Алар ..."
    assert not app.exception
    assert any("Fragments the TM knows" in m.value for m in app.markdown)
    assert any("Estonian President Alar Karis" in c.value for c in app.caption)
    _button(app, "Insert").click().run()
    assert app.text_area(key="translate_target").value == "Estonian President Alar Karis"
