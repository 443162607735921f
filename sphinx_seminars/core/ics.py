"""Events to iCalendar bytes, with icalendar. No Sphinx here.

Two things here are deliberate, for real calendar clients:

* VTIMEZONEs are built from the zone's own transitions and written with
  ``RRULE`` (one observance a rule, limited to the years the talks span),
  not with the comma-separated ``RDATE`` lists of icalendar's
  ``add_missing_timezones()``: Mozilla's ical.js (Thunderbird) misreads those
  and puts a London talk in November an hour early.
* Nothing depends on the clock: DTSTAMP and LAST-MODIFIED come from the event
  (see :attr:`.Event.updated`), so two builds give the same bytes.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import icalendar

from .. import __version__
from .labels import ENGLISH, CalendarLabels
from .model import Event, Status, entry_event, talk_entries
from .richtext import to_plain_text
from .times import local_time_problem, zone

PRODID = f"-//sphinx-seminars//sphinx-seminars {__version__}//EN"
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclasses.dataclass(frozen=True)
class FeedInfo:
    """Calendar-level properties of a subscribable feed (all optional)."""

    name: str = ""
    description: str = ""
    url: str = ""  #: where the feed itself is published (SOURCE, URL)
    uid: str = ""
    refresh: timedelta = timedelta(hours=12)


def calendar_bytes(
    events: Iterable[Event],
    *,
    uid_domain: str,
    page_urls: Mapping[str, str] | None = None,
    feed: FeedInfo | None = None,
    entries: bool = True,
    labels: CalendarLabels = ENGLISH,
) -> bytes:
    """One VCALENDAR holding *events*, sorted by start then UID.

    With *entries*, each talk of an event's timetable is a VEVENT of its own
    after the event's (see :func:`with_entries`). *page_urls* maps event ids
    (and ``<event-id>/<entry-id>``) to the URL of the page that shows the talk
    (absolute when the site's base URL is known). *labels* are the words around the talks' own text
    (DESCRIPTION's "Speaker:", statuses...) in the site's language.
    """
    page_urls = page_urls or {}
    listed = with_entries(events) if entries else list(events)
    ordered = sorted(listed, key=lambda e: (e.start.astimezone(UTC), event_uid(e, uid_domain)))
    # The same bytes as building one icalendar.Calendar and serialising it, but each part is
    # serialised once: a talk goes into its own file and two feeds, a zone into every file.
    # RFC 5546 wants an ORGANIZER in every VEVENT of a METHOD:PUBLISH calendar; without one
    # known for each talk the file is a plain RFC 5545 calendar, with no METHOD (docs/calendars.md)
    parts = [_head(feed, all(event.organizer for event in ordered)).removesuffix(_END)]
    parts += [_vtimezone_bytes(name, first, last) for name, (first, last) in sorted(_zone_years(ordered).items())]
    parts += [vevent_bytes(event, uid_domain, page_urls.get(event.id, ""), labels) for event in ordered]
    parts.append(_END)
    return b"".join(parts)


_END = b"END:VCALENDAR\r\n"

#: a VEVENT is made from these: the event, the UID domain, the page URL and the labels' language
VeventKey = tuple[Event, str, str, CalendarLabels]
#: serialised VEVENTs by :data:`VeventKey`; writers.py keeps them between builds
#: (a build that changes one talk rewrites the feeds from them) and empties this after each build
vevent_cache: dict[VeventKey, bytes] = {}


def vevent_bytes(event: Event, uid_domain: str, page_url: str, labels: CalendarLabels = ENGLISH) -> bytes:
    key = (event, uid_domain, page_url, labels)
    cached = vevent_cache.get(key)
    if cached is None:
        cached = vevent_cache[key] = serialise(_vevent(event, uid_domain, page_url, labels))
    return cached


def serialise(component: icalendar.cal.Component) -> bytes:
    """The bytes of ``component.to_ical()``, folded faster.

    icalendar writes each content line (names, parameters, escaping); only the
    folding to 75 octets is done here, because icalendar folds character by
    character, which was half the time of writing calendars (a talk's
    description is a thousand characters). :func:`fold` gives the same bytes.
    """
    return b"".join(fold(line) + b"\r\n" for line in component.content_lines() if line)


_FOLD_OCTETS = 74  #: RFC 5545: lines of at most 75 octets; icalendar folds at 74 (the space counts)
_ESCAPES = frozenset(b"\\^")  #: a TEXT backslash escape or an RFC 6868 caret escape


def fold(line: str) -> bytes:
    """*line* folded as icalendar folds it: whole characters, an escape never split from its letter."""
    data = line.encode("utf-8")
    if len(data) <= _FOLD_OCTETS:
        return data
    pieces = []
    start = 0
    while len(data) - start > _FOLD_OCTETS:
        cut = start + _FOLD_OCTETS
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        if data[cut - 1] in _ESCAPES:  # an escape such as \n or ^n stays with its letter
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


@lru_cache(maxsize=64)
def _head(feed: FeedInfo | None, publish: bool) -> bytes:
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if publish:
        cal.add("METHOD", "PUBLISH")
    if feed:
        _add_feed_properties(cal, feed)
    return serialise(cal)


@lru_cache(maxsize=128)
def _vtimezone_bytes(zone_name: str, first_year: int, last_year: int) -> bytes:
    return serialise(vtimezone(zone_name, first_year, last_year))


def event_uid(event: Event, uid_domain: str) -> str:
    """Stable and unique: from the event id and the site's domain, never the time.

    An entry of a timetable (id ``<event-id>/<entry-id>``) is ``<event-id>--<entry-id>@<domain>``:
    ids are slugs, which never hold two dashes in a row.
    """
    return f"{event.id.replace('/', '--')}@{uid_domain}"


def with_entries(events: Iterable[Event]) -> list[Event]:
    """*events*, each followed by the talks of its timetable as events of their own (breaks left out)."""
    listed = []
    for event in events:
        listed.append(event)
        listed += [entry_event(event, entry) for entry in talk_entries(event)]
    return listed


def _add_feed_properties(cal: icalendar.Calendar, feed: FeedInfo) -> None:
    # As vText: icalendar knows neither NAME (RFC 7986) nor the X-WR- names, and would write their
    # commas and semicolons unescaped; vobject then cuts "Analysis, Probability" at the comma.
    if feed.name:
        cal.add("NAME", icalendar.vText(feed.name))
        cal.add("X-WR-CALNAME", icalendar.vText(feed.name))
    if feed.description:
        cal.add("DESCRIPTION", feed.description)
        cal.add("X-WR-CALDESC", icalendar.vText(feed.description))
    if feed.uid:
        cal.add("UID", feed.uid)
    if feed.url:
        cal.add("URL", feed.url)
        cal.add("SOURCE", feed.url, parameters={"VALUE": "URI"})
    cal.add("REFRESH-INTERVAL", feed.refresh, parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", icalendar.vDuration(feed.refresh))  # unknown to icalendar: say the type


def _zone_years(events: Iterable[Event]) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    for event in events:
        if not event.timezone or event.timezone == "UTC" or event.all_day:
            continue
        years = (event.start.year, event.end.year)
        first, last = spans.get(event.timezone, years)
        spans[event.timezone] = (min(first, years[0]), max(last, years[1]))
    return spans


def _vevent(event: Event, uid_domain: str, page_url: str, labels: CalendarLabels = ENGLISH) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("UID", event_uid(event, uid_domain))
    vevent.add("DTSTAMP", event.updated)
    vevent.add("LAST-MODIFIED", event.updated)
    if event.all_day:
        vevent.add("DTSTART", event.start.date())
        vevent.add("DTEND", event.end.date())
    else:
        vevent.add("DTSTART", _ical_time(event, event.start))
        vevent.add("DTEND", _ical_time(event, event.end))
    # Calendars show SUMMARY everywhere and STATUS hardly anywhere: a talk that is off says so in its title.
    title = labels.shown(event.title)
    vevent.add("SUMMARY", f"{labels.status(event.status)}: {title}" if event.called_off else title)
    description = _description(event, page_url, labels)
    if description:  # an empty DESCRIPTION is an error to libical (Evolution)
        vevent.add("DESCRIPTION", description)
    if event.location:
        vevent.add("LOCATION", labels.shown(event.location))
    if page_url:
        vevent.add("URL", page_url)
    if event.join_url:
        vevent.add(
            "CONFERENCE",
            event.join_url,
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": labels.join_the_talk},
        )
    if event.organizer:
        cn = {"CN": event.organizer.name} if event.organizer.name else {}
        vevent.add("ORGANIZER", f"mailto:{event.organizer.email}", parameters=cn)
    for link in event.links:  # slides, video...: RFC 5545 attachments by reference
        vevent.add("ATTACH", link.url)
    if "://" in event.image:  # RFC 7986; the writer gives a local picture its published URL
        vevent.add("IMAGE", event.image, parameters={"VALUE": "URI", "DISPLAY": "BADGE"})
    if event.tags:
        vevent.add("CATEGORIES", list(event.tags))
    vevent.add("STATUS", _STATUS[event.status])
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("TRANSP", "TRANSPARENT" if event.called_off else "OPAQUE")
    parent, _, entry = event.id.partition("/")
    if entry:  # a talk of a timetable: RELATED-TO its event (RELTYPE=PARENT is the default)
        vevent.add("RELATED-TO", f"{parent}@{uid_domain}")
    return vevent


#: RFC 5545 has no "postponed": the slot is not happening, so CANCELLED (docs/calendars.md says why)
_STATUS = {
    Status.CONFIRMED: "CONFIRMED",
    Status.TENTATIVE: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
    Status.POSTPONED: "CANCELLED",
}


def _ical_time(event: Event, moment: datetime) -> datetime:
    """With its IANA zone (TZID) when it has one, else in UTC.

    A wall time the autumn fold makes ambiguous is written in UTC: RFC 5545
    reads an ambiguous TZID time as its first occurrence, which may not be ours.
    """
    if event.timezone and event.timezone != "UTC":
        local = moment.astimezone(zone(event.timezone))
        if local_time_problem(local) != "fold":
            return local
    return moment.astimezone(UTC)


def _description(event: Event, page_url: str, labels: CalendarLabels) -> str:
    parts: list[str] = []
    if event.speakers:
        people = "; ".join(
            f"{labels.shown(s.name)} ({s.affiliation})" if s.affiliation else labels.shown(s.name)
            for s in event.speakers
        )
        parts.append(f"{labels.speakers if len(event.speakers) > 1 else labels.speaker}: {people}")
    abstract = to_plain_text(event.abstract)
    if abstract:
        parts.append(abstract)
    tail = []
    if event.join_url:
        tail.append(f"{labels.join_online}: {event.join_url}")
    for link in event.links:
        tail.append(f"{labels.link(link)}: {link.url}")
    if page_url:
        tail.append(f"{labels.details}: {page_url}")
    if tail:
        parts.append("\n".join(tail))
    return "\n\n".join(parts)


# -- VTIMEZONE -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Transition:
    at: datetime  #: UTC instant
    offset_from: timedelta
    offset_to: timedelta
    name: str
    dst: bool

    @property
    def local(self) -> datetime:
        """Wall-clock time of the change, as the clock read just before it (RFC 5545)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    def yearly_rule(self) -> tuple[int, str]:
        """(BYMONTH, BYDAY) of the yearly rule that yields this transition, e.g. (10, "-1SU")."""
        local = self.local
        last_day = calendar.monthrange(local.year, local.month)[1]
        nth = -1 if local.day + 7 > last_day else (local.day - 1) // 7 + 1
        return local.month, f"{nth}{_WEEKDAY_CODES[local.weekday()]}"

    def rule_key(self) -> tuple[object, ...]:
        """Transitions with equal keys in consecutive years are one RRULE."""
        return (self.dst, self.offset_from, self.offset_to, self.name, self.local.time(), *self.yearly_rule())


@lru_cache(maxsize=128)
def vtimezone(zone_name: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A VTIMEZONE for *zone_name* valid from *first_year* through *last_year*.

    Cached: the same component is shared by every calendar that needs it, so
    treat it as read-only.
    """
    tz = zone(zone_name)
    window_start = datetime(first_year, 1, 1, tzinfo=UTC) - timedelta(days=2)
    window_end = datetime(last_year + 1, 1, 1, tzinfo=UTC) + timedelta(days=2)
    initial = window_start.astimezone(tz)
    component = icalendar.Timezone()
    component.add("TZID", zone_name)
    # The state in force when the window opens, as a first observance.
    opening = _Transition(
        window_start,
        initial.utcoffset() or timedelta(0),
        initial.utcoffset() or timedelta(0),
        initial.tzname() or zone_name,
        bool(initial.dst()),
    )
    for group in _rule_groups([opening, *_transitions(tz, window_start, window_end)]):
        component.add_component(_observance(group))
    return component


def _state(tz: object, instant: datetime) -> tuple[timedelta | None, timedelta | None, str | None]:
    local = instant.astimezone(tz)  # type: ignore[arg-type]
    return local.utcoffset(), local.dst(), local.tzname()


def _transitions(tz: object, start: datetime, end: datetime) -> list[_Transition]:
    """Every change of offset, name or DST flag between *start* and *end*."""
    found: list[_Transition] = []
    step = timedelta(days=1)
    before, state = start, _state(tz, start)
    while before < end:
        after = before + step
        new_state = _state(tz, after)
        if new_state != state:
            low, high = before, after  # the change happens in (low, high]
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(tz, middle) == state:
                    low = middle
                else:
                    high = middle
            instant = high.replace(microsecond=0)
            offset_to, dst, name = _state(tz, instant)
            found.append(
                _Transition(instant, state[0] or timedelta(0), offset_to or timedelta(0), name or "", bool(dst))
            )
            state = new_state
        before = after
    return found


def _rule_groups(transitions: list[_Transition]) -> list[list[_Transition]]:
    """Group transitions that repeat the same yearly rule in consecutive years."""
    groups: list[list[_Transition]] = []
    open_by_key: dict[tuple[object, ...], list[_Transition]] = {}
    for transition in transitions:
        key = transition.rule_key()
        group = open_by_key.get(key)
        if group and group[-1].local.year == transition.local.year - 1:
            group.append(transition)
        else:
            group = [transition]
            groups.append(group)
            open_by_key[key] = group
    return groups


def _observance(group: list[_Transition]) -> icalendar.cal.Component:
    first = group[0]
    observance = icalendar.TimezoneDaylight() if first.dst else icalendar.TimezoneStandard()
    observance.add("DTSTART", first.local)
    observance.add("TZOFFSETFROM", first.offset_from)
    observance.add("TZOFFSETTO", first.offset_to)
    observance.add("TZNAME", first.name)
    if len(group) > 1:
        month, weekday = first.yearly_rule()
        # UNTIL a day after the last change, not at its instant: vobject reads a UTC UNTIL as local
        # time, and east of UTC that puts the last change after UNTIL (a talk in the final summer
        # of a feed an hour early). A yearly rule has no other occurrence in that day.
        until = group[-1].at + timedelta(days=1)
        observance.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": weekday, "UNTIL": until})
    return observance
