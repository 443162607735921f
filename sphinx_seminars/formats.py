"""What talks become in particular output formats, once the builder is known (post-transforms).

* HTML: a talk's *When* is a ``<time>`` (the same node as an index row's date), so the
  page's script can add the viewer's own time, and machines read the instant (or an
  all-day talk's date).
* Text: the writer drops link targets, so a talk's links (the join link, slides, a
  speaker's page) are followed by their URL; otherwise a text reader could not join.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .indexes import seminar_time
from .render import TIME_ATTRIBUTE
from .transforms import is_talk_box


class TalkTimes(SphinxPostTransform):
    """The text of each talk's *When* inside a ``<time>`` with the talk's instants (HTML builders)."""

    default_priority = 6
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for field in list(self.document.findall(nodes.field)):
            values = field.get(TIME_ATTRIBUTE)
            paragraph = field.next_node(nodes.paragraph) if values else None
            if paragraph is None:
                continue
            when = seminar_time("", "", *paragraph.children, classes=["seminar-time"])
            when.attributes.update(values)
            paragraph.children = []
            paragraph += when


class TextLinkTargets(SphinxPostTransform):
    """``Join link <https://...>``: a talk's external links keep their URL in text output."""

    default_priority = 6
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(is_talk_box)):
            for reference in list(box.findall(nodes.reference)):
                uri = reference.get("refuri", "")
                if ("://" in uri or uri.startswith("mailto:")) and reference.astext() != uri:
                    reference.parent.insert(reference.parent.index(reference) + 1, nodes.Text(f" <{uri}>"))
