"""Collections: whole archives published from conf.py alone, in three archive styles.

Each archive root keeps its event files beside ``docs/`` (outside the source folder), as the
systems they come from do; nothing in ``docs/`` names a talk. Expected instants are worked out
by hand from each zone's rules (see the comments), not copied from output.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, content_area, warnings_of
from support.ical_parsers import require_or_skip

INSTANT_PARSERS = ["icaljs", "libical", "vobject"]

#: Jekyll archive, Europe/London: BST (+1) from the last Sunday of March to the last of October.
JEKYLL = {
    "2016-06-10-okafor": ("20160610T120000Z", "20160610T130000Z"),  # 13:00 BST
    "2016-06-29-brandt": ("20160629T120000Z", "20160629T130000Z"),  # 13:00 BST
    "2017-01-13-diallo": ("20170113T130000Z", "20170113T140000Z"),  # 13:00 GMT
    "2017-03-24-raman": ("20170324T130000Z", "20170324T140000Z"),  # 13:00 GMT, two days before the change
    "2017-03-31-lindqvist": ("20170331T120000Z", "20170331T130000Z"),  # 13:00 BST, five days after
    "2018-10-26-haddad": ("20181026T120000Z", "20181026T130000Z"),  # 13:00 BST, two days before the end
    "2023-11-03-nunez-ortega": ("20231103T120000Z", "20231103T130000Z"),  # 12:00 GMT (non-ASCII file name)
    "2027-02-05-ito": ("20270205T160000Z", "20270205T170000Z"),  # 16:00 GMT
}
#: Hugo archive, America/New_York: EDT (-4) from 10 March 2024 to 3 November 2024, else EST (-5).
HUGO = {
    "2024-03-01-vasquez": ("20240301T180000Z", "20240301T190000Z"),  # 13:00 EST, a string in TOML
    "2024-03-29-olsen": ("20240329T213000Z", "20240329T223000Z"),  # 17:30 EDT, a TOML local datetime
    "2024-11-08-tanaka": ("20241108T180000Z", "20241108T193000Z"),  # 13:00 EST, end "14:30" on that day
}


def _instant(value: str) -> str:
    """'2016-06-10T12:00:00Z' (as the parsers report) -> '20160610T120000Z'."""
    return value.replace("-", "").replace(":", "")


def _copy_archive(name: str, dest: Path) -> Path:
    """The archive root copied whole (event folder beside docs/); returns its docs/ folder."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest / "docs"


def _build(make_app: Any, srcdir: Path, builder: str = "html", **kwargs: Any) -> tuple[Any, set[str]]:
    """Build; returns the app and the documents read in this build."""
    read: set[str] = set()
    kwargs.setdefault("builddir", srcdir.parent / f"build-{builder}")  # outside the source folder
    app = make_app(builder, srcdir=srcdir, **kwargs)
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.update(docnames))
    app.build()
    return app, read


def _touch_later(path: Path) -> None:
    """Newer than the last build, which read it (Sphinx compares times), yet not in the future."""
    time.sleep(0.01)
    os.utime(path)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _index_links(outdir: Path, page: str = "index.html") -> list[str]:
    body = content_area(outdir / page)
    return [a["href"] for a in body.select("table.seminar-index-table a")]


# -- Jekyll: the seed's format, untouched ------------------------------------------------------------


def test_jekyll_archive_is_published_from_conf_py_alone(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    assert sorted(p.name for p in srcdir.iterdir()) == ["conf.py", "index.rst"]  # no stub anywhere
    app, read = _build(make_app, srcdir)
    outdir = Path(app.outdir)

    assert read == {"index", *(f"archive/{talk}" for talk in JEKYLL)}
    for talk in JEKYLL:
        assert (outdir / "archive" / f"{talk}.html").is_file()
        assert (outdir / "archive" / f"{talk}.ics").is_file()
    # No page for the event files themselves, and nothing written into the source folder or the archive.
    assert sorted(p.name for p in srcdir.iterdir()) == ["conf.py", "index.rst"]
    assert len(list((srcdir.parent / "_seminars").iterdir())) == len(JEKYLL)

    page = content_area(outdir / "archive" / "2016-06-10-okafor.html")
    assert page.select_one("h1").get_text(strip=True).rstrip("¶") == "Sparse solvers: a field guide"
    assert "Chidi Okafor" in page.get_text()
    assert page.select_one(".seminar-when + dd").get_text(strip=True) == "Friday 10 June 2016, 13:00–14:00 BST"

    # The index lists every talk, upcoming first (soonest first), then past (newest first).
    expected = ["2027-02-05-ito", *sorted((t for t in JEKYLL if not t.startswith("2027")), reverse=True)]
    assert _index_links(outdir) == [f"archive/{t}.html#seminar-{t}" for t in expected]

    # Only the archive's own habits are warned about: rooms in join_link, a logo that is not there.
    kinds = [line.rsplit("[", 1)[1] for line in warnings_of(app)]
    assert kinds.count("seminars.join-link]") == 2
    assert set(kinds) <= {"seminars.join-link]", "seminars.image]"}
    assert not any("toctree" in line for line in warnings_of(app))


@pytest.mark.parametrize("parser_name", INSTANT_PARSERS)
def test_jekyll_archive_calendars_hold_the_right_instants(make_app: Any, tmp_path: Path, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    app, _ = _build(make_app, _copy_archive("jekyll-archive", tmp_path / "site"))
    outdir = Path(app.outdir)
    for talk, (start, end) in JEKYLL.items():
        (event,) = parse(outdir / "archive" / f"{talk}.ics")
        assert (_instant(event.start_utc), _instant(event.end_utc)) == (start, end), talk
    feed = {e.uid.split("@")[0]: e for e in parse(outdir / "seminars-data-seminar.ics")}
    assert sorted(feed) == sorted(JEKYLL)


def test_talk_pages_link_to_the_previous_and_next_talk(make_app: Any, tmp_path: Path) -> None:
    app, _ = _build(make_app, _copy_archive("jekyll-archive", tmp_path / "site"))
    html = (Path(app.outdir) / "archive" / "2017-03-24-raman.html").read_text(encoding="utf-8")
    assert 'href="2017-01-13-diallo.html"' in html and 'href="2017-03-31-lindqvist.html"' in html
    head = html.split("<body")[0].split("<title>")[0]
    # the talk's own description and JSON-LD (test_structured_data.py) name it; nothing else before <title>
    ours = ('<meta name="description"', '<script type="application/ld+json">')
    assert "Bandits with budgets" not in "".join(line for line in head.splitlines() if not line.startswith(ours))


# -- Hugo: TOML, start/end, `seminar` for the title -----------------------------------------------------


@pytest.mark.parametrize("parser_name", INSTANT_PARSERS)
def test_hugo_archive(make_app: Any, tmp_path: Path, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    app, _ = _build(make_app, _copy_archive("hugo-archive", tmp_path / "site"))
    outdir = Path(app.outdir)
    assert warnings_of(app) == []  # Hugo's `title` and `date` are aliased away or ignored, silently
    titles = {}
    for talk, (start, end) in HUGO.items():
        (event,) = parse(outdir / "seminars" / f"{talk}.ics")
        assert (_instant(event.start_utc), _instant(event.end_utc)) == (start, end), talk
        titles[talk] = event.summary
    assert titles == {
        "2024-03-01-vasquez": "Spectral clustering on streaming graphs",
        "2024-03-29-olsen": "Clocks that change",
        "2024-11-08-tanaka": "Cancelled: Sampling without replacement, quickly",
    }
    page = content_area(outdir / "seminars" / "2024-03-01-vasquez.html")
    assert page.select_one(".seminar-abstract strong").get_text() == "edge by edge"  # the Markdown body
    assert page.select_one(".seminar-series + dd").get_text(strip=True) == "Graph Seminar"


# -- A home-grown YAML schema, with a handler ---------------------------------------------------------

#: Australia/Sydney keeps daylight time (AEDT, +11) from October to April.
HOMEGROWN = {
    "2025-w05": ("20250131T020000Z", "20250131T031500Z"),  # "1:00 PM" to "2:15 pm" AEDT
    "2025-w07": ("20250214T004500Z", "20250214T014500Z"),  # "11:45am" AEDT, the default hour
    "2025-w08": ("20250221T010000Z", "20250221T020000Z"),  # "12:00 PM" is noon
}


@pytest.mark.parametrize("parser_name", INSTANT_PARSERS)
def test_homegrown_archive_with_a_handler(make_app: Any, tmp_path: Path, parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    app, read = _build(make_app, _copy_archive("homegrown-archive", tmp_path / "site"))
    outdir = Path(app.outdir)
    assert warnings_of(app) == []
    assert read == {"index", *(f"talks/{week}" for week in HOMEGROWN)}  # the week without a talk has no page
    assert "1 event file(s) left out by seminars-event-read" in app.status.getvalue()
    for week, (start, end) in HOMEGROWN.items():
        (event,) = parse(outdir / "talks" / f"{week}.ics")
        assert (_instant(event.start_utc), _instant(event.end_utc)) == (start, end), week
    page = content_area(outdir / "talks" / "2025-w05.html")
    names = [p.get_text(strip=True) for p in page.select(".seminar-speaker-name")]
    assert names == ["Grace Hopper", "Alan M. Turing"]  # names given as lists of parts
    tba = content_area(outdir / "talks" / "2025-w07.html")
    assert tba.select_one("h1").get_text(strip=True).rstrip("¶") == "To be announced"
    rows = content_area(outdir / "index.html").select("tr.seminar-row")
    # upcoming soonest first (w07, w08: "now" is 10 February), then past (w05)
    assert [("seminar-tba" in row["class"]) for row in rows] == [True, False, False]


# -- Incremental and parallel builds ----------------------------------------------------------------


def test_add_edit_remove_and_no_change_reread_exactly_what_changed(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    archive = srcdir.parent / "_seminars"
    builddir = tmp_path / "build"
    _build(make_app, srcdir, builddir=builddir)

    _, read = _build(make_app, srcdir, builddir=builddir)
    assert read == set()

    edited = archive / "2017-03-24-raman.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Bandits with budgets", "Bandits on a budget"))
    _touch_later(edited)
    app, read = _build(make_app, srcdir, builddir=builddir)
    assert read == {"archive/2017-03-24-raman"}
    outdir = Path(app.outdir)
    assert "Bandits on a budget" in content_area(outdir / "index.html").get_text()
    assert "SUMMARY:Bandits on a budget" in (outdir / "seminars.ics").read_text(encoding="utf-8")
    for neighbour in ("2017-01-13-diallo", "2017-03-31-lindqvist"):  # their next/previous link names it
        assert "Bandits on a budget" in (outdir / "archive" / f"{neighbour}.html").read_text(encoding="utf-8")

    added = archive / "2019-05-03-mensah.md"
    added.write_text(
        "---\nevent_start_time: 2019-05-03 13:00\nspeaker: Kofi Mensah\ntitle: Added later\n---\n", encoding="utf-8"
    )
    app, read = _build(make_app, srcdir, builddir=builddir)
    assert read == {"archive/2019-05-03-mensah"}
    assert "archive/2019-05-03-mensah.html#seminar-2019-05-03-mensah" in _index_links(outdir)
    assert "SUMMARY:Added later" in (outdir / "seminars.ics").read_text(encoding="utf-8")
    # its neighbours now link to it (written again, not re-read)
    assert 'href="2019-05-03-mensah.html"' in (outdir / "archive" / "2018-10-26-haddad.html").read_text()

    added.unlink()
    app, read = _build(make_app, srcdir, builddir=builddir)
    assert read == set()
    assert not any("mensah" in link for link in _index_links(outdir))
    assert "Added later" not in (outdir / "seminars.ics").read_text(encoding="utf-8")
    assert not (outdir / "archive" / "2019-05-03-mensah.ics").exists()  # its calendar file goes with it
    assert 'href="2019-05-03-mensah.html"' not in (outdir / "archive" / "2018-10-26-haddad.html").read_text()


def test_an_event_file_put_back_with_an_older_time_is_read_again(make_app: Any, tmp_path: Path) -> None:
    # cp -p, rsync -t or unpacking an archive give a file its old time: a "newer than the
    # last read" check (Sphinx's, for dependencies) misses that edit; a changed size or time does not.
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    builddir = tmp_path / "build"
    _build(make_app, srcdir, builddir=builddir)
    edited = srcdir.parent / "_seminars" / "2017-03-24-raman.md"
    before = edited.stat()
    edited.write_text(edited.read_text(encoding="utf-8").replace("Bandits with budgets", "Bandits, restored"))
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns - 86_400 * 10**9))  # a day older than it was

    app, read = _build(make_app, srcdir, builddir=builddir)
    assert read == {"archive/2017-03-24-raman"}
    assert "Bandits, restored" in content_area(Path(app.outdir) / "archive" / "2017-03-24-raman.html").get_text()


@pytest.mark.parametrize("change", ["conf.py edited", "SOURCE_DATE_EPOCH"])
def test_a_change_to_how_files_are_read_rereads_every_page_once(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    # conf.py holds the handlers, and SOURCE_DATE_EPOCH stamps files without "updated": either
    # may change what every page shows. Every page is read again, once; the next build is steady.
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    builddir = tmp_path / "build"
    first, _ = _build(make_app, srcdir, builddir=builddir)
    pages = set(first.env.domains["seminar"].data["collection_pages"])
    assert len(pages) == len(JEKYLL)
    if change == "conf.py edited":
        _touch_later(srcdir / "conf.py")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    _, read = _build(make_app, srcdir, builddir=builddir)
    assert read == pages
    _, read = _build(make_app, srcdir, builddir=builddir)
    assert read == set()


def test_parallel_build_gives_the_same_bytes(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    serial, _ = _build(make_app, srcdir, builddir=tmp_path / "serial", parallel=1)
    parallel, _ = _build(make_app, srcdir, builddir=tmp_path / "parallel", parallel=2)
    assert parallel.parallel == 2 and parallel.is_parallel_allowed("read")
    one, two = _tree(Path(serial.outdir)), _tree(Path(parallel.outdir))
    assert sorted(one) == sorted(two)
    assert {name for name in one if one[name] != two[name]} == set()
    assert len(list(parallel.env.domains["seminar"].all_events())) == len(JEKYLL)


# -- Where collections may be and what they may not do ---------------------------------------------------


def test_collection_inside_the_source_folder_needs_no_exclude_pattern(make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    srcdir.mkdir()
    shutil.copytree(ROOTS / "test-jekyll-archive" / "_seminars", srcdir / "_events")
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_seminars", "myst_parser"]\n'
        'seminars_timezone = "Europe/London"\n'
        'seminars_collections = {"talks": "_events"}\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Talks\n\n```{seminar-index}\n```\n", encoding="utf-8")
    app, read = _build(make_app, srcdir)
    assert read == {"index", *(f"talks/{talk}" for talk in JEKYLL)}  # no page per .md event file
    assert not (Path(app.outdir) / "_events").exists()


def test_a_handler_can_skip_files_and_problems_in_its_output_are_located(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8") + "\n\ndef adapt(app, path, data):\n"
        "    if 'Okafor' in str(data.get('speaker')):\n"
        "        return False\n"
        "    if path.name.startswith('2016-06-29'):\n"
        "        data['status'] = 'maybe'\n"
        "\n\ndef setup(app):\n"
        "    app.connect('seminars-event-read', adapt)\n",
        encoding="utf-8",
    )
    app, read = _build(make_app, srcdir)
    assert "archive/2016-06-10-okafor" not in read
    assert not (Path(app.outdir) / "archive" / "2016-06-10-okafor.html").exists()
    assert not any("okafor" in line for line in warnings_of(app))
    assert "1 event file(s) left out by seminars-event-read" in app.status.getvalue()
    status = [line for line in warnings_of(app) if "[seminars.status]" in line]
    # a key the handler added has no line of its own: the problem points at the file's first key
    assert status == [
        f"{srcdir.parent}/_seminars/2016-06-29-brandt.md:2: WARNING: unknown status 'maybe' "
        "(expected one of: confirmed, tentative, cancelled, postponed); using 'confirmed' [seminars.status]"
    ]


@pytest.mark.parametrize("builder", ["dirhtml", "text", "latex"])
def test_other_builders(make_app: Any, tmp_path: Path, builder: str) -> None:
    app, _ = _build(make_app, _copy_archive("hugo-archive", tmp_path / "site"), builder)
    outdir = Path(app.outdir)
    if builder == "dirhtml":
        assert (outdir / "seminars" / "2024-03-01-vasquez" / "index.html").is_file()
        assert (outdir / "seminars" / "2024-03-01-vasquez" / "2024-03-01-vasquez.ics").is_file()
    elif builder == "text":
        text = (outdir / "seminars" / "2024-03-29-olsen.txt").read_text(encoding="utf-8")
        assert "Clocks that change" in text and "Maja Olsen" in text
    assert warnings_of(app) == []


def test_mistakes_in_an_archive_are_warned_and_the_rest_is_published(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    archive = srcdir.parent / "_seminars"
    # a file without a usable start: no page, and the warning says why
    (archive / "2019-01-11-nobody.md").write_text("---\ntitle: Lost\nevent_start_time: soon\n---\n", encoding="utf-8")
    # a second file with the id of another: both published, the second under <id>-2
    (archive / "copy-of-brandt.md").write_text(
        "---\nid: 2016-06-29-brandt\nevent_start_time: 2019-02-01 13:00\ntitle: Another talk\n---\n", encoding="utf-8"
    )
    # a collection page with the name of a page of the site: the site's page wins
    (srcdir / "archive").mkdir()
    (srcdir / "archive" / "2027-02-05-ito.rst").write_text("A page of its own\n=================\n", encoding="utf-8")
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py")
        .read_text(encoding="utf-8")
        .replace("seminars_collections = {", 'seminars_collections = {\n    "gone": "../no-such-folder",'),
        encoding="utf-8",
    )
    app, read = _build(make_app, srcdir)
    outdir = Path(app.outdir)
    lines = [line.replace(str(archive), "ARCHIVE") for line in warnings_of(app)]
    assert (
        "ARCHIVE/2019-01-11-nobody.md:3: WARNING: 'event_start_time': cannot read 'soon' as a date and time (expected e.g. '2024-05-01 16:00'); talk skipped [seminars.time]"
        in lines
    )
    assert not (outdir / "archive" / "2019-01-11-nobody.html").exists()
    assert any("[seminars.duplicate-id]" in line and "published as '2016-06-29-brandt-2'" in line for line in lines)
    assert "Another talk" in (outdir / "archive" / "2016-06-29-brandt-2.html").read_text(encoding="utf-8")
    assert any(
        "the collection page 'archive/2027-02-05-ito' has the name of a page of the site" in line
        and "[seminars.collection]" in line
        for line in lines
    )
    assert "A page of its own" in (outdir / "archive" / "2027-02-05-ito.html").read_text(encoding="utf-8")
    assert any("seminars_collections['gone']: the folder '../no-such-folder' does not exist" in line for line in lines)
    assert "archive/2016-06-10-okafor" in read  # the rest is published


# -- Old addresses (opt-in) ----------------------------------------------------------------------------


def test_old_addresses_keep_working(make_app: Any, tmp_path: Path) -> None:
    srcdir = _copy_archive("jekyll-archive", tmp_path / "site")
    archive = srcdir.parent / "_seminars"
    (archive / "2019-03-01-hugo-style.md").write_text(
        "---\nevent_start_time: 2019-03-01 13:00\ntitle: Moved twice\n"
        "redirect_from: [/talks/2019/moved/, /old/moved.html, ../../../etc/evil, /index.html]\n---\n",
        encoding="utf-8",
    )
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8")
        + "\nseminars_legacy_redirects = True\nseminars_legacy_calendars = True\n"
        'seminars_feed_aliases = {"ics/all.ics": "seminars.ics", "old/data.ics": "Data Seminar"}\n',
        encoding="utf-8",
    )
    builddir = tmp_path / "build"
    app, _ = _build(make_app, srcdir, builddir=builddir)
    outdir = Path(app.outdir)

    # old_url http://www.example.ac.uk/events/291 -> events/291/index.html, sending readers on
    redirect = (outdir / "events" / "291" / "index.html").read_text(encoding="utf-8")
    target = "../../archive/2016-06-10-okafor.html#seminar-2016-06-10-okafor"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in redirect
    assert (
        '<link rel="canonical" href="https://seminars.example.org/archive/2016-06-10-okafor.html'
        '#seminar-2016-06-10-okafor">' in redirect
    )
    assert ((outdir / "events" / "291") / target.split("#")[0]).resolve().is_file()
    moved = outdir / "talks" / "2019" / "moved" / "index.html"
    assert "../../../archive/2019-03-01-hugo-style.html#" in moved.read_text(encoding="utf-8")
    assert (outdir / "old" / "moved.html").is_file()
    # icalendar: /ics/id/291 -> a copy of the talk's calendar file; feeds at their old addresses
    talk = (outdir / "archive" / "2016-06-10-okafor.ics").read_bytes()
    assert (outdir / "ics" / "id" / "291").read_bytes() == talk
    assert (outdir / "ics" / "all.ics").read_bytes() == (outdir / "seminars.ics").read_bytes()
    assert (outdir / "old" / "data.ics").read_bytes() == (outdir / "seminars-data-seminar.ics").read_bytes()
    # never outside the output folder, never over a file of the site
    lines = [line for line in warnings_of(app) if "[seminars.legacy]" in line]
    assert len(lines) == 2
    assert "old address '../../../etc/evil' has no path inside the output folder; not kept" in lines[0]
    assert "old address '/index.html' is a file the site has (index.html); not replaced" in lines[1]
    assert not (tmp_path / "etc").exists()
    assert "seminar-index" in (outdir / "index.html").read_text(encoding="utf-8")

    # a removed talk takes its old addresses along; so does turning the setting off
    (archive / "2019-03-01-hugo-style.md").unlink()
    app, _ = _build(make_app, srcdir, builddir=builddir)
    assert not (outdir / "old" / "moved.html").exists() and (outdir / "events" / "291" / "index.html").exists()
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text(encoding="utf-8").replace("seminars_legacy_redirects = True", ""),
        encoding="utf-8",
    )
    app, _ = _build(make_app, srcdir, builddir=builddir)
    assert not (outdir / "events" / "291" / "index.html").exists() and (outdir / "ics" / "id" / "291").exists()
