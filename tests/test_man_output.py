"""Man pages and text: the talk's calendar and the index's feed printed as URLs, speaker cards on lines of their own.

The links site's pages are in ``talks/`` and its base URL is ``https://links.example.org/site/``: the HTML
build writes each talk's calendar beside its page (``talks/<event-id>.ics``) and the feeds at the root.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

BASE = "https://links.example.org/site"
JOINT_ICS = f"{BASE}/talks/2025-07-04-joint.ics"


def _man_lines(app: Any) -> list[str]:
    """The troff source of the man page, with its escapes for fonts, hyphenation, URL breaks and
    terminal hyperlinks (whose target a reader does not see) taken out."""
    (page,) = Path(app.outdir).glob("*.1")
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"\\X'[^']*'", "", text)
    text = re.sub(r"\\f[BIPR]|\\%|\\:", "", text)
    return text.replace("\\-", "-").splitlines()


def _printed(line: str) -> str:
    """A line as read: Sphinx 9's writer puts a link's URL in <...>, Sphinx 8's shows the URL we make the text."""
    return line.replace("<", "").replace(">", "")


def test_man_page_prints_the_calendar_and_feed_urls(build: Any) -> None:
    lines = [_printed(line) for line in _man_lines(build("links", "man"))]
    assert f"Add to calendar (.ics) {JOINT_ICS}" in lines
    assert f"Subscribe: Feed URL {BASE}/seminars.ics" in lines
    assert f"Subscribe: Feed URL {BASE}/seminars-friday-seminar.ics" in lines
    assert "Join link https://meet.example.org/j/42?pwd=a+b&lang=en" in lines
    assert not [line for line in lines if "calendar.google.com" in line]  # only the feed's own URL


def test_man_page_speakers_do_not_run_together(build: Any) -> None:
    """troff joins a line to the one before unless a request (.sp, a heading) parts them: every name and
    affiliation must follow one, and the decorative initials are left out."""
    lines = _man_lines(build("links", "man"))
    for text in ("Ada Lovelace", "Analytical Engines Ltd", "Charles Babbage", "Hiro Tanaka"):
        at = lines.index(text)
        assert lines[at - 1] == ".sp" or lines[at - 1].startswith(".SH "), (text, lines[at - 2 : at + 1])
    assert not {"AL", "CB", "HT"} & set(lines)


def test_text_prints_the_calendar_and_feed_urls(build: Any) -> None:
    outdir = Path(build("links", "text").outdir)
    source = (outdir / "talks" / "joint.txt").read_text(encoding="utf-8")
    assert f"Add to calendar (.ics) <{JOINT_ICS}>" in " ".join(source.split())
    paragraphs = [" ".join(block.split()) for block in source.split("\n\n")]
    for card in ("AL", "**Ada Lovelace**", "Analytical Engines Ltd", "CB", "**Charles Babbage**"):
        assert card in paragraphs  # each a paragraph of its own
    index = " ".join((outdir / "index.txt").read_text(encoding="utf-8").split())
    assert f"**Subscribe: **Feed URL <{BASE}/seminars.ics>" in index


def test_without_a_base_url_there_is_no_calendar_to_print(build: Any) -> None:
    lines = _man_lines(build("links", "man", confoverrides={"html_baseurl": ""}))
    assert not [line for line in lines if ".ics" in line or "Subscribe" in line]
    assert "Join link https://meet.example.org/j/42?pwd=a+b&lang=en" in [_printed(line) for line in lines]
