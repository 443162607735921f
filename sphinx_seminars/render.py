"""An :class:`Event` as plain docutils nodes with ``seminar-*`` classes.

Only plain nodes are made, so every builder (LaTeX, text, man, ePub) renders
them; the CSS in ``static/`` styles them for HTML. Parsing rich text that needs
the page (Markdown, reST) is passed in as a callback by the directive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta

from docutils import nodes

from .core import localdates
from .core.model import TO_BE_ANNOUNCED, Event, RichText, Speaker, Status
from .core.times import zone_label
from .i18n import _, date_locale

#: rich text -> block nodes, in the context of the page
ParseRich = Callable[[RichText], list[nodes.Node]]
#: a picture -> an image node, or None. The picture is described as a :class:`Speaker`: ``image``
#: (path or URL), ``image_alt`` and ``name`` (the alt text when ``image_alt`` is empty). A speaker's
#: photo is the speaker; the talk's picture comes as ``Speaker(title, image=..., image_alt=...)``.
ResolveImage = Callable[[Speaker], nodes.image | None]

EVENT_CLASS = "seminar-event"
CALENDAR_CLASS = "seminar-calendar"
#: a speaker's initials (or, outside HTML, the name of a remote photo) in place of a photo
AVATAR_CLASS = "seminar-speaker-avatar"
#: node attribute naming the event a container shows
EVENT_ATTRIBUTE = "seminar_event"
#: node attribute naming the document whose directive made the container
DOCNAME_ATTRIBUTE = "seminar_docname"
CALENDAR_LINK_CLASS = "seminar-add-to-calendar"
#: the talk's position among the talks of its page (see SeminarDomain.published_id)
POSITION_ATTRIBUTE = "seminar_position"
#: attribute of the schedule's "When" field: the values of its HTML <time> (see time_attributes)
TIME_ATTRIBUTE = "seminar_time"
_ONE_DAY = timedelta(days=1)


def anchor(event: Event) -> str:
    return anchor_for(event.id)


def anchor_for(event_id: str) -> str:
    return f"seminar-{event_id}"


def is_talk_box(node: nodes.Node) -> bool:
    """Whether *node* is the box :func:`event_nodes` makes for a talk."""
    return isinstance(node, nodes.container) and EVENT_CLASS in node["classes"]


def event_nodes(event: Event, docname: str, parse_rich: ParseRich, resolve_image: ResolveImage) -> nodes.container:
    box = nodes.container(classes=[EVENT_CLASS], ids=[anchor(event)])
    box[EVENT_ATTRIBUTE] = event.id
    box[DOCNAME_ATTRIBUTE] = docname
    box["classes"].extend(status_classes(event))
    box += nodes.rubric(event.title, event.title, classes=["seminar-title", *_tba_class(event.title)])
    if event.image:
        picture = resolve_image(Speaker(event.title, image=event.image, image_alt=event.image_alt))
        if picture is not None:
            picture["classes"].append("seminar-image")
            box += picture
    if event.speakers:
        box += speakers_nodes(event.speakers, resolve_image)
    box += schedule_nodes(event)
    if event.abstract:
        box += titled_part(_("Abstract"), "seminar-abstract", parse_rich(event.abstract))
    for speaker in event.speakers:
        if speaker.bio:
            heading = _("About {name}").format(name=speaker.name) if len(event.speakers) > 1 else _("About the speaker")
            box += titled_part(heading, "seminar-bio", parse_rich(speaker.bio))
    if event.entries:  # a workshop, a school, a double bill: its timetable and talks
        from .timetable import timetable_nodes

        box += timetable_nodes(event, parse_rich, resolve_image)
    box += calendar_link(event)
    return box


def status_classes(event: Event) -> list[str]:
    """CSS classes for a talk's box or index row: 'seminar-cancelled', 'seminar-tba'..."""
    classes = [] if event.status is Status.CONFIRMED else [f"seminar-{event.status.value}"]
    return classes + (["seminar-tba"] if event.to_be_announced else [])


def maybe_announced(text: str) -> nodes.Node:
    """*text*, or 'To be announced' set apart (emphasis, class ``seminar-tba``)."""
    if text == TO_BE_ANNOUNCED:
        shown = _(TO_BE_ANNOUNCED)
        return nodes.emphasis(shown, shown, classes=["seminar-tba"])
    return nodes.Text(text)


def _tba_class(text: str) -> list[str]:
    return ["seminar-tba"] if text == TO_BE_ANNOUNCED else []


def titled_part(heading: str, css: str, body: list[nodes.Node]) -> nodes.container:
    """A part of a talk (its abstract, a bio): *body* under a heading, in a container of class *css*."""
    part = nodes.container(classes=[css])
    part += nodes.rubric(heading, heading)
    part.extend(body)
    return part


def speakers_nodes(speakers: tuple[Speaker, ...], resolve_image: ResolveImage) -> nodes.container:
    group = nodes.container(classes=["seminar-speakers"])
    for speaker in speakers:
        card = nodes.container(classes=["seminar-speaker", *_tba_class(speaker.name)])
        photo = resolve_image(speaker)
        if photo is not None:
            photo["classes"].append("seminar-speaker-photo")
            card += photo
        elif speaker.name == TO_BE_ANNOUNCED:
            pass  # no initials for nobody yet
        else:
            initials = nodes.inline(speaker.initials, speaker.initials, classes=["seminar-speaker-initials"])
            # "no-search": Sphinx's search index leaves the decorative initials out
            card += nodes.paragraph("", "", initials, classes=[AVATAR_CLASS, "no-search"])
        name: nodes.Node = nodes.strong("", "", maybe_announced(speaker.name))
        if speaker.url:
            name = nodes.reference("", "", name, refuri=speaker.url)
        card += nodes.paragraph("", "", name, classes=["seminar-speaker-name"])
        if speaker.affiliation:
            card += nodes.paragraph(speaker.affiliation, speaker.affiliation, classes=["seminar-speaker-affiliation"])
        group += card
    return group


def when_text(event: Event) -> str:
    """'Friday 28 October 2016, 13:00–14:00 BST' (or a day range for all-day events), in the site's language."""
    locale = date_locale()
    if event.all_day:
        last = (event.end - _ONE_DAY).date()
        if last == event.start.date():
            return localdates.day(event.start, locale)
        return f"{localdates.day(event.start, locale)} \u2013 {localdates.day(last, locale)}"
    return f"{localdates.day(event.start, locale)}, {localdates.span(event.start, event.end, locale)}"


def time_attributes(event: Event) -> dict[str, int | str | bool]:
    """What a talk's HTML ``<time>`` carries: UTC epoch seconds, the zone's offset then (minutes), and its
    machine-readable value: the UTC instant, or for an all-day talk its first day (no time, no zone)."""
    return {
        "start": int(event.start.timestamp()),
        "end": int(event.end.timestamp()),
        "offset": int((event.start.utcoffset() or timedelta(0)).total_seconds() // 60),
        "iso": event.start.date().isoformat() if event.all_day else f"{event.start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}",
        "all_day": event.all_day,
        "your_time": str(_("{time} your time")),  # the script's hint, in the site's language
    }


def short_date(event: Event) -> str:
    """'Fri 28 Oct 2016', for index rows."""
    return localdates.short_day(event.start, date_locale())


def short_time(event: Event) -> str:
    """'13:00 BST' (or 'all day'), for index rows."""
    if event.all_day:
        return _("all day")
    return f"{localdates.clock(event.start, date_locale())} {zone_label(event.start)}"


def schedule_nodes(event: Event) -> nodes.field_list:
    fields = nodes.field_list(classes=["seminar-schedule"])

    def add(label: str, *body: nodes.Node, css: str) -> None:
        fields.append(
            nodes.field(
                "", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph("", "", *body)), classes=[css]
            )
        )

    label = _(event.status.label) if event.status.label else ""
    if event.called_off:  # Cancelled, Postponed
        add(_("Status"), nodes.strong(label, label), css="seminar-status")
    elif label:  # To be confirmed
        add(_("Status"), nodes.Text(label), css="seminar-status")
    add(_("When"), nodes.Text(when_text(event)), css="seminar-when")
    fields[-1][TIME_ATTRIBUTE] = time_attributes(event)  # HTML makes the text a <time> (see formats.py)
    if event.location:
        add(_("Where"), maybe_announced(event.location), css="seminar-where")
    if event.join_url:
        add(_("Online"), nodes.reference("", _("Join link"), refuri=event.join_url), css="seminar-join")
    if event.series:
        add(_("Series"), nodes.Text(event.series), css="seminar-series")
    if event.links:
        refs: list[nodes.Node] = []
        for index, link in enumerate(event.links):
            if index:
                refs.append(nodes.Text(" \u00b7 "))
            refs.append(nodes.reference("", _(link.label), refuri=link.url))
        add(_("Links"), *refs, css="seminar-links")
    if event.tags:
        add(_("Tags"), nodes.Text(", ".join(event.tags)), css="seminar-tags")
    return fields


def calendar_link(event: Event) -> nodes.paragraph:
    """The "Add to calendar" link; removed for builders that write no calendar files."""
    link = nodes.reference("", _("Add to calendar (.ics)"), refuri=f"{event.id}.ics", classes=[CALENDAR_LINK_CLASS])
    # "no-search": the same links on every talk page; a search for "calendar" should find talks about calendars
    return nodes.paragraph("", "", link, classes=[CALENDAR_CLASS, "no-search"])
