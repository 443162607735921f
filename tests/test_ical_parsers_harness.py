"""Tests of the parser harness in tests/support/ical_parsers.py.

Every calendar here is literal iCalendar text, written by hand (or pasted
from what icalendar 7 writes), never built with the ``icalendar`` library:
the point of the harness is to check icalendar's output with other parsers.

Run with ``SEMINARS_REQUIRE_ALL_PARSERS=1`` (as CI does) so that a missing
parser fails instead of skipping; ``tests/support/install-parsers.sh``
installs them.
"""

from __future__ import annotations

import functools
import json
import subprocess
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

try:  # tests/ on sys.path (pytest's default "prepend" import mode, no tests/__init__.py)
    from support import ical_parsers
except ImportError:  # tests/ as a package, repository root on sys.path
    from tests.support import ical_parsers  # type: ignore[no-redef]

PARSERS = ical_parsers.PARSERS
ParsedEvent = ical_parsers.ParsedEvent
ParserError = ical_parsers.ParserError
require_or_skip = ical_parsers.require_or_skip

Parse = Callable[[Path], list[ParsedEvent]]

# -- Calendar text -----------------------------------------------------------------------

# Europe/London the classic way: one yearly RRULE per observance. Onsets are in
# local time before the change: 01:00 GMT in March, 02:00 BST in October.
LONDON_RRULE = """\
BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
DTSTART:19700329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
END:STANDARD
END:VTIMEZONE"""

NEW_YORK_RRULE = """\
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
END:STANDARD
END:VTIMEZONE"""

# No DST: a single observance whose only onset is its DTSTART (the usual form).
KOLKATA = """\
BEGIN:VTIMEZONE
TZID:Asia/Kolkata
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
TZNAME:IST
END:STANDARD
END:VTIMEZONE"""

# Verbatim from icalendar 7.3.2:
#   Timezone.from_tzinfo(ZoneInfo("Europe/London"),
#                        first_date=date(2015, 1, 1), last_date=date(2017, 12, 31))
# Each transition observance has a DTSTART and one RDATE property listing the
# later onsets, comma-separated. (icalendar writes the March onset as 02:00,
# the wall time after the change; RFC 5545 wants 01:00. Irrelevant here.)
LONDON_RDATE_LIST_2015_2017 = """\
BEGIN:VTIMEZONE
TZID:Europe/London
COMMENT:This timezone only works from 2015-01-01 to 2017-12-31.
BEGIN:STANDARD
DTSTART:20150101T000000
TZNAME:GMT
TZOFFSETFROM:+0000
TZOFFSETTO:+0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20150329T020000
RDATE:20160327T020000,20170326T020000
TZNAME:BST
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20151025T020000
RDATE:20161030T020000,20171029T020000
TZNAME:GMT
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
END:STANDARD
END:VTIMEZONE"""

# Verbatim from icalendar 7.3.2 ``Calendar.add_missing_timezones()`` for a
# Europe/London event (default range 1970-2038). The first STANDARD is the
# 1968-71 "British Standard Time" experiment (+0100 all year).
LONDON_ADD_MISSING_TIMEZONES = """\
BEGIN:VTIMEZONE
TZID:Europe/London
COMMENT:This timezone only works from 1970-01-01 to 2038-01-01.
BEGIN:STANDARD
DTSTART:19700101T000000
TZNAME:BST
TZOFFSETFROM:+0100
TZOFFSETTO:+0100
END:STANDARD
BEGIN:STANDARD
DTSTART:19711031T030000
RDATE:19721029T030000,19731028T030000,19741027T030000,19751026T030000,1976
 1024T030000,19771023T030000,19781029T030000,19791028T030000,19801026T03000
 0,19811025T020000,19821024T020000,19831023T020000,19841028T020000,19851027
 T020000,19861026T020000,19871025T020000,19881023T020000,19891029T020000,19
 901028T020000,19911027T020000,19921025T020000,19931024T020000,19941023T020
 000,19951022T020000,19961027T020000,19971026T020000,19981025T020000,199910
 31T020000,20001029T020000,20011028T020000,20021027T020000,20031026T020000,
 20041031T020000,20051030T020000,20061029T020000,20071028T020000,20081026T0
 20000,20091025T020000,20101031T020000,20111030T020000,20121028T020000,2013
 1027T020000,20141026T020000,20151025T020000,20161030T020000,20171029T02000
 0,20181028T020000,20191027T020000,20201025T020000,20211031T020000,20221030
 T020000,20231029T020000,20241027T020000,20251026T020000,20261025T020000,20
 271031T020000,20281029T020000,20291028T020000,20301027T020000,20311026T020
 000,20321031T020000,20331030T020000,20341029T020000,20351028T020000,203610
 26T020000,20371025T020000
TZNAME:GMT
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19720319T030000
RDATE:19730318T030000,19740317T030000,19750316T030000,19760321T030000,1977
 0320T030000,19780319T030000,19790318T030000,19800316T030000,19810329T02000
 0,19820328T020000,19830327T020000,19840325T020000,19850331T020000,19860330
 T020000,19870329T020000,19880327T020000,19890326T020000,19900325T020000,19
 910331T020000,19920329T020000,19930328T020000,19940327T020000,19950326T020
 000,19960331T020000,19970330T020000,19980329T020000,19990328T020000,200003
 26T020000,20010325T020000,20020331T020000,20030330T020000,20040328T020000,
 20050327T020000,20060326T020000,20070325T020000,20080330T020000,20090329T0
 20000,20100328T020000,20110327T020000,20120325T020000,20130331T020000,2014
 0330T020000,20150329T020000,20160327T020000,20170326T020000,20180325T02000
 0,20190331T020000,20200329T020000,20210328T020000,20220327T020000,20230326
 T020000,20240331T020000,20250330T020000,20260329T020000,20270328T020000,20
 280326T020000,20290325T020000,20300331T020000,20310330T020000,20320328T020
 000,20330327T020000,20340326T020000,20350325T020000,20360330T020000,203703
 29T020000
TZNAME:BST
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
END:DAYLIGHT
END:VTIMEZONE"""


def vevent(uid: str, tzid: str, start: str, end: str, *extra: str) -> str:
    """A VEVENT from local times in *tzid*; *end* may instead be a ``DURATION:`` line."""
    return "\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20160101T000000Z",
            f"SUMMARY:Talk {uid}",
            f"DTSTART;TZID={tzid}:{start}",
            end if end.startswith("DURATION:") else f"DTEND;TZID={tzid}:{end}",
            *extra,
            "END:VEVENT",
        ]
    )


def write_calendar(tmp_path: Path, *components: str) -> Path:
    """Wrap components in a VCALENDAR and write it with CRLF line ends."""
    text = "\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//sphinx-seminars tests//EN",
            *components,
            "END:VCALENDAR",
        ]
    )
    path = tmp_path / "calendar.ics"
    path.write_bytes((text.replace("\n", "\r\n") + "\r\n").encode("utf-8"))
    return path


def instants(events: list[ParsedEvent]) -> dict[str, tuple[str, str]]:
    return {e.uid: (e.start_utc, e.end_utc) for e in events}


@pytest.fixture(params=list(PARSERS))
def parser(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def parse(parser: str) -> Parse:
    return require_or_skip(parser)


# -- Correct readings: every parser must agree ------------------------------------------


def test_london_british_summer_time(tmp_path: Path, parse: Parse) -> None:
    path = write_calendar(tmp_path, LONDON_RRULE, vevent("oct", "Europe/London", "20161028T130000", "20161028T140000"))
    assert instants(parse(path)) == {"oct": ("2016-10-28T12:00:00Z", "2016-10-28T13:00:00Z")}


def test_london_winter_time(tmp_path: Path, parse: Parse) -> None:
    path = write_calendar(tmp_path, LONDON_RRULE, vevent("nov", "Europe/London", "20161111T130000", "20161111T140000"))
    assert instants(parse(path)) == {"nov": ("2016-11-11T13:00:00Z", "2016-11-11T14:00:00Z")}


def test_new_york_summer_and_winter_with_duration(tmp_path: Path, parse: Parse) -> None:
    path = write_calendar(
        tmp_path,
        NEW_YORK_RRULE,
        vevent("jul", "America/New_York", "20160704T090000", "DURATION:PT1H30M"),
        vevent("dec", "America/New_York", "20161201T090000", "20161201T100000"),
    )
    assert instants(parse(path)) == {
        "jul": ("2016-07-04T13:00:00Z", "2016-07-04T14:30:00Z"),  # EDT, UTC-4
        "dec": ("2016-12-01T14:00:00Z", "2016-12-01T15:00:00Z"),  # EST, UTC-5
    }


def test_kolkata_fixed_offset(request: pytest.FixtureRequest, tmp_path: Path, parser: str, parse: Parse) -> None:
    path = write_calendar(tmp_path, KOLKATA, vevent("ist", "Asia/Kolkata", "20161028T130000", "20161028T140000"))
    if parser == "ical":
        # allenporter/ical (14.x) counts an observance's DTSTART as an onset only
        # through an RRULE (ical.timezone.Observance.as_ruleset builds a dateutil
        # rruleset from RRULE and RDATE alone): a DTSTART-only observance never
        # starts, the offset falls back to zero and IST is read as UTC (13:00Z).
        # See test_ical_with_the_system_zone_database for what its users see.
        observed_upstream_bug(request, parser, "ignores a DTSTART-only observance: reads IST as UTC")
    # IST is UTC+05:30 all year: 13:00 - 05:30 = 07:30Z, 14:00 - 05:30 = 08:30Z
    assert instants(parse(path)) == {"ist": ("2016-10-28T07:30:00Z", "2016-10-28T08:30:00Z")}


def test_text_values_are_unescaped(tmp_path: Path, parse: Parse) -> None:
    path = write_calendar(
        tmp_path,
        LONDON_RRULE,
        vevent(
            "text",
            "Europe/London",
            "20161028T130000",
            "20161028T140000",
            r"LOCATION:Room 1\, Building 2",
            r"DESCRIPTION:Café\; first line\nsecond line \\ end",
            "URL:https://example.org/talks/1?a=1&b=2",
            "STATUS:CONFIRMED",
        ),
    )
    [event] = parse(path)
    assert event == ParsedEvent(
        uid="text",
        summary="Talk text",
        start_utc="2016-10-28T12:00:00Z",
        end_utc="2016-10-28T13:00:00Z",
        location="Room 1, Building 2",
        description="Café; first line\nsecond line \\ end",
        url="https://example.org/talks/1?a=1&b=2",
        status="CONFIRMED",
    )


def test_utc_all_day_and_floating_values(tmp_path: Path, parse: Parse) -> None:
    path = write_calendar(
        tmp_path,
        "BEGIN:VEVENT\nUID:utc\nDTSTAMP:20160101T000000Z\nSUMMARY:UTC\n"
        "DTSTART:20161028T130000Z\nDTEND:20161028T143000Z\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:day\nDTSTAMP:20160101T000000Z\nSUMMARY:All day\n"
        "DTSTART;VALUE=DATE:20161028\nDTEND;VALUE=DATE:20161029\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:float\nDTSTAMP:20160101T000000Z\nSUMMARY:Floating\n"
        "DTSTART:20161028T130000\nDTEND:20161028T140000\nEND:VEVENT",
    )
    assert instants(parse(path)) == {
        "utc": ("2016-10-28T13:00:00Z", "2016-10-28T14:30:00Z"),
        "day": ("2016-10-28", "2016-10-29"),
        "float": ("2016-10-28T13:00:00", "2016-10-28T14:00:00"),
    }


# -- Rejections -----------------------------------------------------------------------


def test_tzid_without_vtimezone_is_an_error(tmp_path: Path, parse: Parse) -> None:
    # No parser may quietly fall back to a builtin zone database or floating time.
    path = write_calendar(tmp_path, LONDON_RRULE, vevent("x", "Europe/Paris", "20161028T130000", "20161028T140000"))
    with pytest.raises(ParserError, match="Europe/Paris"):
        parse(path)


def test_malformed_file_is_an_error(tmp_path: Path, parse: Parse) -> None:
    path = write_calendar(
        tmp_path,
        LONDON_RRULE,
        vevent("x", "Europe/London", "20161028T130000", "20161028T140000", "THIS IS NOT A CONTENT LINE"),
    )
    with pytest.raises(ParserError):
        parse(path)


# -- Known problems of the parsers themselves ------------------------------------------
#
# These tests check third-party parsers, not the product. Where a parser is known to get
# something wrong, the test asserts the right answer and is marked by observed_upstream_bug:
# a strict xfail on the versions the bug was seen in (a fix there fails the test, so the
# mark is removed), a plain xfail on other versions (the pyproject ranges let them float;
# an upgrade then shows as XPASS in the summary instead of failing the suite).

#: Versions each parser's known bugs were observed in (prefixes).
OBSERVED_IN = {"icaljs": "2.", "vobject": "0.9.9", "ical": "14."}


def parser_version(parser: str) -> str:
    if parser == "icaljs":
        return str(
            json.loads((ical_parsers.JS_DIR / "node_modules" / "ical.js" / "package.json").read_text())["version"]
        )
    return version(parser)


def observed_upstream_bug(
    request: pytest.FixtureRequest, parser: str, bug: str, raises: type[Exception] = AssertionError
) -> None:
    """Mark the test as failing with *raises* because of *bug* (strict on the versions it was seen in)."""
    installed = parser_version(parser)
    pinned = installed.startswith(OBSERVED_IN[parser])
    seen = f"observed upstream bug of {parser} {OBSERVED_IN[parser]}*: {bug}"
    reason = seen if pinned else f"{seen}; installed {installed}: re-check, then update OBSERVED_IN"
    request.applymarker(pytest.mark.xfail(strict=pinned, raises=raises, reason=reason))


# -- Known problems with comma-separated RDATE lists in VTIMEZONE ---------------------

CORRECT = {
    "jul15": ("2015-07-07T12:00:00Z", "2015-07-07T13:00:00Z"),  # BST
    "oct16": ("2016-10-28T12:00:00Z", "2016-10-28T13:00:00Z"),  # BST
    "nov16": ("2016-11-11T13:00:00Z", "2016-11-11T14:00:00Z"),  # GMT
    "jul17": ("2017-07-07T12:00:00Z", "2017-07-07T13:00:00Z"),  # BST
}
RDATE_LIST_TALKS = [
    vevent("jul15", "Europe/London", "20150707T130000", "20150707T140000"),
    vevent("oct16", "Europe/London", "20161028T130000", "20161028T140000"),
    vevent("nov16", "Europe/London", "20161111T130000", "20161111T140000"),
    vevent("jul17", "Europe/London", "20170707T130000", "20170707T140000"),
]
AN_HOUR_LATE = {  # read as GMT although BST
    "jul15": ("2015-07-07T13:00:00Z", "2015-07-07T14:00:00Z"),
    "jul17": ("2017-07-07T13:00:00Z", "2017-07-07T14:00:00Z"),
}
AN_HOUR_EARLY = {"nov16": ("2016-11-11T12:00:00Z", "2016-11-11T13:00:00Z")}  # BST although GMT


@pytest.mark.parametrize(
    ("vtimezone", "misread"),
    [
        pytest.param(
            LONDON_RDATE_LIST_2015_2017,
            {
                "icaljs": {"jul15": AN_HOUR_LATE["jul15"], "jul17": AN_HOUR_LATE["jul17"]},
                "vobject": {"jul17": AN_HOUR_LATE["jul17"]},
                "ical": {"jul15": AN_HOUR_LATE["jul15"]},
            },
            id="from_tzinfo-2015-2017",
        ),
        pytest.param(
            LONDON_ADD_MISSING_TIMEZONES,
            {"icaljs": AN_HOUR_EARLY, "vobject": AN_HOUR_EARLY},
            id="add_missing_timezones",
        ),
    ],
)
def test_rdate_lists_in_vtimezone(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    parser: str,
    parse: Parse,
    vtimezone: str,
    misread: dict[str, dict[str, tuple[str, str]]],
) -> None:
    """What each parser makes of icalendar's RDATE-list VTIMEZONEs: the right instants, or an observed bug.

    *misread* maps a parser to the talks it gets wrong, with what it says
    (observed, not wished): those parsers are strict xfail (see
    :func:`observed_upstream_bug`).
    Only libical reads both forms right.

    ical.js 2.x uses only the *first* value of each RDATE property
    (``rdate.getFirstValue()`` in ``Timezone._expandComponent``), and when an
    observance has RDATEs (and no RRULE) it does not count its DTSTART as an
    onset. vobject 0.9.9 decodes RDATE inside STANDARD/DAYLIGHT as TEXT and
    keeps only the text before the first comma, before dateutil sees it; it
    does honour DTSTART. ical reads whole RDATE lists but ignores a DTSTART
    onset that no RRULE generates (see test_kolkata_fixed_offset).

    * from_tzinfo(2015..2017): the lists hold 2016 and 2017. ical.js sees
      only the 2016 transitions, so BST is missed in 2015 and 2017 (13:00Z
      instead of 12:00Z, an hour late); vobject sees 2015 and 2016 and
      misses 2017; ical misses the 2015 DTSTART onsets.  The 2016 talks are
      right everywhere.
    * add_missing_timezones() (lists from 1972/1973): the last transition
      ical.js and vobject see is BST starting March 1973, so London stays on
      BST for ever after: the November 2016 talk comes out at 12:00Z instead
      of 13:00Z (an hour early), while the October one (BST anyway) is right.

    Calendars for these clients should use RRULE-based observances.
    """
    path = write_calendar(tmp_path, vtimezone, *RDATE_LIST_TALKS)
    if parser == "libical":  # icalendar's COMMENT in a VTIMEZONE fails RFC 5546's restrictions: only parse
        parse = functools.partial(ical_parsers.parse_with_libical, restrictions=False)
    if parser in misread:
        observed_upstream_bug(request, parser, f"misreads {sorted(misread[parser])}")
    assert instants(parse(path)) == CORRECT


# The form sphinx_seminars.core.ics writes (RFC 5545 compliant): the state when the
# window opens as a DTSTART-only observance, then one RRULE per rule, bounded
# by an UNTIL in UTC (which RFC 5545 requires inside VTIMEZONE).
LONDON_RRULE_UNTIL = """\
BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:STANDARD
DTSTART:20151230T000000
TZNAME:GMT
TZOFFSETFROM:+0000
TZOFFSETTO:+0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20160327T010000
RRULE:FREQ=YEARLY;UNTIL=20170326T010000Z;BYDAY=-1SU;BYMONTH=3
TZNAME:BST
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20161030T020000
RRULE:FREQ=YEARLY;UNTIL=20171029T010000Z;BYDAY=-1SU;BYMONTH=10
TZNAME:GMT
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
END:STANDARD
END:VTIMEZONE"""


def test_rrule_with_utc_until(request: pytest.FixtureRequest, tmp_path: Path, parser: str, parse: Parse) -> None:
    """Each RRULE above has exactly two onsets, the last one at its UNTIL (which is inclusive).

    Last Sundays: 27 March 2016 and 26 March 2017 (BST from 01:00 GMT =
    01:00Z, the second one = UNTIL), 30 October 2016 and 29 October 2017
    (GMT from 02:00 BST = 01:00Z, the second one = UNTIL). So London is on
    BST from 2016-03-27 to 2016-10-30 and from 2017-03-26 to 2017-10-29,
    GMT around them: 13:00 local is 12:00Z in summer, 13:00Z in winter.
    ``nov17`` needs the last GMT onset, ``jul17`` the last BST one.

    allenporter/ical 14.x cannot expand these rules at all: it hands the
    naive observance DTSTART and the UTC UNTIL to dateutil.rrule, which
    refuses to mix them (raised as ParserError). vobject 0.9.9 reads a UTC
    UNTIL as floating when DTSTART is floating (always, in a VTIMEZONE), so
    it drops a last onset whose local time (02:00, TZOFFSETFROM +0100) is
    later than UNTIL's clock time (01:00): London stays on BST after 29
    October 2017.
    """
    talks = [*RDATE_LIST_TALKS[1:], vevent("nov17", "Europe/London", "20171110T130000", "20171110T140000")]
    path = write_calendar(tmp_path, LONDON_RRULE_UNTIL, *talks)
    if parser == "ical":
        observed_upstream_bug(request, parser, "cannot expand an RRULE with a UTC UNTIL", raises=ParserError)
    if parser == "vobject":
        observed_upstream_bug(request, parser, "drops the last onset when UNTIL is in UTC and east of UTC")
    assert instants(parse(path)) == {
        "oct16": ("2016-10-28T12:00:00Z", "2016-10-28T13:00:00Z"),  # BST
        "nov16": ("2016-11-11T13:00:00Z", "2016-11-11T14:00:00Z"),  # GMT
        "jul17": ("2017-07-07T12:00:00Z", "2017-07-07T13:00:00Z"),  # BST, from the BST onset at UNTIL
        "nov17": ("2017-11-10T13:00:00Z", "2017-11-10T14:00:00Z"),  # GMT, from the GMT onset at UNTIL
    }


def test_ical_with_the_system_zone_database(tmp_path: Path) -> None:
    """What ical's users (e.g. Home Assistant) see: IANA TZIDs swapped for the system tz database.

    That hides both bugs above: the same instants as the other parsers, derived the same way.
    """
    require_or_skip("ical")
    kolkata = write_calendar(tmp_path, KOLKATA, vevent("ist", "Asia/Kolkata", "20161028T130000", "20161028T140000"))
    assert instants(ical_parsers.parse_with_ical(kolkata, file_timezones=False)) == {
        "ist": ("2016-10-28T07:30:00Z", "2016-10-28T08:30:00Z")  # UTC+05:30
    }
    london = write_calendar(tmp_path, LONDON_RRULE_UNTIL, RDATE_LIST_TALKS[1], RDATE_LIST_TALKS[2])
    assert instants(ical_parsers.parse_with_ical(london, file_timezones=False)) == {
        "oct16": ("2016-10-28T12:00:00Z", "2016-10-28T13:00:00Z"),  # BST, UTC+1
        "nov16": ("2016-11-11T13:00:00Z", "2016-11-11T14:00:00Z"),  # GMT
    }


# -- The harness itself ---------------------------------------------------------------


def test_available_parsers_are_those_without_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    reasons = {"icaljs": "no node", "libical": None, "ical": "not installed", "vobject": None}
    monkeypatch.setattr(ical_parsers, "unavailable_reason", reasons.__getitem__)
    assert ical_parsers.available_parsers() == ["libical", "vobject"]


def test_the_python_parsers_of_the_test_extras_are_available() -> None:
    assert {"ical", "vobject"} <= set(ical_parsers.available_parsers())


def test_a_hanging_npm_install_is_a_reason_not_a_wait(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without network, ``npm ci`` may hang: ical.js is then unavailable, with the reason, after the timeout."""
    calls: list[float] = []

    def hang(cmd: list[str], **kwargs: Any) -> None:
        calls.append(kwargs["timeout"])
        raise subprocess.TimeoutExpired(cmd, kwargs["timeout"])

    monkeypatch.setattr(ical_parsers, "JS_DIR", tmp_path)  # no node_modules there
    monkeypatch.setattr(ical_parsers.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    monkeypatch.setattr(ical_parsers.subprocess, "run", hang)
    reason = ical_parsers._icaljs_missing()
    assert calls == [ical_parsers.NPM_TIMEOUT]
    assert reason == f"`npm ci` in {tmp_path} did not finish in {ical_parsers.NPM_TIMEOUT} s (no network?)"


def test_require_or_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ical_parsers, "unavailable_reason", lambda name: f"{name}: not here")
    monkeypatch.delenv(ical_parsers.REQUIRE_ALL_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="libical: not here"):
        require_or_skip("libical")
    monkeypatch.setenv(ical_parsers.REQUIRE_ALL_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match=r"SEMINARS_REQUIRE_ALL_PARSERS=1 .*libical: not here"):
        require_or_skip("libical")
