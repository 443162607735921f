"""Real headings for the parts of talk pages and indexes, listed in the page's table of contents.

render.py gives a talk's parts (its abstract, the speakers' bios) rubrics, which every builder shows.
On a page with one talk, :class:`PartHeadings` puts each part under a section of its own (ids
'abstract', 'about-the-speaker'), so screen readers can jump to it. An index's "Upcoming talks" and
"Past talks" are sections made by its directive (indexes.py). These sections sit inside the
extension's containers, where Sphinx's table of contents does not look: :func:`add_to_toc` adds
them to it. ``seminars_headings = "rubrics"`` keeps rubrics for both.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxContentsFilter, SphinxTransform

from .render import is_talk_box

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HEADINGS_CHOICES = ("sections", "rubrics")
#: sections made by the extension (not the page's own): the page title and the table of contents treat them apart
SECTION_CLASS = "seminar-section"
#: the parts of a talk that get a heading of their own (render.titled_part)
PART_CLASSES = frozenset({"seminar-abstract", "seminar-bio"})
#: after the talk page's title is made (transforms.TalkPageTitle, 200), so that it is not taken for it
PRIORITY = 210


def wants_sections(config: Any) -> bool:
    return bool(config.seminars_headings == "sections")


def new_section(document: nodes.document, title: list[nodes.Node], classes: list[str]) -> nodes.section:
    """A section titled *title* whose id ('upcoming-talks', 'upcoming-talks-2') is new on the page."""
    heading = "".join(node.astext() for node in title)
    base = nodes.make_id(heading) or "section"
    ids = (base if n == 1 else f"{base}-{n}" for n in itertools.count(1))
    unique = next(i for i in ids if i not in document.ids)
    section = nodes.section(ids=[unique], classes=[*classes, SECTION_CLASS])
    document.ids[unique] = section
    section += nodes.title(heading, "", *title)
    return section


class PartHeadings(SphinxTransform):
    """The abstract and bios of the page's only talk under headings of their own (a section in each part)."""

    default_priority = PRIORITY

    def apply(self, **kwargs: Any) -> None:
        if not wants_sections(self.config):
            return
        talks = [box for box in self.document.findall(is_talk_box) if not _inside_talk(box)]
        if len(talks) != 1:  # several talks: their parts' headings would all be "Abstract"
            return
        for part in talks[0].children:
            if isinstance(part, nodes.container) and PART_CLASSES & set(part["classes"]):
                rubric = part[0]
                if not isinstance(rubric, nodes.rubric):
                    continue
                section = new_section(self.document, list(rubric.children), [])
                section.extend(part.children[1:])
                section.source, section.line = part.source, part.line
                part.children = []
                part += section


def _inside_talk(node: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None:
        if is_talk_box(parent):
            return True
        parent = parent.parent
    return False


def add_to_toc(app: Sphinx, doctree: nodes.document) -> None:
    """On ``doctree-read``, after Sphinx's table of contents is made: add the extension's sections to it.

    Each goes under the entry of the section around it, as Sphinx does for the page's own sections.
    """
    ours = [s for s in doctree.findall(nodes.section) if SECTION_CLASS in s["classes"] and s["ids"]]
    if not ours:
        return
    docname = app.env.docname
    toc = app.env.tocs.get(docname)
    if toc is None:
        toc = app.env.tocs[docname] = nodes.bullet_list("")
    # the page's own sections, in the order Sphinx's collector listed them (one entry each)
    listed = [s for s in doctree.findall(nodes.section) if _listed_by_sphinx(s)]
    items = list(toc.findall(nodes.list_item))
    if len(listed) != len(items):  # not a table of contents this knows how to extend
        return
    entry_of: dict[int, nodes.list_item] = {id(s): item for s, item in zip(listed, items, strict=True)}
    for section in ours:
        visitor = SphinxContentsFilter(doctree)
        section[0].walkabout(visitor)
        reference = nodes.reference(
            "", "", *visitor.get_entry_text(), internal=True, refuri=docname, anchorname=f"#{section['ids'][0]}"
        )
        item = nodes.list_item("", addnodes.compact_paragraph("", "", reference))
        outer = _outer_section(section)
        holder: nodes.Element = entry_of[id(outer)] if outer is not None and id(outer) in entry_of else toc
        if holder is not toc:
            if not isinstance(holder[-1], nodes.bullet_list):
                holder += nodes.bullet_list("")
            holder = holder[-1]
        holder += item
        entry_of[id(section)] = item


def _outer_section(node: nodes.Element) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _listed_by_sphinx(section: nodes.section) -> bool:
    """Whether Sphinx's collector listed *section*: only sections inside sections (or ``only``) all the way up."""
    parent = section.parent
    while isinstance(parent, nodes.section | addnodes.only):
        parent = parent.parent
    return isinstance(parent, nodes.document)


def setup(app: Sphinx) -> None:
    app.add_transform(PartHeadings)
    app.connect("doctree-read", add_to_toc, priority=600)
