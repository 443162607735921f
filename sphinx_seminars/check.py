"""``sphinx-seminars check``: the build's warnings about event files, without a build.

Event files are read with the loader the build uses. Without ``--conf`` the settings are the
defaults; with ``--conf DOCS_DIR`` a Sphinx application is made for that folder (conf.py, its
extensions and ``seminars-event-read`` handlers loaded, nothing built), and each file is read
with the settings of its collection, as the build would read it.

The command also keeps ``sequence`` honest (see :func:`sequence_finding`): a talk whose start,
end, location or status differs from the committed version needs a higher ``sequence``, and
``--fix`` writes it into the file.

Sphinx is imported only for ``--conf``: a pre-commit hook without it starts in a blink.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from .core import frontmatter
from .core.collections import Collection
from .core.loading import Adapt, Loaded, LoadSettings, load_event
from .core.model import Event

#: the warning type of every line, as in ``suppress_warnings = ["seminars.<subtype>"]``
TYPE = "seminars"
#: what makes a calendar client treat a talk as rescheduled (RFC 5545 "significant" changes, and the room)
SIGNIFICANT = ("start", "end", "location", "status")


@dataclasses.dataclass(frozen=True)
class Finding:
    """One line of the report: a warning about a file, or a fix made in it."""

    file: str  #: as given on the command line (relative stays relative)
    line: int | None
    subtype: str
    message: str
    fixed: bool = False

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {'FIXED' if self.fixed else 'WARNING'}: {self.message} [{TYPE}.{self.subtype}]"

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Context:
    """How event files are read: the project's settings, its collections and its handlers."""

    base: LoadSettings = dataclasses.field(default_factory=LoadSettings)
    collections: list[Collection] = dataclasses.field(default_factory=list)
    adapt: Adapt | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)  #: problems of conf.py itself
    _event_files: dict[Path, set[Path]] = dataclasses.field(default_factory=dict, repr=False)

    def settings_for(self, path: Path) -> LoadSettings:
        """The settings of the collection whose folder holds *path*, else the project's."""
        resolved = path.resolve()
        for collection in self.collections:
            if resolved.is_relative_to(Path(collection.source).resolve()):
                return collection.settings(self.base)
        return self.base

    def files_in(self, folder: Path) -> list[Path]:
        """The event files of *folder*: its collection's files when it is one, else every event file in it."""
        for collection in self.collections:
            if folder.resolve() == Path(collection.source).resolve():
                return collection.files()
        return Collection(folder="", source=str(folder.resolve())).files()

    def is_event_file(self, path: Path) -> bool:
        """Whether the build would take *path* for an event file: its collection's choice when it lies in
        one, else the rule for folders (so a ``README.md`` beside the event files is passed over)."""
        resolved = path.resolve()
        source = next(
            (Path(c.source).resolve() for c in self.collections if resolved.is_relative_to(Path(c.source).resolve())),
            resolved.parent,
        )
        if source not in self._event_files:
            self._event_files[source] = {p.resolve() for p in self.files_in(source)}
        return resolved in self._event_files[source]


# -- the files to check ------------------------------------------------------------------------


def targets(paths: list[str], context: Context) -> list[tuple[Path, str]]:
    """``(file, as shown)`` for each event file named or found in a named folder; with no path, every
    collection file. Named files that are no event files (a README beside them) are passed over, as
    pre-commit names every file of the folder."""
    found: dict[Path, tuple[Path, str]] = {}
    if not paths:
        for collection in context.collections:
            for path in collection.files():
                found.setdefault(path.resolve(), (path, _shown(path)))
    for given in paths:
        path = Path(given)
        if path.is_dir():
            base = path.resolve()
            for file in context.files_in(path):
                found.setdefault(file.resolve(), (file, str(Path(given) / file.relative_to(base))))
        elif not path.exists() or context.is_event_file(path):  # a missing file is a warning
            found.setdefault(path.resolve(), (path, given))
    return list(found.values())


def _shown(path: Path) -> str:
    """A file the command line did not name: relative to the working folder when it lies inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else relative


# -- checking ----------------------------------------------------------------------------------


def check(paths: list[str], context: Context, *, fix: bool = False) -> list[Finding]:
    """Every finding about the files of *paths*, in file order and line order within a file."""
    git = Git()
    findings = list(context.findings)
    for path, shown in targets(paths, context):
        settings = context.settings_for(path)
        loaded = load_event(path, settings, shown_as=shown, adapt=context.adapt)
        if loaded.skipped:  # a handler left it out on purpose: not a problem
            continue
        mine = [Finding(shown, p.line, p.subtype, p.message) for p in loaded.problems]
        if loaded.event is not None:
            committed = git.committed_if_changed(path)
            if committed is not None:
                before = _load_bytes(committed, path, settings, context.adapt)
                sequence = sequence_finding(path, shown, loaded.event, before, fix=fix, aliases=settings.aliases)
                if sequence is not None:
                    mine.append(sequence)
        findings += sorted(mine, key=lambda f: f.line or 0)
    return findings


def _load_bytes(raw: bytes, path: Path, settings: LoadSettings, adapt: Adapt | None) -> Event | None:
    """The talk of *raw*, read as the file at *path* would be (handlers see *path*)."""
    with tempfile.TemporaryDirectory(prefix="seminars-check-") as folder:
        copy = Path(folder, path.name)
        copy.write_bytes(raw)
        loaded: Loaded = load_event(copy, settings, adapt=(lambda _copy, data: adapt(path, data)) if adapt else None)
    return loaded.event


# -- SEQUENCE ----------------------------------------------------------------------------------


def changes(before: Event, after: Event) -> list[str]:
    """Which of :data:`SIGNIFICANT` differ between two versions of a talk (instants, not wall times)."""
    values = {
        "start": lambda e: (e.start, e.all_day),
        "end": lambda e: (e.end, e.all_day),
        "location": lambda e: e.location,
        "status": lambda e: e.status,
    }
    return [name for name in SIGNIFICANT if values[name](before) != values[name](after)]


def sequence_finding(
    path: Path, shown: str, event: Event, before: Event | None, *, fix: bool, aliases: tuple[tuple[str, str], ...] = ()
) -> Finding | None:
    """A finding when *event* moved since *before* (the committed version) without a higher ``sequence``.

    With *fix*, ``sequence: <committed + 1>`` is written into the file first. An explicit
    ``sequence`` above the committed one always wins: nothing is said or changed.
    """
    if before is None or event.sequence > before.sequence:
        return None
    changed = changes(before, event)
    if not changed:
        return None
    value = before.sequence + 1
    what = " and ".join([", ".join(changed[:-1]), changed[-1]] if len(changed) > 1 else changed)
    reason = f"the {what} of this talk differ{'s' if len(changed) == 1 else ''} from the committed version"
    keys = ("sequence", *(written for written, meant in aliases if meant == "sequence"))
    edit = set_sequence(path.read_bytes(), path.suffix.lower(), value, keys)
    if edit is None:
        return Finding(shown, None, "sequence", f"{reason}; set 'sequence: {value}' by hand (the file could not be "
                       "edited safely)")  # fmt: skip
    text, line = edit
    if not fix:
        return Finding(shown, line, "sequence", f"{reason}; set 'sequence: {value}' (check --fix does it)")
    path.write_bytes(text)
    return Finding(shown, line, "sequence", f"{reason}; 'sequence' raised to {value}", fixed=True)


_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
#: a top-level key line: (key and separator, value, comment, line end)
_KEY_LINE = {
    "yaml": r"^((?P<q>[\"']?)(?:{keys})(?P=q)[ \t]*:[ \t]*)(.*?)([ \t]+#.*)?(\r\n|\r|\n)?\Z",
    "toml": r"^([ \t]*(?P<q>[\"']?)(?:{keys})(?P=q)[ \t]*=[ \t]*)(.*?)([ \t]+#.*)?(\r\n|\r|\n)?\Z",
}
_TOML_TABLE = re.compile(r"^[ \t]*\[")


def set_sequence(
    raw: bytes, suffix: str, value: int, keys: tuple[str, ...] = ("sequence",)
) -> tuple[bytes, int] | None:
    """*raw* with its top-level ``sequence`` set to *value*, and the line (1-based) that says so.

    *keys*: how the file may spell ``sequence`` (``seminars_field_aliases`` may rename it).

    Every other byte stays as it was, line ends and byte order mark included: an existing
    ``sequence`` line has its value replaced (a comment after it is kept); otherwise a line is
    added at the end of the front matter (TOML: before the first table, whose keys it would
    otherwise join). ``None`` when that cannot be done safely: not UTF-8, no closed front
    matter, or the edited file would read differently in anything but ``sequence``.
    """
    try:
        text = raw.decode("utf-8")  # a byte order mark stays, as U+FEFF, and is written back
    except UnicodeDecodeError:
        return None
    lines = _LINES.findall(text)
    if suffix in (".yaml", ".yml", ".toml"):
        syntax, first, end = ("toml" if suffix == ".toml" else "yaml"), 0, len(lines)
    else:
        opening = lines[0].lstrip("\ufeff").strip() if lines else ""
        if opening not in _FENCES:
            return None
        syntax, closers = _FENCES[opening]
        first = 1
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), -1)
        if end < 0:
            return None
    if syntax == "toml":  # top-level keys come before the first [table]
        end = next((i for i in range(first, end) if _TOML_TABLE.match(lines[i])), end)
    edited = list(lines)
    pattern = re.compile(_KEY_LINE[syntax].format(keys="|".join(map(re.escape, keys))))
    key = "sequence"
    where = next((i for i in range(first, end) if pattern.match(lines[i])), None)
    if where is not None:
        found = pattern.match(lines[where])
        assert found is not None
        prefix, _, _, comment, ending = found.groups()
        key = prefix.split(":" if syntax == "yaml" else "=")[0].strip().strip("\"'")
        edited[where] = f"{prefix}{value}{comment or ''}{ending or ''}"
    else:
        where = end
        near = lines[end - 1] if end > 0 else (lines[0] if lines else "")
        ending = near[len(near.rstrip("\r\n")) :] or "\n"
        if end > 0 and not lines[end - 1].endswith(("\n", "\r")):  # a whole-file YAML/TOML without a last line end
            edited[end - 1] += ending
        separator = ": " if syntax == "yaml" else " = "
        edited.insert(where, f"sequence{separator}{value}{ending}")
    result = "".join(edited)
    if not _same_but(key, value, text, result, suffix):
        return None
    return result.encode("utf-8"), where + 1


def _same_but(key: str, value: int, before: str, after: str, suffix: str) -> bool:
    """Whether *after* reads as *before* with *key* set to *value*, and nothing else changed."""

    def read(text: str) -> frontmatter.FrontMatter | None:
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        try:
            return frontmatter.read(text, suffix)[0]
        except frontmatter.FrontMatterError:
            return None

    old, new = read(before), read(after)
    if old is None or new is None:
        return False
    return new.data == {**old.data, key: value} and new.body == old.body


# -- git ---------------------------------------------------------------------------------------


class Git:
    """The committed version (``HEAD``) of files, for those that differ from it.

    One ``git diff`` per repository says which files changed; only those are read from ``HEAD``.
    Without git, outside a repository, or before the first commit, nothing is committed.
    """

    def __init__(self) -> None:
        self._tops: dict[Path, Path | None] = {}
        self._changed: dict[Path, set[str]] = {}

    def committed_if_changed(self, path: Path) -> bytes | None:
        path = path.resolve()
        top = self._top(path.parent)
        if top is None:
            return None
        try:
            relative = path.relative_to(top).as_posix()
        except ValueError:
            return None
        if top not in self._changed:
            out = _git(top, "diff", "--name-only", "--no-renames", "-z", "HEAD", "--")
            self._changed[top] = set(out.decode("utf-8", "surrogateescape").split("\0")) if out else set()
        if relative not in self._changed[top]:
            return None  # the same as committed, or never committed
        return _git(top, "cat-file", "blob", f"HEAD:{relative}")

    def _top(self, folder: Path) -> Path | None:
        if folder not in self._tops:
            out = _git(folder, "rev-parse", "--show-toplevel") if folder.is_dir() else None
            self._tops[folder] = Path(out.decode().strip()).resolve() if out else None
        return self._tops[folder]


#: git settings a hook may inherit that would point git at another repository (pre-commit drops them too)
_GIT_KEPT = ("GIT_EXEC_PATH", "GIT_CONFIG_", "GIT_SSH", "GIT_ASKPASS", "GIT_SSL_")


def _git(folder: Path, *args: str) -> bytes | None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k.startswith(_GIT_KEPT)}
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, env=environment, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


# -- --conf: the project as the build sees it ----------------------------------------------------


@contextlib.contextmanager
def sphinx_context(docs: str) -> Iterator[Context]:
    """The settings, collections and handlers of the Sphinx project in *docs*, for as long as it is open.

    A Sphinx application with the "dummy" builder is made and not built: that loads conf.py and
    its extensions and runs ``builder-inited``, where the seminar domain learns its settings.
    Sphinx's own messages are kept quiet; its output folders are temporary.
    """
    import io

    from sphinx.application import Sphinx

    from . import pages
    from .config import SeminarsConfig
    from .core.collections import parse_collections

    with tempfile.TemporaryDirectory(prefix="seminars-check-") as scratch:
        app = Sphinx(
            srcdir=docs,
            confdir=docs,
            outdir=Path(scratch, "out"),
            doctreedir=Path(scratch, "doctrees"),
            buildername="dummy",
            status=None,
            warning=io.StringIO(),
            freshenv=True,
        )
        domain: Any = app.env.domains["seminar"]
        settings = SeminarsConfig.from_sphinx(app.config)
        _, collection_problems = parse_collections(settings.collections, str(app.srcdir))
        conf = str(Path(docs, "conf.py"))
        yield Context(
            base=domain.load_settings,
            collections=list(domain.collections.values()),
            adapt=pages.adapter(app.env),
            findings=[Finding(conf, None, "config", m) for m in [*settings.validate(), *collection_problems]],
        )


# -- the command -------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="event files, or folders of event files")
    parser.add_argument(
        "--conf",
        metavar="DOCS_DIR",
        help="the Sphinx source folder (with conf.py): read files as its build does, with its collections, "
        "seminars_field_aliases and seminars-event-read handlers; without PATH, check every collection",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text lines, or a JSON list")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="raise 'sequence' in files whose talk moved (start, end, location or status) since the last commit",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO = sys.stdout) -> int:
    """0: nothing found; 1: warnings, or files fixed; 2 (from *parser*): a usage error."""
    if not args.paths and not args.conf:
        parser.error("give event files or folders to check, or --conf DOCS_DIR")
    if args.conf and not Path(args.conf, "conf.py").is_file():
        parser.error(f"--conf {args.conf}: no conf.py in that folder")
    with contextlib.ExitStack() as stack:
        context = Context()
        if args.conf:
            try:
                context = stack.enter_context(sphinx_context(args.conf))
            except Exception as exc:  # conf.py or an extension failed: nothing can be checked as the build would
                parser.exit(2, f"{parser.prog}: error: cannot load the Sphinx project in {args.conf}: {exc}\n")
        findings = check(args.paths, context, fix=args.fix)
    if args.format == "json":
        json.dump([f.as_json() for f in findings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for finding in findings:
            out.write(finding.text() + "\n")
    return 1 if findings else 0
