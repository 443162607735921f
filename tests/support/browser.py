"""A real browser for the tests: Debian's Chromium driven by Playwright, axe-core from npm.

Playwright's own browser download does not work everywhere (and is not needed): the tests
start the system's Chromium (``/usr/bin/chromium``, or ``$SEMINARS_CHROMIUM``) through
Playwright's Python API. ``bash tests/support/install-browser.sh`` installs it on Debian.
Where something is missing the browser tests are skipped with the reason, except in CI
(``CI`` or ``SEMINARS_REQUIRE_ALL_PARSERS=1``), where they fail.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

JS_DIR = Path(__file__).parents[1] / "js"
AXE = JS_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def required() -> bool:
    """In CI a missing browser, driver or axe-core is a failure, not a skip."""
    return bool(os.environ.get("CI") or os.environ.get("SEMINARS_REQUIRE_ALL_PARSERS"))


def unavailable(reason: str) -> None:
    if required():
        pytest.fail(f"browser tests must run here: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("SEMINARS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[browser]')"
    if chromium_path() is None:
        return "Chromium is not installed (Debian: bash tests/support/install-browser.sh)"
    if not AXE.is_file() and shutil.which("npm") is not None:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS_DIR, timeout=300, check=False)
    if not AXE.is_file():
        return f"axe-core is not installed (run `npm ci` in {JS_DIR})"
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve *folder* on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (Playwright gives it a fresh, empty profile)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=CHROMIUM_FLAGS,
        )
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any, include: list[str]) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations inside the elements matching *include*."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = [s for s in include if page.query_selector(s) is not None]
    if not found:
        return []
    results = page.evaluate(
        """async (include) => {
            const r = await axe.run({include: include.map((s) => [s])}, {resultTypes: ["violations"]});
            return r.violations;
        }""",
        found,
    )
    return [v for v in results if v["impact"] in ("serious", "critical")]
