"""The one place the clock is read.

Everything that depends on "now" (the upcoming/past split of indexes) asks
:func:`build_now` once per build, so a build is consistent with itself, and
``seminars_now`` makes it reproducible. ``SOURCE_DATE_EPOCH``, the
reproducible-builds stand-in for file times, is read here too.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time

from .times import TimeError, parse_datetime


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


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/), if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None
