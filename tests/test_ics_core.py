"""The calendar writer in the pure core (sphinx_seminars.core.ics), without a Sphinx site.

Events are loaded from small event files with the project's own loader. Expected content lines are
worked out by hand from RFC 5545 (and RFC 7986 for NAME, IMAGE, CONFERENCE, REFRESH-INTERVAL, SOURCE)
and the event file; they are compared unfolded and in sorted order, since the order of properties
in a component carries no meaning. Instants are also read back with parsers independent of
icalendar (tests/support/ical_parsers.py).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sphinx_seminars.core.ics import PRODID, FeedInfo, _Transition, calendar_bytes, fold, vtimezone
from sphinx_seminars.core.labels import CalendarLabels
from sphinx_seminars.core.loading import LoadSettings, load_event
from sphinx_seminars.core.model import Event
from support.ical_parsers import require_or_skip

DOMAIN = "talks.test"
PARSERS = ["icaljs", "libical", "vobject"]

RICH = """---
id: sketches
title: Counting at Scale
start: 2025-07-04 16:00
end: 2025-07-04 17:30
timezone: Europe/London
location: Room 101
join_link: https://meet.example.org/j/42
organizer: "Ada Lovelace <ada@example.org>"
image: https://example.org/poster.png
slides: https://example.org/slides.pdf
tags: [streams, sketches]
sequence: 2
updated: 2025-06-01 09:30
speakers:
  - name: Ada Lovelace
    affiliation: Engines Ltd
  - name: Charles Babbage
---
We count things.
"""

# loaded as workshop.md: its id is the file's name, its zone the default, Europe/London
TIMETABLE = """---
title: Workshop on Engines
start: 2024-05-03 09:00
end: 2024-05-03 12:00
talks:
  - id: keynote
    title: Keynote
    start: "09:00"
    end: "10:00"
    speaker: Ada Lovelace
  - title: Coffee
    kind: break
    start: "10:00"
    end: "10:30"
---
"""


def load(tmp_path: Path, text: str, name: str = "talk.md", default_timezone: str = "Europe/London") -> Event:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded = load_event(path, LoadSettings(default_timezone=default_timezone))
    assert loaded.problems == []
    assert loaded.event is not None
    return loaded.event


def talk(tmp_path: Path, name: str, fields: str, default_timezone: str = "Europe/London") -> Event:
    """An event from a few front-matter lines, its id the file name's."""
    return load(tmp_path, f"---\ntitle: Talk {name}\n{fields}\n---\n", f"{name}.md", default_timezone)


def content_lines(data: bytes) -> list[str]:
    """The calendar's content lines, unfolded (RFC 5545 3.1: a CRLF followed by one space is removed)."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def component(data: bytes, kind: str, index: int = 0) -> list[str]:
    """The sorted property lines of the *index*-th component *kind* (VEVENT, VTIMEZONE...), its subcomponents'
    lines included."""
    lines = content_lines(data)
    begins = [i for i, line in enumerate(lines) if line == f"BEGIN:{kind}"]
    start = begins[index]
    end = lines.index(f"END:{kind}", start)
    return sorted(lines[start + 1 : end])


def uids(data: bytes) -> list[str]:
    return [line.removeprefix("UID:") for line in content_lines(data) if line.startswith("UID:")]


# -- one talk with every property ------------------------------------------------------------


def test_a_talk_with_every_property_gives_these_lines(tmp_path: Path) -> None:
    event = load(tmp_path, RICH)
    page = "https://talks.test/sketches.html"
    data = calendar_bytes([event], uid_domain=DOMAIN, page_urls={"sketches": page})
    assert component(data, "VEVENT") == sorted(
        [
            "UID:sketches@talks.test",  # the id at the site's domain
            "DTSTAMP:20250601T093000Z",  # 'updated', read in UTC
            "LAST-MODIFIED:20250601T093000Z",
            "DTSTART;TZID=Europe/London:20250704T160000",  # the wall time in the event's zone
            "DTEND;TZID=Europe/London:20250704T173000",
            "SUMMARY:Counting at Scale",
            # two speakers: "Speakers:", joined by "; " (a TEXT semicolon is escaped), an affiliation in brackets;
            # then the abstract, then the links, each part a blank line apart (newlines escaped as \n)
            "DESCRIPTION:Speakers: Ada Lovelace (Engines Ltd)\\; Charles Babbage\\n\\nWe count things.\\n\\n"
            "Join online: https://meet.example.org/j/42\\nSlides: https://example.org/slides.pdf\\n"
            "Details: https://talks.test/sketches.html",
            "LOCATION:Room 101",
            "URL:https://talks.test/sketches.html",
            # RFC 7986 5.11; icalendar writes parameters in alphabetical order
            "CONFERENCE;FEATURE=VIDEO;LABEL=Join the talk online;VALUE=URI:https://meet.example.org/j/42",
            'ORGANIZER;CN="Ada Lovelace":mailto:ada@example.org',  # a parameter value with a space is quoted
            "ATTACH:https://example.org/slides.pdf",
            "IMAGE;DISPLAY=BADGE;VALUE=URI:https://example.org/poster.png",  # RFC 7986 5.10
            "CATEGORIES:streams,sketches",
            "STATUS:CONFIRMED",
            "SEQUENCE:2",
            "TRANSP:OPAQUE",  # a talk that takes place blocks the time
        ]
    )
    # every talk has an organizer: an RFC 5546 PUBLISH calendar
    assert "METHOD:PUBLISH" in content_lines(data)


@pytest.mark.parametrize("parser_name", PARSERS)
def test_a_talk_with_every_property_reads_back(tmp_path: Path, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    page = "https://talks.test/sketches.html"
    target = tmp_path / "talk.ics"
    target.write_bytes(calendar_bytes([load(tmp_path, RICH)], uid_domain=DOMAIN, page_urls={"sketches": page}))
    (parsed,) = parse(target)
    # 16:00-17:30 BST (UTC+1 in July)
    assert (parsed.start_utc, parsed.end_utc) == ("2025-07-04T15:00:00Z", "2025-07-04T16:30:00Z")
    assert (parsed.uid, parsed.summary, parsed.location, parsed.url) == (
        "sketches@talks.test",
        "Counting at Scale",
        "Room 101",
        page,
    )
    assert parsed.description == (
        "Speakers: Ada Lovelace (Engines Ltd); Charles Babbage\n\nWe count things.\n\n"
        f"Join online: https://meet.example.org/j/42\nSlides: https://example.org/slides.pdf\nDetails: {page}"
    )
    assert parsed.status == "CONFIRMED" and parsed.related_to is None


def test_a_plain_talk_has_only_what_it_says(tmp_path: Path) -> None:
    """One speaker without affiliation, an organizer without a name, no page: no URL, no CN, no RELATED-TO."""
    event = talk(
        tmp_path,
        "plain",
        "start: 2025-07-04 16:00\nspeaker: Charles Babbage\norganizer: ada@example.org\nupdated: 2025-06-01",
    )
    data = calendar_bytes([event], uid_domain=DOMAIN)
    assert component(data, "VEVENT") == sorted(
        [
            "UID:plain@talks.test",
            "DTSTAMP:20250601T000000Z",  # a day alone is its midnight, UTC
            "LAST-MODIFIED:20250601T000000Z",
            "DTSTART;TZID=Europe/London:20250704T160000",
            "DTEND;TZID=Europe/London:20250704T170000",  # the default hour
            "SUMMARY:Talk plain",
            "DESCRIPTION:Speaker: Charles Babbage",  # one speaker: "Speaker:", no brackets
            "ORGANIZER:mailto:ada@example.org",
            "STATUS:CONFIRMED",
            "SEQUENCE:0",
            "TRANSP:OPAQUE",
        ]
    )


def test_a_cancelled_talk_says_so_and_frees_the_time(tmp_path: Path) -> None:
    event = talk(tmp_path, "off", "start: 2025-07-04 16:00\nstatus: cancelled")
    lines = component(calendar_bytes([event], uid_domain=DOMAIN), "VEVENT")
    assert {"SUMMARY:Cancelled: Talk off", "STATUS:CANCELLED", "TRANSP:TRANSPARENT"} <= set(lines)
    assert not any(line.startswith("DESCRIPTION") for line in lines)  # nothing to describe: no empty DESCRIPTION


def test_an_all_day_talk_has_dates_and_needs_no_zone(tmp_path: Path) -> None:
    # RFC 5545 3.6.1: DTEND of an all-day event is the day after (exclusive)
    event = talk(tmp_path, "day", "start: 2025-07-04")
    data = calendar_bytes([event], uid_domain=DOMAIN)
    lines = component(data, "VEVENT")
    assert {"DTSTART;VALUE=DATE:20250704", "DTEND;VALUE=DATE:20250705"} <= set(lines)
    assert "BEGIN:VTIMEZONE" not in content_lines(data)


def test_labels_in_another_language(tmp_path: Path) -> None:
    german = CalendarLabels(speakers="Vortragende", join_online="Online teilnehmen", details="Details", slides="Folien")
    page = "https://talks.test/sketches.html"
    data = calendar_bytes([load(tmp_path, RICH)], uid_domain=DOMAIN, page_urls={"sketches": page}, labels=german)
    (description,) = [line for line in component(data, "VEVENT") if line.startswith("DESCRIPTION:")]
    assert description.startswith("DESCRIPTION:Vortragende: Ada Lovelace")
    assert (
        "\\nOnline teilnehmen: https://meet.example.org/j/42\\nFolien: https://example.org/slides.pdf\\n" in description
    )


# -- which talks, in which order --------------------------------------------------------------


def test_a_timetable_gives_its_talks_related_to_the_event(tmp_path: Path) -> None:
    event = load(tmp_path, TIMETABLE, "workshop.md")
    pages = {
        "workshop": "https://talks.test/workshop.html",
        "workshop/keynote": "https://talks.test/workshop.html#keynote",
    }
    data = calendar_bytes([event], uid_domain=DOMAIN, page_urls=pages)
    # the event and its one talk (the break is no talk): '/' in the id becomes '--' (never in a slug). Both start
    # at 09:00, so by UID: "-" (0x2D) sorts before "@" (0x40)
    assert uids(data) == ["workshop--keynote@talks.test", "workshop@talks.test"]
    keynote = component(data, "VEVENT", 0)
    assert "RELATED-TO:workshop@talks.test" in keynote
    assert "URL:https://talks.test/workshop.html#keynote" in keynote
    assert not any(line.startswith("RELATED-TO") for line in component(data, "VEVENT", 1))
    # without entries, the event alone
    assert uids(calendar_bytes([event], uid_domain=DOMAIN, entries=False)) == ["workshop@talks.test"]


@pytest.mark.parametrize("parser_name", PARSERS)
def test_a_timetable_talk_reads_back_related_to_its_event(tmp_path: Path, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    target = tmp_path / "workshop.ics"
    target.write_bytes(calendar_bytes([load(tmp_path, TIMETABLE, "workshop.md")], uid_domain=DOMAIN))
    parsed = {p.uid: (p.start_utc, p.related_to) for p in parse(target)}
    # 09:00-10:00 BST is 08:00-09:00Z
    assert parsed["workshop--keynote@talks.test"] == ("2024-05-03T08:00:00Z", "workshop@talks.test")


def test_talks_are_sorted_by_instant_then_uid(tmp_path: Path) -> None:
    # 16:00 in Berlin (CEST, UTC+2) is 14:00Z, before 16:00 in London (BST, 15:00Z); "a" and "b" start together
    events = [
        talk(tmp_path, "london", "start: 2025-07-04 16:00"),
        talk(tmp_path, "b", "start: 2025-07-04 15:00 UTC"),
        talk(tmp_path, "a", "start: 2025-07-04 15:00 UTC"),
        talk(tmp_path, "berlin", "start: 2025-07-04 16:00\ntimezone: Europe/Berlin"),
    ]
    data = calendar_bytes(events, uid_domain=DOMAIN)
    assert uids(data) == [f"{name}@talks.test" for name in ("berlin", "a", "b", "london")]
    assert "METHOD:PUBLISH" not in content_lines(data)  # no organizer: a plain RFC 5545 calendar


# -- the calendar's own properties ------------------------------------------------------------


def test_feed_properties(tmp_path: Path) -> None:
    feed = FeedInfo(
        name="Friday Seminar",
        description="Talks on Fridays",
        url="https://talks.test/friday.ics",
        uid="friday@talks.test",
        refresh=timedelta(hours=6),
    )
    assert component(calendar_bytes([], uid_domain=DOMAIN, feed=feed), "VCALENDAR") == sorted(
        [
            f"PRODID:{PRODID}",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",  # all of no talks have an organizer
            "NAME:Friday Seminar",  # RFC 7986 5.1
            "X-WR-CALNAME:Friday Seminar",
            "DESCRIPTION:Talks on Fridays",
            "X-WR-CALDESC:Talks on Fridays",
            "UID:friday@talks.test",
            "URL:https://talks.test/friday.ics",
            "SOURCE;VALUE=URI:https://talks.test/friday.ics",  # RFC 7986 5.8
            "REFRESH-INTERVAL;VALUE=DURATION:PT6H",  # RFC 7986 5.7: six hours
            "X-PUBLISHED-TTL:PT6H",
        ]
    )


# -- times ------------------------------------------------------------------------------------


def test_a_time_in_the_autumn_fold_is_written_in_utc(tmp_path: Path) -> None:
    """London's clocks go back at 02:00 BST on 27 October 2024: 01:30 happens at 00:30Z and at 01:30Z.

    "01:30 GMT" is the second; written with TZID, RFC 5545 would read the first, so it is written in UTC.
    """
    event = talk(tmp_path, "fold", "start: 2024-10-27 01:30 GMT\nend: 2024-10-27 03:00")
    lines = component(calendar_bytes([event], uid_domain=DOMAIN), "VEVENT")
    assert "DTSTART:20241027T013000Z" in lines
    assert "DTEND;TZID=Europe/London:20241027T030000" in lines  # 03:00 GMT is not ambiguous


@pytest.mark.parametrize("parser_name", PARSERS)
def test_a_time_in_the_autumn_fold_reads_back(tmp_path: Path, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    target = tmp_path / "fold.ics"
    event = talk(tmp_path, "fold", "start: 2024-10-27 01:30 GMT\nend: 2024-10-27 03:00")
    target.write_bytes(calendar_bytes([event], uid_domain=DOMAIN))
    (parsed,) = parse(target)
    assert (parsed.start_utc, parsed.end_utc) == ("2024-10-27T01:30:00Z", "2024-10-27T03:00:00Z")


def test_a_written_offset_or_utc_is_written_in_utc_with_no_vtimezone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare offset keeps no zone and UTC needs none: both in UTC whatever the machine's own zone."""
    try:
        with monkeypatch.context() as patched:  # the process's own zone, for astimezone() without an argument
            patched.setenv("TZ", "America/New_York")
            time.tzset()
            events = [
                talk(tmp_path, "offset", "start: 2025-07-04 16:00 +02:00"),  # 14:00Z
                talk(tmp_path, "utc", "start: 2025-07-04 16:00\ntimezone: UTC"),
            ]
            data = calendar_bytes(events, uid_domain=DOMAIN)
    finally:
        time.tzset()  # TZ is as it was again
    assert "DTSTART:20250704T140000Z" in component(data, "VEVENT", 0)
    assert "DTSTART:20250704T160000Z" in component(data, "VEVENT", 1)
    assert "BEGIN:VTIMEZONE" not in content_lines(data)


# -- VTIMEZONE --------------------------------------------------------------------------------


def test_each_zone_once_over_the_years_its_talks_span(tmp_path: Path) -> None:
    """A UTC talk first must not stop the zones of the talks after it being written.

    The London talk runs from 2024 into 2025, so London's VTIMEZONE starts in 2024 (its BST
    begins on the last Sunday of March 2024, the 31st, at 01:00 GMT).
    """
    events = [
        talk(tmp_path, "utc", "start: 2024-06-01 12:00\ntimezone: UTC"),
        talk(tmp_path, "new-year", "start: 2024-12-31 22:00\nend: 2025-01-01 01:00"),
        talk(tmp_path, "berlin", "start: 2025-07-04 16:00\ntimezone: Europe/Berlin"),
    ]
    data = calendar_bytes(events, uid_domain=DOMAIN)
    tzids = [line for line in content_lines(data) if line.startswith("TZID:")]
    assert tzids == ["TZID:Europe/Berlin", "TZID:Europe/London"]
    london = component(data, "VTIMEZONE", 1)
    assert "DTSTART:20240331T010000" in london


def test_a_vtimezone_for_one_year_has_no_rules() -> None:
    """Europe/London in 2024, from the window's opening two days before the year (30 December 2023, GMT):
    BST from 31 March 01:00 GMT, GMT again from 27 October 02:00 BST. One change each: no RRULE."""
    data = vtimezone("Europe/London", 2024, 2024).to_ical()
    assert content_lines(data) == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        *observance("STANDARD", "20231230T000000", "GMT", "+0000", "+0000"),
        *observance("DAYLIGHT", "20240331T010000", "BST", "+0000", "+0100"),
        *observance("STANDARD", "20241027T020000", "GMT", "+0100", "+0000"),
        "END:VTIMEZONE",
    ]


def test_a_vtimezone_over_years_has_yearly_rules() -> None:
    """America/New_York 2020-2022: EDT from the second Sunday of March at 02:00 EST (8 March 2020,
    14 March 2021, 13 March 2022), EST from the first Sunday of November at 02:00 EDT (1 November
    2020, 7 November 2021, 6 November 2022). Each rule's UNTIL is a day after its last change in UTC:
    13 March 2022 07:00Z and 6 November 2022 06:00Z, plus a day. The window opens on 30 December
    2019 00:00Z, 29 December 19:00 EST."""
    data = vtimezone("America/New_York", 2020, 2022).to_ical()
    daylight_rule = "RRULE:FREQ=YEARLY;UNTIL=20220314T070000Z;BYDAY=2SU;BYMONTH=3"
    standard_rule = "RRULE:FREQ=YEARLY;UNTIL=20221107T060000Z;BYDAY=1SU;BYMONTH=11"
    assert content_lines(data) == [
        "BEGIN:VTIMEZONE",
        "TZID:America/New_York",
        *observance("STANDARD", "20191229T190000", "EST", "-0500", "-0500"),
        *observance("DAYLIGHT", "20200308T020000", "EDT", "-0500", "-0400", daylight_rule),
        *observance("STANDARD", "20201101T020000", "EST", "-0400", "-0500", standard_rule),
        "END:VTIMEZONE",
    ]


def observance(kind: str, start: str, name: str, offset_from: str, offset_to: str, rule: str = "") -> list[str]:
    """An observance's lines as icalendar orders them: DTSTART, RRULE, then the rest alphabetically."""
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{start}",
        *([rule] if rule else []),
        f"TZNAME:{name}",
        f"TZOFFSETFROM:{offset_from}",
        f"TZOFFSETTO:{offset_to}",
        f"END:{kind}",
    ]


@pytest.mark.parametrize(
    ("local", "rule"),
    [
        (datetime(2024, 10, 27, 2), (10, "-1SU")),  # 27 + 7 > 31: the last Sunday
        (datetime(2024, 10, 24, 2), (10, "4TH")),  # 24 + 7 = 31: another Thursday follows, so the 4th
        (datetime(2020, 3, 8, 2), (3, "2SU")),  # days 8-14 are the second week
        (datetime(2021, 3, 14, 2), (3, "2SU")),
        (datetime(2021, 11, 7, 2), (11, "1SU")),  # days 1-7 are the first
    ],
)
def test_yearly_rule_of_a_change(local: datetime, rule: tuple[int, str]) -> None:
    change = _Transition(local.replace(tzinfo=UTC), timedelta(0), timedelta(hours=1), "X", True)
    assert change.yearly_rule() == rule


# -- folding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "folded"),
    [
        ("A" * 74, b"A" * 74),  # 74 octets fit
        # 73 + 2 octets of "é" (C3 A9) + 10: the cut at 74 falls inside "é", so it moves before it
        ("A" * 73 + "é" + "B" * 10, b"A" * 73 + b"\r\n \xc3\xa9" + b"B" * 10),
        # the cut at 74 would part "\n" (an escaped newline) from its backslash
        ("A" * 73 + "\\n" + "B" * 10, b"A" * 73 + b"\r\n \\n" + b"B" * 10),
        ("A" * 73 + "^n" + "B" * 10, b"A" * 73 + b"\r\n ^n" + b"B" * 10),  # RFC 6868's caret escape too
        ("A" * 150, b"A" * 74 + b"\r\n " + b"A" * 74 + b"\r\n " + b"AA"),
    ],
)
def test_fold(line: str, folded: bytes) -> None:
    assert fold(line) == folded


def test_a_change_off_the_quarter_hour_is_found_to_the_second() -> None:
    """The Netherlands ended summer time on Sunday 3 October 1937 at 02:00 standard time (+00:20), so at
    01:40:00Z, when the clocks read 03:00 (+01:20); found by halving a day of 86400 s, this instant must come out
    to the second (a change on a quarter hour UTC always does)."""
    lines = content_lines(vtimezone("Europe/Amsterdam", 1937, 1937).to_ical())
    end_of_summer = lines.index("DTSTART:19371003T030000")
    assert lines[end_of_summer - 1 : end_of_summer + 5] == observance(
        "STANDARD", "19371003T030000", "+0020", "+0120", "+0020"
    )
