"""One-click links into calendar services: each link's query string is read back into instants and fields.

The expected instants were worked out by hand from the event files: 4 July 2025 16:00-17:30 in London
is BST (UTC+1), so 15:00-16:30Z; 10 March 2025 08:00-09:00 in Tokyo (UTC+9, no DST) is 23:00Z on the
9th to 00:00Z on the 10th; the retreat is 20-22 July inclusive, so its exclusive end is the 23rd.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import build_copy, content_area, warnings_of

BASE = "https://links.example.org/site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("links", tmp_path_factory.mktemp("links") / "src")


def _query(url: str) -> tuple[str, dict[str, str]]:
    """(scheme://host/path, the query as single values); a repeated parameter fails."""
    parts = urlsplit(url)
    values = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in values.values()), url
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in values.items()}


def _links(site: Any, page: str) -> dict[str, str]:
    paragraph = content_area(Path(site.outdir) / page).select_one("p.seminar-calendar")
    return {a.get_text(): a["href"] for a in paragraph.select("a")}


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def test_talk_page_offers_every_service(site: Any) -> None:
    links = _links(site, "talks/joint.html")
    assert list(links) == ["Add to calendar (.ics)", "Google Calendar", "Outlook.com", "Microsoft 365"]
    assert links["Add to calendar (.ics)"] == "2025-07-04-joint.ics"
    assert (Path(site.outdir) / "talks" / "2025-07-04-joint.ics").is_file()
    assert warnings_of(site) == []


def test_google_link_instants_zone_and_fields(site: Any) -> None:
    base, query = _query(_links(site, "talks/joint.html")["Google Calendar"])
    assert base == "https://calendar.google.com/calendar/render"
    assert query["action"] == "TEMPLATE"
    start, end = query["dates"].split("/")
    assert (_utc(start), _utc(end)) == (datetime(2025, 7, 4, 15, tzinfo=UTC), datetime(2025, 7, 4, 16, 30, tzinfo=UTC))
    assert query["ctz"] == "Europe/London"
    assert query["text"] == "Sketches & Streams: Counting at Scale"
    assert query["location"] == "Room 101, Main Building"
    assert query["details"].splitlines() == [
        "Speakers: Ada Lovelace (Analytical Engines Ltd); Charles Babbage",
        "Join online: https://meet.example.org/j/42?pwd=a+b&lang=en",
        f"Details: {BASE}/talks/joint.html#seminar-2025-07-04-joint",
    ]


@pytest.mark.parametrize("label,host", [("Outlook.com", "outlook.live.com"), ("Microsoft 365", "outlook.office.com")])
def test_outlook_links_instants_and_fields(site: Any, label: str, host: str) -> None:
    base, query = _query(_links(site, "talks/joint.html")[label])
    assert base == f"https://{host}/calendar/0/action/compose"
    assert query["rru"] == "addevent"
    assert datetime.fromisoformat(query["startdt"]) == datetime(2025, 7, 4, 15, tzinfo=UTC)
    assert datetime.fromisoformat(query["enddt"]) == datetime(2025, 7, 4, 16, 30, tzinfo=UTC)
    assert query["allday"] == "false"
    assert query["subject"] == "Sketches & Streams: Counting at Scale"
    assert query["location"] == "Room 101, Main Building"
    assert "Join online: https://meet.example.org/j/42?pwd=a+b&lang=en" in query["body"].splitlines()


def test_outlook_spaces_are_not_plus_signs(site: Any) -> None:
    # Outlook shows a "+" in a query literally: spaces must be %20
    raw = urlsplit(_links(site, "talks/joint.html")["Outlook.com"]).query
    assert "subject=Sketches%20%26%20Streams%3A%20Counting%20at%20Scale" in raw.split("&")


def test_talk_crossing_midnight_in_utc(site: Any) -> None:
    links = _links(site, "talks/tokyo.html")
    _, google = _query(links["Google Calendar"])
    start, end = google["dates"].split("/")
    assert (_utc(start), _utc(end)) == (datetime(2025, 3, 9, 23, tzinfo=UTC), datetime(2025, 3, 10, tzinfo=UTC))
    assert google["ctz"] == "Asia/Tokyo"
    assert google["location"] == "https://meet.example.org/tokyo"  # no room: the join link is where to go
    _, outlook = _query(links["Microsoft 365"])
    assert datetime.fromisoformat(outlook["startdt"]) == datetime(2025, 3, 9, 23, tzinfo=UTC)


def test_all_day_talk_is_dates_with_exclusive_end(site: Any) -> None:
    links = _links(site, "talks/retreat.html")
    _, google = _query(links["Google Calendar"])
    assert google["dates"] == "20250720/20250723"
    assert "ctz" not in google
    _, outlook = _query(links["Outlook.com"])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2025-07-20", "2025-07-23", "true")


def test_cancelled_talk_keeps_only_its_calendar_file(site: Any) -> None:
    assert list(_links(site, "talks/cancelled.html")) == ["Add to calendar (.ics)"]


def test_subscribe_links_for_every_app(site: Any) -> None:
    first, series = content_area(Path(site.outdir) / "index.html").select(".seminar-subscribe")
    links = {a.get_text(): a["href"] for a in first.select("a")}
    webcal = "webcal://links.example.org/site/seminars.ics"
    assert links["Calendar app (webcal)"] == webcal
    assert _query(links["Google Calendar"]) == ("https://calendar.google.com/calendar/r", {"cid": webcal})
    assert _query(links["Outlook.com"]) == (
        "https://outlook.live.com/calendar/0/addfromweb",
        {"url": webcal, "name": "Links seminars"},
    )
    assert _query(links["Microsoft 365"])[0] == "https://outlook.office.com/calendar/0/addfromweb"
    assert links["Feed URL"] == f"{BASE}/seminars.ics"
    assert links["Download (.ics)"] == "seminars.ics"
    _, outlook = _query({a.get_text(): a["href"] for a in series.select("a")}["Outlook.com"])
    assert outlook == {"url": "webcal://links.example.org/site/seminars-friday-seminar.ics", "name": "Friday Seminar"}


def test_no_base_url_no_service_links_without_page_url(build: Any) -> None:
    app = build("links", confoverrides={"html_baseurl": ""})
    links = _links(app, "talks/joint.html")
    _, google = _query(links["Google Calendar"])
    assert "Details:" not in google["details"]  # no absolute page URL to give
    subscribe = content_area(Path(app.outdir) / "index.html").select_one(".seminar-subscribe")
    assert [a.get_text() for a in subscribe.select("a")] == ["Download (.ics)"]


def test_search_finds_talks_not_the_calendar_links(site: Any) -> None:
    """The links under every talk (and the index's subscribe line) are kept out of Sphinx's search index.

    A search for "Google" or "Outlook" should not list every talk page; the talk's own words stay in.
    """
    text = (Path(site.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    terms = set(index["terms"])
    assert {"sketch", "stream", "lovelac", "babbag"} <= terms  # the talk: stemmed by Sphinx's English stemmer
    assert not {"googl", "outlook", "365", "subscrib", "ic"} & terms
