"""Dates and times in the reader's language, with Babel (which Sphinx depends on). No Sphinx here.

``locale`` is a Babel locale name (``'de'``, ``'pt_BR'``), or "" for the extension's own English
(:mod:`.times`), which stays the default and byte-for-byte what it was.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from . import times


@lru_cache(maxsize=16)
def _locale(name: str) -> object | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return None


def babel_locale(language: str | None) -> str:
    """The Babel locale for Sphinx's ``language``: "" for English, unset or unknown."""
    if not language or language.split("_")[0].split("-")[0] == "en":
        return ""
    name = language.replace("-", "_")
    return name if _locale(name) is not None else ""


def day(moment: datetime | date, locale: str) -> str:
    """'Friday 28 October 2016'; 'Freitag, 28. Oktober 2016'; '2016年10月28日金曜日'."""
    if not locale:
        return times.format_day(moment)
    from babel.dates import format_date

    return format_date(moment if not isinstance(moment, datetime) else moment.date(), "full", locale=locale)


def short_day(moment: datetime | date, locale: str) -> str:
    """'Fri 28 Oct 2016' (index rows); 'Fr., 28. Okt. 2016'."""
    if not locale:
        return f"{times.WEEKDAYS[moment.weekday()][:3]} {moment.day} {times.MONTHS[moment.month - 1][:3]} {moment.year}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMEd", moment if not isinstance(moment, datetime) else moment.date(), locale=locale)


def month(moment: datetime | date, locale: str) -> str:
    """'July 2025' (an index's month heading); 'Juli 2025', 'juillet 2025', '2025年7月'."""
    if not locale:
        return f"{times.MONTHS[moment.month - 1]} {moment.year}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", moment if not isinstance(moment, datetime) else moment.date(), locale=locale)


def clock(moment: datetime, locale: str) -> str:
    """'13:00'; the locale's own clock (12- or 24-hour) otherwise."""
    if not locale:
        return times.format_clock(moment)
    from babel.dates import format_time

    return format_time(moment.replace(tzinfo=None), "short", locale=locale)  # the wall time, as it is


def span(start: datetime, end: datetime, locale: str) -> str:
    """'13:00–14:00 BST', or with the end day when the talk runs past midnight."""
    if not locale:
        return times.format_span(start, end)
    label = times.zone_label(start)
    if end.date() == start.date():
        return f"{clock(start, locale)}\u2013{clock(end, locale)} {label}"
    return f"{clock(start, locale)} {label} \u2013 {day(end, locale)} {clock(end, locale)} {times.zone_label(end)}"
