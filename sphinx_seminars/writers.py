"""Calendar files, written next to the pages that show the talks (HTML builders only)."""

from __future__ import annotations

import pickle
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from . import __version__
from .config import CALENDAR_BUILDERS, SeminarsConfig
from .loading import slugify
from .render import CALENDAR_LINK_CLASS, DOCNAME_ATTRIBUTE, EVENT_ATTRIBUTE, POSITION_ATTRIBUTE, anchor

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .domain import SeminarDomain
    from .model import Event


#: the feed with every talk, at the output root; series feeds are ``seminars-<series>.ics``
ALL_FEED = "seminars.ics"


def series_feed_name(series: str) -> str:
    return f"seminars-{slugify(series) or 'series'}.ics"


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write *content* unless the file already holds it (keeps timestamps and deploys stable)."""
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    try:
        path.write_bytes(content)
    except FileNotFoundError:  # the page's folder is made when the page is written, which may be later
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return True


def page_url(builder: Builder, docname: str, fragment: str, baseurl: str) -> str:
    """Absolute URL of *docname*'s page (with *fragment*), or "" without a base URL."""
    if not baseurl:
        return ""
    uri = builder.get_target_uri(docname).split("#")[0]
    return f"{baseurl.rstrip('/')}/{uri}#{fragment}"


def output_folder(builder: Builder, docname: str) -> str:
    """The output folder (relative, POSIX) of the page for *docname*."""
    uri = builder.get_target_uri(docname).split("#")[0]
    return uri.rstrip("/") if uri.endswith("/") or not uri else posixpath.dirname(uri)


def _uid_domain(config: Config) -> str:
    return SeminarsConfig.from_sphinx(config).effective_uid_domain(config.html_baseurl, config.project)


def feed_fingerprint(config: Config) -> tuple[str, ...]:
    """The settings that feeds and index pages are made from, besides the talks."""
    return (_uid_domain(config), config.html_baseurl, config.project)


def finish_talk_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: published ids on the page's talks, then their calendar files.

    One walk of the page for both. This runs in the main process for every
    page written (also with ``-j``), so calendars are regenerated exactly when
    their pages are.
    """
    shown = [node for node in doctree.findall(nodes.container) if EVENT_ATTRIBUTE in node.attributes]
    if not shown:
        return
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    for node in shown:
        _apply_published_id(domain, node)
    if app.builder.name in CALENDAR_BUILDERS:
        _write_talk_calendars(app, domain, shown, docname)


def _apply_published_id(domain: SeminarDomain, node: nodes.Element) -> None:
    """A talk published under another id (a clash) gets that id's anchor and calendar link."""
    published = domain.published_id(node[DOCNAME_ATTRIBUTE], node[POSITION_ATTRIBUTE])
    if published == node[EVENT_ATTRIBUTE]:
        return
    node[EVENT_ATTRIBUTE] = published
    node["ids"] = [f"seminar-{published}"]
    for link in node.findall(nodes.reference):
        if CALENDAR_LINK_CLASS in link["classes"]:
            link["refuri"] = f"{published}.ics"


def _write_talk_calendars(app: Sphinx, domain: SeminarDomain, shown: list[nodes.Element], docname: str) -> None:
    """One ``<event-id>.ics`` per talk the page shows, next to the page."""
    from .ics import calendar_bytes  # icalendar takes 20-30 ms to import: only builds that write calendars

    builder = app.builder
    config = app.config
    uid_domain = _uid_domain(config)
    folder = Path(builder.outdir, output_folder(builder, docname))
    for node in shown:
        # The record of the page where the talk is published, as in the feeds: a talk shown on
        # two pages read in different builds (another SOURCE_DATE_EPOCH) has two slightly
        # different records. Only that page's records are decoded.
        origin, event = domain.published(node[EVENT_ATTRIBUTE])
        url = page_url(builder, origin, anchor(event), config.html_baseurl)
        content = calendar_bytes([event], uid_domain=uid_domain, page_urls={event.id: url})
        write_if_changed(folder / f"{event.id}.ics", content)


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: a subscribable feed with every talk, and one per series."""
    builder = app.builder
    if exception is not None or builder.name not in CALENDAR_BUILDERS:
        return
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    summaries = domain.unique_talks()
    if not summaries:
        return
    series_feeds = {talk.series: series_feed_name(talk.series) for _, talk in summaries.values() if talk.series}
    if not domain.republish and all(
        Path(builder.outdir, name).is_file() for name in [ALL_FEED, *series_feeds.values()]
    ):
        return  # nothing a feed is made from changed: skip the work (and reading the talks) on no-change rebuilds
    from .ics import FeedInfo, calendar_bytes

    config = app.config
    talks = domain.unique_events()
    feeds: dict[str, tuple[str, list[Event]]] = {ALL_FEED: (f"{config.project} seminars", [])}
    for _, event in talks.values():
        feeds[ALL_FEED][1].append(event)
        if event.series:
            feeds.setdefault(series_feeds[event.series], (event.series, []))[1].append(event)

    uid_domain = _uid_domain(config)
    baseurl = config.html_baseurl.rstrip("/")
    urls = {
        event_id: page_url(builder, docname, anchor(event), baseurl) for event_id, (docname, event) in talks.items()
    }

    _load_vevent_cache(app)
    for file_name, (name, events) in feeds.items():
        info = FeedInfo(
            name=name,
            description=f"Talks of {name}, from {config.project}",
            url=f"{baseurl}/{file_name}" if baseurl else "",
            uid=f"{file_name.removesuffix('.ics')}@{uid_domain}",
        )
        content = calendar_bytes(events, uid_domain=uid_domain, page_urls=urls, feed=info)
        write_if_changed(Path(builder.outdir, file_name), content)
    _save_vevent_cache(app, {(event, uid_domain, urls[event_id]) for event_id, (_, event) in talks.items()})


#: the VEVENTs of the last build, next to the environment: only a cache, rebuilt when unreadable
VEVENT_CACHE = "seminars-vevents.pickle"


def _load_vevent_cache(app: Sphinx) -> None:
    from . import ics

    try:
        version, saved = pickle.loads(Path(app.doctreedir, VEVENT_CACHE).read_bytes())
    except Exception:  # missing or unreadable
        return
    if version != __version__:  # records of another version may not even compare
        return
    for key, value in saved.items():
        ics.vevent_cache.setdefault(key, value)


def _save_vevent_cache(app: Sphinx, keys: set[tuple[Event, str, str]]) -> None:
    from . import ics

    kept = {key: ics.vevent_cache[key] for key in keys if key in ics.vevent_cache}
    ics.vevent_cache.clear()
    path = Path(app.doctreedir, VEVENT_CACHE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((__version__, kept), pickle.HIGHEST_PROTOCOL))
