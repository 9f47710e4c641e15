from __future__ import annotations

import pytest

from tm.errors import LanguageError
from tm.lang import normalize_language


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("kk", "kk"),
        ("KK", "kk"),
        ("kk-KZ", "kk"),
        ("kk_Cyrl_KZ", "kk"),
        ("kaz", "kk"),
        ("ru-RU", "ru"),
        ("en-GB", "en"),
        ("English", "en"),
    ],
)
def test_codes_are_matched_leniently(code: str, expected: str) -> None:
    assert normalize_language(code) == expected


@pytest.mark.parametrize("code", ["", "k k", "kk--KZ", "12", "kk-KZ-toolongsubtag", "*all*", "x"])
def test_malformed_tags_are_refused_with_the_field(code: str) -> None:
    with pytest.raises(LanguageError, match="tgt_lang"):
        normalize_language(code, field="tgt_lang")
