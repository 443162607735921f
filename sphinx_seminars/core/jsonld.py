"""schema.org ``Event`` data for search engines, and a short description for social previews. No Sphinx here.

The data goes into the page as ``<script type="application/ld+json">``: :func:`script_text`
escapes ``<``, ``>`` and ``&`` as JSON ``\\u`` escapes, so no text of an event file can end
the script element or open a comment, whatever it holds.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from .model import TO_BE_ANNOUNCED, Event, Status
from .richtext import to_plain_text

_SCHEMA = "https://schema.org/"
_STATUS = {
    Status.CONFIRMED: "EventScheduled",
    Status.TENTATIVE: "EventScheduled",  # schema.org has no "to be confirmed"
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
}
#: social previews show about this much; search engines take a longer description
PREVIEW_CHARS = 200
DESCRIPTION_CHARS = 1000


def plain_abstract(event: Event) -> str:
    """The abstract as one line of plain text (Markdown's link and emphasis marks dropped)."""
    text = to_plain_text(event.abstract)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"[*_`$]+", "", text)
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut).rstrip(" ,;:") + "\u2026"


def _known(text: str) -> str:
    return "" if text == TO_BE_ANNOUNCED else text


def preview_description(event: Event) -> str:
    """'Title, by Ada Lovelace and Charles Babbage. First sentences of the abstract…' for social previews."""
    names = [s.name for s in event.speakers if _known(s.name)]
    people = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    head = f"{event.title}, by {people}." if people else f"{event.title}."
    if event.called_off:
        head = f"{event.status.label}: {head}"
    sentences = re.split(r"(?<=[.!?])\s+", plain_abstract(event))
    text = head
    for sentence in sentences:
        if not sentence or len(text) + 1 + len(sentence) > PREVIEW_CHARS:
            break
        text += " " + sentence
    return _cut(text, PREVIEW_CHARS)


def _dates(event: Event) -> tuple[str, str]:
    if event.all_day:  # schema.org's dates are inclusive: the last day, not the day after
        return event.start.date().isoformat(), (event.end - timedelta(days=1)).date().isoformat()
    return event.start.isoformat(), event.end.isoformat()


def event_data(event: Event, page_url: str, image_url: str) -> dict[str, Any]:
    """The schema.org ``Event`` for *event*; *page_url* and *image_url* absolute, or "" to leave them out."""
    start, end = _dates(event)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": start,
        "endDate": end,
        "eventStatus": _SCHEMA + _STATUS[event.status],
    }
    room, online = _known(event.location), event.join_url
    mode = "Mixed" if room and online else "Online" if online else "Offline"
    data["eventAttendanceMode"] = f"{_SCHEMA}{mode}EventAttendanceMode"
    places: list[dict[str, Any]] = []
    if room:
        places.append({"@type": "Place", "name": room, "address": room})
    if online:
        places.append({"@type": "VirtualLocation", "url": online})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    performers = []
    for speaker in event.speakers:
        if not _known(speaker.name):
            continue
        person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
        if speaker.affiliation:
            person["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
        if speaker.url.startswith(("http://", "https://")):
            person["url"] = speaker.url
        performers.append(person)
    if performers:
        data["performer"] = performers
    if event.organizer:
        organizer = {"@type": "Organization", "email": event.organizer.email}
        data["organizer"] = {**organizer, "name": event.organizer.name} if event.organizer.name else organizer
    if image_url:
        data["image"] = image_url
    if page_url:
        data["url"] = page_url
    description = plain_abstract(event)
    if description:
        data["description"] = _cut(description, DESCRIPTION_CHARS)
    return data


def script_text(data: Any) -> str:
    """JSON for inside ``<script type="application/ld+json">``: no ``<``, ``>`` or ``&`` left to end it."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
