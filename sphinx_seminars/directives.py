"""The ``seminar-event`` directive: one talk from an event file, or given inline."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import render
from .core.loading import LoadSettings, build_event, load_event, slugify, stamp
from .core.model import Event, Markup, Problem, RichText, Speaker
from .core.richtext import to_nodes
from .core.sanitize import plain_text_field
from .pages import adapter
from .subparse import parse_markdown, parse_rst
from .untrusted import make_safe, restricted

if TYPE_CHECKING:
    from .domain import SeminarDomain

logger = logging.getLogger(__name__)

#: inline options (``:join-link:``) -> event file keys (``join_link``)
_INLINE_KEYS = (
    "id", "title", "speaker", "affiliation", "url", "bio", "speaker-image", "image", "start", "end", "timezone",
    "location", "join-link", "series", "tags", "status", "slides", "video", "talks",
)  # fmt: skip


def warn_problems(problems: list[Problem], source: str, fallback_line: int | None = None) -> None:
    """Each problem as a ``seminars.<subtype>`` warning at ``source:line``."""
    for problem in sorted(problems, key=lambda p: p.line or 0):
        line = problem.line or fallback_line
        location = f"{source}:{line}" if line else source
        logger.warning(problem.message, type="seminars", subtype=problem.subtype, location=location)


class SeminarEventDirective(SphinxDirective):
    """``.. seminar-event:: path/to/event.md`` or inline options with the abstract as content."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, object]] = {key: directives.unchanged for key in _INLINE_KEYS}

    #: the collection whose page this is ("" for a talk written on a page)
    collection = ""

    def run(self) -> list[nodes.Node]:
        domain: SeminarDomain = self.env.domains["seminar"]  # type: ignore[assignment]
        event, source = self._read(domain)
        if event is None:
            return []
        position = domain.add_event(self.env.docname, event, self.lineno, collection=self.collection)
        self._source = source
        box = render.event_nodes(event, self.env.docname, self._parse_rich, self._image)
        box[render.POSITION_ATTRIBUTE] = position
        if self.arguments and self.content and not self.collection:  # extra text written on the page itself
            extra = nodes.container(classes=["seminar-notes"])
            self.state.nested_parse(self.content, self.content_offset, extra)
            box.insert(len(box) - 1, extra)
        self.set_source_info(box)
        return [box]

    def _read(self, domain: SeminarDomain) -> tuple[Event | None, str]:
        if self.arguments:
            return self._from_file(domain)
        return self._inline(domain.load_settings)

    def _from_file(self, domain: SeminarDomain) -> tuple[Event | None, str]:
        written = self.arguments[0]
        relative, absolute = self.env.relfn2path(written)
        if "\0" in written or not Path(absolute).resolve().is_relative_to(Path(self.env.srcdir).resolve()):
            # Event files are read as data and shown: keep them inside the site, like its pages.
            logger.warning(
                f"event file {written!r} lies outside the source folder; talk skipped",
                type="seminars",
                subtype="path",
                location=(self.env.docname, self.lineno),
            )
            return None, absolute
        self.env.note_dependency(relative)
        loaded = load_event(absolute, domain.load_settings, shown_as=written, adapt=adapter(self.env))
        if loaded.skipped:
            domain.note_skipped(self.env.docname, absolute)
            return None, absolute
        if any(p.subtype == "missing" for p in loaded.problems):
            # The file itself is missing: point at the directive, as literalinclude does.
            warn_problems(loaded.problems, self._page_path(), fallback_line=self.lineno)
            return None, absolute
        warn_problems(loaded.problems, absolute)
        return loaded.event, absolute

    def _inline(self, settings: LoadSettings) -> tuple[Event | None, str]:
        data = {key.replace("-", "_"): value for key, value in self.options.items()}
        problems: list[Problem] = []
        body = None
        if self.content:
            body = RichText("\n".join(self.content), Markup.RST, self.content_offset + 1)
        source = self._page_path()
        event = build_event(
            data,
            lambda *_path: self.lineno,
            source_path=source,
            default_id=slugify(str(data.get("id") or plain_text_field(str(data.get("title") or "")))) or "event",
            settings=settings,
            problems=problems,
            body=body,
            base_dir=str(Path(source).parent),
            fallback_updated=stamp(settings, source),
        )
        warn_problems(problems, source)  # every problem is located at the directive's line
        return event, source

    def _page_path(self) -> str:
        return str(self.env.doc2path(self.env.docname))

    # -- callbacks for render ---------------------------------------------------------------

    def _parse_rich(self, text: RichText) -> list[nodes.Node]:
        if not self.arguments:  # inline: written on the page by its authors, as trusted as the page
            if text.markup is Markup.RST:
                holder = nodes.container()
                self.state.nested_parse(self.content, self.content_offset, holder)
                return list(holder.children)
            return to_nodes(text)
        settings = self.state.document.settings
        nested = text.markup is Markup.RST and isinstance(self.state, RSTState)
        line_offset = text.line - 1 if nested else 0  # a nested parse numbers lines from the body's start
        try:
            with restricted(settings, self._source, line_offset):
                if nested:
                    holder = nodes.container()
                    lines = StringList(text.source.splitlines(), source=self._source)
                    # offsets so that problems in the body point at the event file's lines
                    for index in range(len(lines)):
                        lines.items[index] = (self._source, text.line - 1 + index)
                    self.state.nested_parse(lines, 0, holder)
                    parsed = list(holder.children)
                elif text.markup is Markup.RST:
                    parsed = parse_rst(text, self._source, settings)
                elif text.markup is Markup.MARKDOWN:
                    parsed = parse_markdown(text, self._source, settings, self.env)
                else:
                    parsed = to_nodes(text)
        except RecursionError:  # lists or quotes nested hundreds deep: docutils parses recursively
            logger.warning(
                "the text is nested too deeply to read; shown as plain text",
                type="seminars",
                subtype="size",
                location=f"{self._source}:{text.line}",
            )
            return [nodes.literal_block(text.source, text.source)]
        return make_safe(parsed, self._source, str(self.env.srcdir), self._body_path, line_offset)

    def _body_path(self, uri: str) -> str:
        """The file a relative path in an event file's body names: relative to the page."""
        return self.env.relfn2path(uri, self.env.docname)[1]

    def _image(self, speaker: Speaker) -> nodes.image | None:
        if not speaker.image:
            return None
        alt = speaker.image_alt if speaker.image_alt and speaker.image_alt != "image-alt" else speaker.name
        if speaker.image.startswith(("http://", "https://")):
            return nodes.image(uri=speaker.image, alt=alt)
        self.env.note_dependency(speaker.image)
        # "/" + a path from the source folder: Sphinx copies the picture from there (a collection
        # kept beside the source folder gives a path that starts with "..").
        relative = Path(os.path.relpath(speaker.image, Path(self.env.srcdir).resolve())).as_posix()
        return nodes.image(uri="/" + relative, alt=alt)


class CollectionPageDirective(SeminarEventDirective):
    """The talk of a collection page (see :mod:`.pages`): ``.. seminar-collection-page:: <folder>``
    with the event file's path, JSON-quoted, as content.

    The event file may lie outside the source folder: the collection's folder is configuration,
    trusted like conf.py; the file's content stays untrusted, as for ``seminar-event``.
    """

    required_arguments = 1
    optional_arguments = 0
    option_spec: ClassVar[dict[str, object]] = {}

    def _read(self, domain: SeminarDomain) -> tuple[Event | None, str]:
        self.collection = self.arguments[0]
        collection = domain.collections.get(self.collection)
        path = json.loads("\n".join(self.content))
        if collection is None or not Path(path).resolve().is_relative_to(Path(collection.source).resolve()):
            logger.warning(
                f"{path!r} is not in a collection of seminars_collections; talk skipped",
                type="seminars",
                subtype="collection",
                location=(self.env.docname, self.lineno),
            )
            return None, path
        # Not a Sphinx dependency: the page file changes with the event file (see pages.py).
        # Collection pages are reached from indexes and links, not from a toctree.
        self.env.metadata[self.env.docname]["orphan"] = True
        loaded = domain.preloaded.pop(path, None)
        if loaded is None:
            loaded = load_event(path, collection.settings(domain.load_settings), adapt=adapter(self.env))
        warn_problems(loaded.problems, path)
        return loaded.event, path

    def _body_path(self, uri: str) -> str:
        """Relative paths in a collection file's body start from the file's own folder."""
        if uri.startswith("/"):
            return super()._body_path(uri)
        return str((Path(self._source).parent / uri).resolve())
