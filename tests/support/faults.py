"""Faults injected into the extension's output writing, for tests/test_crash_safety.py.

Also a script: ``python faults.py SRCDIR BUILDDIR [options]`` runs one HTML build
in its own process and, when asked, stops that process dead (``os._exit``, as
``kill -9`` would: no ``finally``, no ``build-finished``) at a chosen point.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

#: the exit status of a build stopped on purpose
KILLED = 75


class HalfWriter:
    """A file that takes half of what is written to it, then fails with *then*."""

    def __init__(self, file: IO[bytes], then: Callable[[], Any]) -> None:
        self.file = file
        self.then = then

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.file.close()

    def write(self, data: bytes) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        self.then()
        return len(data)


def disk_full() -> None:
    raise OSError(errno.ENOSPC, "No space left on device (injected)")


def break_writes_of(name: str, then: Callable[[], Any]) -> Callable[[Path], IO[bytes]]:
    """An ``output._open_temporary`` whose writes of the output file *name* write half, then *then*."""
    from sphinx_seminars import output

    real = output._open_temporary

    def opener(path: Path) -> Any:
        file = real(path)
        return HalfWriter(file, then) if path.name == f".{name}.tmp" else file

    return opener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("builddir", type=Path)
    parser.add_argument("--kill-at-page", help="stop after this page's calendars are written, before the page")
    parser.add_argument("--kill-before-feeds", action="store_true", help="stop when the pages are written")
    parser.add_argument("--kill-writing", help="stop half-way through writing this output file")
    parser.add_argument("--static", type=Path, help="the extension's static files, from this folder instead")
    args = parser.parse_args()

    from sphinx.testing.util import SphinxTestApp  # as the tests' own builds: the same theme and settings

    from sphinx_seminars import extension, output

    if args.static:
        extension.STATIC = args.static
    if args.kill_writing:
        output._open_temporary = break_writes_of(args.kill_writing, lambda: os._exit(KILLED))  # type: ignore[assignment]
    app = SphinxTestApp("html", srcdir=args.srcdir, builddir=args.builddir, status=None)
    if args.kill_at_page:
        page = args.kill_at_page
        app.connect("doctree-resolved", lambda _app, _doctree, docname: docname == page and os._exit(KILLED), 900)
    if args.kill_before_feeds:
        app.connect("build-finished", lambda _app, _exception: os._exit(KILLED), 100)
    app.build()
    sys.exit(app.statuscode)


if __name__ == "__main__":
    main()
