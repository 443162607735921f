"""The ``seminar`` domain: which talks each document shows, kept where Sphinx can purge and merge it."""

from __future__ import annotations

import pickle
import secrets
from collections.abc import Iterator, Set
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .core.collections import Collection
from .core.loading import Loaded, LoadSettings
from .core.model import Event, entry_target, talk_entries
from .render import anchor_for
from .timetable import entry_anchor

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .output import OutputFiles

logger = logging.getLogger(__name__)


class EventRole(XRefRole):
    """``:seminar:`event-id``` links to the talk's page, titled with the talk's title;
    ``:seminar:`event-id/entry-id``` to a talk of an event's timetable."""

    innernodeclass = nodes.inline

    def __init__(self) -> None:
        super().__init__(warn_dangling=True)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as ``seminar`` and as the domain role ``seminar:event``.
        if ":" not in self.name:
            self.name = "seminar:event"
        domain: SeminarDomain = self.env.domains["seminar"]  # type: ignore[assignment]
        domain.data["referrers"][self.env.docname] = True  # its link text is the talk's title: see pages_to_rewrite
        return super().run()


class Showing(NamedTuple):
    """One ``seminar-event`` directive, as every build needs it: without the talk's text."""

    id: str
    title: str
    series: str
    start: float  #: POSIX timestamp, for the order of a collection's pages
    end: float  #: POSIX timestamp: past once "now" reaches it
    line: int
    identity: str  #: what makes two showings one talk: the event file, or the page and line of an inline talk
    entries: tuple[tuple[str, str], ...] = ()  #: (id, title) of each talk of the event's timetable


class PageEvents:
    """The full event records of one page, kept in the environment as one pickled ``bytes``.

    Sphinx loads the whole environment at the start of every build, also when
    nothing changed. As objects, the records (each with its speakers and
    abstract, and their attribute dicts) were most of what this extension
    added to that load, in unpickling and in garbage collection; as bytes they
    cost a copy, and are decoded only in a build that writes something made
    from them.
    """

    __slots__ = ("_events", "_packed")

    def __init__(self, events: list[Event] | None = None, packed: bytes = b"") -> None:
        self._events = events
        self._packed = packed

    @property
    def events(self) -> list[Event]:
        if self._events is None:
            self._events = pickle.loads(self._packed)
        return self._events

    def append(self, event: Event) -> None:
        self.events.append(event)
        self._packed = b""

    def __reduce__(self) -> tuple[type[PageEvents], tuple[None, bytes]]:
        if not self._packed:
            self._packed = pickle.dumps(self.events, pickle.HIGHEST_PROTOCOL)
        return PageEvents, (None, self._packed)


class SeminarDomain(Domain):
    """Events by docname.

    ``data["events"]`` maps a docname to a :class:`Showing` for each
    ``seminar-event`` directive it holds, in page order, and
    ``data["records"]`` to their full :class:`.Event` records
    (:class:`PageEvents`); ``data["indexes"]`` counts the ``seminar-index``
    directives of each docname. Only small, picklable records live here: the
    environment is loaded and pickled on every build.

    Some things live on the instance, for one build only: :attr:`now` and
    :attr:`load_settings`, set once when the builder starts (parallel readers
    inherit them), and :attr:`changed`, the documents whose talks were added,
    changed or removed in this build.
    """

    name = "seminar"
    label = "Seminars"
    data_version = 4  # bump when data's shape changes: Sphinx then starts a fresh environment
    initial_data: ClassVar[dict[str, Any]] = {
        "events": {},
        "records": {},
        "indexes": {},
        "published": {},
        "collection_pages": {},  # docname -> the folder of its collection
        "skipped": {},  # docname -> event files a seminars-event-read handler left out
        "collection_files": {},  # event file -> collections.Known, between builds (see pages.find_pages)
        "collection_key": "",  # digest of how collection_files were read (see pages.find_pages)
        "page_files": {},  # collection page -> what its page file says (see pages.find_pages)
        "referrers": {},  # docname -> True: pages with seminar roles, written again when talks change
    }
    object_types: ClassVar[dict[str, ObjType]] = {"event": ObjType("seminar event", "event")}
    roles: ClassVar[dict[str, Any]] = {"event": EventRole()}
    dangling_warnings: ClassVar[dict[str, str]] = {"event": "unknown seminar event %(target)r"}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # caches, emptied whenever data changes: published id -> (docname, position), -> showing, -> event
        self._unique: dict[str, tuple[str, int]] | None = None
        self._talks: dict[str, tuple[str, Showing]] | None = None
        self._records: dict[str, tuple[str, Event]] | None = None
        self._neighbours: dict[str, tuple[str, str]] | None = None
        self._renamed: dict[tuple[str, int], str] = {}  # (docname, position on page) -> published id
        self.now = datetime.min.replace(tzinfo=UTC)  # set on builder-inited by clock.build_now()
        self.load_settings = LoadSettings()  # set on builder-inited from the seminars_* settings
        self.changed: set[str] = set()
        self.republish = False  #: indexes and feeds must be written again (set on env-updated)
        self.collections: dict[str, Collection] = {}  #: seminars_collections, by output folder
        #: collection files read while finding the pages, for those pages to use (see pages.find_pages)
        self.preloaded: dict[str, Loaded] = {}
        self.skipped_files: set[str] = set()  #: collection files left out by a handler, this build
        self.output: OutputFiles | None = None  #: the files written in this build (see writers.output_files)

    @property
    def _events(self) -> dict[str, list[Showing]]:
        return self.data["events"]

    def add_event(self, docname: str, event: Event, line: int, collection: str = "") -> int:
        """Record *event*, shown on *docname* at *line*; returns its position among the page's talks."""
        shown = self._events.setdefault(docname, [])
        # What makes two showings one talk: the event file; inline talks are told apart by their line.
        page = str(self.env.doc2path(docname))
        identity = f"{page}:{line}" if event.source_path == page else event.source_path
        shown.append(
            Showing(
                event.id,
                event.title,
                event.series,
                event.start.timestamp(),
                event.end.timestamp(),
                line,
                identity,
                tuple((entry.id, entry.title) for entry in talk_entries(event)),
            )
        )
        if collection:
            self.data["collection_pages"][docname] = collection
        self.data["records"].setdefault(docname, PageEvents([])).append(event)
        self.changed.add(docname)
        self._forget()
        return len(shown) - 1

    def _forget(self) -> None:
        self._unique = self._talks = self._records = self._neighbours = None

    def _record(self, docname: str, position: int) -> Event:
        return self.data["records"][docname].events[position]

    def note_skipped(self, docname: str, path: str) -> None:
        """A ``seminars-event-read`` handler left the event file at *path* out (no talk, no warning)."""
        self.data["skipped"].setdefault(docname, []).append(path)

    def skipped_count(self) -> int:
        return len(self.skipped_files) + sum(len(paths) for paths in self.data["skipped"].values())

    def collection_of(self, docname: str) -> str:
        return self.data["collection_pages"].get(docname, "")

    def neighbours(self) -> dict[str, tuple[str, str]]:
        """Collection page -> (previous, next) page of the same collection, in date order ("" at the ends).

        Made once and kept until the talks change: every collection page asks for its own pair.
        """
        if self._neighbours is None:
            self._neighbours = self._find_neighbours()
        return self._neighbours

    def _find_neighbours(self) -> dict[str, tuple[str, str]]:
        by_folder: dict[str, list[tuple[float, str, str]]] = {}
        for docname, folder in self.data["collection_pages"].items():
            shown = self._events.get(docname)
            if shown:
                by_folder.setdefault(folder, []).append((shown[0].start, shown[0].id, docname))
        result = {}
        for pages in by_folder.values():
            pages.sort()
            names = ["", *(docname for _, _, docname in pages), ""]
            for index in range(1, len(names) - 1):
                result[names[index]] = (names[index - 1], names[index + 1])
        return result

    def page_title(self, docname: str) -> str:
        """The title of a talk page (its first talk's), as HTML-safe text for theme templates."""
        from html import escape

        shown = self._events.get(docname)
        return escape(shown[0].title) if shown else ""

    def add_index(self, docname: str) -> None:
        self.data["indexes"][docname] = self.data["indexes"].get(docname, 0) + 1

    def clear_doc(self, docname: str) -> None:
        if self._events.pop(docname, None) is not None:
            self.changed.add(docname)
        self.data["records"].pop(docname, None)
        self.data["indexes"].pop(docname, None)
        self.data["collection_pages"].pop(docname, None)
        self.data["skipped"].pop(docname, None)
        self.data["referrers"].pop(docname, None)
        self._forget()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._forget()
        for docname in docnames:
            if docname in otherdata["events"]:
                self._events[docname] = otherdata["events"][docname]
                self.data["records"][docname] = otherdata["records"][docname]
                self.changed.add(docname)
            for key in ("indexes", "collection_pages", "skipped", "referrers"):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def index_docnames(self) -> list[str]:
        return sorted(self.data["indexes"])

    def needs_republishing(self, fingerprint: tuple[str, ...]) -> bool:
        """Whether indexes and feeds must be written again in this build.

        They depend on every talk, on the settings in *fingerprint* and, for
        the upcoming/past split, on :attr:`now`; what they were last written
        with is kept in ``data["published"]``.
        """
        now = self.now.timestamp()
        past = sorted(event_id for event_id, (_, talk) in self.unique_talks().items() if talk.end <= now)
        published: dict[str, Any] = {
            "fingerprint": fingerprint,
            "past": past,
            "renamed": self.renamed_docnames(),
            "neighbours": self.neighbours(),
        }
        before = dict(self.data["published"])
        stamp = before.pop("stamp", "")
        self.republish = bool(self.changed) or before != published
        # A new stamp for each change, saved with the environment: feeds written after a build that
        # was stopped before writing them carry the old stamp in their manifest, and are written again.
        published["stamp"] = secrets.token_hex(8) if self.republish else stamp
        self.data["published"] = published
        return self.republish

    @property
    def published_stamp(self) -> str:
        """Changes whenever what feeds are made from changes (see :meth:`needs_republishing`)."""
        return str(self.data["published"].get("stamp", ""))

    def pages_to_rewrite(self, fingerprint: tuple[str, ...]) -> list[str]:
        """The pages to write again without re-reading: indexes, pages whose published ids moved, and pages
        linking talks with the ``seminar`` role (the link text is the talk's title, resolved when written)."""
        renamed_before = self.data["published"].get("renamed", [])
        neighbours_before = self.data["published"].get("neighbours", {})
        if not self.needs_republishing(fingerprint):
            return []
        moved = {*renamed_before, *self.renamed_docnames()} & set(self._events)
        # collection pages whose previous/next link changed (a talk added, removed or moved)
        neighbours = self.data["published"]["neighbours"]
        moved |= {docname for docname, pair in neighbours.items() if neighbours_before.get(docname) != pair}
        # and the neighbours of a page read again: their link carries its title, which may have changed
        moved |= {near for docname in self.changed for near in neighbours.get(docname, ()) if near}
        return sorted(set(self.index_docnames()) | moved | set(self.data["referrers"]))

    def all_events(self) -> Iterator[tuple[str, Event]]:
        """Every (docname, event), in a stable order (docname, then page order)."""
        for docname in sorted(self._events):
            for event in self.data["records"][docname].events:
                yield docname, event

    def _claims(self) -> dict[str, tuple[str, int]]:
        """Published id -> (docname, position) of its first showing; a talk shown twice counts once.

        When two different sources claim one id, both stay published: the later
        one (by docname, then page order) as ``<id>-2`` (``-3``, ...);
        :meth:`check_duplicate_ids` warns about it.
        """
        if self._unique is None:
            self._unique, self._renamed = {}, {}
            claimed: dict[str, str] = {}  # published id -> identity of the source that has it
            for docname in sorted(self._events):
                for position, talk in enumerate(self._events[docname]):
                    key, number = talk.id, 1
                    while claimed.get(key, talk.identity) != talk.identity:
                        number += 1
                        key = f"{talk.id}-{number}"
                    if key != talk.id:
                        self._renamed[(docname, position)] = key
                    if key not in claimed:
                        claimed[key] = talk.identity
                        self._unique[key] = (docname, position)
        return self._unique

    def unique_talks(self) -> dict[str, tuple[str, Showing]]:
        """Published id -> (docname, showing) of each talk (see :meth:`_claims`); needs no full record."""
        if self._talks is None:
            claims = self._claims().items()
            self._talks = {key: (docname, self._events[docname][position]) for key, (docname, position) in claims}
        return self._talks

    def unique_events(self) -> dict[str, tuple[str, Event]]:
        """Published id -> (docname, event) of each talk, the event carrying the id it is published under."""
        if self._records is None:
            self._records = {key: self.published(key) for key in self._claims()}
        return self._records

    def published(self, event_id: str) -> tuple[str, Event]:
        """(docname, event) of the talk published as *event_id*, the event carrying that id.

        Decodes only that page's records.
        """
        docname, position = self._claims()[event_id]
        event = self._record(docname, position)
        return docname, event if event.id == event_id else replace(event, id=event_id)

    def published_id(self, docname: str, position: int) -> str:
        """The id under which the *position*-th talk of *docname* is published (see :meth:`_claims`)."""
        self._claims()
        return self._renamed.get((docname, position), self._events[docname][position].id)

    def renamed_docnames(self) -> list[str]:
        self._claims()
        return sorted({docname for docname, _ in self._renamed})

    def check_duplicate_ids(self) -> None:
        """Warn when two different sources claim the same id: the later is published under another."""
        claims = self._claims()
        for (docname, position), key in sorted(self._renamed.items()):
            event, line = self._record(docname, position), self._events[docname][position].line
            first = self._record(*claims[event.id])
            logger.warning(
                f"event id {event.id!r} is used by both {first.source_path} and {event.source_path}; "
                f"the second is published as {key!r} and ':seminar:`{event.id}`' links to the first. "
                "Give one of them its own 'id'.",
                type="seminars",
                subtype="duplicate-id",
                location=(docname, line),
            )

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        event_id, _, entry_id = target.partition("/")
        found = self.unique_talks().get(event_id)
        if found is None:
            return None
        docname, talk = found
        title, fragment = talk.title, anchor_for(event_id)
        if entry_id:  # a talk of the event's timetable: ``event-id/entry-id``
            title = dict(talk.entries).get(entry_id, "")
            if not title:
                return None
            fragment = entry_anchor(event_id, entry_id)
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=["seminar-ref"])
        reference = make_refnode(builder, fromdocname, docname, fragment, contnode, title)
        if builder.name == "singlehtml":  # "#document-<page>#seminar-<id>" leads nowhere: one page, one anchor
            reference["refuri"] = "#" + fragment
        return reference

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        resolved = self.resolve_xref(env, fromdocname, builder, "event", target, node, contnode)
        return [("seminar:event", resolved)] if resolved is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Priority -1: in objects.inv (intersphinx links to talks), not in the search index, which
        # finds the talk's page by its title and text already: listed as objects too, each talk came
        # up twice, and the index that every build reads and writes was larger.
        for event_id, (docname, talk) in sorted(self.unique_talks().items()):
            yield event_id, talk.title, "event", docname, anchor_for(event_id), -1
            for entry_id, title in talk.entries:  # the talks of its timetable, as ``event-id/entry-id``
                yield entry_target(event_id, entry_id), title, "event", docname, entry_anchor(event_id, entry_id), -1
