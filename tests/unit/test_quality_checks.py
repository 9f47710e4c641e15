"""Every QA check, for kk->en and kk->ru: cases that must fire and cases that must not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import CORPORA
from tm.align import parse_beads
from tm.errors import InputError
from tm.quality import (
    CHECKS,
    LengthModel,
    QAContext,
    QAWarning,
    Segment,
    Severity,
    check_lines,
    check_pair,
    run_checks,
)
from tm.segment import presegmented
from tm.termbase import Concept, Term, TermIndex

PAIRS = (("kk", "en"), ("kk", "ru"))


@dataclass(frozen=True)
class Case:
    check: str
    tgt_lang: str
    pairs: tuple[tuple[str, str], ...]  # one pair, or several for checks across a set
    severity: Severity | None = None  # expected on some warning, when the case must fire
    points_at: str | None = None  # the text its span must cover
    terms: tuple[Concept, ...] = ()  # the termbase (the term checks need one)


def one(
    check: str,
    tgt: str,
    source: str,
    target: str,
    severity: Severity | None = None,
    points_at: str | None = None,
) -> Case:
    return Case(check, tgt, ((source, target),), severity, points_at)


# A termbase entry for the term checks: the Government, and the word a translation must not use.
GOVERNMENT = (
    Concept(
        (
            Term("kk", "Үкімет"),
            Term("en", "Government"),
            Term("en", "Cabinet", status="forbidden"),
            Term("ru", "Правительство"),
            Term("ru", "Кабинет", status="forbidden"),
        )
    ),
)


def term(check: str, tgt: str, source: str, target: str, points_at: str | None = None) -> Case:
    severity = Severity.ERROR if check == "forbidden-term" else Severity.WARNING
    return Case(check, tgt, ((source, target),), severity, points_at, GOVERNMENT)


LONG_KK = "Екі ел арасындағы сауда-экономикалық байланыстарды нығайту жұмыстары жалғасып жатыр."

MUST_FIRE = [
    one("empty", "en", "Қош келдіңіз!", "", Severity.ERROR),
    one("empty", "ru", "Қош келдіңіз!", "   ", Severity.ERROR),
    one(
        "numbers",
        "en",
        "Шамамен 50 миллион еуро.",
        "About €15 million.",
        Severity.ERROR,
        "50 миллион",
    ),
    one(
        "numbers",
        "ru",
        "Бұған дейін 2011 жылы болдым.",
        "Впервые я был здесь в 2012 году.",
        Severity.ERROR,
        "2011",
    ),
    one(
        "end-punctuation",
        "en",
        "Қазақстанға қош келдіңіз!",
        "Welcome to Kazakhstan.",
        Severity.WARNING,
        ".",
    ),
    one(
        "end-punctuation",
        "en",
        "Бұл жоба қалай басталды?",
        "How the project started.",
        Severity.WARNING,
    ),
    one(
        "end-punctuation",
        "ru",
        "Бұл жоба қалай басталды?",
        "Как начался этот проект.",
        Severity.WARNING,
    ),
    one(
        "end-punctuation",
        "ru",
        "Ынтымақтастық дамып келеді.",
        "Сотрудничество развивается",
        Severity.WARNING,
    ),
    one("brackets", "en", "Ол (Астанада) болды.", "He was (in Astana.", Severity.WARNING, "("),
    one("brackets", "en", "Ол «Иә» деді.", 'He said "yes.', Severity.WARNING, '"'),
    one("brackets", "ru", "Ол «Иә» деді.", "Он сказал «Да.", Severity.WARNING, "«"),
    one("untranslated", "en", "Бұл өте маңызды мәселе.", "Бұл өте маңызды мәселе.", Severity.ERROR),
    one(
        "untranslated", "ru", "Бұл өте маңызды мәселе.", " Бұл  өте маңызды мәселе.", Severity.ERROR
    ),
    one(
        "untranslated",
        "ru",
        LONG_KK,
        "Екі елдің арасындағы сауда байланыстарын нығайту жұмысы жалғасуда.",
        Severity.ERROR,
    ),
    one(
        "untranslated",
        "ru",
        "Келіссөздер Ақордада өтті.",
        "Переговоры прошли в Ақорде.",
        Severity.WARNING,
        "Ақорде",
    ),
    one(
        "wrong-language",
        "en",
        LONG_KK,
        "Работа по укреплению торговых связей между двумя странами продолжается.",
        Severity.ERROR,
    ),
    one(
        "wrong-language",
        "ru",
        LONG_KK,
        "Work to strengthen trade ties between the two countries is continuing.",
        Severity.ERROR,
    ),
    one(
        "wrong-language",
        "en",
        "Келіссөздер Астанада өтті.",
        "The talks were held in Астана.",
        Severity.WARNING,
        "Астана",
    ),
    one(
        "doubled-words",
        "en",
        "Болашақты талқыладық.",
        "We discussed the the future.",
        Severity.WARNING,
        "the the",
    ),
    one(
        "doubled-words",
        "ru",
        "Болашақты талқыладық.",
        "Мы обсудили Обсудили будущее.",
        Severity.WARNING,
        "обсудили Обсудили",
    ),
    one(
        "double-spaces",
        "en",
        "Болашақты талқыладық.",
        "We discussed  the future.",
        Severity.WARNING,
        "  ",
    ),
    one(
        "double-spaces",
        "ru",
        "Болашақты талқыладық.",
        "Мы\u00a0 обсудили будущее.",
        Severity.WARNING,
        "\u00a0 ",
    ),
    one("length-ratio", "en", LONG_KK, "Trade goes on.", Severity.WARNING),
    one(
        "length-ratio",
        "ru",
        "Иә, солай.",
        "Да, именно так, и мы будем и дальше работать над "
        "укреплением торговых и экономических связей между странами.",
        Severity.WARNING,
    ),
    Case(
        "inconsistent-target",
        "en",
        (("Рахмет.", "Thank you."), ("Рахмет.", "Thanks."), ("Иә.", "Yes.")),
        Severity.WARNING,
    ),
    Case(
        "inconsistent-target",
        "ru",
        (
            ("Рахмет.", "Спасибо."),
            ("Рахмет.", "Благодарю."),
        ),
        Severity.WARNING,
    ),
    Case(
        "inconsistent-source",
        "en",
        (("Рахмет.", "Thank you."), ("Рахмет сізге.", "Thank you.")),
        Severity.WARNING,
    ),
    Case(
        "inconsistent-source",
        "ru",
        (("Рахмет.", "Спасибо."), ("Көп рахмет.", " спасибо. ")),
        Severity.WARNING,
    ),
    Case(
        "names",
        "en",
        (
            ("Тоқаев сөз сөйледі.", "President Tokayev spoke."),
            ("Тоқаев келді.", "Then President Tokayev arrived."),
            ("Тоқаев айтты.", "Later, Tokaev said so."),
        ),
        Severity.WARNING,
        "Tokaev",
    ),
    Case(
        "names",
        "ru",
        (
            ("Kazinform агенттігі хабарлады.", "Сообщает агентство Kazinform."),
            ("Kazinform агенттігі хабарлады.", "Как сообщает агентство Kazinform, визит начался."),
            ("Kazinform хабарлады.", "По данным агентства Kazynform."),
        ),
        Severity.WARNING,
        "Kazynform",
    ),
    term("term-translation", "en", "Үкіметтің шешімі.", "The ministry's decision.", "Үкіметтің"),
    term("term-translation", "ru", "Үкіметтің шешімі.", "Решение министерства.", "Үкіметтің"),
    term("forbidden-term", "en", "Үкіметтің шешімі.", "The Cabinet's decision.", "Cabinet's"),
    term("forbidden-term", "ru", "Үкіметтің шешімі.", "Решение Кабинета.", "Кабинета"),
]

MUST_NOT_FIRE = [
    one("empty", "en", "", ""),
    one("empty", "ru", "Қош келдіңіз!", "Добро пожаловать!"),
    one("numbers", "en", "Шамамен 50 миллион еуро.", "About €50 million."),
    one(
        "numbers", "ru", "40-тан астам компания, 5 мың адам.", "Более 40 компаний, 5 тысяч человек."
    ),
    one("end-punctuation", "en", "Ол «Иә» деді.", "He said, “Yes.”"),
    one("end-punctuation", "en", "Фото: Ақорда", "Photo: Akorda"),
    one("end-punctuation", "ru", "Сіз келесіз бе?!", "Вы придёте?"),
    one("end-punctuation", "ru", "Ол күтті…", "Он ждал..."),
    one("brackets", "en", "Ол (Астанада) болды.", "He was (in Astana) then."),
    one("brackets", "ru", "Ол «Иә» деді.", "Он сказал „да“."),
    one("brackets", "ru", "«Бұл ұзақ дәйексөздің басы.", "«Это начало длинной цитаты."),
    one("untranslated", "en", "Kazinform", "Kazinform"),  # one shared name: info at most
    one("untranslated", "en", "Бұл өте маңызды мәселе.", "This is a very important issue."),
    one("untranslated", "ru", "Алар Карис Астанаға келді.", "Алар Карис прибыл в Астану."),
    one(
        "untranslated",
        "ru",
        "Нұрсұлтан Назарбаев, Алматы, Шымкент, Қарағанды",
        "Нурсултан Назарбаев, Алматы, Шымкент, Караганда",
    ),
    one("wrong-language", "en", "Kazinform агенттігіне сұхбат.", "An interview with Kazinform."),
    one(
        "wrong-language",
        "ru",
        "Digital Kazakhstan бағдары.",
        "Курс «Digital Kazakhstan» Президента Токаева и программа Tallinn Digital Summit.",
    ),
    one("doubled-words", "en", "Ол жеткілікті болды.", "He had had enough."),
    one("doubled-words", "ru", "Бір нәрсе өзгерді.", "Говорят, что что-то изменилось."),
    one("double-spaces", "en", "Болашақты талқыладық.", "We discussed the future. "),
    one("double-spaces", "ru", "Болашақты талқыладық.", "Мы обсудили будущее."),
    one("length-ratio", "en", "Иә.", "Yes, indeed."),  # too short to judge
    one(
        "length-ratio",
        "ru",
        LONG_KK,
        "Работа по укреплению торгово-экономических связей двух стран продолжается.",
    ),
    Case("inconsistent-target", "en", (("Рахмет.", "Thank you."), ("Рахмет. ", "thank  you."))),
    Case("inconsistent-target", "ru", (("Рахмет.", "Спасибо."), ("Иә.", "Да."))),
    Case("inconsistent-source", "en", (("Рахмет.", "Thank you."), ("Иә.", "Yes."))),
    Case("inconsistent-source", "ru", (("Рахмет.", "Спасибо."), ("Иә.", "Да."))),
    Case(
        "names",
        "en",
        (
            ("Эстония", "He came from Estonia."),
            ("эстон көшбасшысы", "The Estonian leader and the Estonians."),
            ("Таллин", "In Tallinn and in Astana's centre; then Astana."),
        ),
    ),
    Case(
        "names",
        "ru",
        (
            ("Kazinform", "Агентство Kazinform."),
            ("Kazinform", "Данные Kazinform."),
            ("Digital Kazakhstan", "Курс Digital Kazakhstan."),
        ),
    ),
    term("term-translation", "en", "Үкіметтің шешімі.", "The Government's decision."),
    term("term-translation", "ru", "Үкіметтің шешімі.", "Решение Правительства."),
    term("forbidden-term", "en", "Үкіметтің шешімі.", "The Government's decision."),
    term("forbidden-term", "ru", "Шкафтың есігі.", "Дверь кабинета."),  # a room, not a name
    # Without a termbase, the term checks say nothing.
    one("term-translation", "en", "Үкіметтің шешімі.", "The Cabinet's decision."),
]


def run(case: Case) -> list[QAWarning]:
    segments = [Segment(number, src, tgt) for number, (src, tgt) in enumerate(case.pairs, 1)]
    terms = TermIndex(case.terms) if case.terms else None
    context = QAContext("kk", case.tgt_lang, terms=terms)
    return list(run_checks(segments, context, checks=[case.check]))


def case_id(case: Case) -> str:
    return f"{case.check}-kk-{case.tgt_lang}-{case.pairs[-1][1][:24]}"


@pytest.mark.parametrize("case", MUST_FIRE, ids=case_id)
def test_fires(case: Case) -> None:
    warnings = run(case)
    assert any(w.severity == case.severity for w in warnings), warnings
    if case.points_at is not None:
        texts = dict(enumerate(case.pairs, 1))
        pointed = [
            texts[int(w.key)][0 if w.side == "source" else 1][w.start : w.end] for w in warnings
        ]
        assert case.points_at in pointed


@pytest.mark.parametrize("case", MUST_NOT_FIRE, ids=case_id)
def test_stays_quiet(case: Case) -> None:
    assert [w for w in run(case) if w.severity != Severity.INFO] == []


@pytest.mark.parametrize("table", [MUST_FIRE, MUST_NOT_FIRE], ids=["fire", "quiet"])
@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: "-".join(pair))
def test_every_check_has_cases_for_every_language_pair(
    table: list[Case], pair: tuple[str, str]
) -> None:
    assert {case.check for case in table if case.tgt_lang == pair[1]} == set(CHECKS)


def test_registry_names_match_and_describe_the_checks() -> None:
    for name, check in CHECKS.items():
        assert check.name == name
        assert check.description


def test_a_shared_single_word_is_only_a_hint() -> None:
    warnings = run(one("untranslated", "en", "Kazinform", "Kazinform"))
    assert [w.severity for w in warnings] == [Severity.INFO]


def test_the_length_model_learns_the_pairs_ratio() -> None:
    # Targets twice their source's length are normal in this TM, half would not be.
    approved = [("а" * n, "b" * (2 * n + n % 3)) for n in range(30, 90)]
    model = LengthModel.fit(approved)
    assert model.pairs == len(approved)
    context = QAContext("kk", "en", model)
    double = Segment(1, "ә" * 40, "x" * 80)
    same = Segment(2, "ә" * 40, "x" * 40)
    found = run_checks([double, same], context, checks=["length-ratio"])
    assert [w.key for w in found] == [2]


def test_too_few_approved_pairs_fall_back_to_the_prior() -> None:
    assert LengthModel.fit([("бір", "one")] * 5) == LengthModel.prior()


def test_check_pair_reports_in_order_worst_first() -> None:
    warnings = check_pair("Бағасы 5 мың теңге ме?", "It costs  500 tenge.", "kk", "en")
    assert next(w.check for w in warnings) == "numbers"
    assert {w.check for w in warnings} == {"numbers", "end-punctuation", "double-spaces"}
    assert [w.severity.rank for w in warnings] == sorted(w.severity.rank for w in warnings)


def test_lines_must_be_parallel() -> None:
    with pytest.raises(InputError, match="as many"):
        check_lines(["а", "б"], ["a"], QAContext("kk", "en"))


def test_unknown_check_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown check"):
        run_checks([], QAContext("kk", "en"), checks=["spelling"])


def gold_segments(src_lang: str, tgt_lang: str) -> list[Segment]:
    karis = CORPORA / "karis"

    def sentences(lang: str) -> tuple[str, ...]:
        lines = (karis / f"{lang}.sents").read_text(encoding="utf-8").splitlines()
        return presegmented(lines, lang).sentences

    source, target = sentences(src_lang), sentences(tgt_lang)
    beads = parse_beads((karis / f"{src_lang}-{tgt_lang}.gold").read_text(encoding="utf-8"))
    return [
        Segment(number, " ".join(source[i] for i in src), " ".join(target[j] for j in tgt))
        for number, (src, tgt) in enumerate(beads)
        if src and tgt  # omissions and captions are not pairs
    ]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: "-".join(pair))
def test_no_error_on_the_reviewer_approved_gold_pairs(pair: tuple[str, str]) -> None:
    segments = gold_segments(*pair)
    assert len(segments) > 70
    warnings = run_checks(segments, QAContext(*pair))
    assert [w for w in warnings if w.severity == Severity.ERROR] == []


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: "-".join(pair))
def test_the_gold_pairs_with_their_numbers_or_questions_broken_do_raise(
    pair: tuple[str, str],
) -> None:
    segments = gold_segments(*pair)
    broken = [
        Segment(s.key, s.source, s.target.replace("40", "4").replace("?", ".")) for s in segments
    ]
    found = {(w.check, w.severity) for w in run_checks(broken, QAContext(*pair))}
    assert ("numbers", Severity.ERROR) in found
    assert ("end-punctuation", Severity.WARNING) in found
