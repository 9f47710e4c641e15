"""One suite for every unit format of the registry: what goes out comes back in, unchanged.

Each format says which unit fields it carries (Moses: only the texts and the languages) and
what text it can hold (Moses: no line breaks); everything else is the same contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.errors import InputError
from tm.formats.registry import FORMATS, ReadOptions, WriteOptions
from tm.formats.transfer import read_file
from tm.unit import STATUSES, Unit

ALL_FIELDS = tuple(f.name for f in fields(Unit))
TEXTS = ("src_lang", "tgt_lang", "source", "target")


@dataclass(frozen=True)
class Case:
    fmt: str
    kept: tuple[str, ...] = ALL_FIELDS
    line_breaks: bool = True
    one_pair: bool = False

    def path(self, folder: Path) -> Path:
        return folder / ("corpus" if self.fmt == "moses" else f"units.{self.fmt}")

    def written(self, folder: Path) -> Path:
        return folder / "corpus.kk" if self.fmt == "moses" else self.path(folder)


CASES = [
    Case("tmx"),
    Case("tsv"),
    Case("csv"),
    Case("jsonl"),
    Case("parquet"),
    Case("moses", kept=TEXTS, line_breaks=False, one_pair=True),
]


def test_every_registered_format_is_under_contract() -> None:
    assert sorted(case.fmt for case in CASES) == sorted(FORMATS)


def round_trip(case: Case, units: list[Unit], folder: Path) -> list[Unit]:
    FORMATS[case.fmt].write(units, case.path(folder), WriteOptions())
    return read_file(case.written(folder), fmt=case.fmt, options=ReadOptions()).units


def projected(case: Case, units: list[Unit]) -> list[dict[str, object]]:
    return [{name: getattr(unit, name) for name in case.kept} for unit in units]


STAMP = dt.datetime(2025, 11, 18, 9, 30, 5, tzinfo=dt.UTC)
EXAMPLES = [
    Unit(
        "kk",
        "en",
        "  Қазақстан — «Эстония»\tмен  ",
        "Kazakhstan & <Estonia> \"quoted\", 'single'",
        doc_id="kazinform-1",
        seg_no=3,
        prev_source="Алдыңғы\\сөйлем.",
        next_source="Келесі сөйлем.",
        status="approved",
        align_score=0.875,
        origin="alignment",
        note="checked by\nthe editor",
        props=(("client", "Kazinform"), ("domain", "news, politics")),
        created_by="aigerim",
        created_at=STAMP,
        changed_by="dana",
        changed_at=STAMP + dt.timedelta(days=1),
    ),
    Unit(
        "kk",
        "ru",
        "  Қазақстан — «Эстония»\tмен  ",
        "Казахстан\u2028и Эстония 🇰🇿",
        doc_id="kazinform-1",
        seg_no=3,
    ),
    Unit("en", "kk", "Line one\r\nline two", "Бір\nекі", status="rejected", note="  "),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fmt)
def test_round_trip_keeps_unicode_whitespace_and_metadata(case: Case, tmp_path: Path) -> None:
    units = EXAMPLES
    if not case.line_breaks:
        units = [
            replace(u, source=u.source.replace("\r\n", " ").replace("\n", " "), target=t)
            for u, t in zip(units, ("one\ttwo  ", "  бір екі", "three"), strict=True)
        ]
    if case.one_pair:
        units = [replace(u, src_lang="kk", tgt_lang="en") for u in units]
    assert projected(case, round_trip(case, units, tmp_path)) == projected(case, units)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fmt)
def test_an_empty_export_reads_back_empty(case: Case, tmp_path: Path) -> None:
    if case.fmt == "moses":
        with pytest.raises(InputError, match="no units to write"):
            round_trip(case, [], tmp_path)
        return
    assert round_trip(case, [], tmp_path) == []


def _text(line_breaks: bool) -> st.SearchStrategy[str]:
    excluded = ["Cs", "Cc", "Cn"] + ([] if line_breaks else ["Zl", "Zp"])
    letters = st.characters(blacklist_categories=excluded)
    extra = st.sampled_from(["\t", "\n", "\r", " ", "\\"] if line_breaks else ["\t", " ", "\\"])
    return st.text(st.one_of(letters, extra), min_size=1, max_size=30)


def units_strategy(case: Case) -> st.SearchStrategy[list[Unit]]:
    text = _text(case.line_breaks)
    solid = text.filter(str.strip)
    maybe = st.none() | text
    pairs = [("kk", "en")] if case.one_pair else [("kk", "en"), ("kk", "ru"), ("ru", "kk")]
    stamps = st.none() | st.datetimes(
        min_value=dt.datetime(1970, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(dt.UTC),
    ).map(lambda stamp: stamp.replace(microsecond=0))
    prop = st.tuples(text.filter(lambda kind: not kind.startswith("x-tm-")), st.just("") | text)

    @st.composite
    def unit(draw: st.DrawFn) -> Unit:
        src_lang, tgt_lang = draw(st.sampled_from(pairs))
        return Unit(
            src_lang,
            tgt_lang,
            draw(st.sampled_from(["Бір сөйлем.", " екі "]) | solid),
            draw(solid),
            doc_id=draw(st.sampled_from([None, "doc-1"]) | text),
            seg_no=draw(st.sampled_from([None, 0, 1]) | st.integers(-(2**40), 2**40)),
            prev_source=draw(maybe),
            next_source=draw(maybe),
            status=draw(st.sampled_from(STATUSES)),
            align_score=draw(st.none() | st.floats(0.0, 1.0)),
            origin=draw(st.sampled_from(["alignment", "gold"]) | text),
            note=draw(maybe),
            props=tuple(draw(st.lists(prop, max_size=3))),
            created_by=draw(maybe),
            created_at=draw(stamps),
            changed_by=draw(maybe),
            changed_at=draw(stamps),
        )

    return st.lists(
        unit(),
        min_size=1,
        max_size=6,
        unique_by=lambda u: (u.src_lang, u.tgt_lang, u.source, u.target),
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fmt)
def test_export_then_import_gives_back_the_same_units(
    case: Case, tmp_path_factory: pytest.TempPathFactory
) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(units=units_strategy(case))
    def check(units: list[Unit]) -> None:
        folder = tmp_path_factory.mktemp(case.fmt)
        assert projected(case, round_trip(case, units, folder)) == projected(case, units)

    check()


# A broken file per format: its bytes, the file the error names and the line (Parquet is
# binary: a broken file has no line). Moses's partner corpus.en has two lines.
BROKEN = {
    "tmx": (
        b'<tmx version="1.4"><header srclang="kk"/><body>\n<tu>\n'
        b'<tuv xml:lang="kk"><seg>a</seg></tuv>\n</body></tmx>',
        "units.tmx",
        4,
    ),
    "tsv": ("source\ttarget\nБір.\tOne.\nЕкі.\n".encode(), "units.tsv", 3),
    "csv": ('source,target\nБір.,One.\n"Екі.,Two.\n'.encode(), "units.csv", 3),
    "jsonl": (
        '{"source": "Бір.", "target": "One."}\n{"source": "Екі.", \n'.encode(),
        "units.jsonl",
        2,
    ),
    "moses": ("Бір.\nЕкі.\nҮш.\n".encode(), "corpus.en", 3),
    "parquet": (b"PAR1 this is not parquet", "units.parquet", None),
}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.fmt)
def test_errors_name_the_file_and_the_line(case: Case, tmp_path: Path) -> None:
    data, name, line = BROKEN[case.fmt]
    path = case.written(tmp_path)
    path.write_bytes(data)
    if case.fmt == "moses":
        path.with_suffix(".en").write_text("One.\nTwo.\n", encoding="utf-8")
    options = ReadOptions(src_lang="kk", tgt_lang="en")
    with pytest.raises(InputError) as caught:
        read_file(path, fmt=case.fmt, options=options)
    assert (caught.value.source, caught.value.line) == (str(tmp_path / name), line)
    assert str(caught.value).startswith(
        f"{tmp_path / name}{'' if line is None else f', line {line}'}:"
    )


@pytest.mark.parametrize("case", [c for c in CASES if c.fmt != "parquet"], ids=lambda c: c.fmt)
def test_undecodable_bytes_name_their_line(case: Case, tmp_path: Path) -> None:
    units = [Unit("kk", "en", "Бір.", "One."), Unit("kk", "en", "Екі MARK.", "Two.")]
    FORMATS[case.fmt].write(units, case.path(tmp_path), WriteOptions())
    path = case.written(tmp_path)
    data = path.read_bytes().replace(b"MARK", b"\xe9\xff")
    path.write_bytes(data)
    with pytest.raises(InputError, match="UTF-8") as caught:
        read_file(path, fmt=case.fmt, options=ReadOptions())
    assert caught.value.line == data[: data.index(b"\xe9")].count(b"\n") + 1
