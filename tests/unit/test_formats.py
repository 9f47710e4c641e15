from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from tm.errors import FormatError, InputError, LanguageError
from tm.formats._fields import Skip
from tm.formats.documents import markdown_paragraphs, read_document, read_pasted
from tm.formats.jsonl import read_jsonl
from tm.formats.moses import LINE_BREAKS_REPLACED, read_moses, write_moses
from tm.formats.registry import FORMATS, ReadOptions, get_format, guess_format
from tm.formats.tabular import escape_tsv, read_csv, read_tsv, unescape_tsv
from tm.formats.transfer import (
    REPEATED,
    UNCHANGED,
    CorpusStats,
    ExportFilter,
    export_file,
    export_stream,
    import_file,
    read_file,
    read_stream,
)
from tm.store import TranslationMemory, Unit


def units_of(records: object) -> list[Unit]:
    return [record for record in records if isinstance(record, Unit)]  # type: ignore[attr-defined]


# --- TSV / CSV -------------------------------------------------------------------------


def test_tsv_pairs_with_an_optional_header() -> None:
    lines = ["source\ttarget", "Бір.\tOne.", "", "Екі.\tTwo."]
    units = units_of(read_tsv(lines, source="a.tsv", src_lang="kk", tgt_lang="en"))
    assert [(u.source, u.target, u.origin) for u in units] == [
        ("Бір.", "One.", "import:tsv"),
        ("Екі.", "Two.", "import:tsv"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("no tab here", r"a\.tsv, line 2: expected source<TAB>target, found 1"),
        ("a\tb\tc", r"a\.tsv, line 2: expected source<TAB>target, found 3"),
        ("\tOne.", r"a\.tsv, line 2, field 'source': the source is empty"),
    ],
)
def test_tsv_errors_name_file_and_line(line: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        list(read_tsv(["Бір.\tOne.", line], source="a.tsv", src_lang="kk", tgt_lang="en"))


def test_a_tsv_header_names_any_unit_columns_and_the_languages_come_from_it() -> None:
    lines = ["tgt_lang\tsource\ttarget\tsrc_lang\tstatus\tseg_no", "RU\tИә\tДа\tkk-KZ\tapproved\t7"]
    [unit] = units_of(read_tsv(lines, source="a.tsv"))
    assert (unit.src_lang, unit.tgt_lang, unit.status, unit.seg_no) == (
        "kk-KZ",
        "ru",
        "approved",
        7,
    )


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["source\ttarget\tcolour", "a\tb\tc"], r"line 1, field 'colour': unknown column"),
        (
            ["source\ttarget\tseg_no", "a\tb\tthree"],
            r"line 2, field 'seg_no': 'three' is not a whole",
        ),
        (["source\ttarget\tstatus", "a\tb\tdone"], r"line 2, field 'status': unknown status"),
        (["source\ttarget\talign_score", "a\tb\t1.5"], r"line 2, field 'align_score': .* outside"),
        (["source\ttarget\tcreated_at", "a\tb\t2025-01-01T10:00"], r"created_at.*no time zone"),
        (["source\ttarget\tprops", "a\tb\t[1]"], r"field 'props': expected a list"),
    ],
)
def test_tsv_values_are_checked_where_they_stand(lines: list[str], message: str) -> None:
    with pytest.raises(FormatError, match=message):
        list(read_tsv(lines, source="a.tsv", src_lang="kk", tgt_lang="en"))


def test_languages_must_come_from_somewhere() -> None:
    with pytest.raises(FormatError, match=r"line 2, field 'src_lang': no src_lang"):
        list(read_tsv(["source\ttarget", "a\tb"], source="a.tsv"))


def test_a_bad_language_tag_names_file_line_and_column() -> None:
    with pytest.raises(LanguageError, match=r"a\.tsv, line 2, field 'tgt_lang': 'd3' is not a"):
        list(read_tsv(["source\ttarget\ttgt_lang", "a\tb\td3"], source="a.tsv", src_lang="kk"))


@pytest.mark.parametrize(
    "text", ["plain", "tab\there", "new\nline", "cr\r", "back\\slash", "\\t literal", "\\"]
)
def test_tsv_escapes_undo_exactly(text: str) -> None:
    escaped = escape_tsv(text)
    assert not {"\t", "\n", "\r"} & set(escaped)
    assert unescape_tsv(escaped) == text


def test_a_foreign_backslash_sequence_is_kept_as_written() -> None:
    assert unescape_tsv(r"C:\data\x") == r"C:\data\x"


def test_csv_quotes_what_it_must_and_a_bare_row_needs_the_languages() -> None:
    lines = io.StringIO('source,target\n"Бір, екі","One\r\ntwo ""quoted"""\n', newline="")
    [unit] = units_of(read_csv(lines, source="a.csv", src_lang="kk", tgt_lang="en"))
    assert (unit.source, unit.target) == ("Бір, екі", 'One\r\ntwo "quoted"')
    [bare] = units_of(read_csv(["Бір,One"], source="a.csv", src_lang="kk", tgt_lang="en"))
    assert (bare.source, bare.target) == ("Бір", "One")
    with pytest.raises(FormatError, match=r"a\.csv, line 1: cannot tell how this CSV separates"):
        list(read_csv(["Бір,One"], source="a.csv"))


# --- JSONL, Moses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "line 1: expected a JSON object"),
        ('{"source": "a", "target": "b", "seg_no": "1"}', "field 'seg_no': expected int"),
        ('{"source": "a", "target": "b", "align_score": true}', "field 'align_score'"),
        ('{"source": "a", "target": "b", "colour": 1}', "field 'colour': unknown key"),
        ('{"source": "a"}', "field 'target': no target"),
    ],
)
def test_jsonl_types_are_checked(line: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        list(read_jsonl([line], source="a.jsonl", src_lang="kk", tgt_lang="en"))


def test_moses_skips_pairs_with_an_empty_side_and_keeps_spaces() -> None:
    records = list(
        read_moses(
            [" Бір \n", "\n", "Үш\r\n"],
            ["One \n", "Two\n", " Three\r\n"],
            source="c.kk",
            target="c.en",
            src_lang="kk",
            tgt_lang="en",
        )
    )
    assert records[1] == Skip("an empty line on one side", 2)
    assert [(u.source, u.target) for u in units_of(records)] == [
        (" Бір ", "One "),
        ("Үш", " Three"),
    ]


def test_moses_files_of_different_lengths_name_the_short_one() -> None:
    with pytest.raises(FormatError, match=r"c\.en, line 2: ends at line 1 but c\.kk goes on"):
        list(
            read_moses(
                ["a\n", "b\n"], ["x\n"], source="c.kk", target="c.en", src_lang="kk", tgt_lang="en"
            )
        )


def test_moses_takes_one_pair_its_tags_matched_leniently() -> None:
    out = io.StringIO()
    with pytest.raises(FormatError, match="one language pair; found kk-en and kk-KZ:ru"):
        write_moses([Unit("kk", "en", "a", "b"), Unit("kk-KZ", "ru", "a", "c")], out, out)
    with pytest.raises(FormatError, match="found kk-KZ:en-GB and kk:en-US"):
        write_moses([Unit("kk-KZ", "en-GB", "a", "b"), Unit("kk", "en-US", "a", "c")], out, out)
    units = [Unit("kk-KZ", "en-GB", "a", "b"), Unit("kk", "en", "c", "d")]
    assert write_moses(units, io.StringIO(), io.StringIO()) == 2


def test_moses_replaces_line_breaks_by_spaces_and_says_so() -> None:
    source, target, changes = io.StringIO(), io.StringIO(), []
    units = [
        Unit("kk", "en", "a\u2028b", "c\r\nd"),
        Unit("kk", "en", "e", "f"),
        Unit("kk", "en", "g\vh", "i\n\nj"),
    ]
    assert write_moses(units, source, target, changed=changes.append) == 3
    assert source.getvalue().splitlines() == ["a b", "e", "g h"]
    assert target.getvalue().splitlines() == ["c d", "f", "i  j"]
    assert changes == [LINE_BREAKS_REPLACED, LINE_BREAKS_REPLACED]


# --- registry --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("pairs.TSV", "tsv"),
        ("pairs.tab", "tsv"),
        ("tm.tmx", "tmx"),
        ("a.csv", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.parquet", "parquet"),
        ("corpus.kk", "moses"),
        ("corpus.ru", "moses"),
    ],
)
def test_format_is_guessed_from_the_extension(name: str, fmt: str) -> None:
    assert guess_format(name) == fmt


def test_unknown_formats_and_extensions_are_input_errors() -> None:
    with pytest.raises(InputError, match="cannot tell the format"):
        guess_format("pairs.xyz")
    with pytest.raises(InputError, match="unknown format"):
        get_format("xyz")


def test_moses_finds_its_partner_file(tmp_path: Path) -> None:
    (tmp_path / "c.kk").write_text("Бір\n", encoding="utf-8")
    (tmp_path / "c.ru").write_text("Один\n", encoding="utf-8")
    read = read_file(tmp_path / "c.kk")
    assert [(u.tgt_lang, u.target) for u in read.units] == [("ru", "Один")]
    (tmp_path / "c.en").write_text("One\n", encoding="utf-8")
    with pytest.raises(InputError, match="--tgt-lang"):
        read_file(tmp_path / "c.kk")
    assert read_file(tmp_path / "c.kk", options=ReadOptions(tgt_lang="en")).units[0].target == "One"


def test_repeats_in_a_file_are_counted_and_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("Бір\tOne\nЕкі\tTwo\nБір\tOne\n", encoding="utf-8")
    read = read_file(path, options=ReadOptions(src_lang="kk", tgt_lang="en"))
    assert (len(read.units), read.records, read.skipped) == (2, 3, {REPEATED: 1})


def test_utf16_text_files_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_bytes("source\ttarget\r\nҚош\tBye\r\n".encode("utf-16"))
    assert (
        read_file(path, options=ReadOptions(src_lang="kk", tgt_lang="en")).units[0].source == "Қош"
    )


# --- documents -------------------------------------------------------------------------


def test_txt_documents_read_the_date_line_as_metadata() -> None:
    data = "date 2025-11-18 Президент қабылдады\nБірінші абзац.\n\nЕкінші.\n".encode()
    article = read_document(io.BytesIO(data), source="a.txt")
    assert (article.date, article.title) == (dt.date(2025, 11, 18), "Президент қабылдады")
    assert article.paragraphs == ("Бірінші абзац.", "Екінші.")


def test_markdown_blocks_become_paragraphs_without_their_syntax() -> None:
    text = (
        "# Тақырып\n\nБірінші **маңызды**\nжол, [сілтеме](http://x).\n\n"
        "- тізім\n> дәйексөз\n\n---\n"
    )
    assert markdown_paragraphs(text) == [
        "Тақырып",
        "Бірінші маңызды жол, сілтеме.",
        "тізім дәйексөз",
    ]
    data = ("date 2025-11-18 Тақырып\n" + text).encode()
    article = read_document(io.BytesIO(data), source="a.md")
    assert article.date == dt.date(2025, 11, 18)
    assert article.paragraphs[0] == "Тақырып"


def test_docx_paragraphs_and_the_date_line(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for text in ("date 2025-11-18 Сапар", "Бірінші абзац.", "", "Екінші абзац."):
        document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    article = read_document(stream, source="a.docx")
    assert (article.date, article.title) == (dt.date(2025, 11, 18), "Сапар")
    assert article.paragraphs == ("Бірінші абзац.", "Екінші абзац.")


@pytest.mark.parametrize(
    ("name", "message"), [("a.docx", "not a readable .docx"), ("a.pdf", "cannot read '.pdf'")]
)
def test_unreadable_documents_are_input_errors(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_document(io.BytesIO(b"not a zip"), source=name)


def test_pasted_text_is_read_as_an_article() -> None:
    assert read_pasted("date 2025-01-02\nМәтін.").paragraphs == ("Мәтін.",)


# --- import and export with a TM -------------------------------------------------------

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
STORED = [
    Unit(
        "kk",
        "en",
        "Бір.",
        "One.",
        doc_id="a",
        seg_no=1,
        status="approved",
        align_score=0.9,
        changed_at=T0,
    ),
    Unit(
        "kk",
        "ru",
        "Бір.",
        "Один.",
        doc_id="a",
        seg_no=1,
        status="approved",
        align_score=0.4,
        changed_at=T0,
    ),
    Unit(
        "kk",
        "en",
        "Екі  сөз.",
        "Two  words.",
        doc_id="b",
        seg_no=1,
        status="draft",
        changed_at=T0 + dt.timedelta(days=40),
    ),
    Unit(
        "kk",
        "en",
        "екі сөз.",
        "two words.",
        doc_id="c",
        seg_no=1,
        status="approved",
        changed_at=T0 + dt.timedelta(days=400),
    ),
]


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm", STORED, user="test")


def sources(
    memory: TranslationMemory, tmp_path: Path, chosen: ExportFilter
) -> list[tuple[str, str]]:
    out = tmp_path / "out.jsonl"
    export_file(memory, out, chosen=chosen)
    return [(u.tgt_lang, u.target) for u in read_file(out).units]


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (
            ExportFilter(),
            [("en", "One."), ("ru", "Один."), ("en", "Two  words."), ("en", "two words.")],
        ),
        (ExportFilter(pairs=(("kk", "ru"),)), [("ru", "Один.")]),
        (ExportFilter(statuses=("draft",)), [("en", "Two  words.")]),
        (ExportFilter(min_align_score=0.5), [("en", "One.")]),
        (
            ExportFilter(changed_since=T0 + dt.timedelta(days=1)),
            [("en", "Two  words."), ("en", "two words.")],
        ),
        (ExportFilter(changed_before=T0 + dt.timedelta(days=1)), [("en", "One."), ("ru", "Один.")]),
        (ExportFilter(doc_ids=("b", "c")), [("en", "Two  words."), ("en", "two words.")]),
        (ExportFilter(dedupe=True), [("en", "One."), ("ru", "Один."), ("en", "Two  words.")]),
        (
            ExportFilter(qa_clean=lambda unit: "." in unit.target and unit.doc_id != "a"),
            [("en", "Two  words."), ("en", "two words.")],
        ),
        (
            ExportFilter(min_chrf=50.0, chrf=lambda unit: 100.0 if unit.tgt_lang == "ru" else 10.0),
            [("ru", "Один.")],
        ),
    ],
)
def test_export_filters(
    memory: TranslationMemory, tmp_path: Path, chosen: ExportFilter, expected: list[tuple[str, str]]
) -> None:
    assert sources(memory, tmp_path, chosen) == expected


def test_a_minimum_chrf_without_a_scorer_is_refused(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="chrF scorer"):
        export_file(memory, tmp_path / "out.tsv", chosen=ExportFilter(min_chrf=40.0))


def test_export_statistics_count_units_pairs_statuses_and_words(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    stats = export_file(memory, tmp_path / "out.tmx").stats
    assert (stats.units, dict(stats.by_pair), dict(stats.by_status)) == (
        4,
        {"kk-en": 3, "kk-ru": 1},
        {"approved": 3, "draft": 1},
    )
    assert dict(stats.words) == {"kk": 6, "en": 5, "ru": 1}
    assert "  words kk: 6" in CorpusStats.lines(stats)


def test_a_failed_export_leaves_no_file(memory: TranslationMemory, tmp_path: Path) -> None:
    with pytest.raises(FormatError):
        export_file(memory, tmp_path / "out", fmt="moses")  # two pairs: Moses holds one
    assert list(tmp_path.glob("out*")) == []


def test_an_import_failing_half_way_writes_nothing(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("Жаңа\tNew\n" * 3 + "Тағы\tMore\nbroken line\n", encoding="utf-8")
    before = memory.version()
    with pytest.raises(FormatError, match="line 5"):
        import_file(memory, path, user="t", options=ReadOptions(src_lang="kk", tgt_lang="en"))
    assert memory.version() == before


def test_an_import_says_what_was_added_merged_and_skipped(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    path = tmp_path / "a.tsv"
    path.write_text(
        "source\ttarget\tstatus\nБір.\tOne.\tapproved\nБір.\tOne.\tapproved\n"
        "Екі  сөз.\tTwo  words.\tapproved\nЖаңа.\tNew.\tdraft\n",
        encoding="utf-8",
    )
    result = import_file(memory, path, user="t", options=ReadOptions(src_lang="kk", tgt_lang="en"))
    assert (result.records, result.added, result.merged) == (4, 1, 1)
    assert result.skipped == {REPEATED: 1, UNCHANGED: 1}


def test_every_format_has_a_reader_and_a_writer() -> None:
    assert all(callable(fmt.read) and callable(fmt.write) for fmt in FORMATS.values())


def test_the_app_reads_an_upload_and_downloads_an_export_as_bytes(
    memory: TranslationMemory,
) -> None:
    download = io.BytesIO()
    stats = export_stream(memory, download, fmt="tmx", chosen=ExportFilter(pairs=(("kk", "en"),)))
    assert stats.units == 3
    read = read_stream(io.BytesIO(download.getvalue()), name="upload.tmx")
    assert [u.target for u in read.units] == ["One.", "Two  words.", "two words."]
    with pytest.raises(InputError, match="more than one file"):
        export_stream(memory, io.BytesIO(), fmt="moses")


def test_an_uploaded_docx_becomes_the_project_text_layout() -> None:
    import io

    import docx

    from tm.formats.documents import upload_text
    from tm.segment import segment_text

    document = docx.Document()
    document.add_paragraph("date 2025-11-18 Тақырып")
    document.add_paragraph("Бірінші сөйлем. Екінші сөйлем.")
    document.add_paragraph("")
    document.add_paragraph("Үшінші сөйлем.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = upload_text(buffer.getvalue(), name="article.docx")
    assert text == "date 2025-11-18 Тақырып\nБірінші сөйлем. Екінші сөйлем.\nҮшінші сөйлем.\n"
    assert segment_text(text, "kk").title == "Тақырып"
