"""Parse .ics files with iCalendar parsers independent of the ``icalendar`` library.

The extension writes its calendars with ``icalendar``; reading them back with
the same library would hide its bugs. These helpers read a file with four
other implementations and return its VEVENTs in one comparable shape:

* ``icaljs``  -- Mozilla's ical.js (Thunderbird), run by Node on ``tests/js/parse-ics.mjs``
* ``libical`` -- the C library behind Evolution, via ``tests/support/libical_dump.c``
* ``ical``    -- the PyPI package ``ical`` (allenporter/ical, used by Home Assistant)
* ``vobject`` -- the PyPI package ``vobject``

Each parser converts start/end to UTC with its *own* time zone code, from the
VTIMEZONE components of the file; a TZID without a matching VTIMEZONE is an
error (:class:`ParserError`), as is any file the parser rejects.

Run ``tests/support/install-parsers.sh`` (as root) to install Node packages,
libical and a C compiler.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parent.parent
JS_DIR = TESTS_DIR / "js"
LIBICAL_SOURCE = Path(__file__).resolve().parent / "libical_dump.c"
CACHE_DIR = TESTS_DIR / ".cache"

#: Set to ``1`` (as CI does) to turn "parser unavailable" skips into failures.
REQUIRE_ALL_ENV = "SEMINARS_REQUIRE_ALL_PARSERS"

#: Seconds the tests wait for ``npm ci`` (installing ical.js) before giving up on ical.js.
NPM_TIMEOUT = 120


@dataclass(frozen=True)
class ParsedEvent:
    """One VEVENT as a parser understood it.

    ``start_utc``/``end_utc`` are the absolute instants the parser computed,
    e.g. ``2016-10-28T12:00:00Z``.  (An all-day value is given as
    ``2016-10-28`` and a floating time without the ``Z``.)
    """

    uid: str
    summary: str
    start_utc: str
    end_utc: str
    location: str | None
    description: str | None
    url: str | None
    status: str | None
    related_to: str | None = None  #: the UID a RELATED-TO names (the first one), e.g. a timetable's event


class ParserError(RuntimeError):
    """The parser rejected the file (the message includes its own diagnostics)."""


class ParserUnavailable(RuntimeError):
    """The parser cannot run on this machine."""


# --------------------------------------------------------------------------
# Shared helpers


def _event_from_json(parser: str, path: Path, raw: dict[str, Any]) -> ParsedEvent:
    for key in ("uid", "summary", "start_utc", "end_utc"):
        if not raw.get(key):
            raise ParserError(f"{parser}: event without {key} in {path}: {raw!r}")
    return ParsedEvent(
        uid=raw["uid"],
        summary=raw["summary"],
        start_utc=raw["start_utc"],
        end_utc=raw["end_utc"],
        location=raw.get("location"),
        description=raw.get("description"),
        url=raw.get("url"),
        status=raw.get("status"),
        related_to=raw.get("related_to"),
    )


def _run_json(parser: str, cmd: list[str], path: Path) -> list[ParsedEvent]:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise ParserError(f"{parser} rejected {path} (exit {proc.returncode}):\n{proc.stderr.strip()}")
    try:
        events = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise ParserError(f"{parser}: unreadable output for {path}: {exc}\n{proc.stdout}") from exc
    return [_event_from_json(parser, path, raw) for raw in events]


def _format_time(value: dt.date | None, tzinfo: dt.tzinfo | None) -> str | None:
    """Format like the JS/C helpers; ``tzinfo`` is the parser's zone for the value.

    The UTC offset comes from ``tzinfo.utcoffset()``, i.e. from the parser's
    own implementation of the VTIMEZONE; Python only does the subtraction.
    """
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    if tzinfo is None:
        return value.isoformat()  # floating
    utc = value.replace(tzinfo=tzinfo).astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------
# ical.js (Node)


def parse_with_icaljs(path: str | os.PathLike[str]) -> list[ParsedEvent]:
    """Parse with Mozilla's ical.js 2.x via ``tests/js/parse-ics.mjs``."""
    _ensure_available("icaljs")
    path = Path(path)
    return _run_json("ical.js", ["node", str(JS_DIR / "parse-ics.mjs"), str(path)], path)


# --------------------------------------------------------------------------
# libical (C)


def _libical_flags() -> list[str]:
    out = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "libical"], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


@functools.cache
def _libical_binary() -> Path:
    """Compile libical_dump.c once per (source, flags) into tests/.cache/."""
    flags = _libical_flags()
    digest = hashlib.sha256(LIBICAL_SOURCE.read_bytes() + " ".join(flags).encode()).hexdigest()
    out_dir = CACHE_DIR / "libical_dump"
    binary = out_dir / f"libical_dump-{digest[:16]}"
    if binary.exists():
        return binary
    out_dir.mkdir(parents=True, exist_ok=True)
    (CACHE_DIR / ".gitignore").write_text("*\n")  # in case the repo's ignore rules change
    # Compile to a temporary name then rename, so concurrent test workers never
    # run a half-written binary.
    fd, name = tempfile.mkstemp(dir=out_dir, prefix=".build-")
    os.close(fd)
    tmp = Path(name)
    proc = subprocess.run(
        ["gcc", "-O1", "-Wall", "-o", str(tmp), str(LIBICAL_SOURCE), *flags],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        tmp.unlink()
        raise ParserUnavailable(f"could not compile {LIBICAL_SOURCE}:\n{proc.stderr}")
    tmp.replace(binary)
    return binary


def parse_with_libical(path: str | os.PathLike[str], *, restrictions: bool = True) -> list[ParsedEvent]:
    """Parse with libical (compiling ``libical_dump.c`` on first use).

    *restrictions*: also run libical's ``icalrestriction_check`` (RFC 5545, and RFC 5546 for the
    file's METHOD: ORGANIZER with PUBLISH...), a :class:`ParserError` when it fails. Every file the
    extension writes must pass it; turn it off only for files it did not write.
    """
    _ensure_available("libical")
    path = Path(path)
    flags = [] if restrictions else ["--no-restrictions"]
    return _run_json("libical", [str(_libical_binary()), *flags, str(path)], path)


# --------------------------------------------------------------------------
# ical (allenporter/ical)


def parse_with_ical(path: str | os.PathLike[str], *, file_timezones: bool = True) -> list[ParsedEvent]:
    """Parse with the PyPI package ``ical``, using its own VTIMEZONE implementation.

    When a TZID is a known IANA name, ``ical`` silently swaps the file's
    VTIMEZONE for the system tz database.  By default we undo that: the
    wall-clock time is re-attached to ``IcsTimezoneInfo`` built from the
    file's VTIMEZONE, so the file's own definition is what gets tested.
    ``file_timezones=False`` keeps ical's choice instead (what its users, e.g.
    Home Assistant, see); the TZID must still have a VTIMEZONE in the file.

    Beware, ``IcsTimezoneInfo`` (ical 14.x) has known problems, see the tests:
    it counts an observance's DTSTART as an onset only through an RRULE (so
    DTSTART-only observances are ignored), and it cannot expand an RRULE with
    a UTC ``UNTIL`` (raised here as :class:`ParserError`).
    """
    _ensure_available("ical")
    from ical.calendar_stream import IcsCalendarStream
    from ical.exceptions import CalendarParseError
    from ical.timezone import IcsTimezoneInfo

    path = Path(path)
    try:
        calendar = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
    except CalendarParseError as exc:
        detail = getattr(exc, "detailed_error", None) or ""
        raise ParserError(f"ical rejected {path}: {exc}\n{detail}".strip()) from exc
    zones = {tz.tz_id: IcsTimezoneInfo.from_timezone(tz) for tz in calendar.timezones}

    def file_zone(value: dt.date | None, uid: str) -> dt.tzinfo | None:
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            return None
        if value.tzinfo is dt.UTC:
            return value.tzinfo  # a "Z" time
        # ical keeps the TZID as the tzinfo's name (zoneinfo key or VTIMEZONE TZID).
        tzid = str(value.tzinfo)
        if tzid not in zones:
            raise ParserError(f"ical: event {uid}: TZID {tzid} has no VTIMEZONE in {path}")
        return zones[tzid] if file_timezones else value.tzinfo

    def utc(value: dt.date | None, uid: str) -> str | None:
        try:
            return _format_time(value, file_zone(value, uid))
        except ValueError as exc:
            # IcsTimezoneInfo expands observances lazily, so a VTIMEZONE it
            # cannot handle (e.g. an RRULE UNTIL in UTC, as RFC 5545 requires
            # there) only fails here.
            raise ParserError(f"ical could not apply the VTIMEZONE for event {uid} in {path}: {exc}") from exc

    events = []
    for ev in calendar.events:
        start, end = ev.dtstart, ev.end  # ``end`` is derived from DURATION if needed
        events.append(
            _event_from_json(
                "ical",
                path,
                {
                    "uid": ev.uid,
                    "summary": ev.summary,
                    "start_utc": utc(start, str(ev.uid)),
                    "end_utc": utc(end, str(ev.uid)),
                    "location": ev.location,
                    "description": ev.description,
                    "url": _text(ev.url),
                    # EventStatus is a str enum; .value is the iCalendar name.
                    "status": getattr(ev.status, "value", ev.status),
                    "related_to": ev.related_to[0].uid if ev.related_to else None,
                },
            )
        )
    return events


# --------------------------------------------------------------------------
# vobject


def parse_with_vobject(path: str | os.PathLike[str]) -> list[ParsedEvent]:
    """Parse with ``vobject.readOne(..., validate=True)`` and its VTIMEZONE code (dateutil).

    vobject keeps a process-wide TZID -> tzinfo registry where the first
    definition seen wins (and unknown TZIDs fall back to pytz), so a second
    file with a different "Europe/London" would silently reuse the first.  We
    therefore take each time zone from the VTIMEZONE of *this* file
    (``TimezoneComponent.gettzinfo()``) by the original TZID.
    """
    _ensure_available("vobject")
    import vobject

    path = Path(path)
    try:
        calendar = vobject.readOne(path.read_text(encoding="utf-8"), validate=True)
    except Exception as exc:  # vobject raises assorted ParseError/ValidateError/ValueError
        raise ParserError(f"vobject rejected {path}: {type(exc).__name__}: {exc}") from exc
    zones = {str(tz.tzid.value): tz.gettzinfo() for tz in calendar.contents.get("vtimezone", [])}

    def time_of(line: Any, uid: str) -> tuple[dt.date | None, dt.tzinfo | None]:
        if line is None:
            return None, None
        value = line.value
        tzid = line.params.get("X-VOBJ-ORIGINAL-TZID", [None])[0]
        if isinstance(tzid, list):  # vobject stores it nested for some properties
            tzid = tzid[0]
        if tzid is None:
            return value, getattr(value, "tzinfo", None)
        if tzid not in zones:
            raise ParserError(f"vobject: event {uid}: TZID {tzid} has no VTIMEZONE in {path}")
        return value, zones[tzid]

    events = []
    for ev in calendar.contents.get("vevent", []):
        uid = ev.uid.value if hasattr(ev, "uid") else None
        start, start_tz = time_of(getattr(ev, "dtstart", None), str(uid))
        end, end_tz = time_of(getattr(ev, "dtend", None), str(uid))
        if end is None and start is not None:
            # RFC 5545 3.6.1: DURATION, else one day for a DATE, else zero length.
            if hasattr(ev, "duration"):
                end, end_tz = start + ev.duration.value, start_tz
            elif not isinstance(start, dt.datetime):
                end, end_tz = start + dt.timedelta(days=1), None
            else:
                end, end_tz = start, start_tz
        events.append(
            _event_from_json(
                "vobject",
                path,
                {
                    "uid": uid,
                    "summary": ev.summary.value if hasattr(ev, "summary") else None,
                    "start_utc": _format_time(start, start_tz),
                    "end_utc": _format_time(end, end_tz),
                    **{
                        name: ev.contents[name][0].value if name in ev.contents else None
                        for name in ("location", "description", "url", "status")
                    },
                    "related_to": ev.contents["related-to"][0].value if "related-to" in ev.contents else None,
                },
            )
        )
    return events


# --------------------------------------------------------------------------
# Availability


PARSERS: dict[str, Callable[[str | os.PathLike[str]], list[ParsedEvent]]] = {
    "icaljs": parse_with_icaljs,
    "libical": parse_with_libical,
    "ical": parse_with_ical,
    "vobject": parse_with_vobject,
}


def _icaljs_missing() -> str | None:
    if shutil.which("node") is None:
        return "`node` is not installed"
    installed = JS_DIR / "node_modules" / "ical.js" / "package.json"
    if not installed.exists() and shutil.which("npm") is not None:
        # Where Node is present, install the locked ical.js once, so the README's
        # test command checks calendars with Thunderbird's parser without a manual step.
        # A hanging network must not hang every ical.js test: after NPM_TIMEOUT seconds
        # this is a reason to skip (a failure under SEMINARS_REQUIRE_ALL_PARSERS=1), cached once.
        try:
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund", "--silent"],
                cwd=JS_DIR,
                capture_output=True,
                timeout=NPM_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"`npm ci` in {JS_DIR} did not finish in {NPM_TIMEOUT} s (no network?)"
        except OSError as exc:
            return f"`npm ci` in {JS_DIR} could not run: {exc}"
    if not installed.exists():
        return f"ical.js is not installed (run `npm ci` in {JS_DIR})"
    return None


def _libical_missing() -> str | None:
    for tool in ("gcc", "pkg-config"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed"
    if subprocess.run(["pkg-config", "--exists", "libical"]).returncode != 0:
        return "libical development files are not installed (Debian: libical-dev)"
    return None


def _module_missing(module: str) -> str | None:
    if importlib.util.find_spec(module) is None:
        return f"Python package `{module}` is not installed"
    return None


@functools.cache
def unavailable_reason(name: str) -> str | None:
    """Why parser ``name`` cannot run here, or ``None`` if it can."""
    checks: dict[str, Callable[[], str | None]] = {
        "icaljs": _icaljs_missing,
        "libical": _libical_missing,
        "ical": lambda: _module_missing("ical"),
        "vobject": lambda: _module_missing("vobject"),
    }
    if name not in checks:
        raise KeyError(f"unknown parser {name!r}; known: {', '.join(PARSERS)}")
    reason = checks[name]()
    return None if reason is None else f"{name}: {reason}; see tests/support/install-parsers.sh"


def available_parsers() -> list[str]:
    """Names (keys of :data:`PARSERS`) of the parsers that can run on this machine."""
    return [name for name in PARSERS if unavailable_reason(name) is None]


def _ensure_available(name: str) -> None:
    if (reason := unavailable_reason(name)) is not None:
        raise ParserUnavailable(reason)


def require_or_skip(name: str) -> Callable[[str | os.PathLike[str]], list[ParsedEvent]]:
    """Return parser ``name``'s function, or skip the calling test if it cannot run.

    With ``SEMINARS_REQUIRE_ALL_PARSERS=1`` a missing parser fails the test
    instead, so CI cannot pass by silently skipping every cross-check.
    """
    import pytest

    reason = unavailable_reason(name)
    if reason is not None:
        if os.environ.get(REQUIRE_ALL_ENV) == "1":
            pytest.fail(f"{REQUIRE_ALL_ENV}=1 but parser unavailable: {reason}", pytrace=False)
        pytest.skip(reason)
    return PARSERS[name]
