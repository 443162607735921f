"""schema.org ``Event`` JSON-LD and a social preview (description, picture) for talk pages.

On ``html-page-context``, before sphinxext-opengraph (priority 450 < 500): the page's
``metatags`` get the JSON-LD of each talk it shows and, for a page with one talk, a
``<meta name="description">``; the page's fields (``context["meta"]``, a copy: the
environment is not touched) get ``og:description``, ``og:image`` and ``og:image:alt``,
which sphinxext-opengraph takes over what it would read from the page's text. A field
the page sets itself (``:og:description:``) wins.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .core.jsonld import event_data, preview_description, script_text
from .writers import published_with_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import SeminarDomain

#: before sphinxext-opengraph's handler (the default, 500), which reads what this one sets
PRIORITY = 450


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html" or app.builder.name.startswith("epub") or doctree is None:
        return
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    talks = [published_with_url(app, domain, talk_id) for talk_id in _shown(app, domain, pagename)]
    count = len(talks)
    if not count:
        return
    tags = [
        f'<script type="application/ld+json">{script_text(event_data(event, url, event.image))}</script>'
        for event, url in talks
    ]
    if count == 1:
        event, _ = talks[0]
        description = preview_description(event)
        fields = dict(context.get("meta") or {})
        fields.setdefault("og:description", description)
        if event.image:  # the published URL, or "" (see weburls.with_published_image)
            fields.setdefault("og:image", event.image)
            fields.setdefault("og:image:alt", event.image_alt or event.title)
        context["meta"] = fields
        if 'name="description"' not in context.get("metatags", ""):
            tags.insert(0, f'<meta name="description" content="{html.escape(description)}" />')
    context["metatags"] = context.get("metatags", "") + "".join(tag + "\n" for tag in tags)


def _shown(app: Sphinx, domain: SeminarDomain, pagename: str) -> list[str]:
    """The published ids of the talks on *pagename*: with singlehtml, its one page shows every document's."""
    docnames = sorted(domain.data["events"]) if app.builder.name == "singlehtml" else [pagename]
    shown = dict.fromkeys(  # a talk shown on two pages is one talk: its data once
        domain.published_id(docname, position)
        for docname in docnames
        for position in range(len(domain.data["events"].get(docname, ())))
    )
    return list(shown)
