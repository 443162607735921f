"""Reading times as people write them, and showing them back. No Sphinx here."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: the years a talk may fall in; outside them a date is a typo (and 9999 overflows arithmetic)
FIRST_YEAR, LAST_YEAR = 1900, 2999

#: zone abbreviations as people write them ("16:00 BST", "timezone: EST"): the zone each most
#: likely names ("" for UTC and GMT, which are zones already, and for ambiguous ones) and every
#: UTC offset in minutes it can mean
_ABBREVIATIONS: dict[str, tuple[str, tuple[int, ...]]] = {
    "UTC": ("", (0,)), "GMT": ("", (0,)),
    "BST": ("Europe/London", (60,)), "WET": ("Europe/Lisbon", (0,)), "WEST": ("Europe/Lisbon", (60,)),
    "CET": ("Europe/Berlin", (60,)), "CEST": ("Europe/Berlin", (120,)), "EET": ("Europe/Athens", (120,)),
    "EEST": ("Europe/Athens", (180,)), "MSK": ("Europe/Moscow", (180,)),
    "EST": ("America/New_York", (-300,)), "EDT": ("America/New_York", (-240,)),
    "CDT": ("America/Chicago", (-300,)), "MST": ("America/Denver", (-420,)), "MDT": ("America/Denver", (-360,)),
    "PST": ("America/Los_Angeles", (-480,)), "PDT": ("America/Los_Angeles", (-420,)),
    "AKST": ("America/Anchorage", (-540,)), "AKDT": ("America/Anchorage", (-480,)),
    "HST": ("Pacific/Honolulu", (-600,)), "JST": ("Asia/Tokyo", (540,)), "KST": ("Asia/Seoul", (540,)),
    "AEST": ("Australia/Sydney", (600,)), "AEDT": ("Australia/Sydney", (660,)),
    "ACST": ("Australia/Adelaide", (570,)), "ACDT": ("Australia/Adelaide", (630,)),
    "AWST": ("Australia/Perth", (480,)), "NZST": ("Pacific/Auckland", (720,)), "NZDT": ("Pacific/Auckland", (780,)),
    "IST": ("", (330, 60, 120)),  # India, Ireland or Israel
    "CST": ("", (-360, 480, -300)),  # US Central, China or Cuba
}  # fmt: skip


def _abbreviation_offsets(name: str) -> tuple[timedelta, ...]:
    """Every UTC offset the abbreviation *name* can mean; () if it is not one."""
    _, minutes = _ABBREVIATIONS.get(name.upper(), ("", ()))
    return tuple(timedelta(minutes=m) for m in minutes)


# "13:00", "13:00:30.5", "1 pm", "11:45am", "12:00 P.M.": a clock time, 24- or 12-hour
_CLOCK_PART = r"(?P<time>\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?)\s*(?P<meridiem>[AaPp]\.?\s?[Mm]\.?(?![A-Za-z]))?"
_OFFSET_PART = r"(?P<offset>[Zz]|[+-]\d{2}:?\d{2}|[A-Za-z]{3,4})"
# "2016-10-28 13:00", "2016-10-28T13:00:00+01:00", "2016-10-28 13:00Z", "2016-10-28 13:00 BST", "2016-10-28",
# "2016-10-28 1:30 PM"
_DATETIME = re.compile(
    rf"^\s*(?P<date>[+-]?\d{{1,6}}-\d{{1,2}}-\d{{1,2}})(?:[T\s]+{_CLOCK_PART}\s*{_OFFSET_PART}?)?\s*$"
)
_CLOCK = re.compile(rf"^\s*{_CLOCK_PART}\s*{_OFFSET_PART}?\s*$")


def is_clock(text: str) -> bool:
    """Whether *text* is a clock time alone ("16:45", "2 pm", "16:45 BST"), without a date."""
    match = _CLOCK.match(text) if len(text) <= 40 else None
    return bool(match and (":" in match["time"] or match["meridiem"]))


class TimeError(ValueError):
    """A time string that cannot be read; the message says why."""


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called *name*; :class:`TimeError` if there is none.

    Abbreviations are refused here even where tzdata still has a legacy zone
    of that name ("EST" is a fixed UTC-5 all year): see :func:`zone_for_abbreviation`.
    """
    if name.upper() in _ABBREVIATIONS and name.upper() not in ("UTC", "GMT"):
        raise TimeError(
            f"{name!r} is a zone abbreviation, not a time zone (expected an IANA name such as 'Europe/London')"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:  # OSError: "Europe" is a folder
        raise TimeError(f"unknown time zone {name!r} (expected an IANA name such as 'Europe/London')") from exc


def zone_for_abbreviation(name: str) -> str:
    """The IANA zone an abbreviation such as 'BST' most likely means, or "" if it is ambiguous or unknown."""
    return _ABBREVIATIONS.get(name.strip().upper(), ("", ()))[0]


def local_time_problem(moment: datetime) -> str:
    """Why a wall-clock time in a zone is doubtful: "" if fine, else 'gap' or 'fold'.

    ``zoneinfo`` reads a time in the spring-forward gap with the offset before
    the change, and a time in the autumn fold as its first occurrence (fold=0).
    """
    if not isinstance(moment.tzinfo, ZoneInfo):
        return ""
    if moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset():
        return ""
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return "gap" if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None) else "fold"


class WrittenOffset(tzinfo):
    """The offset written after a time ('+01:00', 'Z', 'BST'), with every offset it can mean.

    Only :func:`parse_datetime` makes these and :func:`settle` replaces them,
    so they never reach an :class:`~.model.Event` (which must pickle).
    """

    def __init__(self, offsets: tuple[timedelta, ...], written: str) -> None:
        self.offsets = offsets
        self.written = written

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self.offsets[0]

    def dst(self, dt: datetime | None) -> None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return self.written


def parse_datetime(value: object, default_zone: tzinfo) -> datetime | date:
    """Read a start or end time.

    Returns an aware :class:`datetime` (naive times take *default_zone*; a
    written offset or abbreviation gives a :class:`WrittenOffset` for
    :func:`settle` to place), or a :class:`date` when only a day was given.
    """
    if isinstance(value, (date, datetime)):
        _check_year(value.year, str(value))
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=default_zone)
        return value
    if not isinstance(value, str):
        raise TimeError(f"expected a date and time such as '2024-05-01 16:00', got {type(value).__name__}")
    match = _DATETIME.match(value) if len(value) <= 100 else None
    if not match:
        raise TimeError(f"cannot read {value[:80]!r} as a date and time (expected e.g. '2024-05-01 16:00')")
    year, month, day_of_month = match["date"].rsplit("-", 2)
    _check_year(int(year), value)
    try:
        day = date(int(year), int(month), int(day_of_month))
    except ValueError as exc:
        raise TimeError(f"cannot read {value!r}: {exc}") from None
    if not match["time"]:
        return day
    at = _clock(match["time"], match["meridiem"], value)
    moment = datetime.combine(day, at)
    written = match["offset"]
    if not written:
        return moment.replace(tzinfo=default_zone)
    return moment.replace(tzinfo=WrittenOffset(_offsets(written, value), written))


def _clock(written: str, meridiem: str | None, value: str) -> time:
    """The time of day *written* ("9:30", "13:00:05"), on the 12-hour clock when *meridiem* ("pm") is given."""
    hour_text, _, rest = written.partition(":")
    hour = int(hour_text)
    if meridiem:
        if not 1 <= hour <= 12:
            raise TimeError(f"cannot read {value!r}: {hour} is not an hour of the 12-hour clock (1 to 12 am or pm)")
        hour = hour % 12 + (12 if meridiem[0] in "Pp" else 0)  # 12 am is midnight, 12 pm noon
    elif not rest:  # "2024-05-01 16": a number, not a time
        raise TimeError(f"cannot read {value[:80]!r} as a date and time (expected e.g. '2024-05-01 16:00')")
    try:
        return time.fromisoformat(f"{hour:02d}:{rest or '00'}")
    except ValueError as exc:
        raise TimeError(f"cannot read {value!r}: {exc}") from None


def _check_year(year: int, value: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise TimeError(f"the year of {value!r} is outside {FIRST_YEAR}\u2013{LAST_YEAR}")


def _offsets(written: str, value: str) -> tuple[timedelta, ...]:
    if written.upper() == "Z":
        return (timedelta(0),)
    if written[0] in "+-":
        digits = written[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset >= timedelta(hours=24) or int(digits[2:]) >= 60:
            raise TimeError(f"cannot read {value!r}: the offset {written!r} is not a UTC offset")
        return (-offset if written[0] == "-" else offset,)
    offsets = _abbreviation_offsets(written)
    if not offsets:
        raise TimeError(
            f"cannot read {value!r}: unknown zone abbreviation {written!r} (write an offset such as '+01:00')"
        )
    return offsets


def settle(moment: datetime, home: ZoneInfo) -> tuple[datetime, str]:
    """Place *moment* in the event's zone *home* where that keeps its meaning; say what was doubtful.

    - a written offset or abbreviation that *home* uses at that moment: the
      same instant, shown in *home* (so it reads "BST", not "UTC+01:00");
    - an abbreviation of *home* in the wrong season ("BST" in December) or an
      ambiguous one ("IST"): the wall time in *home*, with a note;
    - any other offset: kept as written (a talk given in another zone);
    - a wall time in *home*'s spring-forward gap: moved on by the gap; one in
      the autumn fold: its first occurrence; both with a note.
    """
    written = moment.tzinfo
    wall = moment.replace(tzinfo=None)
    if isinstance(written, WrittenOffset):
        for fold in (0, 1):
            local = wall.replace(tzinfo=home, fold=fold)
            if local.utcoffset() in written.offsets and local_time_problem(local) != "gap":
                return local, ""
        label = written.written
        if label[0].isalpha() and label.upper() not in ("UTC", "GMT", "Z"):
            meant = zone_for_abbreviation(label)
            if meant == home.key or len(written.offsets) > 1:
                local, note = settle(wall.replace(tzinfo=home), home)
                why = "is ambiguous" if len(written.offsets) > 1 else f"is not in use in {home.key} on that day"
                return local, note or f"the abbreviation {label!r} {why}; reading the time in {home.key}"
            return moment.replace(tzinfo=timezone(written.offsets[0], label.upper())), ""
        return moment.replace(tzinfo=timezone(written.offsets[0])), ""
    if not isinstance(written, ZoneInfo):
        return moment, ""
    problem = local_time_problem(moment)
    if problem == "gap":
        moved = moment.astimezone(UTC).astimezone(written)
        return moved, (
            f"{wall:%Y-%m-%d %H:%M} does not exist in {written.key} (the clocks go forward); "
            f"using {format_clock(moved)} {zone_label(moved)}"
        )
    if problem == "fold":
        first = moment.replace(fold=0)
        return first, (
            f"{wall:%Y-%m-%d %H:%M} happens twice in {written.key} (the clocks go back); "
            f"using the first, {format_clock(first)} {zone_label(first)}"
        )
    return moment, ""


def format_day(moment: datetime | date) -> str:
    """'Friday 28 October 2016'."""
    return f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def format_clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def zone_label(moment: datetime) -> str:
    """The abbreviation a reader knows ('BST', 'CET'), else the UTC offset."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def format_span(start: datetime, end: datetime) -> str:
    """'13:00–14:00 BST', or with the end day when the talk runs past midnight."""
    label = zone_label(start)
    if end.date() == start.date():
        return f"{format_clock(start)}\u2013{format_clock(end)} {label}"
    return f"{format_clock(start)} {label} \u2013 {format_day(end)} {format_clock(end)} {zone_label(end)}"
