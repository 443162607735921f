"""What screen readers need in HTML that plain docutils nodes cannot say (an HTML-only post-transform).

* The header cells of the index's and the timetable's tables are ``<th scope="col">``.
* A speaker's initials avatar is decoration: ``aria-hidden="true"``, so the speaker's name is read
  once, from the name beside it, not as "C O Chidi Okafor".

The two nodes below are made only for HTML builders, so no other builder meets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .render import AVATAR_CLASS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: the extension's tables whose header row names the columns
TABLE_CLASSES = frozenset({"seminar-index-table", "seminar-timetable-table"})


class seminar_column_header(nodes.entry):
    """A cell of a table's header row, written as ``<th scope="col">``."""


class seminar_decoration(nodes.paragraph):
    """A paragraph screen readers skip (``aria-hidden="true"``)."""


def _replace(node: nodes.Element, kind: type[nodes.Element]) -> None:
    replacement = kind(node.rawsource, **node.attributes)
    replacement.extend(node.children)
    node.replace_self(replacement)


class AccessibleMarkup(SphinxPostTransform):
    """After the indexes are filled (priority 5): column headers with a scope, avatars hidden."""

    default_priority = 8
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if TABLE_CLASSES & set(table["classes"]):
                for head in table.findall(nodes.thead):
                    for entry in list(head.findall(nodes.entry)):
                        _replace(entry, seminar_column_header)
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if AVATAR_CLASS in paragraph["classes"]:
                _replace(paragraph, seminar_decoration)


def visit_column_header(translator: HTML5Translator, node: seminar_column_header) -> None:
    translator.visit_entry(node)  # the writer's own cell, column counting and all: "<th class="head">"
    translator.body[-1] = translator.body[-1].replace("<th ", '<th scope="col" ', 1)


def depart_column_header(translator: HTML5Translator, node: seminar_column_header) -> None:
    translator.depart_entry(node)


def visit_decoration(translator: HTML5Translator, node: seminar_decoration) -> None:
    translator.body.append(translator.starttag(node, "p", "", **{"aria-hidden": "true"}))


def depart_decoration(translator: HTML5Translator, node: seminar_decoration) -> None:
    translator.body.append("</p>\n")


def setup(app: Sphinx) -> None:
    app.add_post_transform(AccessibleMarkup)
    app.add_node(seminar_column_header, html=(visit_column_header, depart_column_header))
    app.add_node(seminar_decoration, html=(visit_decoration, depart_decoration))
