"""Property-based tests (hypothesis): the loader never raises, and calendars round-trip through a strict parser."""

from __future__ import annotations

import tempfile
from datetime import UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_seminars.core import ics
from sphinx_seminars.core.ics import calendar_bytes
from sphinx_seminars.core.loading import LoadSettings, build_event, load_event
from sphinx_seminars.core.model import Problem
from support.ical_parsers import require_or_skip

SETTINGS = LoadSettings(default_timezone="Europe/London")

# Pieces event files are made of, so that generated text often gets past the front-matter fence.
_pieces = st.sampled_from(
    ["---\n", "+++\n", "title: ", "start: ", "end: ", "speakers:\n", "  - name: ", "abstract: ", "timezone: ",
     "2024-03-31 01:30", "16:00", "BST", "&a ", "*a", "[", "]", "{", "}", "\"", "'", "\n", "\t", "\r\n", "<script>",
     "&lt;", "\ufeff", "\x00", ": ", "- ", "\\", "$x$", "```{include} x\n```\n", ".. raw:: html\n\n   <b>\n"]
)  # fmt: skip
_files = st.one_of(
    st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=40).map("".join).map(lambda t: t.encode("utf-8")),
    st.binary(max_size=300),
)
_KNOWN_SUBTYPES = {
    "missing", "size", "encoding", "frontmatter", "yaml", "toml", "unknown-key", "duplicate-key", "type", "html",
    "url", "image", "path", "time", "timezone", "missing-field", "id", "join-link", "status",
}  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_files, suffix=st.sampled_from([".md", ".rst", ".yaml", ".toml"]))
def test_loader_returns_an_event_or_warnings_never_an_exception(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"talk{suffix}"
        path.write_bytes(content)
        loaded = load_event(path, SETTINGS)
    assert all(isinstance(p, Problem) and p.subtype in _KNOWN_SUBTYPES for p in loaded.problems)
    assert all(p.line is None or p.line >= 1 for p in loaded.problems)
    if loaded.event is None:  # a talk is only ever lost with a warning that says so
        assert any(p.message.endswith("talk skipped") for p in loaded.problems)


_text = st.text(st.characters(exclude_categories=("Cs", "Co", "Cn")), min_size=1, max_size=80)
_zones = st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"])
_moments = st.datetimes(
    min_value=__import__("datetime").datetime(1990, 1, 1), max_value=__import__("datetime").datetime(2060, 12, 31)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_text, location=_text, zone=_zones, start=_moments, minutes=st.integers(1, 600))
def test_any_event_the_writer_accepts_reads_back_the_same(
    title: str, location: str, zone: str, start: object, minutes: int
) -> None:
    parse = require_or_skip("libical")
    problems: list[Problem] = []
    data = {"title": title, "location": location, "timezone": zone, "start": f"{start:%Y-%m-%d %H:%M}"}
    event = build_event(data, lambda *_: 1, source_path="x.md", default_id="talk", settings=SETTINGS, problems=problems)
    if event is None:
        return  # nothing usable (e.g. a title of spaces): the loader said so, nothing to write
    from dataclasses import replace
    from datetime import timedelta

    event = replace(
        event, end=(event.start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(event.start.tzinfo)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "talk.ics"
        path.write_bytes(calendar_bytes([event], uid_domain="example.org", page_urls={}))
        (parsed,) = parse(path)
    assert parsed.uid == "talk@example.org"
    assert parsed.summary == event.title
    assert parsed.location == (event.location or None)
    assert parsed.start_utc == f"{event.start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    assert parsed.end_utc == f"{event.end.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


# Escapes, multi-byte characters (2, 3 and 4 octets, combining marks) and plain letters, so that
# the 75-octet boundary falls inside a character and right after an escape's backslash or caret.
_line_characters = st.sampled_from(["a", "b", " ", "\\", "^", ";", ",", ":", "é", "€", "😀", "\u0301", "n"])


@settings(max_examples=500, deadline=None)
@given(
    line=st.one_of(
        st.lists(_line_characters, min_size=70, max_size=400).map("".join),
        st.text(max_size=300).filter(lambda t: "\n" not in t and not any("\ud800" <= c <= "\udfff" for c in t)),
    )
)
def test_folding_gives_the_bytes_icalendar_gives(line: str) -> None:
    # ics.fold replaces icalendar's character-by-character folding for speed; it must not change a byte.
    from icalendar.parser.string import _foldline

    assert ics.fold(line) == _foldline(line).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_text, location=_text, abstract=st.text(max_size=2000), zone=_zones, start=_moments)
def test_serialised_talks_are_icalendars_own_bytes(
    title: str, location: str, abstract: str, zone: str, start: object
) -> None:
    problems: list[Problem] = []
    data = {"title": title, "location": location, "abstract": abstract, "timezone": zone,
            "start": f"{start:%Y-%m-%d %H:%M}", "tags": [title, location]}  # fmt: skip
    event = build_event(data, lambda *_: 1, source_path="x.md", default_id="talk", settings=SETTINGS, problems=problems)
    if event is None:
        return
    vevent = ics._vevent(event, "example.org", "https://example.org/talk.html#seminar-talk")
    assert ics.serialise(vevent) == vevent.to_ical()
    if event.timezone and event.timezone != "UTC":
        first = event.start.year
        timezone = ics.vtimezone(event.timezone, first, event.end.year)
        assert ics.serialise(timezone) == timezone.to_ical()
