"""One-click links into calendar services, built at build time. No Sphinx here.

A talk gets links that open the service's "new event" form already filled in
(Google Calendar's event template, Outlook.com's and Microsoft 365's compose
deeplinks); a feed gets links that subscribe to it (webcal, Google Calendar,
Outlook.com, Microsoft 365). Nothing here runs in the reader's browser and no
third-party script is loaded: these are plain links.

Instants are always written in UTC (``Z``), so no service has to guess a zone;
Google is also told the talk's own zone (``ctz``), which it shows the event in.
All-day talks are written as dates, the end exclusive as in iCalendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from .model import Event

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r"
#: service label -> its host (the compose and add-from-web paths are the same on both)
OUTLOOK_HOSTS = {"Outlook.com": "https://outlook.live.com", "Microsoft 365": "https://outlook.office.com"}
OUTLOOK_COMPOSE = "/calendar/0/action/compose"
OUTLOOK_SUBSCRIBE = "/calendar/0/addfromweb"
#: the details of a prefilled event are cut here: links must stay well under the length browsers and services take
MAX_DETAILS = 1000


def _query(base: str, params: Mapping[str, str]) -> str:
    # %20, not "+", for spaces: Outlook shows a "+" literally
    return f"{base}?{urlencode({k: v for k, v in params.items() if v}, quote_via=quote)}"


def details_text(event: Event, page_url: str) -> str:
    """Who speaks, where to join and the talk's page: the prefilled event's description."""
    lines = []
    if event.speakers:
        people = "; ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in event.speakers)
        lines.append(f"Speaker{'s' if len(event.speakers) > 1 else ''}: {people}")
    if event.join_url:
        lines.append(f"Join online: {event.join_url}")
    if page_url:
        lines.append(f"Details: {page_url}")
    text = "\n".join(lines)
    return text if len(text) <= MAX_DETAILS else text[: MAX_DETAILS - 1] + "\u2026"


def _location(event: Event) -> str:
    """The room, else the join link (services show the location as the place to go)."""
    return event.location or event.join_url


def _utc(moment: datetime, pattern: str) -> str:
    return moment.astimezone(UTC).strftime(pattern)


def google_link(event: Event, details: str) -> str:
    """Google Calendar's event template: ``dates`` in UTC (or as dates for an all-day talk), ``ctz`` its zone."""
    if event.all_day:
        dates = f"{event.start:%Y%m%d}/{event.end:%Y%m%d}"
    else:
        dates = f"{_utc(event.start, '%Y%m%dT%H%M%SZ')}/{_utc(event.end, '%Y%m%dT%H%M%SZ')}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "ctz": "" if event.all_day else event.timezone,
        "details": details,
        "location": _location(event),
    }
    return _query(GOOGLE_TEMPLATE, params)


def outlook_query(event: Event, details: str) -> str:
    """The query of Outlook's compose deeplink, the same for Outlook.com and Microsoft 365: instants in UTC."""
    if event.all_day:
        start, end = event.start.date().isoformat(), event.end.date().isoformat()
    else:
        start, end = _utc(event.start, "%Y-%m-%dT%H:%M:%SZ"), _utc(event.end, "%Y-%m-%dT%H:%M:%SZ")
    params = {
        "rru": "addevent",
        "subject": event.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if event.all_day else "false",
        "body": details,
        "location": _location(event),
    }
    return _query("", params)


def talk_links(event: Event, page_url: str) -> list[tuple[str, str]]:
    """(label, URL) of each service's prefilled event; none for a talk that is off (its .ics says so)."""
    if event.called_off:
        return []
    details = details_text(event, page_url)
    outlook = outlook_query(event, details)  # one query for both Outlook hosts
    return [("Google Calendar", google_link(event, details))] + [
        (service, host + OUTLOOK_COMPOSE + outlook) for service, host in OUTLOOK_HOSTS.items()
    ]


def webcal(https_url: str) -> str:
    """``webcal://`` form of an http(s) URL: calendar apps subscribe to it rather than import it once."""
    return "webcal://" + https_url.split("://", 1)[1]


def subscribe_links(feed_url: str, name: str) -> list[tuple[str, str]]:
    """(label, URL) of the ways to subscribe to the feed published at the absolute *feed_url*."""
    feed_webcal = webcal(feed_url)
    links = [
        ("Calendar app (webcal)", feed_webcal),
        ("Google Calendar", f"{GOOGLE_SUBSCRIBE}?cid={quote(feed_webcal, safe='')}"),
    ]
    links += [
        (service, _query(host + OUTLOOK_SUBSCRIBE, {"url": feed_webcal, "name": name}))
        for service, host in OUTLOOK_HOSTS.items()
    ]
    links.append(("Feed URL", feed_url))
    return links
