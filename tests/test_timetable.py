"""Events with a timetable (issue 14): a workshop day with parallel rooms, a break and a cancelled talk,
a two-day school whose night session crosses the end of British Summer Time, and inline events in
reST and MyST.

The expected instants are worked out by hand: London is on BST (UTC+1) from 31 March to 27 October
2024, when 02:00 BST becomes 01:00 GMT; an entry without an end lasts until the next entry starts,
or until its event ends; an event without an end lasts until its last entry ends.
"""

from __future__ import annotations

import os
import shutil
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, build_copy, content_area, serial_and_parallel, warnings_of
from support.ical_parsers import require_or_skip

DOMAIN = "timetables.example.org"

#: UID -> (start, end in UTC, RELATED-TO, STATUS), per calendar file
WORKSHOP = {
    f"workshop-day@{DOMAIN}": ("2024-05-03T08:00:00Z", "2024-05-03T16:00:00Z", None, "CONFIRMED"),
    f"workshop-day--keynote@{DOMAIN}": ("2024-05-03T08:00:00Z", "2024-05-03T09:00:00Z", "workshop-day", "CONFIRMED"),
    f"workshop-day--gears-in-practice@{DOMAIN}": ("2024-05-03T09:30:00Z", "2024-05-03T10:15:00Z", "workshop-day", "CONFIRMED"),
    f"workshop-day--punched-cards@{DOMAIN}": ("2024-05-03T09:30:00Z", "2024-05-03T10:15:00Z", "workshop-day", "CONFIRMED"),
    f"workshop-day--tables-of-logarithms@{DOMAIN}": ("2024-05-03T10:15:00Z", "2024-05-03T11:00:00Z", "workshop-day", "CANCELLED"),
    f"workshop-day--closing-discussion@{DOMAIN}": ("2024-05-03T15:00:00Z", "2024-05-03T16:00:00Z", "workshop-day", "CONFIRMED"),
}  # fmt: skip
SCHOOL = {
    f"winter-school@{DOMAIN}": ("2024-10-26", "2024-10-28", None, "CONFIRMED"),
    f"winter-school--telescopes@{DOMAIN}": ("2024-10-26T09:00:00Z", "2024-10-26T10:30:00Z", "winter-school", "CONFIRMED"),
    # 23:30 BST to 03:00 GMT: four and a half hours
    f"winter-school--observing-night@{DOMAIN}": ("2024-10-26T22:30:00Z", "2024-10-27T03:00:00Z", "winter-school", "CONFIRMED"),
    f"winter-school--comets@{DOMAIN}": ("2024-10-27T10:00:00Z", "2024-10-27T11:30:00Z", "winter-school", "CONFIRMED"),
}  # fmt: skip
DOUBLE_BILL = {
    f"double-bill@{DOMAIN}": ("2024-06-07T15:00:00Z", "2024-06-07T16:30:00Z", None, "CONFIRMED"),
    f"double-bill--first-talk@{DOMAIN}": ("2024-06-07T15:00:00Z", "2024-06-07T15:45:00Z", "double-bill", "CONFIRMED"),
    f"double-bill--second-talk@{DOMAIN}": ("2024-06-07T15:45:00Z", "2024-06-07T16:30:00Z", "double-bill", "CONFIRMED"),
}  # fmt: skip
STUDENTS = {
    f"student-session@{DOMAIN}": ("2024-12-06T14:00:00Z", "2024-12-06T14:40:00Z", None, "CONFIRMED"),
    f"student-session--short-talk-one@{DOMAIN}": ("2024-12-06T14:00:00Z", "2024-12-06T14:20:00Z", "student-session", "CONFIRMED"),
    f"student-session--short-talk-two@{DOMAIN}": ("2024-12-06T14:20:00Z", "2024-12-06T14:40:00Z", "student-session", "CONFIRMED"),
}  # fmt: skip
CALENDARS = {
    "workshop-day.ics": WORKSHOP,
    "winter-school.ics": SCHOOL,
    "double-bill.ics": DOUBLE_BILL,
    "student-session.ics": STUDENTS,
}
PARSERS = ("icaljs", "libical", "vobject")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The timetable site, built once for the read-only tests."""
    dest = tmp_path_factory.mktemp("timetable") / "src"
    app = build_copy("timetable", dest)
    warnings = warnings_of(app)
    # the one dangling reference is on purpose (refs.md)
    assert [w for w in warnings if "no-such-talk" not in w] == [], warnings
    assert len(warnings) == 1
    return Path(app.outdir)


def _expected(table: dict[str, tuple[str, str, str | None, str]]) -> dict[str, tuple[str, str, str | None, str]]:
    return {uid: (start, end, f"{related}@{DOMAIN}" if related else None, status) for uid, (start, end, related, status) in table.items()}  # fmt: skip


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_each_vevent_of_a_talks_calendar_by_three_parsers(site: Path, name: str, parser: str) -> None:
    parse = require_or_skip(parser)
    found = {e.uid: (e.start_utc, e.end_utc, e.related_to, e.status) for e in parse(site / name)}
    assert found == _expected(CALENDARS[name])


@pytest.mark.parametrize("parser", PARSERS)
def test_the_feeds_carry_every_entry(site: Path, parser: str) -> None:
    parse = require_or_skip(parser)
    everything = {uid: v for table in CALENDARS.values() for uid, v in _expected(table).items()}
    feed = {e.uid: (e.start_utc, e.end_utc, e.related_to, e.status) for e in parse(site / "seminars.ics")}
    assert feed == everything
    series = {e.uid: (e.start_utc, e.end_utc, e.related_to, e.status) for e in parse(site / "seminars-engines.ics")}
    assert series == _expected(WORKSHOP)


def test_a_cancelled_entry_says_so_in_its_title_alone(site: Path) -> None:
    parse = require_or_skip("libical")
    summaries = {e.uid.split("@")[0]: e.summary for e in parse(site / "workshop-day.ics")}
    assert summaries["workshop-day--tables-of-logarithms"] == "Cancelled: Tables of logarithms"
    assert summaries["workshop-day"] == "Workshop on Difference Engines"
    # the break is in the timetable only
    assert not any("coffee" in uid for uid in summaries)


def _rows(table: Any) -> list[list[str]]:
    return [[" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all("td")] for row in table.select("tbody tr")]  # fmt: skip


def test_parallel_rooms_side_by_side(site: Path) -> None:
    page = content_area(site / "workshop.html")
    tables = page.select(".seminar-timetable table")
    assert len(tables) == 1
    assert [th.get_text(strip=True) for th in tables[0].select("thead th")] == ["Time", "Room 1", "Room 2"]
    assert _rows(tables[0]) == [
        ["09:00 BST", "Keynote Ada Lovelace 09:00–10:00"],
        ["10:00 BST", "Coffee 10:00–10:30"],
        ["10:30 BST", "Gears in practice Charles Babbage 10:30–11:15 · Room 1", "Punched cards Joseph Jacquard 10:30–11:15 · Room 2"],
        ["11:15 BST", "Cancelled: Tables of logarithms Gaspard de Prony 11:15–12:00 · Room 1", ""],
        ["16:00 BST", "Closing discussion 16:00–17:00"],
    ]  # fmt: skip
    spanning = [td for td in tables[0].select("tbody td") if td.get("colspan")]
    assert [td["colspan"] for td in spanning] == ["2", "2", "2"]
    # each talk's title links to its details on the page; the break links nowhere
    links = [a["href"] for a in tables[0].select("a.reference")]
    assert links == [
        "#seminar-workshop-day--keynote",
        "#seminar-workshop-day--gears-in-practice",
        "#seminar-workshop-day--punched-cards",
        "#seminar-workshop-day--tables-of-logarithms",
        "#seminar-workshop-day--closing-discussion",
    ]
    for href in links:
        assert page.select_one(href) is not None, href


def test_details_have_speaker_cards_and_inherit_the_location(site: Path) -> None:
    page = content_area(site / "workshop.html")
    gears = page.select_one("#seminar-workshop-day--gears-in-practice")
    assert gears.select_one(".seminar-speaker-name").get_text(strip=True) == "Charles Babbage"
    assert gears.select_one("dd.seminar-where").get_text(strip=True) == "Room 1, Babbage Building"
    assert "About Charles Babbage" in gears.get_text()
    keynote = page.select_one("#seminar-workshop-day--keynote")
    assert keynote.select_one(".seminar-speaker-affiliation").get_text() == "Analytical Engines Ltd"
    assert keynote.select_one("dd.seminar-when").get_text(strip=True) == "09:00–10:00 BST"
    assert "Notes on the engine." in keynote.select_one(".seminar-abstract").get_text()
    cancelled = page.select_one("#seminar-workshop-day--tables-of-logarithms")
    assert "seminar-cancelled" in cancelled["class"]
    # the parent keeps its own when-where and abstract above the timetable
    box = page.select_one("#seminar-workshop-day")
    assert box.select_one("dd.seminar-when").get_text(strip=True) == "Friday 3 May 2024, 09:00–17:00 BST"
    assert "A day of talks on engines." in box.get_text()


def test_a_two_day_school_has_a_table_per_day_and_its_zone_change(site: Path) -> None:
    page = content_area(site / "school.html")
    days = [r.get_text(strip=True) for r in page.select(".seminar-timetable-day")]
    assert days == ["Saturday 26 October 2024", "Sunday 27 October 2024"]
    tables = page.select(".seminar-timetable table")
    assert [_rows(t) for t in tables] == [
        [
            ["10:00–11:30 BST", "Telescopes", "Caroline Herschel"],
            ["23:30 BST – Sunday 27 October 2024 03:00 GMT", "Observing night", "William Herschel"],
        ],
        [["10:00–11:30 GMT", "Comets", "Caroline Herschel"]],
    ]
    night = page.select_one("#seminar-winter-school--observing-night dd.seminar-when")
    assert night.get_text(strip=True) == "Saturday 26 October 2024, 23:30 BST – Sunday 27 October 2024 03:00 GMT"


@pytest.mark.parametrize(
    ("page", "anchor", "expected"),
    [
        ("inline.html", "double-bill", [["16:00–16:45 BST", "First talk", "Mary Somerville"], ["16:45–17:30 BST", "Second talk", "Hertha Ayrton"]]),
        ("inline-myst.html", "student-session", [["14:00–14:20 GMT", "Short talk one", "Emmy Noether"], ["14:20–14:40 GMT", "Short talk two", "Sofia Kovalevskaya"]]),
    ],
)  # fmt: skip
def test_inline_events_in_rst_and_myst(site: Path, page: str, anchor: str, expected: list[list[str]]) -> None:
    content = content_area(site / page)
    box = content.select_one(f"#seminar-{anchor}")
    assert _rows(box.select_one(".seminar-timetable table")) == expected
    assert len(box.select(".seminar-entry")) == 2


def test_the_role_links_to_an_entry_and_objects_inv_lists_entries(site: Path) -> None:
    page = content_area(site / "refs.html")
    links = {a.get_text(): a["href"] for a in page.select("a.reference.internal")}
    assert links == {
        "Keynote": "workshop.html#seminar-workshop-day--keynote",
        "Workshop on Difference Engines": "workshop.html#seminar-workshop-day",
        "a night session": "school.html#seminar-winter-school--observing-night",
        "Second talk": "inline.html#seminar-double-bill--second-talk",
    }
    inventory = _inventory(site / "objects.inv")
    assert inventory["workshop-day/keynote"] == ("workshop.html#seminar-workshop-day--keynote", "Keynote")
    assert inventory["winter-school"] == ("school.html#seminar-winter-school", "Autumn School on Astronomy")
    entries = sorted(name for name in inventory if "/" in name)
    assert entries == sorted(
        uid.split("@")[0].replace("--", "/") for table in CALENDARS.values() for uid in table if "--" in uid
    )


def _inventory(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (uri, title) of the seminar:event objects, read from the zlib-compressed objects.inv."""
    raw = path.read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    found = {}
    for line in body.splitlines():
        name, rest = line.split(" ", 1)
        role, _priority, uri, title = rest.split(" ", 3)
        if role == "seminar:event":
            found[name] = (uri.replace("$", name), title)
    return found


def test_the_index_names_the_entries_speakers_or_lists_the_entries(site: Path) -> None:
    index = content_area(site / "index.html")
    rows = {r.select("td")[3].get_text(" ", strip=True): r.select("td")[2].get_text(" ", strip=True) for r in index.select(".seminar-row")}  # fmt: skip
    assert rows["Workshop on Difference Engines"] == (
        "Ada Lovelace (Analytical Engines Ltd); Charles Babbage; Joseph Jacquard; Gaspard de Prony"
    )
    listed = content_area(site / "listed.html")
    titles = [r.select("td")[3].get_text(" ", strip=True) for r in listed.select(".seminar-row")]
    assert len(titles) == 12  # 5 workshop talks (not the break), 3 school talks, 2 + 2 inline
    assert "Keynote" in titles and "Workshop on Difference Engines" not in titles
    links = {a.get_text(): a["href"] for a in listed.select(".seminar-row a.reference.internal")}
    assert links["Comets"] == "school.html#seminar-winter-school--comets"


def test_feeds_with_only_the_events(make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-timetable", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"seminars_feed_entries": ["engines"]})
    app.build()
    parse = require_or_skip("libical")
    out = Path(app.outdir)
    assert {e.uid for e in parse(out / "seminars.ics")} == {
        f"{name}@{DOMAIN}" for name in ("workshop-day", "winter-school", "double-bill", "student-session")
    }
    assert {e.uid for e in parse(out / "seminars-engines.ics")} == set(WORKSHOP)
    assert {e.uid for e in parse(out / "winter-school.ics")} == set(SCHOOL)  # a talk's own calendar keeps them


def test_warnings_about_entries_are_located(build: Any) -> None:
    app = build("timetable-bad")
    assert warnings_of(app) == [
        "SRC/events/bad.md:6: WARNING: entry 1 has no 'title'; skipped [seminars.entry]",
        "SRC/events/bad.md:8: WARNING: entry 'Too late' (2024-05-03 12:30–13:00) lies outside the event's time (2024-05-03 09:00–2024-05-03 12:00); shown as written [seminars.entry]",
        "SRC/events/bad.md:14: WARNING: entries 'First in the room' and 'Second in the room' overlap in the same room (give each a 'room' if they are parallel) [seminars.entry]",
        "SRC/events/bad.md:18: WARNING: 'start': cannot read '2024-05-03 25:99': hour must be in 0..23; entry skipped [seminars.time]",
        "SRC/events/bad.md:21: WARNING: unknown key 'speeker' in entry 6 ignored; did you mean 'speaker'? [seminars.unknown-key]",
        "SRC/events/bad.md:22: WARNING: entry 7 of 'talks' should be a mapping, not a str; ignored [seminars.entry]",
        "SRC/events/bad.md:23: WARNING: entry id 'first-in-the-room' is used twice in this event; the later entry is 'first-in-the-room-2' (give it an 'id') [seminars.entry]",
    ]  # fmt: skip
    rows = _rows(content_area(Path(app.outdir) / "index.html").select_one(".seminar-timetable table"))
    # kept: the late one, both in the room, the typo (until the event ends), the second "First in the room"
    assert [row[1] for row in rows] == [
        "First in the room",
        "First in the room",
        "Second in the room",
        "Typo",
        "Too late",
    ]
    assert rows[3][0] == "11:30–12:00 BST"


def test_editing_one_entry_rereads_only_its_page(make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-timetable", srcdir)

    def build() -> tuple[set[str], set[str], Any]:
        read: set[str] = set()
        written: set[str] = set()
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / "build")
        app.connect("env-before-read-docs", lambda _a, _e, docnames: read.update(docnames))
        app.connect("doctree-resolved", lambda _a, _d, docname: written.add(docname))
        app.build()
        return read, written, app

    build()
    assert build()[:2] == (set(), set())
    event = srcdir / "events" / "workshop.md"
    event.write_text(event.read_text().replace("title: Punched cards", "title: Punched cards and looms"))
    now = time.time()
    os.utime(event, (now, now))
    read, written, app = build()
    assert read == {"workshop"}
    # refs links to talks with the seminar role: written again so its link texts stay current
    assert written == {"workshop", "index", "listed", "refs"}
    assert "SUMMARY:Punched cards and looms" in (Path(app.outdir) / "seminars.ics").read_text()
    assert "Punched cards and looms" in content_area(Path(app.outdir) / "workshop.html").get_text()


def test_parallel_build_gives_the_same_bytes(make_app: Any, tmp_path: Path) -> None:
    serial, parallel = serial_and_parallel(make_app, "timetable", tmp_path)
    assert sorted(serial) == sorted(parallel)
    assert [name for name in serial if serial[name] != parallel[name]] == []
