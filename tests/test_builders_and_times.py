"""Builders (singlehtml links, the EPUB's CSS, URLs in text output), the seminar role after a rename,
and the talk's <time>: the instant for a timed talk, the date for an all-day one, the viewer's time."""

from __future__ import annotations

import calendar
import json
import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import content_area

JS_PROBE = Path(__file__).parent / "js" / "local-time.mjs"


def _epoch(text: str) -> int:
    return calendar.timegm(datetime.strptime(text, "%Y-%m-%dT%H:%M").timetuple())


def test_singlehtml_talk_links_lead_to_the_talk(build: Any) -> None:
    app = build("links", "singlehtml")
    page = content_area(Path(app.outdir) / "index.html")
    ids = {tag["id"] for tag in page.select("[id]")}
    talk_links = [a["href"] for a in page.select("a.reference.internal") if "seminar-" in a["href"]]
    assert len(talk_links) >= 2 + 5  # the role's two, each index row
    assert all(href.startswith("#seminar-") and href.count("#") == 1 for href in talk_links), talk_links
    assert {href[1:] for href in talk_links} <= ids


def test_epub_holds_the_stylesheet_it_links(build: Any) -> None:
    app = build("links", "epub")
    with zipfile.ZipFile(next(Path(app.outdir).glob("*.epub"))) as epub:
        assert "_static/sphinx-seminars.css" in epub.namelist()
        assert 'href="_static/sphinx-seminars.css"' in epub.read("content.opf").decode()
        assert "../_static/sphinx-seminars.css" in epub.read("talks/joint.xhtml").decode()


def test_text_output_keeps_the_urls(build: Any) -> None:
    app = build("links", "text")
    text = " ".join((Path(app.outdir) / "talks" / "joint.txt").read_text(encoding="utf-8").split())
    assert "Join link <https://meet.example.org/j/42?pwd=a+b&lang=en>" in text
    assert "Slides <https://example.org/slides.pdf> · Video <https://video.example.org/42>" in text


def test_role_text_after_a_rename_matches_a_clean_build(build: Any, tmp_path: Path) -> None:
    first = build("links")
    srcdir = Path(first.srcdir)
    event = srcdir / "events" / "2025-07-04-joint.md"
    event.write_text(event.read_text().replace("Sketches & Streams: Counting at Scale", "Renamed Sketches"))
    again = build("links", srcdir=srcdir)
    clean_src = tmp_path / "clean"
    shutil.copytree(srcdir, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build("links", srcdir=clean_src)

    def links(app: Any) -> list[tuple[str, str]]:
        page = content_area(Path(app.outdir) / "refs.html")
        return [(a.get_text(), a.get("title", "")) for a in page.select("a.reference")]

    assert links(again) == links(clean)
    assert links(again)[0] == ("Renamed Sketches", "Renamed Sketches")


@pytest.fixture
def html(build: Any) -> Any:
    return build("links")


def _time(app: Any, page: str, selector: str = ".seminar-when time") -> dict[str, str]:
    tag = content_area(Path(app.outdir) / page).select_one(selector)
    assert tag is not None, page
    return dict(tag.attrs)


def test_talk_page_time_carries_the_instant(html: Any) -> None:
    joint = _time(html, "talks/joint.html")
    assert joint["datetime"] == "2025-07-04T15:00:00Z"  # 16:00 BST
    assert int(joint["data-seminar-start"]) == _epoch("2025-07-04T15:00")
    assert int(joint["data-seminar-end"]) == _epoch("2025-07-04T16:30")
    assert joint["data-seminar-offset"] == "60"
    assert "data-seminar-all-day" not in joint


def test_all_day_time_carries_the_date(html: Any) -> None:
    assert _time(html, "talks/retreat.html")["datetime"] == "2025-07-20"
    assert "data-seminar-all-day" in _time(html, "talks/retreat.html")
    rows = content_area(Path(html.outdir) / "index.html").select("time.seminar-time")
    assert "2025-07-20" in [row["datetime"] for row in rows]  # the index row too, not 19 July 23:00Z


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
@pytest.mark.parametrize(
    "zone,expected",
    [
        # 15:00Z is 00:00 on Saturday 5 July in Tokyo; the Tokyo talk is in the viewer's zone
        ("Asia/Tokyo", [" (Sat 5 Jul, 00:00 your time)", "", ""]),
        # New York is on EDT from 9 March 2025: Monday 08:00 in Tokyo (23:00Z) is Sunday 19:00 there
        ("America/New_York", [" (11:00 your time)", "", " (Sun 9 Mar, 19:00 your time)"]),
    ],
)
def test_viewer_time_on_talk_pages(html: Any, zone: str, expected: list[str]) -> None:
    times = [_time(html, f"talks/{name}.html") for name in ("joint", "retreat", "tokyo")]
    result = subprocess.run(
        ["node", str(JS_PROBE), json.dumps(times)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": zone},
    )
    assert json.loads(result.stdout) == expected


def test_parallel_build_gives_the_same_bytes(make_app: Any, tmp_path: Path) -> None:
    """Service links, JSON-LD, <time> and role links made in other processes: the same bytes as serial."""
    srcdir = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-links", srcdir)
    trees = []
    for jobs in (1, 2):
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / f"j{jobs}", parallel=jobs)
        app.build()
        out = Path(app.outdir)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    serial, parallel = ({k: v for k, v in tree.items() if not k.startswith(".doctrees")} for tree in trees)
    assert sorted(serial) == sorted(parallel)
    assert {name for name in serial if serial[name] != parallel[name]} == set()
