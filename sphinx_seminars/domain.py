"""The ``seminar`` domain: which talks each document shows, kept where Sphinx can purge and merge it."""

from __future__ import annotations

from collections.abc import Iterator, Set
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .model import Event
from .render import anchor

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class EventRole(XRefRole):
    """``:seminar:`event-id``` links to the talk's page, titled with the talk's title."""

    innernodeclass = nodes.inline

    def __init__(self) -> None:
        super().__init__(warn_dangling=True)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as ``seminar`` and as the domain role ``seminar:event``.
        if ":" not in self.name:
            self.name = "seminar:event"
        return super().run()


class SeminarDomain(Domain):
    """Events by docname.

    ``data["events"]`` maps a docname to the ``(event, line, identity)`` of the
    ``seminar-event`` directives it holds, in page order (the identity: the
    event file, or page and line for inline talks); ``data["indexes"]``
    counts the ``seminar-index`` directives of each docname. Only small,
    picklable records live here: the environment is pickled on every build.

    Two things live on the instance, for one build only: :attr:`now`, read
    once when the builder starts, and :attr:`changed`, the documents whose
    talks were added, changed or removed in this build.
    """

    name = "seminar"
    label = "Seminars"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"events": {}, "indexes": {}, "published": {}}
    object_types: ClassVar[dict[str, ObjType]] = {"event": ObjType("seminar event", "event")}
    roles: ClassVar[dict[str, Any]] = {"event": EventRole()}
    dangling_warnings: ClassVar[dict[str, str]] = {"event": "unknown seminar event %(target)r"}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._unique: dict[str, tuple[str, Event]] | None = None  # cache, cleared whenever data changes
        self._renamed: dict[tuple[str, int], str] = {}  # (docname, position on page) -> published id
        self.now = datetime.min.replace(tzinfo=UTC)  # set on builder-inited by clock.build_now()
        self.changed: set[str] = set()
        self.republish = False  #: indexes and feeds must be written again (set on env-updated)

    @property
    def _events(self) -> dict[str, list[tuple[Event, int, str]]]:
        return self.data["events"]

    def add_event(self, docname: str, event: Event, line: int) -> int:
        """Record *event*, shown on *docname* at *line*; returns its position among the page's talks."""
        shown = self._events.setdefault(docname, [])
        # What makes two showings one talk: the event file; inline talks are told apart by their line.
        page = str(self.env.doc2path(docname))
        identity = f"{page}:{line}" if event.source_path == page else event.source_path
        shown.append((event, line, identity))
        self.changed.add(docname)
        self._unique = None
        return len(shown) - 1

    def add_index(self, docname: str) -> None:
        self.data["indexes"][docname] = self.data["indexes"].get(docname, 0) + 1

    def clear_doc(self, docname: str) -> None:
        if self._events.pop(docname, None) is not None:
            self.changed.add(docname)
        self.data["indexes"].pop(docname, None)
        self._unique = None

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._unique = None
        for docname in docnames:
            if docname in otherdata["events"]:
                self._events[docname] = otherdata["events"][docname]
                self.changed.add(docname)
            if docname in otherdata["indexes"]:
                self.data["indexes"][docname] = otherdata["indexes"][docname]

    def index_docnames(self) -> list[str]:
        return sorted(self.data["indexes"])

    def needs_republishing(self, fingerprint: tuple[str, ...]) -> bool:
        """Whether indexes and feeds must be written again in this build.

        They depend on every talk, on the settings in *fingerprint* and, for
        the upcoming/past split, on :attr:`now`; what they were last written
        with is kept in ``data["published"]``.
        """
        past = sorted(event_id for event_id, (_, event) in self.unique_events().items() if event.end <= self.now)
        published = {"fingerprint": fingerprint, "past": past, "renamed": self.renamed_docnames()}
        self.republish = bool(self.changed) or self.data["published"] != published
        self.data["published"] = published
        return self.republish

    def pages_to_rewrite(self, fingerprint: tuple[str, ...]) -> list[str]:
        """The pages to write again without re-reading: indexes, and pages whose published ids moved."""
        renamed_before = self.data["published"].get("renamed", [])
        if not self.needs_republishing(fingerprint):
            return []
        moved = {*renamed_before, *self.renamed_docnames()} & set(self._events)
        return sorted(set(self.index_docnames()) | moved)

    def all_events(self) -> Iterator[tuple[str, Event]]:
        """Every (docname, event), in a stable order (docname, then page order)."""
        for docname in sorted(self._events):
            for event, _, _ in self._events[docname]:
                yield docname, event

    def unique_events(self) -> dict[str, tuple[str, Event]]:
        """Published id -> (docname, event) of its first page; a talk shown twice counts once.

        When two different sources claim one id, both stay published: the later
        one (by docname, then page order) as ``<id>-2`` (``-3``, ...), its event
        record carrying that id; :meth:`check_duplicate_ids` warns about it.
        """
        if self._unique is None:
            self._unique, self._renamed = {}, {}
            claimed: dict[str, str] = {}  # published id -> identity of the source that has it
            for docname in sorted(self._events):
                for position, (event, _, identity) in enumerate(self._events[docname]):
                    key, number = event.id, 1
                    while claimed.get(key, identity) != identity:
                        number += 1
                        key = f"{event.id}-{number}"
                    if key != event.id:
                        self._renamed[(docname, position)] = key
                    if key not in claimed:
                        claimed[key] = identity
                        self._unique[key] = (docname, replace(event, id=key) if key != event.id else event)
        return self._unique

    def published_id(self, docname: str, position: int) -> str:
        """The id under which the *position*-th talk of *docname* is published (see :meth:`unique_events`)."""
        self.unique_events()
        return self._renamed.get((docname, position), self._events[docname][position][0].id)

    def renamed_docnames(self) -> list[str]:
        self.unique_events()
        return sorted({docname for docname, _ in self._renamed})

    def check_duplicate_ids(self) -> None:
        """Warn when two different sources claim the same id: the later is published under another."""
        published = self.unique_events()
        for (docname, position), key in sorted(self._renamed.items()):
            event, line, _ = self._events[docname][position]
            first = published[event.id][1]
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
        found = self.unique_events().get(target)
        if found is None:
            return None
        docname, event = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(event.title, event.title, classes=["seminar-ref"])
        return make_refnode(builder, fromdocname, docname, anchor(event), contnode, event.title)

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
        for event_id, (docname, event) in sorted(self.unique_events().items()):
            yield event_id, event.title, "event", docname, anchor(event), 1
