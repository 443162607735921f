"""Old addresses kept working (opt-in): redirect pages, calendar copies and feed copies.

The addresses come from the talks' legacy keys (see :mod:`.legacy`) and from
``seminars_feed_aliases``; the files are written with the others at the end of an HTML build
(see :func:`.writers.finish_output`), through the same manifest, so they are whole, repaired
when damaged, and removed when no talk claims them any more. An old address never replaces a
file the build or the user put there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .config import SeminarsConfig
from .core import legacy
from .render import anchor
from .weburls import site_baseurl

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import SeminarDomain
    from .output import OutputFiles

logger = logging.getLogger(__name__)


def write_old_addresses(app: Sphinx, domain: SeminarDomain, files: OutputFiles, feeds: list[str]) -> None:
    """Write (or keep) every file that serves an old address; *feeds* are the feed files of this build."""
    from .writers import output_folder, page_url

    settings = SeminarsConfig.from_sphinx(app.config)
    if not (settings.legacy_redirects or settings.legacy_calendars or settings.feed_aliases):
        files.state.pop("old-addresses", None)
        return
    made_from = f"{domain.published_stamp} {settings.legacy_redirects} {settings.legacy_calendars}"
    made_from += f" {sorted(settings.feed_aliases.items())}"
    saved = files.saved_state.get("old-addresses", "").split("\n")
    if saved[0] == made_from and all([files.keep_if_intact(path) for path in saved[1:] if path]):
        files.state["old-addresses"] = "\n".join(saved)
        return  # nothing they are made from changed, and the files are intact

    builder = app.builder
    outdir = Path(builder.outdir)
    claimed: dict[str, str] = {}  # path -> what claimed it first

    def claim(path: str | None, address: str, by: str, location: str) -> bool:
        if path is None:
            _warn(f"old address {address!r} has no path inside the output folder; not kept", location)
            return False
        if path in claimed:
            _warn(f"old address {address!r} is claimed by {claimed[path]} already; kept for that one", location)
            return False
        ours = path in files.previous or path in files.current
        if not ours and (outdir / path).exists():
            _warn(f"old address {address!r} is a file the site has ({path}); not replaced", location)
            return False
        claimed[path] = by
        return True

    for name, target in sorted(settings.feed_aliases.items()):
        feed = target if target in feeds else next((f for f in feeds if _is_feed_of(f, target)), "")
        path = legacy.output_path(name)
        where = "conf.py (seminars_feed_aliases)"
        if not feed:
            _warn(f"seminars_feed_aliases[{name!r}]: no feed {target!r} in this build", where)
        elif claim(path, name, f"the feed {feed}", where):
            assert path is not None
            files.write(path, (outdir / feed).read_bytes())

    baseurl = site_baseurl(app.config)
    for event_id, (docname, event) in sorted(domain.unique_events().items()):
        by = f"the talk {event_id!r}"
        if settings.legacy_redirects:
            uri = f"{builder.get_target_uri(docname)}#{anchor(event)}"
            canonical = page_url(builder, docname, anchor(event), baseurl)
            for address in legacy.old_addresses(event, legacy.PAGE_KEYS):
                path = legacy.page_path(address)
                if claim(path, address, by, event.source_path):
                    assert path is not None
                    files.write(path, legacy.redirect_page(legacy.relative_url(path, uri), canonical, event.title))
        calendar = outdir / output_folder(builder, docname) / f"{event_id}.ics" if settings.legacy_calendars else None
        if calendar is not None and calendar.is_file():
            content = calendar.read_bytes()
            for address in legacy.old_addresses(event, legacy.CALENDAR_KEYS):
                path = legacy.output_path(address)
                if claim(path, address, by, event.source_path):
                    assert path is not None
                    files.write(path, content)
    files.state["old-addresses"] = "\n".join([made_from, *sorted(claimed)])


def _warn(message: str, location: str) -> None:
    logger.warning(message, type="seminars", subtype="legacy", location=location)


def _is_feed_of(feed_file: str, series: str) -> bool:
    from .writers import series_feed_name

    return feed_file == series_feed_name(series)
