"""What talks become in particular output formats, once the builder is known (post-transforms).

* HTML: a talk's *When* is a ``<time>`` (the same node as an index row's date), so the
  page's script can add the viewer's own time, and machines read the instant (or an
  all-day talk's date).
* Text: the writer drops link targets, so a talk's links (the join link, slides, a
  speaker's page, its calendar file) and an index's feed are followed by their URL;
  otherwise a text reader could not join.
* Man: the same URLs (which Sphinx 8's writer hides behind terminal hyperlinks), and the
  parts of a talk one after the other: troff runs a container's first line into the last
  line before it ("Analytical Engines Ltd CB"), so containers are unwrapped and the
  decorative initials left out.
* Text and man pages, where no calendar file is written: the calendar link and the index's
  feed point at the files the HTML site publishes, when its base URL is known (other builders
  without calendar files drop them).
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .indexes import seminar_time
from .render import AVATAR_CLASS, CALENDAR_LINK_CLASS, DOCNAME_ATTRIBUTE, TIME_ATTRIBUTE, is_talk_box
from .weburls import site_baseurl

#: output formats whose readers see each link's URL printed after it (see TextLinkTargets and ManLayout)
PRINTED_URLS = frozenset({"text", "man"})
SUBSCRIBE_CLASS = "seminar-subscribe"
#: the subscribe link that is the feed's own https URL (see indexes.FillIndexes._subscribe)
FEED_URL_CLASS = "seminar-subscribe-feed-url"


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


def published_calendar_links(transform: SphinxPostTransform, paragraph: nodes.paragraph) -> bool:
    """A talk's calendar link or an index's subscribe line, for a builder that writes no calendars:
    the talk's file as the HTML site publishes it, the feed's own URL. False when there is none to give."""
    if SUBSCRIBE_CLASS in paragraph["classes"]:  # "Subscribe: " and the feed's https URL, when published
        feed = [link for link in paragraph.findall(nodes.reference) if FEED_URL_CLASS in link["classes"]]
        paragraph.children = [paragraph[0], *feed]
        return bool(feed)
    baseurl = site_baseurl(transform.config)
    links = [link for link in paragraph.findall(nodes.reference) if CALENDAR_LINK_CLASS in link["classes"]]
    if not baseurl or not links:
        return False
    box = paragraph.parent
    while box is not None and not is_talk_box(box):
        box = box.parent
    # the HTML page that shows the talk (a man page or a single HTML file holds many) has its calendar beside it
    page = box[DOCNAME_ATTRIBUTE] if box is not None else transform.env.docname
    folder = posixpath.dirname(page)
    for link in links:
        link["refuri"] = f"{baseurl}/{posixpath.join(folder, link['refuri'])}"
    return True


def _external_links(document: nodes.document) -> list[nodes.reference]:
    """The links of talks and subscribe lines that lead out of the document, with text other than the URL."""
    holders = [*document.findall(is_talk_box)]
    holders += [p for p in document.findall(nodes.paragraph) if SUBSCRIBE_CLASS in p["classes"]]
    found = []
    for holder in holders:
        for reference in holder.findall(nodes.reference):
            uri = reference.get("refuri", "")
            if ("://" in uri or uri.startswith("mailto:")) and reference.astext() != uri:
                found.append(reference)
    return list(dict.fromkeys(found))


class TextLinkTargets(SphinxPostTransform):
    """``Join link <https://...>``: a talk's external links and an index's feed keep their URL in text output."""

    default_priority = 6
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        for reference in _external_links(self.document):
            reference.parent.insert(reference.parent.index(reference) + 1, nodes.Text(f" <{reference['refuri']}>"))


class ManLayout(SphinxPostTransform):
    """Man pages: each external link followed by its URL, each part of a talk on lines of its own."""

    default_priority = 6
    formats = ("man",)

    def run(self, **kwargs: Any) -> None:
        for reference in _external_links(self.document):
            # the URL as the link's own text: printed once by every writer (Sphinx 8 shows only a link's
            # text, Sphinx 9 the URL of a link whose text differs), whatever man_show_urls says
            reference.parent.insert(reference.parent.index(reference), nodes.Text(f"{reference.astext()} "))
            reference.children = [nodes.Text(reference["refuri"])]
        for box in list(self.document.findall(is_talk_box)):
            for avatar in list(box.findall(nodes.paragraph)):
                if AVATAR_CLASS in avatar["classes"]:
                    avatar.parent.remove(avatar)
            for inner in reversed(list(box.findall(nodes.container, include_self=False))):
                inner.parent.replace(inner, inner.children)
