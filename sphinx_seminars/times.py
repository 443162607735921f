"""Reading times as people write them, and showing them back. No Sphinx here."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# "2016-10-28 13:00", "2016-10-28T13:00:00+01:00", "2016-10-28 13:00Z", "2016-10-28"
_DATETIME = re.compile(
    r"""^\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})
        (?:[T\s]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*
           (?P<offset>Z|[+-]\d{2}:?\d{2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


class TimeError(ValueError):
    """A time string that cannot be read; the message says why."""


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called *name*; :class:`TimeError` if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise TimeError(f"unknown time zone {name!r} (expected an IANA name such as 'Europe/London')") from exc


def parse_datetime(value: object, default_zone: tzinfo) -> datetime | date:
    """Read a start or end time.

    Returns an aware :class:`datetime` (naive times take *default_zone*), or a
    :class:`date` when only a day was given.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=default_zone)
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TimeError(f"expected a date and time such as '2024-05-01 16:00', got {type(value).__name__}")
    match = _DATETIME.match(value)
    if not match:
        raise TimeError(f"cannot read {value!r} as a date and time (expected e.g. '2024-05-01 16:00')")
    try:
        day = date.fromisoformat(_pad_date(match["date"]))
    except ValueError as exc:
        raise TimeError(f"cannot read {value!r}: {exc}") from None
    if not match["time"]:
        return day
    clock = match["time"]
    if len(clock.split(":")[0]) == 1:
        clock = "0" + clock
    try:
        at = time.fromisoformat(clock)
    except ValueError as exc:
        raise TimeError(f"cannot read {value!r}: {exc}") from None
    moment = datetime.combine(day, at)
    offset = match["offset"]
    if offset:
        return datetime.fromisoformat(f"{moment.isoformat()}{'+00:00' if offset.upper() == 'Z' else offset}")
    return moment.replace(tzinfo=default_zone)


def _pad_date(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


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
