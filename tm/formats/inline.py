"""TMX inline codes: the plain text of a segment, its markup, and whether the markup is TMX.

A TMX `<seg>` holds text and inline elements. `bpt`, `ept`, `it`, `ph` and `ut` hold native
codes (`&lt;b&gt;`, `{\\b `), `sub` inside them holds a sub-flow (an ALT text), `hi` marks a
stretch of the segment's own text. The plain text of a segment is what a reader reads: the
text outside the codes, and the text inside `hi`. Elements that TMX 1.4b does not define (a
`<g>` or `<b>` some tools write) count as text too: their content is what they wrap.

The rules `problem` checks are those of the TMX 1.4b DTD (tmx14.dtd): which element may hold
which, which attributes each takes, which are required, `it`'s `pos` of begin or end. Markup
that passes them is written back into an exported `<seg>` and still validates.

The functions take lxml elements and strings; lxml is imported only when one is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
TAGS = frozenset({*CODES, "hi", "sub"})
_RUNNING = frozenset({*CODES, "hi"})  # what may stand in running text (seg, sub, hi)

# TMX 1.4b DTD: the inline elements each element may hold, the attributes each takes, the
# attributes it requires, and the values an enumerated attribute takes.
CHILDREN: dict[str, frozenset[str]] = {
    "seg": _RUNNING,
    "sub": _RUNNING,
    "hi": _RUNNING,
    **{code: frozenset({"sub"}) for code in CODES},
}
ATTRIBUTES: dict[str, frozenset[str]] = {
    "bpt": frozenset({"i", "x", "type"}),
    "ept": frozenset({"i"}),
    "it": frozenset({"pos", "x", "type"}),
    "ph": frozenset({"x", "assoc", "type"}),
    "ut": frozenset({"x"}),
    "hi": frozenset({"x", "type"}),
    "sub": frozenset({"datatype", "type"}),
}
REQUIRED: dict[str, frozenset[str]] = {
    "bpt": frozenset({"i"}),
    "ept": frozenset({"i"}),
    "it": frozenset({"pos"}),
}
ENUMERATED: dict[tuple[str, str], frozenset[str]] = {("it", "pos"): frozenset({"begin", "end"})}


def plain_text(element: etree._Element) -> str:
    """The text a reader reads in a segment: outside the codes, inside `hi` and unknown
    elements; a code's content (and the `sub` inside it) is not part of it."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in CODES and child.tag != "sub":
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def problem(element: etree._Element, *, tag: str = "seg") -> str | None:
    """What makes the inline markup of `element` (a `<seg>`) not TMX 1.4b, or None."""
    allowed = CHILDREN[tag]
    for child in element:
        if not isinstance(child.tag, str):
            return "an entity reference"
        if child.tag not in allowed:
            where = "<seg>" if tag == "seg" else f"<{tag}>"
            return f"<{child.tag}> inside {where}"
        names = {str(name) for name in child.attrib}
        if extra := names - ATTRIBUTES[child.tag]:
            return f"<{child.tag}> with the attribute {sorted(extra)[0]!r}"
        if missing := REQUIRED.get(child.tag, frozenset()) - names:
            return f"<{child.tag}> without its {sorted(missing)[0]!r} attribute"
        for (name, attribute), values in ENUMERATED.items():
            if child.tag == name and child.get(attribute) not in values:
                return f"<{name}> with {attribute}={child.get(attribute)!r}"
        if (inner := problem(child, tag=child.tag)) is not None:
            return inner
    return None


def inner_xml(element: etree._Element) -> str:
    """The content of `element` as XML, without the element's own tags."""
    from lxml import etree

    xml = etree.tostring(element, encoding="unicode", with_tail=False)
    if xml.endswith("/>"):
        return ""
    return xml[xml.index(">") + 1 : xml.rindex("<")]


def parse_segment(markup: str) -> etree._Element:
    """A `<seg>` element holding `markup`; raises lxml's XMLSyntaxError when it is not XML.

    Parsed without entities, network or DTD, like every file the reader opens."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(f"<seg>{markup}</seg>", parser)
