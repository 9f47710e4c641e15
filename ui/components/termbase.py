"""The Termbase page's parts: the concept table, adding a concept, importing and exporting a
file, and term candidates mined from approved units. Writes are disabled (`disabled=True`)
for a role that may not change the termbase; the store stamps who made each change."""

from __future__ import annotations

import io
from collections.abc import Callable

import polars as pl
import streamlit as st

import tm
from tm.termbase import (
    PARTS_OF_SPEECH,
    TERM_FORMATS,
    TERM_STATUSES,
    Concept,
    Term,
    Termbase,
    TermCandidate,
    accept_candidates,
    extract_candidates,
    guess_term_format,
    import_terms,
    write_terms,
)
from tm.termbase.extract import DEFAULT_LIMIT, DEFAULT_MIN_COUNT
from ui.components import terms, text

# Session-state keys of the Termbase page (to move to ui/state.py).
SEARCH = "terms_search"
NOTICE = "terms_notice"
ADD_FORM = "terms_add"
IMPORT_FILE = "terms_import_file"
IMPORT_FORMAT = "terms_import_format"
IMPORT_PAIR = "terms_import_pair"
EXPORT_FORMAT = "terms_export_format"
EXPORT_PAIR = "terms_export_pair"
EXTRACT_LANG = "terms_extract_lang"
EXTRACT_MIN = "terms_extract_min"
EXTRACT_LIMIT = "terms_extract_limit"
EXTRACT_RESULT = "terms_extract_result"
EXTRACT_TABLE = "terms_extract_table"
EXTRACT_STATUS = "terms_extract_status"

LANGS = ("kk", "en", "ru")
PAIRS = ("kk-en", "kk-ru")
_SHOWN = 1_000


@st.cache_resource(show_spinner=False, max_entries=2)
def _rows(uri: str, version: int) -> pl.DataFrame:
    return Termbase(uri).rows(version=version)


def concepts_frame(base: Termbase, query: str) -> pl.DataFrame:
    """One row per concept whose terms hold `query` (any case): its terms by language (a
    term not preferred says its status), domain and definition, newest change first."""
    version = terms.version(base)
    if version < 0:
        return pl.DataFrame(schema=dict.fromkeys(("concept_id", *LANGS), pl.Utf8))
    rows = _rows(base.uri, version)
    if needle := query.strip().lower():
        found = rows.filter(pl.col("term").str.to_lowercase().str.contains(needle, literal=True))
        rows = rows.filter(pl.col("concept_id").is_in(found["concept_id"].unique()))
    shown = (
        pl.when(pl.col("status") == "preferred")
        .then(pl.col("term"))
        .otherwise(pl.format("{} ({})", "term", "status"))
    )
    by_lang = (
        rows.sort("concept_id", "position")
        .group_by("concept_id", "lang", maintain_order=True)
        .agg(shown.str.join("; ").alias("terms"))
        .pivot(on="lang", index="concept_id", values="terms")
    )
    about = rows.group_by("concept_id").agg(
        pl.col("domain").drop_nulls().unique(maintain_order=True).str.join("; "),
        pl.col("definition").drop_nulls().first(),
        pl.col("changed_at").max(),
    )
    langs = [lang for lang in LANGS if lang in by_lang.columns]
    others = sorted(set(by_lang.columns) - {"concept_id", *LANGS})
    return (
        by_lang.join(about, on="concept_id")
        .sort("changed_at", descending=True)
        .select("concept_id", *langs, *others, "domain", "definition", "changed_at")
        .head(_SHOWN)
    )


def table(base: Termbase, query: str) -> None:
    version = terms.version(base)
    if version < 0:
        st.caption("The termbase is empty: add, import or accept terms below.")
        return
    found = concepts_frame(base, query)
    st.dataframe(found, hide_index=True, width="stretch", column_config={"concept_id": None})
    st.caption(
        f"{found.height:,} concepts shown (newest change first, at most {_SHOWN:,}); "
        f"termbase version {version}."
    )


def notice() -> None:
    """What the last write did, told once after its rerun."""
    if done := st.session_state.pop(NOTICE, None):
        st.success(text.plain(done))


def _write(action: Callable[[], str]) -> None:
    """Run a write; its summary is told after the rerun, a refusal at once, in one line."""
    try:
        st.session_state[NOTICE] = action()
    except tm.TMError as err:
        text.error(str(err))
        return
    st.rerun()


def _opened(base: Termbase, user: str) -> Termbase:
    """The termbase, made on the first write, but not for a user who may not write it."""
    base.check_access(user)
    return Termbase.open(base.uri, create=True, tm_uri=base.tm_uri)


def add_form(base: Termbase, *, user: str, disabled: bool) -> None:
    """A new concept: its kk, en and ru terms (the en/ru ones with the status chosen, the
    Kazakh one preferred), part of speech and domain on each."""
    with st.form(ADD_FORM, clear_on_submit=True):
        written = {
            lang: col.text_input(f"Term ({lang})")
            for lang, col in zip(LANGS, st.columns(3), strict=True)
        }
        left, middle, right = st.columns(3)
        status = left.selectbox("Status of the en/ru terms", TERM_STATUSES)
        pos = middle.selectbox("Part of speech", [None, *PARTS_OF_SPEECH])
        domain = right.text_input("Domain")
        definition = st.text_area("Definition", height=68)
        note = st.text_input("Note")
        if not st.form_submit_button("Add concept", disabled=disabled):
            return
    typed = [(lang, term) for lang, term in written.items() if term.strip()]
    if not typed:
        text.error("Type the concept's term in at least one language.")
        return
    # The definition on the first term typed, the note on the first translation.
    defined = typed[0][0]
    noted = next((lang for lang, _ in typed if lang != "kk"), defined)
    concept = Concept(
        tuple(
            Term(
                lang,
                term,
                status="preferred" if lang == "kk" else status,
                part_of_speech=pos,
                domain=domain or None,
                definition=(definition or None) if lang == defined else None,
                note=(note or None) if lang == noted else None,
            )
            for lang, term in typed
        )
    )
    _write(lambda: _opened(base, user).add([concept], user=user, operation="add").summary())


def import_form(base: Termbase, *, user: str, disabled: bool) -> None:
    upload = st.file_uploader(
        "Termbase file",
        type=["tbx", "csv", "tsv", "tab", "txt", "utf8"],
        key=IMPORT_FILE,
        disabled=disabled,
    )
    left, right = st.columns(2)
    chosen = left.selectbox(
        "Format",
        [None, *TERM_FORMATS],
        format_func=lambda name: "by the file name" if name is None else name,
        key=IMPORT_FORMAT,
    )
    pair = right.selectbox(
        "Languages",
        [None, *PAIRS],
        format_func=lambda pair: "all the file holds" if pair is None else f"only {pair}",
        help="A glossary without a header (OmegaT's) needs its two languages.",
        key=IMPORT_PAIR,
    )
    if upload is None or not st.button("Import terms", type="primary", disabled=disabled):
        return
    src, tgt = pair.split("-") if pair else (None, None)

    def run() -> str:
        found = import_terms(
            _opened(base, user),
            io.BytesIO(upload.getvalue()),
            source=upload.name,
            format=chosen or guess_term_format(upload.name),
            user=user,
            src_lang=src,
            tgt_lang=tgt,
        )
        return f"{upload.name}: {found.summary()}"

    _write(run)


def export_form(base: Termbase) -> None:
    version = terms.version(base)
    if version < 0:
        st.caption("The termbase is empty.")
        return
    left, right = st.columns(2)
    name = left.selectbox(
        "Format",
        list(TERM_FORMATS),
        format_func=lambda name: f"{name}: {TERM_FORMATS[name].description}",
        key=EXPORT_FORMAT,
    )
    pair = right.selectbox(
        "Languages first", PAIRS, help="OmegaT's glossary holds only these two.", key=EXPORT_PAIR
    )
    src, tgt = pair.split("-")
    suffix = (TERM_FORMATS[name].extensions or (".tbx" if name.startswith("tbx") else ".txt",))[0]

    def data() -> bytes:
        out = io.BytesIO()
        write_terms(base.concepts(version=version), out, format=name, src_lang=src, tgt_lang=tgt)
        return out.getvalue()

    st.download_button(
        "Download", data, file_name=f"termbase-v{version}{suffix}", key="terms_download"
    )


def _evidence(found: tuple[TermCandidate, ...], examples: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [c.candidate_id for c in found],  # as `term extract` lists it
            "source": [c.source for c in found],
            "target": [c.target for c in found],
            "units": [f"{c.together} of {c.count}" for c in found],
            "share": [round(100 * c.share) for c in found],
            "forms": [", ".join(c.forms[:5]) for c in found],
            "target forms": [", ".join(c.target_forms[:3]) for c in found],
            "example": [examples.get(c.examples[0], "") if c.examples else "" for c in found],
        }
    )


def _extract(memory: tm.TranslationMemory, tgt: str) -> None:
    approved = memory.live(statuses=("approved",)).collect()
    found = extract_candidates(
        approved,
        "kk",
        tgt,
        min_count=int(st.session_state[EXTRACT_MIN]),
        limit=int(st.session_state[EXTRACT_LIMIT]),
        termbase=terms.term_index(),
    )
    firsts = [c.examples[0] for c in found if c.examples]
    examples = approved.filter(pl.col("unit_id").is_in(firsts)).select("unit_id", "source")
    st.session_state[EXTRACT_RESULT] = (tgt, found, dict(examples.iter_rows()), 0)


def extraction(memory: tm.TranslationMemory, base: Termbase, *, user: str, disabled: bool) -> None:
    """Candidate term pairs from the TM's approved units, with their evidence; the rows
    selected are accepted into the termbase."""
    left, middle, right = st.columns(3)
    tgt = left.selectbox(
        "Pair", ["en", "ru"], format_func=lambda lang: f"kk→{lang}", key=EXTRACT_LANG
    )
    middle.number_input(
        "Seen together in at least (units)", 1, 1000, DEFAULT_MIN_COUNT, key=EXTRACT_MIN
    )
    right.number_input("At most", 1, 500, DEFAULT_LIMIT, key=EXTRACT_LIMIT)
    if st.button("Extract candidates"):
        with st.spinner("Mining the approved units…"):
            _extract(memory, tgt)
    kept = st.session_state.get(EXTRACT_RESULT)
    if kept is None or kept[0] != tgt:
        return
    _, found, examples, round_ = kept
    if not found:
        st.caption("No candidate: too few approved units, or the termbase knows their terms.")
        return
    event = st.dataframe(
        _evidence(found, examples),
        key=f"{EXTRACT_TABLE}_{round_}",
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        column_config={"share": st.column_config.NumberColumn("share", format="%d %%")},
    )
    chosen = [found[row] for row in event.selection.rows]
    status = st.radio("Accept as", ["admitted", "preferred"], horizontal=True, key=EXTRACT_STATUS)
    if not st.button(f"Accept selected ({len(chosen)})", disabled=disabled or not chosen):
        return

    def run() -> str:
        change = accept_candidates(_opened(base, user), chosen, user=user, status=status)
        rest = tuple(c for c in found if c not in chosen)
        st.session_state[EXTRACT_RESULT] = (tgt, rest, examples, round_ + 1)
        return f"Accepted {len(chosen)} candidates: {change.summary()}"

    _write(run)
