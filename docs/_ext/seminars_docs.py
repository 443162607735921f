"""Docs-only directives that read their facts from the sphinx_seminars code, so the docs cannot drift.

* ``seminars-config-table``: the ``seminars_*`` settings, from the ``SeminarsConfig`` dataclass;
  each setting is also a ``confval`` target (``{confval}`seminars_timezone```).
* ``seminars-names``: a generated table of names the loader knows (``aliases``, ``legacy``,
  ``speaker-keys``, ``inline-options``).
* ``seminars-checked-table``: a hand-written table (``name | column | column``) whose first
  column must list exactly the names the code has (``keys``, ``warnings``); a difference is
  a build warning, so ``-W`` fails when the code gains a key or a warning subtype.
* ``seminars-example-ics``: the calendar file the extension writes for an event file.
* ``seminars-example-vtimezone``: the VTIMEZONE the extension writes for a zone and years.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import sphinx_seminars
from sphinx_seminars import directives as seminar_directives
from sphinx_seminars.config import PREFIX, SeminarsConfig, default_of
from sphinx_seminars.core import entries, loading
from sphinx_seminars.core.ics import calendar_bytes, vtimezone
from sphinx_seminars.core.sanitize import ALLOWED_TAGS, URL_SCHEMES
from sphinx_seminars.render import anchor

logger = logging.getLogger(__name__)
PACKAGE = Path(sphinx_seminars.__file__).parent
_LITERAL = re.compile(r"``(.+?)``")


def warning_subtypes() -> dict[str, list[str]]:
    """``seminars.<subtype>`` -> where it is raised: the first argument of every ``Problem(...)``
    and ``warn(...)`` call, and every ``subtype="..."`` keyword, in the package."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            values = []
            if name in ("Problem", "warn") and node.args and isinstance(node.args[0], ast.Constant):
                values.append(node.args[0].value)
            if name == "Finding" and len(node.args) > 2 and isinstance(node.args[2], ast.Constant):
                values.append(node.args[2].value)  # the check command's findings: (file, line, subtype, ...)
            values += [
                kw.value.value for kw in node.keywords if kw.arg == "subtype" and isinstance(kw.value, ast.Constant)
            ]
            for value in values:
                if isinstance(value, str):
                    found.setdefault(value, [])
                    if path.name not in found[value]:
                        found[value].append(path.name)
    return found


#: what a checked table must list exactly
CHECKED = {
    "keys": lambda: list(loading.CANONICAL),
    "warnings": lambda: sorted(warning_subtypes()),
}

#: generated tables: (header, rows)
NAMES = {
    "aliases": (("Written as", "Read as"), lambda: sorted(loading.ALIASES.items())),
    "legacy": (("Legacy key",), lambda: [(key,) for key in loading.LEGACY]),
    "speaker-keys": (("Key in a ``speakers`` entry",), lambda: [(key,) for key in loading.SPEAKER_KEYS]),
    "entry-keys": (("Key of a ``talks`` entry",), lambda: [(key,) for key in entries.ENTRY_KEYS]),
    "inline-options": (
        ("Option", "Event file key"),
        lambda: [(f":{key}:", key.replace("-", "_")) for key in seminar_directives._INLINE_KEYS],
    ),
    "not-inline": (
        ("Event file key",),
        lambda: [(k,) for k in loading.CANONICAL if k.replace("_", "-") not in seminar_directives._INLINE_KEYS],
    ),
    "allowed-tags": (("HTML tag",), lambda: [(f"<{tag}>",) for tag in sorted(ALLOWED_TAGS)]),
    "url-schemes": (("URL scheme",), lambda: [(scheme,) for scheme in sorted(URL_SCHEMES)]),
}


def _inline_literals(text: str) -> list[nodes.Node]:
    """Text with ````code```` spans as literal nodes (the help strings use nothing else)."""
    parts: list[nodes.Node] = []
    for index, piece in enumerate(_LITERAL.split(text)):
        if piece:
            parts.append(nodes.literal(piece, piece) if index % 2 else nodes.Text(piece))
    return parts


def _table(header: tuple[str, ...], rows: list[list[list[nodes.Node]]], widths: list[int] | None = None) -> nodes.table:
    table = nodes.table(classes=["seminars-docs-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    if not widths:  # from the text each column holds (the text builder draws columns this wide)
        texts = [[h, *("".join(n.astext() for n in row[i]) for row in rows)] for i, h in enumerate(header)]
        widths = [min(max(8, *(len(t) + 2 for t in column)), 60) for column in texts]
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *_inline_literals(h))) for h in header))
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += nodes.row("", *(nodes.entry("", nodes.paragraph("", "", *cell)) for cell in cells))
    group += body
    return table


class ConfigTable(SphinxDirective):
    """Every ``seminars_*`` setting: name, type, default, help; each a ``confval`` target."""

    def run(self) -> list[nodes.Node]:
        std = self.env.domains.standard_domain
        rows = []
        for field in dataclasses.fields(SeminarsConfig):
            name = PREFIX + field.name
            node_id = f"confval-{name}"
            target = nodes.target("", "", ids=[node_id])
            self.set_source_info(target)
            std.note_object("confval", name, node_id, location=target)
            types = " or ".join(t.__name__ for t in field.metadata["types"])
            rows.append(
                [
                    [target, nodes.literal(name, name)],
                    [nodes.Text(types)],
                    [nodes.literal(repr(default_of(field)), repr(default_of(field)))],
                    _inline_literals(field.metadata["help"]),
                ]
            )
        return [_table(("Setting", "Type", "Default", "Meaning"), rows, [22, 8, 10, 60])]


class NamesTable(SphinxDirective):
    """A generated table, or with ``:as-list:`` a paragraph of the first column's names."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"as-list": directives.flag}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in NAMES:
            raise self.error(f"unknown kind {kind!r}; expected one of {sorted(NAMES)}")
        header, rows = NAMES[kind]
        if "as-list" in self.options:
            paragraph = nodes.paragraph()
            for index, row in enumerate(rows()):
                if index:
                    paragraph += nodes.Text(", ")
                paragraph += nodes.literal(row[0], row[0])
            return [paragraph]
        cells = [[[nodes.literal(value, value)] for value in row] for row in rows()]
        return [_table(header, cells)]


class CheckedTable(SphinxDirective):
    """Rows ``name | text | text``; the text is parsed as inline markup of the page."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"header": directives.unchanged_required, "prefix": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in CHECKED:
            raise self.error(f"unknown kind {kind!r}; expected one of {sorted(CHECKED)}")
        header = tuple(h.strip() for h in self.options.get("header", "Name | Meaning").split("|"))
        prefix = self.options.get("prefix", "")
        rows, names, messages = [], [], []
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split(" | ")]
            if len(cells) != len(header):
                raise self.error(f"row {line!r} has {len(cells)} cells, the header {len(header)}")
            names.append(cells[0])
            row = [[nodes.literal(prefix + cells[0], prefix + cells[0])]]
            for cell in cells[1:]:
                parsed, problems = self.state.inline_text(cell, self.content_offset + offset + 1)
                row.append(parsed)
                messages += problems
            rows.append(row)
        expected = CHECKED[kind]()
        missing = [n for n in expected if n not in names]
        unknown = [n for n in names if n not in expected]
        if missing or unknown:
            logger.warning(
                "the %s table is out of date: missing %s; not in the code %s",
                kind, missing, unknown, location=(self.env.docname, self.lineno),
            )  # fmt: skip
        return [_table(header, rows), *messages]


class ExampleIcs(SphinxDirective):
    """The calendar file written for the event file given (relative to the document), with
    the URL the ``html`` builder would give the page in ``:page:`` (a docname)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"page": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        settings = SeminarsConfig.from_sphinx(self.config)
        # read as the extension's own directive reads it (settings made once per build)
        loaded = loading.load_event(absolute, self.env.domains["seminar"].load_settings)  # type: ignore[attr-defined]
        if loaded.event is None or loaded.problems:
            raise self.error(f"{self.arguments[0]}: {[p.message for p in loaded.problems]}")
        event = loaded.event
        baseurl = self.config.html_baseurl
        page = f"{baseurl.rstrip('/')}/{self.options['page']}.html#{anchor(event)}" if baseurl else ""
        uid_domain = settings.effective_uid_domain(baseurl, self.config.project)
        text = calendar_bytes([event], uid_domain=uid_domain, page_urls={event.id: page}).decode("utf-8")
        text = text.replace("\r\n", "\n")
        block = nodes.literal_block(text, text, language="text")
        self.set_source_info(block)
        return [block]


class ExampleVtimezone(SphinxDirective):
    """``.. seminars-example-vtimezone:: Europe/London 2016 2017``."""

    required_arguments = 3

    def run(self) -> list[nodes.Node]:
        name, first, last = self.arguments
        text = vtimezone(name, int(first), int(last)).to_ical().decode("utf-8").replace("\r\n", "\n")
        block = nodes.literal_block(text, text, language="text")
        self.set_source_info(block)
        return [block]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("seminars-config-table", ConfigTable)
    app.add_directive("seminars-names", NamesTable)
    app.add_directive("seminars-checked-table", CheckedTable)
    app.add_directive("seminars-example-ics", ExampleIcs)
    app.add_directive("seminars-example-vtimezone", ExampleVtimezone)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
