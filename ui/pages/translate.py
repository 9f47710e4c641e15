"""Translate (coming): a Kazakh article segment by segment, helped by the TM."""

from ui.components import coming

coming.show(
    "Translate",
    [
        "translate a Kazakh article into English or Russian one segment at a time;",
        "see TM matches with their % and a word diff against the current segment;",
        "search the TM (concordance) and get QA warnings when you confirm a segment;",
        "download the finished translation as .txt or .docx.",
    ],
)
