"""Every status and its spellings, everywhere a talk shows: its page, the index row, its calendar file and the feed.

One talk is written per row of :data:`STATUSES` (event file and page), so a new
spelling or status is one more row. What each status must look like
(:data:`MEANINGS`) is written down from the docs, not copied from the output.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, build_copy, content_area, warnings_of
from support.ical_parsers import require_or_skip


@dataclass(frozen=True)
class Meaning:
    """How a talk of one status must be shown."""

    field: str | None  #: the talk page's "Status" field, None: no such field
    cancelled: bool  #: the talk is off (cancelled or postponed): its status is strong, its SUMMARY says so
    ics_status: str  #: the VEVENT's STATUS
    transp: str  #: the VEVENT's TRANSP: a cancelled talk keeps no time busy

    row_class: str = ""  #: the index row's class for the status ("" for none)

    @property
    def label(self) -> str:
        """What an index row shows before the title: the status field's text and a colon."""
        return f"{self.field}: " if self.field else ""


CONFIRMED = Meaning(field=None, cancelled=False, ics_status="CONFIRMED", transp="OPAQUE")
TENTATIVE = Meaning(
    field="To be confirmed", cancelled=False, ics_status="TENTATIVE", transp="OPAQUE", row_class="seminar-tentative"
)
CANCELLED = Meaning(
    field="Cancelled", cancelled=True, ics_status="CANCELLED", transp="TRANSPARENT", row_class="seminar-cancelled"
)
# Postponed: not at this time, a new date to come; calendars have no such STATUS (see docs/calendars.md)
POSTPONED = Meaning(
    field="Postponed", cancelled=True, ics_status="CANCELLED", transp="TRANSPARENT", row_class="seminar-postponed"
)

#: ``status`` as written in an event file (None: no ``status`` key), and what it means.
STATUSES: list[tuple[str | None, Meaning]] = [
    (None, CONFIRMED),
    ("confirmed", CONFIRMED),
    ("cancelled", CANCELLED),
    ("canceled", CANCELLED),
    ("Cancelled", CANCELLED),
    ("tentative", TENTATIVE),
    ("tbc", TENTATIVE),
    ("TBC", TENTATIVE),
    ("tba", TENTATIVE),
    ("TBD", TENTATIVE),
    ("postponed", POSTPONED),
    ("Postponed", POSTPONED),
]

UID_DOMAIN = "statuses.example.org"  # from the root's html_baseurl


@dataclass(frozen=True)
class Talk:
    id: str
    title: str
    written: str | None
    meaning: Meaning


TALKS = [Talk(f"talk-{n}", f"Talk {n}", written, meaning) for n, (written, meaning) in enumerate(STATUSES, start=1)]
ROWS = [pytest.param(talk, id=f"{talk.id}-{talk.written or 'none'}") for talk in TALKS]


def _write_site(dest: Path) -> None:
    shutil.copytree(ROOTS / "test-statuses", dest)
    (dest / "events").mkdir()
    (dest / "talks").mkdir()
    for day, talk in enumerate(TALKS, start=1):
        status = "" if talk.written is None else f"status: {talk.written}\n"
        (dest / "events" / f"{talk.id}.md").write_text(
            f"---\ntitle: {talk.title}\nspeaker: Speaker {day}\nstart: 2025-03-{day:02d} 14:00\n{status}---\n"
        )
        (dest / "talks" / f"{talk.id}.rst").write_text(
            f"{talk.title}\n{'=' * len(talk.title)}\n\n.. seminar-event:: ../events/{talk.id}.md\n"
        )


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Any:
    dest = tmp_path_factory.mktemp("statuses-html") / "src"
    _write_site(dest)
    return build_copy("statuses", dest, "html")


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> Any:
    dest = tmp_path_factory.mktemp("statuses-text") / "src"
    _write_site(dest)
    return build_copy("statuses", dest, "text")


def test_every_spelling_is_read_without_warnings(html: Any, text: Any) -> None:
    assert warnings_of(html) == []
    assert warnings_of(text) == []


# -- the talk page -----------------------------------------------------------------------------


@pytest.mark.parametrize("talk", ROWS)
def test_talk_page_status_field_in_html(html: Any, talk: Talk) -> None:
    page = content_area(Path(html.outdir) / "talks" / f"{talk.id}.html")
    fields = page.select("dd.seminar-status")
    assert [f.get_text(strip=True) for f in fields] == ([] if talk.meaning.field is None else [talk.meaning.field])
    assert page.select_one("dd.seminar-when") is not None  # the field list itself is there


def _text_field(lines: list[str], name: str) -> str | None:
    """The body of a field in the text builder's output ("Name:" then the body indented below)."""
    for number, line in enumerate(lines):
        if line == f"{name}:":
            return lines[number + 1].strip()
    return None


@pytest.mark.parametrize("talk", ROWS)
def test_talk_page_status_field_in_text(text: Any, talk: Talk) -> None:
    lines = (Path(text.outdir) / "talks" / f"{talk.id}.txt").read_text().splitlines()
    field = talk.meaning.field
    # a cancelled talk's status is strong, as in HTML
    expected = None if field is None else f"**{field}**" if talk.meaning.cancelled else field
    assert _text_field(lines, "Status") == expected
    assert _text_field(lines, "When") is not None


# -- the index row -----------------------------------------------------------------------------


@pytest.mark.parametrize("talk", ROWS)
def test_index_row_in_html(html: Any, talk: Talk) -> None:
    page = content_area(Path(html.outdir) / "index.html")
    (row,) = [r for r in page.select("tr.seminar-row") if r.a["href"].endswith(f"#seminar-{talk.id}")]
    statuses = [c for c in row["class"] if c in ("seminar-tentative", "seminar-cancelled", "seminar-postponed")]
    assert statuses == ([talk.meaning.row_class] if talk.meaning.row_class else [])
    title_cell = row.select("td")[3]
    labels = [label.get_text() for label in title_cell.select("strong[class$='-label']")]
    assert labels == ([talk.meaning.label] if talk.meaning.label else [])
    assert title_cell.a.get_text() == talk.title


@pytest.mark.parametrize("talk", ROWS)
def test_index_row_in_text(text: Any, talk: Talk) -> None:
    table = (Path(text.outdir) / "index.txt").read_text()
    cells = [
        [cell.strip() for cell in line.split("|")[1:-1]]
        for line in table.splitlines()
        if line.startswith("|") and f"Speaker {TALKS.index(talk) + 1} " in line
    ]
    assert len(cells) == 1, cells
    prefix = f"**{talk.meaning.label}**" if talk.meaning.label else ""
    assert cells[0][3] == prefix + talk.title


# -- calendars: the talk's own file and the feed -----------------------------------------------


def _vevents(path: Path) -> dict[str, dict[str, str]]:
    """UID -> {property name: value} of each VEVENT, read from the raw, unfolded text (no parser)."""
    unfolded = path.read_bytes().decode().replace("\r\n ", "")
    events: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in unfolded.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events[current["UID"]] = current
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


def _expected_summary(talk: Talk) -> str:
    return f"{talk.meaning.label}{talk.title}" if talk.meaning.cancelled else talk.title


@pytest.mark.parametrize("calendar", ["own", "feed"])
@pytest.mark.parametrize("talk", ROWS)
def test_calendar_summary_status_and_transparency(html: Any, talk: Talk, calendar: str) -> None:
    outdir = Path(html.outdir)
    path = outdir / "talks" / f"{talk.id}.ics" if calendar == "own" else outdir / "seminars.ics"
    vevent = _vevents(path)[f"{talk.id}@{UID_DOMAIN}"]
    assert (vevent["SUMMARY"], vevent["STATUS"], vevent["TRANSP"]) == (
        _expected_summary(talk),
        talk.meaning.ics_status,
        talk.meaning.transp,
    )


def test_feed_holds_every_talk_once(html: Any) -> None:
    assert sorted(_vevents(Path(html.outdir) / "seminars.ics")) == sorted(f"{t.id}@{UID_DOMAIN}" for t in TALKS)


@pytest.mark.parametrize("parser_name", ["icaljs", "libical", "vobject"])
def test_independent_parsers_read_summary_and_status(html: Any, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    outdir = Path(html.outdir)
    expected = {f"{t.id}@{UID_DOMAIN}": (_expected_summary(t), t.meaning.ics_status) for t in TALKS}
    feed = {e.uid: (e.summary, e.status) for e in parse(outdir / "seminars.ics")}
    assert feed == expected
    for talk in TALKS:
        (own,) = parse(outdir / "talks" / f"{talk.id}.ics")
        assert (own.uid, (own.summary, own.status)) == (f"{talk.id}@{UID_DOMAIN}", expected[own.uid])
