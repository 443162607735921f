"""An event's timetable: the ``talks`` list of an event file (a workshop day, a school, a double bill).

Each item is read with the same rules as an event file's own keys (times, speakers, links,
statuses), by :class:`EntryReader`, a :class:`~.loading._Builder` limited to the keys an entry may
have. What an entry leaves out comes from its event (see :class:`.Entry`); problems are located
at the item's lines, with the subtype ``entry`` for what concerns the timetable as a whole.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import loading
from .model import Entry, EntryKind, Problem, Status, overlaps

#: keys an entry may have; ``time`` and ``type`` are read as ``start`` and ``kind``
ENTRY_KEYS = (
    "id", "title", "kind", "start", "end", "duration", "speakers", "speaker", "affiliation", "url", "bio",
    "speaker_image", "speaker_image_alt", "abstract", "location", "room", "status", "links", "slides", "video",
)  # fmt: skip
ENTRY_ALIASES = {
    "time": "start",
    "type": "kind",
    "summary": "abstract",
    "event_start_time": "start",
    "event_end_time": "end",
    "end_time": "end",
    "speaker_url": "url",
}
#: 'kind' as written -> the kind; a break needs no speakers and gets no details, link or calendar entry
KINDS = {
    **dict.fromkeys(("talk", "session", "panel", "discussion", "keynote", "tutorial", "lecture"), EntryKind.TALK),
    **dict.fromkeys(("break", "coffee", "coffee break", "lunch", "pause", "tea", "dinner"), EntryKind.BREAK),
}
#: a timetable longer than this is cut, with a warning (see docs/security.md)
MAX_ENTRIES = 500


@dataclasses.dataclass(frozen=True)
class Parent:
    """What the entries take from their event."""

    start: datetime
    end: datetime
    end_given: bool  #: the file gave an end (else the event ends with its last entry)
    zone: ZoneInfo
    location: str
    status: Status


class EntryReader(loading._Builder):
    """One item of the ``talks`` list."""

    def __init__(
        self,
        item: Mapping[str, Any],
        number: int,
        line_of: Callable[..., int],
        problems: list[Problem],
        settings: loading.LoadSettings,
        raw: Mapping[tuple[str | int, ...], str],
        base_dir: str,
    ) -> None:
        self.number = number
        super().__init__(item, line_of, problems, dataclasses.replace(settings, defaults=()), raw, base_dir)

    def _take(self, key: str, value: Any, renamed: str | None = None) -> None:
        if renamed == "":
            return
        known = renamed or key
        canonical = ENTRY_ALIASES.get(known, known)
        if canonical not in ENTRY_KEYS:
            close = difflib.get_close_matches(key, [*ENTRY_KEYS, *ENTRY_ALIASES], n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"unknown key {key!r} in entry {self.number} ignored{hint}"
            self.problems.append(Problem("unknown-key", message, self.line_of(key)))
            return
        if canonical in self.fields:
            message = f"{key!r} repeats {self.written_as[canonical]!r} in entry {self.number}; using {key!r}"
            self.problems.append(Problem("duplicate-key", message, self.line_of(key)))
        self.fields[canonical] = value
        self.written_as[canonical] = key

    def kind(self) -> EntryKind:
        written = " ".join(self.text("kind").lower().split())
        if not written:
            return EntryKind.TALK
        kind = KINDS.get(written)
        if kind is None:
            self.warn(
                "entry", f"unknown kind {written!r} of entry {self.number} (expected talk or break); a talk", "kind"
            )
            return EntryKind.TALK
        return kind

    def read(self, parent: Parent, day: date) -> tuple[Entry, bool] | None:
        """The entry (its end is a placeholder when the second value is False: set by :func:`read_entries`)."""
        kind = self.kind()
        title = self.announced(self.text("title"))
        if not title:
            if kind is not EntryKind.BREAK:
                self.warn(
                    "entry", f"entry {self.number} has no 'title'; skipped", "title" if "title" in self.fields else None
                )
                return None
            title = self.text("kind").capitalize() or "Break"
        if "start" not in self.fields:
            self.warn("entry", f"entry {self.number} ({title!r}) has no 'start'; skipped")
            return None
        start = self.moment("start", parent.zone, consequence="entry skipped", same_day_as=day)
        if start is None:
            return None
        if not isinstance(start, datetime):
            self.warn("entry", f"'start' of entry {self.number} is a day without a time; entry skipped", "start")
            return None
        end, end_known = self.entry_end(start)
        status = self.status() if "status" in self.fields else parent.status
        entry = Entry(
            id=self.entry_id(title),
            title=title,
            start=start,
            end=end,
            kind=kind,
            speakers=self.speakers(),
            room=self.text("room"),
            location=self.announced(self.text("location", multi=True)) or parent.location,
            status=status,
            links=self.links(),
            abstract=self.rich("abstract"),
            line=self.line_of(),
        )
        return entry, end_known

    def entry_id(self, title: str) -> str:
        if "id" not in self.fields:
            return loading.slugify(title) or f"entry-{self.number}"
        return self.event_id(f"entry-{self.number}")

    def entry_end(self, start: datetime) -> tuple[datetime, bool]:
        if "duration" in self.fields:
            if "end" in self.fields:
                self.warn(
                    "duplicate-key", f"entry {self.number} has both 'end' and 'duration'; using 'end'", "duration"
                )
            else:
                minutes = self.fields["duration"]
                if isinstance(minutes, str) and minutes.strip().isdigit():
                    minutes = int(minutes)
                if isinstance(minutes, int) and not isinstance(minutes, bool) and 0 < minutes <= 7 * 24 * 60:
                    return loading._elapsed(start, timedelta(minutes=minutes)), True
                self.warn(
                    "time", f"'duration' should be a whole number of minutes, not {minutes!r}; ignored", "duration"
                )
        end = self.moment("end", start.tzinfo, same_day_as=start.date())  # type: ignore[arg-type]
        if isinstance(end, datetime):
            if end > start:
                return end, True
            self.warn("time", f"the end of entry {self.number} is not after its start; ignored", "end")
        elif end is not None:
            self.warn("time", f"the end of entry {self.number} is a day without a time; ignored", "end")
        return start, False


def read_entries(owner: loading._Builder, parent: Parent) -> tuple[Entry, ...]:
    """The entries of *owner*'s ``talks`` list, in order of start, with their problems added to *owner*'s."""
    key = owner.written_as["talks"]
    items = owner.fields["talks"]
    if isinstance(items, str):  # the inline directive's option: a YAML list
        items = _yaml_list(items, owner)
    if items is None:
        return ()
    if not isinstance(items, list):
        owner.warn("type", f"{key!r} should be a list of talks, not a {loading._kind(items)}; ignored", "talks")
        return ()
    if len(items) > MAX_ENTRIES:
        owner.warn("size", f"{key!r} has more than {MAX_ENTRIES} entries; reading the first {MAX_ENTRIES}", "talks")
        items = items[:MAX_ENTRIES]
    read: list[tuple[Entry, bool]] = []
    day = parent.start.date()
    for index, item in enumerate(items):
        number = index + 1
        if not isinstance(item, dict):
            owner.warn(
                "entry",
                f"entry {number} of {key!r} should be a mapping, not a {loading._kind(item)}; ignored",
                "talks",
                index,
            )
            continue
        raw = {path[2:]: text for path, text in owner.raw.items() if path[:2] == (key, index) and len(path) > 2}
        reader = EntryReader(
            item,
            number,
            lambda *path, _i=index: owner.line_of(key, _i, *path),  # type: ignore[misc]
            owner.problems,
            owner.settings,
            raw,
            owner.base_dir,
        )
        found = reader.read(parent, day)
        if found is not None:
            read.append(found)
            day = found[0].start.date()  # a clock time alone is on the day of the entry before
    entries = _settle_ends(read, parent, owner.settings.default_duration)
    entries = _unique_ids(entries, owner.problems)
    _check(entries, parent, owner.problems)
    return tuple(sorted(entries, key=lambda e: (e.start, e.room.casefold())))


def _yaml_list(text: str, owner: loading._Builder) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        owner.warn("type", f"'talks' is not a YAML list: {str(exc).splitlines()[0]}; ignored", "talks")
        return None


def _settle_ends(read: list[tuple[Entry, bool]], parent: Parent, default: timedelta) -> list[Entry]:
    """An entry without an end or duration lasts until the next entry starts, or the event ends if sooner."""
    starts = sorted({entry.start for entry, _ in read})
    entries = []
    for entry, end_known in read:
        if not end_known:
            later = starts[bisect.bisect_right(starts, entry.start) :][:1]  # the next start, if any
            if parent.end_given and parent.end > entry.start:
                later.append(parent.end)
            end = min(later) if later else loading._elapsed(entry.start, default)
            entry = dataclasses.replace(entry, end=end)
        entries.append(entry)
    return entries


def _unique_ids(entries: list[Entry], problems: list[Problem]) -> list[Entry]:
    seen: set[str] = set()
    result = []
    for entry in entries:
        entry_id, number = entry.id, 1
        while entry_id in seen:
            number += 1
            entry_id = f"{entry.id}-{number}"
        if entry_id != entry.id:
            message = (
                f"entry id {entry.id!r} is used twice in this event; the later entry is {entry_id!r} (give it an 'id')"
            )
            problems.append(Problem("entry", message, entry.line))
            entry = dataclasses.replace(entry, id=entry_id)
        seen.add(entry_id)
        result.append(entry)
    return result


def _check(entries: list[Entry], parent: Parent, problems: list[Problem]) -> None:
    """Entries outside the event's time, and entries at the same time in the same room."""
    for entry in entries:
        if entry.start < parent.start or (parent.end_given and entry.end > parent.end):
            problems.append(
                Problem(
                    "entry",
                    f"entry {entry.title!r} ({entry.start:%Y-%m-%d %H:%M}\u2013{entry.end:%H:%M}) lies outside the "
                    f"event's time ({parent.start:%Y-%m-%d %H:%M}\u2013{parent.end:%Y-%m-%d %H:%M}); shown as written",
                    entry.line,
                )
            )
    going_on = [e for e in entries if not e.called_off]
    for index, first in enumerate(going_on):
        for second in going_on[index + 1 :]:
            if first.room.casefold() == second.room.casefold() and overlaps(first, second):
                where = (
                    f"room {first.room!r}" if first.room else "the same room (give each a 'room' if they are parallel)"
                )
                problems.append(
                    Problem("entry", f"entries {first.title!r} and {second.title!r} overlap in {where}", second.line)
                )
