"""Numbers as values, whatever their spelling: "1,2 млрд", "1.2 billion" and "1 200 000 000".

    find_numbers("шамамен 50 миллион еуро", "kk") -> (NumberMention("50 миллион", {50, 5E+7}),)
    missing_numbers(source, target, "kk", "en") -> the source's mentions the target lacks

A mention keeps every reading of what was written, because the spelling alone does not
decide it: "5,000" is five thousand in English and five in Russian, and "50 млн" must meet
both "€50 million" and "50,000,000", so it reads as 50 and as 5E+7. Two mentions
agree when their readings share a value, so the comparison errs on the lenient side: a QA
check built on it should not cry wolf over a thousands separator.

Values are `Decimal`s, so 1.2 x 10^9 equals 1200000000 exactly (floats would not always).
Digits are read in every language; number words ("two", "восемь", "екі", "November") only
when asked, since a translator may spell out a source's digit but a source's word need not
become a digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: what was written, where, and every value it can stand for."""

    text: str
    start: int
    end: int
    values: frozenset[Decimal]


@dataclass(frozen=True)
class NumberWords:
    """How one language writes magnitudes and small numbers in words."""

    # Words (or prefixes ending in "*") that multiply the number before them: "5 мыңнан".
    scales: Mapping[str, Decimal]
    # Words (or prefixes ending in "*") that stand for a number themselves, months included,
    # so that "November 18" answers "18.11".
    numbers: Mapping[str, Decimal]


def _words(spec: str) -> Mapping[str, Decimal]:
    return MappingProxyType(
        {word: Decimal(value) for word, value in (item.split("=") for item in spec.split())}
    )


_LANGUAGES: Mapping[str, NumberWords] = MappingProxyType(
    {
        "en": NumberWords(
            scales=_words(
                "thousand*=1E3 k=1E3 million*=1E6 mln=1E6 m=1E6 billion*=1E9 bn=1E9 "
                "trillion*=1E12 tn=1E12"
            ),
            numbers=_words(
                "one=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 "
                "eleven=11 twelve=12 thirteen=13 fourteen=14 fifteen=15 sixteen=16 seventeen=17 "
                "eighteen=18 nineteen=19 twenty=20 thirty=30 forty=40 fifty=50 sixty=60 "
                "seventy=70 eighty=80 ninety=90 hundred*=100 thousand*=1E3 million*=1E6 "
                "billion*=1E9 dozen*=12 first=1 second=2 third=3 fourth=4 fifth=5 sixth=6 "
                "seventh=7 eighth=8 ninth=9 tenth=10 once=1 twice=2 half=0.5 "
                "january=1 february=2 march=3 april=4 may=5 june=6 july=7 august=8 "
                "september=9 october=10 november=11 december=12 jan=1 feb=2 mar=3 apr=4 jun=6 "
                "jul=7 aug=8 sep=9 sept=9 oct=10 nov=11 dec=12"
            ),
        ),
        "ru": NumberWords(
            scales=_words(
                "тыс*=1E3 млн*=1E6 миллион*=1E6 млрд*=1E9 миллиард*=1E9 трлн*=1E12 триллион*=1E12"
            ),
            numbers=_words(
                "один=1 одна=1 одно=1 одного=1 одной=1 два=2 две=2 двух=2 двум=2 три=3 трех=3 "
                "трёх=3 четыре=4 четырех=4 четырёх=4 пять=5 пяти=5 шесть=6 шести=6 семь=7 "
                "семи=7 восемь=8 восьми=8 девять=9 девяти=9 десять=10 десяти=10 двадцат*=20 "
                "тридцат*=30 сорок*=40 пятьдесят=50 пятидесяти=50 сто=100 ста=100 "
                "тысяч*=1E3 миллион*=1E6 миллиард*=1E9 перв*=1 втор*=2 трет*=3 четверт*=4 "
                "пят*=5 шест*=6 седьм*=7 восьм*=8 девят*=9 десят*=10 дважды=2 трижды=3 "
                "полтор*=1.5 январ*=1 феврал*=2 март*=3 апрел*=4 май=5 мая=5 маю=5 июн*=6 июл*=7 "
                "август*=8 сентябр*=9 октябр*=10 ноябр*=11 декабр*=12"
            ),
        ),
        "kk": NumberWords(
            scales=_words(
                "мың*=1E3 млн*=1E6 миллион*=1E6 млрд*=1E9 миллиард*=1E9 трлн*=1E12 триллион*=1E12"
            ),
            numbers=_words(
                "бір=1 бірінші*=1 екі*=2 үш=3 үшеу*=3 үшінші*=3 төрт*=4 бес*=5 алты*=6 жеті=7 "
                "жетінші*=7 сегіз*=8 тоғыз*=9 он=10 "
                "оныншы*=10 жиырма*=20 отыз*=30 қырық*=40 елу*=50 алпыс*=60 жетпіс*=70 "
                "сексен*=80 тоқсан*=90 жүз*=100 мың*=1E3 миллион*=1E6 миллиард*=1E9 "
                "қаңтар*=1 ақпан*=2 наурыз*=3 сәуір*=4 мамыр*=5 маусым*=6 шілде*=7 тамыз*=8 "
                "қыркүйек*=9 қазан*=10 қараша*=11 желтоқсан*=12"
            ),
        ),
    }
)
_NO_WORDS = NumberWords(scales=MappingProxyType({}), numbers=MappingProxyType({}))

# A digit group is never glued to a letter before it ("G20" is a name, not twenty). The body
# is a grouped integer (1 000 000 with a space or no-break space, 1,000,000, 1.000.000), or
# digits with an optional fraction; a scale word may follow, after a space or a hyphen
# ("50 млн", "5-мың", "$2bn").
_GROUPED = (
    r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d.,]\d)"
    r"|\d{1,3}(?:(?P<gsep>[.,])\d{3})(?:(?P=gsep)\d{3})+"
)
_NUMBER_RE = re.compile(
    rf"(?<![^\W_])(?<!\d[.,])(?P<body>(?P<grouped>{_GROUPED})|(?P<int>\d+)"
    r"(?:(?P<sep>[.,])(?P<frac>\d+))?)(?!\d)"
    r"(?:[\s\u00a0-]?(?P<word>[^\W\d_]+))?"
)
# dd.mm.yyyy and dd/mm/yyyy: three numbers, not a decimal and a year.
_DATE_RE = re.compile(r"(?<![\w.,])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\w])")
_WORD_RE = re.compile(r"[^\W\d_]+")


def number_words(lang: str) -> NumberWords:
    """The number vocabulary of a language code ("kk-KZ" counts as "kk"); none if unknown."""
    base = lang.strip().replace("_", "-").split("-")[0].lower()
    return _LANGUAGES.get(base, _NO_WORDS)


def _lookup(word: str, table: Mapping[str, Decimal]) -> Decimal | None:
    word = word.lower()
    if word in table:
        return table[word]
    # Prefix entries ("мың*") cover inflected forms: "мыңнан", "тысячи", "millions".
    for key, value in table.items():
        if key.endswith("*") and word.startswith(key[:-1]):
            return value
    return None


def _readings(match: re.Match[str]) -> set[Decimal]:
    if match["grouped"]:
        digits = re.sub(r"\D", "", match["grouped"])
        return {Decimal(digits)}
    whole, sep, frac = match["int"], match["sep"], match["frac"]
    if not sep:
        return {Decimal(whole)}
    readings = {Decimal(f"{whole}.{frac}")}
    # "1,500" is 1500 in English and 1.5 in Russian; "1.500" the other way round.
    if len(frac) == 3 and not whole.startswith("0"):
        readings.add(Decimal(whole + frac))
    return readings


def _digit_mentions(text: str, words: NumberWords) -> Iterator[NumberMention]:
    dates = list(_DATE_RE.finditer(text))
    for date in dates:
        for group in (1, 3, 4):
            yield NumberMention(
                date[group], date.start(group), date.end(group), frozenset({Decimal(date[group])})
            )
    for match in _NUMBER_RE.finditer(text):
        if any(date.start() <= match.start() < date.end() for date in dates):
            continue
        values = _readings(match)
        end = match.end("body")
        scale = _lookup(match["word"], words.scales) if match["word"] else None
        if scale is not None:
            values |= {value * scale for value in values}
            end = match.end("word")
        yield NumberMention(
            text[match.start() : end], match.start(), end, frozenset(v.normalize() for v in values)
        )


def _word_mentions(text: str, words: NumberWords) -> Iterator[NumberMention]:
    tokens = list(_WORD_RE.finditer(text))
    for index, token in enumerate(tokens):
        value = _lookup(token[0], words.numbers)
        # A scale right after digits ("50 million") is part of the digits' mention already.
        if value is None:
            continue
        after_digits = text[: token.start()].rstrip(" \u00a0-")[-1:].isdigit()
        if after_digits and _lookup(token[0], words.scales) is not None:
            continue
        values = {value}
        end = token.end()
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and text[end : following.start()].strip() == "":
            scale = _lookup(following[0], words.scales)
            if scale is not None:
                values.add(value * scale)
        yield NumberMention(token[0], token.start(), end, frozenset(v.normalize() for v in values))


# Bounded: a batch run over an archive passes every paragraph through here once.
@lru_cache(maxsize=65_536)
def _cached(text: str, lang: str, with_words: bool) -> tuple[NumberMention, ...]:
    words = number_words(lang)
    mentions = list(_digit_mentions(text, words))
    if with_words:
        mentions.extend(_word_mentions(text, words))
    return tuple(sorted(mentions, key=lambda mention: mention.start))


def find_numbers(text: str, lang: str, *, words: bool = False) -> tuple[NumberMention, ...]:
    """Every number written with digits in `text` (and in words too, when `words`), in order."""
    return _cached(text, lang, words)


def number_values(text: str, lang: str, *, words: bool = False) -> frozenset[Decimal]:
    """All values `text` may mention: the union of its mentions' readings."""
    return frozenset(
        value for mention in find_numbers(text, lang, words=words) for value in mention.values
    )


def missing_numbers(
    source: str, target: str, src_lang: str, tgt_lang: str
) -> tuple[NumberMention, ...]:
    """The source's digit numbers that no number of the target (digits or words) matches."""
    available = number_values(target, tgt_lang, words=True)
    return tuple(
        mention for mention in find_numbers(source, src_lang) if not mention.values & available
    )
