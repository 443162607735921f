"""The ``seminar`` domain: which talks each document shows, kept where Sphinx can purge and merge it."""

from __future__ import annotations

from collections.abc import Iterator, Set
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

    ``data["events"]`` maps a docname to the ``(event, line)`` pairs of the
    ``seminar-event`` directives it holds, in page order. Only small, picklable
    records live here: the environment is pickled on every build.
    """

    name = "seminar"
    label = "Seminars"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {"events": {}}
    object_types: ClassVar[dict[str, ObjType]] = {"event": ObjType("seminar event", "event")}
    roles: ClassVar[dict[str, Any]] = {"event": EventRole()}
    dangling_warnings: ClassVar[dict[str, str]] = {"event": "unknown seminar event %(target)r"}

    _unique: dict[str, tuple[str, Event]] | None = None  # cache, cleared whenever data changes

    @property
    def _events(self) -> dict[str, list[tuple[Event, int]]]:
        return self.data["events"]

    def add_event(self, docname: str, event: Event, line: int) -> None:
        self._events.setdefault(docname, []).append((event, line))
        self._unique = None

    def clear_doc(self, docname: str) -> None:
        self._events.pop(docname, None)
        self._unique = None

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._unique = None
        for docname in docnames:
            if docname in otherdata["events"]:
                self._events[docname] = otherdata["events"][docname]

    def events_in(self, docname: str) -> list[Event]:
        return [event for event, _ in self._events.get(docname, ())]

    def all_events(self) -> Iterator[tuple[str, Event]]:
        """Every (docname, event), in a stable order (docname, then page order)."""
        for docname in sorted(self._events):
            for event, _ in self._events[docname]:
                yield docname, event

    def unique_events(self) -> dict[str, tuple[str, Event]]:
        """Event id -> (docname, event) of its first page; a talk shown twice counts once."""
        if self._unique is None:
            self._unique = {}
            for docname, event in self.all_events():
                self._unique.setdefault(event.id, (docname, event))
        return self._unique

    def check_duplicate_ids(self) -> None:
        """Warn when two different event files claim the same id (their calendars would collide)."""
        first_source: dict[str, str] = {}
        for docname in sorted(self._events):
            for event, line in self._events[docname]:
                known = first_source.setdefault(event.id, event.source_path)
                if known != event.source_path:
                    logger.warning(
                        f"event id {event.id!r} is used by both {known} and {event.source_path}; "
                        "links and feeds use the first. Give one of them its own 'id'.",
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
