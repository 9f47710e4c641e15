"""Kazakh morphology: our suffix stemmer against the Kazakh analysers that install here.

    .venv/bin/python bench/morphology.py                              # our stemmer alone
    .venv/bin/python bench/morphology.py --other-python /tmp/morph/venv/bin/python

Our stemmer is `tm.fuzzy.stem.stem_kazakh`: fuzzy matching compares its stems cut to six
letters (`tm.fuzzy.text.stem_key`); the aligner's Cyrillic anchors and the TM lexicon do
not stem at all but cut the word to five letters (`tm.align._features`), shown here as
"prefix-5". Another tool runs in its own interpreter (`--other-python`), which this file
starts as `PYTHON bench/morphology.py --worker TOOL`: the worker half imports nothing but
the standard library and the tool, so the project never depends on it. Workers:

    hunspell   Debian's hunspell-kk dictionary (/usr/share/hunspell/kk_KZ) through the
               chunspell or cyhunspell binding, else spylls (pure Python); its stems are
               the dictionary entries a form can be derived from
    kazstem    KazStem (PyPI), an Apertium-kaz based analyser; needs compiled resources
    turkicnlp  TurkicNLP (PyPI); its Kazakh analysers are models it downloads at run time

A worker that cannot run (no resources, no model) reports why, and the figures go on
without it. From a tool's candidate stems the shortest is taken (the word itself when the
tool does not know it); "ours over TOOL" runs our stemmer on that, "TOOL, else ours" uses
our stemmer only for the words the tool does not know.

The figures:

1. Lemma agreement: 441 word forms from the project's Kazakh corpora (corpora/karis,
   corpora/news, X-WMT), hand-labelled with their lemma for this benchmark (`GOLD`:
   inflection stays in a lemma, derivation and voice make a new one, as in a dictionary).
   Over all pairs of forms, precision and recall of "same stem => same lemma", on the
   whole stem and on the six-letter stem key that fuzzy matching uses.
2. Fuzzy matching: (TM sentence, query) pairs where the query is an X-WMT sentence with
   one or two words given other suffixes, and the share of pairs whose words all match
   by stem key (six letters), beside the pairs a tool wins and loses against ours. Three
   sets: "attested" swaps a gold form for another corpus form of the same lemma (verbs
   too); "generated" gives a gold noun lemma a plural, possessive and case by rule;
   "variants" is `tm.fuzzy.variants.inflect`, the tests' recall set, whose roots come from
   our stemmer (so it favours it) and whose front-vowel endings are partly malformed (the
   bench prints a sample). "prefix-6" is the baseline without any stemming.
3. Speed (words per second over every corpus token, no cache) and install size.
4. kk-ru anchors: in gold-aligned sentence pairs of corpora/news and corpora/karis, the
   Kazakh and Russian spellings of one name or loan word (pairs found by string similarity
   within aligned sentences, then checked by hand: `NOT_SAME_WORD` lists the rejected
   ones); how often their keys match, and how many keys a Kazakh sentence shares with the
   Russian sentences it is not aligned to (noise).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
HUNSPELL_DICT = "/usr/share/hunspell/kk_KZ"
WORKERS = ("hunspell", "kazstem", "turkicnlp")
SEED = 7
PAIRS_PER_SET = 400  # about every X-WMT sentence holding a gold form
KEY_LENGTH = 6  # tm.fuzzy.text.STEM_KEY_LENGTH, repeated so that the worker needs no tm

# Word forms of the corpora and their lemmas, labelled by hand for this benchmark.
# "n" nouns (proper nouns included), "v" verbs (lemma in the -у form), "o" the rest.
GOLD = """
n қазақстан: қазақстан қазақстанға қазақстанда қазақстанның қазақстанмен қазақстандағы
o қазақстандық: қазақстандық
n адам: адам адамдар адамды адамдарға адамның адамдардың адамдарды
n адамзат: адамзат адамзатқа
n министр: министр министрі министрді министрін министрімен министрдің министрлер
n министрлік: министрлігі министрлік министрлігінің министрліктің министрлігіне
n президент: президент президенті президенттің президентімен президентінің президентіне
  президентті президенттері президентпен
o президенттік: президенттік
n мемлекет: мемлекет мемлекетке мемлекетіне мемлекеттердің мемлекеттер мемлекеттен
o мемлекеттік: мемлекеттік
n қызмет: қызмет қызметі қызметінен қызметінің қызметіне қызметін қызметті қызметтері
  қызметтер қызметке
n қызметкер: қызметкерлері қызметкерлер қызметкерлерін қызметкерін қызметкері
n компания: компания компаниясының компаниясы компанияның компаниялардың компаниялар
  компанияға компаниясын компанияны
n мектеп: мектеп мектепке мектебі мектептің мектепті мектептерден мектептер мектепте
  мектебінің мектебінде
n жоба: жоба жобасын жобасының жобасы жобалардың жобаға жобалары жобалар жобаның
n мәселе: мәселе мәселелері мәселелер мәселені мәселелерін мәселелерді мәселесіне мәселесі
n ел: ел елге елдің елде елді елдер елдері елдердің елдегі елі еліне елімізде елімізге
n елорда: елордада елорданың елордадағы
n үкімет: үкімет үкіметтің үкіметі үкіметке үкіметін үкіметінің үкіметіне үкіметтен
  үкіметпен
n үкім: үкім үкімнің
n банк: банк банктің банкті банктер банкін банктердің банкіне банкі
n банкир: банкирлері банкирге
n жағдай: жағдай жағдайда жағдайы жағдайында жағдаймен жағдайдың жағдайды жағдайға
  жағдайлар
n әлем: әлем әлемдегі әлемді әлемде әлемін әлемге
o әлемдік: әлемдік
n орталық: орталық орталығы орталықта орталыққа орталықтары орталығындағы орталығына
  орталығын
n орта: орта ортаға ортаны ортасында
o ортақ: ортақ
n аймақ: аймақ аймағында аймақтарды аймақтағы аймақтарда аймақта аймағының
o аймақтық: аймақтық
n шешім: шешім шешімін шешімі шешімінен шешіміне шешімді шешімдерді шешімдер
n сала: сала салаға салаларда саласындағы салаларында салада саласының саласында саласы
  саланы салалардың
v салу: салады салатынын саламыз салды салдым
n қала: қала қаласында қалада қаласының қаласындағы қаладағы қаласын қалаларында
  қалаларынан
v қалау: қалаймын қалаймыз қалаған қалауын қалайтын
o қалай: қалай
v қалу: қалды қалдым
n бала: бала балалар балалардың балаларға балаларды баласының баласын баласы баланың
  балаларын балаларда
n балама: балама баламасы
n жұмыс: жұмыс жұмысы жұмыстарын жұмыстары жұмысқа жұмысының жұмысында жұмысын жұмыстарға
n жұмысшы: жұмысшыларға жұмысшылар жұмысшылардың
n шабуыл: шабуыл шабуылдарға шабуылдарын шабуылда шабуылында шабуылын шабуылды
  шабуылдарынан шабуылдар
n шабуылшы: шабуылшы шабуылшысы
n апта: апта аптада аптаға аптаның аптасына
n доллар: доллар долларға долларын доллардан долларына доллары
n астана: астана астанада астанасы астанасында астанасына астананың астананы
o астам: астам астамы
n уақыт: уақыт уақытта уақытты уақытымызда уақытымен уақыты уақыттан
o уақытша: уақытша
n көлік: көлік көліктің көліктері көліктер көліктен көлігімен
n кез: кезде кездегі кездері кездер кезден
v кездесу: кездесу кездесіп кездесуде кездесуге кездесетін кездеседі кездесуімізде
  кездесуі кездесудің кездесуді кездесті
v жасау: жасау жасады жасаған жасайды жасап жасағаны жасауға жасауы жасауды жасамады
  жасайтын
v жасалу: жасалған жасалды жасалады жасалатын
o жасанды: жасанды
v қолдау: қолдау қолдауға қолдаған қолдауды қолдады қолдағаны қолдауымен қолдауы
v қолдану: қолданды қолдануға қолданатын қолдана қолданғанын қолданғаны қолданған қолданып
v қолданылу: қолданылатын қолданылғанын қолданылған қолданылды
v бастау: бастады бастап бастадық бастаған бастағанын бастағаннан бастауға бастау
  бастайтын
v басталу: басталғанын басталған басталады басталды
v хабарлау: хабарлады хабарлайды хабарлау хабарлауынша
n хабарлама: хабарлама хабарламалар хабарламада хабарламасы хабарламаларға
v жариялау: жариялады жариялағаннан жариялауға жариялау жарияламауды жарияламайтын
  жарияламайды
v жариялану: жарияланды жарияланған
v шақыру: шақырды шақырады шақырамын шақырғанын шақырып шақыру шақырмаса шақырдым шақыра
n шақырым: шақырым шақырымнан шақырымды
v болу: болды болады болатын болатынын болған болғанын болғаны болуы болуға болуына болу
n болашақ: болашақ болашақтағы болашақта
v қатысу: қатысуға қатысуы қатысқаны қатысқан қатысып қатысуын қатысуымен қатысуды қатысу
  қатысатын
n қатысушы: қатысушы қатысушысы қатысушыларға қатысушылары қатысушыларды қатысушылар
n қатынас: қатынас қатынасты қатынасымыз қатынасының қатынасына қатынасын қатынасы
v ұсыну: ұсынады ұсынды ұсынатын ұсынған ұсынудың ұсыну ұсына
n ұсыныс: ұсыныс ұсынысты ұсынысында
n келісім: келісім келісімге келісімін келісімі келісімнен келісімді
n келіссөз: келіссөз келіссөзі келіссөздердің келіссөздер
v келу: келеді келетін келетінін келген келгенде келіп келуге
o келесі: келесі
"""

# Candidate kk-ru pairs (lower case) that string similarity proposes but that are not
# the same name or loan word (or are abbreviations, which the number anchors handle).
NOT_SAME_WORD = """
асты/астаны астық/астана бөлді/более жасанды/астана жиында/на кездесу/президенту
кқк/ктк мен/меня мәдениет/министерство нақты/как сонымен/кроме тақырып/так тең/тенге
құра/курса қарсы/кариса қақпасы/как қазақ/казну процесі/процедуре серікұлы/серикович
жол/жолы жолдың/жолы млн/млн млрд/млрд трлн/трлн
"""

WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# tm.align._features._CYRILLIC_FOLD: Kazakh letters onto the Russian ones they borrow as.
FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")


# --- worker: runs in the other tool's interpreter, standard library only -------------------


def _tree_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _module_bytes(module: object) -> int:
    file = getattr(module, "__file__", None)
    return _tree_bytes(Path(file).parent) if file else 0


@dataclass(frozen=True)
class Loaded:
    """A tool ready in the worker: word -> candidate lemmas or stems ([] if unknown)."""

    analyse: Callable[[str], list[str]]
    description: str
    install_bytes: int


def _hunspell_worker(options: Mapping[str, str]) -> Loaded:
    base = options.get("hunspell_dict") or HUNSPELL_DICT
    dictionary = sum(_tree_bytes(Path(base + ext)) for ext in (".aff", ".dic"))
    if not dictionary:
        raise RuntimeError(
            f"no Hunspell dictionary at {base}.aff/.dic (apt-get install hunspell-kk)"
        )
    try:
        import hunspell  # chunspell or cyhunspell

        checker = hunspell.Hunspell(Path(base).name, hunspell_data_dir=str(Path(base).parent))
        version = getattr(hunspell, "__version__", "")
        return Loaded(
            lambda word: list(checker.stem(word)),
            f"hunspell-kk via hunspell binding {version}".strip(),
            dictionary + _module_bytes(hunspell),
        )
    except ImportError:
        pass
    import spylls
    from spylls.hunspell import Dictionary

    lookup = Dictionary.from_files(base).lookuper

    def stems(word: str) -> list[str]:
        return list(dict.fromkeys(form.stem for form in lookup.good_forms(word)))

    return Loaded(stems, "hunspell-kk via spylls", dictionary + _module_bytes(spylls))


def _kazstem_worker(options: Mapping[str, str]) -> Loaded:
    import qazmorph

    analyzer = qazmorph.Analyzer(resource_dir=options.get("kazstem_resources") or None)

    def lemmas(word: str) -> list[str]:
        found = []
        for token in analyzer.analyze(word).tokens:
            found += [reading.lemma for reading in token.analyses if reading.lemma]
        return list(dict.fromkeys(found))

    resources = _tree_bytes(Path(analyzer.backend.resource_dir))
    return Loaded(lemmas, f"kazstem {qazmorph.__version__}", _module_bytes(qazmorph) + resources)


def _turkicnlp_worker(options: Mapping[str, str]) -> Loaded:
    # Its MorphemeTokenizer.load() fetches a neural model from a model hub first and the
    # Apertium transducer comes from turkicnlp.download(): nothing of it may run here, so
    # only a transducer already on disk is looked for.
    from turkicnlp.resources.registry import ModelRegistry

    models = Path(ModelRegistry.default_dir()) / "kaz"
    found = sorted(models.rglob("*.automorf.hfst")) if models.is_dir() else []
    if not found:
        raise RuntimeError(
            f"no Kazakh analyser under {models}: turkicnlp downloads its Apertium "
            "transducer and neural model at run time, which is not allowed here"
        )
    raise RuntimeError(f"a transducer is present ({found[0]}), but this worker does not drive it")


WORKER_TOOLS: Mapping[str, Callable[[Mapping[str, str]], Loaded]] = {
    "hunspell": _hunspell_worker,
    "kazstem": _kazstem_worker,
    "turkicnlp": _turkicnlp_worker,
}


def worker(tool: str, request: dict[str, Any], out: TextIO) -> None:
    """Analyse request["words"] (every token, in order) and write one JSON report."""
    words = [str(w) for w in request["words"]]
    options = {str(k): str(v) for k, v in request.get("options", {}).items()}
    start = time.perf_counter()
    try:
        loaded = WORKER_TOOLS[tool](options)
    except Exception as error:  # any failure to load is the finding
        json.dump({"ok": False, "error": f"{type(error).__name__}: {error}"}, out)
        return
    ready = time.perf_counter()
    analyses = {}
    best = float("inf")
    for _ in range(3):  # the best of three passes, as for our stemmer
        begun = time.perf_counter()
        for word in words:
            analyses[word] = loaded.analyse(word)
        best = min(best, time.perf_counter() - begun)
    json.dump(
        {
            "ok": True,
            "description": loaded.description,
            "install_bytes": loaded.install_bytes,
            "load_s": ready - start,
            "words_per_s": len(words) / max(best, 1e-9),
            "analyses": analyses,
        },
        out,
        ensure_ascii=False,
    )


# --- data ----------------------------------------------------------------------------------


def corpus_files() -> list[Path]:
    news = sorted((ROOT / "corpora" / "news").glob("*/kk.txt"))
    return [ROOT / "corpora" / "karis" / "kk.txt", *news, SHARED / "xwmt" / "xwmt.kk"]


def corpus_words() -> list[str]:
    """Every Cyrillic word token of the Kazakh corpora, lower-cased, in order."""
    words = []
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        words += [w.lower() for w in WORD_RE.findall(text) if _CYRILLIC.match(w)]
    return words


@dataclass(frozen=True)
class GoldForm:
    form: str
    lemma: str
    pos: str


def gold_forms(text: str = GOLD) -> list[GoldForm]:
    forms: list[GoldForm] = []
    entries = re.split(r"\n(?=[nvo] )", text.strip())
    for entry in entries:
        pos, rest = entry.split(" ", 1)
        lemma, listed = rest.split(":", 1)
        forms += [GoldForm(form, lemma, pos) for form in listed.split()]
    return forms


# --- figure 1: lemma agreement --------------------------------------------------------------


@dataclass(frozen=True)
class PR:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pair_agreement(forms: Sequence[GoldForm], key: Callable[[str], str]) -> PR:
    """Precision and recall of "same key => same lemma" over all pairs of forms."""
    tp = fp = fn = 0
    for a, b in combinations(forms, 2):
        same_key = key(a.form) == key(b.form)
        same_lemma = a.lemma == b.lemma
        tp += same_key and same_lemma
        fp += same_key and not same_lemma
        fn += same_lemma and not same_key
    return PR(tp / max(tp + fp, 1), tp / max(tp + fn, 1))


# --- figure 2: fuzzy matching ---------------------------------------------------------------

_BACK = frozenset("аоұыя")
_FRONT = frozenset("әөүіеи")
_VOWELS = _BACK | _FRONT | frozenset("уюэё")
_VOICELESS = frozenset("кқпстфхцчшщбвгд")
_SOFTEN = {"п": "б", "к": "г", "қ": "ғ"}
# Loans whose endings are front although their vowel is back (банкке, банкі).
_FRONT_LOANS = frozenset({"банк"})


def _front(stem: str) -> bool:
    vowels = [c for c in stem if c in _BACK or c in _FRONT]
    return stem in _FRONT_LOANS or (bool(vowels) and vowels[-1] in _FRONT)


def _sound(stem: str) -> str:
    last = stem[-1]
    if last in "йу":
        return "glide"
    if last in _VOWELS:
        return "vowel"
    if last in _VOICELESS:
        return "voiceless"
    return "nasal" if last in "мнң" else "voiced"  # voiced: л р з ж


# The ending after each kind of final sound, as the grammars give it (see tm.fuzzy.stem).
_ENDINGS = {
    "plural": {"vowel": "лар", "glide": "лар", "voiceless": "тар"},
    "dative": {"voiceless": "қа"},
    "locative": {"voiceless": "та"},
    "ablative": {"voiceless": "тан", "nasal": "нан"},
    "genitive": {"vowel": "ның", "nasal": "ның", "voiceless": "тың"},
    "accusative": {"vowel": "ны", "voiceless": "ты"},
}
_DEFAULT = {
    "plural": "дар",
    "dative": "ға",
    "locative": "да",
    "ablative": "дан",
    "genitive": "дың",
    "accusative": "ды",
}
_AFTER_POSSESSIVE = {
    "dative": "на",
    "locative": "нда",
    "ablative": "нан",
    "genitive": "ның",
    "accusative": "н",
}
_TO_FRONT = str.maketrans("аыұоқға", "еіүөкге")
CASES = ("dative", "locative", "ablative", "genitive", "accusative")


def _harmonise(stem: str, back: str) -> str:
    return back.translate(_TO_FRONT) if _front(stem) else back


def suffix(stem: str, kind: str) -> str:
    """A plural or case ending for `stem`, by vowel harmony and the stem's last sound."""
    sound = _sound(stem)
    if kind == "plural" and stem.endswith("р"):
        sound = "vowel"  # доллар-лар, like a vowel
    return _harmonise(stem, _ENDINGS[kind].get(sound) or _DEFAULT[kind])


def possessive(stem: str) -> str:
    """The third-person possessive: жоба-сы, мектеб-і (п, к, қ voiced after a vowel)."""
    if stem[-1] in _VOWELS - frozenset("у"):
        return stem + _harmonise(stem, "сы")
    if stem[-1] in _SOFTEN and len(stem) > 1 and stem[-2] in _VOWELS:
        stem = stem[:-1] + _SOFTEN[stem[-1]]
    return stem + _harmonise(stem, "ы")


def inflect_lemma(lemma: str, rng: random.Random) -> str:
    """A noun lemma with a random plural, possessive and case pattern."""
    pattern = rng.choice(("case", "plural", "plural+case", "px3", "px3+case", "plural+px3+case"))
    word = lemma
    if pattern.startswith("plural"):
        word += suffix(word, "plural")
    if "px3" in pattern:
        word = possessive(word)
        if pattern.endswith("case"):
            word += _harmonise(word, _AFTER_POSSESSIVE[rng.choice(CASES)])
        return word
    if pattern.endswith("case"):
        word += suffix(word, rng.choice(CASES))
    return word


@dataclass(frozen=True)
class QueryPair:
    tm: tuple[str, ...]  # the TM sentence's words
    query: tuple[str, ...]  # the same words, some with other suffixes


def _swap(
    sentences: Sequence[str],
    rng: random.Random,
    replace: Callable[[str], str | None],
    count: int,
) -> list[QueryPair]:
    """Up to `count` pairs: one or two words of a sentence changed by `replace`."""
    pairs = []
    order = list(range(len(sentences)))
    rng.shuffle(order)
    for index in order:
        words = WORD_RE.findall(sentences[index])
        options = [i for i, w in enumerate(words) if replace(w.lower()) is not None]
        if not options:
            continue
        query = list(words)
        for i in rng.sample(options, min(len(options), rng.choice((1, 2)))):
            new = replace(words[i].lower()) or words[i]
            query[i] = new[:1].upper() + new[1:] if words[i][:1].isupper() else new
        if query != words:
            pairs.append(QueryPair(tuple(words), tuple(query)))
        if len(pairs) == count:
            break
    return pairs


def attested_pairs(
    sentences: Sequence[str], forms: Sequence[GoldForm], seed: int
) -> list[QueryPair]:
    """A gold form swapped for another corpus form of the same lemma."""
    rng = random.Random(seed)
    lemma_of = {f.form: f.lemma for f in forms}
    by_lemma: dict[str, list[str]] = {}
    for f in forms:
        by_lemma.setdefault(f.lemma, []).append(f.form)

    def replace(word: str) -> str | None:
        others = [f for f in by_lemma.get(lemma_of.get(word, ""), []) if f != word]
        return rng.choice(others) if others else None

    return _swap(sentences, rng, replace, PAIRS_PER_SET)


def generated_pairs(
    sentences: Sequence[str], forms: Sequence[GoldForm], seed: int
) -> list[QueryPair]:
    """A gold noun form replaced by its lemma with a generated plural/possessive/case."""
    rng = random.Random(seed)
    lemma_of = {f.form: f.lemma for f in forms if f.pos == "n"}

    def replace(word: str) -> str | None:
        lemma = lemma_of.get(word)
        if lemma is None:
            return None
        for _ in range(5):
            new = inflect_lemma(lemma, rng)
            if new != word:
                return new
        return None

    return _swap(sentences, rng, replace, PAIRS_PER_SET)


def variant_pairs(sentences: Sequence[str], seed: int) -> list[QueryPair]:
    """tm.fuzzy.variants.inflect: the tests' recall set (roots from our stemmer)."""
    from tm.fuzzy.variants import inflect

    rng = random.Random(seed)
    pairs = []
    for sentence in sentences:
        query = inflect(sentence, rng)
        words, changed = WORD_RE.findall(sentence), WORD_RE.findall(query or "")
        if query and len(words) == len(changed):
            pairs.append(QueryPair(tuple(words), tuple(changed)))
        if len(pairs) == PAIRS_PER_SET:
            break
    return pairs


def matched(pairs: Sequence[QueryPair], key: Callable[[str], str]) -> list[bool]:
    """For each pair, whether its words all have the same key as the TM sentence's."""
    return [
        all(key(a.lower()) == key(b.lower()) for a, b in zip(p.tm, p.query, strict=True))
        for p in pairs
    ]


# --- figure 4: kk-ru anchors ----------------------------------------------------------------


@dataclass(frozen=True)
class AlignedDoc:
    kk: tuple[str, ...]
    ru: tuple[str, ...]
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]


def _sentences(path: Path) -> tuple[str, ...]:
    return tuple(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def aligned_docs() -> list[AlignedDoc]:
    folders = [*sorted((ROOT / "corpora" / "news").glob("[0-9]*")), ROOT / "corpora" / "karis"]
    docs = []
    for folder in folders:
        beads = []
        for line in (folder / "kk-ru.gold").read_text(encoding="utf-8").splitlines():
            left, right = line.split(":")
            src = tuple(int(x) for x in re.findall(r"\d+", left))
            tgt = tuple(int(x) for x in re.findall(r"\d+", right))
            beads.append((src, tgt))
        docs.append(
            AlignedDoc(
                _sentences(folder / "kk.sents"), _sentences(folder / "ru.sents"), tuple(beads)
            )
        )
    return docs


def _cyrillic_words(text: str) -> list[str]:
    return [w for w in WORD_RE.findall(text) if _CYRILLIC.match(w)]


def _fold(word: str) -> str:
    return word.lower().translate(FOLD)


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def name_pairs(docs: Sequence[AlignedDoc]) -> Counter[tuple[str, str]]:
    """(kk word, ru word) occurrences of one name or loan word in aligned sentences.

    A Kazakh word of three letters or more is paired with the most similar Russian word
    of its bead (difflib ratio on folded forms); the pair is kept when they share three
    letters and a ratio of 0.6, or are both capitalised with a ratio of 0.5, and are not
    in `NOT_SAME_WORD`.
    """
    rejected = {tuple(pair.split("/")) for pair in NOT_SAME_WORD.split()}
    found: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for src, tgt in doc.beads:
            if not src or not tgt:
                continue
            kk = sorted({w for i in src for w in _cyrillic_words(doc.kk[i]) if len(w) >= 3})
            ru = sorted({w for i in tgt for w in _cyrillic_words(doc.ru[i]) if len(w) >= 3})
            for k in kk:
                folded = _fold(k)

                def ratio(r: str, folded: str = folded) -> float:
                    return difflib.SequenceMatcher(None, folded, _fold(r)).ratio()

                best = max(ru, key=ratio, default=None)
                if best is None:
                    continue
                score = ratio(best)
                similar = _shared_prefix(folded, _fold(best)) >= 3 and score >= 0.6
                names = k[0].isupper() and best[0].isupper() and score >= 0.5
                pair = (k.lower(), best.lower())
                if (similar or names) and pair not in rejected:
                    found[pair] += 1
    return found


@dataclass(frozen=True)
class AnchorKey:
    """Keys of a word for the C: anchor: a (stemmed) form cut to `length` letters."""

    name: str
    kk: Callable[[str], str]
    ru: Callable[[str], str]
    length: int

    def key(self, word: str, lang: str) -> str | None:
        form = _fold((self.kk if lang == "kk" else self.ru)(word.lower()))
        return form[: self.length] if len(form) >= self.length else None

    def keys(self, text: str, lang: str) -> set[str]:
        return {k for w in _cyrillic_words(text) if (k := self.key(w, lang)) is not None}


@dataclass(frozen=True)
class AnchorFigures:
    pair_match: float  # share of name/loan occurrences whose keys match
    aligned: float  # mean keys shared by aligned 1-1 sentence pairs
    noise: float  # mean keys shared by a kk sentence and a ru sentence of another bead


def anchor_figures(
    docs: Sequence[AlignedDoc], pairs: Counter[tuple[str, str]], key: AnchorKey
) -> AnchorFigures:
    total = sum(pairs.values())
    matched = sum(
        n
        for (k, r), n in pairs.items()
        if (a := key.key(k, "kk")) is not None and a == key.key(r, "ru")
    )
    aligned: list[int] = []
    noise: list[int] = []
    for doc in docs:
        kk_keys = [key.keys(s, "kk") for s in doc.kk]
        ru_keys = [key.keys(s, "ru") for s in doc.ru]
        bead_of = {i: n for n, (src, _) in enumerate(doc.beads) for i in src}
        ru_bead = {j: n for n, (_, tgt) in enumerate(doc.beads) for j in tgt}
        for src, tgt in doc.beads:
            if len(src) == 1 and len(tgt) == 1:
                aligned.append(len(kk_keys[src[0]] & ru_keys[tgt[0]]))
        for i, keys in enumerate(kk_keys):
            for j, other in enumerate(ru_keys):
                if bead_of.get(i) != ru_bead.get(j):
                    noise.append(len(keys & other))
    return AnchorFigures(matched / max(total, 1), _mean(aligned), _mean(noise))


def _mean(values: Sequence[int]) -> float:
    return sum(values) / max(len(values), 1)


# --- tools ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OtherTool:
    name: str
    description: str
    install_bytes: int
    load_s: float
    words_per_s: float  # over the words it was sent: the corpus tokens, then a few more
    analyses: Mapping[str, list[str]]

    def known(self, words: Iterable[str]) -> float:
        listed = list(words)
        return sum(bool(self.analyses.get(w)) for w in listed) / max(len(listed), 1)


def run_other(
    python: str, tool: str, words: Sequence[str], options: Mapping[str, str]
) -> OtherTool | str:
    """Run a worker in another interpreter; its report, or why it failed."""
    request = json.dumps({"words": list(words), "options": dict(options)}, ensure_ascii=False)
    try:
        done = subprocess.run(
            [python, str(Path(__file__).resolve()), "--worker", tool],
            input=request,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=1800,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{type(error).__name__}: {error}"
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}"
    if not report.get("ok"):
        return str(report.get("error"))
    return OtherTool(
        tool,
        report["description"],
        int(report["install_bytes"]),
        float(report["load_s"]),
        float(report["words_per_s"]),
        report["analyses"],
    )


def shortest(candidates: Sequence[str], fallback: str) -> str:
    return min(candidates, key=lambda c: (len(c), c)) if candidates else fallback


@dataclass(frozen=True)
class Stemmer:
    name: str
    stem: Callable[[str], str]

    def key(self, word: str) -> str:
        return self.stem(word)[:KEY_LENGTH]


def stemmers(others: Sequence[OtherTool]) -> list[Stemmer]:
    from tm.fuzzy.stem import stem_kazakh

    found = [
        Stemmer("ours (stem_kazakh)", stem_kazakh),
        Stemmer("prefix-5 (aligner, lexicon)", lambda w: w[:5]),
    ]
    for tool in others:
        table = tool.analyses
        found.append(Stemmer(tool.name, lambda w, t=table: shortest(t.get(w, []), w)))
        found.append(
            Stemmer(
                f"ours over {tool.name}",
                lambda w, t=table: stem_kazakh(shortest(t.get(w, []), w)),
            )
        )
        found.append(
            Stemmer(
                f"{tool.name}, else ours",
                lambda w, t=table: shortest(t.get(w, []), stem_kazakh(w)),
            )
        )
    return found


# --- report ------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def report_lemmas(
    forms: Sequence[GoldForm], tools: Sequence[Stemmer], others: Sequence[OtherTool], out: TextIO
) -> None:
    lemmas = len({f.lemma for f in forms})
    print(
        f"\n1. lemma agreement: {len(forms)} hand-labelled forms of {lemmas} lemmas, all pairs",
        file=out,
    )
    print(
        f"  {'tool':<30}{'stem P':>8}{'stem R':>8}{'stem F1':>9}"
        f"{'key6 P':>8}{'key6 R':>8}{'key6 F1':>9}",
        file=out,
    )
    for tool in tools:
        whole = pair_agreement(forms, tool.stem)
        key = pair_agreement(forms, tool.key)
        print(
            f"  {tool.name:<30}{_pct(whole.precision):>8}{_pct(whole.recall):>8}{_pct(whole.f1):>9}"
            f"{_pct(key.precision):>8}{_pct(key.recall):>8}{_pct(key.f1):>9}",
            file=out,
        )
    for other in others:
        print(
            f"  {other.name} knows {_pct(other.known(f.form for f in forms))} of the forms",
            file=out,
        )


def report_fuzzy(
    sets: Mapping[str, Sequence[QueryPair]], tools: Sequence[Stemmer], out: TextIO
) -> None:
    sizes = ", ".join(f"{name} {len(pairs)}" for name, pairs in sets.items())
    print(f"\n2. fuzzy matching: pairs whose words all match by stem key ({sizes} pairs)", file=out)
    print(f"  {'tool':<30}" + "".join(f"{name:>12}{'vs ours':>10}" for name in sets), file=out)
    ours = {name: matched(pairs, tools[0].key) for name, pairs in sets.items()}
    for tool in [Stemmer("prefix-6 (no stemming)", str), *tools]:
        cells = []
        for name, pairs in sets.items():
            hit = matched(pairs, tool.key)
            won = sum(h and not o for h, o in zip(hit, ours[name], strict=True))
            lost = sum(o and not h for h, o in zip(hit, ours[name], strict=True))
            cells.append(f"{_pct(sum(hit) / max(len(pairs), 1)):>12}{f'+{won}/-{lost}':>10}")
        print(f"  {tool.name:<30}" + "".join(cells), file=out)
    print("  vs ours: pairs this tool matches and ours does not / the reverse", file=out)
    from tm.fuzzy.variants import ending

    samples = [("мектеп", "genitive"), ("үкімет", "accusative"), ("мектеп", "dative")]
    made = ", ".join(f"{stem}+{case} = {stem}{ending(stem, case)}" for stem, case in samples)
    print(f"  variants' front endings as tm.fuzzy.variants.ending makes them: {made}", file=out)


def speed_ours(words: Sequence[str], runs: int = 3) -> float:
    from tm.fuzzy.stem import stem_kazakh

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for word in words:
            stem_kazakh(word)
        best = min(best, time.perf_counter() - start)
    return len(words) / best


def report_speed(words: Sequence[str], others: Sequence[OtherTool], out: TextIO) -> None:
    ours = (ROOT / "tm" / "fuzzy" / "stem.py").stat().st_size
    types = set(words)
    print(f"\n3. speed over {len(words)} corpus tokens (no cache) and install size", file=out)
    print(f"  {'tool':<30}{'words/s':>12}{'load s':>9}{'install':>12}{'knows':>8}", file=out)
    print(
        f"  {'ours (stem_kazakh)':<30}{speed_ours(words):>12,.0f}{0:>9.2f}"
        f"{ours / 1e3:>10.1f}kB{'-':>8}",
        file=out,
    )
    for other in others:
        print(
            f"  {other.name:<30}{other.words_per_s:>12,.0f}{other.load_s:>9.2f}"
            f"{other.install_bytes / 1e6:>10.2f}MB{_pct(other.known(types)):>8}",
            file=out,
        )
        print(f"    ({other.description})", file=out)
    print(f"  knows: share of the {len(types)} corpus word types the tool analyses", file=out)


def report_anchors(tools: Sequence[Stemmer], out: TextIO) -> None:
    from tm.fuzzy.stem import stem_russian

    docs = aligned_docs()
    pairs = name_pairs(docs)
    print(
        f"\n4. kk-ru anchors: {sum(pairs.values())} occurrences of {len(pairs)} name/loan pairs "
        f"in {len(docs)} gold-aligned documents",
        file=out,
    )
    print(
        f"  {'kk key':<30}{'ru key':<18}{'letters':>8}{'pairs match':>13}"
        f"{'aligned':>9}{'noise':>8}{'ratio':>8}",
        file=out,
    )
    print(
        "  (aligned / noise: keys shared by a 1-1 aligned sentence pair / by a non-aligned one)",
        file=out,
    )

    def same(word: str) -> str:
        return word

    rows = [("surface (current C: key)", same)] + [
        (t.name, t.stem) for t in tools if "prefix" not in t.name
    ]
    for length in (5, 4):
        for name, kk in rows:
            for ru_name, ru in (("ru surface", same), ("ru stem_russian", stem_russian)):
                if kk is same and ru is not same:
                    continue
                figures = anchor_figures(docs, pairs, AnchorKey(name, kk, ru, length))
                ratio = figures.aligned / figures.noise if figures.noise else float("inf")
                print(
                    f"  {name:<30}{ru_name:<18}{length:>8}{_pct(figures.pair_match):>13}"
                    f"{figures.aligned:>9.2f}{figures.noise:>8.3f}{ratio:>8.1f}",
                    file=out,
                )


def run(
    others_python: str | None, tools: Sequence[str], options: Mapping[str, str], out: TextIO
) -> None:
    forms = gold_forms()
    words = corpus_words()
    parts = {part for word in words for part in word.split("-")}
    missing = sorted({f.form for f in forms} - parts)
    print(
        f"corpus: {len(words)} Kazakh tokens, {len(set(words))} types; "
        f"gold forms not in it: {missing or 'none'}",
        file=out,
    )
    xwmt = (SHARED / "xwmt" / "xwmt.kk").read_text(encoding="utf-8").splitlines()
    sets = {
        "attested": attested_pairs(xwmt, forms, SEED),
        "generated": generated_pairs(xwmt, forms, SEED),
        "variants": variant_pairs(xwmt, SEED),
    }
    needed = {w.lower() for pairs in sets.values() for p in pairs for w in p.tm + p.query}
    anchor_words = {w.lower() for doc in aligned_docs() for s in doc.kk for w in _cyrillic_words(s)}
    others: list[OtherTool] = []
    if others_python:
        request = words + sorted(needed | anchor_words | {f.form for f in forms})
        for tool in tools:
            result = run_other(others_python, tool, request, options)
            if isinstance(result, str):
                print(f"{tool}: not measured: {result}", file=out)
            else:
                others.append(result)
                print(f"{tool}: {result.description}", file=out)
    else:
        print("other tools: not run (pass --other-python PATH)", file=out)
    chosen = stemmers(others)
    report_lemmas(forms, chosen, others, out)
    report_fuzzy(sets, chosen, out)
    report_speed(words, others, out)
    report_anchors(chosen, out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--other-python", help="interpreter of a venv holding the other tools")
    parser.add_argument("--tools", nargs="+", choices=WORKERS, default=list(WORKERS))
    parser.add_argument("--hunspell-dict", default=HUNSPELL_DICT, help="path without .aff/.dic")
    parser.add_argument(
        "--kazstem-resources", default="", help="KazStem's compiled resource bundle"
    )
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, json.load(sys.stdin), sys.stdout)
        return
    sys.path.insert(0, str(ROOT))
    options = {"hunspell_dict": args.hunspell_dict, "kazstem_resources": args.kazstem_resources}
    run(args.other_python, args.tools, options, sys.stdout)


if __name__ == "__main__":
    main()
