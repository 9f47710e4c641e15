"""The number normaliser: one value across spellings, scales and languages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tm.quality.numbers import find_numbers, missing_numbers, number_values


@pytest.mark.parametrize(
    ("source", "target", "tgt_lang"),
    [
        ("1,2 млрд теңге", "1.2 billion tenge", "en"),
        ("1,2 млрд теңге", "1,2 млрд тенге", "ru"),
        ("5 мың адам", "5,000 people", "en"),
        ("5 мың адам", "5 тысяч человек", "ru"),
        ("5 мың адам", "5 000 человек", "ru"),
        ("5 мың адам", "five thousand people", "en"),
        ("2025 ж. қараша", "November 2025", "en"),
        ("2025 ж. қараша", "ноябрь 2025 г.", "ru"),
        ("40-тан астам компания", "more than 40 companies", "en"),
        ("40-тан астам компания", "более 40 компаний", "ru"),
        ("шамамен 50 миллион еуро", "about €50 million", "en"),
        ("шамамен 50 миллион еуро", "около 50 млн евро", "ru"),
        ("шамамен 50 миллион еуро", "about €50,000,000", "en"),
        ("8 бизнес делегация", "eight business delegations", "en"),
        ("8 бизнес делегация", "восемь бизнес-делегаций", "ru"),
        ("18.11.2025 күні", "on November 18, 2025", "en"),
        ("18.11.2025 күні", "18 ноября 2025 года", "ru"),
        ("Digital Kazakhstan 2.0 бағдары", "the Digital Kazakhstan 2.0 agenda", "en"),
        ("1 500 000 теңге", "1,500,000 tenge", "en"),
    ],
)
def test_spellings_of_one_number_agree(source: str, target: str, tgt_lang: str) -> None:
    assert missing_numbers(source, target, "kk", tgt_lang) == ()


@pytest.mark.parametrize(
    ("source", "target", "tgt_lang", "missing"),
    [
        ("1,2 млрд теңге", "1.3 billion tenge", "en", "1,2 млрд"),
        ("1,2 млрд теңге", "12 млрд тенге", "ru", "1,2 млрд"),
        ("5 мың адам", "500 people", "en", "5 мың"),
        ("5 мың адам", "50 тысяч человек", "ru", "5 мың"),
        ("2011 жылы болдым", "I was there in 2012", "en", "2011"),
        ("2025 ж.", "2024 г.", "ru", "2025"),
        ("40-тан астам компания", "more than 14 companies", "en", "40"),
        ("40-тан астам компания", "более 30 компаний", "ru", "40"),
    ],
)
def test_a_changed_or_dropped_number_is_missing(
    source: str, target: str, tgt_lang: str, missing: str
) -> None:
    found = missing_numbers(source, target, "kk", tgt_lang)
    assert [mention.text for mention in found] == [missing]
    assert source[found[0].start : found[0].end] == missing


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("G20 sammit", "en", set()),  # a name, not twenty
        ("COVID-19", "en", {Decimal(19)}),
        ("1,500", "en", {Decimal(1500), Decimal("1.5")}),  # both readings kept
        ("1.25", "ru", {Decimal("1.25")}),
        ("$2bn", "en", {Decimal(2), Decimal(2_000_000_000)}),
    ],
)
def test_readings(text: str, lang: str, values: set[Decimal]) -> None:
    assert number_values(text, lang) == values


def test_words_are_read_only_when_asked() -> None:
    assert number_values("екі ел", "kk") == frozenset()
    assert number_values("екі ел", "kk", words=True) == {Decimal(2)}


@given(st.integers(min_value=1000, max_value=10**12))
def test_grouping_styles_of_an_integer_give_its_value(number: int) -> None:
    english = f"{number:,}"
    russian = english.replace(",", "\u00a0")
    for text, lang in ((english, "en"), (russian, "ru"), (str(number), "kk")):
        assert Decimal(number) in number_values(f"бағасы {text} теңге", lang), text


@given(st.text(alphabet="0123456789 ,.-млрдмыңbilon€$жг", max_size=40))
def test_mentions_point_at_their_text_and_a_text_has_all_its_own_numbers(text: str) -> None:
    for mention in find_numbers(text, "kk"):
        assert text[mention.start : mention.end] == mention.text
        assert mention.values
    assert missing_numbers(text, text, "kk", "kk") == ()
