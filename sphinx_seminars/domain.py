"""The ``seminar`` domain: which talks each document shows, kept where Sphinx can purge and merge it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar

from sphinx.domains import Domain

from .model import Event


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

    @property
    def _events(self) -> dict[str, list[tuple[Event, int]]]:
        return self.data["events"]

    def add_event(self, docname: str, event: Event, line: int) -> None:
        self._events.setdefault(docname, []).append((event, line))

    def clear_doc(self, docname: str) -> None:
        self._events.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
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

    def docnames_with_events(self) -> Iterable[str]:
        return sorted(self._events)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []
