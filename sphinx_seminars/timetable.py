"""An event's timetable (its :class:`.Entry` records) as plain docutils nodes with ``seminar-*`` classes.

Shown after the event's own when-where and abstract: a table per day (time with its zone, the
title linking to the entry's details, the speakers), then the details of each talk with speaker
cards. When two talks in different rooms overlap, that day's table has a column per room (on a
phone the CSS stacks the cells, each naming its room); plenary slots and breaks span the columns.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from docutils import nodes

from .core import localdates
from .core.model import Entry, EntryKind, Event, Speaker, overlaps, talk_entries
from .core.times import zone_label
from .i18n import _, date_locale
from .render import ParseRich, ResolveImage, maybe_announced, speakers_nodes, titled_part

#: node attribute naming the entry a container shows (beside render.EVENT_ATTRIBUTE on the event's box)
ENTRY_ATTRIBUTE = "seminar_entry"


def entry_anchor(event_id: str, entry_id: str) -> str:
    """The HTML id of an entry's details: ``seminar-<event-id>--<entry-id>`` (slugs never hold '--')."""
    return f"seminar-{event_id}--{entry_id}"


def entry_urls(event: Event, page_url: str) -> dict[str, str]:
    """``<event-id>/<entry-id>`` -> the URL of the entry's details, from the event's *page_url* ("" stays "")."""
    page = page_url.split("#")[0]
    return {
        f"{event.id}/{entry.id}": f"{page}#{entry_anchor(event.id, entry.id)}" if page else ""
        for entry in talk_entries(event)
    }


def all_speakers(event: Event) -> tuple[Speaker, ...]:
    """The event's speakers, then its entries' (each name once), for an index row."""
    seen: dict[str, Speaker] = {}
    for speaker in itertools.chain(event.speakers, *(entry.speakers for entry in event.entries)):
        seen.setdefault(speaker.name, speaker)
    return tuple(seen.values())


def timetable_nodes(event: Event, parse_rich: ParseRich, resolve_image: ResolveImage) -> list[nodes.Node]:
    """The timetable, then the talks' details."""
    table = nodes.container(classes=["seminar-timetable"])
    heading = _("Programme")
    table += nodes.rubric(heading, heading)
    days = [(day, list(entries)) for day, entries in itertools.groupby(event.entries, key=lambda e: e.start.date())]
    for day, entries in days:
        if len(days) > 1:
            label = localdates.day(day, date_locale())
            table += nodes.rubric(label, label, classes=["seminar-timetable-day"])
        rooms = parallel_rooms(entries)
        table += _parallel_table(event, entries, rooms) if rooms else _plain_table(event, entries)
    result: list[nodes.Node] = [table]
    talks = talk_entries(event)
    if talks:
        details = nodes.container(classes=["seminar-entries"])
        heading = _("Talks")
        details += nodes.rubric(heading, heading)
        for entry in talks:
            details += entry_nodes(event, entry, parse_rich, resolve_image)
        result.append(details)
    return result


def parallel_rooms(entries: Iterable[Entry]) -> list[str]:
    """The rooms of the day, in order of first use, when talks in different rooms overlap; else []."""
    listed = [e for e in entries if e.kind is EntryKind.TALK and e.room]
    for index, first in enumerate(listed):
        for second in listed[index + 1 :]:
            if first.room != second.room and overlaps(first, second):
                return list(dict.fromkeys(entry.room for entry in listed))
    return []


def _title(event: Event, entry: Entry) -> list[nodes.Node]:
    """Status label and the title, linking to the entry's details (a break has none)."""
    shown: list[nodes.Node] = []
    if entry.status.label:
        label = f"{_(entry.status.label)}: "
        shown.append(nodes.strong(label, label, classes=[f"seminar-{entry.status.value}-label"]))
    title = maybe_announced(entry.title)
    if entry.kind is EntryKind.TALK:
        shown.append(nodes.reference("", "", title, refid=entry_anchor(event.id, entry.id)))
    else:
        shown.append(title)
    return shown


def _people(entry: Entry) -> list[nodes.Node]:
    people: list[nodes.Node] = []
    for index, speaker in enumerate(entry.speakers):
        if index:
            people.append(nodes.Text("; "))
        people.append(maybe_announced(speaker.name))
    return people


def _row_classes(entry: Entry) -> list[str]:
    classes = ["seminar-entry-row", f"seminar-entry-{entry.kind.value}"]
    return classes + ([f"seminar-{entry.status.value}"] if entry.status.label else [])


def _table(headings: list[str], widths: list[int], rows: list[nodes.row]) -> nodes.table:
    table = nodes.table(classes=["seminar-timetable-table", "colwidths-auto"])
    group = nodes.tgroup(cols=len(headings))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    group += nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headings)))
    group += nodes.tbody("", *rows)
    return table


def _cell(*content: nodes.Node, classes: Iterable[str] = ()) -> nodes.entry:
    return nodes.entry("", *content, classes=list(classes))


def _plain_table(event: Event, entries: list[Entry]) -> nodes.table:
    """One row per entry: time, title (with its room), speakers."""
    rows = []
    for entry in entries:
        session = nodes.paragraph("", "", *_title(event, entry))
        where = [nodes.paragraph(entry.room, entry.room, classes=["seminar-entry-room"])] if entry.room else []
        rows.append(
            nodes.row(
                "",
                _cell(nodes.paragraph("", _span(entry)), classes=["seminar-entry-time"]),
                _cell(session, *where),
                _cell(nodes.paragraph("", "", *_people(entry)), classes=["seminar-entry-speakers"]),
                classes=_row_classes(entry),
            )
        )
    return _table([_("Time"), _("Session"), _("Speakers")], [14, 50, 36], rows)


def _parallel_table(event: Event, entries: list[Entry], rooms: list[str]) -> nodes.table:
    """One row per start time, one column per room; a slot without a room spans them all."""
    rows = []
    for start, starting in itertools.groupby(entries, key=lambda e: e.start):
        slot = list(starting)
        clock = f"{localdates.clock(start, date_locale())} {zone_label(start)}"
        time = _cell(nodes.paragraph("", clock), classes=["seminar-entry-time"])
        row = nodes.row("", time, classes=["seminar-entry-slot"])
        by_room = {room: [e for e in slot if e.room == room] for room in rooms}
        elsewhere = [e for e in slot if e.room not in by_room]
        if elsewhere and not any(by_room.values()):  # plenary or break: across every room
            spanning = _cell(*(_parallel_entry(event, e, show_room=False) for e in elsewhere))
            spanning["morecols"] = len(rooms) - 1
            spanning["classes"] += _row_classes(elsewhere[0])
            row += spanning
        else:
            by_room[rooms[0]] = elsewhere + by_room[rooms[0]]
            for room in rooms:
                held = by_room[room]
                cell = _cell(*(_parallel_entry(event, e, show_room=True) for e in held))
                cell["classes"] += _row_classes(held[0]) if held else ["seminar-entry-empty"]
                row += cell
        rows.append(row)
    widths = [14] + [86 // len(rooms)] * len(rooms)
    return _table([_("Time"), *rooms], widths, rows)


def _parallel_entry(event: Event, entry: Entry, *, show_room: bool) -> nodes.container:
    box = nodes.container(classes=["seminar-entry-cell"])
    box += nodes.paragraph("", "", *_title(event, entry), classes=["seminar-entry-title"])
    if entry.speakers:
        box += nodes.paragraph("", "", *_people(entry), classes=["seminar-entry-speakers"])
    locale = date_locale()
    span = f"{localdates.clock(entry.start, locale)}\u2013{localdates.clock(entry.end, locale)}"
    details = f"{span} \u00b7 {entry.room}" if show_room and entry.room else span
    # the room is named in each cell for narrow screens, where the CSS stacks the columns
    box += nodes.paragraph(details, details, classes=["seminar-entry-when"])
    return box


def entry_nodes(event: Event, entry: Entry, parse_rich: ParseRich, resolve_image: ResolveImage) -> nodes.container:
    """One talk's details: title, when and where, speaker cards, abstract, bios and links."""
    box = nodes.container(classes=["seminar-entry"], ids=[entry_anchor(event.id, entry.id)])
    box[ENTRY_ATTRIBUTE] = entry.id
    if entry.status.label:
        box["classes"].append(f"seminar-{entry.status.value}")
    box += nodes.rubric("", "", maybe_announced(entry.title), classes=["seminar-entry-heading"])
    fields = nodes.field_list(classes=["seminar-schedule"])
    if entry.status.label:
        status = _(entry.status.label)
        fields += _field(_("Status"), nodes.strong(status, status), css="seminar-status")
    when = _span(entry)
    if entry.start.date() != event.start.date() or event.end.date() != event.start.date():
        when = f"{localdates.day(entry.start, date_locale())}, {when}"
    fields += _field(_("When"), nodes.Text(when), css="seminar-when")
    if entry.place:
        fields += _field(_("Where"), maybe_announced(entry.place), css="seminar-where")
    if entry.links:
        refs: list[nodes.Node] = []
        for index, link in enumerate(entry.links):
            refs += [nodes.Text(" \u00b7 ")] * bool(index) + [nodes.reference("", _(link.label), refuri=link.url)]
        fields += _field(_("Links"), *refs, css="seminar-links")
    if entry.speakers:
        box += speakers_nodes(entry.speakers, resolve_image)
    box += fields
    if entry.abstract:
        box += nodes.container("", *parse_rich(entry.abstract), classes=["seminar-abstract"])
    for speaker in entry.speakers:
        if speaker.bio:
            box += titled_part(_("About {name}").format(name=speaker.name), "seminar-bio", parse_rich(speaker.bio))
    return box


def _span(entry: Entry) -> str:
    """'13:00–14:00 BST' in the site's language."""
    return localdates.span(entry.start, entry.end, date_locale())


def _field(label: str, *body: nodes.Node, css: str) -> nodes.field:
    return nodes.field(
        "", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph("", "", *body)), classes=[css]
    )
