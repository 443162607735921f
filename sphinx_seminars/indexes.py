"""The ``seminar-index`` directive: talks from the whole site, upcoming and past.

The directive leaves a placeholder; :class:`FillIndexes` replaces it once
every document has been read, from the domain's talks and the build's "now".
Index pages are therefore cheap to re-read and are written again whenever a
talk changes (see ``extension._republish``). Rows carry their UTC times in a
``<time>`` element's data attributes, so ``static/sphinx-seminars.js`` can move
talks that have ended since the build into the past part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ._compat import builder_of
from .core.calendar_links import subscribe_links
from .core.jsonld import script_text
from .core.listing import GROUP_CHOICES, ORDER_CHOICES, WHEN_CHOICES, Group, Part, Query, build_listing
from .core.loading import slugify
from .core.model import Event, entry_event, talk_entries
from .headings import new_section, wants_sections
from .i18n import _, all_talks_feed_name, date_locale
from .render import CALENDAR_CLASS, maybe_announced, short_date, short_time, status_classes, time_attributes
from .timetable import all_speakers
from .weburls import feeds_baseurl
from .writers import ALL_FEED, series_feed_name

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

    from .domain import SeminarDomain

STYLE_CHOICES = ("table", "list")
#: an event with a timetable: one row naming every speaker, or a row for each of its talks
ENTRIES_CHOICES = ("speakers", "listed")
_HEADINGS = {"upcoming": "Upcoming talks", "past": "Past talks"}  # translated when shown
_EMPTY = {"upcoming": "No upcoming talks.", "past": "No past talks."}


class seminar_index(nodes.General, nodes.Element):
    """Placeholder for an index, filled by :class:`FillIndexes`."""


class seminar_time(nodes.Inline, nodes.TextElement):
    """A talk's date in an HTML index, written as ``<time>`` with UTC epoch data attributes."""


def _choice(choices: tuple[str, ...]) -> Any:
    return lambda argument: directives.choice(argument, choices)


def _folders(argument: str | None) -> frozenset[str]:
    return frozenset(part.strip().strip("/") for part in (argument or "").split(",") if part.strip())


def _names(argument: str | None) -> frozenset[str]:
    return frozenset(part.strip().casefold() for part in (argument or "").split(",") if part.strip())


class SeminarIndexDirective(SphinxDirective):
    """``.. seminar-index::`` with options to filter, order, group and style the list."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "series": directives.unchanged,
        "tags": directives.unchanged,
        "collection": directives.unchanged,
        "when": _choice(WHEN_CHOICES),
        "order": _choice(ORDER_CHOICES),
        "limit": directives.positive_int,
        "group-by": _choice(GROUP_CHOICES),
        "style": _choice(STYLE_CHOICES),
        "no-subscribe": directives.flag,
        "entries": _choice(ENTRIES_CHOICES),
    }

    def run(self) -> list[nodes.Node]:
        node = seminar_index()
        node["series"] = sorted(_names(self.options.get("series")))
        node["tags"] = sorted(_names(self.options.get("tags")))
        node["collections"] = sorted(_folders(self.options.get("collection")))
        node["when"] = self.options.get("when", "all")
        node["order"] = self.options.get("order", "default")
        node["limit"] = self.options.get("limit")
        node["group_by"] = self.options.get("group-by", "none")
        node["style"] = self.options.get("style", "table")
        node["subscribe"] = "no-subscribe" not in self.options
        node["entries"] = self.options.get("entries", "speakers")
        self.set_source_info(node)
        if node["when"] == "all" and wants_sections(self.config):  # headings made now, for the page's outline
            for when, heading in _HEADINGS.items():
                classes = ["seminar-index-part", f"seminar-{when}"]
                node += new_section(self.state.document, [nodes.Text(_(heading))], classes)
        domain: SeminarDomain = self.env.domains["seminar"]  # type: ignore[assignment]
        domain.add_index(self.env.docname)
        return [node]


class FillIndexes(SphinxPostTransform):
    """Replace each placeholder with the talks, before references are resolved."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(seminar_index))
        if not placeholders:
            return
        domain: SeminarDomain = self.env.domains["seminar"]  # type: ignore[assignment]
        everything = list(domain.unique_events().values())
        builder = builder_of(self)
        html = builder.format == "html"
        for placeholder in placeholders:
            query = Query(
                series=frozenset(placeholder["series"]),
                tags=frozenset(placeholder["tags"]),
                when=placeholder["when"],
                order=placeholder["order"],
                limit=placeholder["limit"],
                group_by=placeholder["group_by"],
            )
            wanted = set(placeholder.get("collections", ()))
            talks = [e for docname, e in everything if not wanted or domain.collection_of(docname) in wanted]
            if placeholder.get("entries") == "listed":  # each talk of a timetable instead of its event
                talks = [t for e in talks for t in ([entry_event(e, x) for x in talk_entries(e)] or [e])]
            box = nodes.container(classes=["seminar-index", f"seminar-order-{query.order}"])
            if placeholder["subscribe"]:
                box += self._subscribe(builder, query)
            for part in build_listing(talks, domain.now, query, date_locale()):
                box += self._part(part, query, placeholder, html)
            if html:  # what the script writes when it empties a part, in the site's language
                box += script_labels({when: _(note) for when, note in _EMPTY.items()})
            placeholder.replace_self(box)

    def _part(self, part: Part, query: Query, placeholder: seminar_index, html: bool) -> nodes.Element:
        classes = ["seminar-index-part", f"seminar-{part.when}"]
        box: nodes.Element = nodes.container(classes=classes)
        made = [s for s in placeholder.children if isinstance(s, nodes.section) and classes[1] in s["classes"]]
        if made:  # a heading of its own, with an id, for the page's outline (made when the page was read)
            box = made[0]
        elif query.when == "all":  # seminars_headings = "rubrics"
            box += nodes.rubric(_(_HEADINGS[part.when]), _(_HEADINGS[part.when]), classes=["seminar-part-label"])
        style = placeholder["style"]
        if part.empty:
            box += nodes.paragraph(_(_EMPTY[part.when]), _(_EMPTY[part.when]), classes=["seminar-empty"])
            return box
        for group in part.groups:
            holder = nodes.container(classes=["seminar-index-group", f"seminar-group-{group.key or 'all'}"])
            if group.label:
                holder += nodes.rubric(group.label, group.label, classes=["seminar-group-label"])
            rows = [self._cells(event, group, html) for event in group.events]
            holder += _table(rows, group.events) if style == "table" else _list(rows, group.events)
            box += holder
        return box

    def _cells(self, event: Event, group: Group, html: bool) -> list[list[nodes.Node]]:
        """Date, time, speakers, title (a link to the talk) and location, as inline nodes."""
        date = short_date(event)
        if html:
            when: nodes.Element = seminar_time(date, date, classes=["seminar-time"])
            when.attributes.update(time_attributes(event))
            when["group"], when["group_label"] = group.key or "all", group.label
            when["all_day"] = event.all_day
        else:
            when = nodes.inline(date, date)
        title: list[nodes.Node] = []
        if event.status.label:  # "Cancelled: ", "Postponed: ", "To be confirmed: "
            label = f"{_(event.status.label)}: "
            title.append(nodes.strong(label, label, classes=[f"seminar-{event.status.value}-label"]))
        xref = addnodes.pending_xref(
            "", refdomain="seminar", reftype="event", reftarget=event.id, refexplicit=True, refwarn=True
        )
        xref += nodes.inline("", "", maybe_announced(event.title))
        title.append(xref)
        people: list[nodes.Node] = [nodes.Text("")]
        for index, speaker in enumerate(all_speakers(event)):
            text = f"{speaker.name} ({speaker.affiliation})" if speaker.affiliation else speaker.name
            people += [nodes.Text("; ")] * bool(index) + [maybe_announced(text)]
        return [[when], [nodes.Text(short_time(event))], people, title, [maybe_announced(event.location)]]

    def _subscribe(self, builder: Any, query: Query) -> nodes.paragraph:
        """Subscribe links for the feed this index matches (one series, else every talk)."""
        feed = series_feed_name(next(iter(query.series))) if len(query.series) == 1 else ALL_FEED
        download = relative_uri(builder.get_target_uri(self.env.docname), feed)
        para = nodes.paragraph("", "", classes=[CALENDAR_CLASS, "seminar-subscribe", "no-search"])
        para += nodes.strong(_("Subscribe: "), _("Subscribe: "))
        baseurl = feeds_baseurl(self.config)
        links = subscribe_links(f"{baseurl}/{feed}", self._feed_name(query)) if baseurl else []
        links.append(("Download (.ics)", download))
        for index, (label, url) in enumerate(links):
            if index:
                para += nodes.Text(" \u00b7 ")
            para += nodes.reference("", _(label), refuri=url, classes=[f"seminar-subscribe-{slugify(label)}"])
        return para

    def _feed_name(self, query: Query) -> str:
        """The name the feed calls itself (as in writers._write_feeds): the series as written, else the site's."""
        if len(query.series) == 1:
            domain: SeminarDomain = self.env.domains["seminar"]  # type: ignore[assignment]
            wanted = next(iter(query.series))
            for _docname, event in domain.unique_events().values():
                if event.series.casefold() == wanted:
                    return event.series
        return all_talks_feed_name(self.config.project)


def script_labels(labels: dict[str, str]) -> nodes.raw:
    """*labels* for ``static/sphinx-seminars.js``, as JSON in the page (no text can end the element)."""
    data = script_text(dict(sorted(labels.items())))
    html = f'<script type="application/json" class="seminar-labels">{data}</script>'
    return nodes.raw("", html, format="html")


def _row_classes(event: Event) -> list[str]:
    return ["seminar-row", *status_classes(event)]


def _table(rows: list[list[list[nodes.Node]]], events: tuple[Event, ...]) -> nodes.table:
    # Relative widths; the text writer also reads them as characters (Sphinx 8's
    # hangs breaking words into a column 1 wide). HTML sizes columns itself.
    columns = (("Date", 16), ("Time", 10), ("Speakers", 24), ("Talk", 30), ("Location", 20))
    headings = [_(name) for name, _width in columns]
    table = nodes.table(classes=["seminar-index-table", "colwidths-auto"])
    group = nodes.tgroup(cols=len(columns))
    table += group
    for _name, width in columns:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headings))
    group += head
    body = nodes.tbody()
    for cells, event in zip(rows, events, strict=True):
        row = nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *cell)) for cell in cells))
        row["classes"] = _row_classes(event)
        body += row
    group += body
    return table


def _list(rows: list[list[list[nodes.Node]]], events: tuple[Event, ...]) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=["seminar-index-list"])
    for (when, clock, people, title, location), event in zip(rows, events, strict=True):
        line = nodes.paragraph("", "", *when, nodes.Text(", "), *clock, nodes.Text(" \u2014 "), *title)
        if "".join(node.astext() for node in people):
            line += [nodes.Text(" \u2014 "), *people]
        if location[0].astext():
            line += [nodes.Text(" \u2014 "), *location]
        listing += nodes.list_item("", line, classes=_row_classes(event))
    return listing


def visit_seminar_time(translator: HTML5Translator, node: seminar_time) -> None:
    attributes = {
        "datetime": node["iso"],
        "data-seminar-start": str(node["start"]),
        "data-seminar-end": str(node["end"]),
        "data-seminar-offset": str(node["offset"]),
    }
    if node.get("all_day"):  # the script shows no "your time" for a whole day
        attributes["data-seminar-all-day"] = "true"
    if "your_time" in node:
        attributes["data-seminar-your-time"] = node["your_time"]
    if "group" in node:  # index rows (talk pages have no groups)
        attributes["data-seminar-group"] = node["group"]
        attributes["data-seminar-group-label"] = node["group_label"]
    translator.body.append(translator.starttag(node, "time", "", **attributes))


def depart_seminar_time(translator: HTML5Translator, node: seminar_time) -> None:
    translator.body.append("</time>")
