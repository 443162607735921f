"""Turning event files (and inline directive options) into :class:`Event` records.

Messy input is the normal case: what is unambiguous is repaired, everything
else becomes a located :class:`Problem`, and a talk is only skipped when no
title or no start time can be found (the problem then says so).
"""

from __future__ import annotations

import dataclasses
import difflib
import email.utils
import html
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import times
from .model import TO_BE_ANNOUNCED, Entry, Event, Link, Markup, Organizer, Problem, RichText, Speaker, Status
from .sanitize import CONTROL_CHARACTERS, plain_text_field, risky_markup, safe_url

#: keys as older archives spell them -> canonical key
ALIASES = {
    "event_start_time": "start",
    "event_end_time": "end",
    "end_time": "end",
    "summary": "abstract",
    "img": "image",
    "alt": "image_alt",
    "join_url": "join_link",
    "speaker_url": "url",
    # a timetable, as programmes and schedules call it
    "sessions": "talks",
    "programme": "talks",
    "program": "talks",
    "schedule": "talks",
}
CANONICAL = (
    "id", "title", "speakers", "speaker", "affiliation", "url", "bio", "speaker_image", "speaker_image_alt",
    "start", "end", "time", "timezone", "location", "join_link", "abstract", "image", "image_alt", "series", "tags",
    "status", "links", "slides", "video", "sequence", "updated", "talks", "organizer",
)  # fmt: skip
#: keys of the systems archives come from: kept, not shown
LEGACY = (
    "layout", "posted_date", "icalendar", "calendar_name", "old_url", "permalink", "date",
    "redirect_from", "aliases",  # Jekyll's and Hugo's old addresses of a page
)  # fmt: skip
SPEAKER_KEYS = ("name", "affiliation", "url", "image", "img", "image_alt", "alt", "bio")
KNOWN = frozenset(CANONICAL) | frozenset(ALIASES) | frozenset(LEGACY)

_MARKUP_BY_SUFFIX = {".md": Markup.MARKDOWN, ".markdown": Markup.MARKDOWN, ".rst": Markup.RST, ".txt": Markup.RST}
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[^<>]*>")  # [^<>]: linear on "<a<a<a..."
#: resource bounds for one event file (see docs/security.md): larger input is cut, with a warning
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FIELD_CHARS = 1_000  #: a title, name, room...
MAX_RICH_CHARS = 100_000  #: an abstract, bio or body: about 15,000 words
#: 'status' as archives write it -> the status
STATUSES = {
    **{status.value: status for status in Status},
    "scheduled": Status.CONFIRMED,
    "canceled": Status.CANCELLED,
    **dict.fromkeys(("tba", "tbc", "tbd", "to be announced", "to be confirmed", "to be decided"), Status.TENTATIVE),
}
#: "TBA", "T.B.D.", "to be announced", "Title: TBC": a title, speaker or location not known yet
_TBA = re.compile(
    r"(?i)^[\s(]*(?:(?:title|speaker|location|room|venue)\s*[:-]?\s*)?"
    r"(?:t\.?\s?b\.?\s?[acd]\.?|to\s+be\s+(?:announced|confirmed|determined|decided))[\s.?!)]*$"
)
#: an alt text that archives write where they have none
_ALT_PLACEHOLDER = "image-alt"


@dataclasses.dataclass(frozen=True)
class LoadSettings:
    """What the project decides for every event file."""

    default_timezone: str = "UTC"
    default_duration: timedelta = timedelta(hours=1)
    #: SOURCE_DATE_EPOCH, when set: the "last modified" of files without ``updated``
    source_date_epoch: int | None = None
    #: the source folder: images must lie inside it ("" = no confinement)
    root: str = ""
    #: key renames of this project or collection (written key -> key we know, or "" to ignore the key),
    #: applied before ours
    aliases: tuple[tuple[str, str], ...] = ()
    #: values for keys a file leaves out (a collection's series, timezone...)
    defaults: tuple[tuple[str, Any], ...] = ()


@dataclasses.dataclass
class Loaded:
    """The result of loading one file: an event (or ``None``) and its problems."""

    event: Event | None
    problems: list[Problem]
    #: a ``seminars-event-read`` handler said to leave this file out: no talk, and no warning
    skipped: bool = False


#: called with the path and the raw front matter before anything is read from it; may change the
#: mapping in place, and returns False to leave the file out on purpose
Adapt = Callable[[Path, dict[str, Any]], object]


_EMAIL = re.compile(r"[^@\s<>\"',;:]+@[^@\s<>\"',;:]+\.[^@\s<>\"',;:.]+")


def parse_organizer(value: Any) -> tuple[Organizer | None, str]:
    """An organiser from ``"Name <e-mail>"``, a bare e-mail or ``{name: ..., email: ...}``; else (None, why)."""
    if isinstance(value, dict):
        name, address = str(value.get("name") or ""), str(value.get("email") or "")
    elif isinstance(value, str):
        name, address = email.utils.parseaddr(value)
    else:
        return None, f"should be 'Name <e-mail>' or a mapping with 'name' and 'email', not a {_kind(value)}"
    address = address.strip().removeprefix("mailto:")
    if not _EMAIL.fullmatch(address):
        return None, f"needs an e-mail address (got {str(value)[:80]!r})"
    return Organizer(email=address, name=plain_text_field(name.strip())[:MAX_FIELD_CHARS]), ""


def slugify(text: str) -> str:
    """An ASCII slug for file names and UIDs: 'Hernández-Lobato' -> 'hernandez-lobato'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:120]


def stamp(settings: LoadSettings, path: str | os.PathLike[str]) -> datetime:
    """When a source without an ``updated`` key last changed: SOURCE_DATE_EPOCH, else its mtime."""
    seconds = settings.source_date_epoch
    if seconds is None:
        seconds = int(Path(path).stat().st_mtime)
    return datetime.fromtimestamp(seconds, tz=UTC)


def load_event(
    path: str | os.PathLike[str], settings: LoadSettings, *, shown_as: str = "", adapt: Adapt | None = None
) -> Loaded:
    """Read the event file at *path* (*shown_as*: how to name it if it cannot be read).

    *adapt* sees the front matter as read, before aliases and validation (see :data:`Adapt`).
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # never more: a 50 MB file costs what a 2 MB one does
        fallback_updated = stamp(settings, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        name = f" {shown_as!r}" if shown_as else ""
        return Loaded(None, [Problem("missing", f"cannot read event file{name}: {reason}; talk skipped")])
    problems: list[Problem] = []
    if len(raw) > MAX_FILE_BYTES:
        raw = raw[:MAX_FILE_BYTES]
        raw = raw[: raw.rfind(b"\n") + 1] or raw  # whole lines only
        kept = raw.count(b"\n")
        problems.append(
            Problem(
                "size",
                f"event file is larger than {MAX_FILE_BYTES:,} bytes; reading only its first {kept:,} lines",
                kept + 1,
            )
        )
    text = _decode(raw, problems)
    from . import frontmatter  # YAML and TOML: imported by builds that read event files, not by every build

    try:
        matter, split_problems = frontmatter.read(text, path.suffix.lower())
    except frontmatter.FrontMatterError as exc:
        return Loaded(
            None, [*problems, dataclasses.replace(exc.problem, message=f"{exc.problem.message}; talk skipped")]
        )
    problems += split_problems
    if adapt is not None and adapt(path, matter.data) is False:
        return Loaded(None, [], skipped=True)
    body = None
    if matter.body.strip():
        source = matter.body.strip("\n")
        if len(source) > MAX_RICH_CHARS:
            # Cut at a paragraph break so that no markup construct is left open.
            cut = source.rfind("\n\n", 0, MAX_RICH_CHARS)
            source = source[: cut if cut > 0 else MAX_RICH_CHARS]
            line = matter.body_line + source.count("\n") + 1
            problems.append(
                Problem("size", f"the body is longer than {MAX_RICH_CHARS:,} characters; cut short here", line)
            )
        body = RichText(source, _MARKUP_BY_SUFFIX.get(path.suffix.lower(), Markup.MARKDOWN), matter.body_line)
    event = build_event(
        matter.data,
        matter.line_of,
        source_path=str(path),
        default_id=path.stem,
        settings=settings,
        problems=problems,
        body=body,
        raw=matter.raw,
        fallback_updated=fallback_updated,
        base_dir=str(path.parent),
    )
    return Loaded(event, problems)


def _decode(raw: bytes, problems: list[Problem]) -> str:
    """The file's text: UTF-8 (BOM or not) or UTF-16, with LF line ends and no control characters."""
    utf16 = _utf16_byte_order(raw)
    if utf16:
        text = raw.decode(utf16, errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem("encoding", f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced", line))
            text = raw.decode("utf-8-sig", errors="replace")
    # CR-only and CRLF line ends both become LF, so line numbers agree with editors.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_CHARACTERS.search(text)
    if control:  # NUL and friends: YAML refuses them, and they have no business in a page
        line = text.count("\n", 0, control.start()) + 1
        problems.append(Problem("encoding", f"control character U+{ord(control.group()):04X} removed", line))
        text = CONTROL_CHARACTERS.sub("", text)
    return text


def _utf16_byte_order(raw: bytes) -> str:
    """'utf-16' for a file with a UTF-16 byte order mark, 'utf-16-le'/'-be' for one without, else ""."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # ASCII as UTF-16: every other byte is NUL
        return "utf-16-le" if head[1] == 0 and head[0] != 0 else "utf-16-be" if head[0] == 0 else ""
    return ""


def build_event(
    data: Mapping[str, Any],
    line_of: Callable[..., int],
    *,
    source_path: str,
    default_id: str,
    settings: LoadSettings,
    problems: list[Problem],
    body: RichText | None = None,
    raw: Mapping[tuple[str | int, ...], str] | None = None,
    fallback_updated: datetime | None = None,
    base_dir: str = "",
) -> Event | None:
    """Validate *data* (front matter or directive options) into an :class:`Event`.

    Problems are appended to *problems*; ``None`` is returned (with a problem
    saying the talk was skipped) only when there is no usable title or start.
    """
    return _Builder(data, line_of, problems, settings, raw or {}, base_dir).build(
        source_path, default_id, body, fallback_updated
    )


class _Builder:
    def __init__(
        self,
        data: Mapping[str, Any],
        line_of: Callable[..., int],
        problems: list[Problem],
        settings: LoadSettings,
        raw: Mapping[tuple[str | int, ...], str],
        base_dir: str,
    ) -> None:
        self.base_dir = base_dir
        self.line_of = line_of
        self.problems = problems
        self.settings = settings
        self.raw = raw
        self.fields: dict[str, Any] = {}
        self.written_as: dict[str, str] = {}  # canonical -> the key the file used
        self.legacy: list[tuple[str, str]] = []
        renames = dict(settings.aliases)
        for key, value in data.items():
            self._take(str(key), value, renames.get(str(key)))
        for key, value in settings.defaults:
            known = renames.get(key, key)
            if ALIASES.get(known, known) not in self.fields:
                self._take(key, value, renames.get(key))

    def warn(self, subtype: str, message: str, key: str | None = None, *path: str | int) -> None:
        written = self.written_as.get(key, key) if key else None
        line = self.line_of(written, *path) if written else self.line_of()
        self.problems.append(Problem(subtype, message, line))

    def _take(self, key: str, value: Any, renamed: str | None = None) -> None:
        """Keep *value* under its canonical key (*renamed*: what a project alias makes of *key*)."""
        if renamed == "":  # aliased to nothing: the project says the key is not about the talk
            return
        known = renamed or key
        canonical = ALIASES.get(known, known)
        if known in LEGACY:
            # a list (Jekyll's redirect_from, Hugo's aliases) is kept one value a time
            for item in value if isinstance(value, list) else [value]:
                self.legacy.append((known, str(item)))
            if known == "date":  # the start when there is no 'start': see start()
                self.fields[known], self.written_as[known] = value, key
            return
        if canonical not in CANONICAL:
            close = difflib.get_close_matches(key, sorted(KNOWN), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.problems.append(Problem("unknown-key", f"unknown key {key!r} ignored{hint}", self.line_of(key)))
            return
        if canonical in self.fields:
            self.problems.append(
                Problem(
                    "duplicate-key",
                    f"{key!r} repeats {self.written_as[canonical]!r}; using the value of {key!r}",
                    self.line_of(key),
                )
            )
        self.fields[canonical] = value
        self.written_as[canonical] = key

    # -- plain fields ------------------------------------------------------------------------

    def text(self, key: str, *, multi: bool = False) -> str:
        """A plain one-line text field: entities decoded, tags dropped."""
        value = self.fields.get(key)
        if value is None:
            return ""
        if isinstance(value, list) and multi:
            value = ", ".join(str(v) for v in value if v is not None)
        elif isinstance(value, (dict, list)):
            self.warn("type", f"{self.written_as[key]!r} should be text, not a {_kind(value)}; ignored", key)
            return ""
        text = str(value)
        if key in ("title", "location", "series", "speaker", "affiliation") and _HTML_TAG.search(text):
            self.warn("html", f"HTML markup in {self.written_as[key]!r} dropped", key)
        return self.clip(plain_text_field(text), key)

    def clip(self, text: str, key: str, *path: str | int, limit: int = MAX_FIELD_CHARS) -> str:
        """*text* cut to *limit* characters (at a word break), with a warning when it was longer."""
        if len(text) <= limit:
            return text
        where = "'" + "' / '".join(str(p) for p in (self.written_as.get(key, key), *path)) + "'"
        self.warn("size", f"{where} is longer than {limit:,} characters; cut short", key, *path)
        cut = text[:limit]
        return (cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut).rstrip() + "\u2026"

    def url(self, key: str, value: Any, *path: str | int) -> str:
        if value in (None, ""):
            return ""
        text = html.unescape(str(value)).strip()
        url = safe_url(text)
        if not url:
            self.warn(
                "url",
                f"{self.written_as.get(key, key)!r} is not an http(s) or mailto URL: {text[:80]!r}; ignored",
                key,
                *path,
            )
        return url

    def image(self, value: str, key: str, *path: str | int, fallback: str = "showing initials") -> str:
        """An http(s) URL, or the absolute path of an existing file inside the source folder.

        *fallback* says what is shown instead when it is not usable.
        """
        if not value:
            return ""
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", value) and not re.match(r"^[A-Za-z]:[\\/]", value):
            url = safe_url(value)
            if not url or url.startswith("mailto"):
                self.warn("url", f"image {value[:80]!r} is not an http(s) URL; {fallback}", key, *path)
                return ""
            return url
        if "\0" in value:
            self.warn("path", f"image path contains a NUL byte; {fallback}", key, *path)
            return ""
        root = Path(self.settings.root).resolve() if self.settings.root else None
        bases = [Path(self.base_dir or ".")] + ([root] if root else [])
        relative = value.lstrip("/") if value.startswith("/") and root else value
        candidates = [root / relative] if value.startswith("/") and root else [base / relative for base in bases]
        for candidate in candidates:
            resolved = candidate.resolve()
            if root and not resolved.is_relative_to(root):
                self.warn("path", f"image {value!r} lies outside the source folder; {fallback}", key, *path)
                return ""
            if resolved.is_file():
                return str(resolved)
        self.warn("image", f"image {value!r} not found; {fallback}", key, *path)
        return ""

    def rich(self, key: str) -> RichText | None:
        value = self.fields.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.warn("type", f"{self.written_as[key]!r} should be text, not a {_kind(value)}; ignored", key)
            return None
        value = self.clip(value, key, limit=MAX_RICH_CHARS)
        self.warn_risky(value, repr(self.written_as[key]), key)
        return _rich_text(value, self.line_of(self.written_as[key]))

    def warn_risky(self, value: str, label: str, key: str, *path: str | int) -> None:
        risky = risky_markup(value)
        if risky:
            message = f"{label}: {risky} removed from the HTML (with any other script, style, frame or handler)"
            self.warn("html", message, key, *path)

    # -- the event ------------------------------------------------------------------------------

    def build(
        self, source_path: str, default_id: str, body: RichText | None, fallback_updated: datetime | None
    ) -> Event | None:
        title = self.announced(self.text("title"))
        if not title:
            self.warn("missing-field", "no 'title'; talk skipped", "title" if "title" in self.fields else None)
            return None
        zone_name, default_zone = self.timezone()
        span = self.span(default_zone)
        if span is None:
            return None
        start, end, all_day = span
        abstract = self.rich("abstract")
        if body is not None:
            if abstract:
                self.warn(
                    "duplicate-key", "both an abstract in the front matter and a body; showing the body", "abstract"
                )
            abstract = body
        event_id = self.event_id(default_id)
        location, join_url = self.where()
        location, status = self.announced(location), self.status()
        entries: tuple[Entry, ...] = ()
        if "talks" in self.fields:
            from .entries import Parent, read_entries

            end_given = all_day or "end" in self.fields
            entries = read_entries(self, Parent(start, end, end_given, default_zone, location, status))
            last = max((entry.end for entry in entries), default=start)
            if not end_given and last > start:  # the event lasts until its last entry ends
                end = last
        return Event(
            id=event_id,
            title=title,
            start=start,
            end=end,
            all_day=all_day,
            timezone=zone_name if isinstance(start.tzinfo, ZoneInfo) else "",
            source_path=source_path,
            speakers=self.speakers(),
            location=location,
            join_url=join_url,
            series=self.text("series"),
            tags=self.tags(),
            status=status,
            links=self.links(),
            organizer=self.organizer(),
            abstract=abstract,
            image=self.image(self.text("image"), "image", fallback="the talk is shown without it"),
            image_alt=self.alt(self.text("image_alt")),
            sequence=self.sequence(),
            updated=self.updated(fallback_updated),
            legacy=tuple(self.legacy),
            entries=entries,
        )

    def event_id(self, default_id: str) -> str:
        """The slug of ``id`` (else of the file name), with a warning when ``id`` was not already one."""
        written = str(self.fields.get("id") or default_id)
        event_id = slugify(written)
        if not event_id:
            self.warn("id", f"no usable id in {default_id!r}; using 'event'", "id" if "id" in self.fields else None)
            return "event"
        if "id" in self.fields and event_id != written.lower():  # upper case alone is only lower-cased
            self.warn("id", f"id {written!r} is not a plain id; published as {event_id!r}", "id")
        return event_id

    @staticmethod
    def announced(text: str) -> str:
        """*text*, or the words 'To be announced' when it says so ("TBA", "tbd", "To be confirmed")."""
        return TO_BE_ANNOUNCED if _TBA.match(text) else text

    @staticmethod
    def alt(text: str) -> str:
        """Alt text as written; "" for the archives' placeholder, so that the page uses a name or title."""
        return "" if text.strip().lower() == _ALT_PLACEHOLDER else text

    def timezone(self) -> tuple[str, ZoneInfo]:
        """The event's zone: its own ``timezone`` if valid, else the project's."""
        fallback = self.settings.default_timezone
        name = self.text("timezone")
        if name:
            try:
                return name, times.zone(name)
            except times.TimeError as exc:
                meant = times.zone_for_abbreviation(name)
                if meant:  # "timezone: BST" means London time, summer and winter alike
                    self.warn("timezone", f"{exc}; using {meant!r}", "timezone")
                    return meant, times.zone(meant)
                self.warn("timezone", f"{exc}; using {fallback!r}", "timezone")
        return fallback, times.zone(fallback)

    def moment(
        self,
        key: str,
        default_zone: ZoneInfo,
        *,
        consequence: str = "ignored",
        same_day_as: date | None = None,
    ) -> datetime | date | None:
        """The time under *key*; a bare clock time (end: 16:45, 4 pm) is taken on the day of *same_day_as*."""
        if key not in self.fields:
            return None
        value = self.fields[key]
        written = self.written_as[key]
        if isinstance(value, int) and not isinstance(value, bool):
            value = self.raw.get((written,), value)  # YAML 1.1 read "16:00" as 960
        if same_day_as is not None and isinstance(value, time):  # TOML's 14:30:00
            value = value.isoformat()
        if same_day_as is not None and isinstance(value, str) and times.is_clock(value):
            day = same_day_as.date() if isinstance(same_day_as, datetime) else same_day_as
            value = f"{day.isoformat()} {value.strip()}"
        try:
            moment = times.parse_datetime(value, default_zone)
        except times.TimeError as exc:
            self.warn("time", f"{written!r}: {exc}; {consequence}", key)
            return None
        if isinstance(moment, datetime):
            moment, doubt = times.settle(moment, default_zone)
            if doubt:
                self.warn("time", f"{written!r}: {doubt}", key)
        return moment

    def start(self, default_zone: ZoneInfo) -> datetime | date | None:
        """The start: ``start``, else ``date`` with its ``time`` (Hugo and Jekyll use ``date`` for the posting day)."""
        if "start" in self.fields:
            if "time" in self.fields:
                written = self.written_as["start"]
                self.warn("duplicate-key", f"'time' ignored: the start is given by {written!r}", "time")
            return self.moment("start", default_zone, consequence="talk skipped")
        if "date" not in self.fields:
            if "time" in self.fields:
                self.warn("missing-field", "'time' without a 'date' (or a 'start'); talk skipped", "time")
            else:
                self.warn("missing-field", "no 'start' (or 'event_start_time'); talk skipped")
            return None
        day = self.moment("date", default_zone, consequence="talk skipped")
        if day is None:
            return None
        self.legacy.remove(("date", str(self.fields["date"])))  # the talk's day, not a posting date
        if "time" not in self.fields:
            return day
        on = day.date() if isinstance(day, datetime) else day
        return self.moment("time", default_zone, consequence="talk skipped", same_day_as=on)

    def span(self, default_zone: ZoneInfo) -> tuple[datetime, datetime, bool] | None:
        start = self.start(default_zone)
        if start is None:
            return None
        end = self.moment("end", default_zone, same_day_as=start if isinstance(start, datetime) else None)
        if isinstance(start, datetime):
            if isinstance(end, date) and not isinstance(end, datetime):
                end = datetime.combine(end, start.timetz())
            if end is None:
                end = _elapsed(start, self.settings.default_duration)
            elif end < start:
                written = self.written_as["end"]
                same_day = datetime.combine(start.date(), end.timetz())
                if same_day >= start:
                    self.warn(
                        "time",
                        f"{written!r} is before the start; assuming the same day as the start ({same_day:%Y-%m-%d})",
                        "end",
                    )
                    end = same_day
                else:
                    self.warn("time", f"{written!r} is before the start; using the default duration", "end")
                    end = _elapsed(start, self.settings.default_duration)
            return start, end, False
        # A date without a time: an all-day (possibly multi-day) event, end inclusive.
        last = end.date() if isinstance(end, datetime) else end
        if last is None or last < start:
            if last is not None:
                self.warn("time", f"{self.written_as['end']!r} is before the start; using a one-day event", "end")
            last = start
        opening = datetime.combine(start, time(), tzinfo=default_zone)
        closing = datetime.combine(last + timedelta(days=1), time(), tzinfo=default_zone)
        return opening, closing, True

    def where(self) -> tuple[str, str]:
        location = self.text("location", multi=True)
        join = self.fields.get("join_link")
        if join in (None, ""):
            return location, ""
        join_text = plain_text_field(str(join)) if not isinstance(join, (list, dict)) else ""
        if join_text and safe_url(join_text) and re.match(r"(?i)https?://", join_text):
            return location, safe_url(join_text)
        written = self.written_as["join_link"]
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:[^\s]", join_text):  # "javascript:...", "data:..." - not a room
            self.warn("url", f"{written!r} is not an http(s) URL: {join_text[:80]!r}; ignored", "join_link")
            return location, ""
        if not join_text:
            self.warn("type", f"{written!r} should be a URL, not a {_kind(join)}; ignored", "join_link")
            return location, ""
        # Archives put the room in the join link and "Zoom" in the location: keep both.
        self.warn("join-link", f"{written!r} is not a URL ({join_text!r}); treating it as the room", "join_link")
        if location and location.lower() != join_text.lower():
            return f"{join_text} ({location})", ""
        return join_text, ""

    def speakers(self) -> tuple[Speaker, ...]:
        listed = self.fields.get("speakers")
        speakers: list[Speaker] = []
        if listed is not None:
            if isinstance(listed, (str, dict)):
                listed = [listed]
            if not isinstance(listed, list):
                self.warn("type", f"'speakers' should be a list, not a {_kind(listed)}; ignored", "speakers")
                listed = []
            for index, item in enumerate(listed):
                speaker = self.speaker_entry(item, index)
                if speaker:
                    speakers.append(speaker)
        names = self.fields.get("speaker")
        if isinstance(names, list):  # "speaker: [Ann One, Bob Two]": several people, one card each
            for index, item in enumerate(names):
                speaker = self.speaker_entry(item, index, field="speaker")
                if speaker:
                    speakers.append(speaker)
            name = ""
        else:
            name = self.text("speaker")
        if name:
            if speakers:
                self.warn("duplicate-key", "both 'speaker' and 'speakers'; adding 'speaker' to the list", "speaker")
            speakers.append(
                Speaker(
                    name=self.announced(name),
                    affiliation=self.text("affiliation", multi=True),
                    url=self.url("url", self.fields.get("url")),
                    image=self.image(self.text("speaker_image"), "speaker_image"),
                    image_alt=self.alt(self.text("speaker_image_alt")),
                    bio=self.rich("bio"),
                )
            )
        else:
            # Without a single 'speaker' these keys have nobody to describe: say so, never drop silently.
            for key in ("affiliation", "url", "bio", "speaker_image", "speaker_image_alt"):
                if key in self.fields:
                    self.warn(
                        "missing-field",
                        f"{self.written_as[key]!r} belongs to a single 'speaker'; ignored "
                        "(put it inside the entry of 'speakers')",
                        key,
                    )
        return tuple(speakers)

    def speaker_entry(self, item: Any, index: int, field: str = "speakers") -> Speaker | None:
        if isinstance(item, str):
            return Speaker(name=self.announced(plain_text_field(item))) if item.strip() else None
        if not isinstance(item, dict):
            self.warn(
                "type",
                f"speaker {index + 1} should be a name or a mapping, not a {_kind(item)}; ignored",
                "speakers",
                index,
            )
            return None
        for key in item:
            if key not in SPEAKER_KEYS:
                close = difflib.get_close_matches(str(key), SPEAKER_KEYS, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.warn("unknown-key", f"unknown speaker key {key!r} ignored{hint}", field, index, str(key))
        name = self.clip(plain_text_field(str(item.get("name") or "")), field, index, "name")
        if not name:
            self.warn("missing-field", f"speaker {index + 1} has no 'name'; ignored", field, index)
            return None
        bio = item.get("bio")
        bio_text = None
        for key in ("name", "affiliation"):
            if _HTML_TAG.search(str(item.get(key) or "")):
                self.warn("html", f"HTML markup in '{field}' / '{key}' dropped", field, index, key)
        if isinstance(bio, str) and bio.strip():
            bio = self.clip(bio, field, index, "bio", limit=MAX_RICH_CHARS)
            self.warn_risky(bio, f"the 'bio' of speaker {index + 1}", field, index, "bio")
            bio_text = _rich_text(bio, self.line_of(self.written_as.get(field, field), index, "bio"))
        return Speaker(
            name=self.announced(name),
            affiliation=self.clip(plain_text_field(str(item.get("affiliation") or "")), field, index, "affiliation"),
            url=self.url("speakers", item.get("url"), index, "url"),
            image=self.image(plain_text_field(str(item.get("image") or item.get("img") or "")), field, index),
            image_alt=self.alt(plain_text_field(str(item.get("image_alt") or item.get("alt") or ""))),
            bio=bio_text,
        )

    def tags(self) -> tuple[str, ...]:
        value = self.fields.get("tags")
        if value in (None, ""):
            return ()
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            self.warn("type", f"'tags' should be a list, not a {_kind(value)}; ignored", "tags")
            return ()
        return tuple(dict.fromkeys(t for t in (plain_text_field(str(i)) for i in items) if t))

    def status(self) -> Status:
        value = " ".join(self.text("status").lower().replace(".", "").split())
        if not value:
            return Status.CONFIRMED
        status = STATUSES.get(value)
        if status is None:
            allowed = ", ".join(s.value for s in Status)
            self.warn("status", f"unknown status {value!r} (expected one of: {allowed}); using 'confirmed'", "status")
            return Status.CONFIRMED
        return status

    def links(self) -> tuple[Link, ...]:
        links: list[Link] = []
        for kind in ("slides", "video"):
            url = self.url(kind, self.fields.get(kind))
            if url:
                links.append(Link(kind, url))
        value = self.fields.get("links")
        if value is None:
            return tuple(links)
        if not isinstance(value, dict):
            self.warn("type", f"'links' should map labels to URLs, not be a {_kind(value)}; ignored", "links")
            return tuple(links)
        for label, target in value.items():
            url = self.url("links", target, str(label))
            if url:
                links.append(Link(plain_text_field(str(label)), url))
        return tuple(links)

    def organizer(self) -> Organizer | None:
        value = self.fields.get("organizer")
        if value in (None, ""):
            return None
        organizer, problem = parse_organizer(value)
        if problem:
            self.warn("organizer", f"{self.written_as['organizer']!r} {problem}; ignored", "organizer")
        return organizer

    def sequence(self) -> int:
        value = self.fields.get("sequence", 0)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.warn("type", f"'sequence' should be a whole number >= 0, not {value!r}; using 0", "sequence")
        return 0

    def updated(self, fallback: datetime | None) -> datetime:
        fallback = fallback or datetime(1970, 1, 1, tzinfo=UTC)
        if "updated" not in self.fields:
            return fallback
        moment = self.moment("updated", times.zone("UTC"))
        if moment is None:
            return fallback
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(), tzinfo=UTC)
        return moment.astimezone(UTC)


def _elapsed(start: datetime, duration: timedelta) -> datetime:
    """*duration* of real time after *start* (plain ``+`` adds wall-clock time, wrong across a DST change)."""
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


def _rich_text(value: str, line: int) -> RichText:
    """Archive text is HTML as soon as it has a tag or an entity; otherwise plain text."""
    markup = Markup.HTML if _HTML_TAG.search(value) or "&" in value else Markup.TEXT
    return RichText(value, markup, line)


def _kind(value: object) -> str:
    kinds = {dict: "mapping", list: "list", bool: "true/false", int: "number", float: "number", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)
