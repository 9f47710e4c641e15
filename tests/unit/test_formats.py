from __future__ import annotations

import pytest

from tm.errors import FormatError, InputError
from tm.formats.registry import guess_format, read_units
from tm.formats.tsv import read_tsv


def test_tsv_pairs_with_an_optional_header() -> None:
    lines = ["source\ttarget", "Бір.\tOne.", "", "Екі.\tTwo."]
    units = read_tsv(lines, source="a.tsv", src_lang="kk", tgt_lang="en")
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
        read_tsv(["Бір.\tOne.", line], source="a.tsv", src_lang="kk", tgt_lang="en")


def test_format_is_guessed_from_the_extension() -> None:
    assert guess_format("pairs.TSV") == "tsv"
    with pytest.raises(InputError, match="cannot tell the format"):
        guess_format("pairs.xyz")
    with pytest.raises(InputError, match="unknown format"):
        read_units([], fmt="xyz", source="x", src_lang="kk", tgt_lang="en")
