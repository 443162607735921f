"""Collection pages: one document per event file of ``seminars_collections``, without stub files.

Sphinx has no API for documents that have no source file of their own
(sphinx-doc/sphinx#1139). What it does have: the project (``app.project``) lists the documents
and their files, and a source parser is chosen by the file's suffix. So:

* :class:`CollectionProject` adds the collection pages to what Sphinx discovers (the build
  treats them like any other document: read when new or changed, purged when gone), and keeps
  the collections' folders out of normal discovery;
* each page's "source" is a small page file in the doctree folder (never in the source
  folder), ``<docname>.seminar-page``, naming its event file, the size and time discovery
  found it with, and a digest of how files are read (settings, conf.py's time). Discovery
  looks at every event file anyway, so a changed one rewrites its page file and Sphinx
  re-reads just that page (a changed digest: every page, once); the event file is not also a
  Sphinx dependency, which would be a second look at every file in every build, and a path
  object more per page in the pickled environment;
* :class:`CollectionPageParser` reads a page file as a ``seminar-event`` of its event file.

To the rest of Sphinx a page's path is ``<docname><suffix of the event file>`` inside the
source folder (links relative to the page resolve from its folder, as for any page there).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.parsers import RSTParser
from sphinx.project import Project
from sphinx.util import logging
from sphinx.util._pathlib import _StrPath

from .config import SeminarsConfig
from .core import collections

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils import nodes
    from sphinx.application import Sphinx

    from .core.loading import Loaded
    from .domain import SeminarDomain

logger = logging.getLogger(__name__)

PAGE_SUFFIX = ".seminar-page"
PAGE_FILETYPE = "seminar-page"
#: where the page files live, inside the doctree folder
PAGE_FOLDER = "seminar-pages"


class CollectionProject(Project):
    """Sphinx's project, plus the pages of the seminar collections.

    Installed on ``builder-inited`` (see :func:`install`); ``find_pages`` is set for one build
    and never pickled with the environment.
    """

    #: the pages of the collections: docname -> (page file, event file); set for one build
    find_pages: Callable[[], dict[str, tuple[_StrPath, str]]] | None = None
    page_files: dict[str, str]  #: docname -> its page file (strings: this is pickled with the environment)
    #: docname -> the page's path as the rest of Sphinx sees it (``<docname><suffix of the event file>``)
    relative_names: dict[str, str]
    excluded: tuple[str, ...] = ()  #: the collection folders inside the source folder, as exclude patterns

    def discover(self, exclude_paths: Iterable[str] = (), include_paths: Iterable[str] = ("**",)) -> set[str]:
        docnames = super().discover([*exclude_paths, *self.excluded], include_paths)
        self.page_files, self.relative_names = {}, {}
        self._paths: dict[str, tuple[_StrPath, _StrPath]] = {}
        if self.find_pages is None:
            return docnames
        for docname, (page_file, event_file) in self.find_pages().items():
            if docname in docnames:
                logger.warning(
                    f"the collection page {docname!r} has the name of a page of the site; "
                    f"{event_file} is not published",
                    type="seminars",
                    subtype="collection",
                )
                continue
            self.page_files[docname] = str(page_file)
            self._path_to_docname[page_file] = docname  # Sphinx's own map: path2doc finds the page
            self.relative_names[docname] = docname + os.path.splitext(event_file)[1]  # noqa: PTH122 (a string)
            self._remember_paths(docname, page_file)
            docnames.add(docname)
        return docnames

    def doc2path(self, docname: str, absolute: bool) -> _StrPath:
        # Asked for every page more than once a build: the path objects are made once.
        paths = self.__dict__.setdefault("_paths", {}).get(docname)
        if paths is None:
            page_file = getattr(self, "page_files", {}).get(docname)
            if page_file is None:
                return super().doc2path(docname, absolute)
            paths = self._remember_paths(docname, _StrPath(page_file))
        return paths[0] if absolute else paths[1]

    def _remember_paths(self, docname: str, page_file: _StrPath) -> tuple[_StrPath, _StrPath]:
        """The page's absolute and relative paths, kept for this build (not pickled)."""
        paths = self._paths[docname] = (page_file, _StrPath(self.relative_names[docname]))
        return paths

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("find_pages", None)  # holds the app: one build only
        state.pop("_paths", None)  # made again when asked
        return state


def page_folder(doctreedir: str | os.PathLike[str]) -> Path:
    return Path(doctreedir, PAGE_FOLDER)


def _page_file(
    folder: _StrPath, page: collections.Page, found: collections.Known, reading: str, written: dict[str, str]
) -> _StrPath:
    """The page file of *page*, written only when what it says changed: its time is the page's.

    It names the event file and the size and time it was *found* with, so that a change to the
    event file is a change to the page file, and *reading*, a digest of how files are read
    (settings, conf.py's time, which holds the handlers): when that changes, every page is read
    again, and the environment that remembers it is saved. *written* is what the last build wrote (docname
    -> content), so that a build in which nothing changed only checks that each file is still there.
    """
    path = folder / f"{page.docname}{PAGE_SUFFIX}"  # a _StrPath, as Sphinx's paths are: made once a build
    content = (
        json.dumps(
            {
                "collection": page.folder,
                "source": page.path,
                "size": found.size,
                "mtime_ns": found.mtime_ns,
                "reading": reading,
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    if written.get(page.docname) == content and path.is_file():
        return path
    try:
        unchanged = path.read_text(encoding="utf-8") == content
    except OSError:
        unchanged = False
    if not unchanged:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    written[page.docname] = content
    return path


def install(app: Sphinx) -> None:
    """On ``builder-inited``: collection pages join the documents Sphinx discovers."""
    domain: SeminarDomain = app.env.domains["seminar"]  # type: ignore[assignment]
    settings = SeminarsConfig.from_sphinx(app.config)
    found, _ = collections.parse_collections(settings.collections, str(app.srcdir))
    domain.collections = {collection.folder: collection for collection in found}
    project = app.project
    if not found and not isinstance(project, CollectionProject):
        return
    if not isinstance(project, CollectionProject):
        # Sphinx has no API to add documents (sphinx-doc/sphinx#1139): its own project
        # object, made before any extension runs, takes on the class that knows the collections.
        project.__class__ = CollectionProject
    assert isinstance(project, CollectionProject)
    srcdir = Path(app.srcdir).resolve()
    excluded = [page_folder(app.doctreedir).resolve()]
    excluded += [Path(collection.source) for collection in found]
    project.excluded = tuple(
        f"{path.relative_to(srcdir).as_posix()}/**" for path in excluded if path.is_relative_to(srcdir)
    )
    project.find_pages = lambda: find_pages(app, domain)


def find_pages(app: Sphinx, domain: SeminarDomain) -> dict[str, tuple[_StrPath, str]]:
    """Every collection's pages (docname -> page file, event file); new or changed files are read now."""
    # How files are read (the collections, the settings, conf.py's handlers), as a short digest:
    # kept with the environment, and written into every page file (see _page_file).
    how = repr((sorted(domain.collections.items()), domain.load_settings, _conf_time(app)))
    reading = hashlib.blake2b(how.encode(), digest_size=8).hexdigest()
    known = domain.data["collection_files"] if domain.data.get("collection_key") == reading else {}

    from .core.loading import load_event

    # once a collection, not once a file: settings() resolves paths
    settings = {folder: found.settings(domain.load_settings) for folder, found in domain.collections.items()}
    adapt = adapter(app.env)

    def load(path: Path, collection: collections.Collection) -> Loaded:
        return load_event(path, settings[collection.folder], adapt=adapt)

    discovery = collections.discover(domain.collections.values(), known, load)
    domain.data["collection_files"] = discovery.known
    domain.data["collection_key"] = reading
    domain.preloaded = discovery.loaded
    pages = {page.path: page for page in discovery.pages.values()}
    from .directives import warn_problems

    for path, loaded in sorted(discovery.loaded.items()):
        if loaded.skipped:
            domain.skipped_files.add(path)
        elif path not in pages:  # no page: say why now, as the page would have
            warn_problems(loaded.problems, path)
    written = domain.data["page_files"]
    for gone in set(written) - set(discovery.pages):
        del written[gone]
    folder = _StrPath(page_folder(app.doctreedir))
    return {
        docname: (_page_file(folder, page, discovery.known[page.path], reading, written), page.path)
        for docname, page in discovery.pages.items()
    }


def _conf_time(app: Sphinx) -> int:
    """When conf.py last changed: its handlers may decide differently, so every file is read again."""
    try:
        return Path(app.confdir, "conf.py").stat().st_mtime_ns
    except OSError:
        return 0


def adapter(env: Any) -> Callable[[Path, dict[str, Any]], bool]:
    """``seminars-event-read`` as the loader's *adapt*: False when any handler returned False."""

    def adapt(path: Path, data: dict[str, Any]) -> bool:
        return all(result is not False for result in env.events.emit("seminars-event-read", path, data))

    return adapt


class CollectionPageParser(RSTParser):
    """Reads a page file as the ``seminar-event`` of its event file."""

    supported = (PAGE_FILETYPE,)

    def parse(self, inputstring: Any, document: nodes.document) -> None:
        if not isinstance(inputstring, str):
            inputstring = "\n".join(inputstring)
        page = json.loads(inputstring)
        # The path is a directive argument: written so that no character of it can be markup.
        text = f".. seminar-collection-page:: {page['collection']}\n\n   {json.dumps(page['source'])}\n"
        super().parse(text, document)
