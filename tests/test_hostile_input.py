"""Broken and hostile event files (tests/roots/test-hostile): exact warnings, what survives, nothing executable.

The files too big to keep in the repository (50 MB, an alias bomb, deep nesting,
a 1 MB line) are written by :func:`_write_generated` before the build.
"""

from __future__ import annotations

import re
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import ROOTS, build_copy, content_area, warnings_of
from sphinx_seminars.core.loading import MAX_FILE_BYTES, LoadSettings, load_event
from support.ical_parsers import require_or_skip

HTML_DROP = "removed from the HTML (with any other script, style, frame or handler)"
NOT_ALLOWED = "is not allowed in an event file; left out"
NO_FRONT_MATTER = "no front matter: the file must start with a '---' (YAML) or '+++' (TOML) line; talk skipped"

#: every warning of the build, by file: (line, subtype, message); worked out from the fixtures by hand
EXPECTED: dict[str, list[tuple[int, str, str]]] = {
    "events/injection.md": [
        (2, "html", "HTML markup in 'title' dropped"),
        (4, "html", "HTML markup in 'speakers' / 'name' dropped"),
        (5, "html", "HTML markup in 'speakers' / 'affiliation' dropped"),
        (6, "url", "'speakers' is not an http(s) or mailto URL: 'javascript:alert(5)'; ignored"),
        (7, "html", f"the 'bio' of speaker 1: an onclick attribute {HTML_DROP}"),
        (9, "html", "HTML markup in 'location' dropped"),
        (10, "url", "'join_link' is not an http(s) URL: 'javascript:alert(11)'; ignored"),
        (11, "url", "'slides' is not an http(s) or mailto URL: "
                    "'data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4='; ignored"),
        (13, "url", "'links' is not an http(s) or mailto URL: 'JaVaScRiPt:alert(13)'; ignored"),
        (15, "html", f"'abstract': an onclick attribute {HTML_DROP}"),
    ],
    "events/markdown-body.md": [
        (5, "html", f"<script> {HTML_DROP}"),
        (5, "html", f"an onerror attribute {HTML_DROP}"),
        (7, "html", f"an onclick attribute {HTML_DROP}"),
        (12, "markup", "image '../../../../../../etc/passwd' left out: use an http(s) URL or a file inside the site"),
        (14, "markup", "link to the local file '../../../../../../etc/hostname' left out of the event"),
        (16, "markup", f"the directive 'include' {NOT_ALLOWED}"),
        (19, "markup", f"the directive 'raw' {NOT_ALLOWED}"),
        (23, "markup", f"the directive 'toctree' {NOT_ALLOWED}"),
        (27, "markup", "math using \\href shown as text"),
    ],
    "events/rest-body.rst": [
        (7, "markup", f"the directive 'raw' {NOT_ALLOWED}"),
        (11, "markup", f"the directive 'include' {NOT_ALLOWED}"),
        (13, "markup", f"the directive 'literalinclude' {NOT_ALLOWED}"),
        (15, "markup", f"the directive 'csv-table' {NOT_ALLOWED}"),
        (18, "markup", f"the directive 'seminar-event' {NOT_ALLOWED}"),
        (20, "markup", f"the role 'download' {NOT_ALLOWED}"),
        (20, "markup", "link to 'javascript:alert(31)' removed: only http(s) and mailto links are allowed"),
        (23, "markup", "link to 'javascript:alert(32)' removed: only http(s) and mailto links are allowed"),
        (25, "markup", "image '../../../../../../etc/passwd' left out: use an http(s) URL or a file inside the site"),
        (27, "markup", "math using \\href shown as text"),
    ],
    "events/paths.md": [
        (2, "id", "id '../../../evil/../x' is not a plain id; published as 'evil-x'"),
        (7, "path", "image '../../../../../../etc/passwd' lies outside the source folder; showing initials"),
        (9, "image", "image '/etc/hostname' not found; showing initials"),  # '/' means the source folder
        (11, "image", "image 'photo.png' not found; showing initials"),  # the NUL byte is removed first
        (12, "encoding", "'speakers' / '2' / 'image': control character U+0000 (written as an escape) removed"),
    ],
    "events/bad-utf8.md": [(2, "encoding", "invalid UTF-8 at byte 15; undecodable bytes replaced")],
    "events/tabs.md": [(3, "yaml", "invalid YAML: while scanning a plain scalar found a tab character that "
                                   "violates indentation; talk skipped")],
    "events/control.md": [
        (2, "encoding", "'title': control character U+0007 (written as an escape) removed"),  # "\a"
        (4, "encoding", "control character U+0007 removed"),  # raw
    ],
    "events/gap.md": [(3, "time", "'start': 2024-03-31 01:30 does not exist in Europe/London "
                                  "(the clocks go forward); using 02:30 BST")],
    "events/fold.md": [
        (3, "time", "'start': 2024-10-27 01:30 happens twice in Europe/London (the clocks go back); "
                    "using the first, 01:30 BST"),
        (4, "time", "'end': 2024-10-27 01:50 happens twice in Europe/London (the clocks go back); "
                    "using the first, 01:50 BST"),
    ],
    "events/feb30.md": [(3, "time", "'start': cannot read '2024-02-30 16:00': day is out of range for month; "
                                    "talk skipped")],
    "events/year1.md": [(3, "time", "'start': the year of '0001-01-01 16:00' is outside 1900\u20132999; talk skipped")],
    "events/year9999.md": [(3, "time", "'start': the year of '9999-12-31 23:30' is outside 1900\u20132999; talk skipped")],
    "events/abbreviation-winter.md": [(3, "time", "'start': the abbreviation 'BST' is not in use in Europe/London "
                                                  "on that day; reading the time in Europe/London")],
    "events/zone-abbreviation.md": [(4, "timezone", "'CET' is a zone abbreviation, not a time zone (expected an "
                                                    "IANA name such as 'Europe/London'); using 'Europe/Berlin'")],
    "events/types.md": [
        (2, "type", "speaker 2 should be a name or a mapping, not a number; ignored"),
        (2, "type", "speaker 3 should be a name or a mapping, not a null; ignored"),
        (6, "type", "'series' should be text, not a mapping; ignored"),
        (7, "type", "'tags' should be a list, not a number; ignored"),
        (9, "type", "'status' should be text, not a list; ignored"),
        (10, "type", "'sequence' should be a whole number >= 0, not 'two'; using 0"),
        (11, "type", "'links' should map labels to URLs, not be a list; ignored"),
    ],
    "events/list-title.md": [
        (2, "type", "'title' should be text, not a list; ignored"),
        (2, "missing-field", "no 'title'; talk skipped"),
    ],
    "events/empty.md": [(1, "frontmatter", NO_FRONT_MATTER)],
    "events/front-matter-only.md": [(2, "frontmatter", "empty front matter; talk skipped")],
    "events/body-only.md": [(1, "frontmatter", NO_FRONT_MATTER)],
    "events/generated-alias-bomb.md": [(8, "size", "front matter has more than 10,000 values once aliases are "
                                                    "expanded; talk skipped")],
    "events/generated-deep.md": [(4, "yaml", "invalid YAML: while increasing flow level exceeded maximum nesting "
                                             "depth; talk skipped")],
    "events/generated-50mb.md": [
        (230, "size", "the body is longer than 100,000 characters; cut short here"),
        (4759, "size", "event file is larger than 2,097,152 bytes; reading only its first 4,758 lines"),
    ],
    "events/generated-long-line.md": [(4, "size", "'location' is longer than 1,000 characters; cut short")],
    "events/myst-extensions.md": [
        (11, "markup", "math using \\mmlToken shown as text"),
        (11, "markup", "math using \\bbox shown as text"),
    ],
    "events/double-slash.md": [
        (5, "markup", "image '//etc/passwd' left out: use an http(s) URL or a file inside the site"),  # Sphinx: root
    ],
    "events/image-target.rst": [
        (5, "markup", "image '../../nonexistent.png' left out: use an http(s) URL or a file inside the site"),
    ],
    "events/zone-folder.md": [(4, "timezone", "unknown time zone 'Europe' (expected an IANA name such as "
                                              "'Europe/London'); using 'Europe/London'")],
    "events/deep-list.rst": [(5, "size", "the text is nested more than 40 levels deep; shown as plain text")],
    "events/generated-quadratic.md": [(4, "size", "'abstract' is longer than 100,000 characters; cut short")],
    "index.rst": [
        (18, "duplicate-id", "event id 'talk-one' is used by both SRC/events/Talk One.md and SRC/events/talk-one.md; "
                             "the second is published as 'talk-one-2' and ':seminar:`talk-one`' links to the first. "
                             "Give one of them its own 'id'."),
        (98, "path", "event file '../outside.md' lies outside the source folder; talk skipped"),
        (100, "path", "event file '/../../outside.md' lies outside the source folder; talk skipped"),
    ],
}  # fmt: skip

#: what each surviving talk shows: (title, when)
SURVIVORS = [
    ("Safe Title <script>alert(2)</script>", "Wednesday 1 May 2024, 16:00\u201317:00 BST"),
    ("Markdown Body", "Thursday 2 May 2024, 16:00\u201317:00 BST"),
    ("ReST Body", "Friday 3 May 2024, 16:00\u201317:00 BST"),
    ("Title END:VEVENT BEGIN:VEVENT SUMMARY:Injected; with, commas\\ and a backslash",
     "Saturday 4 May 2024, 16:00\u201317:00 BST"),
    ("Paths", "Sunday 5 May 2024, 16:00\u201317:00 BST"),
    ("Talk One (spaces)", "Monday 6 May 2024, 16:00\u201317:00 BST"),
    ("Talk One (dashes)", "Monday 6 May 2024, 17:00\u201318:00 BST"),
    ("Bom Café", "Saturday 1 June 2024, 16:00\u201317:00 BST"),
    ("Sixteen Café", "Sunday 2 June 2024, 16:00\u201317:00 BST"),
    ("Sixteen No Bom", "Monday 3 June 2024, 16:00\u201317:00 BST"),
    ("Bad \ufffd\ufffd Bytes", "Tuesday 4 June 2024, 16:00\u201317:00 BST"),
    ("Crlf", "Wednesday 5 June 2024, 16:00\u201317:00 BST"),
    ("Cr Only", "Thursday 6 June 2024, 16:00\u201317:00 BST"),
    ("Mixed", "Friday 7 June 2024, 16:00\u201317:00 BST"),
    ("Bell and", "Sunday 9 June 2024, 16:00\u201317:00 BST"),
    ("Spring Gap", "Sunday 31 March 2024, 02:30\u201303:30 BST"),
    ("Autumn Fold", "Sunday 27 October 2024, 01:30\u201301:50 BST"),
    ("Autumn Fold Second", "Sunday 27 October 2024, 01:30\u201301:50 GMT"),
    ("Written Bst", "Monday 1 July 2024, 16:00\u201317:00 BST"),
    ("Bst In Winter", "Monday 2 December 2024, 16:00\u201317:00 GMT"),
    ("New York Talk", "Tuesday 3 December 2024, 11:00\u201312:00 EST"),
    ("Zone Cet", "Tuesday 2 July 2024, 16:00\u201317:00 CEST"),
    ("Kolkata Offset", "Wednesday 3 July 2024, 16:00\u201317:00 UTC+05:30"),
    ("All Day", "Thursday 4 July 2024"),
    ("Three Days", "Friday 5 July 2024 \u2013 Sunday 7 July 2024"),
    ("2024", "Thursday 1 August 2024, 16:00\u201317:00 BST"),
    ("Fifty Megabytes", "Tuesday 3 September 2024, 16:00\u201317:00 BST"),
    ("Long Line", "Wednesday 4 September 2024, 16:00\u201317:00 BST"),
    ("Myst Extensions", "Tuesday 1 October 2024, 16:00\u201317:00 BST"),
    ("Double Slash", "Wednesday 2 October 2024, 16:00\u201317:00 BST"),
    ("Image Target", "Thursday 3 October 2024, 16:00\u201317:00 BST"),
    ("Zone Folder", "Friday 4 October 2024, 16:00\u201317:00 BST"),
    ("Deep Html", "Saturday 5 October 2024, 16:00\u201317:00 BST"),
    ("Deep Emphasis", "Sunday 6 October 2024, 16:00\u201317:00 BST"),
    ("Deep List", "Monday 7 October 2024, 16:00\u201317:00 BST"),
    ("Quadratic", "Tuesday 8 October 2024, 16:00\u201317:00 BST"),
]  # fmt: skip

#: exact UTC instants, worked out by hand: London BST = UTC+1 until 27 Oct 2024 01:00 UTC
INSTANTS = {
    "gap.ics": ("2024-03-31T01:30:00Z", "2024-03-31T02:30:00Z"),
    "fold.ics": ("2024-10-27T00:30:00Z", "2024-10-27T00:50:00Z"),  # the first 01:30, in BST
    "fold-gmt.ics": ("2024-10-27T01:30:00Z", "2024-10-27T01:50:00Z"),  # the second 01:30, in GMT
    "abbreviation.ics": ("2024-07-01T15:00:00Z", "2024-07-01T16:00:00Z"),
    "abbreviation-winter.ics": ("2024-12-02T16:00:00Z", "2024-12-02T17:00:00Z"),
    "abbreviation-elsewhere.ics": ("2024-12-03T16:00:00Z", "2024-12-03T17:00:00Z"),
    "zone-abbreviation.ics": ("2024-07-02T14:00:00Z", "2024-07-02T15:00:00Z"),  # Berlin, CEST
    "offset.ics": ("2024-07-03T10:30:00Z", "2024-07-03T11:30:00Z"),
    "all-day.ics": ("2024-07-04", "2024-07-05"),
    "multi-day.ics": ("2024-07-05", "2024-07-08"),  # DTEND is exclusive
}


def _write_generated(events: Path) -> None:
    levels = "\n".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10))
    (events / "generated-alias-bomb.md").write_text(
        f"---\ntitle: Alias Bomb\nstart: 2024-09-01 16:00\nl0: &l0 [lol]\n{levels}\nlayout: *l9\n---\n"
    )  # 9**9 = 387 million values once expanded
    (events / "generated-deep.md").write_text(
        "---\ntitle: Deep\nstart: 2024-09-02 16:00\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\n"
    )
    with (events / "generated-50mb.md").open("w") as stream:
        stream.write("---\ntitle: Fifty Megabytes\nstart: 2024-09-03 16:00\n---\n")
        paragraph = "All work and no play makes a long abstract. " * 20 + "\n\n"
        stream.write(paragraph * (50_000_000 // len(paragraph)))
    (events / "generated-long-line.md").write_text(
        "---\ntitle: Long Line\nstart: 2024-09-04 16:00\nlocation: " + "Room " * 200_000 + "\n---\n"
    )  # one 1 MB line
    # "<a<a<a...": the old tag patterns were quadratic on it (a 2 MB abstract took minutes). The
    # abstract comes in paragraphs: Sphinx's text writer is itself quadratic in a paragraph's length.
    paragraphs = "".join("  " + "<a" * 1000 + "\n\n" for _ in range(400))
    (events / "generated-quadratic.md").write_text(
        "---\ntitle: 'Quadratic " + "<a" * 200_000 + "'\nstart: 2024-10-08 16:00\nabstract: |\n" + paragraphs + "---\n"
    )


def _build_hostile(base: Path, builder: str = "html") -> Any:
    shutil.copytree(ROOTS / "test-hostile", base / "src")
    _write_generated(base / "src" / "events")
    (base / "outside.md").write_text("---\ntitle: Outside The Site\nstart: 2024-09-05 16:00\n---\n")
    return build_copy("hostile", base / "src", builder=builder)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _build_hostile(tmp_path_factory.mktemp("hostile"))


def _expected_warnings() -> list[str]:
    return sorted(
        f"SRC/{name}:{line}: WARNING: {message} [seminars.{subtype}]"
        for name, problems in EXPECTED.items()
        for line, subtype, message in problems
    )


def test_every_problem_is_exactly_one_located_warning(site: Any) -> None:
    assert sorted(warnings_of(site)) == _expected_warnings()


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_finish_with_the_same_warnings(tmp_path: Path, builder: str) -> None:
    app = _build_hostile(tmp_path, builder)
    assert sorted(warnings_of(app)) == _expected_warnings()
    assert not list(Path(app.outdir).rglob("*.ics"))


def test_every_talk_with_a_title_and_a_start_survives(site: Any) -> None:
    page = content_area(Path(site.outdir) / "index.html")
    shown = [
        (box.select_one(".seminar-title").get_text(), box.select_one("dd.seminar-when").get_text(strip=True))
        for box in page.select("div.seminar-event")
    ]
    assert shown == SURVIVORS
    skipped = sum(message.endswith("talk skipped") for problems in EXPECTED.values() for _, _, message in problems)
    directives = (ROOTS / "test-hostile" / "index.rst").read_text().count(".. seminar-event::")
    assert len(shown) + skipped == directives  # nothing lost without a warning saying so


_EXECUTABLE_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "form",
    "base",
    "link",
    "meta",
}


def _executable_markup(html: BeautifulSoup) -> list[str]:
    found = []
    for element in html.find_all(True):
        if element.name in _EXECUTABLE_TAGS:
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{element.name} {name}")
            text = " ".join(value) if isinstance(value, list) else str(value)
            if re.match(r"(?i)^\s*(javascript|data|vbscript):", re.sub(r"[\x00-\x20]", "", text)):
                found.append(f"{element.name} {name}={text[:40]}")
    return found


def test_rendered_html_has_no_executable_markup(site: Any) -> None:
    page = content_area(Path(site.outdir) / "index.html")
    assert page.select("div.seminar-event")
    assert _executable_markup(page) == []


_NOT_SERVICE = "a:not(.seminar-calendar-service)"


def test_injected_text_stays_text(site: Any) -> None:
    # the calendar services' links are checked in test_calendar_links.py
    page = content_area(Path(site.outdir) / "index.html")
    boxes = {box["id"]: box for box in page.select("div.seminar-event")}
    injection = boxes["seminar-injection"]
    assert injection.select_one(".seminar-speaker-name").get_text(strip=True) == "Eve Mallory"
    abstract = injection.select_one(".seminar-abstract").get_text(" ", strip=True)
    assert "and &lt;script&gt; shown as text" in abstract  # decoded once, never parsed again
    assert [a["href"] for a in injection.select(_NOT_SERVICE)] == [
        "https://example.org/code", "https://example.org/ok", "injection.ics",
    ]  # fmt: skip
    bio = injection.select_one(".seminar-bio").get_text(" ", strip=True)
    assert "data link" in bio and "tab link" in bio and "unclosed bold" in bio  # the words survive
    markdown = boxes["seminar-markdown-body"].get_text(" ", strip=True)
    assert "kept words" in markdown and "a script link" in markdown and "The end." in markdown
    assert [a["href"] for a in boxes["seminar-markdown-body"].select(_NOT_SERVICE)] == [
        "https://example.org/good", "markdown-body.ics",
    ]  # fmt: skip
    rest = boxes["seminar-rest-body"]
    assert rest.select_one("div.admonition.note") is not None  # safe directives still work
    # target_ is now a local anchor
    assert [a["href"] for a in rest.select(_NOT_SERVICE)] == ["#target", "rest-body.ics"]
    assert "\\href{javascript:alert(33)}{x}" in rest.get_text()  # shown as TeX text, not as math


def test_project_markup_extensions_do_not_reach_event_files(site: Any) -> None:
    """The test site enables MyST substitutions (Jinja2, with the build environment) and attributes."""
    page = content_area(Path(site.outdir) / "index.html")
    boxes = {box["id"]: box for box in page.select("div.seminar-event")}
    text = boxes["seminar-myst-extensions"].get_text(" ", strip=True)
    assert "Seven times seven: {{ 7 * 7 }}; the project: {{ env.config.project }}; {{ greeting }}." in text
    assert "49" not in text and "Hostile" not in text and "hello" not in text
    (link,) = boxes["seminar-myst-extensions"].select(".seminar-abstract a")
    assert link.attrs == {"class": ["reference", "external"], "href": "https://example.org/x"}  # no target, rel, on*
    assert "\\mmlToken{mi}" in text and "\\bbox[" in text  # shown as TeX text, not handed to MathJax


def test_deep_nesting_keeps_the_words(site: Any) -> None:
    page = content_area(Path(site.outdir) / "index.html")
    boxes = {box["id"]: box for box in page.select("div.seminar-event")}
    assert boxes["seminar-deep-html"].select_one(".seminar-abstract").get_text(" ", strip=True) == "Abstract deep words"
    assert (
        boxes["seminar-deep-emphasis"].select_one(".seminar-abstract").get_text(" ", strip=True) == "Abstract emphatic"
    )
    assert boxes["seminar-deep-list"].get_text().count("level") == 96
    assert boxes["seminar-image-target"].select_one(".seminar-abstract").get_text(" ", strip=True) == (
        "Abstract After the image."
    )  # the image and its :target: link both gone, the build not crashed


def test_nothing_is_read_from_outside_or_written_outside(site: Any) -> None:
    outdir = Path(site.outdir)
    base = Path(site.srcdir).parent
    page = (outdir / "index.html").read_text(encoding="utf-8")
    assert "Outside The Site" not in page
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").is_file() else ""
    root_line = "root:x:0:0"
    for path in outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ics", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert root_line not in text, path
            if len(hostname) > 6:
                assert hostname not in text, path
    assert not list((outdir / "_downloads").rglob("*")) if (outdir / "_downloads").exists() else True
    assert not [p for p in (outdir / "_images").rglob("*")] if (outdir / "_images").exists() else True
    assert list(base.rglob("escaped.ics")) == []  # the legacy calendar_name is kept, never used as a path
    assert (outdir / "evil-x.ics").is_file()  # "../../../evil/../x" becomes a plain slug


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_times_read_back_exactly(site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    for name, (start, end) in INSTANTS.items():
        (event,) = parse(Path(site.outdir) / name)
        assert (event.start_utc, event.end_utc) == (start, end), name


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_calendar_injection_stays_inside_its_properties(site: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    path = Path(site.outdir) / "calendar-injection.ics"
    (event,) = parse(path)  # one event: the title started no new component
    assert event.summary == "Title END:VEVENT BEGIN:VEVENT SUMMARY:Injected; with, commas\\ and a backslash"
    assert event.location == "Room 1 ATTENDEE:mailto:victim@example.org; Building, 2\\3"
    assert "Line one\nEND:VCALENDAR\nBEGIN:VCALENDAR\nline; with, specials\\ and a very long line: long-long-" in (
        event.description or ""
    )
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == 1 and b"\r\nATTENDEE" not in raw
    assert not [line for line in lines if line.startswith((b"SUMMARY:Injected", b"END:VCALENDAR\r"))]


def test_every_calendar_is_read_by_the_strictest_parsers(site: Any) -> None:
    for parser_name in ("icaljs", "libical"):
        parse = require_or_skip(parser_name)
        feed = parse(Path(site.outdir) / "seminars.ics")
        assert len(feed) == len(SURVIVORS)
        assert len({event.uid for event in feed}) == len(SURVIVORS)


# -- the loader's resource bounds, measured directly -------------------------------------------------


@pytest.mark.parametrize("name", ["generated-50mb.md", "generated-alias-bomb.md", "generated-long-line.md"])
def test_huge_input_costs_bounded_memory(tmp_path: Path, name: str) -> None:
    _write_generated(tmp_path)
    tracemalloc.start()
    try:
        load_event(tmp_path / name, LoadSettings(default_timezone="Europe/London"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The file is read only up to MAX_FILE_BYTES (2 MiB); everything derived from it is a small multiple.
    assert peak < 12 * MAX_FILE_BYTES, f"{peak:,} bytes"
