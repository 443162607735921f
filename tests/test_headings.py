"""Real headings: a talk page's "Abstract" and "About the speaker", an index's "Upcoming talks" and
"Past talks", as sections with ids in the page's table of contents (``seminars_headings``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from conftest import ROOTS, build_copy, content_area, warnings_of


def _toc(app: Any, docname: str) -> list[tuple[int, str, str]]:
    """The page's table of contents as (depth, anchor, text), depth 0 for the page title."""
    entries = []

    def walk(bullets: nodes.Element, depth: int) -> None:
        for item in bullets.children:
            if not isinstance(item, nodes.list_item):  # a toctree of the page
                continue
            reference = next(item.findall(nodes.reference))
            entries.append((depth, reference["anchorname"], reference.astext()))
            for sub in item.children[1:]:
                walk(sub, depth + 1)

    walk(app.env.tocs[docname], 0)
    return entries


def _headings(html: BeautifulSoup, selector: str) -> list[tuple[str, str, str]]:
    return [(h.name, h.parent.get("id", ""), h.get_text(strip=True).rstrip("\u00b6")) for h in html.select(selector)]


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Any:
    src = tmp_path_factory.mktemp("headings") / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    # a page showing two talks: their parts keep rubrics (every one would be "Abstract")
    (src / "talks" / "two.rst").write_text(
        "Two talks\n=========\n\n.. seminar-event:: ../events/2016-10-14-okafor.md\n\n"
        ".. seminar-event:: ../events/2024-02-09-lindqvist.md\n",
        encoding="utf-8",
    )
    return build_copy("basic", src)


def test_talk_parts_are_sections_under_the_talks_title(basic: Any) -> None:
    page = content_area(Path(basic.outdir) / "talks" / "markdown.html")
    title = "Kernels, Flows and Everything Between"
    assert _headings(page, "h1, h2, h3") == [
        ("h1", "seminar-2024-02-09-lindqvist-page", title),  # TalkPageTitle: the talk's anchor + "-page"
        ("h2", "abstract", "Abstract"),
        ("h2", "about-the-speaker", "About the speaker"),
    ]
    # the part keeps its container (and class); its heading and text are the section inside it
    assert page.select_one("div.seminar-bio > section#about-the-speaker p").get_text() == (
        "\u00c5sa is a professor of statistics."
    )
    # the page's title is still the talk's, not one of its parts
    assert basic.env.titles["talks/markdown"].astext() == title
    assert _toc(basic, "talks/markdown") == [
        (0, "", title),
        (1, "#abstract", "Abstract"),
        (1, "#about-the-speaker", "About the speaker"),
    ]


def test_a_page_with_several_talks_keeps_its_own_title_and_rubrics(basic: Any) -> None:
    page = content_area(Path(basic.outdir) / "talks" / "two.html")
    assert _headings(page, "h1, h2, h3") == [("h1", "two-talks", "Two talks")]
    assert [p.get_text() for p in page.select(".seminar-abstract > p.rubric")] == ["Abstract", "Abstract"]
    assert _toc(basic, "talks/two") == [(0, "", "Two talks")]


def test_the_site_toctree_nests_the_parts_under_each_talk(basic: Any) -> None:
    html = BeautifulSoup((Path(basic.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in html.select("div.toctree-wrapper a")]
    assert "talks/markdown.html#abstract" in links
    assert "talks/markdown.html#about-the-speaker" in links


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build_copy("index", tmp_path_factory.mktemp("headings-index") / "src")


def test_index_parts_are_in_the_pages_table_of_contents(index: Any) -> None:
    assert _toc(index, "index") == [
        (0, "", "Seminars"),
        (1, "#upcoming-talks", "Upcoming talks"),
        (1, "#past-talks", "Past talks"),
    ]
    page = content_area(Path(index.outdir) / "index.html")
    assert _headings(page, "h2") == [("h2", "upcoming-talks", "Upcoming talks"), ("h2", "past-talks", "Past talks")]


def test_rubrics_on_request(tmp_path: Path) -> None:
    app = build_copy("basic", tmp_path / "src", confoverrides={"seminars_headings": "rubrics"})
    page = content_area(Path(app.outdir) / "talks" / "markdown.html")
    assert [h.name for h in page.select("h1, h2, h3")] == ["h1"]
    assert [p.get_text() for p in page.select("p.rubric")][-2:] == ["Abstract", "About the speaker"]
    assert _toc(app, "talks/markdown") == [(0, "", "Kernels, Flows and Everything Between")]


def test_index_rubrics_on_request(tmp_path: Path) -> None:
    app = build_copy("index", tmp_path / "src", confoverrides={"seminars_headings": "rubrics"})
    page = content_area(Path(app.outdir) / "index.html")
    assert page.select(".seminar-index h2") == []
    assert [p.get_text() for p in page.select(".seminar-index-part > p.rubric")] == ["Upcoming talks", "Past talks"]
    assert _toc(app, "index") == [(0, "", "Seminars")]


def test_unknown_headings_value_warns(tmp_path: Path) -> None:
    app = build_copy("basic", tmp_path / "src", confoverrides={"seminars_headings": "titles"})
    assert any("seminars_headings should be 'sections' or 'rubrics'" in w for w in warnings_of(app))


def test_furo_and_pydata_list_the_index_parts_on_the_page(tmp_path: Path) -> None:
    """The themes' own "on this page" tables of contents list the sections (built in a process of its own:
    themes change Sphinx's process-wide state)."""
    pytest.importorskip("furo")
    pytest.importorskip("pydata_sphinx_theme")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-index", src)
    for theme, selector in (("furo", ".toc-tree a"), ("pydata_sphinx_theme", "nav.page-toc a")):
        out = tmp_path / theme
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"html_theme={theme}", str(src), str(out)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        html = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
        anchors = [a["href"] for a in html.select(selector)]
        assert "#upcoming-talks" in anchors and "#past-talks" in anchors, (theme, anchors)
