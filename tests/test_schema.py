"""Any schema: 12-hour clocks, date + time, TOML times, statuses and TBA, the talk's picture, ids, escapes.

Expected instants are worked out by hand: London is on BST (UTC+1) from 31 March to
27 October 2024, GMT (UTC) outside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from conftest import build_copy, content_area, warnings_of
from sphinx_seminars.core import times
from sphinx_seminars.core.ics import calendar_bytes
from sphinx_seminars.core.loading import Loaded, LoadSettings, load_event
from sphinx_seminars.core.model import TO_BE_ANNOUNCED, Event, Status
from support.ical_parsers import require_or_skip

LONDON = LoadSettings(default_timezone="Europe/London")
ZONE = times.zone("Europe/London")


def _load(tmp_path: Path, text: str, name: str = "talk.md", settings: LoadSettings = LONDON, **kwargs: Any) -> Loaded:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_event(path, settings, **kwargs)


def _event(tmp_path: Path, text: str, name: str = "talk.md") -> Event:
    loaded = _load(tmp_path, text, name)
    assert loaded.problems == []
    assert loaded.event is not None
    return loaded.event


def _problems(loaded: Loaded) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.subtype, p.message) for p in loaded.problems]


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- 12-hour clock ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "clock"),
    [
        ("2024-03-01 12:00 PM", time(12, 0)),
        ("2024-03-01 12:00 AM", time(0, 0)),
        ("2024-03-01 12:30am", time(0, 30)),
        ("2024-03-01 1 pm", time(13, 0)),
        ("2024-03-01 11:45am", time(11, 45)),
        ("2024-03-01 1:30 PM", time(13, 30)),
        ("2024-03-01 9:05 a.m.", time(9, 5)),
        ("2024-03-01 4:00 P.M.", time(16, 0)),
        ("2024-03-01 13:00", time(13, 0)),  # the 24-hour clock as before
    ],
)
def test_twelve_hour_clock_times(written: str, clock: time) -> None:
    moment = times.parse_datetime(written, ZONE)
    assert isinstance(moment, datetime)
    assert (moment.date(), moment.time()) == (date(2024, 3, 1), clock)


def test_twelve_hour_clock_with_a_zone_abbreviation() -> None:
    moment = times.parse_datetime("2024-07-01 1:30 PM BST", ZONE)
    assert isinstance(moment, datetime)
    settled, doubt = times.settle(moment, ZONE)
    assert (settled.astimezone(UTC), doubt) == (_utc(2024, 7, 1, 12, 30), "")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "2024-03-01 13 pm",
            "cannot read '2024-03-01 13 pm': 13 is not an hour of the 12-hour clock (1 to 12 am or pm)",
        ),
        (
            "2024-03-01 0:30 am",
            "cannot read '2024-03-01 0:30 am': 0 is not an hour of the 12-hour clock (1 to 12 am or pm)",
        ),
        ("2024-03-01 16", "cannot read '2024-03-01 16' as a date and time (expected e.g. '2024-05-01 16:00')"),
    ],
)
def test_impossible_clock_times_are_refused(written: str, message: str) -> None:
    with pytest.raises(times.TimeError) as caught:
        times.parse_datetime(written, ZONE)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "clock"), [("2 pm", True), ("14:30", True), ("11:45am", True), ("14", False)])
def test_is_clock(text: str, clock: bool) -> None:
    assert times.is_clock(text) is clock


def test_twelve_hour_start_and_clock_only_end(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: T\nstart: 2024-03-01 1:30 PM\nend: 2 pm\n---\n")
    assert (event.start.astimezone(UTC), event.end.astimezone(UTC)) == (_utc(2024, 3, 1, 13, 30), _utc(2024, 3, 1, 14))


def test_bad_twelve_hour_times_warn_at_their_line(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "---\ntitle: T\nstart: 2024-03-01 11 am\nend: 13 pm\n---\n")
    assert _problems(loaded) == [
        (4, "time", "'end': cannot read '2024-03-01 13 pm': 13 is not an hour of the 12-hour clock (1 to 12 am or pm); "
                    "ignored"),
    ]  # fmt: skip
    assert loaded.event is not None  # the default hour follows the start
    assert loaded.event.end.astimezone(UTC) == _utc(2024, 3, 1, 12)
    skipped = _load(tmp_path, "---\ntitle: T\nevent_start_time: 2024-03-01 13 pm\n---\n")
    assert _problems(skipped) == [
        (3, "time", "'event_start_time': cannot read '2024-03-01 13 pm': 13 is not an hour of the 12-hour clock "
                    "(1 to 12 am or pm); talk skipped"),
    ]  # fmt: skip


# -- date + time --------------------------------------------------------------------------------


def test_date_and_time_make_the_start(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: T\ndate: 2024-07-05\ntime: 4 pm\nend: 5:30 pm\n---\n")
    assert (event.start.astimezone(UTC), event.end.astimezone(UTC)) == (_utc(2024, 7, 5, 15), _utc(2024, 7, 5, 16, 30))
    assert event.legacy == ()  # 'date' was the talk's day, not a posting date


def test_date_and_unquoted_24_hour_time(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: T\ndate: '2024-12-06'\ntime: 13:15\n---\n")  # YAML 1.1: 13:15 is 795
    assert event.start.astimezone(UTC) == _utc(2024, 12, 6, 13, 15)


def test_date_alone_is_an_all_day_talk(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: T\ndate: 2024-12-06\n---\n")
    assert event.all_day and event.start.date() == date(2024, 12, 6)


def test_date_beside_a_start_is_the_posting_date(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: T\ndate: 2020-01-01\nevent_start_time: 2024-12-06 16:00\n---\n")
    assert event.start.astimezone(UTC) == _utc(2024, 12, 6, 16)
    assert event.legacy == (("date", "2020-01-01"),)


def test_time_beside_a_start_or_without_a_date_is_reported(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "---\ntitle: T\nstart: 2024-12-06 16:00\ntime: 5 pm\n---\n")
    assert _problems(loaded) == [(4, "duplicate-key", "'time' ignored: the start is given by 'start'")]
    assert loaded.event is not None and loaded.event.start.astimezone(UTC) == _utc(2024, 12, 6, 16)
    alone = _load(tmp_path, "---\ntitle: T\ntime: 5 pm\n---\n")
    assert alone.event is None
    assert _problems(alone) == [(3, "missing-field", "'time' without a 'date' (or a 'start'); talk skipped")]


def test_a_bad_date_skips_the_talk_at_its_line(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "---\ntitle: T\ndate: soon\ntime: 4 pm\n---\n")
    assert loaded.event is None
    assert _problems(loaded) == [
        (3, "time", "'date': cannot read 'soon' as a date and time (expected e.g. '2024-05-01 16:00'); talk skipped")
    ]


# -- TOML -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "front",
    [
        'start = "2024-03-01 13:00"\nend = "2024-03-01 14:30"',
        'start = "2024-03-01 1:00 PM"\nend = "2:30 pm"',
        "start = 2024-03-01T13:00:00\nend = 14:30:00",  # TOML local date-time and local time
        'date = 2024-03-01\ntime = "1:00 PM"\nend = "2:30 PM"',  # TOML date, string times
        "date = 2024-03-01\ntime = 13:00:00\nend_time = 14:30:00",  # TOML date and local times
        'date = "2024-03-01"\ntime = "13:00"\nend = 2024-03-01T14:30:00',
    ],
)
def test_toml_times_as_strings_or_native(tmp_path: Path, front: str) -> None:
    event = _event(tmp_path, f'+++\ntitle = "T"\n{front}\n+++\n')
    assert (event.start.astimezone(UTC), event.end.astimezone(UTC)) == (_utc(2024, 3, 1, 13), _utc(2024, 3, 1, 14, 30))


def test_toml_offset_datetime_keeps_its_instant(tmp_path: Path) -> None:
    event = _event(tmp_path, '+++\ntitle = "T"\nstart = 2024-07-01T16:00:00+02:00\n+++\n')
    assert event.start.astimezone(UTC) == _utc(2024, 7, 1, 14)


# -- abstract and body ----------------------------------------------------------------------------


def test_a_body_wins_over_the_abstract_key(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "---\ntitle: T\nstart: 2024-03-01 13:00\nsummary: From the key.\n---\nFrom the body.\n")
    assert _problems(loaded) == [
        (4, "duplicate-key", "both an abstract in the front matter and a body; showing the body")
    ]
    assert loaded.event is not None and loaded.event.abstract is not None
    assert loaded.event.abstract.source == "From the body."


# -- statuses and TBA -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("confirmed", Status.CONFIRMED), ("Scheduled", Status.CONFIRMED),
        ("tentative", Status.TENTATIVE), ("TBA", Status.TENTATIVE), ("tbc", Status.TENTATIVE),
        ("T.B.D.", Status.TENTATIVE), ("To be confirmed", Status.TENTATIVE),
        ("cancelled", Status.CANCELLED), ("Canceled", Status.CANCELLED),
        ("postponed", Status.POSTPONED), ("POSTPONED", Status.POSTPONED),
    ],
)  # fmt: skip
def test_status_spellings(tmp_path: Path, written: str, status: Status) -> None:
    event = _event(tmp_path, f"---\ntitle: T\nstart: 2024-03-01 13:00\nstatus: {written}\n---\n")
    assert event.status is status


def test_unknown_status_lists_the_statuses(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "---\ntitle: T\nstart: 2024-03-01 13:00\nstatus: moved\n---\n")
    assert _problems(loaded) == [
        (4, "status", "unknown status 'moved' (expected one of: confirmed, tentative, cancelled, postponed); "
                      "using 'confirmed'"),
    ]  # fmt: skip


@pytest.mark.parametrize("written", ["TBA", "tba", "TBD", "TBC", "t.b.a.", "To be announced", "Title: TBA", "(tbd)"])
def test_tba_title_keeps_the_talk(tmp_path: Path, written: str) -> None:
    event = _event(tmp_path, f"---\ntitle: {written!r}\nstart: 2024-03-01 13:00\n---\n")
    assert event.title == TO_BE_ANNOUNCED
    assert event.to_be_announced == ("title",)
    assert event.status is Status.CONFIRMED  # a title to come is not a doubtful date


def test_tba_speaker_and_location(tmp_path: Path) -> None:
    event = _event(
        tmp_path, "---\ntitle: Real Title\nstart: 2024-03-01 13:00\nspeakers: [Ann Known, tbd]\nlocation: TBA\n---\n"
    )
    assert [s.name for s in event.speakers] == ["Ann Known", TO_BE_ANNOUNCED]
    assert event.location == TO_BE_ANNOUNCED
    assert event.to_be_announced == ("speaker", "location")


@pytest.mark.parametrize("written", ["TBA: Deep Nets", "Tbilisi", "To be or not to be"])
def test_titles_that_only_contain_tba_stay(tmp_path: Path, written: str) -> None:
    event = _event(tmp_path, f"---\ntitle: {written!r}\nstart: 2024-03-01 13:00\n---\n")
    assert (event.title, event.to_be_announced) == (written, ())


@pytest.mark.parametrize(
    ("status", "summary", "ical_status", "transp"),
    [
        ("postponed", "Postponed: Moved", "CANCELLED", "TRANSPARENT"),
        ("cancelled", "Cancelled: Moved", "CANCELLED", "TRANSPARENT"),
        ("tentative", "Moved", "TENTATIVE", "OPAQUE"),
        ("confirmed", "Moved", "CONFIRMED", "OPAQUE"),
    ],
)
def test_calendar_status_summary_and_transparency(
    tmp_path: Path, status: str, summary: str, ical_status: str, transp: str
) -> None:
    event = _event(tmp_path, f"---\ntitle: Moved\nstart: 2024-03-01 13:00\nstatus: {status}\n---\n")
    text = calendar_bytes([event], uid_domain="example.org", page_urls={}).decode()
    lines = text.splitlines()
    assert f"SUMMARY:{summary}" in lines
    assert f"STATUS:{ical_status}" in lines
    assert f"TRANSP:{transp}" in lines


# -- pictures -------------------------------------------------------------------------------------


def test_img_is_the_talks_picture_and_the_placeholder_alt_is_none(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    event = _event(
        tmp_path, "---\ntitle: T\nstart: 2024-03-01 13:00\nspeaker: Ann\nimg: logo.png\nalt: image-alt\n---\n"
    )
    assert (event.image, event.image_alt) == (str((tmp_path / "logo.png").resolve()), "")
    assert (event.speakers[0].image, event.speakers[0].image_alt) == ("", "")


def test_speaker_image_is_the_speakers_photo(tmp_path: Path) -> None:
    (tmp_path / "ann.png").write_bytes(b"\x89PNG")
    event = _event(
        tmp_path,
        "---\ntitle: T\nstart: 2024-03-01 13:00\nspeaker: Ann\nspeaker_image: ann.png\n"
        "speaker_image_alt: Ann speaking\nimage_alt: unused without an image\n---\n",
    )
    assert (event.speakers[0].image, event.speakers[0].image_alt) == (
        str((tmp_path / "ann.png").resolve()),
        "Ann speaking",
    )
    assert event.image == ""


def test_a_missing_picture_warns_and_the_talk_stays(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "---\ntitle: T\nstart: 2024-03-01 13:00\nimage: nowhere.png\n---\n")
    assert _problems(loaded) == [(4, "image", "image 'nowhere.png' not found; the talk is shown without it")]
    assert loaded.event is not None and loaded.event.image == ""


# -- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "published", "warned"),
    [
        ("talk-2024-05", "talk-2024-05", False),
        ("Talk-2024-05", "talk-2024-05", False),  # upper case alone is only lower-cased
        ("talks/2016/x", "talks-2016-x", True),
        ("../../x", "x", True),
        ("talk_one", "talk-one", True),
        ("Café talk", "cafe-talk", True),
    ],
)
def test_ids_that_slugifying_changes_are_reported(tmp_path: Path, written: str, published: str, warned: bool) -> None:
    loaded = _load(tmp_path, f"---\nid: {written!r}\ntitle: T\nstart: 2024-03-01 13:00\n---\n")
    assert loaded.event is not None and loaded.event.id == published
    message = f"id {written!r} is not a plain id; published as {published!r}"
    assert _problems(loaded) == ([(2, "id", message)] if warned else [])


def test_file_names_are_slugified_silently(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: T\nstart: 2024-03-01 13:00\n---\n", name="2023-11-03-Hernández Lobato.md")
    assert event.id == "2023-11-03-hernandez-lobato"


# -- escaped control characters -------------------------------------------------------------------


def test_yaml_escaped_control_characters_are_reported(tmp_path: Path) -> None:
    loaded = _load(tmp_path, '---\ntitle: T\nstart: 2024-03-01 13:00\nlocation: "Room\\u00002"\n---\n')
    assert _problems(loaded) == [(4, "encoding", "'location': control character U+0000 (written as an escape) removed")]
    assert loaded.event is not None and loaded.event.location == "Room2"


def test_toml_escaped_control_characters_are_reported(tmp_path: Path) -> None:
    loaded = _load(tmp_path, '+++\ntitle = "T"\nstart = "2024-03-01 13:00"\nlocation = "Room\\u00072"\n+++\n')
    assert _problems(loaded) == [(4, "encoding", "'location': control character U+0007 (written as an escape) removed")]


def test_single_quotes_and_plain_scalars_have_no_escapes(tmp_path: Path) -> None:
    event = _event(tmp_path, "---\ntitle: 'Back\\u0000slash'\nstart: 2024-03-01 13:00\n---\n")
    assert event.title == "Back\\u0000slash"


# -- the loader's project hooks (aliases, defaults, adapt) ---------------------------------------


def test_project_aliases_defaults_and_adapt(tmp_path: Path) -> None:
    settings = LoadSettings(
        default_timezone="Europe/London",
        aliases=(("presenter", "speaker"), ("begin", "start")),
        defaults=(("series", "Friday Seminar"), ("location", "Room 1")),
    )
    text = "---\ntitle: T\npresenter: Ann One\nbegin: 2024-03-01 1 pm\nlocation: Room 2\n---\n"
    loaded = _load(tmp_path, text, settings=settings)
    event = loaded.event
    assert loaded.problems == [] and event is not None
    assert ([s.name for s in event.speakers], event.series, event.location) == (["Ann One"], "Friday Seminar", "Room 2")
    assert event.start.astimezone(UTC) == _utc(2024, 3, 1, 13)

    seen: list[tuple[str, dict[str, Any]]] = []

    def adapt(path: Path, data: dict[str, Any]) -> bool:
        seen.append((path.name, dict(data)))
        data["title"] = data["title"].upper()
        return data.get("draft") is not True

    changed = _load(tmp_path, text, settings=settings, adapt=adapt)
    assert changed.event is not None and changed.event.title == "T"
    assert seen == [
        ("talk.md", {"title": "T", "presenter": "Ann One", "begin": "2024-03-01 1 pm", "location": "Room 2"})
    ]
    renamed = _load(tmp_path, "---\ntitle: lower\nstart: 2024-03-01 13:00\n---\n", adapt=adapt)
    assert renamed.event is not None and renamed.event.title == "LOWER"
    draft = _load(tmp_path, "---\ntitle: T\nstart: 2024-03-01 13:00\ndraft: true\n---\n", adapt=adapt)
    assert (draft.event, draft.problems, draft.skipped) == (None, [], True)


# -- a site ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("schema", tmp_path_factory.mktemp("schema") / "src")


def test_site_builds_without_warnings(site: Any) -> None:
    assert warnings_of(site) == []


def test_page_statuses_and_tba(site: Any) -> None:
    outdir = Path(site.outdir)
    postponed = content_area(outdir / "talks" / "postponed.html")
    assert postponed.select_one("dd.seminar-status").get_text(strip=True) == "Postponed"
    assert postponed.select_one("dd.seminar-when").get_text(strip=True) == "Friday 5 July 2024, 16:00\u201317:30 BST"
    assert "seminar-postponed" in postponed.select_one("div.seminar-event")["class"]
    tba = content_area(outdir / "talks" / "tba.html")
    assert tba.find("h1").get_text(strip=True).rstrip("¶") == "To be announced"
    assert tba.select_one("dd.seminar-status").get_text(strip=True) == "To be confirmed"
    assert tba.select_one(".seminar-speaker-name em.seminar-tba").get_text() == "To be announced"
    assert tba.select_one(".seminar-speaker-initials") is None  # nobody yet: no initials
    assert tba.select_one("dd.seminar-where em.seminar-tba").get_text() == "To be announced"
    assert tba.select_one("dd.seminar-when").get_text(strip=True) == "Friday 12 July 2024, 12:00\u201313:00 BST"


def test_page_shows_the_talks_picture_with_the_title_as_alt(site: Any) -> None:
    page = content_area(Path(site.outdir) / "talks" / "logo.html")
    picture = page.select_one("img.seminar-image")
    assert picture["alt"] == "Pictures of Series"  # 'alt: image-alt' is the archive's placeholder
    assert (Path(site.outdir) / "talks" / picture["src"]).resolve() == Path(site.outdir) / "_images" / "series-logo.png"
    assert page.select_one(".seminar-speaker-initials").get_text() == "WO"  # the logo is not the speaker's face
    assert page.select_one("dd.seminar-when").get_text(strip=True) == "Friday 3 May 2024, 13:30\u201314:30 BST"


def test_index_rows_are_marked(site: Any) -> None:
    page = content_area(Path(site.outdir) / "index.html")
    rows = {
        row.select_one("a.reference.internal")["href"].split("#seminar-")[1]: row
        for row in page.select("tr.seminar-row")
    }
    labels = {
        talk: (row.select_one("strong").get_text() if row.select_one("strong") else "", row["class"])
        for talk, row in rows.items()
    }
    assert labels == {
        "postponed": ("Postponed: ", ["seminar-row", "seminar-postponed", "row-even"]),
        "tba": ("To be confirmed: ", ["seminar-row", "seminar-tentative", "seminar-tba", "row-odd"]),
        "cancelled": ("Cancelled: ", ["seminar-row", "seminar-cancelled", "row-even"]),
        "hugo": ("To be confirmed: ", ["seminar-row", "seminar-tentative", "row-odd"]),
        "logo": ("", ["seminar-row", "row-even"]),
    }
    cells = [cell.get_text(" ", strip=True) for cell in rows["tba"].find_all("td")]
    assert cells[2:] == ["To be announced", "To be confirmed: To be announced", "To be announced"]
    assert len(rows["tba"].select("em.seminar-tba")) == 3


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_calendars_of_the_site(site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    talks = Path(site.outdir) / "talks"
    expected = {
        # talk: (SUMMARY, STATUS, start, end), the times from the files by hand (BST = UTC+1)
        "logo": ("Pictures of Series", "CONFIRMED", "2024-05-03T12:30:00Z", "2024-05-03T13:30:00Z"),
        "postponed": ("Postponed: A Talk Moved Later", "CANCELLED", "2024-07-05T15:00:00Z", "2024-07-05T16:30:00Z"),
        "tba": ("To be announced", "TENTATIVE", "2024-07-12T11:00:00Z", "2024-07-12T12:00:00Z"),
        "cancelled": ("Cancelled: Not This Summer", "CANCELLED", "2024-08-02T10:45:00Z", "2024-08-02T11:45:00Z"),
        "hugo": ("Front Matter in TOML", "TENTATIVE", "2024-09-06T12:00:00Z", "2024-09-06T13:00:00Z"),
    }
    for talk, (summary, status, start, end) in expected.items():
        [event] = parse(talks / f"{talk}.ics")
        assert (event.summary, event.status, event.start_utc, event.end_utc) == (summary, status, start, end)
    assert "TRANSP:TRANSPARENT" in (talks / "postponed.ics").read_text().splitlines()
