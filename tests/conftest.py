"""Shared fixtures: build small test sites (tests/roots/test-*) in a private folder."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"

# Hypothesis: in CI (the CI variable set) the same examples every run and no example database,
# so a failure is reproducible and nothing is written; locally random examples, with the failing
# ones kept in tests/.cache/hypothesis (ignored by git), not in a .hypothesis/ folder wherever pytest
# ran. HYPOTHESIS_PROFILE=ci or =dev chooses one by name.
set_hypothesis_home_dir(Path(__file__).parent / ".cache" / "hypothesis")
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
SHARED_EVENTS = Path(__file__).parents[2] / "shared" / "real-events"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def build(make_app: Callable[..., Any], tmp_path: Path) -> Callable[..., Any]:
    """Copy a test root into a fresh folder and build it; returns the app.

    Each call gets its own source and output folders, so tests never share
    an environment by accident; pass ``srcdir`` to rebuild the same copy.
    """

    def _build(root: str, builder: str = "html", *, srcdir: Path | None = None, **kwargs: Any) -> Any:
        if srcdir is None:
            srcdir = tmp_path / f"{root}-{builder}-{len(list(tmp_path.iterdir()))}"
            shutil.copytree(ROOTS / f"test-{root}", srcdir)
        app = make_app(builder, srcdir=srcdir, **kwargs)
        app.build()
        return app

    return _build


def warnings_of(app: Any) -> list[str]:
    """The warning lines, without colour codes, with the source folder shortened to ``SRC``."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    text = text.replace(str(app.srcdir) + os.sep, "SRC/")
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def content_area(html_path: Path) -> BeautifulSoup:
    """The page's main content (the theme's chrome left out)."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one('div[role="main"]') or soup.select_one("div.body") or soup.body
    assert body is not None, f"no content area in {html_path}"
    return body


def seed_file(name: str) -> Path:
    """A real event file from ../shared (present in CI); skip elsewhere unless CI says it must be there."""
    path = SHARED_EVENTS / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI is expected to have ../shared beside the clone")
        pytest.skip(f"{path} not available outside CI")
    return path


def build_copy(root: str, dest: Path, builder: str = "html", **kwargs: Any) -> Any:
    """Build a copy of test root *root* in *dest* outside the function-scoped fixtures."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    if not dest.exists():
        shutil.copytree(ROOTS / f"test-{root}", dest)
    app = SphinxTestApp(builder, srcdir=dest, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def serial_and_parallel(make_app: Callable[..., Any], root: str, tmp_path: Path) -> tuple[dict[str, bytes], ...]:
    """The output files (path -> bytes) of test root *root* built with one process, then with two."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    trees = []
    for jobs in (1, 2):
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / f"j{jobs}", parallel=jobs)
        app.build()
        outdir = Path(app.outdir)
        trees.append({p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*") if p.is_file()})
    return tuple(trees)
