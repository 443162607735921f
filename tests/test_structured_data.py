"""schema.org Event JSON-LD on talk pages, read back with json field by field; the social preview
(meta description, sphinxext-opengraph's og:description and og:image)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import build_copy

BASE = "https://links.example.org/site"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("links", tmp_path_factory.mktemp("links") / "src")


def _head(app: Any, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def _events(app: Any, page: str) -> list[dict[str, Any]]:
    scripts = _head(app, page).select('script[type="application/ld+json"]')
    return [json.loads(script.string) for script in scripts]


def test_event_fields(site: Any) -> None:
    (event,) = _events(site, "talks/joint.html")
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Sketches & Streams: Counting at Scale"
    assert event["startDate"] == "2025-07-04T16:00:00+01:00"  # BST, with its offset
    assert event["endDate"] == "2025-07-04T17:30:00+01:00"
    assert event["eventStatus"] == SCHEMA + "EventScheduled"
    assert event["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"  # a room and a join link
    assert event["location"] == [
        {"@type": "Place", "name": "Room 101, Main Building", "address": "Room 101, Main Building"},
        {"@type": "VirtualLocation", "url": "https://meet.example.org/j/42?pwd=a+b&lang=en"},
    ]
    assert event["performer"] == [
        {
            "@type": "Person",
            "name": "Ada Lovelace",
            "affiliation": {"@type": "Organization", "name": "Analytical Engines Ltd"},
        },
        {"@type": "Person", "name": "Charles Babbage"},
    ]
    assert event["organizer"] == {"@type": "Organization", "name": "Ada Lovelace", "email": "ada@example.org"}
    assert event["image"] == f"{BASE}/_images/poster.png"
    assert event["url"] == f"{BASE}/talks/joint.html#seminar-2025-07-04-joint"
    assert event["description"] == (
        "We count things in streams. The sketches are small and the bounds are tight. A third sentence follows here."
    )


def test_online_cancelled_and_all_day(site: Any) -> None:
    (tokyo,) = _events(site, "talks/tokyo.html")
    assert tokyo["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert tokyo["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/tokyo"}
    assert tokyo["startDate"] == "2025-03-10T08:00:00+09:00"
    (cancelled,) = _events(site, "talks/cancelled.html")
    assert cancelled["eventStatus"] == SCHEMA + "EventCancelled"
    (retreat,) = _events(site, "talks/retreat.html")
    assert (retreat["startDate"], retreat["endDate"]) == ("2025-07-20", "2025-07-22")  # inclusive last day


def test_hostile_text_cannot_end_the_script(site: Any) -> None:
    html = (Path(site.outdir) / "talks" / "hostile.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">')
    body = html[start : html.index("</script>", start)]
    assert "<" not in body.split(">", 1)[1] and "&" not in body  # nothing that HTML would read
    (event,) = _events(site, "talks/hostile.html")
    assert event["name"] == "</script><script>alert(1)</script> Closing Tags"
    assert event["performer"] == [{"@type": "Person", "name": "Eve <!-- Mallory"}]
    assert event["description"] == "A body that says </script> and <!-- opens a comment, & more."
    assert "location" not in event  # "TBA" is no place
    page = _head(site, "talks/hostile.html")
    assert not [s for s in page.select("script") if s.string and "alert(1)" in s.string and "ld+json" not in str(s)]


def test_meta_description_is_clean(site: Any) -> None:
    description = _head(site, "talks/joint.html").select('meta[name="description"]')
    assert [m["content"] for m in description] == [
        "Sketches & Streams: Counting at Scale, by Ada Lovelace and Charles Babbage. "
        "We count things in streams. The sketches are small and the bounds are tight. A third sentence follows here."
    ]
    assert not _head(site, "index.html").select('meta[name="description"]')  # not a talk page
    assert not _events(site, "index.html")


def test_opengraph_reads_the_clean_description_and_picture(build: Any) -> None:
    pytest.importorskip("sphinxext.opengraph")
    app = build(
        "links",
        confoverrides={
            "extensions": ["sphinx_seminars", "myst_parser", "sphinxext.opengraph"],
            "ogp_site_url": BASE + "/",
        },
    )
    head = _head(app, "talks/joint.html")
    og = {m["property"]: m["content"] for m in head.select("meta[property]")}
    assert og["og:description"] == (
        "Sketches & Streams: Counting at Scale, by Ada Lovelace and Charles Babbage. "
        "We count things in streams. The sketches are small and the bounds are tight. A third sentence follows here."
    )
    assert og["og:image"] == f"{BASE}/_images/poster.png"
    assert og["og:image:alt"] == "The Friday Seminar poster"
    assert len(head.select('meta[name="description"]')) == 1  # opengraph adds none of its own


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub"])
def test_other_html_builders(build: Any, builder: str) -> None:
    """dirhtml: each talk's data names its folder page; singlehtml: the one page carries every talk of
    the site, each once, named by its place on that page; ePub: none (no search engine reads a book)."""
    app = build("links", builder)
    outdir = Path(app.outdir)
    if builder == "dirhtml":
        (joint,) = _events(app, "talks/joint/index.html")
        assert joint["url"] == f"{BASE}/talks/joint/#seminar-2025-07-04-joint"
    elif builder == "singlehtml":
        events = _events(app, "index.html")
        urls = sorted(event["url"] for event in events)
        ids = [
            "2025-03-10-tokyo",
            "2025-07-04-joint",
            "2025-07-20-retreat",
            "2025-08-01-cancelled",
            "2025-09-05-hostile",
        ]
        assert urls == [f"{BASE}/#seminar-{talk_id}" for talk_id in ids]  # singlehtml links its page as the root
        assert not _head(app, "index.html").select('meta[name="description"]')  # one page, many talks
    else:
        pages = sorted(outdir.rglob("*.xhtml"))
        assert pages and not any("application/ld+json" in p.read_text(encoding="utf-8") for p in pages)
