"""The seminar event records: small, immutable, picklable, free of Sphinx.

Everything here is plain data. Loading and validation live in :mod:`.loading`,
rendering in the Sphinx layer, calendar writing in :mod:`.calendar`.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import UTC, datetime


class Markup(enum.Enum):
    """How a piece of rich text (an abstract, a bio) is written."""

    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"
    RST = "rst"


@dataclasses.dataclass(frozen=True)
class RichText:
    """Rich text as written in the event file, with where it starts.

    It is kept as source, not as nodes: the Sphinx layer parses it in the
    context of the page that shows it, and the calendar writer turns it into
    plain text.
    """

    source: str
    markup: Markup
    line: int = 0  #: line of the event file where the text starts (1-based)

    def __bool__(self) -> bool:
        return bool(self.source.strip())


@dataclasses.dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str = ""
    url: str = ""
    image: str = ""  #: path as written in the event file, or an http(s) URL
    image_alt: str = ""
    bio: RichText | None = None

    @property
    def initials(self) -> str:
        """Up to two initials, for the card when there is no photo."""
        words = [w for w in self.name.replace("-", " ").split() if w[:1].isalpha()]
        if not words:
            return "?"
        picked = words[:1] + words[-1:] if len(words) > 1 else words
        return "".join(w[0].upper() for w in picked)


@dataclasses.dataclass(frozen=True)
class Link:
    kind: str  #: "slides", "video", or a free label
    url: str

    @property
    def label(self) -> str:
        """ "Slides"/"Video" for the known kinds; a free label exactly as written."""
        return self.kind.capitalize() if self.kind in ("slides", "video") else self.kind


@dataclasses.dataclass(frozen=True)
class Organizer:
    """Who publishes the talk (calendars' ORGANIZER, schema.org's organizer)."""

    email: str
    name: str = ""


class Status(enum.Enum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"  #: not at this time; a new date is to come

    @property
    def label(self) -> str:
        """How the status is shown: "" for a confirmed talk, else 'Cancelled', 'Postponed'..."""
        return _STATUS_LABELS[self]

    @property
    def called_off(self) -> bool:
        """Not taking place at its time: cancelled, or postponed to a date still to come."""
        return self in (Status.CANCELLED, Status.POSTPONED)


_STATUS_LABELS = {
    Status.CONFIRMED: "",
    Status.TENTATIVE: "To be confirmed",
    Status.CANCELLED: "Cancelled",
    Status.POSTPONED: "Postponed",
}

#: what a title, speaker or location reads when the file says "TBA", "TBD", "To be announced"...
TO_BE_ANNOUNCED = "To be announced"


class EntryKind(enum.Enum):
    """What a slot of a timetable is: a talk (also a panel, a discussion) or a break."""

    TALK = "talk"
    BREAK = "break"  #: coffee, lunch...: shown in the timetable only (no details, calendar entry or link)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One slot of an event's timetable (a workshop's talk, a coffee break).

    What the entry does not set is taken from its event when it is read:
    ``location`` and ``status`` here already hold the event's where the entry
    gave none; the event's zone, join link, series and tags apply as they are.
    """

    id: str  #: unique within its event; the talk is ``<event-id>/<entry-id>`` for the ``seminar`` role
    title: str
    start: datetime
    end: datetime
    kind: EntryKind = EntryKind.TALK
    speakers: tuple[Speaker, ...] = ()
    room: str = ""  #: the room within the event's location, as written ("" when none)
    location: str = ""  #: the entry's own location, else the event's
    status: Status = Status.CONFIRMED
    links: tuple[Link, ...] = ()
    abstract: RichText | None = None
    line: int = 0  #: line of the event file where the entry starts

    @property
    def place(self) -> str:
        """Where, in one line: 'Room 2, Babbage Building', the room alone, or the location."""
        return ", ".join(part for part in (self.room, self.location) if part)

    @property
    def called_off(self) -> bool:
        return self.status.called_off


@dataclasses.dataclass(frozen=True)
class Event:
    """One talk, or one event holding several (:attr:`entries`: a workshop day, a double bill).

    ``start`` and ``end`` are always timezone-aware; ``timezone`` is the IANA
    name they are shown in (or "" when the file gave a bare UTC offset, which
    is then kept in the datetimes themselves).
    """

    id: str
    title: str
    start: datetime
    end: datetime
    timezone: str
    source_path: str
    speakers: tuple[Speaker, ...] = ()
    all_day: bool = False
    location: str = ""
    join_url: str = ""
    series: str = ""
    tags: tuple[str, ...] = ()
    status: Status = Status.CONFIRMED
    links: tuple[Link, ...] = ()
    #: the event file's ``organizer``, else the project's ``seminars_organizer``
    organizer: Organizer | None = None
    abstract: RichText | None = None
    #: the talk's picture (a series logo, a poster): path or http(s) URL, as for a speaker's photo
    image: str = ""
    image_alt: str = ""  #: "" when the file gives none: the title is used
    sequence: int = 0
    #: when the talk's description last changed (UTC); DTSTAMP/LAST-MODIFIED
    updated: datetime = datetime(1970, 1, 1, tzinfo=UTC)
    #: legacy keys kept for reference (old_url, icalendar, calendar_name...)
    legacy: tuple[tuple[str, str], ...] = ()
    #: the timetable, in order of start (then room): talks and breaks
    entries: tuple[Entry, ...] = ()

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError(f"event {self.id!r}: start and end must be timezone-aware")

    @property
    def cancelled(self) -> bool:
        return self.status is Status.CANCELLED

    @property
    def called_off(self) -> bool:
        """Not taking place at its time: cancelled, or postponed to a date still to come."""
        return self.status.called_off

    @property
    def to_be_announced(self) -> tuple[str, ...]:
        """Which of 'title', 'speaker', 'location' the file left to be announced (TBA)."""
        return tuple(
            name
            for name, unknown in (
                ("title", self.title == TO_BE_ANNOUNCED),
                ("speaker", any(s.name == TO_BE_ANNOUNCED for s in self.speakers)),
                ("location", self.location == TO_BE_ANNOUNCED),
            )
            if unknown
        )


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something wrong in an event file, located to the line."""

    subtype: str  #: the warning subtype, as in ``suppress_warnings = ["seminars.<subtype>"]``
    message: str
    line: int | None = None  #: 1-based line in the event file

    def __str__(self) -> str:
        return self.message


def entry_target(event_id: str, entry_id: str) -> str:
    """How the ``seminar`` role and objects.inv name an entry: ``<event-id>/<entry-id>``."""
    return f"{event_id}/{entry_id}"


def entry_event(event: Event, entry: Entry) -> Event:
    """*entry* as a talk of its own (its calendar entry, an index row), with its event's zone, series,
    tags, join link, sequence and stamp; its id is :func:`entry_target`."""
    return dataclasses.replace(
        event,
        id=entry_target(event.id, entry.id),
        title=entry.title,
        start=entry.start,
        end=entry.end,
        all_day=False,
        speakers=entry.speakers,
        location=entry.place,
        status=entry.status,
        links=entry.links,
        abstract=entry.abstract,
        image="",
        image_alt="",
        legacy=(),
        entries=(),
    )


def talk_entries(event: Event) -> tuple[Entry, ...]:
    """The entries that are talks (not breaks): those with details, a calendar entry and a link target."""
    return tuple(entry for entry in event.entries if entry.kind is EntryKind.TALK)


def overlaps(first: Entry, second: Entry) -> bool:
    """Whether two entries share some time (one ending as the other starts does not count)."""
    return first.start < second.end and second.start < first.end
