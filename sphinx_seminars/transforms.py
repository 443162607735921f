"""Transforms: a page title for talk pages, and builder-specific clean-up."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ._compat import builder_name_and_format
from .config import CALENDAR_BUILDERS
from .headings import SECTION_CLASS
from .render import AVATAR_CLASS, CALENDAR_CLASS, is_talk_box


class TalkPageTitle(SphinxTransform):
    """Give a page without a heading the title of the first talk it shows.

    A talk page is usually nothing but ``.. seminar-event:: talk.md``; without
    this the page would have no title in the toctree, the browser tab or search.
    """

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        document = self.document
        # the page's own headings, not those of the talk's parts or of an index (headings.py)
        if any(SECTION_CLASS not in section["classes"] for section in document.findall(nodes.section)):
            return
        event = document.next_node(is_talk_box)
        if event is None or event.parent is not document:
            return
        heading = event.next_node(nodes.rubric)
        if heading is None:
            return
        section = nodes.section(ids=[f"{event['ids'][0]}-page"], names=[nodes.fully_normalize_name(heading.astext())])
        section += nodes.title("", "", *heading.children)
        event.remove(heading)
        section.extend(document.children)
        document.children = []
        document += section
        section.source, section.line = event.source, event.line


class BuilderSpecifics(SphinxPostTransform):
    """Where no calendar file is written, the calendar links are dropped, or in text and man pages point at
    the HTML site's files (when its base URL is known); initials for remote photos outside HTML."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        name, output_format = builder_name_and_format(self)
        if name not in CALENDAR_BUILDERS:
            from .formats import PRINTED_URLS, published_calendar_links

            plain = output_format in PRINTED_URLS  # where a reader copies URLs from the page
            for paragraph in list(self.document.findall(nodes.paragraph)):
                if CALENDAR_CLASS in paragraph["classes"] and not (plain and published_calendar_links(self, paragraph)):
                    paragraph.parent.remove(paragraph)
        if output_format != "html":
            for image in list(self.document.findall(nodes.image)):
                if "seminar-speaker-photo" in image["classes"] and "://" in image["uri"]:
                    name = image.get("alt", "")
                    image.replace_self(nodes.paragraph("", name, classes=[AVATAR_CLASS]))
