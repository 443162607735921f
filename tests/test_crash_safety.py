"""Output that survives faults: whole files only, damage repaired, stale files removed, nothing else touched.

Each test breaks a build (or the output between builds) on purpose, runs the
next build, and compares every output file with a clean build of the same
sources; every calendar is read back with the independent parsers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS
from support import faults
from support.ical_parsers import PARSERS, REQUIRE_ALL_ENV, available_parsers, require_or_skip

FAULTS_SCRIPT = Path(faults.__file__)


def _tree(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def _copy(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-output", srcdir)
    return srcdir


def _later(path: Path) -> None:
    later = time.time() + 5  # Sphinx compares modification times: clearly newer than the last build
    os.utime(path, (later, later))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    _later(path)


def _add_talk_d(srcdir: Path) -> None:
    (srcdir / "events" / "d.md").write_text(
        "---\ntitle: Dice and Doubt\nspeaker: Dara Byrne\nstart: 2024-10-04 14:00\nseries: Theory Seminar\n---\n"
    )
    # on an existing page: a new page would change its neighbours' "next" links, which Sphinx does not rewrite
    page = srcdir / "talks" / "c.rst"
    page.write_text(page.read_text() + "\n.. seminar-event:: ../events/d.md\n")
    _later(page)


def _build(make_app: Any, srcdir: Path, builddir: Path) -> Path:
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.build()
    return Path(app.outdir)


def _run(srcdir: Path, builddir: Path, *options: str) -> int:
    """One build in its own process (see support/faults.py); returns its exit status."""
    done = subprocess.run(
        [sys.executable, str(FAULTS_SCRIPT), str(srcdir), str(builddir), *options],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, faults.KILLED), done.stderr
    return done.returncode


def _parse_every_calendar(outdir: Path, names: list[str] | None = None) -> dict[str, list[str]]:
    """Every .ics (of *names*) read by every independent parser that runs here; they must agree: the UIDs."""
    parser_names = list(PARSERS) if os.environ.get(REQUIRE_ALL_ENV) else available_parsers()
    assert parser_names, "no independent iCalendar parser available"
    parsers = [require_or_skip(name) for name in parser_names]
    uids = {}
    for name in names if names is not None else [p.relative_to(outdir).as_posix() for p in outdir.rglob("*.ics")]:
        found = [[event.uid for event in parse(outdir / name)] for parse in parsers]
        assert all(seen == found[0] for seen in found), name
        uids[name] = found[0]
    return dict(sorted(uids.items()))


def _assert_like_clean(
    make_app: Any,
    srcdir: Path,
    outdir: Path,
    tmp_path: Path,
    extra: set[str] | None = None,
    ignore: set[str] | None = None,
) -> dict[str, list[str]]:
    """The output equals a clean build's, file for file; *extra* are the only files the clean build lacks."""
    clean = _tree(_build(make_app, srcdir, tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"))
    for name in ignore or ():
        del clean[name]
    got = _tree(outdir)
    assert set(got) - set(clean) == (extra or set())
    assert set(clean) - set(got) == set()
    assert [name for name in clean if got[name] != clean[name]] == []
    return _parse_every_calendar(outdir, [name for name in clean if name.endswith(".ics")])


EVERY_CALENDAR = {
    "seminars.ics": ["a@output.example.org", "b@output.example.org", "c@output.example.org"],
    "seminars-theory-seminar.ics": ["a@output.example.org", "b@output.example.org"],
    "seminars-lone-seminar.ics": ["c@output.example.org"],
    "talks/a.ics": ["a@output.example.org"],
    "talks/b.ics": ["b@output.example.org"],
    "talks/c.ics": ["c@output.example.org"],
}


def test_a_clean_build_writes_whole_calendars_and_no_temporary_file(make_app: Any, tmp_path: Path) -> None:
    outdir = _build(make_app, _copy(tmp_path), tmp_path / "build")
    assert _parse_every_calendar(outdir) == EVERY_CALENDAR
    assert not [p for p in outdir.rglob("*") if p.name.endswith(".tmp")]


def test_a_write_failing_half_way_leaves_the_old_file_and_the_next_build_repairs(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_seminars import output

    srcdir, builddir = _copy(tmp_path), tmp_path / "build"
    outdir = _build(make_app, srcdir, builddir)
    old_feed = (outdir / "seminars.ics").read_bytes()
    # words are only added: Sphinx keeps a removed word in an incremental search index
    _edit(srcdir / "events" / "a.md", "Counting Trees", "Counting Trees Quickly")
    monkeypatch.setattr(output, "_open_temporary", faults.break_writes_of("seminars.ics", faults.disk_full))
    with pytest.raises(Exception, match="No space left on device"):
        _build(make_app, srcdir, builddir)
    assert (outdir / "seminars.ics").read_bytes() == old_feed  # whole, and still the old one
    assert not (outdir / ".seminars.ics.tmp").exists()
    assert b"SUMMARY:Counting Trees Quickly" in (outdir / "talks" / "a.ics").read_bytes()  # written before the fault

    monkeypatch.undo()
    _build(make_app, srcdir, builddir)
    assert _assert_like_clean(make_app, srcdir, outdir, tmp_path) == EVERY_CALENDAR
    assert b"SUMMARY:Counting Trees Quickly" in (outdir / "seminars.ics").read_bytes()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _edit_bytes(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"Queues at the Bakery", b"Queues at the Baker's"))


@pytest.mark.parametrize(
    ("damage", "name"),
    [
        (_truncate, "seminars.ics"),
        (Path.unlink, "seminars-theory-seminar.ics"),
        (_edit_bytes, "seminars-theory-seminar.ics"),
        (_truncate, "talks/c.ics"),
        (Path.unlink, "talks/b.ics"),
        (_edit_bytes, "talks/b.ics"),
        (Path.unlink, "_static/sphinx-seminars.css"),
        (_truncate, "_static/sphinx-seminars.js"),
    ],
)
def test_output_damaged_between_builds_is_repaired_by_a_no_change_build(
    make_app: Any, tmp_path: Path, damage: Any, name: str
) -> None:
    srcdir, builddir = _copy(tmp_path), tmp_path / "build"
    outdir = _build(make_app, srcdir, builddir)
    before = _tree(outdir)
    damage(outdir / name)
    assert _tree(outdir).get(name) != before[name]

    read: set[str] = set()
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.update(docnames))
    app.build()
    assert read == set()  # nothing changed in the sources: the manifest found the damage
    assert _tree(outdir) == before
    assert _assert_like_clean(make_app, srcdir, outdir, tmp_path) == EVERY_CALENDAR


@pytest.mark.parametrize(
    "stop",
    [
        ["--kill-at-page", "talks/c"],  # the environment is saved, the pages are being written
        ["--kill-before-feeds"],  # every page is written
        ["--kill-writing", "seminars.ics"],  # half-way through the feed
    ],
)
def test_a_build_killed_after_saving_the_environment_still_gets_its_feeds(
    make_app: Any, tmp_path: Path, stop: list[str]
) -> None:
    srcdir, builddir = _copy(tmp_path), tmp_path / "build"
    outdir = _build(make_app, srcdir, builddir)
    old_feed = (outdir / "seminars.ics").read_bytes()
    _add_talk_d(srcdir)
    environment = builddir / "doctrees" / "environment.pickle"
    saved_before = environment.stat().st_mtime_ns

    assert _run(srcdir, builddir, *stop) == faults.KILLED
    assert environment.stat().st_mtime_ns != saved_before  # the killed build saved its environment
    assert (outdir / "seminars.ics").read_bytes() == old_feed  # and did not get to the feeds
    assert (outdir / ".seminars.ics.tmp").exists() == (stop[0] == "--kill-writing")

    _build(make_app, srcdir, builddir)  # nothing changed since the killed build
    uids = _assert_like_clean(make_app, srcdir, outdir, tmp_path)
    assert "d@output.example.org" in uids["seminars.ics"]
    assert "d@output.example.org" in uids["seminars-theory-seminar.ics"]
    assert uids["talks/d.ics"] == ["d@output.example.org"]  # next to the page showing it


def test_moved_and_removed_talks_leave_no_stale_file_and_nothing_else_is_touched(make_app: Any, tmp_path: Path) -> None:
    srcdir, builddir = _copy(tmp_path), tmp_path / "build"
    outdir = _build(make_app, srcdir, builddir)
    # files the user put there, one where the extension wrote a file before and no longer does
    users = {"notes.ics": b"not ours\n", "talks/handout.txt": b"slides soon\n", "seminars-old.ics": b"kept\n"}
    for name, content in users.items():
        (outdir / name).write_bytes(content)
    times = {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns for p in outdir.rglob("*") if p.is_file()}

    _edit(srcdir / "events" / "c.md", "series: Lone Seminar\n", "")  # the series has no talk left
    # A talk removed; its page stays, with the same title: Sphinx does not rewrite the neighbours' "next" links.
    (srcdir / "talks" / "b.rst").write_text("Queues at the Bakery\n====================\n\nPostponed.\n")
    _later(srcdir / "talks" / "b.rst")
    _build(make_app, srcdir, builddir)

    assert not (outdir / "seminars-lone-seminar.ics").exists()
    assert not (outdir / "talks" / "b.ics").exists()
    # Sphinx's incremental search index keeps removed words (with no page); the rest is as in a clean build
    (outdir / "searchindex.js").unlink()
    uids = _assert_like_clean(make_app, srcdir, outdir, tmp_path, extra=set(users), ignore={"searchindex.js"})
    assert uids["seminars.ics"] == ["a@output.example.org", "c@output.example.org"]
    assert uids["seminars-theory-seminar.ics"] == ["a@output.example.org"]
    for name, content in users.items():
        assert (outdir / name).read_bytes() == content
        assert (outdir / name).stat().st_mtime_ns == times[name]


def test_a_file_changed_by_someone_else_is_not_removed_when_it_is_no_longer_ours(make_app: Any, tmp_path: Path) -> None:
    srcdir, builddir = _copy(tmp_path), tmp_path / "build"
    outdir = _build(make_app, srcdir, builddir)
    (outdir / "talks" / "b.ics").write_bytes(b"the speaker's own version\n")
    (srcdir / "talks" / "b.rst").unlink()
    _build(make_app, srcdir, builddir)
    assert (outdir / "talks" / "b.ics").read_bytes() == b"the speaker's own version\n"


def test_a_no_change_build_touches_no_output_file(make_app: Any, tmp_path: Path) -> None:
    srcdir, builddir = _copy(tmp_path), tmp_path / "build"
    outdir = _build(make_app, srcdir, builddir)
    manifest = builddir / "doctrees" / "seminars-output-html.json"
    watched = [*outdir.rglob("*.ics"), *outdir.glob("_static/sphinx-seminars.*"), manifest]
    times = {path: path.stat().st_mtime_ns for path in watched}
    assert len(times) == 6 + 2 + 1
    _build(make_app, srcdir, builddir)
    assert {path: path.stat().st_mtime_ns for path in watched} == times
    assert not (builddir / "doctrees" / "seminars-output-html.journal").exists()


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_other_builders_get_no_assets_calendars_or_manifest(build: Any, builder: str) -> None:
    app = build("output", builder)
    assert not [p for p in Path(app.outdir).rglob("*") if p.suffix in {".ics", ".css", ".js"}]
    assert not list(Path(app.doctreedir).glob("seminars-output-*"))


def _asset_links(html: str) -> list[str]:
    return [line.strip() for line in html.splitlines() if "sphinx-seminars." in line]


def test_clean_and_incremental_builds_write_the_same_html_after_an_asset_change(tmp_path: Path) -> None:
    """Pages link the extension's CSS and script with Sphinx's checksum (?v=), in every kind of build.

    Each build runs in its own process, as a real one does (Sphinx caches the checksums per process).
    """
    from sphinx_seminars.extension import CSS, JS, STATIC

    srcdir = _copy(tmp_path)
    changed = tmp_path / "static"
    shutil.copytree(STATIC, changed)
    css = (STATIC / CSS).read_bytes() + b"\n.seminar-title { font-weight: bold; }\n"
    (changed / CSS).write_bytes(css)

    assert _run(srcdir, tmp_path / "incremental") == 0
    assert _run(srcdir, tmp_path / "incremental", "--static", str(changed)) == 0  # the extension was upgraded
    assert _run(srcdir, tmp_path / "clean", "--static", str(changed)) == 0
    incremental, clean = _tree(tmp_path / "incremental" / "html"), _tree(tmp_path / "clean" / "html")
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []

    js = (STATIC / JS).read_bytes()
    for page in ("index.html", "talks/a.html"):
        links = _asset_links(clean[page].decode())
        assert f"sphinx-seminars.css?v={zlib.crc32(css):08x}" in links[0]
        assert f"sphinx-seminars.js?v={zlib.crc32(js):08x}" in links[1]


def test_atomic_write_gives_the_files_the_usual_permissions(tmp_path: Path) -> None:
    from sphinx_seminars.output import atomic_write

    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "deep" / "er" / "x.ics", b"new")
    finally:
        os.umask(old)
    written = tmp_path / "deep" / "er" / "x.ics"
    assert written.read_bytes() == b"new"
    assert written.stat().st_mode & 0o777 == 0o644  # readable by a web server, like any other output
    assert [p.name for p in written.parent.iterdir()] == ["x.ics"]
