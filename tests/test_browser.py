"""The demo site in six popular themes, looked at in a real browser (Chromium, headless).

Each theme's site is built once (the demo talks of docs/demo/events, built as of 2016-01-01)
and served on localhost; one browser serves every test of this module and is closed with it.
Checked at 1,280 px and 375 px, light and dark where the theme has a dark mode: no sideways
scrolling of the page, every talk link of the index within reach, no serious or critical
axe-core finding in the extension's markup, the page script's upcoming/past split and "your
time" hints, no console error from the extension. Screenshots go to ``$SEMINARS_SCREENSHOTS``
(CI keeps them as artefacts; the docs' theme gallery is made from them) or to a temporary
folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import browser

DEMO_EVENTS = Path(__file__).parents[1] / "docs" / "demo" / "events"
#: one index row per demo event file (the demo's picture is not one)
DEMO_TALKS = len([p for p in DEMO_EVENTS.iterdir() if p.suffix in (".md", ".rst", ".yaml")])
ROOT = Path(__file__).parent / "roots" / "test-themes"
#: theme -> has a dark mode (followed from the browser's colour scheme)
THEMES = {
    "alabaster": False,
    "sphinx_rtd_theme": False,
    "pydata_sphinx_theme": True,
    "sphinx_book_theme": True,
    "furo": True,
    "shibuya": True,
}
WIDTHS = {"desktop": 1280, "phone": 375}
#: the browser's "now": after every 2016/2017 talk, before the two 2027 ones
CLOCK = "2026-12-02T12:00:00Z"
PAGES = ("index.html", "demo/2017-02-10-marsh-ansah-berg.html", "demo/2017-01-20-solbakken.html")

#: Violations of the themes' own making that land on the extension's markup, by theme,
#: rule and the selector of the elements concerned; anything else found there fails.
THEME_OWNED: dict[tuple[str, str], tuple[str, str]] = {
    # RTD's link colour #2980b9 is 4.19:1 on white, on every link of every page
    ("sphinx_rtd_theme", "color-contrast"): ("a, a *", "the theme's link colour"),
    # RTD draws links in running text without an underline (here a link in an abstract)
    ("sphinx_rtd_theme", "link-in-text-block"): (".seminar-abstract a, .seminar-bio a", "the theme's link style"),
}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _cases() -> Iterator[Any]:
    for theme, dark in THEMES.items():
        for scheme in ("light", "dark") if dark else ("light",):
            for name, width in WIDTHS.items():
                yield pytest.param(theme, scheme, width, id=f"{theme}-{scheme}-{name}")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = browser.missing()
    if reason:
        browser.unavailable(reason)
    with browser.chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("SEMINARS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder of built sites, one per theme, and the URL it is served at."""
    folder = tmp_path_factory.mktemp("themes")
    with browser.serve(folder / "html") as url:
        yield folder, url


@pytest.fixture(scope="module")
def site(served: tuple[Path, str]) -> Any:
    """theme -> the URL of its built demo site (each theme built once per session)."""
    from importlib.util import find_spec

    folder, url = served
    built: dict[str, str] = {}

    def _site(theme: str) -> str:
        if theme not in built:
            if theme != "alabaster" and find_spec(theme) is None:
                browser.unavailable(f"the theme {theme} is not installed (pip install -e '.[browser]')")
            src = folder / "src" / theme
            shutil.copytree(ROOT, src)
            shutil.copytree(DEMO_EVENTS, src / "demo" / "events")
            out = folder / "html" / theme
            # in a process of its own: themes change Sphinx's process-wide state, which later
            # in-process builds of other tests would inherit
            done = subprocess.run(
                [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"html_theme={theme}", str(src), str(out)],
                capture_output=True, text=True, timeout=600, check=False,
            )  # fmt: skip
            assert done.returncode == 0 and not done.stderr.strip(), done.stderr
            built[theme] = f"{url}/{theme}"
        return built[theme]

    return _site


def _open(chromium: Any, url: str, *, scheme: str = "light", width: int = 1280, **context: Any) -> Any:
    ctx = chromium.new_context(
        viewport={"width": width, "height": 900 if width > 600 else 800},
        is_mobile=width < 600,
        has_touch=width < 600,
        color_scheme=scheme,
        locale=context.pop("locale", "en-GB"),
        **context,
    )
    page = ctx.new_page()
    page.clock.set_fixed_time(CLOCK)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} at {message.location.get('url')}") if message.type == "error" else None
        ),
    )
    page.goto(url)
    page.wait_for_load_state("load")
    page.seminar_errors = errors
    return page


def _extension_errors(page: Any) -> list[str]:
    """Console errors from the extension's script or about its files (not the theme's, not the network)."""
    return [e for e in page.seminar_errors if "sphinx-seminars" in e or "seminar" in e.split(" at ")[0]]


def _background_is_dark(page: Any) -> bool:
    """Whether the content's first opaque background is dark (dark mode really on)."""
    return bool(
        page.evaluate(
            """() => {
                let node = document.querySelector(".seminar-index, .seminar-event");
                for (; node; node = node.parentElement) {
                    const c = getComputedStyle(node).backgroundColor.match(/[\\d.]+/g).map(Number);
                    if (c.length < 4 || c[3] > 0.5) return (c[0] + c[1] + c[2]) / 3 < 100;
                }
                const c = getComputedStyle(document.documentElement).backgroundColor.match(/[\\d.]+/g).map(Number);
                return c.length >= 3 && (c.length < 4 || c[3] > 0) && (c[0] + c[1] + c[2]) / 3 < 100;
            }"""
        )
    )


@pytest.mark.parametrize(("theme", "scheme", "width"), list(_cases()))
def test_pages_fit_and_talk_links_are_reachable(
    chromium: Any, site: Any, shots: Path, theme: str, scheme: str, width: int
) -> None:
    for path in PAGES:
        page = _open(chromium, f"{site(theme)}/{path}", scheme=scheme, width=width)
        try:
            assert _background_is_dark(page) == (scheme == "dark"), f"{theme} is not in {scheme} mode"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path}: the page scrolls sideways by {overflow}px"
            if path == "index.html":
                stray = page.evaluate(
                    """() => [...document.querySelectorAll(".seminar-index .seminar-row a.reference")].filter((a) => {
                        const r = a.getBoundingClientRect();
                        // inside the viewport, or inside its own scroll box's visible part
                        let box = a.parentElement;
                        while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
                        const frame = box ? box.getBoundingClientRect() : {left: 0, right: window.innerWidth};
                        return r.left < Math.max(0, frame.left) - 1 || r.right > Math.min(window.innerWidth, frame.right) + 1;
                    }).map((a) => a.textContent)"""
                )
                assert stray == [], f"talk links out of reach: {stray}"
                assert page.locator(".seminar-index .seminar-row").count() == DEMO_TALKS
                name = f"{theme}-{scheme}-{'phone' if width < 600 else 'desktop'}.png"
                page.screenshot(path=shots / name)
            assert _extension_errors(page) == []
        finally:
            page.context.close()


@pytest.mark.parametrize("theme", list(THEMES))
def test_talk_page_and_index_on_paper(chromium: Any, site: Any, shots: Path, theme: str) -> None:
    """Print: link-only items show their URLs, the index fits the A4 text width, the avatar keeps its disc."""
    page = _open(chromium, f"{site(theme)}/demo/2017-02-10-marsh-ansah-berg.html", width=794)
    try:
        page.emulate_media(media="print")
        after = page.evaluate(
            """() => [...document.querySelectorAll(".seminar-calendar a, .seminar-links a")]
                .map((a) => getComputedStyle(a, "::after").content)"""
        )
        assert after and all(a.startswith('" <') for a in after), after
        adjust = page.evaluate("getComputedStyle(document.querySelector('.seminar-speaker-avatar')).printColorAdjust")
        assert adjust == "exact"
        page.screenshot(path=shots / f"{theme}-print-talk.png")
        page.goto(f"{site(theme)}/index.html")
        page.emulate_media(media="print")
        wide = page.evaluate(
            """() => [...document.querySelectorAll("table.seminar-index-table")]
                .map((t) => Math.round(t.getBoundingClientRect().width - t.closest(".seminar-index").clientWidth))"""
        )
        assert wide and max(wide) <= 1, f"index tables wider than the printed column: {wide}"
    finally:
        page.context.close()


#: the printed talk's link-only items and the URLs printed after them (its event file's join_link and
#: slides, and its calendar file, linked relative to the page)
PRINTED_LINKS = {
    "Join link": "https://zoom.example.org/j/170210130",
    "Slides": "https://example.org/fenwick/2017-02-10/slides.pdf",
    "Add to calendar (.ics)": "2017-02-10-marsh-ansah-berg.ics",
}
#: by the browser's clock, the past talks (every demo talk but the two of 2027), as their event files title them
PAST_TITLES = {
    "Counting Without Looking: Sketches for Streaming Histograms",
    "Estimating Crowds from Turnstile Counts",
    "Random Walks on Timetables",
    "Winter School on Monte Carlo Methods",
    "Queues That Forget: Renewal Processes with Short Memories",
    "Two Views of One Posterior",
    "Workshop on Sequential Monte Carlo",
    "Counting Photons: an Evening at the Observatory",
    "Summer School on Stochastic Processes",
}


def _pdf_text(page: Any, path: Path) -> str:
    """The page printed by Chromium on A4 (kept at *path*), as pypdf reads its text back, without whitespace."""
    from pypdf import PdfReader

    page.pdf(path=str(path), format="A4", print_background=True)
    text = "".join(sheet.extract_text() for sheet in PdfReader(path).pages)
    return "".join(unicodedata.normalize("NFKC", text).split())  # "ﬁ" (a ligature of the font) is "fi"


def _links_printed(page: Any, selector: str, text: str) -> list[str]:
    """The links matching *selector* whose label is not followed by their URL in *text* (see _pdf_text)."""
    links = page.eval_on_selector_all(selector, "as => as.map((a) => [a.textContent, a.getAttribute('href')])")
    assert links, selector
    return [f"{label} <{url}>" for label, url in links if "".join(f"{label}<{url}>".split()) not in text]


@pytest.mark.parametrize("theme", ["alabaster", "sphinx_rtd_theme", "furo"])
def test_a4_pdf_prints_link_urls_and_every_past_talk(chromium: Any, site: Any, shots: Path, theme: str) -> None:
    """Real A4 PDFs (kept beside the screenshots): the URLs of link-only items follow them, and the
    index's Talk column is not cut off (every past talk's title is in the text)."""
    page = _open(chromium, f"{site(theme)}/demo/2017-02-10-marsh-ansah-berg.html", width=794)
    try:
        text = _pdf_text(page, shots / f"{theme}-talk.pdf")
        for label, url in PRINTED_LINKS.items():
            assert "".join(f"{label}<{url}>".split()) in text, label
        # and the others (a video, the calendar services'), whole
        assert _links_printed(page, ".seminar-join a, .seminar-links a, .seminar-calendar a", text) == []
        page.goto(f"{site(theme)}/index.html")
        page.wait_for_load_state("load")
        past = page.eval_on_selector_all(".seminar-past .seminar-row a.reference", "as => as.map((a) => a.textContent)")
        assert set(past) == PAST_TITLES  # the script has moved them (the site was built in 2016)
        text = _pdf_text(page, shots / f"{theme}-index.pdf")
        cut = [title for title in sorted(PAST_TITLES) if "".join(title.split()) not in text]
        assert cut == [], f"past talks whose titles are not in the printed index: {cut}"
        assert _links_printed(page, ".seminar-subscribe a", text) == []
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("theme", "scheme"), [(t, s) for t, dark in THEMES.items() for s in ("light", "dark")[: 1 + dark]]
)
def test_axe_finds_nothing_serious_in_the_extensions_markup(chromium: Any, site: Any, theme: str, scheme: str) -> None:
    found = []
    for path in PAGES:
        page = _open(chromium, f"{site(theme)}/{path}", scheme=scheme)
        try:
            for violation in browser.axe_violations(page, [".seminar-index", ".seminar-event"]):
                owned = THEME_OWNED.get((theme, violation["id"]))
                for node in violation["nodes"]:
                    target = node["target"][0]
                    if owned and page.locator(target).first.evaluate("(e, s) => e.matches(s)", owned[0]):
                        continue
                    found.append(f"{path}: {violation['id']} {target}: {node['failureSummary']}")
        finally:
            page.context.close()
    assert found == []


def _split(page: Any) -> tuple[list[str], list[str]]:
    """The talks' start dates (ISO) in the upcoming and the past part, in page order."""
    return tuple(  # type: ignore[return-value]
        page.eval_on_selector_all(
            f".seminar-{part} time[data-seminar-start]", "ts => ts.map((t) => t.dateTime.slice(0, 10))"
        )
        for part in ("upcoming", "past")
    )


@pytest.mark.parametrize("theme", list(THEMES))
def test_page_script_moves_ended_talks_to_past(chromium: Any, site: Any, theme: str) -> None:
    page = _open(chromium, f"{site(theme)}/index.html")
    try:
        upcoming, past = _split(page)
        # built as of 2016-01-01: every talk was upcoming; by the browser's clock (December 2026)
        # only the two 2027 talks are, and the nine others are past, newest first
        assert upcoming == ["2027-03-12", "2027-05-07"]
        assert past == [
            "2017-06-19", "2017-03-25", "2017-02-24", "2017-02-10", "2017-01-20", "2017-01-09", "2016-11-04",
            "2016-11-03", "2016-10-28",
        ]  # fmt: skip
        assert page.locator(".seminar-past .seminar-empty").count() == 0
        assert (
            page.locator(".seminar-past h2, .seminar-past h1, .seminar-past h3")
            .first.inner_text()
            .startswith("Past talks")
        )
    finally:
        page.context.close()


#: zone -> the hint beside each talk's time (talk start -> hint), worked out by hand:
#: 2027-03-12 13:00 GMT is 08:00 EST (the US changes clocks on 14 March 2027) and 02:00 NZDT on
#: Saturday 13 March; 2016-11-03 12:00 EDT (Achterberg's talk, New York) is 16:00 GMT and
#: Friday 05:00 in Auckland (NZDT, +13); all-day talks get no hint.
YOUR_TIME = {
    "America/New_York": {"2027-03-12": "(8:00 AM your time)", "2016-11-03": None, "2017-01-09": None},
    "Pacific/Auckland": {
        "2027-03-12": "(Sat, Mar 13, 2:00 AM your time)",
        "2016-11-03": "(Fri, Nov 4, 5:00 AM your time)",
        "2017-01-09": None,
    },
}


@pytest.mark.parametrize("zone", list(YOUR_TIME))
def test_your_time_hint_gives_the_day_and_time_in_the_browsers_zone(chromium: Any, site: Any, zone: str) -> None:
    page = _open(chromium, f"{site('furo')}/index.html", timezone_id=zone, locale="en-US")
    try:
        hints = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll(".seminar-row")].map((row) => {
                const hint = row.querySelector(".seminar-local-time");
                return [row.querySelector("time").dateTime.slice(0, 10), hint && hint.textContent.trim()];
            }))"""
        )
        for day, expected in YOUR_TIME[zone].items():
            assert hints[day] == expected, day
        # beside the time, not the date
        assert page.locator("td:first-child .seminar-local-time").count() == 0
    finally:
        page.context.close()
