"""Series feeds, the ``seminar`` role and duplicate ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import build_copy, content_area, warnings_of
from support.ical_parsers import require_or_skip

# hand-worked instants: London is GMT from 27 Oct 2024, New York EST from 3 Nov 2024
ALL = {
    "delta@feeds.example.org": "2024-03-01T16:00:00Z",  # EST
    "epsilon@feeds.example.org": "2024-06-01T08:00:00Z",  # BST
    "alpha@feeds.example.org": "2024-10-25T13:00:00Z",  # BST
    "beta@feeds.example.org": "2024-11-01T14:00:00Z",  # GMT
    "gamma@feeds.example.org": "2024-11-05T16:00:00Z",  # EST
    "alpha-2@feeds.example.org": "2024-12-01T10:00:00Z",  # GMT; alpha-copy.md also says id: alpha
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("feeds", tmp_path_factory.mktemp("feeds") / "src")


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_feeds_hold_every_talk_once_sorted_with_stable_uids(site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    outdir = Path(site.outdir)
    everything = parse(outdir / "seminars.ics")
    assert [(e.uid, e.start_utc) for e in everything] == list(ALL.items())  # sorted by start
    theory = parse(outdir / "seminars-theory-seminar.ics")
    assert [e.uid for e in theory] == ["alpha@feeds.example.org", "beta@feeds.example.org"]
    applied = parse(outdir / "seminars-applied-seminar.ics")
    assert [(e.uid, e.start_utc) for e in applied] == [
        ("delta@feeds.example.org", ALL["delta@feeds.example.org"]),
        ("gamma@feeds.example.org", ALL["gamma@feeds.example.org"]),
    ]
    (single,) = parse(outdir / "beta.ics")
    assert single.uid == "beta@feeds.example.org"  # the same UID in the talk's own file
    assert everything[3].url == "https://feeds.example.org/site/talks.html#seminar-beta"


def test_feed_calendar_properties(site: Any) -> None:
    text = (Path(site.outdir) / "seminars-theory-seminar.ics").read_bytes().decode().replace("\r\n ", "")
    lines = text.split("\r\n")
    for expected in [
        "NAME:Theory Seminar",
        "X-WR-CALNAME:Theory Seminar",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "SOURCE;VALUE=URI:https://feeds.example.org/site/seminars-theory-seminar.ics",
        "URL:https://feeds.example.org/site/seminars-theory-seminar.ics",
        "UID:seminars-theory-seminar@feeds.example.org",
    ]:
        assert expected in lines
    assert not [line for line in lines if line.startswith("METHOD")]  # no organiser known


def test_role_links_to_the_talk_with_its_title(site: Any) -> None:
    page = content_area(Path(site.outdir) / "refs.html")
    links = [(a.get_text(), a["href"]) for a in page.select("a.reference")]
    assert links == [
        ("Gamma Talk", "talks.html#seminar-gamma"),
        ("the first one", "talks.html#seminar-alpha"),
        ("Beta Talk", "talks.html#seminar-beta"),
    ]


def test_unknown_id_and_duplicate_id_warn(site: Any) -> None:
    warnings = warnings_of(site)
    assert [w for w in warnings if "no-such-talk" in w] == [
        "SRC/refs.md:8: WARNING: unknown seminar event 'no-such-talk' [ref.event]"
    ]
    assert [w for w in warnings if "duplicate-id" in w] == [
        "SRC/talks.rst:14: WARNING: event id 'alpha' is used by both SRC/events/alpha.md and "
        "SRC/events/alpha-copy.md; the second is published as 'alpha-2' and ':seminar:`alpha`' links "
        "to the first. Give one of them its own 'id'. [seminars.duplicate-id]"
    ]


def test_both_talks_of_a_duplicate_id_survive_on_the_page(site: Any) -> None:
    page = content_area(Path(site.outdir) / "talks.html")
    boxes = {box["id"]: box for box in page.select("div.seminar-event")}
    assert list(boxes) == ["seminar-alpha", "seminar-beta", "seminar-gamma", "seminar-delta",
                           "seminar-epsilon", "seminar-alpha-2"]  # fmt: skip
    assert boxes["seminar-alpha-2"].select_one(".seminar-title").get_text() == "Alpha Again"
    assert boxes["seminar-alpha-2"].select_one("a.seminar-add-to-calendar")["href"] == "alpha-2.ics"
    assert boxes["seminar-alpha"].select_one("a.seminar-add-to-calendar")["href"] == "alpha.ics"


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_both_talks_of_a_duplicate_id_have_their_calendar(site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    outdir = Path(site.outdir)
    (first,) = parse(outdir / "alpha.ics")
    (second,) = parse(outdir / "alpha-2.ics")
    assert (first.uid, first.summary) == ("alpha@feeds.example.org", "Alpha Talk")
    assert (second.uid, second.summary) == ("alpha-2@feeds.example.org", "Alpha Again")


def test_talks_are_in_the_inventory_but_the_search_finds_their_pages(site: Any) -> None:
    import json
    import zlib

    outdir = Path(site.outdir)
    # objects.inv, read by hand: four header lines, then zlib-compressed "name domain:role prio uri dispname"
    raw = (outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode()
    talks = sorted(line.split(" ", 4) for line in body.splitlines() if " seminar:event " in line)
    assert [(name, prio, uri, title) for name, _, prio, uri, title in talks] == [
        ("alpha", "-1", "talks.html#seminar-$", "Alpha Talk"),
        ("alpha-2", "-1", "talks.html#seminar-$", "Alpha Again"),
        ("beta", "-1", "talks.html#seminar-$", "Beta Talk"),
        ("delta", "-1", "talks.html#seminar-$", "Delta Talk"),
        ("epsilon", "-1", "talks.html#seminar-$", "Epsilon Talk"),
        ("gamma", "-1", "talks.html#seminar-$", "Gamma Talk"),
    ]
    text = (outdir / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    # Priority -1 keeps talks out of the search's object list: the pages themselves are found.
    assert not any(domain == "seminar" for domain, *_ in index["objnames"].values())
    talks_page = index["docnames"].index("talks")
    for word in ("alpha", "gamma", "speaker"):
        found = index["terms"][word]
        assert talks_page in (found if isinstance(found, list) else [found])
    # The initials shown in place of a photo are decoration, not words to search for.
    assert {"sa", "sb", "sg"}.isdisjoint(index["terms"])


def test_another_project_links_to_talks_through_intersphinx(site: Any, make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "other"
    srcdir.mkdir()
    inventory = Path(site.outdir) / "objects.inv"
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx.ext.intersphinx", "sphinx_seminars"]\n'
        f'intersphinx_mapping = {{"talks": ("https://feeds.example.org/site/", {str(inventory)!r})}}\n'
    )
    (srcdir / "index.rst").write_text("Other\n=====\n\n:external+talks:seminar:event:`gamma`, :seminar:`beta`.\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == []
    links = [(a.get_text(), a["href"]) for a in content_area(Path(app.outdir) / "index.html").select("a.reference")]
    assert links == [
        ("Gamma Talk", "https://feeds.example.org/site/talks.html#seminar-gamma"),
        ("Beta Talk", "https://feeds.example.org/site/talks.html#seminar-beta"),
    ]
