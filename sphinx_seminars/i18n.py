"""The extension's labels in the site's language: a message catalog shipped in the package.

``_`` translates through the ``sphinx-seminars`` catalog (``locale/<lang>/LC_MESSAGES/``),
set up for Sphinx's ``language`` when the builder starts; the project's ``locale_dirs``
come first, so a project can override any label as it can Sphinx's own. Dates and times
follow the same language with Babel (:mod:`.core.localdates`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx import locale

from .core.labels import ENGLISH, CalendarLabels
from .core.localdates import babel_locale

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "sphinx-seminars"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = locale.get_translation(CATALOG)

#: the Babel locale of this build ("" for English) and the calendars' words; set when the builder starts
_current: dict[str, Any] = {"locale": "", "labels": ENGLISH}


def date_locale() -> str:
    """The Babel locale dates are written in for this build ("": the extension's English)."""
    return _current["locale"]


def start(app: Sphinx) -> None:
    """On ``builder-inited``: the catalog for ``language`` (the project's ``locale_dirs`` first)."""
    language = app.config.language or "en"
    project_dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    locale.translators.pop(("general", CATALOG), None)  # init merges: another build's language must not stay
    locale.init([*project_dirs, str(LOCALE_DIR)], language, CATALOG)
    _current["locale"] = babel_locale(language)
    _current["labels"] = _translated_labels()


def calendar_labels() -> CalendarLabels:
    """The words of the calendar files (DESCRIPTION's labels, statuses), looked up once a build: every
    talk's calendar asks for them."""
    labels: CalendarLabels = _current["labels"]
    return labels


def _translated_labels() -> CalendarLabels:
    return CalendarLabels(
        speaker=str(_("Speaker")),
        speakers=str(_("Speakers")),
        join_online=str(_("Join online")),
        details=str(_("Details")),
        join_the_talk=str(_("Join the talk online")),
        to_be_confirmed=str(_("To be confirmed")),
        cancelled=str(_("Cancelled")),
        postponed=str(_("Postponed")),
        to_be_announced=str(_("To be announced")),
        slides=str(_("Slides")),
        video=str(_("Video")),
    )


def all_talks_feed_name(project: str) -> str:
    """The name of the feed with every talk: 'Project seminars'."""
    return str(_("{project} seminars")).format(project=project)


def feed_description(name: str, project: str) -> str:
    """A feed's description: 'Talks of Friday Seminar, from Project'."""
    return str(_("Talks of {name}, from {project}")).format(name=name, project=project)
