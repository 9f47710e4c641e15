"""The QA checks, one small class each, and `CHECKS`, the registry the CLI and app read.

Severities are chosen so that a reviewer can trust them: `error` only where the target is
wrong whatever the style (a number lost, nothing translated, another language), `warning`
where a person should look (punctuation, length, inconsistency, spelling of names), `info`
for what is often right (a one-word target equal to its source, a period added to a
caption, a colon ending a sentence that ended with a period).

The term checks (`TERM_CHECKS`) read the termbase's recognition index from the context:
a term of the source not translated as the termbase says is a `warning` (a paraphrase or
a pronoun may be right), a forbidden term in the target an `error`. Without a termbase
they return at once.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

from tm.quality._base import (
    Check,
    QAContext,
    QAWarning,
    Segment,
    SegmentCheck,
    Severity,
    text_length,
)
from tm.quality.langid import CYRILLIC_WORD_RE, KAZAKH_LETTERS, identify
from tm.quality.numbers import missing_numbers

if TYPE_CHECKING:
    from tm.termbase.recognition import TermHit

_LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
_LATIN_TARGETS = frozenset({"en"})
# Where a word with ә ғ қ ң ө ұ ү һ і is a Kazakh word left in (or a name spelled the Kazakh way).
_CYRILLIC_TARGETS_NOT_KAZAKH = frozenset({"ru"})
_LETTER_WORD_RE = re.compile(r"[^\W\d_]+")


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


class EmptyTarget(Check):
    name = "empty"
    description = "the target is empty or only spaces while the source is not"

    def find(self, segments: Sequence[Segment], context: QAContext) -> Iterator[QAWarning]:
        for segment in segments:
            if segment.source.strip() and not segment.target.strip():
                yield self.warn(segment, Severity.ERROR, "the target is empty")


class Numbers(SegmentCheck):
    name = "numbers"
    description = "every number of the source is in the target, in any spelling"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        for mention in missing_numbers(
            segment.source, segment.target, context.src_lang, context.tgt_lang
        ):
            yield self.warn(
                segment,
                Severity.ERROR,
                f"the source's number {mention.text!r} is not in the target",
                (mention.start, mention.end),
                side="source",
            )


# --- punctuation -------------------------------------------------------------------------

_CLOSERS_AT_END = ")]}»“”\"'’"
_END_RUN_RE = re.compile(r"[.?!…:;]+$")
_END_NAMES = {
    "?": "a question mark",
    "!": "an exclamation mark",
    ".": "a period",
    ":": "a colon",
    ";": "a semicolon",
    "": "no end punctuation",
}


def _end_mark(text: str) -> tuple[str, int, int]:
    """The class of the text's final punctuation ('?', '!', '.', ':', ';' or '') and its span."""
    stripped = text.rstrip()
    body = stripped.rstrip(_CLOSERS_AT_END + " ")
    run = _END_RUN_RE.search(body)
    if run is None:
        return "", len(stripped), len(stripped)
    marks = run.group()
    for mark in "?!":
        if mark in marks:
            return mark, run.start(), run.end()
    last = marks[-1]
    return ("." if last == "…" else last), run.start(), run.end()


class EndPunctuation(SegmentCheck):
    name = "end-punctuation"
    description = "the target ends like the source: ? and ! kept, a sentence's period kept"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        source_mark, _, _ = _end_mark(segment.source)
        target_mark, start, end = _end_mark(segment.target)
        if source_mark == target_mark:
            return
        # A lost or invented question or exclamation changes what the sentence does.
        changes_mood = bool({source_mark, target_mark} & {"?", "!"})
        severity = Severity.WARNING if changes_mood or source_mark == "." else Severity.INFO
        yield self.warn(
            segment,
            severity,
            f"the source ends with {_END_NAMES[source_mark]}, the target with "
            f"{_END_NAMES[target_mark]}",
            (start, end),
        )


# Which openers each closer may close; “ closes „ in Russian and opens ” in English.
_OPENERS_OF = {")": "(", "]": "[", "}": "{", "»": "«", "“": "„", "”": "“„"}
_OPENERS = frozenset("([{«„“")


def unbalanced(text: str) -> list[int]:
    """Positions of brackets and quotes that are not closed or not opened, in order."""
    stack: list[int] = []
    lonely: list[int] = []
    for position, char in enumerate(text):
        if char in _OPENERS_OF and stack and text[stack[-1]] in _OPENERS_OF[char]:
            stack.pop()
        elif char in _OPENERS:
            stack.append(position)
        elif char in _OPENERS_OF:
            lonely.append(position)
    straight = [position for position, char in enumerate(text) if char == '"']
    if len(straight) % 2:
        lonely.append(straight[-1])
    return sorted(lonely + stack)


class Brackets(SegmentCheck):
    name = "brackets"
    description = "quotes and brackets in the target are balanced when the source's are"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        # A sentence cut from a quoted passage is unbalanced on both sides, legitimately.
        if unbalanced(segment.source):
            return
        for position in unbalanced(segment.target):
            char = segment.target[position]
            yield self.warn(
                segment,
                Severity.WARNING,
                f"{char!r} has no partner in the target",
                (position, position + 1),
            )


# --- language ----------------------------------------------------------------------------

# Below these, language identification guesses from a name or two; it does not know.
_SURE_LETTERS, _SURE_CONFIDENCE = 20, 0.9
_HINT_LETTERS, _HINT_CONFIDENCE = 10, 0.7
# A target this Cyrillic is not in a Latin-script language (a Latin name or two aside).
_CYRILLIC_SHARE = 0.8


class Untranslated(SegmentCheck):
    name = "untranslated"
    description = "the target equals the source, or is still in the source language"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        if _normalized(segment.source) == _normalized(segment.target):
            words = _LETTER_WORD_RE.findall(segment.source)
            if words:
                # One shared word is often a name ("Астана", "Kazinform"); a phrase is not.
                severity = Severity.ERROR if len(words) > 1 else Severity.INFO
                yield self.warn(segment, severity, "the target is the source, untranslated")
            return
        source_name = _language_name(context.src_lang)
        found = identify(segment.target)
        if (
            found is not None
            and found.lang == context.src_lang != context.tgt_lang
            and found.letters >= _SURE_LETTERS
            and found.confidence >= _SURE_CONFIDENCE
        ):
            yield self.warn(
                segment,
                Severity.ERROR,
                f"the target reads as {source_name} ({found.confidence:.0%} sure)",
            )
            return
        if context.tgt_lang in _CYRILLIC_TARGETS_NOT_KAZAKH:
            yield from self._kazakh_words(segment)

    def _kazakh_words(self, segment: Segment) -> Iterator[QAWarning]:
        for word in CYRILLIC_WORD_RE.finditer(segment.target):
            if KAZAKH_LETTERS & set(word.group()):
                yield self.warn(
                    segment,
                    Severity.WARNING,
                    f"{word.group()!r} is spelled with Kazakh letters",
                    word.span(),
                )


def _mostly_cyrillic(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    cyrillic = sum("\u0400" <= char <= "\u04ff" for char in letters)
    return cyrillic >= _SURE_LETTERS and cyrillic >= _CYRILLIC_SHARE * len(letters)


class WrongLanguage(SegmentCheck):
    name = "wrong-language"
    description = "the target is in neither the target nor the source language"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        if context.tgt_lang in _LATIN_TARGETS and _mostly_cyrillic(segment.target):
            # Whichever Cyrillic language it is, a Latin-script language it is not, however
            # unsure identification is between Kazakh and Russian around a few names.
            yield self.warn(
                segment,
                Severity.ERROR,
                f"the target is in Cyrillic script, not {_language_name(context.tgt_lang)}",
            )
            return
        found = identify(segment.target)
        expected = {context.tgt_lang, context.src_lang}
        if found is not None and found.lang not in expected:
            message = (
                f"the target reads as {_language_name(found.lang)}, not "
                f"{_language_name(context.tgt_lang)} ({found.confidence:.0%} sure)"
            )
            if found.letters >= _SURE_LETTERS and found.confidence >= _SURE_CONFIDENCE:
                yield self.warn(segment, Severity.ERROR, message)
                return
            if found.letters >= _HINT_LETTERS and found.confidence >= _HINT_CONFIDENCE:
                yield self.warn(segment, Severity.WARNING, message)
                return
        if context.tgt_lang in _LATIN_TARGETS:
            for word in CYRILLIC_WORD_RE.finditer(segment.target):
                yield self.warn(
                    segment,
                    Severity.WARNING,
                    f"{word.group()!r} is in Cyrillic in a {_language_name(context.tgt_lang)} "
                    "target",
                    word.span(),
                )


# --- form --------------------------------------------------------------------------------

# Hyphens count as part of a word: "что что-то" is not a doubling.
_DOUBLED_RE = re.compile(r"(?<![\w-])([^\W\d_]+)(\s+)(\1)(?![\w-])", re.IGNORECASE)
# Doublings that grammar allows: "what he had had", "he said that that was all".
_DOUBLINGS_ALLOWED = {"en": frozenset({"had", "that"})}


class DoubledWords(SegmentCheck):
    name = "doubled-words"
    description = "the same word twice in a row"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        allowed = _DOUBLINGS_ALLOWED.get(context.tgt_lang, frozenset())
        for match in _DOUBLED_RE.finditer(segment.target):
            if match.group(1).lower() not in allowed:
                yield self.warn(
                    segment,
                    Severity.WARNING,
                    f"{match.group(1)!r} twice in a row",
                    (match.start(), match.end()),
                )


_DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


class DoubleSpaces(SegmentCheck):
    name = "double-spaces"
    description = "two or more spaces between words"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        for match in _DOUBLE_SPACE_RE.finditer(segment.target):
            yield self.warn(
                segment, Severity.WARNING, f"{len(match.group())} spaces in a row", match.span()
            )


class LengthRatio(SegmentCheck):
    name = "length-ratio"
    description = "the target's length, for its source's, is unlike the TM's approved pairs"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        model = context.lengths
        deviation = model.deviation(segment.source, segment.target)
        if deviation is None or abs(deviation) <= context.length_limit:
            return
        low, high = (
            math.exp(model.mean - context.length_limit * model.spread),
            math.exp(model.mean + context.length_limit * model.spread),
        )
        basis = f"{model.pairs} approved pairs" if model.pairs else "the default range"
        yield self.warn(
            segment,
            Severity.WARNING,
            f"the target is {'short' if deviation < 0 else 'long'} for its source: "
            f"{_ratio(segment):.2f} times its length, where {basis} allow {low:.2f}-{high:.2f}",
        )


def _ratio(segment: Segment) -> float:
    return text_length(segment.target) / max(text_length(segment.source), 1)


# --- across the set ----------------------------------------------------------------------


def _groups(
    segments: Sequence[Segment], key_side: str
) -> Iterator[tuple[list[Segment], Counter[str]]]:
    """Segments sharing a normalised text on `key_side`, when the other side varies."""
    groups: dict[str, list[Segment]] = defaultdict(list)
    for segment in segments:
        key = segment.source if key_side == "source" else segment.target
        if key.strip() and segment.target.strip():
            groups[_normalized(key)].append(segment)
    for members in groups.values():
        others = Counter(
            _normalized(member.target if key_side == "source" else member.source)
            for member in members
        )
        if len(others) > 1:
            yield members, others


class _Inconsistency(Check):
    """Segments that share one side (`key_side`) and differ on the other."""

    key_side: ClassVar[str]
    message: ClassVar[str]  # formatted with {count} variants and {keys}
    shown_keys: ClassVar[int] = 5

    def find(self, segments: Sequence[Segment], context: QAContext) -> Iterator[QAWarning]:
        for members, variants in _groups(segments, self.key_side):
            keys = ", ".join(str(member.key) for member in members[: self.shown_keys])
            if len(members) > self.shown_keys:
                keys += ", ..."
            for member in members:
                yield self.warn(
                    member, Severity.WARNING, self.message.format(count=len(variants), keys=keys)
                )


class InconsistentTarget(_Inconsistency):
    name = "inconsistent-target"
    description = "the same source translated differently"
    key_side = "source"
    message = "the same source has {count} different translations ({keys})"


class InconsistentSource(_Inconsistency):
    name = "inconsistent-source"
    description = "one target used for different sources"
    key_side = "target"
    message = "the same target translates {count} different sources ({keys})"


_NAME_RE = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:['’]s)?(?![\w-])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;–—\-\"“«(]\s*)$")
_PHONETIC = (
    ("ph", "f"),
    ("kh", "h"),
    ("ck", "k"),
    ("w", "v"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("j", "zh"),
    ("dzh", "zh"),
)


def name_skeleton(name: str) -> str:
    """Consonants of a Latin-script name, spelling variants folded: Tokayev, Tokaev -> tkv."""
    word = name.lower()
    for old, new in _PHONETIC:
        word = word.replace(old, new)
    # Doubled letters fold before the vowels go, so Tallinn and Talin agree but Estonia
    # and Estonian (n, a vowel, n) stay apart.
    folded = [ch for index, ch in enumerate(word) if not index or word[index - 1] != ch]
    return "".join(ch for ch in folded if ch not in "aeiouy-")


def _names(text: str) -> Iterator[re.Match[str]]:
    # Mid-sentence capitals only: a sentence's first word is capitalised whatever it is.
    for match in _NAME_RE.finditer(text):
        if not _SENTENCE_START_RE.search(text[: match.start()]):
            yield match


def _bare(name: str) -> str:
    return re.sub(r"['’]s$", "", name)


class NameSpelling(Check):
    name = "names"
    description = "a Latin-script name spelled differently across the targets (Tokayev / Tokaev)"
    min_length: ClassVar[int] = 4

    def find(self, segments: Sequence[Segment], context: QAContext) -> Iterator[QAWarning]:
        spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for segment in segments:
            for match in _names(segment.target):
                name = _bare(match.group())
                skeleton = name_skeleton(name)
                if len(name) >= self.min_length and len(skeleton) >= 2:
                    spellings[name[0], skeleton][name] += 1
        variants = {key: counts for key, counts in spellings.items() if len(counts) > 1}
        if not variants:
            return
        for segment in segments:
            for match in _names(segment.target):
                name = _bare(match.group())
                counts = variants.get((name[0], name_skeleton(name)))
                if counts is None:
                    continue
                most, most_count = counts.most_common(1)[0]
                if name == most and list(counts.values()).count(most_count) == 1:
                    continue
                others = ", ".join(f"{other} ({n})" for other, n in counts.items() if other != name)
                yield self.warn(
                    segment,
                    Severity.WARNING,
                    f"{name!r} is spelled {others} elsewhere",
                    (match.start(), match.start() + len(name)),
                )


# --- the termbase ------------------------------------------------------------------------


def _cased_like(term: str, found: str) -> bool:
    """Whether a text found for a term is capitalised where the term is: a name's words
    begin with a capital (Теңіз, the oil field, is not теңіз, the sea; Астана is not
    астанасы, a capital), a term in lower case is found in any case."""
    term_words = _LETTER_WORD_RE.findall(term)
    found_words = _LETTER_WORD_RE.findall(found)
    return all(
        not expected[:1].isupper() or seen[:1].isupper()
        for expected, seen in zip(term_words, found_words, strict=False)
    )


def _source_terms(segment: Segment, context: QAContext) -> list[TermHit]:
    """The termbase's source terms in the segment's source, capitalised as the termbase
    writes them (none without a termbase)."""
    if context.terms is None:
        return []
    from tm.termbase.recognition import recognise

    hits = recognise(context.terms, segment.source, context.src_lang, context.tgt_lang)
    return [hit for hit in hits if _cased_like(hit.source, segment.source[hit.start : hit.end])]


def _quoted(texts: Iterable[str]) -> str:
    return " or ".join(repr(text) for text in texts)


def _named(found: str, term: str) -> str:
    """The form found, and the term it is a form of when it differs: 'Үкіметтің' (Үкімет)."""
    return repr(found) if found.casefold() == term.casefold() else f"{found!r} ({term})"


class TermTranslation(SegmentCheck):
    """A source term whose usable translations (preferred, admitted) are all missing from
    the target, in every inflected form (`tm.termbase.find_in_target`); where two entries
    share the term (a homonym), a translation of either will do. The warning points at
    the term's form in the source."""

    name = "term-translation"
    description = "a termbase term in the source is not translated as the termbase says"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        hits = _source_terms(segment, context)
        if not hits:
            return
        from tm.termbase.recognition import find_in_target

        expected: dict[tuple[int, int], dict[str, None]] = defaultdict(dict)
        terms: dict[tuple[int, int], str] = {}
        for hit in hits:
            if hit.target is not None:
                expected[hit.start, hit.end].update(dict.fromkeys((hit.target, *hit.alternatives)))
                terms.setdefault((hit.start, hit.end), hit.source)
        for span, texts in expected.items():
            if any(find_in_target(text, segment.target, context.tgt_lang) for text in texts):
                continue
            found = segment.source[span[0] : span[1]]
            yield self.warn(
                segment,
                Severity.WARNING,
                f"{_named(found, terms[span])} is not translated as the termbase says: "
                f"{_quoted(texts)}",
                span,
                side="source",
            )


class ForbiddenTerm(SegmentCheck):
    """A term the termbase forbids in the target language, in any inflected form (and
    capitalised as the termbase writes it): a forbidden translation of a term of the
    source, or any term marked forbidden. Not where the same words are a usable
    translation of a term of the source. The warning points at the form in the target."""

    name = "forbidden-term"
    description = "the target uses a term the termbase forbids"

    def check(self, segment: Segment, context: QAContext) -> Iterator[QAWarning]:
        if context.terms is None:
            return
        from tm.termbase.recognition import recognise

        tgt = context.tgt_lang
        used = [
            hit
            for hit in recognise(context.terms, segment.target, tgt, tgt)
            if _cased_like(hit.source, segment.target[hit.start : hit.end])
        ]
        banned = [hit for hit in used if hit.status == "forbidden"]
        if not banned:
            return
        sources = {hit.concept_id: hit for hit in _source_terms(segment, context)}
        allowed = {
            (hit.start, hit.end)
            for hit in used
            if hit.status != "forbidden" and hit.concept_id in sources
        }
        for hit in banned:
            if (hit.start, hit.end) in allowed:
                continue
            found = segment.target[hit.start : hit.end]
            source = sources.get(hit.concept_id)
            of = f" for {source.source!r}" if source is not None else ""
            use = f": use {hit.target!r}" if hit.target is not None else ""
            yield self.warn(
                segment,
                Severity.ERROR,
                f"{_named(found, hit.source)} is forbidden by the termbase{of}{use}",
                (hit.start, hit.end),
            )


CHECKS: dict[str, type[Check]] = {
    check.name: check
    for check in (
        EmptyTarget,
        Numbers,
        EndPunctuation,
        Brackets,
        Untranslated,
        WrongLanguage,
        DoubledWords,
        DoubleSpaces,
        LengthRatio,
        InconsistentTarget,
        InconsistentSource,
        NameSpelling,
        TermTranslation,
        ForbiddenTerm,
    )
}
# The checks that need a termbase (`QAContext.terms`); without one they say nothing.
TERM_CHECKS = ("term-translation", "forbidden-term")
