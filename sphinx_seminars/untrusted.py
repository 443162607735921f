"""What markup an event file's body may use, and what its parsed nodes may point at.

Event files come from people the site's maintainers may not know, so their
Markdown and reST bodies get the text markup of an abstract and nothing that
reads files (``include``, ``literalinclude``, ``:download:``, local links that
MyST turns into downloads), injects raw output (``raw``), changes the site
(``toctree``, ``meta``, ``highlight``) or runs an extension's code. Pages
written by the maintainers themselves are not restricted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import CustomReSTDispatcher

from .core.sanitize import URL_SCHEMES, unsafe_tex, url_scheme

logger = logging.getLogger(__name__)

SAFE_DIRECTIVES = frozenset(
    {
        "admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "tip",
        "warning", "seealso", "epigraph", "highlights", "pull-quote", "compound", "container", "rubric",
        "topic", "parsed-literal", "code", "code-block", "sourcecode", "math", "table", "list-table",
        "hlist", "image", "figure",
    }
)  # fmt: skip
SAFE_ROLES = frozenset(
    {
        "emphasis", "strong", "literal", "code", "math", "sub", "subscript", "sup", "superscript",
        "abbr", "title-reference", "title", "t", "kbd", "dfn", "samp", "file", "guilabel",
        "menuselection", "command", "program", "pep", "rfc", "ref", "doc", "term",
        "seminar", "seminar:event",
    }
)  # fmt: skip


def _refuse(kind: str, name: str, source: str, line: int | None) -> None:
    location = f"{source}:{line}" if line else source
    logger.warning(
        f"the {kind} {name!r} is not allowed in an event file; left out",
        type="seminars",
        subtype="markup",
        location=location,
    )


class _AnyOption(Mapping[str, Any]):
    """An option spec that accepts every option, so a refused directive gives one warning, not two."""

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _RefusedDirective(Directive):
    has_content = True
    optional_arguments = 100
    final_argument_whitespace = True
    option_spec: ClassVar[Any] = _AnyOption()

    def run(self) -> list[nodes.Node]:
        source, line = self.state_machine.get_source_and_line(self.lineno)
        _refuse("directive", self.name, source or "", line)
        return []


class EventMarkup(CustomReSTDispatcher):
    """While parsing an event file's body: only :data:`SAFE_DIRECTIVES` and :data:`SAFE_ROLES`.

    *line_offset* turns the line numbers roles are given into the event file's.
    """

    def __init__(self, source: str, line_offset: int) -> None:
        super().__init__()
        self.source = source
        self.line_offset = line_offset

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        if directive_name.lower() in SAFE_DIRECTIVES:
            return super().directive(directive_name, language_module, document)
        return _RefusedDirective, []

    def role(
        self, role_name: str, language_module: ModuleType, lineno: int, reporter: Any
    ) -> tuple[Any, list[nodes.system_message]]:
        if role_name.lower() in SAFE_ROLES:
            return super().role(role_name, language_module, lineno, reporter)
        return self._refused_role, []

    def _refused_role(
        self, name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None, content: Any = None
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        _refuse("role", name, self.source, lineno + self.line_offset)
        return [nodes.Text(text)], []


@contextlib.contextmanager
def restricted(settings: Any, source: str, line_offset: int) -> Iterator[None]:
    """Parse with the safe markup only, and with file insertion and raw output off."""
    saved = {name: getattr(settings, name, None) for name in ("file_insertion_enabled", "raw_enabled")}
    settings.file_insertion_enabled = False  # include, csv-table :file:, raw :file:, literalinclude
    settings.raw_enabled = False
    try:
        with EventMarkup(source, line_offset):
            yield
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


def _unsafe_uri(uri: str) -> bool:
    """A URI with a scheme other than http(s)/mailto; relative links and anchors are fine."""
    scheme = url_scheme(uri)
    return bool(scheme) and scheme not in URL_SCHEMES


#: deeper trees crash docutils and pickle (RecursionError); no abstract needs more
MAX_DEPTH = 40


def make_safe(
    parsed: list[nodes.Node],
    source: str,
    srcdir: str,
    resolve: Callable[[str], str],
    line_offset: int = 0,
) -> list[nodes.Node]:
    """Remove from *parsed* what points outside the site or at script; each removal is a warning.

    Runs right after parsing, before Sphinx's collectors see the nodes: an image
    or download they registered would be copied into the output. *resolve*
    turns an image URI into the path Sphinx would read, as ``env.relfn2path`` does.
    """
    root = Path(srcdir).resolve()

    def warn(message: str, node: nodes.Element) -> None:
        line = _line_of(node, line_offset)
        location = f"{source}:{line}" if line else source
        logger.warning(message, type="seminars", subtype="markup", location=location)

    holder = nodes.container("", *parsed)  # so that top-level nodes can be removed or replaced too
    if _depth(holder) > MAX_DEPTH:
        first = next(iter(holder.findall(nodes.Element, include_self=False)), None)
        line = _line_of(first, line_offset) if first is not None else None
        logger.warning(
            f"the text is nested more than {MAX_DEPTH} levels deep; shown as plain text",
            type="seminars",
            subtype="size",
            location=f"{source}:{line}" if line else source,
        )
        return [nodes.paragraph("", holder.astext())]
    for node in list(holder.findall(nodes.Element, include_self=False)):
        if isinstance(node, addnodes.download_reference):
            warn(f"link to the local file {node.get('reftarget', '')!r} left out of the event", node)
            node.replace_self(nodes.inline("", "", *node.children))
        elif isinstance(node, (nodes.reference, nodes.target)) and _unsafe_uri(node.get("refuri", "")):
            warn(f"link to {node['refuri'][:80]!r} removed: only http(s) and mailto links are allowed", node)
            del node["refuri"]
            if isinstance(node, nodes.reference):
                embedded = node.next_node(nodes.target, descend=False, siblings=True)
                if embedded is not None and embedded.get("refuri") and _unsafe_uri(embedded["refuri"]):
                    del embedded["refuri"]  # `text <javascript:...>`_ : one link, one warning
                node.replace_self(nodes.inline("", "", *node.children))
        elif isinstance(node, nodes.image) and not _image_allowed(node["uri"], root, resolve):
            warn(f"image {node['uri'][:80]!r} left out: use an http(s) URL or a file inside the site", node)
            parent = node.parent
            parent.remove(node)
            if isinstance(parent, nodes.reference) and not parent.children:  # an image's :target: link
                parent.parent.remove(parent)
        elif isinstance(node, (nodes.math, nodes.math_block)) and unsafe_tex(node.astext()):
            warn(f"math using {unsafe_tex(node.astext())} shown as text", node)
            node.replace_self(nodes.literal(node.astext(), node.astext()))
    return list(holder.children)


def _line_of(node: nodes.Element, line_offset: int) -> int | None:
    """The event file line of *node*: docutils sets ``source`` with real lines, bare ``line`` is relative."""
    for candidate in (node, *_ancestors(node)):
        if candidate.source and candidate.line:
            return candidate.line
    return node.line + line_offset if node.line else None


def _ancestors(node: nodes.Element) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def _image_allowed(uri: str, root: Path, resolve: Callable[[str], str]) -> bool:
    scheme = url_scheme(uri)
    if scheme:
        return scheme in ("http", "https")
    if "\0" in uri:
        return False
    # Exactly as Sphinx will read it ("/x.png" from the source folder, "//tmp/x" from the root).
    return Path(resolve(uri)).resolve().is_relative_to(root)


def _depth(root: nodes.Element) -> int:
    """How deeply *root* nests, counted without recursion (the point is to refuse what is too deep)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH and isinstance(node, nodes.Element):
            stack.extend((child, depth + 1) for child in node.children)
    return deepest
