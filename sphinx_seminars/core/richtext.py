"""Abstracts and bios as docutils nodes and as plain text. Docutils, no Sphinx.

HTML is first cleaned by :func:`.sanitize.clean_html`, then rebuilt as plain
docutils nodes (never passed through as raw HTML), so every builder renders it
and nothing executable survives. ``$...$`` inside the text becomes math.
Markdown and reST bodies are parsed by the Sphinx layer, which knows the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from docutils import nodes

from .model import Markup, RichText
from .sanitize import clean_html

# "$x$" but not "$5 and $10": no space just inside the dollars, no digit after (as pandoc).
_MATH = re.compile(r"\$\$(?P<display>[^$]+?)\$\$|\$(?P<inline>[^\s$](?:[^$]*?[^\s$\\])?)\$(?!\d)")
# The archive habit of opening an abstract with an "Abstract:" label line.
_LABEL = re.compile(r"^\s*(?:<(?:p|div)>\s*)?(?:abstract|summary)\s*(?::|&#58;|&colon;)\s*(?:<br\s*/?>)?", re.I)

_BLOCK_TAGS = {"p", "div", "ul", "ol", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_INLINE = {
    "em": nodes.emphasis, "i": nodes.emphasis, "strong": nodes.strong, "b": nodes.strong,
    "u": nodes.emphasis, "code": nodes.literal, "kbd": nodes.literal, "tt": nodes.literal,
    "sub": nodes.subscript, "sup": nodes.superscript,
}  # fmt: skip


#: HTML nested deeper than this is flattened (about 500 levels would exhaust Python's recursion limit)
MAX_NESTING = 30


class _Element:
    __slots__ = ("children", "href", "tag")

    def __init__(self, tag: str, href: str = "") -> None:
        self.tag = tag
        self.href = href
        self.children: list[_Element | str] = []


class _TreeBuilder(HTMLParser):
    """Cleaned HTML to a small tree; nh3's output is well formed, so a stack suffices."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) > MAX_NESTING:  # keep the words, not the nesting: the tree is walked recursively
            return
        element = _Element(tag, dict(attrs).get("href") or "")
        self.stack[-1].children.append(element)
        if tag not in ("br", "hr"):
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(source: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(clean_html(_LABEL.sub("", source, count=1)))
    builder.close()
    return builder.root


# -- to docutils nodes ---------------------------------------------------------------------


def to_nodes(text: RichText) -> list[nodes.Node]:
    """Block-level nodes for an HTML or plain-text :class:`RichText`."""
    if text.markup is Markup.HTML:
        return _blocks(parse_html(text.source).children)
    return [nodes.paragraph("", "", *_with_math(para)) for para in re.split(r"\n\s*\n", text.source.strip()) if para]


def _blocks(children: list[_Element | str]) -> list[nodes.Node]:
    """Group children into block nodes; loose inline content becomes paragraphs."""
    blocks: list[nodes.Node] = []
    loose: list[_Element | str] = []

    def flush() -> None:
        if loose:
            blocks.extend(_paragraphs(loose))
            loose.clear()

    for child in children:
        if isinstance(child, _Element) and child.tag in _BLOCK_TAGS:
            flush()
            blocks.extend(_block(child))
        else:
            loose.append(child)
    flush()
    return blocks


def _block(element: _Element) -> list[nodes.Node]:
    tag = element.tag
    if tag in ("p", "div") or tag.startswith("h"):
        if tag in ("p", "div") and any(isinstance(c, _Element) and c.tag in _BLOCK_TAGS for c in element.children):
            return _blocks(element.children)
        paragraphs = _paragraphs(element.children)
        if tag.startswith("h") and tag != "hr":
            return [nodes.rubric("", "", *p.children) for p in paragraphs]
        return paragraphs
    if tag in ("ul", "ol"):
        listing = (
            nodes.bullet_list() if tag == "ul" else nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        )
        for item in element.children:
            if isinstance(item, _Element) and item.tag == "li":
                listing += nodes.list_item("", *(_blocks(item.children) or [nodes.paragraph()]))
            elif isinstance(item, str) and item.strip():
                listing += nodes.list_item("", nodes.paragraph("", item.strip()))
        return [listing] if listing.children else []
    if tag == "li":
        return [nodes.bullet_list("", nodes.list_item("", *_blocks(element.children)))]
    if tag == "blockquote":
        return [nodes.block_quote("", *_blocks(element.children))]
    if tag == "pre":
        code = _text_of(element)
        return [nodes.literal_block(code, code)]
    if tag == "hr":
        return [nodes.transition()]
    return _paragraphs(element.children)


def _paragraphs(children: list[_Element | str]) -> list[nodes.Node]:
    """Inline content as a paragraph; ``<br>`` becomes the lines of a line block."""
    lines: list[list[nodes.Node]] = [[]]
    for child in children:
        if isinstance(child, _Element) and child.tag == "br":
            lines.append([])
        else:
            lines[-1].extend(_inline(child))
    lines = [_trim(line) for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        return []
    if len(lines) == 1:
        return [nodes.paragraph("", "", *lines[0])]
    return [nodes.line_block("", *(nodes.line("", "", *line) for line in lines))]


def _trim(line: list[nodes.Node]) -> list[nodes.Node]:
    """Drop leading and trailing white space of a line (HTML collapses it anyway)."""
    while line and isinstance(line[0], nodes.Text) and not line[0].strip():
        line.pop(0)
    while line and isinstance(line[-1], nodes.Text) and not line[-1].strip():
        line.pop()
    if line and isinstance(line[0], nodes.Text):
        line[0] = nodes.Text(line[0].lstrip())
    if line and isinstance(line[-1], nodes.Text):
        line[-1] = nodes.Text(line[-1].rstrip())
    return line


def _inline(child: _Element | str) -> list[nodes.Node]:
    if isinstance(child, str):
        return _with_math(re.sub(r"\s+", " ", child))
    inner = [node for grandchild in child.children for node in _inline(grandchild)]
    if child.tag == "a":
        label = inner or [nodes.Text(child.href)]
        if not child.href:  # nh3 removed an unsafe target: keep the words
            return label
        return [nodes.reference("", "", *label, refuri=child.href)]
    if child.tag in _INLINE:
        kind = _INLINE[child.tag]
        if kind is nodes.literal:
            text = _text_of(child)
            return [nodes.literal(text, text)]
        return [kind("", "", *inner)]
    return inner  # span, unknown inline: keep the content


def _with_math(text: str) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    position = 0
    for found in _MATH.finditer(text):
        if found.start() > position:
            parts.append(nodes.Text(text[position : found.start()]))
        latex = found["display"] or found["inline"]
        parts.append(nodes.math(latex, latex))
        position = found.end()
    if position < len(text):
        parts.append(nodes.Text(text[position:]))
    return parts


def _text_of(element: _Element | str) -> str:
    if isinstance(element, str):
        return element
    if element.tag == "br":
        return "\n"
    return "".join(_text_of(child) for child in element.children)


# -- to plain text ---------------------------------------------------------------------------


def to_plain_text(text: RichText | None) -> str:
    """Readable plain text (calendar descriptions): paragraphs, line breaks, links in brackets."""
    if not text:
        return ""
    if text.markup is not Markup.HTML:
        return text.source.strip()
    out: list[str] = []
    _plain(parse_html(text.source), out)
    joined = "".join(out)
    joined = re.sub(r"[ \t]+", " ", joined)
    joined = re.sub(r" *\n *", "\n", joined)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


def _plain(element: _Element | str, out: list[str]) -> None:
    if isinstance(element, str):
        out.append(re.sub(r"\s+", " ", element))
        return
    tag = element.tag
    if tag == "br":
        out.append("\n")
        return
    if tag == "li":
        out.append("\n- ")
    for child in element.children:
        _plain(child, out)
    if tag == "a" and element.href and element.href != _text_of(element).strip():
        out.append(f" ({element.href})")
    if tag in _BLOCK_TAGS and tag != "li":
        out.append("\n\n")
