"""The ``seminars_*`` settings, as one typed object.

Each field is one ``conf.py`` value (``seminars_<field>``), with its type, its
default and the help shown in the docs' configuration table (generated from
this class). Values are checked once, on ``config-inited``.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from .core.loading import LoadSettings, parse_organizer, slugify
from .core.times import TimeError, parse_datetime, zone

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "seminars_"

#: builders that get calendar files next to their pages
CALENDAR_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})


def _field(default: Any, help: str, types: tuple[type, ...], rebuild: Literal["env", "html", ""] = "env") -> Any:
    metadata = {"help": help, "types": types, "rebuild": rebuild}
    if isinstance(default, dict):  # a fresh mapping for each SeminarsConfig
        return dataclasses.field(default_factory=lambda: dict(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def default_of(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


@dataclasses.dataclass(frozen=True)
class SeminarsConfig:
    timezone: str = _field("UTC", "IANA time zone for times written without one (e.g. ``'Europe/London'``).", (str,))
    default_duration: int = _field(60, "Length of a talk in minutes when an event file gives no end time.", (int,))
    uid_domain: str = _field(
        "",
        "Domain part of calendar UIDs (``<event-id>@<domain>``). Default: the host of "
        "``html_baseurl`` (else of ``READTHEDOCS_CANONICAL_URL``), else the project name. Never change it "
        "once calendars are published: the build warns (``seminars.uid``) when it changes.",
        (str,),
    )
    feed_baseurl: str = _field(
        "",
        "Base URL of the feeds that subscribe links point at and that feeds name as their ``SOURCE``, when "
        "it is not the site's: one stable feed for every version of the docs (on Read the Docs, e.g. "
        "``'https://<project>.readthedocs.io/en/stable/'``). Default: ``html_baseurl`` (or Read the Docs' "
        "URL of the version being built). See :ref:`read-the-docs`.",
        (str,),
        rebuild="",
    )
    now: str = _field(
        "",
        "Fix \"now\" for the upcoming/past split (ISO 8601, e.g. ``'2024-05-01T12:00Z'``), for "
        "reproducible builds and tests; empty means the time the build starts.",
        (str,),
        rebuild="html",
    )
    # _field gives mappings a default_factory: each SeminarsConfig has its own
    collections: dict[str, Any] = _field(  # noqa: RUF009
        {},
        "Folders of event files published as one page per talk, without stub pages: output folder -> "
        "event folder (relative to the source folder; it may lie outside it), or -> a mapping with "
        "``source``, ``pattern`` (globs), ``defaults`` (values for keys a file leaves out) and "
        "``aliases`` (key renames). See :doc:`/migrating`.",
        (dict,),
    )
    legacy_redirects: bool = _field(
        False,
        "Keep the old addresses of talk pages working: each ``old_url``, ``redirect_from`` (Jekyll) and "
        "``aliases`` (Hugo) of an event file becomes a small redirect page at that path of the output "
        "folder (HTML builders). See :doc:`/migrating`.",
        (bool,),
        rebuild="",
    )
    legacy_calendars: bool = _field(
        False,
        "Also put a copy of each talk's calendar file at its old calendar address (``icalendar``).",
        (bool,),
        rebuild="",
    )
    feed_aliases: dict[str, str] = _field(  # noqa: RUF009
        {},
        "Old feed addresses kept for their subscribers: path in the output folder -> the feed to copy "
        "there (``'seminars.ics'``, a series feed's file name, or a series name).",
        (dict,),
        rebuild="",
    )
    # a mapping is never mutated: the setting is read, never changed
    organizer: str | dict[str, str] = _field(  # noqa: RUF009
        "",
        "Who publishes the talks, for calendars (``ORGANIZER``) and search engines: ``'Name <e-mail>'`` or "
        "``{'name': ..., 'email': ...}``. An event file's ``organizer`` overrides it. See :ref:`organizer`.",
        (str, dict),
    )
    field_aliases: dict[str, str] = _field(  # noqa: RUF009
        {},
        "Key renames for every event file: the key as your archive writes it -> the key sphinx-seminars "
        "knows, e.g. ``{'seminar': 'title'}``, or to ``None`` to ignore a key that is not about the talk.",
        (dict,),
    )

    feed_entries: bool | list[str] = _field(  # noqa: RUF009
        True,
        "Whether the feeds carry each talk of an event's timetable (a workshop's talks) as an entry of its own "
        "beside the event: ``True`` for every feed, ``False`` for none (only the events), or a list of series "
        "names whose feeds carry them (the feed of every talk then holds only the events). A talk's own "
        "calendar file always has them. See :doc:`/calendars`.",
        (bool, list, tuple),
        rebuild="",
    )

    headings: str = _field(
        "sections",
        'How the parts of a talk page ("Abstract", "About the speaker") and of an index ("Upcoming talks", '
        "\"Past talks\") are headed: ``'sections'``, real headings with ids, in the page's table of contents; or "
        "``'rubrics'``, the older look (bold lines that are not headings). See :doc:`/themes`.",
        (str,),
    )

    @classmethod
    def from_sphinx(cls, config: Config) -> SeminarsConfig:
        return cls(**{f.name: getattr(config, PREFIX + f.name) for f in dataclasses.fields(cls)})

    def validate(self) -> list[str]:
        """Problems with the values, as messages naming the setting."""
        problems = []
        try:
            zone(self.timezone)
        except TimeError as exc:
            problems.append(f"{PREFIX}timezone: {exc}")
        if self.default_duration <= 0:
            problems.append(f"{PREFIX}default_duration must be a positive number of minutes")
        if self.now:
            try:
                parse_datetime(self.now, UTC)
            except TimeError as exc:
                problems.append(f"{PREFIX}now: {exc}")
        if self.feed_baseurl and not re.match(r"(?i)^https?://[^/\s]+", self.feed_baseurl):
            problems.append(f"{PREFIX}feed_baseurl should be an http(s) URL such as 'https://example.org/seminars/'")
        if self.uid_domain and not re.fullmatch(r"[A-Za-z0-9.-]+", self.uid_domain):
            problems.append(f"{PREFIX}uid_domain should be a domain name such as 'seminars.example.org'")
        if self.organizer and parse_organizer(self.organizer)[1]:
            problems.append(f"{PREFIX}organizer {parse_organizer(self.organizer)[1]}")
        if not all(isinstance(k, str) and isinstance(v, (str, type(None))) for k, v in self.field_aliases.items()):
            problems.append(f"{PREFIX}field_aliases should map key names to key names (or None to ignore a key)")
        if not isinstance(self.feed_entries, bool) and not all(isinstance(n, str) for n in self.feed_entries):
            problems.append(f"{PREFIX}feed_entries should be True, False or a list of series names")
        if self.headings not in ("sections", "rubrics"):
            problems.append(f"{PREFIX}headings should be 'sections' or 'rubrics', not {self.headings!r}")
        return problems

    def feeds_with_entries(self, all_feed: str, series_feeds: dict[str, str]) -> set[str]:
        """The feed files (of *all_feed* and the *series_feeds*: series -> file) that carry timetables' talks."""
        if isinstance(self.feed_entries, bool):
            return {all_feed, *series_feeds.values()} if self.feed_entries else set()
        wanted = {str(name).casefold() for name in self.feed_entries}
        return {file for series, file in series_feeds.items() if series.casefold() in wanted}

    def load_settings(self, root: str = "", source_date_epoch: int | None = None) -> LoadSettings:
        return LoadSettings(
            default_timezone=self.timezone if self._zone_ok() else "UTC",
            default_duration=timedelta(minutes=max(self.default_duration, 1)),
            source_date_epoch=source_date_epoch,
            root=root,
            aliases=tuple((str(k), "" if v is None else str(v)) for k, v in self.field_aliases.items()),
            # the project's organiser is every event file's default 'organizer' (read, and checked, as one)
            defaults=(("organizer", self.organizer),) if self.organizer and self._organizer_ok() else (),
        )

    def _organizer_ok(self) -> bool:
        return not parse_organizer(self.organizer)[1]

    def _zone_ok(self) -> bool:
        try:
            zone(self.timezone)
        except TimeError:
            return False
        return True

    def effective_uid_domain(self, baseurl: str, project: str) -> str:
        """The setting, else the host of the site's base URL (the same for every version of the docs)."""
        if self.uid_domain:
            return self.uid_domain
        host = urlsplit(baseurl).hostname if baseurl else None
        return host or f"{slugify(project) or 'sphinx'}.sphinx-seminars"


def register(app: Sphinx) -> None:
    for field in dataclasses.fields(SeminarsConfig):
        app.add_config_value(
            PREFIX + field.name,
            default_of(field),
            field.metadata["rebuild"],
            types=field.metadata["types"],
            description=field.metadata["help"],
        )
    app.connect("config-inited", _check)


def _check(app: Sphinx, config: Config) -> None:
    from sphinx.util import logging

    from .core.collections import parse_collections

    logger = logging.getLogger(__name__)
    settings = SeminarsConfig.from_sphinx(config)
    _, collection_problems = parse_collections(settings.collections, str(app.srcdir))
    for message in [*settings.validate(), *collection_problems]:
        logger.warning(message, type="seminars", subtype="config")
