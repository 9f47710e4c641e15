"""TSV and CSV from this workbench and from other tools; encodings; where an export may write."""

from __future__ import annotations

import codecs
import io
import json
import os
import threading
from pathlib import Path

import pytest

from tm.errors import FormatError, InputError
from tm.formats._fields import Skip
from tm.formats.jsonl import read_jsonl, write_jsonl
from tm.formats.registry import (
    FORMATS,
    ReadOptions,
    WriteOptions,
    detect_encoding,
    guess_format,
    replacing,
)
from tm.formats.tabular import (
    guard_formula,
    read_csv,
    read_tsv,
    unguard_formula,
    write_csv,
    write_tsv,
)
from tm.formats.transfer import ExportFilter, export_file, export_stream, read_file, read_stream
from tm.store import TranslationMemory
from tm.unit import Unit

KK_EN = {"src_lang": "kk", "tgt_lang": "en"}


def lines(text: str) -> list[str]:
    """A file's lines as `open_text` gives them: line ends kept."""
    return text.splitlines(keepends=True)


def pairs(records: object) -> list[tuple[str, str, str, str]]:
    return [
        (r.src_lang, r.tgt_lang, r.source, r.target)
        for r in records  # type: ignore[attr-defined]
        if isinstance(r, Unit)
    ]


def texts(records: object) -> list[tuple[str, str]]:
    return [(src, tgt) for _, _, src, tgt in pairs(records)]


# --- our TSV: escapes, and only in our files ------------------------------------------------


def test_our_tsv_round_trips_backslashes_tabs_and_line_breaks() -> None:
    unit = Unit("kk", "en", "C:\\new\\table\tкесте", "two\nlines\r\\n literal", note="a\\tb")
    out = io.StringIO()
    write_tsv([unit], out)
    written = out.getvalue()
    assert written.count("\n") == 2  # the header and one row: nothing in a text breaks it
    [back] = [r for r in read_tsv(lines(written), source="ours.tsv") if isinstance(r, Unit)]
    assert (back.source, back.target, back.note) == (unit.source, unit.target, unit.note)


PATHS = "C:\\new\\table\\\\x\tC:\\nouveau\\t\n"  # C:\new\table\\x <TAB> C:\nouveau\t


@pytest.mark.parametrize(
    "text",
    [
        PATHS,
        "source\ttarget\n" + PATHS,
        "kk\ten\n" + PATHS,
        "src_lang\ttgt_lang\tsource\ttarget\nkk\ten\t" + PATHS,
    ],
    ids=["bare", "fields", "languages", "some-of-our-columns"],
)
def test_another_tools_tsv_is_read_literally(text: str) -> None:
    assert texts(read_tsv(lines(text), source="other.tsv", **KK_EN)) == [
        ("C:\\new\\table\\\\x", "C:\\nouveau\\t")
    ]


def test_a_tsv_with_our_columns_is_ours_and_decoded() -> None:
    text = "src_lang\ttgt_lang\tsource\ttarget\tstatus\torigin\nkk\ten\ta\\nb\tc\\\\d\tdraft\tx\n"
    assert texts(read_tsv(lines(text), source="ours.tsv")) == [("a\nb", "c\\d")]


# --- other tools' TSV: quotes as Excel and pandas write them --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a\tb"\t"c ""d"""\n', [("a\tb", 'c "d"')]),
        ('"Бір\nекі"\t"One\r\ntwo"\nҮш\tThree\n', [("Бір\nекі", "One\r\ntwo"), ("Үш", "Three")]),
        ('"Hi," he said.\t"Сәлем," деді ол.\n', [('"Hi," he said.', '"Сәлем," деді ол.')]),
        ('say "no"\t"жоқ" де\n', [('say "no"', '"жоқ" де')]),
        # A quote opening a sentence closes in the next one: each line stays a row.
        (
            '"We will win.\t"Біз жеңеміз.\nIt is ours," he said.\tБұл біздікі," деді ол.\n',
            [
                ('"We will win.', '"Біз жеңеміз.'),
                ('It is ours," he said.', 'Бұл біздікі," деді ол.'),
            ],
        ),
        ('"open\tquote\nnext\tline"\n', [('"open', "quote"), ("next", 'line"')]),
    ],
    ids=["tab-and-quotes", "line-breaks", "quote-as-text", "inner", "sentence-quote", "unclosed"],
)
def test_quoted_tsv_cells(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(read_tsv(lines(text), source="x.tsv", **KK_EN)) == expected


# --- CSV: delimiters, headers naming languages, strict quotes -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kk;en\nБір, екі;One, two\n", [("kk", "en", "Бір, екі", "One, two")]),
        ("kk-KZ,en-GB\nБір;екі,One\n", [("kk-KZ", "en-GB", "Бір;екі", "One")]),
        ("source\ttarget\nБір\tOne\n", [("kk", "en", "Бір", "One")]),
        ('"kk";"en"\n"Бір; екі";"One"\n', [("kk", "en", "Бір; екі", "One")]),
        ("Kazakh;English;;\nБір;One;;\n", [("kk", "en", "Бір", "One")]),  # Excel's empty columns
    ],
    ids=["semicolon", "comma-regional", "tab-fields", "quoted-header", "trailing-empty"],
)
def test_csv_delimiters_are_told_from_the_header(
    text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    languages = KK_EN if text.startswith("source") else {}
    assert pairs(read_csv(lines(text), source="x.csv", **languages)) == expected


def test_a_csv_that_cannot_be_split_says_why_and_names_semicolons() -> None:
    with pytest.raises(FormatError) as caught:
        list(read_csv(lines("Бір екі\nOne two\n"), source="x.csv", **KK_EN))
    assert (caught.value.source, caught.value.line) == ("x.csv", 1)
    assert "separated by ',', ';', a tab" in str(caught.value)
    assert "Russian or Kazakh locale uses ';'" in str(caught.value)


def test_a_csv_quote_that_never_closes_names_its_line() -> None:
    text = 'source,target\nБір,One\n"Екі,Two\nҮш,Three\n'
    with pytest.raises(FormatError, match=r"x\.csv, line 3: a quoted cell opens on this line"):
        list(read_csv(lines(text), source="x.csv", **KK_EN))


def test_a_row_with_too_many_cells_names_file_line_and_count() -> None:
    with pytest.raises(FormatError, match=r"x\.csv, line 3: expected 2 fields separated by ';'"):
        list(read_csv(lines("kk;en\na;b\na;b;c\n"), source="x.csv"))


def test_a_language_header_makes_a_unit_per_target_column_and_skips_empty_cells() -> None:
    text = "kk-KZ\ten-GB\tru-RU\nБір\tOne\tОдин\nЕкі\t\tДва\n"
    records = list(read_tsv(lines(text), source="x.tsv"))
    assert pairs(records) == [
        ("kk-KZ", "en-GB", "Бір", "One"),
        ("kk-KZ", "ru-RU", "Бір", "Один"),
        ("kk-KZ", "ru-RU", "Екі", "Два"),
    ]
    assert [r for r in records if isinstance(r, Skip)] == [Skip("an empty en-GB cell", 3)]


def test_the_command_line_languages_choose_the_columns_of_a_language_header() -> None:
    text = "en,kk,ru\nOne,Бір,Один\n"
    got = pairs(read_csv(lines(text), source="x.csv", src_lang="kk", tgt_lang="ru"))
    assert got == [("kk", "ru", "Бір", "Один")]
    with pytest.raises(FormatError, match=r"line 1, field 'tgt_lang': no column in fr"):
        list(read_csv(lines(text), source="x.csv", src_lang="kk", tgt_lang="fr"))


def test_a_first_row_of_tag_like_words_is_data_when_the_languages_are_given() -> None:
    text = "yes\tja\nno\tnein\n"
    assert texts(read_tsv(lines(text), source="x.tsv", src_lang="en", tgt_lang="de")) == [
        ("yes", "ja"),
        ("no", "nein"),
    ]


# --- CSV export: formula guard, byte-order mark ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+7 701", "'+7 701"),
        ("-5 °C", "'-5 °C"),
        ("@user", "'@user"),
        ("\tx", "'\tx"),
        ("'=already", "''=already"),
        ("it's = fine", "it's = fine"),
        ("'quoted'", "'quoted'"),
    ],
)
def test_the_formula_guard_is_reversible(text: str, written: str) -> None:
    assert guard_formula(text) == written
    assert unguard_formula(written) == text


def test_our_csv_guards_formulas_and_reads_them_back_unguarded() -> None:
    unit = Unit("kk", "en", "=SUM(A1)", "@cmd|' /C calc'!A0", note="-1")
    out = io.StringIO(newline="")
    write_csv([unit], out)
    assert "'=SUM(A1),'@cmd" in out.getvalue()
    [back] = [r for r in read_csv(lines(out.getvalue()), source="ours.csv") if isinstance(r, Unit)]
    assert (back.source, back.target, back.note) == (unit.source, unit.target, unit.note)


def test_another_tools_csv_keeps_its_apostrophes() -> None:
    text = "source,target\n'=1+1,'two\n"
    assert texts(read_csv(lines(text), source="x.csv", **KK_EN)) == [("'=1+1", "'two")]


def test_a_bom_on_request_and_only_for_csv_and_tsv(tmp_path: Path) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm", [Unit("kk", "en", "Қазақ тілі", "Kazakh")], user="t"
    )
    for bom, start in ((False, b"src_lang"), (True, codecs.BOM_UTF8 + b"src_lang")):
        download = io.BytesIO()
        export_stream(memory, download, fmt="csv", options=WriteOptions(bom=bom))
        assert download.getvalue().startswith(start)
        read = read_stream(io.BytesIO(download.getvalue()), name="back.csv")
        assert [u.source for u in read.units] == ["Қазақ тілі"]
    with pytest.raises(InputError, match="byte-order mark is for csv and tsv, not jsonl"):
        export_file(memory, tmp_path / "x.jsonl", options=WriteOptions(bom=True))
    assert not (tmp_path / "x.jsonl").exists()


# --- encodings --------------------------------------------------------------------------------

RUSSIAN = "Президент провёл встречу с делегацией.\n" * 3
KAZAKH = "Мемлекет басшысы қазақ тілінің маңызын атап өтті.\n" * 3


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"plain ascii\n", "utf-8-sig"),
        (KAZAKH.encode(), "utf-8-sig"),
        (codecs.BOM_UTF8 + KAZAKH.encode(), "utf-8-sig"),
        (KAZAKH.encode("utf-16"), "utf-16"),
        (KAZAKH.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), "utf-16"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
        (KAZAKH.encode("kz1048"), "kz1048"),
        (KAZAKH.encode() + b"\xe9 one bad byte\n", "utf-8-sig"),
        (b"a" * 99 + "қ".encode()[:1], "utf-8-sig"),  # a letter cut at the end of the sample
        ("café olé".encode("latin-1"), "utf-8-sig"),  # not Cyrillic: its bad line is reported
    ],
    ids=[
        "ascii",
        "utf8",
        "utf8-bom",
        "utf16-le",
        "utf16-be",
        "cp1251",
        "kz1048",
        "utf8-bad-byte",
        "cut",
        "latin1",
    ],
)
def test_detect_encoding(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "ru;en\r\nДоброе утро;Good morning\r\n"),
        ("kz1048", "kk;ru\r\nҚайырлы таң;Утро\r\n"),
    ],
)
def test_a_legacy_excel_csv_with_semicolons_is_read(
    tmp_path: Path, encoding: str, text: str
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode(encoding))
    [unit] = read_file(path).units
    assert (unit.source, unit.target) == tuple(text.splitlines()[1].split(";"))


def test_jsonl_is_not_read_as_a_legacy_code_page(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(json.dumps({"source": "Бір", "target": "One"}).encode() + b"\n")
    path.write_bytes(path.read_bytes().replace(b"\\u0411", "Б".encode("cp1251")))
    with pytest.raises(FormatError, match="line 1: not valid UTF-8"):
        read_file(path, options=ReadOptions(src_lang="kk", tgt_lang="en"))


# --- JSONL line separators ----------------------------------------------------------------------


def test_jsonl_escapes_unicode_line_separators_and_reads_them_back() -> None:
    unit = Unit("kk", "en", "бір\u2028екі", "one\u2029two")
    out = io.StringIO()
    write_jsonl([unit, unit], out)
    written = out.getvalue()
    assert "\u2028" not in written
    assert "\u2029" not in written
    assert "\\u2028" in written
    assert len(written.splitlines()) == 2  # str.splitlines splits on U+2028 too
    back = [r for r in read_jsonl(lines(written), source="a.jsonl") if isinstance(r, Unit)]
    assert [(u.source, u.target) for u in back] == [(unit.source, unit.target)] * 2


# --- where an export writes -------------------------------------------------------------------


def test_a_fifo_is_written_straight_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.tsv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    FORMATS["tsv"].write([Unit("kk", "en", "Бір", "One")], fifo, WriteOptions())
    reader.join(timeout=60)
    assert not reader.is_alive()
    assert received[0].decode().splitlines()[1].startswith("kk\ten\tБір\tOne")
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.tsv"]  # no temporary file left


@pytest.mark.parametrize(
    ("target", "kind"), [("/dev/null", "character device"), (".", "directory")]
)
def test_a_device_or_a_directory_is_refused_not_replaced(
    tmp_path: Path, target: str, kind: str
) -> None:
    path = Path(target) if target.startswith("/") else tmp_path
    before = os.stat(path)
    with pytest.raises(InputError, match=f"is a {kind}, not a file"), replacing(path) as stream:
        stream.write(b"never")
    after = os.stat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_symbolic_link_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "data" / "corpus.tsv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "corpus.tsv"
    link.symlink_to(real)
    with replacing(link) as stream:
        stream.write(b"new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_standard_input_needs_a_format() -> None:
    with pytest.raises(InputError, match=r"standard input \(-\) has no extension"):
        guess_format("-")


# --- Moses file names with regional tags ------------------------------------------------------


def test_moses_files_named_with_regional_tags_find_each_other(tmp_path: Path) -> None:
    (tmp_path / "c.kk-KZ").write_text("Бір\n", encoding="utf-8")
    (tmp_path / "c.en-GB").write_text("One\n", encoding="utf-8")
    (tmp_path / "c.tsv").write_text("not a partner\n", encoding="utf-8")
    assert guess_format(tmp_path / "c.kk-KZ") == "moses"
    [unit] = read_file(tmp_path / "c.kk-KZ").units
    assert (unit.src_lang, unit.tgt_lang, unit.target) == ("kk-KZ", "en-GB", "One")
    (tmp_path / "c.ru").write_text("Один\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"candidates: c\.en-GB, c\.ru"):
        read_file(tmp_path / "c.kk-KZ")
    options = ReadOptions(tgt_lang="en")
    assert read_file(tmp_path / "c.kk-KZ", options=options).units[0].tgt_lang == "en-GB"


# --- corpus exports: plain text, markup on request; pairs matched by tag ----------------------

MARKUP = (("x-tm-source-markup", '<bpt i="1">&lt;b&gt;</bpt>Бір<ept i="1">&lt;/b&gt;</ept>'),)
REGIONAL = [
    Unit("kk-KZ", "en-GB", "Бір", "One", props=MARKUP),
    Unit("kk-KZ", "en-US", "Екі", "Two"),
    Unit("kk", "en", "Үш", "Three"),
    Unit("kk-Latn", "en", "Tört", "Four"),
]


@pytest.fixture
def regional(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory.create(tmp_path / "tm", REGIONAL, user="t")


@pytest.mark.parametrize("fmt", ["moses", "tsv", "csv", "jsonl", "parquet"])
def test_corpus_exports_write_plain_text_unless_markup_is_asked_for(
    regional: TranslationMemory, tmp_path: Path, fmt: str
) -> None:
    chosen = ExportFilter(pairs=(("kk-KZ", "en-GB"),), exact_langs=True)
    for markup, expected in ((False, "Бір"), (True, MARKUP[0][1])):
        out = tmp_path / f"{markup}"
        out.mkdir()
        name = out / ("c" if fmt == "moses" else f"c.{fmt}")
        result = export_file(
            regional, name, fmt=fmt, chosen=chosen, options=WriteOptions(markup=markup)
        )
        assert result.stats.units == 1
        written = result.paths[0]
        read = read_file(written, fmt=fmt, options=ReadOptions(tgt_lang="en-GB"))
        assert [u.source for u in read.units] == [expected]


@pytest.mark.parametrize(
    ("pair", "exact", "expected"),
    [
        (("kk", "en"), False, ["Бір", "Екі", "Үш", "Tört"]),
        (("kk", "en-GB"), False, ["Бір", "Үш", "Tört"]),
        (("kk-Cyrl", "en"), False, ["Бір", "Екі", "Үш"]),
        (("kk", "en"), True, ["Үш"]),
        (("kk-KZ", "en-GB"), True, ["Бір"]),
    ],
)
def test_export_pairs_match_leniently_or_exactly(
    regional: TranslationMemory,
    tmp_path: Path,
    pair: tuple[str, str],
    exact: bool,
    expected: list[str],
) -> None:
    out = tmp_path / "out.jsonl"
    export_file(regional, out, chosen=ExportFilter(pairs=(pair,), exact_langs=exact))
    assert sorted(u.source for u in read_file(out).units) == sorted(expected)


def test_a_moses_export_replaces_line_breaks_and_counts_them(tmp_path: Path) -> None:
    memory = TranslationMemory.create(
        tmp_path / "tm",
        [Unit("kk", "en", "Бір\nекі", "One\u000btwo"), Unit("kk", "en", "Үш", "Three")],
        user="t",
    )
    result = export_file(memory, tmp_path / "c", fmt="moses")
    assert (tmp_path / "c.kk").read_text(encoding="utf-8").splitlines() == ["Бір екі", "Үш"]
    assert (tmp_path / "c.en").read_text(encoding="utf-8").splitlines() == ["One two", "Three"]
    assert dict(result.stats.changed) == {"line breaks replaced by a space (Moses)": 1}
    assert "  line breaks replaced by a space (Moses): 1 units" in result.stats.lines()


def test_markup_is_used_only_while_it_reads_as_the_text() -> None:
    from tm.formats import tmx
    from tm.formats.registry import MARKUP_PROPS, with_markup

    assert MARKUP_PROPS == {"source": tmx.SOURCE_MARKUP, "target": tmx.TARGET_MARKUP}
    unit = REGIONAL[0]
    assert with_markup(unit).source == MARKUP[0][1]
    edited = Unit("kk", "en", "Бір!", "One", props=MARKUP)
    assert with_markup(edited) == edited
    broken = Unit("kk", "en", "Бір", "One", props=(("x-tm-source-markup", "<bpt>Бір"),))
    assert with_markup(broken) == broken
