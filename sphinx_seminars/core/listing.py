"""Which talks an index shows, in what order and groups. Pure: no Sphinx, no clock.

The Sphinx layer passes the talks and "now" in; the same rules are repeated
in the browser by ``static/sphinx-seminars.js`` (a talk is past once it has
ended), which only moves rows between the parts built here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from . import localdates
from .model import Event

When = Literal["upcoming", "past"]
WHEN_CHOICES = ("all", "upcoming", "past")
ORDER_CHOICES = ("default", "ascending", "descending")
GROUP_CHOICES = ("none", "year", "month")


@dataclasses.dataclass(frozen=True)
class Query:
    """The options of one ``seminar-index``."""

    series: frozenset[str] = frozenset()  #: any of these series (case-insensitive); empty: all
    tags: frozenset[str] = frozenset()  #: any of these tags (case-insensitive); empty: all
    when: str = "all"
    order: str = "default"  #: default: upcoming soonest first, past newest first
    limit: int | None = None  #: at most this many talks in each part
    group_by: str = "none"


@dataclasses.dataclass(frozen=True)
class Group:
    key: str  #: "" when not grouped, "2024" or "2024-05"
    label: str  #: "", "2024" or "May 2024"
    events: tuple[Event, ...]


@dataclasses.dataclass(frozen=True)
class Part:
    when: When
    groups: tuple[Group, ...]

    @property
    def empty(self) -> bool:
        return not any(group.events for group in self.groups)


def is_past(event: Event, now: datetime) -> bool:
    """A talk is upcoming until it has ended."""
    return event.end <= now


def group_key(event: Event, group_by: str, locale: str = "") -> tuple[str, str]:
    """(key, label) of the group *event* falls in, by its local start date; month names in *locale*
    (a Babel locale, "" for English: see :mod:`.localdates`)."""
    if group_by == "year":
        return str(event.start.year), str(event.start.year)
    if group_by == "month":
        return f"{event.start.year:04d}-{event.start.month:02d}", localdates.month(event.start, locale)
    return "", ""


def matches(event: Event, query: Query) -> bool:
    if query.series and event.series.casefold() not in query.series:
        return False
    return not query.tags or any(tag.casefold() in query.tags for tag in event.tags)


def build_listing(events: Iterable[Event], now: datetime, query: Query, locale: str = "") -> list[Part]:
    """The parts (upcoming, then past) an index shows; a part is present even when empty (groups'
    month names in *locale*)."""
    chosen = [event for event in events if matches(event, query)]
    wanted: list[When] = ["upcoming", "past"] if query.when == "all" else [query.when]  # type: ignore[list-item]
    parts = []
    for when in wanted:
        selected = [e for e in chosen if is_past(e, now) == (when == "past")]
        descending = query.order == "descending" or (query.order == "default" and when == "past")
        selected.sort(key=lambda e: (e.start, e.id), reverse=descending)
        if query.limit is not None:
            selected = selected[: query.limit]
        parts.append(Part(when, _grouped(selected, query.group_by, locale)))
    return parts


def _grouped(events: list[Event], group_by: str, locale: str) -> tuple[Group, ...]:
    groups: list[Group] = []
    for event in events:
        key, label = group_key(event, group_by, locale)
        if groups and groups[-1].key == key:
            groups[-1] = dataclasses.replace(groups[-1], events=(*groups[-1].events, event))
        else:
            groups.append(Group(key, label, (event,)))
    return tuple(groups)
