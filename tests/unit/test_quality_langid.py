"""Language identification between Kazakh, Russian and English."""

from __future__ import annotations

import pytest

from tm.quality.langid import identify


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Эстония Президенті Алар Каристі қарсы алу рәсімі өтті.", "kk"),
        # Kazakh typed on a Russian keyboard: no Kazakh letter, still Kazakh.
        ("Еки ел арасындагы байланыс жаксы дамып келеди.", "kk"),
        ("Это мой второй визит в Казахстан.", "ru"),
        # A Kazakh-spelled place name does not make a Russian sentence Kazakh.
        ("Переговоры прошли в резиденции Ақорда в Астане.", "ru"),
        ("В интервью агентству Kazinform эстонский лидер рассказал о Digital Kazakhstan.", "ru"),
        ("The Estonian leader shared his views on cooperation.", "en"),
    ],
)
def test_identifies(text: str, lang: str) -> None:
    found = identify(text)
    assert found is not None
    assert found.lang == lang
    assert 0.5 < found.confidence <= 1.0
    assert 0 < found.letters <= sum(1 for ch in text if ch.isalpha())


def test_no_letters_no_guess() -> None:
    assert identify("2025 — 18.11, 40 %") is None


def test_a_list_of_names_is_a_guess_not_a_finding() -> None:
    # Kazakh place and person names sound Kazakh in a Russian caption too.
    found = identify("Нурсултан Назарбаев, Алматы, Шымкент, Караганда")
    assert found is not None
    assert found.letters < 10
