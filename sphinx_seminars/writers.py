"""Calendar files, written next to the pages that show the talks (HTML builders only)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from .config import CALENDAR_BUILDERS, SeminarsConfig
from .ics import calendar_bytes
from .render import DOCNAME_ATTRIBUTE, EVENT_ATTRIBUTE, anchor

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import SeminarDomain


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write *content* unless the file already holds it (keeps timestamps and deploys stable)."""
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
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


def write_talk_calendars(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``: one ``<event-id>.ics`` per talk the page shows.

    This runs in the main process for every page written (also with ``-j``),
    so calendars are regenerated exactly when their pages are.
    """
    builder = app.builder
    if builder.name not in CALENDAR_BUILDERS:
        return
    shown = [node for node in doctree.findall(nodes.container) if EVENT_ATTRIBUTE in node.attributes]
    if not shown:
        return
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    config = app.config
    uid_domain = SeminarsConfig.from_sphinx(config).effective_uid_domain(config.html_baseurl, config.project)
    folder = Path(builder.outdir, output_folder(builder, docname))
    for node in shown:
        origin = node[DOCNAME_ATTRIBUTE]
        event = next((e for e in domain.events_in(origin) if e.id == node[EVENT_ATTRIBUTE]), None)
        if event is None:  # pragma: no cover - the domain always has what the page shows
            continue
        url = page_url(builder, origin, anchor(event), config.html_baseurl)
        content = calendar_bytes([event], uid_domain=uid_domain, page_urls={event.id: url})
        write_if_changed(folder / f"{event.id}.ics", content)
