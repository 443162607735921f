"""Splitting an event file into front matter and body, and reading the front matter.

Written by hand rather than with python-frontmatter because every warning must
point at the line of the offending key: we compose the YAML node tree (which
carries line marks) instead of only loading values, and keep the raw text of
scalars (YAML 1.1 reads an unquoted ``16:00`` as the integer 960).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import yaml

from .model import Problem
from .sanitize import CONTROL_CHARACTERS

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~6x faster

#: a key path such as ("speakers", 0, "name")
KeyPath = tuple[str | int, ...]


@dataclasses.dataclass
class FrontMatter:
    """The parsed front matter of one file, with where each key stands."""

    data: dict[str, Any]
    body: str
    body_line: int  #: 1-based line where the body starts
    lines: dict[KeyPath, int] = dataclasses.field(default_factory=dict)
    raw: dict[KeyPath, str] = dataclasses.field(default_factory=dict)  #: scalar text as written
    first_line: int = 1  #: line of the first key, for problems about the whole block

    def line_of(self, *path: str | int) -> int:
        """The line of *path*, or of its nearest located parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


class FrontMatterError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}


def split(text: str, suffix: str) -> tuple[str, str, str, int, list[Problem]]:
    """Cut *text* into ``(syntax, front matter, body, body line, problems)``.

    Whole-file YAML/TOML is recognised by the file suffix.
    """
    if suffix in (".yaml", ".yml"):
        return "yaml", text, "", 0, []
    if suffix == ".toml":
        return "toml", text, "", 0, []
    lines = text.splitlines(keepends=True)
    opening = lines[0].strip() if lines else ""
    if opening not in _FENCES:
        raise FrontMatterError(
            Problem("frontmatter", "no front matter: the file must start with a '---' (YAML) or '+++' (TOML) line", 1)
        )
    syntax, closers = _FENCES[opening]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return syntax, front, body, index + 2, []
    problem = Problem(
        "frontmatter",
        f"unterminated front matter: no closing {closers[0]!r} line; reading the rest of the file as front matter",
        1,
    )
    return syntax, "".join(lines[1:]), "", len(lines) + 1, [problem]


def read(text: str, suffix: str) -> tuple[FrontMatter, list[Problem]]:
    """Parse the front matter of *text*; :class:`FrontMatterError` if there is none usable."""
    syntax, front, body, body_line, problems = split(text, suffix)
    offset = 0 if suffix in (".yaml", ".yml", ".toml") else 1  # lines before the front matter
    matter = _read_yaml(front, offset, problems) if syntax == "yaml" else _read_toml(front, offset, problems)
    matter.body, matter.body_line = body, body_line
    return matter, problems


def _escaped_control(path: KeyPath, value: str, line: int, problems: list[Problem]) -> None:
    """Warn about a control character that an escape ("\\u0000", "\\a") put in *value*.

    The raw ones were removed with a warning when the file was decoded; these are removed
    where the value is used (every text field is cleaned), and said here, where the line is known.
    """
    found = CONTROL_CHARACTERS.search(value)
    if found:
        where = "' / '".join(str(part) for part in path)
        message = f"'{where}': control character U+{ord(found.group()):04X} (written as an escape) removed"
        problems.append(Problem("encoding", message, line))


def _read_yaml(text: str, offset: int, problems: list[Problem]) -> FrontMatter:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is reported at the end of the text; its start is more useful.
        ends_stream = "end of stream" in (exc.problem or "")
        mark = (exc.context_mark if ends_stream else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else offset + 1
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise FrontMatterError(Problem("yaml", f"invalid YAML: {what}", line)) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(Problem("yaml", f"invalid YAML: {exc}", offset + 1)) from None
    finally:
        loader.dispose()
    if data is None:
        raise FrontMatterError(Problem("frontmatter", "empty front matter", offset + 1))
    if not isinstance(data, dict):
        line = node.start_mark.line + 1 + offset
        raise FrontMatterError(
            Problem(
                "frontmatter", f"front matter must be a mapping of keys to values, not a {type(data).__name__}", line
            )
        )
    matter = FrontMatter({str(k): v for k, v in data.items()}, "", 0)
    for path, item in _walk(node, ()):
        matter.lines[path] = item.start_mark.line + 1 + offset
        if isinstance(item, yaml.ScalarNode):
            matter.raw[path] = item.value
            if item.style == '"':  # only double quotes have escapes
                _escaped_control(path, item.value, matter.lines[path], problems)
    matter.first_line = min(matter.lines.values(), default=offset + 1)
    return matter


#: an event file has a few dozen values; these bounds stop YAML alias bombs and deep nesting
MAX_VALUES = 10_000
MAX_DEPTH = 32


def _check_size(root: yaml.Node, offset: int) -> None:
    """Refuse a node tree that is huge once aliases are expanded, or deeply nested.

    Aliases make the composed tree a graph: ``&a [x, x]``, ``&b [*a, *a]``, ...
    doubles at each step, and anything that later walks or prints the values
    (a warning, ``str()``) would pay for the expanded size. Expanded sizes are
    computed once per node, so this check is linear in the text.
    """
    expanded: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # post-order, iteratively: deep nesting must not hit Python's recursion limit
        node, children_done = stack.pop()
        if id(node) in expanded:
            continue
        children = _children(node)
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in expanded)
            if len(stack) > MAX_VALUES:
                break
            continue
        expanded[id(node)] = 1 + sum(expanded.get(id(c), 1) for c in children)
        depth_of[id(node)] = 1 + max((depth_of.get(id(c), 0) for c in children), default=0)
        if expanded[id(node)] > MAX_VALUES or depth_of[id(node)] > MAX_DEPTH:
            break
    else:
        return
    line = node.start_mark.line + 1 + offset
    if depth_of.get(id(node), 0) > MAX_DEPTH:
        message = f"front matter nested more than {MAX_DEPTH} levels deep"
    else:
        message = f"front matter has more than {MAX_VALUES:,} values once aliases are expanded"
    raise FrontMatterError(Problem("size", message, line))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _walk(node: yaml.Node, path: KeyPath, depth: int = 0) -> Iterator[tuple[KeyPath, yaml.Node]]:
    """Every (key path, value node) below *node*; shallow, event files are flat."""
    if depth > 4:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*path, key.value)
                yield child, value
                yield from _walk(value, child, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            child = (*path, index)
            yield child, value
            yield from _walk(value, child, depth + 1)


_TOML_KEY = re.compile(r"^\s*(?:\[\[?\s*)?([A-Za-z0-9_-]+)\s*(?:=|\]\]?)")


def _read_toml(text: str, offset: int, problems: list[Problem]) -> FrontMatter:
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise FrontMatterError(Problem("size", "front matter nested too deeply", offset + 1)) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            found = re.search(r"line (\d+)", str(exc))
            line = int(found.group(1)) if found else 1
        raise FrontMatterError(Problem("toml", f"invalid TOML: {exc}", line + offset)) from None
    if not data:
        raise FrontMatterError(Problem("frontmatter", "empty front matter", offset + 1))
    matter = FrontMatter(data, "", 0)
    # tomllib keeps no positions: find where each top-level key (or table) is written.
    for number, line in enumerate(text.splitlines(), start=1 + offset):
        found = _TOML_KEY.match(line)
        if found and (found.group(1),) not in matter.lines:
            matter.lines[(found.group(1),)] = number
    matter.first_line = min(matter.lines.values(), default=offset + 1)
    for path, value in _strings(data, ()):  # TOML's basic strings have escapes too
        _escaped_control(path, value, matter.line_of(*path), problems)
    return matter


def _strings(value: Any, path: KeyPath, depth: int = 0) -> Iterator[tuple[KeyPath, str]]:
    """Every string in a TOML value, with its key path (bounded like :func:`_walk`)."""
    if isinstance(value, str):
        yield path, value
    elif depth <= 4 and isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key), depth + 1)
    elif depth <= 4 and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index), depth + 1)
