"""Checks that a built site holds what it should, so that a fast but wrong build cannot pass.

Every check raises :class:`VerificationError` with a message that says what
was expected and what was found.
"""

from __future__ import annotations

import filecmp
import html.parser
from collections.abc import Iterable
from pathlib import Path

import icalendar
from generate import Talk


class VerificationError(AssertionError):
    """A generated site does not contain what it should."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise VerificationError(message)


class _IndexRows(html.parser.HTMLParser):
    """(href, link text) of each table body row that links to a talk page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, str]] = []
        self._in_tbody = 0
        self._row_link: tuple[str, list[str]] | None = None
        self._in_link = False
        self._row_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_tbody += 1
        elif tag == "tr" and self._in_tbody:
            self._row_open, self._row_link = True, None
        elif tag == "a" and self._row_open and self._row_link is None:
            href = dict(attrs).get("href") or ""
            if href.startswith("talks/"):
                self._row_link, self._in_link = (href.split("#")[0], []), True

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody -= 1
        elif tag == "a":
            self._in_link = False
        elif tag == "tr" and self._row_open:
            if self._row_link is not None:
                self.rows.append((self._row_link[0], " ".join("".join(self._row_link[1]).split())))
            self._row_open = False

    def handle_data(self, data: str) -> None:
        if self._in_link and self._row_link is not None:
            self._row_link[1].append(data)


def index_rows(outdir: Path) -> list[tuple[str, str]]:
    parser = _IndexRows()
    parser.feed((outdir / "index.html").read_text(encoding="utf-8"))
    return parser.rows


def check_site(kind: str, outdir: Path, talks: list[Talk], *, calendars: bool) -> None:
    """Talk pages, index rows (one per talk, each linking to its page) and, for the extension, calendars."""
    n = len(talks)
    pages = sorted(p.name for p in (outdir / "talks").glob("*.html"))
    check(len(pages) == n, f"{kind}: {len(pages)} talk pages in {outdir}/talks, expected {n}")
    rows = index_rows(outdir)
    check(len(rows) == n, f"{kind}: {len(rows)} rows linking to talks in {outdir}/index.html, expected {n}")
    expected = {f"talks/{t.id}.html" for t in talks}
    linked = {href for href, _ in rows}
    check(linked == expected, f"{kind}: index links {len(linked & expected)} of {n} talk pages once each")
    titles = dict(rows)
    wrong = [t.id for t in talks if not titles[f"talks/{t.id}.html"].startswith(t.title)]
    check(not wrong, f"{kind}: index rows show the wrong title for {len(wrong)} talks, e.g. {wrong[:3]}")
    if calendars:
        check_calendars(kind, outdir, talks)


def check_calendars(kind: str, outdir: Path, talks: list[Talk]) -> None:
    n = len(talks)
    feed = icalendar.Calendar.from_ical((outdir / "seminars.ics").read_bytes())
    uids = {str(event["UID"]) for event in feed.walk("VEVENT")}
    check(len(feed.walk("VEVENT")) == n, f"{kind}: seminars.ics has {len(feed.walk('VEVENT'))} VEVENTs, expected {n}")
    check(len(uids) == n, f"{kind}: seminars.ics has {len(uids)} distinct UIDs, expected {n}")
    missing = [t.id for t in talks if not (outdir / "talks" / f"{t.id}.ics").is_file()]
    check(not missing, f"{kind}: {len(missing)} talk calendars missing, e.g. talks/{missing[:3]}.ics")
    one = [p.name for p in (outdir / "talks").glob("*.ics") if p.read_bytes().count(b"BEGIN:VEVENT") != 1]
    check(not one, f"{kind}: {len(one)} talk calendars without exactly one VEVENT, e.g. {one[:3]}")
    series_total = sum(p.read_bytes().count(b"BEGIN:VEVENT") for p in outdir.glob("seminars-*.ics"))
    check(series_total == n, f"{kind}: series feeds hold {series_total} VEVENTs, expected {n}")


def check_edit(kind: str, outdir: Path, talk: Talk, new_title: str) -> None:
    """After editing one talk's title, its page and the index both show the new title."""
    page = (outdir / "talks" / f"{talk.id}.html").read_text(encoding="utf-8")
    check(new_title in page, f"{kind}: the edited title {new_title!r} is not on talks/{talk.id}.html")
    shown = dict(index_rows(outdir)).get(f"talks/{talk.id}.html", "")
    check(shown == new_title, f"{kind}: the index shows {shown!r} for the edited talk, expected {new_title!r}")


def check_no_warnings(kind: str, warnings: str) -> None:
    check(not warnings.strip(), f"{kind}: the build emitted warnings:\n{warnings.strip()}")


def differing_files(left: Path, right: Path, ignore: Iterable[str] = ()) -> list[str]:
    """Relative paths that differ in bytes, or exist on one side only, between two output trees."""
    ignored = set(ignore)
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(
        name
        for name in names - ignored
        if not ((left / name).is_file() and (right / name).is_file())
        or not filecmp.cmp(left / name, right / name, shallow=False)
    )
