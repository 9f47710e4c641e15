"""Documents (coming): articles and their drafts, with progress."""

from ui.components import coming

coming.show(
    "Documents",
    [
        "import a Kazakh article: upload .txt, .md or .docx, paste it, or take the demo;",
        "attach its English and Russian drafts;",
        "see every document with its alignment and approval progress.",
    ],
)
