"""The one place the clock is read.

Everything that depends on "now" (the upcoming/past split of indexes) asks
:func:`build_now` once per build, so a build is consistent with itself, and
``seminars_now`` makes it reproducible. ``SOURCE_DATE_EPOCH``, the
reproducible-builds stand-in for file times, is read in :mod:`.environment`.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from .environment import source_date_epoch  # read, with the other variables, in environment.py
from .times import TimeError, parse_datetime

__all__ = ["build_now", "source_date_epoch"]


def build_now(setting: str) -> datetime:
    """``seminars_now`` as an aware UTC datetime, else the current time."""
    if setting:
        try:
            moment = parse_datetime(setting, UTC)
        except TimeError:
            pass  # reported once by config validation; fall back to the clock
        else:
            if not isinstance(moment, datetime):
                moment = datetime.combine(moment, time(), tzinfo=UTC)
            return moment.astimezone(UTC)
    return datetime.now(UTC)
