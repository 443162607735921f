"""Labels through the package's message catalog, dates with Babel, for Sphinx's ``language``."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

import sphinx_seminars
from conftest import content_area
from sphinx_seminars import indexes
from sphinx_seminars.core.calendar_links import subscribe_links
from sphinx_seminars.core.model import TO_BE_ANNOUNCED, Link, Status

PACKAGE = Path(sphinx_seminars.__file__).parent
LANGUAGES = ("de", "fr", "es", "it", "pt_BR", "zh_CN", "ja")


def _messages() -> set[str]:
    """Every label the extension translates: each _("...") in the package and the labels it passes to _()."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and node.args):
                continue
            if isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    found |= {s.label for s in Status if s.label} | {TO_BE_ANNOUNCED}
    found |= {Link(kind, "").label for kind in ("slides", "video")}
    found |= set(indexes._HEADINGS.values()) | set(indexes._EMPTY.values())
    found |= {label for label, _ in subscribe_links("https://x.example/f.ics", "")} | {"Download (.ics)"}
    found |= {"Date", "Time", "Speakers", "Talk", "Location"}  # the index table's columns
    return found - {"Google Calendar", "Outlook.com", "Microsoft 365"}  # names, not translated


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete(language: str) -> None:
    po = PACKAGE / "locale" / language / "LC_MESSAGES" / "sphinx-seminars.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    translated = {message.id: message.string for message in catalog if message.id}
    missing = sorted(m for m in _messages() if not translated.get(m))
    assert missing == []
    with po.with_suffix(".mo").open("rb") as stream:  # shipped compiled beside it, and not stale
        compiled = gettext.GNUTranslations(stream)
    assert {m: compiled.gettext(m) for m in translated} == translated


TALK = "talks/joint.html"


def _page(app: Any, page: str) -> str:
    return content_area(Path(app.outdir) / page).get_text(" ", strip=True)


@pytest.mark.parametrize(
    "language,when,labels,index",
    [
        ("de", "Freitag, 4. Juli 2025, 16:00–17:30 BST", ["Wann", "Wo", "Teilnahmelink", "Zusammenfassung"],
         ["Kommende Vorträge", "Fr., 4. Juli 2025", "ganztägig"]),
        ("fr", "vendredi 4 juillet 2025, 16:00–17:30 BST", ["Quand", "Où", "Lien pour rejoindre", "Résumé"],
         ["Exposés à venir", "ven. 4 juil. 2025", "toute la journée"]),
        ("ja", "2025年7月4日金曜日, 16:00–17:30 BST", ["日時", "場所", "参加リンク", "概要"],
         ["今後の講演", "2025年7月4日(金)", "終日"]),
    ],
)  # fmt: skip
def test_labels_and_dates_follow_the_language(
    build: Any, language: str, when: str, labels: list[str], index: list[str]
) -> None:
    app = build("links", confoverrides={"language": language})
    page = content_area(Path(app.outdir) / TALK)
    assert page.select_one(".seminar-when time").get_text() == when
    fields = [name.get_text() for name in page.select(".seminar-schedule .field-name, .seminar-schedule dt")]
    text = _page(app, TALK)
    for label in labels:
        assert label in text or label in " ".join(fields), label
    assert "When" not in fields and "Abstract" not in text
    listing = _page(app, "index.html")
    for label in index:
        assert label in listing, label
    assert _page(app, "talks/cancelled.html").count(dict(de="Abgesagt", fr="Annulé", ja="中止")[language]) >= 1


def test_english_is_unchanged(build: Any) -> None:
    app = build("links")
    assert content_area(Path(app.outdir) / TALK).select_one(".seminar-when time").get_text() == (
        "Friday 4 July 2025, 16:00–17:30 BST"
    )
    assert "Upcoming talks" in _page(app, "index.html")


def test_project_locale_dirs_override_a_label(build: Any, tmp_path: Path) -> None:
    app = build("links", confoverrides={"language": "de"})  # a copy to add the project's catalog to
    srcdir = Path(app.srcdir)
    folder = srcdir / "locales" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="de", domain="sphinx-seminars")
    catalog.add("When", "Termin")
    with (folder / "sphinx-seminars.mo").open("wb") as stream:
        write_mo(stream, catalog)
    again = build("links", srcdir=srcdir, confoverrides={"language": "de", "locale_dirs": ["locales"]}, freshenv=True)
    text = _page(again, TALK)
    assert "Termin" in text and "Wann" not in text
    assert "Wo" in text  # the rest from the package's catalog


def _words_of_output(outdir: Path, builder: str) -> str:
    """Every word the builder wrote, as one string (markup taken out the simple way each format allows)."""
    if builder == "text":
        return " ".join(p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*.txt")))
    if builder == "man":
        (page,) = outdir.glob("*.1")
        troff = re.sub(r"\\X'[^']*'|\\f[BIPR]|\\%|\\:|\\&", "", page.read_text(encoding="utf-8"))
        return troff.replace("\\-", "-").replace("\\(em", "—").replace("\\(en", "–")
    pages = sorted(outdir.rglob("*.html")) + sorted(outdir.rglob("*.xhtml"))
    return " ".join(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text(" ") for p in pages)


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "text", "man"])
def test_other_builders_speak_the_language(build: Any, builder: str) -> None:
    """The German labels and dates of the HTML pages (above) in every other output a site may publish."""
    app = build("links", builder, confoverrides={"language": "de"})
    # casefolded: the man writer puts top-level headings in capitals ("KOMMENDE VORTRÄGE")
    words = " ".join(_words_of_output(Path(app.outdir), builder).split()).casefold()
    for expected in ("Freitag, 4. Juli 2025, 16:00–17:30 BST", "Wann", "Zusammenfassung", "Kommende Vorträge"):
        assert expected.casefold() in words, (builder, expected)
    for english in ("Friday 4 July", "Upcoming talks", "Abstract"):
        assert english.casefold() not in words, (builder, english)
