"""Add-to-calendar links of calendar services, beside each talk's ``.ics`` link.

Added when the page is written (a post-transform, :class:`.writers.PublishedTalks`):
only then are the talk's published id and its page's absolute URL known. The links
themselves come from :mod:`.core.calendar_links`.
"""

from __future__ import annotations

from docutils import nodes

from .core.calendar_links import talk_links
from .core.loading import slugify
from .core.model import Event
from .render import CALENDAR_CLASS

SERVICE_CLASS = "seminar-calendar-service"


def add_service_links(box: nodes.Element, event: Event, page_url: str) -> None:
    """Append Google Calendar, Outlook.com and Microsoft 365 links to the talk's calendar paragraph."""
    for paragraph in box.findall(nodes.paragraph):
        if CALENDAR_CLASS in paragraph["classes"]:
            break
    else:
        return  # this builder writes no calendar: no links either
    for label, url in talk_links(event, page_url):
        paragraph += nodes.Text(" \u00b7 ")
        paragraph += nodes.reference("", label, refuri=url, classes=[SERVICE_CLASS, f"seminar-add-to-{slugify(label)}"])
