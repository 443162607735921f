"""Whole small sites, built for real; assertions on the generated HTML, doctrees and files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from docutils import nodes

from conftest import content_area, seed_file, warnings_of
from support.ical_parsers import require_or_skip


def _page(app: Any, name: str) -> Any:
    return content_area(Path(app.outdir) / name)


# -- the seed file ---------------------------------------------------------------------------


@pytest.fixture
def seed_site(build: Any, tmp_path: Path) -> Any:
    from conftest import ROOTS

    srcdir = tmp_path / "seed"
    shutil.copytree(ROOTS / "test-seed", srcdir)
    shutil.copy(seed_file("2016-10-28-Mohamed.md"), srcdir / "events" / "seed.md")
    return build("seed", srcdir=srcdir)


def test_seed_file_renders_title_day_and_time(seed_site: Any) -> None:
    page = _page(seed_site, "index.html")
    assert page.find("h1").get_text(strip=True).rstrip("¶") == (
        "Building Machines that Imagine and Reason: Principles and Applications of Deep Generative Models"
    )
    when = page.select_one("dd.seminar-when").get_text(strip=True)
    assert when == "Friday 28 October 2016, 13:00\u201314:00 BST"
    assert page.select_one("dd.seminar-where").get_text(strip=True) == "Roberts Building 508 (Zoom)"
    assert page.select_one(".seminar-speaker-name").get_text(strip=True) == "Shakir Mohamed"
    assert page.select_one(".seminar-speaker-affiliation").get_text(strip=True) == "Google DeepMind"
    assert warnings_of(seed_site) == []  # the two expected repairs are suppressed by conf.py


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_seed_calendar_is_noon_utc_in_independent_parsers(seed_site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    (event,) = parse(Path(seed_site.outdir) / "seed.ics")
    assert (event.start_utc, event.end_utc) == ("2016-10-28T12:00:00Z", "2016-10-28T13:00:00Z")
    assert event.summary.startswith("Building Machines that Imagine and Reason: Principles")


def test_seed_calendar_is_noon_utc_in_icalendar(seed_site: Any) -> None:
    cal = icalendar.Calendar.from_ical((Path(seed_site.outdir) / "seed.ics").read_bytes())
    (event,) = cal.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/London"
    assert start.utctimetuple()[:5] == (2016, 10, 28, 12, 0)


# -- the basic site --------------------------------------------------------------------------


@pytest.fixture
def basic(build: Any) -> Any:
    return build("basic")


def test_legacy_event_page(basic: Any) -> None:
    page = _page(basic, "talks/legacy.html")
    assert page.find("h1").get_text(strip=True).rstrip("¶") == "Learning to Count: Estimators, Bounds and Surprises"
    assert page.select_one("dd.seminar-when").get_text(strip=True) == "Friday 14 October 2016, 13:00\u201314:00 BST"
    assert page.select_one("dd.seminar-where").get_text(strip=True) == "Malet Place Room 1.03 (Zoom)"
    assert page.select_one(".seminar-speaker-initials").get_text(strip=True) == "CO"
    abstract = page.select_one("div.seminar-abstract")
    for permalink in abstract.select("a.headerlink"):
        permalink.decompose()
    text = abstract.get_text(" ", strip=True)
    assert "Abstract:" not in text  # the archive's label line is dropped: we print our own heading
    assert abstract.select_one("section#abstract > h2").get_text(strip=True) == "Abstract"
    assert text.startswith("Abstract We study counting problems")
    assert abstract.select_one(".math").get_text() == r"\(\sum_i x_i\)"
    assert [a["href"] for a in abstract.find_all("a")] == ["https://example.org/people/b"]
    assert "see http://example.org/paper" in text  # &#58; decoded once
    link = page.select_one("p.seminar-calendar a")
    assert link["href"] == "2016-10-14-okafor.ics"
    assert (Path(basic.outdir) / "talks" / "2016-10-14-okafor.ics").is_file()


def test_legacy_event_warnings_point_at_file_and_line(basic: Any) -> None:
    assert warnings_of(basic) == [
        "SRC/events/2016-10-14-okafor.md:6: WARNING: image 'series-logo.png' not found; the talk is shown without it [seminars.image]",
        "SRC/events/2016-10-14-okafor.md:8: WARNING: 'join_link' is not a URL ('Malet Place Room 1.03'); "
        "treating it as the room [seminars.join-link]",
    ]


def test_markdown_body_from_a_myst_page(basic: Any) -> None:
    page = _page(basic, "talks/markdown.html")
    assert page.find("h1").get_text(strip=True).rstrip("¶") == "Kernels, Flows and Everything Between"
    assert page.select_one("dd.seminar-when").get_text(strip=True) == "Friday 9 February 2024, 12:00\u201313:00 GMT"
    abstract = page.select_one("div.seminar-abstract")
    assert abstract.find("strong").get_text() == "Markdown"
    assert [li.get_text(strip=True) for li in abstract.find_all("li")] == ["first point", "second point"]
    assert abstract.select_one(".math") is not None
    photo = page.select_one("img.seminar-speaker-photo")
    assert photo["alt"] == "Portrait of Åsa Lindqvist"
    assert (Path(basic.outdir) / "talks" / photo["src"]).resolve() == (Path(basic.outdir) / "_images" / "lindqvist.png")
    assert page.select_one(".seminar-speaker-initials") is None
    bio = page.select_one("div.seminar-bio")
    assert bio.find("em").get_text() == "statistics"
    assert page.select_one("dd.seminar-join a")["href"] == "https://zoom.example.org/j/123456"


def test_inline_event_with_rst_content(basic: Any) -> None:
    page = _page(basic, "talks/inline.html")
    event = page.select_one("div.seminar-event")
    assert event.select_one(".seminar-title").get_text() == "Sampling & Searching: a Short Tour"
    assert page.select_one("dd.seminar-when").get_text(strip=True) == "Friday 2 May 2025, 16:00\u201317:00 CEST"
    assert page.select_one("dd.seminar-tags").get_text(strip=True) == "sampling, search"
    assert event.select_one("div.seminar-abstract em").get_text() == "sampling"
    assert (Path(basic.outdir) / "talks" / "sampling-searching-a-short-tour.ics").is_file()


def test_toml_front_matter_with_two_speakers(basic: Any) -> None:
    page = _page(basic, "talks/toml.html")
    names = [p.get_text(strip=True) for p in page.select(".seminar-speaker-name")]
    assert names == ["Hiro Tanaka", "Mei Sato"]
    assert page.select_one(".seminar-speaker-name a")["href"] == "https://example.org/~tanaka"
    assert page.select_one("dd.seminar-when").get_text(strip=True) == "Thursday 1 June 2023, 18:30\u201319:30 JST"
    assert page.select_one("dd.seminar-series").get_text(strip=True) == "Graph Reading Group"


def test_doctree_uses_plain_nodes_with_seminar_classes(basic: Any) -> None:
    doctree = basic.env.get_doctree("talks/legacy")
    (box,) = [n for n in doctree.findall(nodes.container) if "seminar-event" in n["classes"]]
    assert box["ids"] == ["seminar-2016-10-14-okafor"]
    assert {type(n).__name__ for n in box.findall(nodes.Element)} <= {
        "container", "rubric", "section", "title", "paragraph", "inline", "strong", "field_list", "field", "field_name",
        "field_body", "reference", "math", "line_block", "line", "emphasis", "image",
    }  # fmt: skip
    assert not list(doctree.findall(nodes.raw))


def test_calendar_file_content(basic: Any) -> None:
    path = Path(basic.outdir) / "talks" / "2016-10-14-okafor.ics"
    card = vobject.readOne(path.read_text(encoding="utf-8"), validate=True)
    event = card.vevent
    assert "method" not in card.contents  # no organiser known: no METHOD (see test_standard_calendars.py)
    assert event.uid.value == "2016-10-14-okafor@seminars.test"
    assert event.summary.value == "Learning to Count: Estimators, Bounds and Surprises"
    assert event.location.value == "Malet Place Room 1.03 (Zoom)"
    assert event.url.value == "https://seminars.example.org/talks/legacy.html#seminar-2016-10-14-okafor"
    description = event.description.value
    assert description.startswith("Speaker: Chidi Okafor (Example Institute of Technology)\n\nWe study counting")
    assert "<" not in description and "&#58;" not in description
    assert description.endswith("Details: https://seminars.example.org/talks/legacy.html#seminar-2016-10-14-okafor")
    assert event.status.value == "CONFIRMED"
    assert event.sequence.value == "0"


def test_join_link_is_an_rfc7986_conference(basic: Any) -> None:
    text = (Path(basic.outdir) / "talks" / "2024-02-09-lindqvist.ics").read_bytes().decode()
    unfolded = text.replace("\r\n ", "")
    assert "CONFERENCE;FEATURE=VIDEO;LABEL=Join the talk online;VALUE=URI:https://zoom.example.org/j/123456" in unfolded
    assert "LOCATION:Lecture Theatre 2\\, 10 Example Street\\, London WC1E 6BT" in unfolded
    assert "Join online: https://zoom.example.org/j/123456" in unfolded.replace("\\n", "\n")


# -- other builders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "calendar"),
    [
        ("html", "talks/2016-10-14-okafor.ics"),
        ("dirhtml", "talks/legacy/2016-10-14-okafor.ics"),
        ("singlehtml", "2016-10-14-okafor.ics"),
    ],
)
def test_html_builders_write_calendars_next_to_the_page(build: Any, builder: str, calendar: str) -> None:
    app = build("basic", builder)
    outdir = Path(app.outdir)
    assert (outdir / calendar).is_file()
    page = {"html": "talks/legacy.html", "dirhtml": "talks/legacy/index.html", "singlehtml": "index.html"}[builder]
    hrefs = [a["href"] for a in content_area(outdir / page).select("p.seminar-calendar a")]
    assert "2016-10-14-okafor.ics" in hrefs
    talks = [
        "2016-10-14-okafor.ics",
        "2024-02-09-lindqvist.ics",
        "sampling-searching-a-short-tour.ics",
        "2023-06-01-tanaka.ics",
    ]
    feeds = ["seminars.ics", "seminars-friday-seminars.ics", "seminars-graph-reading-group.ics"]
    assert sorted(p.name for p in outdir.rglob("*.ics")) == sorted(talks + feeds)
    assert sorted(p.name for p in outdir.glob("seminars*.ics")) == sorted(feeds)  # feeds at the root


@pytest.mark.parametrize("builder", ["latex", "text", "man", "epub", "texinfo", "xml"])
def test_other_builders_render_without_calendars(build: Any, builder: str) -> None:
    app = build("basic", builder)
    outdir = Path(app.outdir)
    assert not list(outdir.rglob("*.ics"))
    text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in outdir.rglob("*")
        if p.is_file() and p.suffix in {".tex", ".txt", ".1", ".xhtml", ".texi", ".xml"}
    )
    assert "Chidi Okafor" in text
    calendar = "Add to calendar" in text
    # text and man pages print the calendar's URL on the HTML site (tests/test_man_output.py), the others drop it
    assert calendar == (builder in ("text", "man"))
    assert not [w for w in warnings_of(app) if "seminars." not in w]


def test_css_only_for_html(build: Any) -> None:
    html = build("basic", "html")
    assert (Path(html.outdir) / "_static" / "sphinx-seminars.css").is_file()
    assert 'href="../_static/sphinx-seminars.css' in (Path(html.outdir) / "talks" / "legacy.html").read_text()
    latex = build("basic", "latex")
    assert not list(Path(latex.outdir).rglob("*.css"))
