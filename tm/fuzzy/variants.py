"""Variants of TM sentences, made by rule, for measuring what the fuzzy lookup finds.

A translator's new segment is usually an old one with a word inflected differently, a
number changed, a word dropped or a word added; `variants` makes one of each kind from
every sentence it can (the tests' recall set), and bench/fuzzy.py grows its synthetic TMs
with the same inflection rules (`ending`). The Kazakh endings respect vowel harmony and
the assimilation of the suffix's first consonant, so the inflected forms are ones a
Kazakh text could contain.
Everything is driven by the `random.Random` passed in: the same seed, the same variants.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tm.fuzzy.stem import stem_kazakh
from tm.fuzzy.text import Token, tokenize

KINDS = ("inflected", "numbers", "dropped", "added")

_BACK_VOWELS = frozenset("аоұы")
_FRONT_VOWELS = frozenset("әөүіе")
_VOWELS = _BACK_VOWELS | _FRONT_VOWELS | frozenset("иуяю")
_VOICELESS = frozenset("кқпстфхцчшщ")
_NASAL = frozenset("мнң")
# After р, й and у the plural is -лар (долларлар, жағдайлар), after л -дар (елдер).
_GLIDES = frozenset("рйу")
# A suffix's back vowels and back consonants after a front-vowel stem: -ға -> -ге, -қа -> -ке.
_FRONT_FORMS = str.maketrans("аығқ", "еігк")


@dataclass(frozen=True)
class Variant:
    kind: str
    original: int  # index of the sentence it was made from
    text: str


def ending(stem: str, case: str) -> str:
    """A case or plural ending for a stem, in the form harmony and assimilation ask for."""
    vowels = [char for char in stem if char in _BACK_VOWELS or char in _FRONT_VOWELS]
    front = bool(vowels) and vowels[-1] in _FRONT_VOWELS
    last = stem[-1]
    if last in _VOWELS:
        sound = "vowel"
    elif last in _VOICELESS:
        sound = "voiceless"
    elif last in _NASAL:
        sound = "nasal"
    elif last in _GLIDES:
        sound = "glide"
    else:
        sound = "voiced"
    forms = {
        "dative": {"voiceless": "қа"}.get(sound, "ға"),
        "locative": "та" if sound == "voiceless" else "да",
        "ablative": {"nasal": "нан", "voiceless": "тан"}.get(sound, "дан"),
        "genitive": {"vowel": "ның", "nasal": "ның", "voiceless": "тың"}.get(sound, "дың"),
        "accusative": {"vowel": "ны", "voiceless": "ты"}.get(sound, "ды"),
        "plural": {"voiceless": "тар", "vowel": "лар", "glide": "лар"}.get(sound, "дар"),
    }
    back = forms[case]
    return back.translate(_FRONT_FORMS) if front else back


CASES = ("dative", "locative", "ablative", "genitive", "accusative", "plural")


def _is_kazakh_word(token: Token) -> bool:
    return token.kind == "word" and len(token.text) >= 4 and token.text.isalpha()


def _replace(text: str, token: Token, new: str) -> str:
    return text[: token.start] + new + text[token.end :]


def inflect(sentence: str, rng: random.Random, words: int = 2) -> str | None:
    """Up to `words` Kazakh words given another case ending (or their ending taken off)."""
    tokens = [t for t in tokenize(sentence) if _is_kazakh_word(t)]
    if not tokens:
        return None
    text = sentence
    for token in sorted(rng.sample(tokens, min(words, len(tokens))), key=lambda t: -t.start):
        stem = stem_kazakh(token.text.lower())
        root = token.text[: len(stem)]
        new = root + ending(stem, rng.choice(CASES))
        if new == token.text:
            new = root
        text = _replace(text, token, new)
    return text if text != sentence else None


def change_numbers(sentence: str, rng: random.Random) -> str | None:
    """Every number replaced by another with as many digits."""
    tokens = [t for t in tokenize(sentence) if t.kind == "number"]
    if not tokens:
        return None
    text = sentence
    for token in reversed(tokens):
        digits = [c for c in token.text if c.isdigit()]
        new_digits = [str((int(d) + rng.randint(1, 9)) % 10) for d in digits]
        if new_digits[0] == "0" and len(new_digits) > 1:
            new_digits[0] = "1"
        spare = iter(new_digits)
        text = _replace(text, token, "".join(next(spare) if c.isdigit() else c for c in token.text))
    return text


def drop_word(sentence: str, rng: random.Random) -> str | None:
    tokens = [t for t in tokenize(sentence) if t.kind == "word"]
    if len(tokens) < 5:
        return None
    token = rng.choice(tokens)
    end = token.end + 1 if sentence[token.end : token.end + 1] == " " else token.end
    return sentence[: token.start] + sentence[end:]


def add_word(sentence: str, rng: random.Random, vocabulary: Sequence[str]) -> str | None:
    tokens = [t for t in tokenize(sentence) if t.kind == "word"]
    if not tokens or not vocabulary:
        return None
    token = rng.choice(tokens)
    return sentence[: token.start] + rng.choice(vocabulary) + " " + sentence[token.start :]


def vocabulary_of(sentences: Sequence[str]) -> list[str]:
    """The distinct words of the sentences, in order of first appearance."""
    words = (t.text for s in sentences for t in tokenize(s) if t.kind == "word")
    return list(dict.fromkeys(words))


def variants(sentences: Sequence[str], rng: random.Random) -> list[Variant]:
    """One variant of each kind for every sentence that allows it."""
    vocabulary = vocabulary_of(sentences)
    makers: dict[str, Callable[[str], str | None]] = {
        "inflected": lambda s: inflect(s, rng),
        "numbers": lambda s: change_numbers(s, rng),
        "dropped": lambda s: drop_word(s, rng),
        "added": lambda s: add_word(s, rng, vocabulary),
    }
    found = []
    for position, sentence in enumerate(sentences):
        for kind in KINDS:
            text = makers[kind](sentence)
            if text is not None and text != sentence:
                found.append(Variant(kind, position, text))
    return found
