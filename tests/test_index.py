"""The seminar-index directive, the subscribe links and the series feeds of a 22-talk site.

EXPECTED_UTC was worked out by hand from the event files and the zones' rules
(London: BST 26 Mar-29 Oct 2023 and 31 Mar-27 Oct 2024; New York: EDT until
5 Nov 2023 and from 10 Mar to 3 Nov 2024); it is not copied from the output.
"""

from __future__ import annotations

import calendar
import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, build_copy, content_area, serial_and_parallel, warnings_of
from support.ical_parsers import require_or_skip

EXPECTED_UTC = {
    "theory-01": "2023-09-15T13:00:00Z", "theory-02": "2023-10-20T13:00:00Z",
    "theory-03": "2023-11-24T14:00:00Z", "theory-04": "2023-12-29T14:00:00Z",
    "theory-05": "2024-02-02T14:00:00Z", "theory-06": "2024-03-08T14:00:00Z",
    "theory-07": "2024-04-12T13:00:00Z", "theory-08": "2024-05-17T13:00:00Z",
    "theory-09": "2024-06-21T13:00:00Z", "theory-10": "2024-07-26T13:00:00Z",
    "theory-11": "2024-08-30T13:00:00Z", "theory-12": "2024-10-04T13:00:00Z",
    "applied-01": "2023-11-02T15:30:00Z", "applied-02": "2023-12-14T16:30:00Z",
    "applied-03": "2024-01-25T16:30:00Z", "applied-04": "2024-03-07T16:30:00Z",
    "applied-05": "2024-04-18T15:30:00Z", "applied-06": "2024-05-30T15:30:00Z",
    "applied-07": "2024-07-11T15:30:00Z", "applied-08": "2024-08-22T15:30:00Z",
    "applied-09": "2024-10-03T15:30:00Z", "applied-10": "2024-11-14T16:30:00Z",
}  # fmt: skip
NOW = "2024-06-15T12:00:00Z"  # the root's seminars_now


def _epoch(iso: str) -> int:
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def _by_start(ids: list[str], reverse: bool = False) -> list[str]:
    return sorted(ids, key=lambda i: EXPECTED_UTC[i], reverse=reverse)


def _ids_in(part: Any) -> list[str]:
    """Talk ids of an index part, from the links of its rows."""
    return [a["href"].split("#seminar-")[1] for a in part.select(".seminar-row a.reference.internal")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("index", tmp_path_factory.mktemp("index") / "src")


def test_index_splits_at_now_soonest_and_newest_first(site: Any) -> None:
    page = content_area(Path(site.outdir) / "index.html")
    upcoming, past = page.select(".seminar-index-part")
    # real headings (one level below the page title), with ids for links and the page outline
    assert [upcoming.name, past.name] == ["section", "section"]
    assert (upcoming["id"], past["id"]) == ("upcoming-talks", "past-talks")
    assert upcoming.select_one("h2").get_text(strip=True).rstrip("\u00b6") == "Upcoming talks"
    assert past.select_one("h2").get_text(strip=True).rstrip("\u00b6") == "Past talks"
    ended = [i for i, start in EXPECTED_UTC.items() if _epoch(start) + 3600 <= _epoch(NOW)]
    assert _ids_in(upcoming) == _by_start([i for i in EXPECTED_UTC if i not in ended])
    assert _ids_in(past) == _by_start(ended, reverse=True)
    assert len(ended) == 14


def test_rows_show_date_time_speakers_title_location(site: Any) -> None:
    page = content_area(Path(site.outdir) / "index.html")
    row = next(r for r in page.select("tr.seminar-row") if "theory-09" in r.a["href"])
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert cells == ["Fri 21 Jun 2024", "14:00 BST", "Speaker theory-09 (Lab 09)", "Theory talk 9", "Room 09"]
    assert row.a["href"] == "talks/theory-09.html#seminar-theory-09"
    cancelled = next(r for r in page.select("tr.seminar-row") if "theory-10" in r.a["href"])
    assert "seminar-cancelled" in cancelled["class"]
    assert cancelled.select("td")[3].get_text(strip=True) == "Cancelled:Theory talk 10"


def test_data_attributes_hold_exact_utc_epoch_seconds(site: Any) -> None:
    """What the browser script reads, checked without a browser."""
    page = content_area(Path(site.outdir) / "index.html")
    times = page.select(".seminar-index time")
    assert len(times) == len(EXPECTED_UTC)
    for element in times:
        event_id = element.find_parent("tr").a["href"].split("#seminar-")[1]
        start = _epoch(EXPECTED_UTC[event_id])
        assert int(element["data-seminar-start"]) == start
        assert int(element["data-seminar-end"]) == start + 3600
        assert element["datetime"] == EXPECTED_UTC[event_id]
        day = EXPECTED_UTC[event_id][:10]
        if event_id.startswith("theory"):  # minutes east of UTC: BST +60, GMT 0
            expected = 60 if "2024-03-31" <= day <= "2024-10-27" or day <= "2023-10-29" else 0
        else:  # EDT -240, EST -300
            expected = -240 if "2024-03-10" <= day <= "2024-11-03" or day <= "2023-11-05" else -300
        assert int(element["data-seminar-offset"]) == expected


@pytest.mark.parametrize(
    ("now", "upcoming", "past"),
    [
        ("2023-01-01T00:00:00Z", 22, 0),  # before every talk
        ("2024-06-21T13:30:00Z", 8, 14),  # during theory-09: still upcoming until it ends
        ("2024-06-21T14:00:00Z", 7, 15),  # the moment it ends
        ("2025-06-01T00:00:00Z", 0, 22),  # after every talk
    ],
)
def test_split_follows_the_configured_now(build: Any, now: str, upcoming: int, past: int) -> None:
    app = build("index", confoverrides={"seminars_now": now})
    page = content_area(Path(app.outdir) / "index.html")
    up, down = page.select(".seminar-index-part")
    assert (len(_ids_in(up)), len(_ids_in(down))) == (upcoming, past)
    if not upcoming:
        assert up.select_one(".seminar-empty").get_text() == "No upcoming talks."
    if not past:
        assert down.select_one(".seminar-empty").get_text() == "No past talks."


def test_series_filter_group_by_year_as_list(site: Any) -> None:
    page = content_area(Path(site.outdir) / "views.html")
    first = page.select(".seminar-index")[0]
    upcoming, past = first.select(".seminar-index-part")
    assert [g.get_text() for g in upcoming.select(".seminar-group-label")] == ["2024"]
    assert [g.get_text() for g in past.select(".seminar-group-label")] == ["2024", "2023"]
    assert _ids_in(upcoming) == ["theory-09", "theory-10", "theory-11", "theory-12"]
    assert _ids_in(past) == [f"theory-{n:02d}" for n in (8, 7, 6, 5, 4, 3, 2, 1)]
    assert first.select("li.seminar-row")[0].get_text(" ", strip=True).startswith("Fri 21 Jun 2024 , 14:00 BST")
    assert first.select_one(".seminar-subscribe a")["href"] == "webcal://index.example.org/seminars-theory-seminar.ics"


def test_tags_upcoming_limit_and_no_subscribe(site: Any) -> None:
    second = content_area(Path(site.outdir) / "views.html").select(".seminar-index")[1]
    assert [p["class"][1] for p in second.select(".seminar-index-part")] == ["seminar-upcoming"]
    assert _ids_in(second) == ["theory-10", "applied-08"]
    assert second.select_one(".seminar-subscribe") is None


def test_subscribe_links(site: Any) -> None:
    links = content_area(Path(site.outdir) / "index.html").select(".seminar-subscribe a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Calendar app (webcal)", "webcal://index.example.org/seminars.ics"),
        (
            "Google Calendar",
            "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Findex.example.org%2Fseminars.ics",
        ),
        (
            "Outlook.com",
            "https://outlook.live.com/calendar/0/addfromweb?url=webcal%3A%2F%2Findex.example.org%2Fseminars.ics"
            "&name=Index%20seminars",
        ),
        (
            "Microsoft 365",
            "https://outlook.office.com/calendar/0/addfromweb?url=webcal%3A%2F%2Findex.example.org%2Fseminars.ics"
            "&name=Index%20seminars",
        ),
        ("Feed URL", "https://index.example.org/seminars.ics"),
        ("Download (.ics)", "seminars.ics"),
    ]


def test_script_is_loaded_only_by_html(site: Any, build: Any) -> None:
    html = (Path(site.outdir) / "index.html").read_text()
    assert 'src="_static/sphinx-seminars.js' in html
    assert (Path(site.outdir) / "_static" / "sphinx-seminars.js").is_file()
    assert warnings_of(site) == []


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_feeds_hold_every_talk_with_exact_instants(site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    outdir = Path(site.outdir)
    everything = parse(outdir / "seminars.ics")
    assert [(e.uid, e.start_utc) for e in everything] == sorted(
        ((f"{i}@index.example.org", start) for i, start in EXPECTED_UTC.items()), key=lambda pair: (pair[1], pair[0])
    )
    for series, prefix, count in (("theory-seminar", "theory", 12), ("applied-seminar", "applied", 10)):
        events = parse(outdir / f"seminars-{series}.ics")
        assert len(events) == count
        assert {e.uid.split("@")[0] for e in events} == {i for i in EXPECTED_UTC if i.startswith(prefix)}
        assert all(e.start_utc == EXPECTED_UTC[e.uid.split("@")[0]] for e in events)
    cancelled = next(e for e in everything if e.uid.startswith("theory-10@"))
    assert cancelled.status == "CANCELLED"


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_index_renders_as_a_table_in_other_builders(build: Any, builder: str) -> None:
    app = build("index", builder)
    text = "\n".join(p.read_text() for p in Path(app.outdir).rglob("*") if p.suffix in {".tex", ".txt"})
    assert "Upcoming talks" in text and "Past talks" in text
    assert "Theory talk 9" in text and "Applied talk 10" in text
    # no feeds are written for these builders: text prints the HTML site's feed URL (tests/test_man_output.py)
    assert ("Subscribe" in text) == (builder == "text")
    assert warnings_of(app) == []


# -- incremental builds ------------------------------------------------------------------------


class Tracker:
    """Build a copy of the root again and again, recording what each build reads and writes."""

    def __init__(self, make_app: Any, tmp_path: Path) -> None:
        self.make_app = make_app
        self.srcdir = tmp_path / "src"
        self.builddir = tmp_path / "build"
        shutil.copytree(ROOTS / "test-index", self.srcdir)

    def build(self) -> tuple[set[str], set[str], Any]:
        read: set[str] = set()
        written: set[str] = set()
        app = self.make_app("html", srcdir=self.srcdir, builddir=self.builddir)
        app.connect("env-before-read-docs", lambda _a, _e, docnames: read.update(docnames))
        app.connect("doctree-resolved", lambda _a, _d, docname: written.add(docname))
        app.build()
        return read, written, app

    def touch(self, relative: str, text: str | None = None) -> None:
        path = self.srcdir / relative
        if text is not None:
            path.write_text(text)
        now = time.time()  # newer than the last build read anything: Sphinx compares with that
        os.utime(path, (now, now))


def _index_titles(app: Any) -> list[str]:
    page = content_area(Path(app.outdir) / "index.html")
    return [a.get_text() for a in page.select(".seminar-row a.reference.internal")]


def test_editing_one_event_rereads_its_page_and_rewrites_the_indexes(make_app: Any, tmp_path: Path) -> None:
    tracker = Tracker(make_app, tmp_path)
    tracker.build()
    read, written, app = tracker.build()
    assert (read, written) == (set(), set())  # a no-change rebuild does nothing ...
    assert len(_index_titles(app)) == 22  # ... and empties no index

    event = tracker.srcdir / "events" / "theory-03.md"
    tracker.touch("events/theory-03.md", event.read_text().replace("Theory talk 3", "Theory talk three"))
    read, written, app = tracker.build()
    assert read == {"talks/theory-03"}
    assert written == {"talks/theory-03", "index", "views"}
    assert "Theory talk three" in _index_titles(app)
    feed = (Path(app.outdir) / "seminars.ics").read_bytes().decode()
    assert "SUMMARY:Theory talk three" in feed


def test_adding_and_removing_a_talk_updates_every_index_and_feed(make_app: Any, tmp_path: Path) -> None:
    tracker = Tracker(make_app, tmp_path)
    tracker.build()
    (tracker.srcdir / "events" / "theory-13.md").write_text(
        "---\ntitle: Theory talk 13\nevent_start_time: 2024-12-06 14:00\nseries: Theory Seminar\n---\n"
    )
    tracker.touch("talks/theory-13.rst", ".. seminar-event:: ../events/theory-13.md\n")
    read, written, app = tracker.build()
    assert read == {"talks/theory-13", "index"}  # index too: its glob toctree gained a page
    assert {"talks/theory-13", "index", "views"} <= written
    assert "Theory talk 13" in _index_titles(app)
    assert (Path(app.outdir) / "seminars.ics").read_bytes().count(b"BEGIN:VEVENT") == 23

    (tracker.srcdir / "talks" / "applied-10.rst").unlink()
    read, written, app = tracker.build()
    assert read == {"index"}  # the glob toctree lost a page
    assert {"index", "views"} <= written
    assert "Applied talk 10" not in _index_titles(app)
    assert (Path(app.outdir) / "seminars.ics").read_bytes().count(b"BEGIN:VEVENT") == 22
    assert b"applied-10@" not in (Path(app.outdir) / "seminars-applied-seminar.ics").read_bytes()


def test_parallel_build_of_the_index_site_gives_the_same_bytes(make_app: Any, tmp_path: Path) -> None:
    serial, parallel = serial_and_parallel(make_app, "index", tmp_path)
    assert sorted(serial) == sorted(parallel)
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_listing_is_pure_and_uses_the_given_now() -> None:
    from sphinx_seminars.core.listing import Query, build_listing
    from sphinx_seminars.core.loading import LoadSettings, load_event

    events = [
        load_event(path, LoadSettings(default_timezone="Europe/London")).event
        for path in sorted((ROOTS / "test-index" / "events").glob("*.md"))
    ]
    now = datetime.fromisoformat("2024-06-15T12:00:00+00:00")
    upcoming, past = build_listing([e for e in events if e], now, Query(when="all", group_by="month"))
    assert [g.label for g in upcoming.groups][:3] == ["June 2024", "July 2024", "August 2024"]
    assert past.groups[0].label == "May 2024" and [e.id for e in past.groups[0].events] == ["applied-06", "theory-08"]
