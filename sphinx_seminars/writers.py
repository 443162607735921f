"""Calendar files, written next to the pages that show the talks (HTML builders only)."""

from __future__ import annotations

import pickle
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import __version__
from ._compat import app_of
from .config import CALENDAR_BUILDERS, SeminarsConfig
from .core.loading import slugify
from .i18n import all_talks_feed_name, calendar_labels, feed_description
from .output import OutputFiles, atomic_write, digest
from .redirects import write_old_addresses
from .render import CALENDAR_LINK_CLASS, DOCNAME_ATTRIBUTE, EVENT_ATTRIBUTE, POSITION_ATTRIBUTE, anchor
from .services import add_service_links
from .timetable import entry_urls
from .weburls import feeds_baseurl, site_baseurl, with_published_image

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from .core.ics import VeventKey
    from .core.model import Event
    from .domain import SeminarDomain


#: the feed with every talk, at the output root; series feeds are ``seminars-<series>.ics``
ALL_FEED = "seminars.ics"


def series_feed_name(series: str) -> str:
    return f"seminars-{slugify(series) or 'series'}.ics"


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
    return SeminarsConfig.from_sphinx(config).effective_uid_domain(site_baseurl(config), config.project)


def feed_fingerprint(config: Config) -> tuple[str, ...]:
    """The settings that feeds and index pages are made from, besides the talks."""
    return (
        _uid_domain(config),
        site_baseurl(config),
        feeds_baseurl(config),
        config.project,
        repr(config.seminars_feed_entries),
    )


def output_files(app: Sphinx) -> OutputFiles | None:
    """This build's :class:`.OutputFiles` for HTML builders (made on first use), else None."""
    if app.builder.format != "html":
        return None
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    if domain.output is None:
        manifest = Path(app.doctreedir, f"seminars-output-{app.builder.name}.json")
        domain.output = OutputFiles(Path(app.builder.outdir), manifest)
    return domain.output


def write_assets(app: Sphinx, assets: dict[str, bytes]) -> bool:
    """Write the static files (path in the output -> content) before any page is.

    Returns whether they differ from those the pages were last written with:
    pages link them with a checksum (``?v=``), so then every page must be written again.
    """
    files = output_files(app)
    if files is None:
        return False
    for path, content in assets.items():
        files.write(path, content)
    files.state["assets"] = digest(b"".join(assets.values()))
    return files.state["assets"] != files.saved_state.get("assets")


class PublishedTalks(SphinxPostTransform):
    """Each talk on the page under the id it is published as (a clash moves one), and for builders
    that write calendars, the calendar-service links beside its ``.ics`` link.

    Before :class:`.transforms.BuilderSpecifics` (5), which prints the calendar links' URLs in text
    and man pages: they name the published id. Only then are the page's absolute URL and the
    published id known, so these links are not made when the page is read.
    """

    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        shown = talk_boxes(self.document)
        if not shown:
            return
        domain: SeminarDomain = self.env.domains["seminar"]  # type: ignore[assignment]
        for node in shown:
            _apply_published_id(domain, node)
        app = app_of(self)
        if app.builder.name in CALENDAR_BUILDERS:
            for node in shown:
                add_service_links(node, *published_with_url(app, domain, node[EVENT_ATTRIBUTE]))


def talk_boxes(doctree: nodes.Element) -> list[nodes.container]:
    return [node for node in doctree.findall(nodes.container) if EVENT_ATTRIBUTE in node.attributes]


def finish_talk_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: the calendar files of the page's talks (their ids are the published ones,
    see :class:`PublishedTalks`).

    This runs in the main process for every page written (also with ``-j``), so calendars are
    regenerated exactly when their pages are.
    """
    files = output_files(app) if app.builder.name in CALENDAR_BUILDERS else None
    if files is None:
        return
    files.page_written(docname)
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    folder = output_folder(app.builder, docname)
    for node in talk_boxes(doctree):
        event, url = published_with_url(app, domain, node[EVENT_ATTRIBUTE])
        files.write(posixpath.join(folder, f"{event.id}.ics"), talk_calendar(app, event, url), docname)


def _apply_published_id(domain: SeminarDomain, node: nodes.Element) -> None:
    """A talk published under another id (a clash) gets that id's anchor and calendar link."""
    published = domain.published_id(node[DOCNAME_ATTRIBUTE], node[POSITION_ATTRIBUTE])
    if published == node[EVENT_ATTRIBUTE]:
        return
    old = f"seminar-{node[EVENT_ATTRIBUTE]}--"  # the anchors of its timetable's talks move too
    node[EVENT_ATTRIBUTE] = published
    node["ids"] = [f"seminar-{published}"]
    for element in node.findall(nodes.Element):
        element["ids"] = [
            f"seminar-{published}--{i.removeprefix(old)}" if i.startswith(old) else i for i in element["ids"]
        ]
    for link in node.findall(nodes.reference):
        if CALENDAR_LINK_CLASS in link["classes"]:
            link["refuri"] = f"{published}.ics"
        elif link.get("refid", "").startswith(old):
            link["refid"] = f"seminar-{published}--{link['refid'].removeprefix(old)}"


def published_with_url(app: Sphinx, domain: SeminarDomain, event_id: str) -> tuple[Event, str]:
    """The talk published as *event_id* and the absolute URL of the page where it is ("" without a base URL)."""
    origin, event = domain.published(event_id)
    baseurl = site_baseurl(app.config)
    event = with_published_image(app.env, baseurl, event)
    return event, page_url(app.builder, origin, anchor(event), baseurl)


def talk_calendar(app: Sphinx, event: Event, url: str) -> bytes:
    """The ``<event-id>.ics`` of a talk, written next to each page showing it.

    *event* and *url* come from :func:`published_with_url`: the record of the page where the talk
    is published, as in the feeds (a talk shown on two pages read in different builds, with
    another SOURCE_DATE_EPOCH, has two slightly different records).
    """
    from .core.ics import calendar_bytes  # icalendar takes 20-30 ms to import: only builds that write calendars

    urls = {event.id: url, **entry_urls(event, url)}
    return calendar_bytes([event], uid_domain=_uid_domain(app.config), page_urls=urls, labels=calendar_labels())


def finish_output(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: the feeds, the calendars of pages not written now checked, then the manifest."""
    files = output_files(app)
    if files is None:
        return
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    domain.output = None
    try:
        if exception is None and app.builder.name in CALENDAR_BUILDERS:
            _check_uid_domain(app, files)
            _check_carried_calendars(app, domain, files)
            feeds = _write_feeds(app, domain, files)
            write_old_addresses(app, domain, files, feeds)
    except BaseException:
        files.finish(complete=False)  # what was written is remembered, the rest checked next time
        raise
    files.finish(complete=exception is None)


def _check_uid_domain(app: Sphinx, files: OutputFiles) -> None:
    """Warn when the UIDs' domain is not the one the last build of this output published."""
    from sphinx.util import logging

    uid_domain = _uid_domain(app.config)
    before = files.saved_state.get("uid_domain")
    files.state["uid_domain"] = uid_domain
    if before and before != uid_domain:
        logging.getLogger(__name__).warning(
            f"calendar UIDs now end in '@{uid_domain}', not '@{before}' as in the last build of this output: "
            f"subscribers will see every talk twice. To keep them, set seminars_uid_domain = {before!r} in conf.py",
            type="seminars",
            subtype="uid",
        )


def _check_carried_calendars(app: Sphinx, domain: SeminarDomain, files: OutputFiles) -> None:
    """Calendar files of pages not written in this build: rewritten when damaged or missing."""
    for path, docname in files.carried(app.env.found_docs):
        if files.keep_if_intact(path):
            continue
        event_id = posixpath.basename(path).removesuffix(".ics")
        shown = domain.data["events"].get(docname, [])
        if event_id in {domain.published_id(docname, position) for position in range(len(shown))}:
            files.write(path, talk_calendar(app, *published_with_url(app, domain, event_id)), docname)


def _write_feeds(app: Sphinx, domain: SeminarDomain, files: OutputFiles) -> list[str]:
    """A subscribable feed with every talk, and one per series; returns their file names."""
    summaries = domain.unique_talks()
    if not summaries:
        files.state.pop("feeds", None)
        return []  # no feed: the ones written before are removed
    series_feeds = {series: series_feed_name(series) for series in {talk.series for _, talk in summaries.values()}}
    series_feeds.pop("", None)
    made_from = domain.published_stamp
    if files.saved_state.get("feeds") == made_from and all(
        [files.keep_if_intact(name) for name in [ALL_FEED, *series_feeds.values()]]
    ):
        return [ALL_FEED, *series_feeds.values()]  # nothing they are made from changed, and they are intact
    from .core.ics import FeedInfo, calendar_bytes, with_entries

    builder = app.builder
    config = app.config
    baseurl = site_baseurl(config)
    talks = domain.unique_events()
    feeds: dict[str, tuple[str, list[Event]]] = {ALL_FEED: (all_talks_feed_name(config.project), [])}
    for _, event in talks.values():
        event = with_published_image(app.env, baseurl, event)
        feeds[ALL_FEED][1].append(event)
        if event.series:
            feeds.setdefault(series_feeds[event.series], (event.series, []))[1].append(event)

    uid_domain = _uid_domain(config)
    feeds_base = feeds_baseurl(config)
    urls = {
        event_id: page_url(builder, docname, anchor(event), baseurl) for event_id, (docname, event) in talks.items()
    }
    for event_id, (_, event) in talks.items():
        urls.update(entry_urls(event, urls[event_id]))
    entry_feeds = SeminarsConfig.from_sphinx(config).feeds_with_entries(ALL_FEED, series_feeds)

    _load_vevent_cache(app)
    labels = calendar_labels()
    for file_name, (name, events) in feeds.items():
        info = FeedInfo(
            name=name,
            description=feed_description(name, config.project),
            url=f"{feeds_base}/{file_name}" if feeds_base else "",
            uid=f"{file_name.removesuffix('.ics')}@{uid_domain}",
        )
        entries = file_name in entry_feeds
        files.write(
            file_name,
            calendar_bytes(events, uid_domain=uid_domain, page_urls=urls, feed=info, entries=entries, labels=labels),
        )
    files.state["feeds"] = made_from
    kept = set(with_entries({event for _, events in feeds.values() for event in events}))
    _save_vevent_cache(app, {(event, uid_domain, urls[event.id], labels) for event in kept})
    return list(feeds)


#: the VEVENTs of the last build, next to the environment: only a cache, rebuilt when unreadable
VEVENT_CACHE = "seminars-vevents.pickle"


def _load_vevent_cache(app: Sphinx) -> None:
    from .core import ics

    try:
        version, saved = pickle.loads(Path(app.doctreedir, VEVENT_CACHE).read_bytes())
    except Exception:  # missing or unreadable
        return
    if version != __version__:  # records of another version may not even compare
        return
    for key, value in saved.items():
        ics.vevent_cache.setdefault(key, value)


def _save_vevent_cache(app: Sphinx, keys: set[VeventKey]) -> None:
    from .core import ics

    kept = {key: ics.vevent_cache[key] for key in keys if key in ics.vevent_cache}
    ics.vevent_cache.clear()
    atomic_write(Path(app.doctreedir, VEVENT_CACHE), pickle.dumps((__version__, kept), pickle.HIGHEST_PROTOCOL))
