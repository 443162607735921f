"""Calendar files of a built site, read back by parsers independent of icalendar.

The expected instants below were worked out by hand from the zones' rules
(e.g. London leaves BST on the last Sunday of October, 30 October 2016), not
copied from the output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, build_copy
from support.ical_parsers import parse_with_ical, require_or_skip

# event id -> (start, end) in UTC; events without an end last the default hour
EXPECTED_UTC = {
    "london-before-fallback": ("2016-10-28T12:00:00Z", "2016-10-28T13:00:00Z"),  # BST, UTC+1
    "london-after-fallback": ("2016-11-04T13:00:00Z", "2016-11-04T14:00:00Z"),  # GMT
    "london-before-springforward": ("2016-03-25T13:00:00Z", "2016-03-25T14:00:00Z"),  # GMT
    "london-after-springforward": ("2016-03-28T12:00:00Z", "2016-03-28T13:00:00Z"),  # BST since 27 March
    "newyork-before-springforward": ("2024-03-08T17:00:00Z", "2024-03-08T18:00:00Z"),  # EST, UTC-5
    "newyork-after-springforward": ("2024-03-11T16:00:00Z", "2024-03-11T17:00:00Z"),  # EDT since 10 March
    "newyork-before-fallback": ("2024-11-01T16:00:00Z", "2024-11-01T17:00:00Z"),  # EDT, UTC-4
    "newyork-after-fallback": ("2024-11-04T17:00:00Z", "2024-11-04T18:00:00Z"),  # EST since 3 November
    "sydney-before-fallback": ("2024-04-05T07:00:00Z", "2024-04-05T08:00:00Z"),  # AEDT, UTC+11
    "sydney-after-fallback": ("2024-04-08T08:00:00Z", "2024-04-08T09:00:00Z"),  # AEST since 7 April
    "kolkata-no-dst": ("2024-06-01T10:00:00Z", "2024-06-01T11:00:00Z"),  # IST, UTC+5:30
    "london-multi-year": ("2019-07-01T09:00:00Z", "2019-07-01T10:00:00Z"),  # BST
}


# ical (allenporter) is left out of the instant checks on the file's own VTIMEZONE:
# its IcsTimezoneInfo ignores DTSTART-only observances and rejects a UTC UNTIL,
# which RFC 5545 requires. It still reads every file, with its own zone database
# (what its users, e.g. Home Assistant, see): test_ical_reads_what_its_users_see.
INSTANT_PARSERS = ["icaljs", "libical", "vobject"]


@pytest.fixture(scope="module")
def zones_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("zones", tmp_path_factory.mktemp("zones") / "src")


@pytest.mark.parametrize("parser_name", INSTANT_PARSERS)
def test_every_talk_calendar_has_the_right_instants(zones_site, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    outdir = Path(zones_site.outdir)
    seen = {}
    for event_id in EXPECTED_UTC:
        (parsed,) = parse(outdir / f"{event_id}.ics")
        assert parsed.uid == f"{event_id}@zones.test"
        assert parsed.summary == f"Talk {event_id}"
        seen[event_id] = (parsed.start_utc, parsed.end_utc)
    assert seen == EXPECTED_UTC


@pytest.mark.parametrize("parser_name", INSTANT_PARSERS)
def test_one_calendar_with_every_talk_reads_the_same(tmp_path: Path, parser_name: str) -> None:
    """A calendar spanning years and zones: RRULE observances must hold in each."""
    from sphinx_seminars.core.ics import calendar_bytes
    from sphinx_seminars.core.loading import LoadSettings, load_event

    parse = require_or_skip(parser_name)
    events = [
        load_event(path, LoadSettings(default_timezone="Europe/London")).event
        for path in sorted((ROOTS / "test-zones" / "events").glob("*.md"))
    ]
    target = tmp_path / "all.ics"
    target.write_bytes(calendar_bytes([e for e in events if e], uid_domain="zones.test"))
    parsed = {p.uid.split("@")[0]: (p.start_utc, p.end_utc) for p in parse(target)}
    assert parsed == EXPECTED_UTC


@pytest.mark.parametrize("parser_name", INSTANT_PARSERS)
def test_a_feed_over_years_east_of_utc_keeps_the_last_clock_change(tmp_path: Path, parser_name: str) -> None:
    """A Berlin series over 2023-2024, with a talk after the last change of the span (summer 2024).

    The VTIMEZONE's yearly rules end with UNTIL; vobject reads a UTC UNTIL as local time, so an
    UNTIL at the very instant of the last change (01:00Z, 03:00 local) would drop that change for
    it and put the July talk an hour early. Expected instants: CET is UTC+1, CEST UTC+2.
    """
    from sphinx_seminars.core.ics import calendar_bytes
    from sphinx_seminars.core.loading import LoadSettings, load_event

    parse = require_or_skip(parser_name)
    talks = {"berlin-winter-2023": "2023-11-15 13:00", "berlin-summer-2024": "2024-07-01 13:00"}
    events = []
    for event_id, start in talks.items():
        path = tmp_path / f"{event_id}.md"
        path.write_text(f"---\ntitle: {event_id}\nevent_start_time: {start}\ntimezone: Europe/Berlin\n---\n")
        events.append(load_event(path, LoadSettings()).event)
    target = tmp_path / "series.ics"
    target.write_bytes(calendar_bytes([e for e in events if e], uid_domain="zones.test"))
    starts = {p.uid.split("@")[0]: p.start_utc for p in parse(target)}
    assert starts == {"berlin-winter-2023": "2023-11-15T12:00:00Z", "berlin-summer-2024": "2024-07-01T11:00:00Z"}


def test_vtimezone_uses_rrules_not_rdate_lists(zones_site) -> None:
    text = (Path(zones_site.outdir) / "london-multi-year.ics").read_text()
    assert "RDATE" not in text
    assert "TZID:Europe/London" in text
    from sphinx_seminars.core.ics import vtimezone

    spanning = vtimezone("Europe/London", 2016, 2019).to_ical().decode()
    assert "RDATE" not in spanning
    assert "RRULE:FREQ=YEARLY;UNTIL=20191028T010000Z;BYDAY=-1SU;BYMONTH=10" in spanning
    assert "RRULE:FREQ=YEARLY;UNTIL=20190401T010000Z;BYDAY=-1SU;BYMONTH=3" in spanning


def test_ical_reads_what_its_users_see(zones_site) -> None:
    require_or_skip("ical")
    outdir = Path(zones_site.outdir)
    seen = {}
    for event_id in EXPECTED_UTC:
        (parsed,) = parse_with_ical(outdir / f"{event_id}.ics", file_timezones=False)
        seen[event_id] = (parsed.start_utc, parsed.end_utc)
    assert seen == EXPECTED_UTC


def test_feed_names_with_commas_and_semicolons_are_escaped_text(tmp_path: Path) -> None:
    """NAME, X-WR-CALNAME and X-WR-CALDESC are TEXT: a comma or semicolon in them is escaped.

    Read back with vobject, which cuts an unescaped value at the comma.
    """
    vobject = pytest.importorskip("vobject")
    from sphinx_seminars.core.ics import FeedInfo, calendar_bytes

    name, description = "Analysis, Probability; and Friends", "Talks on Tuesdays, mostly; sometimes Fridays"
    data = calendar_bytes([], uid_domain="feeds.test", feed=FeedInfo(name=name, description=description))
    text = data.decode()
    assert "X-WR-CALNAME:Analysis\\, Probability\\; and Friends\r\n" in text
    assert "NAME:Analysis\\, Probability\\; and Friends\r\n" in text
    parsed = vobject.readOne(text)
    assert parsed.x_wr_calname.value == name
    assert parsed.contents["name"][0].value == name
    assert parsed.x_wr_caldesc.value == description
    assert parsed.contents["description"][0].value == description
