"""Timing the calendar writing alone, with the extension's core (no Sphinx).

This does what an HTML build does for calendars, in the same order: one
``<event-id>.ics`` per talk (``writers.finish_talk_pages``), then the feed
of every talk and one feed per series (``writers.write_feeds``). Reading the
event files is timed apart: in a build it happens while pages are read.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import time
from pathlib import Path

from generate import BASEURL, DEFAULT_ZONE, event_file, make_talks
from measure import SOURCE_DATE_EPOCH


@dataclasses.dataclass
class CalendarTiming:
    talks: int
    load_seconds: float  #: reading and validating the event files
    talk_files_seconds: float  #: one calendar per talk, made and written
    feeds_seconds: float  #: the all-talks feed and the series feeds, made and written
    feed_bytes: int

    @property
    def writing_seconds(self) -> float:
        return self.talk_files_seconds + self.feeds_seconds


def time_calendars(count: int, seed: int, workdir: Path, repeats: int = 3) -> CalendarTiming:
    """The median of *repeats* timings for *count* talks (file creation times vary a lot from run to run).

    ``sphinx_seminars`` is imported from ``sys.path`` (see ``--package-root``).
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    events_dir = workdir / "events"
    events_dir.mkdir(parents=True)
    for talk in make_talks(count, seed):
        (events_dir / f"{talk.id}.md").write_text(event_file(talk), encoding="utf-8")
    timings = [_time_once(events_dir, workdir / f"out-{i}") for i in range(repeats)]
    shutil.rmtree(workdir)
    return CalendarTiming(
        count,
        statistics.median(t.load_seconds for t in timings),
        statistics.median(t.talk_files_seconds for t in timings),
        statistics.median(t.feeds_seconds for t in timings),
        timings[0].feed_bytes,
    )


def write_if_changed(path: Path, content: bytes) -> None:
    """As a build writes a calendar file: only when its content changed, and whole."""
    from sphinx_seminars.output import atomic_write

    try:
        if path.read_bytes() == content:
            return
    except OSError:
        pass
    atomic_write(path, content)


def _time_once(events_dir: Path, out: Path) -> CalendarTiming:
    from sphinx_seminars.core import ics
    from sphinx_seminars.core.ics import FeedInfo, calendar_bytes
    from sphinx_seminars.core.loading import LoadSettings, load_event
    from sphinx_seminars.core.model import Event
    from sphinx_seminars.render import anchor
    from sphinx_seminars.writers import ALL_FEED, series_feed_name

    settings = LoadSettings(default_timezone=DEFAULT_ZONE, source_date_epoch=int(SOURCE_DATE_EPOCH))
    started = time.perf_counter()
    events: list[Event] = []
    for path in sorted(events_dir.iterdir()):
        loaded = load_event(path, settings)
        if loaded.event is None or loaded.problems:
            raise RuntimeError(f"{path.name}: {loaded.problems}")
        events.append(loaded.event)
    load_seconds = time.perf_counter() - started

    # A build starts with no serialised talks: forget those of an earlier timing, if this
    # version of the core keeps any.
    getattr(ics, "vevent_cache", {}).clear()
    uid_domain = "seminars.example.org"
    urls = {e.id: f"{BASEURL}talks/{e.id}.html#{anchor(e)}" for e in events}
    os.sync()  # start on a quiet disk, as the builds do (see measure.run_build)
    started = time.perf_counter()
    for event in events:
        content = calendar_bytes([event], uid_domain=uid_domain, page_urls={event.id: urls[event.id]})
        write_if_changed(out / "talks" / f"{event.id}.ics", content)
    talk_files_seconds = time.perf_counter() - started

    started = time.perf_counter()
    feeds: dict[str, tuple[str, list[Event]]] = {ALL_FEED: ("Benchmark seminars", list(events))}
    for event in events:
        feeds.setdefault(series_feed_name(event.series), (event.series, []))[1].append(event)
    feed_bytes = 0
    for file_name, (name, members) in feeds.items():
        info = FeedInfo(name=name, url=f"{BASEURL}{file_name}", uid=f"{file_name.removesuffix('.ics')}@{uid_domain}")
        content = calendar_bytes(members, uid_domain=uid_domain, page_urls=urls, feed=info)
        write_if_changed(out / file_name, content)
        feed_bytes += len(content) if file_name == ALL_FEED else 0
    feeds_seconds = time.perf_counter() - started
    getattr(ics, "vevent_cache", {}).clear()
    return CalendarTiming(len(events), load_seconds, talk_files_seconds, feeds_seconds, feed_bytes)
