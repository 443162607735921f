"""Wiring: each module contributes its piece; nothing else lives here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, config, writers
from .directives import SeminarEventDirective
from .domain import EventRole, SeminarDomain
from .transforms import BuilderSpecifics, TalkPageTitle

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"
CSS = "sphinx-seminars.css"


def setup_extension(app: Sphinx) -> dict[str, Any]:
    config.register(app)
    app.add_domain(SeminarDomain)
    app.add_role("seminar", EventRole())
    app.connect("env-check-consistency", _check_consistency)
    app.add_directive("seminar-event", SeminarEventDirective)
    app.add_transform(TalkPageTitle)
    app.add_post_transform(BuilderSpecifics)
    app.connect("builder-inited", _add_static_assets)
    app.connect("doctree-resolved", writers.write_talk_calendars)
    app.connect("build-finished", _copy_static_assets)
    app.connect("build-finished", writers.write_feeds)
    return {
        "version": __version__,
        "env_version": 1,  # bump when the records kept in the environment change shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain: SeminarDomain = env.domains["seminar"]  # type: ignore[assignment]
    domain.check_duplicate_ids()


def _add_static_assets(app: Sphinx) -> None:
    """CSS for HTML builders only, so nothing leaks into LaTeX or man output."""
    if app.builder.format == "html":
        app.add_css_file(CSS)


def _copy_static_assets(app: Sphinx, exception: BaseException | None) -> None:
    # Copied here rather than added to html_static_path: changing a config
    # value at run time would make Sphinx see a new configuration every build.
    if exception is None and app.builder.format == "html":
        writers.write_if_changed(Path(app.builder.outdir, "_static", CSS), (STATIC / CSS).read_bytes())
