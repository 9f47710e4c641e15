"""Every import format stops at `MAX_IMPORT_ROWS` records, naming the file (issue 16)."""

from __future__ import annotations

import io

import pytest

from tm.errors import FormatError
from tm.formats import transfer


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("many.tsv", "".join(f"Сөйлем {n}.\tSentence {n}.\n" for n in range(8))),
        ("many.jsonl", "".join(f'{{"source": "С {n}.", "target": "S {n}."}}\n' for n in range(8))),
    ],
)
def test_an_import_past_the_row_limit_is_refused_naming_the_file(
    monkeypatch: pytest.MonkeyPatch, name: str, body: str
) -> None:
    options = transfer.ReadOptions(src_lang="kk", tgt_lang="en")
    small = transfer.read_stream(io.BytesIO(body.encode()), name=name, options=options)
    assert small.rows.height == 8
    monkeypatch.setattr(transfer, "MAX_IMPORT_ROWS", 5)
    with pytest.raises(FormatError, match=rf"{name}.*more than 5 units, the most one import"):
        transfer.read_stream(io.BytesIO(body.encode()), name=name, options=options)
