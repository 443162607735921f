"""Collections: a folder of event files published as one page per talk, with no stub pages.

Pure: no Sphinx. ``seminars_collections`` in ``conf.py`` maps an output folder to a folder of
event files; this module reads that setting, finds the files, and decides each file's page
name. The Sphinx layer (:mod:`.pages`) turns the names into documents.

Finding the page name of a file means reading it (its ``id``, or a handler that leaves it out),
so what was decided is kept between builds per file, keyed by its size and modification time:
a build in which nothing changed reads no event file at all.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .loading import Loaded, LoadSettings

#: what a folder of event files holds, when a collection gives no pattern
EVENT_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".yaml", ".yml", ".toml")
#: files that sit in event folders without being events
_NOT_EVENTS = ("readme", "license", "licence", "changelog", "index", "_index")


@dataclasses.dataclass(frozen=True)
class Collection:
    """One entry of ``seminars_collections``."""

    folder: str  #: output folder, POSIX, no leading or trailing slash: pages are ``<folder>/<event-id>``
    source: str  #: absolute path of the folder of event files
    patterns: tuple[str, ...] = ()  #: globs relative to *source*; empty: every event file below it
    defaults: tuple[tuple[str, Any], ...] = ()  #: values for keys a file leaves out
    aliases: tuple[tuple[str, str], ...] = ()  #: this collection's key renames

    def settings(self, base: LoadSettings) -> LoadSettings:
        """How this collection's files are read: the project's settings plus its own aliases and defaults.

        Pictures must lie inside the source folder, or inside the collection's own folder when
        that lies outside (a Jekyll repository keeps ``_events/`` beside ``docs/``).
        """
        root = base.root
        if root and not Path(self.source).resolve().is_relative_to(Path(root).resolve()):
            root = self.source
        return dataclasses.replace(
            base, root=root, aliases=(*base.aliases, *self.aliases), defaults=(*self.defaults, *base.defaults)
        )

    def files(self) -> list[Path]:
        """The event files of this collection, sorted by path."""
        return [Path(path) for path in self.paths()]

    def paths(self) -> list[str]:
        """:meth:`files` as strings, in the same order.

        Discovery looks at every file in every build, also when nothing changed: with strings
        (``os.path``, not ``pathlib``) that costs a third of what it did with path objects.
        """
        base = self.source
        if not os.path.isdir(base):  # noqa: PTH112 (see above)
            return []
        found: set[str] = set()
        if self.patterns:
            for pattern in self.patterns:
                found.update(str(p) for p in Path(base).glob(pattern) if p.is_file() and not _hidden(p, Path(base)))
        else:
            for folder, subfolders, names in os.walk(base):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "_")))
                for name in names:
                    stem, suffix = os.path.splitext(name)  # noqa: PTH122
                    if suffix.lower() in EVENT_SUFFIXES and stem.lower() not in _NOT_EVENTS:
                        found.add(os.path.join(folder, name))  # noqa: PTH118
        # Sorted part by part, as paths sort ("a/x" before "a-b/x"): the first of two files with one id keeps it.
        return sorted((p for p in found if not os.path.basename(p).startswith(".")), key=_parts)  # noqa: PTH119


def _parts(path: str) -> list[str]:
    return path.split(os.sep)  # noqa: PTH206 (a string, sorted as Path sorts)


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


def parse_collections(value: object, srcdir: str) -> tuple[list[Collection], list[str]]:
    """``seminars_collections`` as :class:`Collection` records, and problems as messages."""
    if not value:
        return [], []
    if not isinstance(value, Mapping):
        return [], ["seminars_collections should map an output folder to a folder of event files"]
    collections: list[Collection] = []
    problems: list[str] = []
    folders: set[str] = set()
    for raw_folder, spec in value.items():
        where = f"seminars_collections[{raw_folder!r}]"
        folder = str(PurePosixPath(str(raw_folder).replace("\\", "/"))).strip("/")
        if not folder or folder == "." or ".." in PurePosixPath(folder).parts:
            problems.append(f"{where}: the output folder should be a folder name such as 'talks'")
            continue
        if folder in folders:
            problems.append(f"{where}: the output folder is given twice")
            continue
        if isinstance(spec, (str, os.PathLike)):
            spec = {"source": spec}
        if not isinstance(spec, Mapping) or "source" not in spec:
            problems.append(f"{where}: give a folder of event files, or a mapping with 'source'")
            continue
        unknown = sorted(set(spec) - {"source", "pattern", "defaults", "aliases"})
        if unknown:
            problems.append(f"{where}: unknown option(s) {', '.join(map(repr, unknown))} ignored")
        source = Path(srcdir, os.fspath(spec["source"])).resolve()
        if not source.is_dir():
            problems.append(f"{where}: the folder {str(spec['source'])!r} does not exist ({source})")
        patterns = spec.get("pattern") or ()
        if isinstance(patterns, str):
            patterns = (patterns,)
        defaults = spec.get("defaults") or {}
        aliases = spec.get("aliases") or {}
        if not isinstance(defaults, Mapping) or not isinstance(aliases, Mapping):
            problems.append(f"{where}: 'defaults' and 'aliases' should be mappings")
            defaults, aliases = {}, {}
        folders.add(folder)
        collections.append(
            Collection(
                folder=folder,
                source=str(source),
                patterns=tuple(str(p) for p in patterns),
                defaults=tuple((str(k), v) for k, v in defaults.items()),
                aliases=tuple((str(k), "" if v is None else str(v)) for k, v in aliases.items()),
            )
        )
    return collections, problems


class Known(NamedTuple):
    """What was decided about one event file, kept between builds."""

    mtime_ns: int
    size: int
    event_id: str  #: the talk's id; "" when the file gives no talk (left out, or unusable)


class Page(NamedTuple):
    """A page of a collection: its docname, the collection's folder and the event file."""

    docname: str
    folder: str
    path: str


@dataclasses.dataclass
class Discovery:
    """The pages of every collection, and the files read to find them (to be shown when read)."""

    pages: dict[str, Page]
    known: dict[str, Known]
    #: files read in this discovery: path -> what loading gave (the page reuses it, unread twice)
    loaded: dict[str, Loaded]


Load = Callable[[Path, Collection], Loaded]


def discover(collections: Iterable[Collection], known: Mapping[str, Known], load: Load) -> Discovery:
    """Every collection's pages; a file is read only when it is new or changed since *known*.

    A file that gives no talk (a handler left it out, or it has no usable title or start) has
    no page: its problems are in ``loaded`` for the caller to report.
    """
    result = Discovery({}, {}, {})
    for collection in collections:
        for key in collection.paths():
            try:
                stat = os.stat(key)  # noqa: PTH116 (paths() gives strings)
            except OSError:
                continue
            before = known.get(key)
            if before is not None and (before.mtime_ns, before.size) == (stat.st_mtime_ns, stat.st_size):
                event_id = before.event_id
            else:
                loaded = load(Path(key), collection)
                result.loaded[key] = loaded
                event_id = loaded.event.id if loaded.event is not None else ""
            result.known[key] = Known(stat.st_mtime_ns, stat.st_size, event_id)
            if not event_id:
                continue
            # Two files with one id: the second page gets the id the domain publishes its talk
            # under (``<id>-2``), and the domain warns about the clash.
            docname, number = f"{collection.folder}/{event_id}", 1
            while docname in result.pages:
                number += 1
                docname = f"{collection.folder}/{event_id}-{number}"
            result.pages[docname] = Page(docname, collection.folder, key)
    return result
