"""What a German, French or Japanese site writes besides its pages' labels: the calendar files' words and
feed names, the index's month headings, the script's strings and the timetable (issue 12).

Expected words come from the package's catalogs (locale/<lang>/LC_MESSAGES/sphinx-seminars.po) and dates
from the locale's own conventions (German "Juli 2025", French "juillet 2025", Japanese "2025年7月"; the
Japanese short clock writes 9:00, not 09:00). Calendars are read with parsers other than icalendar.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, build_copy, content_area
from support.ical_parsers import require_or_skip

PARSERS = ("icaljs", "libical", "ical", "vobject")
PAGE = "https://links.example.org/site/talks"

#: per language: Speaker, Speakers, Join online, Slides, Video, Details, Cancelled, To be announced,
#: the all-talks feed's name, the series feed's description
WORDS = {
    "de": ("Vortragende Person", "Vortragende", "Online teilnehmen", "Folien", "Video", "Einzelheiten", "Abgesagt",
           "Wird noch bekannt gegeben", "Seminare von Links", "Vorträge in Friday Seminar, von Links"),
    "fr": ("Orateur", "Orateurs", "Rejoindre en ligne", "Diapositives", "Vidéo", "Détails", "Annulé", "À annoncer",
           "Séminaires de Links", "Exposés de Friday Seminar, par Links"),
    "ja": ("講演者", "講演者", "オンライン参加", "スライド", "動画", "詳細", "中止", "未定", "Links セミナー",
           "Friday Seminarの講演（Links）"),
}  # fmt: skip

#: the links site's talks by month: March (past), then July, August and September 2025
MONTHS = {
    "de": ["Juli 2025", "August 2025", "September 2025", "März 2025"],
    "fr": ["juillet 2025", "août 2025", "septembre 2025", "mars 2025"],
    "ja": ["2025年7月", "2025年8月", "2025年9月", "2025年3月"],
}
MONTHS_PAGE = """Months
======

.. seminar-index::
   :group-by: month
   :no-subscribe:
"""


@pytest.fixture(scope="module", params=list(WORDS))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The links site in the language, with a page listing its talks by month."""
    language = request.param
    srcdir = tmp_path_factory.mktemp(f"links-{language}") / "src"
    shutil.copytree(ROOTS / "test-links", srcdir)
    (srcdir / "months.rst").write_text(MONTHS_PAGE, encoding="utf-8")
    with (srcdir / "index.rst").open("a", encoding="utf-8") as index:
        index.write("\n.. toctree::\n\n   months\n")
    app = build_copy("links", srcdir, confoverrides={"language": language})
    return language, Path(app.outdir)


@pytest.mark.parametrize("parser_name", PARSERS)
def test_talk_calendar_words_follow_the_language(site: tuple[str, Path], parser_name: str) -> None:
    parse = require_or_skip(parser_name)
    language, outdir = site
    speaker, speakers, join, slides, video, details, cancelled, tba, _feed, _description = WORDS[language]
    (joint,) = parse(outdir / "talks" / "2025-07-04-joint.ics")
    assert joint.summary == "Sketches & Streams: Counting at Scale"  # the talk's own words stay as written
    assert (joint.description or "").split("\n") == [
        f"{speakers}: Ada Lovelace (Analytical Engines Ltd); Charles Babbage",
        "",
        "We count things in streams. The sketches are small and the bounds are tight.",
        "A third sentence follows here.",
        "",
        f"{join}: https://meet.example.org/j/42?pwd=a+b&lang=en",
        f"{slides}: https://example.org/slides.pdf",
        f"{video}: https://video.example.org/42",
        f"{details}: {PAGE}/joint.html#seminar-2025-07-04-joint",
    ]
    (off,) = parse(outdir / "talks" / "2025-08-01-cancelled.ics")
    assert off.summary == f"{cancelled}: A Talk That Is Off"
    assert (off.description or "").startswith(f"{speaker}: Nobody Now\n")
    (hostile,) = parse(outdir / "talks" / "2025-09-05-hostile.ics")
    assert hostile.location == tba
    # the feed with every talk says the same
    feed = {event.uid.split("@")[0]: event for event in parse(outdir / "seminars.ics")}
    assert feed["2025-08-01-cancelled"].summary == f"{cancelled}: A Talk That Is Off"
    assert feed["2025-07-04-joint"].description == joint.description


def test_feed_names_follow_the_language(site: tuple[str, Path]) -> None:
    """The all-talks feed's name is the extension's words; a series feed keeps the series' title as written."""
    require_or_skip("vobject")
    import vobject

    language, outdir = site
    *_, name, description = WORDS[language]
    everything = vobject.readOne((outdir / "seminars.ics").read_text(encoding="utf-8"))
    assert everything.x_wr_calname.value == name
    assert everything.contents["name"][0].value == name
    series = vobject.readOne((outdir / "seminars-friday-seminar.ics").read_text(encoding="utf-8"))
    assert series.x_wr_calname.value == "Friday Seminar"
    assert series.contents["description"][0].value == description  # RFC 7986 (X-WR-CALDESC says the same)


def test_month_headings_follow_the_language(site: tuple[str, Path]) -> None:
    language, outdir = site
    page = content_area(outdir / "months.html")
    assert [label.get_text() for label in page.select(".seminar-group-label")] == MONTHS[language]


def test_the_script_gets_its_words_from_the_page(site: tuple[str, Path]) -> None:
    language, outdir = site
    notes = {
        "de": {"past": "Keine vergangenen Vorträge.", "upcoming": "Keine kommenden Vorträge."},
        "fr": {"past": "Aucun exposé passé.", "upcoming": "Aucun exposé à venir."},
        "ja": {"past": "過去の講演はありません。", "upcoming": "今後の講演はありません。"},
    }[language]
    your_time = {"de": "{time} Ihre Zeit", "fr": "{time} chez vous", "ja": "お住まいの地域で {time}"}[language]
    index = content_area(outdir / "index.html")
    blobs = index.select("script.seminar-labels")
    assert len(blobs) == 2  # one per index of the page
    assert all(json.loads(blob.get_text()) == notes for blob in blobs)
    times = index.select("time[data-seminar-start]") + content_area(outdir / "talks" / "joint.html").select("time")
    assert times and {time["data-seminar-your-time"] for time in times} == {your_time}


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_the_script_writes_your_time_in_the_language(site: tuple[str, Path]) -> None:
    """The script run on the talk page's <time>: 16:00 BST is 00:00 on Saturday in Tokyo (dates in en-GB)."""
    language, outdir = site
    time = content_area(outdir / "talks" / "joint.html").select_one(".seminar-when time")
    probe = Path(__file__).parent / "js" / "local-time.mjs"
    result = subprocess.run(
        ["node", str(probe), json.dumps([dict(time.attrs)])],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "Asia/Tokyo"},
    )
    expected = {
        "de": "Sat 5 Jul, 00:00 Ihre Zeit",
        "fr": "Sat 5 Jul, 00:00 chez vous",
        "ja": "お住まいの地域で Sat 5 Jul, 00:00",
    }
    assert json.loads(result.stdout) == [f" ({expected[language]})"]


def test_english_sites_keep_their_words(build: Any) -> None:
    """No language: the calendars' English, and the script's defaults spelled out in the page."""
    parse = require_or_skip("ical")
    app = build("links")
    outdir = Path(app.outdir)
    (joint,) = parse(outdir / "talks" / "2025-07-04-joint.ics")
    lines = (joint.description or "").split("\n")
    assert lines[0].startswith("Speakers: ") and lines[-1].startswith("Details: ")
    assert "Join online: https://meet.example.org/j/42?pwd=a+b&lang=en" in lines
    index = content_area(outdir / "index.html")
    assert json.loads(index.select_one("script.seminar-labels").get_text()) == {
        "past": "No past talks.",
        "upcoming": "No upcoming talks.",
    }
    assert index.select_one("time[data-seminar-start]")["data-seminar-your-time"] == "{time} your time"


#: per language: Programme, Talks, Time, When, Cancelled, About, Speaker, Details, the keynote's times
TIMETABLE = {
    "de": ("Programm", "Vorträge", "Uhrzeit", "Wann", "Abgesagt", "Über Charles Babbage", "Vortragende Person",
           "Einzelheiten", "09:00–10:00 BST"),
    "fr": ("Au programme", "Exposés", "Heure", "Quand", "Annulé", "À propos de Charles Babbage", "Orateur",
           "Détails", "09:00–10:00 BST"),
    "ja": ("プログラム", "講演", "時刻", "日時", "中止", "Charles Babbageについて", "講演者", "詳細",
           "9:00–10:00 BST"),
}  # fmt: skip


@pytest.mark.parametrize("language", list(TIMETABLE))
def test_timetable_follows_the_language(build: Any, language: str) -> None:
    programme, talks, time, when, cancelled, about, speaker, details, keynote = TIMETABLE[language]
    app = build("timetable", confoverrides={"language": language})
    page = content_area(Path(app.outdir) / "workshop.html")
    headings = [rubric.get_text() for rubric in page.select(".seminar-timetable > .rubric, .seminar-entries > .rubric")]
    assert headings == [programme, talks]
    assert [th.get_text() for th in page.select(".seminar-timetable-table thead th")] == [time, "Room 1", "Room 2"]
    assert page.select_one(".seminar-timetable-table .seminar-cancelled-label").get_text() == f"{cancelled}: "
    keynote_box = page.select_one("#seminar-workshop-day--keynote")
    fields = {
        field.get_text().strip().removesuffix(":"): field.find_next_sibling().get_text().strip()
        for field in keynote_box.select(".seminar-schedule .field-name, .seminar-schedule dt")
    }
    assert fields[when] == keynote  # the talk's span in the locale's clock
    assert about in [rubric.get_text() for rubric in page.select(".seminar-bio .rubric")]
    # and its calendar: each talk of the day with the language's words
    parse = require_or_skip("ical")
    events = {event.uid.split("@")[0]: event for event in parse(Path(app.outdir) / "workshop-day.ics")}
    assert events["workshop-day--tables-of-logarithms"].summary == f"{cancelled}: Tables of logarithms"
    assert (events["workshop-day--keynote"].description or "").split("\n") == [
        f"{speaker}: Ada Lovelace (Analytical Engines Ltd)",
        "",
        "Notes on the engine.",
        "",
        f"{details}: https://timetables.example.org/workshop.html#seminar-workshop-day--keynote",
    ]
