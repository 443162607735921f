"""A zone abbreviation written on the day the clocks change: settle() in the pure core, no Sphinx.

Expected instants are worked out by hand from the 2024 rules:

- America/New_York: EST (UTC-5) until Sunday 10 March, 02:00 EST (07:00Z), when the
  clocks go forward to 03:00 EDT (UTC-4); back on Sunday 3 November at 02:00 EDT
  (06:00Z) to 01:00 EST, so 01:00-01:59 happens twice.
- Europe/Berlin: CET (UTC+1) until Sunday 31 March, 02:00 CET (01:00Z), when the
  clocks go forward to 03:00 CEST (UTC+2); back on Sunday 27 October at 03:00 CEST
  (01:00Z) to 02:00 CET, so 02:00-02:59 happens twice.
- Europe/Dublin: IST (UTC+1) in summer, back to GMT on Sunday 27 October at 02:00 IST
  (01:00Z), so 01:00-01:59 happens twice. Europe/London: BST until the same instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sphinx_seminars.core.loading import LoadSettings, load_event
from sphinx_seminars.core.times import (
    TimeError,
    format_clock,
    is_clock,
    local_time_problem,
    parse_datetime,
    settle,
    zone,
    zone_label,
)

NEW_YORK, BERLIN, DUBLIN, LONDON = "America/New_York", "Europe/Berlin", "Europe/Dublin", "Europe/London"


def settled(written: str, home_name: str) -> tuple[datetime, str, str, str]:
    """What settle() makes of *written* read in *home_name*: the instant in UTC, its zone, how it is shown, the note."""
    home = zone(home_name)
    moment = parse_datetime(written, home)
    assert isinstance(moment, datetime)
    local, note = settle(moment, home)
    placed = getattr(local.tzinfo, "key", "as written")
    return local.astimezone(UTC), placed, f"{format_clock(local)} {zone_label(local)}", note


def utc(day: int, month: int, hour: int, minute: int) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "home", "instant", "shown"),
    [
        # the autumn fold: the abbreviation says which of the two, and nothing is doubtful
        ("2024-11-03 01:30 EDT", NEW_YORK, utc(3, 11, 5, 30), "01:30 EDT"),  # the first: 01:30 + 4 h
        ("2024-11-03 01:30 EST", NEW_YORK, utc(3, 11, 6, 30), "01:30 EST"),  # the second: 01:30 + 5 h
        ("2024-10-27 02:30 CEST", BERLIN, utc(27, 10, 0, 30), "02:30 CEST"),  # 02:30 - 2 h
        ("2024-10-27 02:30 CET", BERLIN, utc(27, 10, 1, 30), "02:30 CET"),  # 02:30 - 1 h
        # IST may mean India, Ireland or Israel, but only Ireland's +1 fits Dublin's first 01:30
        ("2024-10-27 01:30 IST", DUBLIN, utc(27, 10, 0, 30), "01:30 IST"),
        # the spring-forward day, either side of the gap
        ("2024-03-10 01:30 EST", NEW_YORK, utc(10, 3, 6, 30), "01:30 EST"),
        ("2024-03-10 03:30 EDT", NEW_YORK, utc(10, 3, 7, 30), "03:30 EDT"),
        ("2024-03-31 01:30 CET", BERLIN, utc(31, 3, 0, 30), "01:30 CET"),
        ("2024-03-31 03:30 CEST", BERLIN, utc(31, 3, 1, 30), "03:30 CEST"),
    ],
)
def test_an_abbreviation_of_the_zone_on_a_change_day_places_the_time(
    written: str, home: str, instant: datetime, shown: str
) -> None:
    assert settled(written, home) == (instant, home, shown, "")


@pytest.mark.parametrize(
    ("written", "home", "instant", "shown"),
    [
        # 02:30 EST is 07:30Z, which New York's clocks show as 03:30 EDT
        ("2024-03-10 02:30 EST", NEW_YORK, utc(10, 3, 7, 30), "03:30 EDT"),
        # EDT is not in use at a wall time that does not exist: read as New York's 02:30, moved on by the gap
        ("2024-03-10 02:30 EDT", NEW_YORK, utc(10, 3, 7, 30), "03:30 EDT"),
        ("2024-03-31 02:30 CET", BERLIN, utc(31, 3, 1, 30), "03:30 CEST"),  # 02:30 CET = 01:30Z
    ],
)
def test_an_abbreviation_in_the_spring_gap_is_moved_on_with_a_note(
    written: str, home: str, instant: datetime, shown: str
) -> None:
    wall = written[:16]
    note = f"{wall} does not exist in {home} (the clocks go forward); using {shown}"
    assert settled(written, home) == (instant, home, shown, note)


@pytest.mark.parametrize(
    ("written", "home", "instant", "shown"),
    [
        # after the change the other abbreviation is in force: the time is read on the zone's clock
        ("2024-03-10 12:00 EST", NEW_YORK, utc(10, 3, 16, 0), "12:00 EDT"),  # 12:00 + 4 h
        ("2024-11-03 12:00 EDT", NEW_YORK, utc(3, 11, 17, 0), "12:00 EST"),  # 12:00 + 5 h
        ("2024-03-31 12:00 CET", BERLIN, utc(31, 3, 10, 0), "12:00 CEST"),  # 12:00 - 2 h
        ("2024-10-27 12:00 CEST", BERLIN, utc(27, 10, 11, 0), "12:00 CET"),  # 12:00 - 1 h
    ],
)
def test_an_abbreviation_that_contradicts_the_day_warns(written: str, home: str, instant: datetime, shown: str) -> None:
    label = written.rsplit(" ", 1)[1]
    note = f"the abbreviation {label!r} is not in use in {home} on that day; reading the time in {home}"
    assert settled(written, home) == (instant, home, shown, note)


def test_an_ambiguous_abbreviation_that_fits_no_offset_of_the_day_warns() -> None:
    # London is back on GMT (UTC+0) at noon; none of IST's +5:30, +1, +2 fits
    note = "the abbreviation 'IST' is ambiguous; reading the time in Europe/London"
    assert settled("2024-10-27 12:00 IST", LONDON) == (utc(27, 10, 12, 0), LONDON, "12:00 GMT", note)


@pytest.mark.parametrize(
    ("written", "instant", "shown"),
    [
        ("2024-03-31 02:30 EST", utc(31, 3, 7, 30), "02:30 EST"),  # New York's: 02:30 + 5 h, in Berlin's gap
        ("2024-03-31 02:30 +05:30", utc(30, 3, 21, 0), "02:30 UTC+05:30"),  # 02:30 - 5:30, the day before
        ("2024-10-27 02:30Z", utc(27, 10, 2, 30), "02:30 UTC"),  # in Berlin's fold, but neither +1 nor +2
        ("2024-10-27 02:30 GMT", utc(27, 10, 2, 30), "02:30 UTC"),  # GMT is UTC, shown as such like Z
    ],
)
def test_another_zone_on_a_change_day_is_kept_as_written(written: str, instant: datetime, shown: str) -> None:
    assert settled(written, BERLIN) == (instant, "as written", shown, "")


def test_the_loader_reports_the_contradiction_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "talk.md"
    path.write_text("---\ntitle: Spring\nstart: 2024-03-31 12:00 CET\n---\n", encoding="utf-8")
    loaded = load_event(path, LoadSettings(default_timezone=BERLIN))
    assert loaded.event is not None and loaded.event.start == utc(31, 3, 10, 0)
    assert [(p.line, p.subtype, p.message) for p in loaded.problems] == [
        (
            3,
            "time",
            "'start': the abbreviation 'CET' is not in use in Europe/Berlin on that day; "
            "reading the time in Europe/Berlin",
        )
    ]


# -- reading what is written: the limits and the messages -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("16:45", True),
        ("16:45".ljust(40), True),  # trailing spaces are allowed, up to 40 characters in all
        ("16:45".ljust(41), False),  # longer texts are never read (a bound on the pattern's work)
        ("16:45".ljust(80), False),
    ],
)
def test_is_clock_reads_at_most_40_characters(text: str, clock: bool) -> None:
    assert is_clock(text) is clock


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-05-01 16:00".ljust(100), datetime(2024, 5, 1, 16, tzinfo=UTC)),  # 100 characters are read
        ("1900-01-01", date(1900, 1, 1)),  # the first and last years allowed
        ("2999-12-31", date(2999, 12, 31)),
    ],
)
def test_parse_datetime_at_its_limits(written: str, expected: object) -> None:
    assert parse_datetime(written, UTC) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # a longer text is not read at all, and the message quotes only its first 80 characters
        ("2024-05-01 16:00".ljust(101), f"cannot read {'2024-05-01 16:00'.ljust(80)!r} as a date and time"),
        ("x" * 90, f"cannot read {'x' * 80!r} as a date and time"),
        ("2024-05-01 16".ljust(90), f"cannot read {'2024-05-01 16'.ljust(80)!r} as a date and time"),  # an hour alone
        ("-2024-05-01 16:00", "the year of '-2024-05-01 16:00' is outside 1900\u20132999"),
        ("1899-12-31", "the year of '1899-12-31' is outside 1900\u20132999"),
        ("3000-01-01", "the year of '3000-01-01' is outside 1900\u20132999"),
        (date(1899, 12, 31), "the year of '1899-12-31' is outside 1900\u20132999"),  # YAML gives a date
        (5, "expected a date and time such as '2024-05-01 16:00', got int"),
        ("2024-05-01 25:00", "cannot read '2024-05-01 25:00': "),  # then Python's own reason
        ("2024-05-01 16:00 +25:00", "cannot read '2024-05-01 16:00 +25:00': the offset '+25:00' is not a UTC offset"),
    ],
)
def test_parse_datetime_says_what_it_cannot_read(value: object, message: str) -> None:
    with pytest.raises(TimeError) as raised:
        parse_datetime(value, UTC)
    assert str(raised.value).startswith(message)


def test_local_time_problem_outside_a_change() -> None:
    assert local_time_problem(datetime(2024, 7, 1, 12, tzinfo=zone(LONDON))) == ""  # summer noon: one BST
    assert local_time_problem(datetime(2024, 7, 1, 12, tzinfo=UTC)) == ""  # a fixed offset has no changes
    assert local_time_problem(datetime(2024, 10, 27, 1, 30, tzinfo=zone(LONDON))) == "fold"
    assert local_time_problem(datetime(2024, 3, 31, 1, 30, tzinfo=zone(LONDON))) == "gap"
