"""Parallel, repeated and incremental builds: same bytes, and exactly the right pages re-read."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS


def _tree(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts
    }


def _copy(tmp_path: Path, root: str = "many") -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    return srcdir


def test_parallel_build_gives_the_same_bytes_as_serial(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy(tmp_path)
    serial = make_app("html", srcdir=srcdir, builddir=tmp_path / "serial", parallel=1)
    serial.build()
    parallel = make_app("html", srcdir=srcdir, builddir=tmp_path / "parallel", parallel=2)
    parallel.build()
    assert parallel.parallel == 2 and parallel.is_parallel_allowed("read")
    one, two = _tree(Path(serial.outdir)), _tree(Path(parallel.outdir))
    assert sorted(one) == sorted(two)
    assert len([name for name in one if name.endswith(".ics")]) == 12 + 1  # talks and the feed
    assert {name for name in one if one[name] != two[name]} == set()
    # the parallel build really merged events read in other processes
    assert len(list(parallel.env.domains["seminar"].all_events())) == 12


def test_two_clean_builds_give_identical_bytes(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy(tmp_path)
    first = make_app("html", srcdir=srcdir, builddir=tmp_path / "a")
    first.build()
    second = make_app("html", srcdir=srcdir, builddir=tmp_path / "b", freshenv=True)
    second.build()
    one, two = _tree(Path(first.outdir)), _tree(Path(second.outdir))
    assert {name for name in one if one[name] != two.get(name)} == set()


def test_source_date_epoch_fixes_calendar_timestamps(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    app = make_app("html", srcdir=_copy(tmp_path))
    app.build()
    text = (Path(app.outdir) / "talks" / "2025-02-01-talk-01.ics").read_bytes().decode()
    assert "DTSTAMP:20231114T221320Z" in text
    assert "LAST-MODIFIED:20231114T221320Z" in text


def _rebuild_and_capture(make_app: Any, srcdir: Path, builddir: Path) -> tuple[set[str], Any]:
    read: set[str] = set()
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.update(docnames))
    app.build()
    return read, app


def _touch_later(path: Path) -> None:
    later = time.time() + 5  # mtimes are compared; be clearly newer than the last build
    os.utime(path, (later, later))


def test_editing_an_event_file_rereads_exactly_its_page(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy(tmp_path)
    builddir = tmp_path / "build"
    make_app("html", srcdir=srcdir, builddir=builddir).build()

    unchanged, _ = _rebuild_and_capture(make_app, srcdir, builddir)
    assert unchanged == set()

    event_file = srcdir / "events" / "2025-04-03-talk-03.md"
    event_file.write_text(event_file.read_text().replace("Talk number 3", "Talk number three"))
    _touch_later(event_file)
    reread, app = _rebuild_and_capture(make_app, srcdir, builddir)
    assert reread == {"talks/talk-03"}
    calendar = (Path(app.outdir) / "talks" / "2025-04-03-talk-03.ics").read_bytes().decode()
    assert "SUMMARY:Talk number three" in calendar
    page = (Path(app.outdir) / "talks" / "talk-03.html").read_text()
    assert "Talk number three" in page


def test_inline_talks_take_source_date_epoch_too(build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    app = build("basic")
    text = (Path(app.outdir) / "talks" / "sampling-searching-a-short-tour.ics").read_bytes().decode()
    assert "DTSTAMP:20231114T221320Z" in text


def _talk_on(outdir: Path, page: str) -> tuple[str, str]:
    from conftest import content_area

    box = content_area(outdir / f"{page}.html").select_one("div.seminar-event")
    return box["id"], box.select_one("a.seminar-add-to-calendar")["href"]


def test_clashing_ids_follow_their_talks_through_incremental_builds(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy(tmp_path, "clash")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=srcdir, builddir=builddir)
    first.build()
    outdir = Path(first.outdir)
    assert _talk_on(outdir, "a") == ("seminar-shared", "shared.ics")
    assert _talk_on(outdir, "b") == ("seminar-shared-2", "shared-2.ics")
    assert "SUMMARY:Second Claim" in (outdir / "shared-2.ics").read_text()

    # The first claim goes away: the second talk takes the plain id, its page is written again unread.
    (srcdir / "a.rst").unlink()
    reread, _ = _rebuild_and_capture(make_app, srcdir, builddir)
    assert "b" not in reread
    assert _talk_on(outdir, "b") == ("seminar-shared", "shared.ics")
    assert "SUMMARY:Second Claim" in (outdir / "shared.ics").read_text()
    feed = (outdir / "seminars.ics").read_text()
    assert feed.count("BEGIN:VEVENT") == 1 and "UID:shared@" in feed


def test_doctrees_hold_no_foreign_document(build: Any) -> None:
    """Bodies are parsed in sub-documents; a node still pointing at one pickles the environment too."""
    import pickle

    app = build("basic")
    doctrees = sorted(Path(app.doctreedir).glob("**/*.doctree"))
    assert len(doctrees) == 5
    for path in doctrees:
        doctree = pickle.loads(path.read_bytes())
        foreign = {type(node._document).__name__ for node in doctree.findall() if node._document not in (None, doctree)}
        assert foreign == set(), path.name
        assert path.stat().st_size < 60_000, path.name  # a page of text, not a pickled environment


def test_the_environment_keeps_full_talk_records_packed(build: Any) -> None:
    """Every build loads the environment: full records stay bytes there until a build needs them."""
    import pickle
    import pickletools

    from sphinx_seminars.domain import PageEvents, Showing

    app = build("basic")
    raw = (Path(app.doctreedir) / "environment.pickle").read_bytes()
    names = {arg for _, arg, _ in pickletools.genops(raw) if isinstance(arg, str)}
    assert {"Showing", "PageEvents"} <= names
    assert names.isdisjoint({"Event", "Speaker", "RichText"})  # only inside the packed bytes
    env = pickle.loads(raw)
    data = env.domaindata["seminar"]
    records = data["records"]["talks/toml"]
    assert type(records) is PageEvents and records._events is None  # not decoded by loading
    (talk,) = data["events"]["talks/toml"]
    assert type(talk) is Showing and talk.title == "Graphs in Tokyo Time"
    (event,) = records.events
    assert [s.name for s in event.speakers] == ["Hiro Tanaka", "Mei Sato"]
    assert (event.id, event.title, event.end.timestamp()) == (talk.id, talk.title, talk.end)


def test_a_talk_on_two_pages_has_one_record_in_its_file_and_the_feed(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages read in different builds hold different records of one talk: the first page's is published."""
    srcdir = tmp_path / "src"
    (srcdir / "events").mkdir(parents=True)
    (srcdir / "conf.py").write_text('extensions = ["sphinx_seminars"]\nexclude_patterns = ["events"]\n')
    (srcdir / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   a\n   b\n")
    (srcdir / "events" / "shared.md").write_text("---\ntitle: Shared\nstart: 2025-03-01 10:00\n---\n")
    for page in ("a", "b"):
        (srcdir / f"{page}.rst").write_text(f"Page {page}\n======\n\n.. seminar-event:: events/shared.md\n")
    builddir = tmp_path / "build"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")  # 2001-09-09T01:46:40Z, no "updated" in the file
    make_app("html", srcdir=srcdir, builddir=builddir).build()
    (srcdir / "b.rst").write_text((srcdir / "b.rst").read_text() + "\nMore text.\n")
    _touch_later(srcdir / "b.rst")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # the next commit: only page b is read again
    read, app = _rebuild_and_capture(make_app, srcdir, builddir)
    assert read == {"b"}

    def stamps(name: str) -> list[str]:
        unfolded = (Path(app.outdir) / name).read_text().replace("\r\n ", "")
        return [line for line in unfolded.splitlines() if line.startswith("DTSTAMP:")]

    assert stamps("shared.ics") == stamps("seminars.ics") == ["DTSTAMP:20010909T014640Z"]


def test_incremental_feeds_equal_a_clean_build(make_app: Any, tmp_path: Path) -> None:
    """Feeds are assembled from the VEVENTs kept from the last build; the result must not tell."""
    srcdir = _copy(tmp_path)
    builddir = tmp_path / "build"
    make_app("html", srcdir=srcdir, builddir=builddir).build()
    assert (builddir / "doctrees" / "seminars-vevents.pickle").is_file()
    event_file = srcdir / "events" / "2025-04-03-talk-03.md"
    event_file.write_text(event_file.read_text().replace("Talk number 3", "Talk number three"))
    _touch_later(event_file)
    _, incremental = _rebuild_and_capture(make_app, srcdir, builddir)
    clean = make_app("html", srcdir=srcdir, builddir=tmp_path / "clean", freshenv=True)
    clean.build()
    one, two = _tree(Path(incremental.outdir)), _tree(Path(clean.outdir))
    calendars = [name for name in one if name.endswith(".ics")]
    assert len(calendars) == 13
    assert {name for name in calendars if one[name] != two.get(name)} == set()
    assert b"SUMMARY:Talk number three" in one["seminars.ics"]
