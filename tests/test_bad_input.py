"""Broken event files: each problem is one located warning, and the build goes on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import content_area, warnings_of

EXPECTED_WARNINGS = {
    "bad-time.md": (4, "time", "'event_start_time': cannot read 'next tuesday at four' as a date and time "
                    "(expected e.g. '2024-05-01 16:00'); talk skipped"),
    "end-before-start.md": (4, "time", "'event_end_time' is before the start; using the default duration"),
    "end-date-typo.md": (4, "time", "'event_end_time' is before the start; assuming the same day as the start (2024-05-01)"),
    "invalid-toml.md": (3, "toml", "invalid TOML: Expected newline or end of document after a statement "
                        "(at line 2, column 20); talk skipped"),
    "invalid-yaml.md": (4, "yaml", "invalid YAML: while scanning a quoted scalar found unexpected end of stream; talk skipped"),
    "join-not-url.md": (4, "join-link", "'join_link' is not a URL ('Room 101'); treating it as the room"),
    "missing-image.md": (5, "image", "image 'no-such-photo.png' not found; showing initials"),
    "missing-start.md": (2, "missing-field", "no 'start' (or 'event_start_time'); talk skipped"),
    "missing-title.md": (2, "missing-field", "no 'title'; talk skipped"),
    "unknown-key.md": (4, "unknown-key", "unknown key 'speakr' ignored; did you mean 'speaker'?"),
    "unknown-zone.md": (4, "timezone", "unknown time zone 'Europe/Londn' (expected an IANA name such as "
                        "'Europe/London'); using 'Europe/London'"),
    "unterminated.md": (1, "frontmatter", "unterminated front matter: no closing '---' line; "
                        "reading the rest of the file as front matter"),
}  # fmt: skip
SKIPPED = {"bad-time.md", "invalid-toml.md", "invalid-yaml.md", "missing-start.md", "missing-title.md"}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from conftest import build_copy

    return build_copy("bad", tmp_path_factory.mktemp("bad") / "src")


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_each_problem_is_one_located_warning(bad_site: Any, name: str) -> None:
    line, subtype, message = EXPECTED_WARNINGS[name]
    mine = [w for w in warnings_of(bad_site) if w.startswith(f"SRC/events/{name}:")]
    assert mine == [f"SRC/events/{name}:{line}: WARNING: {message} [seminars.{subtype}]"]


def test_missing_file_warns_at_the_directive(bad_site: Any) -> None:
    assert [w for w in warnings_of(bad_site) if "does-not-exist" in w] == [
        "SRC/index.rst:30: WARNING: cannot read event file 'events/does-not-exist.md': "
        "No such file or directory; talk skipped [seminars.missing]"
    ]


def test_no_other_warnings(bad_site: Any) -> None:
    assert len(warnings_of(bad_site)) == len(EXPECTED_WARNINGS) + 1


def test_every_usable_talk_survives_with_what_was_valid(bad_site: Any) -> None:
    page = content_area(Path(bad_site.outdir) / "index.html")
    titles = [t.get_text() for t in page.select(".seminar-title")]
    assert titles == [
        "End Before Start", "End Date Typo", "Room In Join Link", "Missing Photo",
        "Sexagesimal", "Unknown Key", "Unknown Zone", "Never Closed",
    ]  # fmt: skip
    when = {
        box.select_one(".seminar-title").get_text(): box.select_one("dd.seminar-when").get_text(strip=True)
        for box in page.select("div.seminar-event")
    }
    assert when["End Before Start"] == "Wednesday 1 May 2024, 16:00\u201317:00 BST"  # default hour
    assert when["End Date Typo"] == "Wednesday 1 May 2024, 16:00\u201317:00 BST"  # the end's clock, the start's day
    assert when["Sexagesimal"] == "Wednesday 1 May 2024, 16:00\u201316:45 BST"  # not 960 minutes
    assert when["Unknown Zone"] == "Wednesday 1 May 2024, 16:00\u201317:00 BST"  # project zone
    rooms = [dd.get_text(strip=True) for dd in page.select("dd.seminar-where")]
    assert rooms == ["Room 101"]
    assert page.select_one(".seminar-speaker-initials").get_text() == "PD"
    calendars = sorted(p.name for p in Path(bad_site.outdir).glob("*.ics"))
    assert calendars == sorted(
        [f"{Path(n).stem}.ics" for n in EXPECTED_WARNINGS.keys() - SKIPPED] + ["time-only-end.ics", "seminars.ics"]
    )


def test_warnings_can_be_silenced_by_subtype(build: Any) -> None:
    app = build("bad", confoverrides={"suppress_warnings": ["seminars.time", "seminars.missing-field"]})
    remaining = warnings_of(app)
    assert not [w for w in remaining if "[seminars.time]" in w or "[seminars.missing-field]" in w]
    assert len(remaining) == len(EXPECTED_WARNINGS) + 1 - 5


def test_markdown_body_warnings_point_at_the_event_file(make_app: Any, tmp_path: Path) -> None:
    """MyST's own warnings about a body name the event file and its line, not the page."""
    srcdir = tmp_path / "src"
    (srcdir / "events").mkdir(parents=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinx_seminars"]\nexclude_patterns = ["events"]\n')
    (srcdir / "index.rst").write_text("Home\n====\n\n.. seminar-event:: events/deep.md\n")
    (srcdir / "events" / "deep.md").write_text(
        "---\ntitle: Deep\nstart: 2025-01-01 10:00\n---\nIntro.\n\n# Part\n\n### Too deep\n"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == [
        "SRC/events/deep.md:9: WARNING: Non-consecutive header level increase; H1 to H3 [myst.header]"
    ]
    quiet = make_app("html", srcdir=srcdir, freshenv=True, confoverrides={"suppress_warnings": ["myst.header"]})
    quiet.build()
    # (a second app in one process also warns that Sphinx's own nodes are registered again)
    assert [w for w in warnings_of(quiet) if "myst" in w or "deep.md" in w] == []
