"""Markup for screen readers, on the built HTML: column headers with a scope, initials avatars hidden."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import build_copy, content_area


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(build_copy("index", tmp_path_factory.mktemp("a11y-index") / "src").outdir)


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(build_copy("basic", tmp_path_factory.mktemp("a11y-basic") / "src").outdir)


def test_index_tables_name_their_columns(index: Path) -> None:
    page = content_area(index / "index.html")
    tables = page.select("table.seminar-index-table")
    assert len(tables) == 2  # upcoming and past
    for table in tables:
        headers = table.select("th")
        assert [th.get_text(strip=True) for th in headers] == ["Date", "Time", "Speakers", "Talk", "Location"]
        assert [th.get("scope") for th in headers] == ["col"] * 5
        assert all(th.find_parent("thead") is not None for th in headers)  # the body's cells stay <td>


def test_timetable_headers_name_their_columns(tmp_path: Path) -> None:
    outdir = Path(build_copy("timetable", tmp_path / "src").outdir)
    headers = content_area(outdir / "workshop.html").select("table.seminar-timetable-table th")
    assert headers and {th.get("scope") for th in headers} == {"col"}


def _spoken(element: Any) -> str:
    """The text a screen reader reads: without what is aria-hidden."""
    for hidden in element.select('[aria-hidden="true"]'):
        hidden.decompose()
    return element.get_text(" ", strip=True)


def test_initials_are_hidden_and_the_name_is_read_once(basic: Path) -> None:
    card = content_area(basic / "talks" / "legacy.html").select_one(".seminar-speaker")
    avatar = card.select_one("p.seminar-speaker-avatar")
    assert avatar.get_text(strip=True) == "CO"
    assert avatar["aria-hidden"] == "true"
    assert _spoken(card) == "Chidi Okafor Example Institute of Technology"


def test_other_builders_still_get_the_initials(tmp_path: Path) -> None:
    outdir = Path(build_copy("basic", tmp_path / "src", "text").outdir)
    assert "CO" in (outdir / "talks" / "legacy.txt").read_text(encoding="utf-8").splitlines()
