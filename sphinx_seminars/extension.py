"""Wiring: each module contributes its piece; nothing else lives here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, accessible, config, formats, headings, i18n, pages, structured, writers
from .core import clock
from .directives import CollectionPageDirective, SeminarEventDirective
from .domain import EventRole, SeminarDomain
from .indexes import (
    FillIndexes,
    SeminarIndexDirective,
    depart_seminar_time,
    seminar_index,
    seminar_time,
    visit_seminar_time,
)
from .transforms import BuilderSpecifics, TalkPageTitle

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"
CSS = "sphinx-seminars.css"
JS = "sphinx-seminars.js"


def setup_extension(app: Sphinx) -> dict[str, Any]:
    config.register(app)
    app.add_domain(SeminarDomain)
    app.add_role("seminar", EventRole())
    app.connect("env-check-consistency", _check_consistency)
    app.add_directive("seminar-event", SeminarEventDirective)
    app.add_directive("seminar-collection-page", CollectionPageDirective)
    app.add_source_suffix(pages.PAGE_SUFFIX, pages.PAGE_FILETYPE)
    app.add_source_parser(pages.CollectionPageParser)
    app.add_event("seminars-event-read")
    app.add_directive("seminar-index", SeminarIndexDirective)
    app.add_node(seminar_index)
    app.add_node(seminar_time, html=(visit_seminar_time, depart_seminar_time))
    app.add_transform(TalkPageTitle)
    headings.setup(app)
    app.add_post_transform(FillIndexes)
    app.add_post_transform(BuilderSpecifics)
    app.add_post_transform(formats.TalkTimes)
    app.add_post_transform(formats.TextLinkTargets)
    app.add_post_transform(formats.ManLayout)
    accessible.setup(app)
    app.connect("builder-inited", i18n.start)
    app.connect("builder-inited", _start_build)
    app.connect("builder-inited", _add_static_assets)
    app.connect("env-updated", _republish)
    app.connect("env-updated", _write_static_assets)
    app.add_post_transform(writers.PublishedTalks)
    app.connect("doctree-resolved", writers.finish_talk_pages)
    app.connect("html-page-context", _collection_page_context)
    app.connect("html-page-context", structured.page_context, priority=structured.PRIORITY)
    app.connect("build-finished", writers.finish_output)
    app.connect("build-finished", _report_skipped)
    return {
        "version": __version__,
        "env_version": 9,  # bump when the records kept in the environment change shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _start_build(app: Sphinx) -> None:
    """What every directive of this build shares: "now", and how event files are read."""
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    domain.now = clock.build_now(app.config.seminars_now)
    domain.load_settings = config.SeminarsConfig.from_sphinx(app.config).load_settings(
        root=str(app.srcdir), source_date_epoch=clock.source_date_epoch()
    )
    pages.install(app)


def _collection_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Collection pages: previous/next talk of the collection in date order, and no "show source"
    (their source is an event file, not a page)."""
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    if not domain.collection_of(pagename):
        return
    context["sourcename"] = ""
    before, after = domain.neighbours().get(pagename, ("", ""))
    for key, docname in (("prev", before), ("next", after)):
        title = domain.page_title(docname) if docname else ""
        context[key] = {"link": context["pathto"](docname), "title": title} if title else None


def _republish(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Index pages are written again (not re-read) when any talk, "now"'s split or a setting changed."""
    domain: SeminarDomain = env.domains["seminar"]  # type: ignore[assignment]
    return domain.pages_to_rewrite(writers.feed_fingerprint(app.config))


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain: SeminarDomain = env.domains["seminar"]  # type: ignore[assignment]
    domain.check_duplicate_ids()


def _add_static_assets(app: Sphinx) -> None:
    """CSS for HTML builders only, so nothing leaks into LaTeX or man output."""
    if app.builder.format == "html":
        app.add_css_file(CSS)
        app.add_js_file(JS, defer="defer")


def _write_static_assets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # Written before the pages, so that a clean build's pages link them with Sphinx's checksum
    # (``?v=``) as later builds' do; when they change, every page is written again with the new one.
    # Not added to html_static_path: changing a config value at run time makes Sphinx see a new
    # configuration every build.
    if app.builder.format != "html":
        return []
    assets = {f"_static/{name}": (STATIC / name).read_bytes() for name in (CSS, JS)}
    return sorted(env.found_docs) if writers.write_assets(app, assets) else []


def _report_skipped(app: Sphinx, exception: BaseException | None) -> None:
    """Files left out on purpose are not warned about one by one: the build says how many."""
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    count = domain.skipped_count()
    if exception is None and count:
        from sphinx.util import logging

        logging.getLogger(__name__).info(f"sphinx-seminars: {count} event file(s) left out by seminars-event-read")
