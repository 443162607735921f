"""Files the extension puts in the output folder: written whole, checked, and cleaned up.

Two guarantees, for every file written through :class:`OutputFiles` (talk
calendars, feeds, the CSS and script, and anything added later):

* **Whole files.** :func:`atomic_write` writes a temporary file beside the
  target and renames it into place (``os.replace``), so a calendar app
  fetching the file, or a build killed half-way, finds the old file or the new
  one, never part of one.
* **A manifest of what was written.** It is kept beside the environment
  (``seminars-output-<builder>.json`` in the doctree folder) and saved, itself
  atomically, only after the files are written. A file is skipped only when
  the file on disk is still the one the manifest describes (same size and
  modification time, or else the same hash); a file that differs or is gone is
  written again. Files written in an earlier build that no longer belong
  (a removed talk, a series without talks) are removed, unless they were
  changed since: a file the extension never wrote is never touched.

A build killed between writing a file and saving the manifest is covered by a
journal: each file is noted there before it is written, and the next build
treats the noted files as its own, of unknown content, so it checks them and
removes what a killed build left half-written.

No Sphinx here: :mod:`.writers` drives this for a build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import IO, NamedTuple

#: bump when the manifest's shape changes; a manifest of another version is ignored
MANIFEST_VERSION = 1


def _temporary(path: Path) -> Path:
    """Where *path* is written before it is renamed into place: the same folder, so the rename is atomic."""
    return path.with_name(f".{path.name}.tmp")


def _open_temporary(path: Path) -> IO[bytes]:
    # 0o666 and no explicit chmod: the user's umask applies, as for any other output file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o666), "wb")


def atomic_write(path: Path, content: bytes) -> None:
    """Replace *path* with *content*: readers see the old file or the new one, never a part.

    Makes the folder when it is missing (a page's folder may be made after its
    calendar file). Not flushed to disk (no ``fsync``): a killed process is
    covered; a power cut may still lose the latest version, not the old one's
    integrity on journaling file systems.
    """
    temporary = _temporary(path)
    try:
        file = _open_temporary(temporary)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = _open_temporary(temporary)
    try:
        with file:
            file.write(content)
        temporary.replace(path)  # os.replace: atomic within one folder
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


class Entry(NamedTuple):
    """One written file, as the manifest remembers it."""

    size: int
    mtime_ns: int
    digest: str  #: "" when unknown: a file a killed build noted in its journal
    owner: str  #: the page whose writing made it (talk calendars), or "" for files of the whole site


class OutputFiles:
    """What the extension writes into one output folder in one build, and what it wrote before.

    Files of the whole site (``owner=""``: feeds, assets) must be written or
    :meth:`keep_if_intact`-ed in every build that still wants them. A page's
    files (``owner=<docname>``) are carried over while the page exists and
    is not written again (:meth:`carried`); when it is written, its files are
    the ones written with it.
    """

    def __init__(self, outdir: Path, manifest: Path) -> None:
        self.outdir = outdir
        self._root = str(outdir)
        self.manifest = manifest
        self.journal = manifest.with_suffix(".journal")
        self.state: dict[str, str] = {}  #: small values saved with the manifest (e.g. what the feeds were made from)
        self.previous: dict[str, Entry] = {}
        self.current: dict[str, Entry] = {}
        self.written_owners: set[str] = set()
        self._journal_fd: int | None = None
        self._load()

    # -- reading the last build's manifest ----------------------------------------------------

    def _load(self) -> None:
        try:
            saved = json.loads(self.manifest.read_bytes())
            if saved["version"] == MANIFEST_VERSION and saved["outdir"] == str(self.outdir):
                self.state = saved["state"]
                self.previous = {path: Entry(*entry) for path, entry in saved["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing or unreadable: nothing is known, every file is checked against its new content
        self.saved_state = dict(self.state)
        try:
            noted = self.journal.read_text(encoding="utf-8").splitlines()
        except OSError:
            return
        for line in noted:  # a build was stopped after writing these, before saving the manifest
            path, _, owner = line.partition("\t")
            if path and _inside(path):
                self.previous[path] = Entry(-1, -1, "", owner)
                _temporary(self.outdir / path).unlink(missing_ok=True)

    # -- checking and writing -----------------------------------------------------------------

    def _intact(self, path: str, entry: Entry) -> Entry | None:
        """*entry* (with the file's current time) if the file on disk is still what was written, else None."""
        if not entry.digest:
            return None
        full = f"{self._root}/{path}"
        try:
            stat = os.stat(full)  # noqa: PTH116 (pathlib's objects are most of the cost in a no-change build)
        except OSError:
            return None
        if stat.st_size != entry.size:
            return None
        if stat.st_mtime_ns == entry.mtime_ns:
            return entry
        try:  # touched, copied with a new time, or edited within the same size: the hash decides
            same = digest(Path(full).read_bytes()) == entry.digest
        except OSError:
            return None
        return entry._replace(mtime_ns=stat.st_mtime_ns) if same else None

    def keep_if_intact(self, path: str) -> bool:
        """Keep the file written before at *path* if it is still intact; False when it must be written."""
        entry = self.previous.get(path)
        kept = self._intact(path, entry) if entry is not None else None
        if kept is not None:
            self.current[path] = kept
        return kept is not None

    def write(self, path: str, content: bytes, owner: str = "") -> bool:
        """Put *content* at *path* (relative, POSIX) unless it is there already; True when written."""
        new_digest = digest(content)
        old = self.previous.get(path)
        if old is not None and old.digest == new_digest and self.keep_if_intact(path):
            self.current[path] = self.current[path]._replace(owner=owner)
            return False
        target = self.outdir / path
        try:
            written = target.read_bytes() != content  # unknown to the manifest but already right: keep its time
        except OSError:
            written = True
        if written:
            self._note(path, owner)
            atomic_write(target, content)
        stat = target.stat()
        self.current[path] = Entry(stat.st_size, stat.st_mtime_ns, new_digest, owner)
        return written

    def _note(self, path: str, owner: str) -> None:
        if self._journal_fd is None:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            self._journal_fd = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        os.write(self._journal_fd, f"{path}\t{owner}\n".encode())

    def page_written(self, owner: str) -> None:
        """*owner*'s page is written in this build: its files are the ones written with it now."""
        self.written_owners.add(owner)

    def carried(self, pages: set[str]) -> list[tuple[str, str]]:
        """(path, owner) of the files of pages not written in this build that still exist (in *pages*)."""
        return sorted(
            (path, entry.owner)
            for path, entry in self.previous.items()
            if entry.owner and entry.owner not in self.written_owners and entry.owner in pages
        )

    # -- the end of the build -------------------------------------------------------------------

    def finish(self, *, complete: bool) -> list[str]:
        """Save the manifest; when the build is *complete*, first remove what no longer belongs.

        After a failed build nothing is removed: what it did not get to is not known to be
        stale. Returns the removed paths.
        """
        removed = []
        if complete:
            for path, entry in sorted(self.previous.items()):
                if path not in self.current and (not entry.digest or self._intact(path, entry) is not None):
                    (self.outdir / path).unlink(missing_ok=True)
                    removed.append(path)
            files = self.current
        else:
            files = {**self.previous, **self.current}
            self.state = self.saved_state  # what the failed build meant to record is not all written
        if self._journal_fd is not None:
            os.close(self._journal_fd)
        if files != self.previous or self.state != self.saved_state or self._journal_fd is not None:
            saved = {"version": MANIFEST_VERSION, "outdir": str(self.outdir), "state": self.state, "files": files}
            atomic_write(self.manifest, json.dumps(saved, sort_keys=True, separators=(",", ":")).encode())
        self.journal.unlink(missing_ok=True)
        self._journal_fd = None
        return removed


def _inside(path: str) -> bool:
    """A relative path that stays inside the output folder (the journal is read back as trusted paths)."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts
