"""Parallel reads, then incremental builds: the domain's data and the output equal those of a clean serial build.

Comparing only the output of one fresh build misses data that a parallel read
loses without a visible effect until a later build needs it (the merge of the
``seminar-index`` pages read in worker processes, for one). So these tests
compare the ``seminar`` domain's data itself, with the packed talk records
decoded, and then build again incrementally in the other mode.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, content_area
from sphinx_seminars.domain import PageEvents


def domain_data(app: Any) -> dict[str, Any]:
    """The ``seminar`` domain's data, each page's packed records decoded into its list of events."""
    data = app.env.domaindata["seminar"]
    decoded = dict(data)
    assert all(type(records) is PageEvents for records in data["records"].values())
    decoded["records"] = {docname: records.events for docname, records in data["records"].items()}
    # a fresh random value whenever feeds must be rewritten (see SeminarDomain.needs_republishing)
    decoded["published"] = {key: value for key, value in data["published"].items() if key != "stamp"}
    return decoded


def output(app: Any) -> dict[str, bytes]:
    """Every output file's bytes; for HTML pages, those of the content area.

    Sphinx itself does not write a page again when only a neighbour's title
    changed, so the theme's "previous/next" links may be older than a clean
    build's: that part is not this extension's to keep.
    """
    outdir = Path(app.outdir)
    return {
        p.relative_to(outdir).as_posix(): str(content_area(p)).encode() if p.suffix == ".html" else p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file()
    }


class Site:
    """A copy of the ``index`` root built again and again in one build folder, with -j 1 or -j 2."""

    def __init__(self, make_app: Callable[..., Any], tmp_path: Path) -> None:
        self.make_app = make_app
        self.tmp_path = tmp_path
        self.srcdir = tmp_path / "src"
        self.builddir = tmp_path / "build"
        shutil.copytree(ROOTS / "test-index", self.srcdir)
        self.clean_builds = 0
        self.written: list[Path] = []
        self.left_behind: list[str] = []  # files of removed pages: Sphinx does not delete their output

    def build(self, jobs: int) -> tuple[Any, set[str], set[str]]:
        """Build incrementally; returns the app, the documents read and those merged from worker processes."""
        read: set[str] = set()
        merged: set[str] = set()
        app = self.make_app("html", srcdir=self.srcdir, builddir=self.builddir, parallel=jobs)
        app.connect("env-before-read-docs", lambda _a, _e, docnames: read.update(docnames))
        app.connect("env-merge-info", lambda _a, _e, docnames, _other: merged.update(docnames))
        app.build()
        return app, read, merged

    def clean(self) -> Any:
        """A serial build of the same sources in a fresh folder."""
        self.clean_builds += 1
        app = self.make_app("html", srcdir=self.srcdir, builddir=self.tmp_path / f"clean-{self.clean_builds}")
        app.build()
        return app

    def write(self, relative: str, text: str) -> None:
        path = self.srcdir / relative
        path.write_text(text)
        later = time.time() + 5  # Sphinx compares mtimes with its last read: be clearly newer
        os.utime(path, (later, later))
        self.written.append(path)

    def settle(self) -> None:
        """Date what was written back before the last build, so the next build reads only its own changes.

        (The tests set SOURCE_DATE_EPOCH, so no output depends on the mtimes.)
        """
        earlier = time.time() - 60
        for path in self.written:
            os.utime(path, (earlier, earlier))
        self.written.clear()


def _assert_same_as_clean(site: Site, app: Any) -> None:
    clean = site.clean()
    assert domain_data(app) == domain_data(clean)
    mine, theirs = output(app), output(clean)
    assert sorted(set(mine) - set(theirs)) == sorted(site.left_behind)
    assert sorted(set(theirs) - set(mine)) == []
    assert [name for name in theirs if mine[name] != theirs[name]] == []
    site.settle()


@pytest.fixture(autouse=True)
def _fixed_dtstamp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_parallel_read_gives_the_domain_data_of_a_serial_read(make_app: Any, tmp_path: Path) -> None:
    site = Site(make_app, tmp_path)
    parallel, read, merged = site.build(jobs=2)
    assert parallel.is_parallel_allowed("read")
    assert merged == read and len(read) == 22 + 2  # every page was read in a worker process and merged
    serial = site.clean()
    assert domain_data(parallel) == domain_data(serial)
    # worked out from the root: one seminar-index on index.rst, two on views.md
    assert domain_data(parallel)["indexes"] == {"index": 1, "views": 2}
    assert len(domain_data(parallel)["records"]) == 22


NEW_TALKS = [f"theory-{n}" for n in range(13, 19)]  # more pages than one worker's share


@pytest.mark.parametrize(("first", "then"), [(2, 1), (1, 2)], ids=["j2-then-j1", "j1-then-j2"])
def test_incremental_builds_after_another_mode_equal_a_clean_build(
    make_app: Any, tmp_path: Path, first: int, then: int
) -> None:
    site = Site(make_app, tmp_path)
    site.build(jobs=first)

    # edit one talk (its page and both index pages change) and add six
    event = site.srcdir / "events" / "theory-03.md"
    site.write("events/theory-03.md", event.read_text().replace("Theory talk 3", "Theory talk three"))
    for day, name in enumerate(NEW_TALKS, start=2):
        site.write(
            f"events/{name}.md",
            f"---\ntitle: Theory talk {name}\nevent_start_time: 2024-12-{day:02d} 14:00\nseries: Theory Seminar\n---\n",
        )
        site.write(f"talks/{name}.rst", f".. seminar-event:: ../events/{name}.md\n")
    app, read, merged = site.build(jobs=then)
    assert read == {"index", "talks/theory-03", *(f"talks/{name}" for name in NEW_TALKS)}
    assert merged == (read if then == 2 else set())
    assert b"Theory talk three" in output(app)["views.html"]  # a page that lists the talk, not read again
    _assert_same_as_clean(site, app)

    # remove one: Sphinx leaves the old page's files; the extension removes its calendar file
    (site.srcdir / "talks" / "applied-10.rst").unlink()
    site.left_behind = ["_sources/talks/applied-10.rst.txt", "talks/applied-10.html"]
    app, _, _ = site.build(jobs=then)
    assert "talks/applied-10" not in domain_data(app)["events"]
    _assert_same_as_clean(site, app)
