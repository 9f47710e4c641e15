"""Issue 16's bounded inputs, one-line errors and clean text: one set of limits (`tm.limits`)
that the readers, the segmenter, concordance, the CLI and the app share; arguments that
cannot be right refused by argparse; and no unit entering the TM with a character that
breaks its exports or a re-import.

The hostile files themselves (Parquet and .docx bombs, seg_no past 64 bits, times that
overflow, control characters, Parquet nulls) are cases of tests/hostile_inputs.py, run with
a memory bound by tests/test_hostile_files.py.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import tm.limits as limits
from tests.hostile_inputs import POISON, parquet_bytes
from tm.cli import main
from tm.errors import FormatError, InputError, LanguageError, TMError
from tm.formats.article import Article, parse_article
from tm.formats.registry import WriteOptions, get_format
from tm.formats.transfer import export_file
from tm.fuzzy import concordance
from tm.segment import segment_article, segment_text, sentence_spans
from tm.store import TranslationMemory
from tm.unit import Unit, checked_unit, clean_text

ROOT = Path(__file__).resolve().parents[1]

# --- one set of limits ---------------------------------------------------------------------


def _table() -> dict[str, str]:
    """The limits the module's docstring lists, by name, with the value it gives."""
    rows = re.findall(r"^([A-Z_]+)\s+(\d[\d,]*(?: MiB)?)\s", limits.__doc__ or "", re.MULTILINE)
    return dict(rows)


def _value(text: str) -> int:
    number, _, unit = text.partition(" ")
    return int(number.replace(",", "")) << (20 if unit == "MiB" else 0)


def test_every_limit_is_documented_in_the_table_with_its_value() -> None:
    constants = {
        name: getattr(limits, name) for name in dir(limits) if name.isupper() and name[0] != "_"
    }
    table = _table()
    assert set(table) == set(constants)
    assert {name: _value(text) for name, text in table.items()} == constants


def test_the_apps_server_cuts_uploads_at_the_same_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # Streamlit's "megabytes" are MiB: the server multiplies by 1024 * 1024.
    assert config["server"]["maxUploadSize"] << 20 == limits.MAX_UPLOAD_BYTES


def test_the_readers_limits_are_the_same_numbers() -> None:
    from tm.formats import registry, tabular, tmx, xliff
    from tm.library import MAX_TEXT_CHARS

    assert registry.MAX_LINE_CHARS == limits.MAX_RECORD_CHARS
    assert tabular._MAX_ROW_CHARS == limits.MAX_RECORD_CHARS
    assert tmx.MAX_TOKEN_BYTES == limits.MAX_XML_TOKEN_BYTES
    assert xliff.MAX_XLIFF_BYTES == limits.MAX_XLIFF_BYTES
    assert MAX_TEXT_CHARS == limits.MAX_ARTICLE_CHARS


def test_an_article_fits_an_upload_and_a_document_fits_the_character_limit() -> None:
    assert limits.MAX_DOCUMENT_BYTES <= limits.MAX_UPLOAD_BYTES
    # Any text of MAX_ARTICLE_CHARS characters fits the byte limit in UTF-8 (at most 4
    # bytes a character), so the character limit is the one a real article meets.
    assert limits.MAX_ARTICLE_CHARS * 4 <= limits.MAX_DOCUMENT_BYTES


@pytest.mark.parametrize(
    ("count", "text"), [(8 << 20, "8 MiB"), (1536 << 10, "1.5 MiB"), (1500, "1,500 bytes")]
)
def test_sizes_read_as_a_person_reads_them(count: int, text: str) -> None:
    assert limits.size(count) == text


# --- the app's uploads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("story.txt", limits.MAX_DOCUMENT_BYTES),
        ("STORY.MD", limits.MAX_DOCUMENT_BYTES),
        ("story.docx", limits.MAX_UPLOAD_BYTES),
    ],
)
def test_an_uploaded_article_is_bounded_by_the_limits_of_tm_limits(name: str, limit: int) -> None:
    from ui.components.article import upload_limit

    assert upload_limit(name) == limit


def _app_page(page: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`page` of the app on a fresh single-user TM, its user typed in."""
    from streamlit.testing.v1 import AppTest

    import ui.cache

    monkeypatch.delenv("WORKBENCH_USER", raising=False)
    ui.cache.memory.clear()
    ui.cache.library.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception
    return app


def test_an_article_file_above_its_limit_is_refused_naming_file_and_limit(
    tm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.components import text

    app = _app_page("ui/pages/align.py", monkeypatch)
    app.radio(key="align_source_choice").set_value("Upload a file").run()
    big = b"x" * (limits.MAX_DOCUMENT_BYTES + 1)
    app.file_uploader(key="align_source_file").set_value(("big.txt", big, "text/plain")).run()
    assert not app.exception
    message = text.shown(app.error[0].value)
    assert "big.txt is 8.0 MiB; the limit is 8 MiB for a .txt article." in message


def test_a_tm_file_above_the_upload_limit_is_refused_naming_file_and_limit(
    tm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.components import text

    app = _app_page("ui/pages/memory.py", monkeypatch)
    before = TranslationMemory.open(tm_dir).version()
    big = b"kk\ten\n" + b"x" * limits.MAX_UPLOAD_BYTES
    app.file_uploader(key="memory_import").set_value(("desk.tsv", big, "text/plain")).run()
    next(b for b in app.button if b.label == "Import").click().run()
    assert not app.exception
    message = text.shown(app.error[0].value)
    assert "desk.tsv is 20.0 MiB; the limit is 20 MiB for a TM file uploaded to the app" in message
    assert TranslationMemory.open(tm_dir).version() == before


# --- articles and segmentation ------------------------------------------------------------

PARAGRAPHS = limits.MAX_ARTICLE_PARAGRAPHS


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Иә.\n" * (PARAGRAPHS + 1), PARAGRAPHS + 1, "more than 10,000 paragraphs"),
        ("date 2025-01-01 T\n" + "Иә.\n" * (PARAGRAPHS + 1), PARAGRAPHS + 2, "paragraphs"),
        ("Иә.\n\n" + "а" * (limits.MAX_PARAGRAPH_CHARS + 1), 3, "paragraph 2 has 100,001"),
        ("а\n" * (limits.MAX_ARTICLE_CHARS // 2 + 1), None, "more than the 2,000,000"),
        ("Иә.\nа\x07б\n", 2, "U+0007"),
    ],
    ids=["paragraphs", "paragraphs-after-date", "paragraph-chars", "article-chars", "control"],
)
def test_an_article_past_a_limit_is_refused_naming_the_file_and_line(
    text: str, line: int | None, message: str
) -> None:
    with pytest.raises(FormatError) as caught:
        parse_article(text, source="a.txt")
    assert (caught.value.source, caught.value.line) == ("a.txt", line)
    assert message in str(caught.value)


def test_an_article_at_the_limits_is_read() -> None:
    article = parse_article(
        "а" * limits.MAX_PARAGRAPH_CHARS + "\n" + "Иә.\n" * (PARAGRAPHS - 1), source="a.txt"
    )
    assert len(article.paragraphs) == PARAGRAPHS


def test_segmenting_too_many_paragraphs_or_a_too_long_one_is_an_input_error() -> None:
    with pytest.raises(InputError, match="10,001 paragraphs") as caught:
        segment_article(Article(("Иә.",) * (PARAGRAPHS + 1)), "kk", source="a.txt")
    assert caught.value.source == "a.txt"
    long = Article(("Иә.", "а" * (limits.MAX_PARAGRAPH_CHARS + 1)))
    with pytest.raises(InputError, match="paragraph 2 has 100,001 characters"):
        segment_article(long, "kk", source="a.txt")


def test_punkts_time_limit_is_an_input_error_naming_the_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tm import segment

    class Stuck:
        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            raise TimeoutError("regular-expression match exceeded its 5.0s time limit (ReDoS)")

    monkeypatch.setattr(segment, "_tokenizer", lambda lang: Stuck())
    with pytest.raises(InputError) as caught:
        segment_text("Бір.\nЕкі.\n", "kk", source="a.txt")
    assert str(caught.value).startswith("a.txt: paragraph 1 of 4 characters took")
    assert "ReDoS" not in str(caught.value)
    with pytest.raises(InputError, match="a paragraph of 4"):
        sentence_spans("Бір.", "kk")


def test_a_large_text_file_is_refused_by_the_cli_naming_the_file_and_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A legitimate text, one long paragraph a line, only too big: it once ran into NLTK's
    # time limit and said "ReDoS", without the file's name.
    big = tmp_path / "big.txt"
    paragraph = "Астанада жаңа мектеп ашылды. " * 200 + "\n"
    big.write_text(
        paragraph * (limits.MAX_DOCUMENT_BYTES // len(paragraph.encode()) + 1), encoding="utf-8"
    )
    assert main(["segment", "--lang", "kk", str(big)]) == 1
    error = capsys.readouterr().err
    assert error == f"error: {big}: the file is larger than 8 MiB, the limit of one article " + (
        "(is this the right file?)\n"
    )


# --- concordance -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> TranslationMemory:
    return TranslationMemory.create(
        tmp_path_factory.mktemp("limits") / "tm",
        [Unit("kk", "en", "Қазақстан Республикасы Парламенті.", "The Parliament.")],
    )


@pytest.mark.parametrize(
    ("term", "options", "field", "message"),
    [
        ("а" * (limits.MAX_TERM_CHARS + 1), {}, "term", "201 characters"),
        ("сөз " * 1_000_000, {}, "term", "4,000,000 characters"),
        (" ".join(["сөз"] * (limits.MAX_TERM_WORDS + 1)), {}, "term", "13 words"),
        ("Парламент", {"context": limits.MAX_CONTEXT_CHARS + 1}, "context", "0..1,000"),
        ("Парламент", {"context": -1}, "context", "0..1,000"),
        ("Парламент", {"limit": 0}, "limit", "1..10,000"),
        ("Парламент", {"limit": limits.MAX_CONCORDANCE_HITS + 1}, "limit", "1..10,000"),
    ],
    ids=["chars", "megabyte", "words", "context", "negative-context", "no-hits", "hits"],
)
def test_a_concordance_request_past_a_limit_is_an_input_error(
    memory: TranslationMemory, term: str, options: dict[str, int], field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        concordance(memory, term, "kk", **options)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert message in str(caught.value)


def test_a_concordance_request_at_the_limits_is_answered(memory: TranslationMemory) -> None:
    term = " ".join(["Парламенті"] * limits.MAX_TERM_WORDS)
    assert len(term) <= limits.MAX_TERM_CHARS
    assert concordance(memory, term, "kk", context=limits.MAX_CONTEXT_CHARS) == []
    [hit] = concordance(memory, "Парламент", "kk", limit=limits.MAX_CONCORDANCE_HITS)
    assert hit.hit == "Парламенті"


# --- command-line arguments ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lookup", "x", "--src-lang", "kk", "--tgt-lang", "en", "--top", "-5"], "-5 is not a"),
        (["lookup", "x", "--src-lang", "kk", "--tgt-lang", "en", "--top", "0"], "0 is not a"),
        (["lookup", "x", "--src-lang", "kk", "--tgt-lang", "en", "--top", "101"], "limit, 100"),
        (["lookup", "x", "--src-lang", "kk", "--tgt-lang", "en", "--min-score", "nan"], "finite"),
        (["lookup", "x", "--src-lang", "kk", "--tgt-lang", "en", "--min-score", "101"], "0 to 100"),
        (["log", "--limit", "-1"], "-1 is not a positive number"),
        (["log", "--limit", "ten"], "'ten' is not a whole number"),
        (["concordance", "x", "--lang", "kk", "--context", "100000000"], "limit, 1,000"),
        (["concordance", "x", "--lang", "kk", "--context", "-1"], "-1 is negative"),
        (["concordance", "x", "--lang", "kk", "--limit", "0"], "0 is not a positive"),
        (["restore", "--version", "-1"], "-1 is negative"),
        (["vacuum", "--keep-days", "-5"], "out of range (0 or more)"),
        (["vacuum", "--keep-days", "nan"], "'nan' is not a finite number"),
        (["vacuum", "--keep-days", "inf"], "'inf' is not a finite number"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_an_argument_that_cannot_be_right_is_a_usage_error(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*argv, "--tm", str(tmp_path / "tm")])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "tm").exists()  # refused before the TM is opened


def test_a_bad_keep_days_in_the_environment_fails_vacuum_only(
    tmp_path: Path, memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_KEEP_DAYS", "nan")
    out = io.StringIO()
    assert main(["log", "--tm", memory.uri, "--limit", "1"], stdout=out) == 0
    assert out.getvalue().startswith("v0 ")
    with pytest.raises(SystemExit):
        main(["vacuum", "--tm", memory.uri])


# --- one-line errors at the CLI ------------------------------------------------------------


def _files() -> dict[str, bytes]:
    import pyarrow as pa

    return {
        "seg.tsv": "source\ttarget\tseg_no\nБір.\tOne.\t9223372036854775808\n".encode(),
        "date.jsonl": b'{"source": "a", "target": "b", "created_at": "0001-01-01T00:00+01:00"}\n',
        "surrogate.jsonl": b'{"source": "a\\ud800", "target": "b"}\n',
        "null.parquet": parquet_bytes({"source": ["a", None], "target": ["b", "c"]}),
        "props.parquet": parquet_bytes(
            {"source": ["a"], "target": ["b"], "props": pa.array([["x", "y"]])}
        ),
        "seg.parquet": parquet_bytes(
            {"source": ["a"], "target": ["b"], "seg_no": pa.array([1 << 63], pa.uint64())}
        ),
    }


@pytest.mark.parametrize("name", sorted(_files()))
def test_a_file_the_tm_cannot_take_fails_the_import_on_one_line(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(_files()[name])
    out, err = io.StringIO(), io.StringIO()
    argv = ["import", str(path), "--tm", str(tmp_path / "tm"), "--src-lang", "kk"]
    code = main([*argv, "--tgt-lang", "en", "--strict"], stdout=out, stderr=err)
    assert code == 1
    assert err.getvalue().startswith(f"error: {path}")
    assert err.getvalue().count("\n") == 1
    assert "\ud800" not in err.getvalue()  # escaped: a terminal can print the line


# --- nothing that poisons later work ------------------------------------------------------

PLAIN = Unit("kk", "en", "Бір.", "One.")


def _with(field: str, value: object) -> Unit:
    changes: dict[str, Any] = {field: value}
    return dataclasses.replace(PLAIN, **changes)


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("source", "Бір\x00.", "U+0000 (NUL) at character 4"),
        ("target", "One\x07.", "U+0007 (BEL)"),
        ("target", "\x1b[31mred", "U+001B (ESC) at character 1"),
        ("note", "a\x08", "U+0008"),
        ("doc_id", "d\x7f\x1f", "U+007F (DEL) at character 2"),
        ("target", "\x9b31mred", "U+009B (CSI) at character 1"),
        ("source", "\x93quoted\x94", "U+0093"),
        ("prev_source", "a\ud800", "a lone surrogate (U+D800)"),
        ("created_by", "x\x01", "U+0001"),
    ],
)
def test_a_control_character_or_lone_surrogate_is_refused_naming_the_field(
    field: str, value: str, shown: str
) -> None:
    with pytest.raises(InputError) as caught:
        checked_unit(_with(field, value))
    assert caught.value.field == field
    assert shown in str(caught.value)


def test_props_and_over_long_texts_are_refused_too() -> None:
    with pytest.raises(InputError, match=re.escape("U+0002")) as caught:
        checked_unit(dataclasses.replace(PLAIN, props=(("x-kind", "a\x02"),)))
    assert caught.value.field == "props"
    with pytest.raises(InputError, match="more than the 1,048,576") as caught:
        checked_unit(dataclasses.replace(PLAIN, note="а" * (limits.MAX_RECORD_CHARS + 1)))
    assert caught.value.field == "note"


def test_word_breaks_become_line_feeds_and_tabs_and_line_ends_stay() -> None:
    unit = dataclasses.replace(
        PLAIN, source="Бір\x0bекі\x0c", target="One\ttwo\r\nthree", note="a\x0bb"
    )
    checked = checked_unit(unit)
    assert (checked.source, checked.target, checked.note) == (
        "Бір\nекі\n",
        "One\ttwo\r\nthree",
        "a\nb",
    )
    assert checked_unit(PLAIN) is PLAIN  # a clean unit is not copied
    assert clean_text("Word\x0b", "target") == "Word\n"
    assert clean_text("Next\x85line", "target") == "Next\nline"  # NEL: a line break


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("seg_no", 1 << 63, "out of range"),
        ("seg_no", -(1 << 63) - 1, "out of range"),
        ("created_at", "0001-01-01T00:00:00+01:00", "out of range once converted to UTC"),
        ("changed_at", "9999-12-31T23:59:59-01:00", "out of range once converted to UTC"),
        ("created_at", "2025-01-01T00:00:00", "no time zone"),
    ],
)
def test_a_number_or_time_the_tm_cannot_store_is_refused(
    field: str, value: object, message: str
) -> None:
    import datetime as dt

    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    with pytest.raises(InputError, match=message) as caught:
        checked_unit(_with(field, value))
    assert caught.value.field == field


def test_the_poison_of_the_hostile_corpus_is_what_checked_unit_refuses() -> None:
    # The hostile files carry these values through each format; here, straight to the door.
    for _what, field, value, message in POISON:
        if field in ("created_at", "changed_at"):
            continue  # a text in a file, a datetime here: the case above
        with pytest.raises(InputError, match=re.escape(message)):
            checked_unit(_with(field, value))


def test_a_unit_with_nul_or_bel_cannot_be_added(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [PLAIN])
    version = memory.version()
    for text in ("Екі\x00.", "Екі\x07."):
        with pytest.raises(InputError) as caught:
            memory.add([PLAIN, Unit("kk", "en", text, "Two.")], user="t")
        assert (caught.value.line, caught.value.field) == (2, "source")
    with pytest.raises(LanguageError):
        memory.add([Unit("kk\x00", "en", "Екі.", "Two.")], user="t")
    assert memory.version() == version


def test_a_unit_with_nul_or_bel_cannot_be_imported(tmp_path: Path) -> None:
    memory = TranslationMemory.create(tmp_path / "tm", [PLAIN])
    version = memory.version()
    for name, content, line in (
        ("escape.jsonl", b'{"source": "a", "target": "b\\u0000"}\n', 1),
        ("raw.tsv", b"source\ttarget\na\tb\x07\n", 2),
        ("raw.csv", b"source,target\na,b\x1b\n", 2),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        err = io.StringIO()
        argv = ["import", str(path), "--tm", memory.uri, "--src-lang", "kk", "--tgt-lang", "en"]
        assert main(argv, stdout=io.StringIO(), stderr=err) == 1
        where = f"error: {path}, line {line}, field 'target': holds the control character"
        assert err.getvalue().startswith(where)
    assert memory.version() == version


def test_a_unit_cannot_be_edited_to_hold_a_control_character(tmp_path: Path) -> None:
    # Needs tm/store.py: edit() passes its texts through tm.unit.clean_text.
    memory = TranslationMemory.create(tmp_path / "tm", [PLAIN])
    unit_id = memory.units()["unit_id"].item()
    for text in ("One\x00.", "One\x07."):
        with pytest.raises(InputError, match="control character") as caught:
            memory.edit(unit_id, target=text, user="t")
        assert caught.value.field == "target"
    assert memory.unit(unit_id)["target"] == "One."


def test_every_export_of_a_tm_holding_word_breaks_works(tmp_path: Path) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm", [PLAIN, Unit("kk", "en", "Бір\x0bекі.", "One\x0ctwo.", note="\x0b")]
    )
    assert set(memory.units()["source"].to_list()) == {"Бір.", "Бір\nекі."}
    for fmt, name in (("tmx", "out.tmx"), ("moses", "out"), ("tsv", "out.tsv")):
        result = export_file(memory, tmp_path / name, fmt=fmt)
        assert result.stats.units == 2
    assert "One two." in (tmp_path / "out.en").read_text(encoding="utf-8").splitlines()


def test_writers_survive_units_written_before_the_door_was_closed(tmp_path: Path) -> None:
    # Rows stored before this check: a TMX and a Moses export repair them, never fail.
    legacy = [Unit("kk", "en", "Бір\x0bекі\x00.", "One\x07two\x0c.")]
    changed: list[str] = []
    stream = io.BytesIO()
    options = WriteOptions(changed=changed.append)
    write = get_format("tmx").write_stream
    assert write is not None
    assert write(legacy, stream, options) == 1
    assert b"\x00" not in stream.getvalue()
    assert b"\x07" not in stream.getvalue()
    paths = get_format("moses").write(legacy, tmp_path / "legacy", options)
    assert [len(path.read_text(encoding="utf-8").splitlines()) for path in paths] == [1, 1]
    assert changed


def test_an_error_never_carries_a_raw_control_character() -> None:
    with pytest.raises(TMError) as caught:
        checked_unit(dataclasses.replace(PLAIN, target="\x1b]0;pwned\x07"))
    assert not re.search("[\x00-\x08\x0b-\x1f]", str(caught.value))
