"""Standards-clean calendars: libical's RFC 5545/5546 restriction check, ORGANIZER and METHOD, IMAGE, ATTACH.

libical_dump (tests/support) runs icalrestriction_check on every file it reads, so every
calendar any test parses with libical passes it; here each file of a site is read on purpose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import build_copy
from sphinx_seminars.core.loading import LoadSettings, load_event, parse_organizer
from sphinx_seminars.core.model import Organizer
from support.ical_parsers import require_or_skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("links", tmp_path_factory.mktemp("links") / "src")


@pytest.fixture(scope="module")
def anonymous(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The same site without a project organiser: only one talk names its own."""
    return build_copy("links", tmp_path_factory.mktemp("anon") / "src", confoverrides={"seminars_organizer": ""})


def _lines(path: Path) -> list[str]:
    """Content lines, unfolded (RFC 5545 3.1), without the icalendar library."""
    return path.read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")


def _vevent(path: Path) -> list[str]:
    lines = _lines(path)
    return lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")]


def _calendars(app: Any) -> list[Path]:
    found = sorted(Path(app.outdir).rglob("*.ics"))
    assert len(found) == 7  # five talks, the feed and the series feed
    return found


def test_every_calendar_passes_libical_restrictions_with_publish(site: Any) -> None:
    parse = require_or_skip("libical")
    for path in _calendars(site):
        assert parse(path), path  # raises with libical's X-LIC-ERRORs when a restriction fails
        assert "METHOD:PUBLISH" in _lines(path)


def test_without_a_known_organizer_no_method_and_still_clean(anonymous: Any) -> None:
    parse = require_or_skip("libical")
    methods = {}
    for path in _calendars(anonymous):
        assert parse(path), path
        methods[path.name] = [line for line in _lines(path) if line.startswith("METHOD")]
    assert methods["2025-07-04-joint.ics"] == ["METHOD:PUBLISH"]  # its own organizer
    assert methods["2025-03-10-tokyo.ics"] == []
    assert methods["seminars.ics"] == []  # one talk without an organiser is enough


def test_organizer_from_the_event_else_the_project(site: Any) -> None:
    talks = Path(site.outdir) / "talks"
    assert [x for x in _vevent(talks / "2025-07-04-joint.ics") if x.startswith("ORGANIZER")] == [
        'ORGANIZER;CN="Ada Lovelace":mailto:ada@example.org'
    ]
    assert [x for x in _vevent(talks / "2025-03-10-tokyo.ics") if x.startswith("ORGANIZER")] == [
        'ORGANIZER;CN="Links Seminar Office":mailto:seminars@links.example.org'
    ]


def test_image_and_attachments(site: Any) -> None:
    joint = _vevent(Path(site.outdir) / "talks" / "2025-07-04-joint.ics")
    images = [x for x in joint if x.startswith("IMAGE")]
    assert images == ["IMAGE;DISPLAY=BADGE;VALUE=URI:https://links.example.org/site/_images/poster.png"]
    assert (Path(site.outdir) / "_images" / "poster.png").is_file()  # the URL is where the picture is
    assert [x for x in joint if x.startswith("ATTACH")] == [
        "ATTACH:https://example.org/slides.pdf",
        "ATTACH:https://video.example.org/42",
    ]
    tokyo = _vevent(Path(site.outdir) / "talks" / "2025-03-10-tokyo.ics")
    assert not [x for x in tokyo if x.startswith(("IMAGE", "ATTACH"))]


def test_no_image_without_a_base_url(build: Any) -> None:
    app = build("links", confoverrides={"html_baseurl": ""})
    assert not [x for x in _vevent(Path(app.outdir) / "talks" / "2025-07-04-joint.ics") if x.startswith("IMAGE")]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Ada Lovelace <ada@example.org>", Organizer("ada@example.org", "Ada Lovelace")),
        ("ada@example.org", Organizer("ada@example.org", "")),
        ({"name": "Office", "email": "mailto:office@example.org"}, Organizer("office@example.org", "Office")),
        ("Friday Seminar Office", None),
        ({"name": "Office"}, None),
        (["ada@example.org"], None),
    ],
)
def test_parse_organizer(value: Any, expected: Organizer | None) -> None:
    organizer, problem = parse_organizer(value)
    assert organizer == expected
    assert bool(problem) == (expected is None)


def test_bad_organizer_in_an_event_file_warns_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "talk.md"
    path.write_text("---\ntitle: T\nstart: 2025-09-05 16:00\norganizer: Friday Seminar Office\n---\n")
    loaded = load_event(path, LoadSettings())
    assert loaded.event is not None and loaded.event.organizer is None
    assert [(p.subtype, p.line) for p in loaded.problems] == [("organizer", 4)]
