"""Parsing an event file's Markdown or reST body into nodes for the page that shows it.

The body is parsed into a separate document (so a Markdown body works on a
reST page and the reverse), then made safe to place inside the event's
container: sections become rubrics, and raw HTML is cleaned and rebuilt as
plain nodes, as for HTML abstracts.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from sphinx.util import logging
from sphinx.util.docutils import new_document

from .core.model import Markup, RichText
from .core.richtext import to_nodes
from .core.sanitize import risky_markup

logger = logging.getLogger(__name__)


def _padded(text: RichText) -> str:
    # Leading blank lines make the sub-document's line numbers those of the event file.
    return "\n" * max(text.line - 1, 0) + text.source


def parse_rst(text: RichText, source: str, settings: Any) -> list[nodes.Node]:
    document = new_document(source, settings)
    RstParser().parse(_padded(text), document)
    return _settle(document)


def parse_markdown(text: RichText, source: str, settings: Any, env: Any) -> list[nodes.Node]:
    document = new_document(source, settings)
    parser = _md_parser(env)
    parser.options["document"] = document
    try:
        parser.render(_padded(text))
    finally:
        del parser.options["document"]
    return _settle(document)


#: the MyST syntax extensions an event file's body may use (when the project enables them)
SAFE_MYST_EXTENSIONS = frozenset(
    {
        "dollarmath", "amsmath", "colon_fence", "deflist", "fieldlist", "tasklist", "strikethrough",
        "smartquotes", "replacements", "linkify",
    }
)  # fmt: skip

#: [(the project's MyST configuration, the parser made for it)]: making a parser costs as much
#: as parsing a short abstract, and a site has one configuration
_md_parser_cache: list[tuple[Any, Any]] = []


def _md_parser(env: Any) -> Any:
    project_config = getattr(env, "myst_config", None)
    if _md_parser_cache and _md_parser_cache[0][0] is project_config:
        return _md_parser_cache[0][1]
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = project_config or MdParserConfig()
    # Seminar abstracts write TeX as $...$, whatever the project enables for its pages; and event
    # files are untrusted: no substitutions (Jinja2 with the build environment in reach), no
    # attribute syntax (arbitrary HTML attributes) and no HTML turned into nodes by MyST (raw HTML
    # goes through the sanitiser instead), whatever the project enables.
    extensions = {*config.enable_extensions, "dollarmath"} & SAFE_MYST_EXTENSIONS
    config = dataclasses.replace(config, enable_extensions=extensions)
    parser = create_md_parser(config, _renderer_class())
    _md_parser_cache[:] = [(project_config, parser)]
    return parser


def _renderer_class() -> type:
    from myst_parser.mdit_to_docutils import base
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    class BodyRenderer(SphinxRenderer):  # type: ignore[misc]
        def setup_render(self, options: dict[str, Any], env: Any) -> None:
            if not hasattr(base, "make_document"):  # a MyST without the cost worked around here
                return super().setup_render(options, env)
            # MyST evaluates make_document() (docutils' default settings, 0.4 ms, a third of a
            # short abstract's parse) as a default argument even when a document is given.
            document = options["document"]
            make_document, base.make_document = base.make_document, lambda *_args, **_kwargs: document
            try:
                super().setup_render(options, env)
            finally:
                base.make_document = make_document

        def create_warning(
            self, message: str, subtype: Any, *, wtype: str | None = None, line: int | None = None, **_kwargs: Any
        ) -> None:
            # MyST places its warnings on the page being read; a body's lines are those of its
            # event file (the sub-document's source). No system_message node: Sphinx drops those
            # from pages unless keep_warnings is set, and the warning is logged either way.
            source = self.document["source"]
            logger.warning(
                message,
                type=wtype or "myst",
                subtype=subtype if isinstance(subtype, str) else subtype.value,
                location=f"{source}:{line}" if line else source,
            )

    return BodyRenderer


def _settle(document: nodes.document) -> list[nodes.Node]:
    for raw in list(document.findall(nodes.raw)):
        risky = risky_markup(raw.astext())
        if risky:
            logger.warning(
                f"{risky} removed from the HTML (with any other script, style, frame or handler)",
                type="seminars",
                subtype="html",
                location=f"{document['source']}:{raw.line}",
            )
        if "html" in raw.get("format", "").split():
            cleaned = to_nodes(RichText(raw.astext(), Markup.HTML))
            if isinstance(raw.parent, nodes.TextElement):  # inline HTML: keep the words
                raw.replace_self(nodes.Text(" ".join(n.astext() for n in cleaned)))
            else:
                raw.replace_self(cleaned)
        else:
            raw.parent.remove(raw)
    for section in list(document.findall(nodes.section)):
        title = section.next_node(nodes.title)
        replacement: list[nodes.Node] = []
        if title is not None:
            replacement.append(nodes.rubric("", "", *title.children))
            section.remove(title)
        replacement.extend(section.children)
        section.replace_self(replacement)
    children = list(document.children)
    for child in children:
        for node in child.findall():
            # Forget the sub-document: its settings hold the build environment, and nodes that
            # kept it would pickle the whole environment into their page's doctree (a 1 MB
            # doctree per talk at 1,000 talks, growing with the site: quadratic builds).
            node.document = None
    return children
