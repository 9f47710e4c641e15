"""`ui.components.text.plain`: Markdown that Streamlit shows as the text it was given.

Checked three ways on a table of payloads: what `plain` writes for each (read it to see
the rules); that nothing in it is left for Markdown to read, as CommonMark/GFM parse and as
Streamlit's renderer transforms the parsed text (its patterns are copied below from
Streamlit 1.67's frontend); and that a reader sees the text itself (`shown` undoes it).
The browser test (tests/test_browser_text.py) checks the same payloads in a real page.
"""

from __future__ import annotations

import random
import re

import pytest

from ui.components.text import SPLIT, plain, shown

PAYLOADS = {
    "https link": "see https://evil.example/x now",
    "www link": "visit www.evil.example today",
    "WWW link": "WWW.EVIL.EXAMPLE",
    "e-mail link": "mail desk@evil.example",
    "mailto link": "mailto:desk@evil.example",
    "autolink": "<https://evil.example/y>",
    "inline link": "[click](https://evil.example/z)",
    "image": "![x](https://evil.example/i.png)",
    "reference link": "[x]\n\n[x]: https://evil.example/r",
    "atx heading": "# Heading",
    "indented heading": "   ## Heading",
    "setext heading": "Title\n===",
    "setext heading 2": "Title\n---",
    "thematic break": "***",
    "material icon": "icon :material/delete: here",
    "emoji": "smile :smile: :+1: :-1:",
    "streamlit logo": "logo :streamlit:",
    "emphasis": "__x__ and *y* and _z_",
    "strong": "**bold**",
    "strikethrough": "~~gone~~",
    "colour directive": ":red[alert] and :blue-background[b]",
    "bare directive": "status:red and note:small",
    "directive attributes": 'x:color[c]{foreground="red"}',
    "latex inline": "cost $x^2$ here",
    "latex block": "$$\nx\n$$",
    "dollars": "$5 and $10",
    "bullet list": "- item\n+ item\n* item",
    "ordered list": "1. first\n2) second",
    "quote": "> quoted",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "html": "<b>bold</b> <img src=x onerror=alert(1)>",
    "html comment": "a<!-- hidden -->b",
    "entity": "a &amp; b &lt; c &#35;",
    "code span": "`code`",
    "fenced code": "```\ncode\n```",
    "tilde fence": "~~~\ncode\n~~~",
    "indented code": "    indented code",
    "tab-indented code": "\tindented code",
    "cr line ending": "first\r    indented",
    "hard break": "line  \nnext",
    "backslash": "C:\\path\\to\\",
    "backslash at end": "end\\",
    "arrows": "a -> b <- c <-> d -- e >= f <= g ~= h",
    "task list": "- [ ] task",
    "footnote": "text[^1]\n\n[^1]: note",
    "already escaped": "x\\:red[]y &#32; \\*",
    "kazakh": "«Қазақстан» — ҚР, т.б., 2025 ж.",
}

# The renderer's transforms of parsed text nodes, after escapes are resolved: GFM's literal
# links (mdast-util-gfm-autolink-literal), Streamlit's icons, logo and typography, and
# remark-emoji's shortcodes.
TEXT_NODE_PATTERNS = {
    "link": re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE),
    "e-mail": re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
    "material icon": re.compile(r":material_(\w+):"),
    "streamlit logo": re.compile(r":streamlit:"),
    "emoji": re.compile(r":\+1:|:-1:|:[\w-]+:"),
    "typography": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}
PUNCTUATION = r"!-/:-@\[-`{-~"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("https://evil.example/x", r"https\::red[]\/\/evil\.example\/x"),
        ("www.evil.example", r"www:red[]\.evil\.example"),
        ("desk@evil.example", r"desk\@:red[]evil\.example"),
        ("__x__", r"\_\_x\_\_"),
        ("# Heading", r"\# Heading"),
        ("Title\n===", "Title\n" + r"\=:red[]\=:red[]\="),
        (":material/delete:", r"\::red[]material\/delete\:"),
        (":smile:", r"\::red[]smile\:"),
        (":red[alert]", r"\:red\[alert\]"),
        ("nrefs:1|case:mixed", r"nrefs\:1\|case\:mixed"),
        ("$x^2$", r"\$x\^2\$"),
        ("a -> b", r"a \-:red[]\> b"),
        ("    code", "&#32;&#32;&#32;&#32;code"),
        ("a &amp; b", r"a \&amp\; b"),
        ("Қазақ тілі", "Қазақ тілі"),
    ],
)
def test_what_plain_writes(text: str, markdown: str) -> None:
    assert plain(text) == markdown


@pytest.mark.parametrize("text", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_reader_sees_the_text_itself(text: str) -> None:
    assert shown(plain(text)) == text


@pytest.mark.parametrize("text", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_markdown_syntax_is_left(text: str) -> None:
    markdown = plain(text)
    # Outside the splits and the blanks written as references, every punctuation
    # character is escaped: none can open or close any construct.
    bare = re.sub(r"&#32;|&#9;", "", markdown.replace(SPLIT, ""))
    assert re.fullmatch(rf"(?:\\[{PUNCTUATION}]|[^{PUNCTUATION}])*", bare, re.DOTALL)
    # No line starts with a blank (an indented code block, or a list item's indentation).
    assert not re.search(r"(?:^|\r)[ \t]", markdown, re.MULTILINE)
    # Streamlit turns `:material/` into `:material_` in the source before parsing.
    assert ":material/" not in markdown


@pytest.mark.parametrize("text", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_text_node_is_transformed(text: str) -> None:
    for node in plain(text).split(SPLIT):
        seen = shown(node).replace(":material/", ":material_")
        for name, pattern in TEXT_NODE_PATTERNS.items():
            assert not pattern.search(seen), (name, seen)


def test_the_transforms_would_match_the_payloads_unsplit() -> None:
    """The patterns above are live: each matches its payload when nothing splits it."""
    expected = {
        "link": PAYLOADS["https link"],
        "e-mail": PAYLOADS["e-mail link"],
        "material icon": PAYLOADS["material icon"].replace(":material/", ":material_"),
        "streamlit logo": PAYLOADS["streamlit logo"],
        "emoji": PAYLOADS["emoji"],
        "typography": PAYLOADS["arrows"],
    }
    for name, pattern in TEXT_NODE_PATTERNS.items():
        assert pattern.search(expected[name]), name


def test_random_text_round_trips_and_leaves_no_transform() -> None:
    alphabet = [*"ab w.:/@-<>=~_*#`$[]{}()!|\\&;+\n\r\t ", "www", "http", "material", "ә"]
    rng = random.Random(16)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        markdown = plain(text)
        assert shown(markdown) == text
        for node in markdown.split(SPLIT):
            seen = shown(node).replace(":material/", ":material_")
            for name, pattern in TEXT_NODE_PATTERNS.items():
                assert not pattern.search(seen), (name, text)
