"""Read the Docs: READTHEDOCS_CANONICAL_URL as the base URL, UIDs the same for every version,
one stable feed for every version, and a warning when the UIDs' domain changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import content_area, warnings_of

RTD = "https://links.readthedocs.io/en/{}/"


def _rtd_build(build: Any, monkeypatch: pytest.MonkeyPatch, version: str, **overrides: Any) -> Any:
    monkeypatch.setenv("READTHEDOCS", "True")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", RTD.format(version))
    return build("links", confoverrides={"html_baseurl": "", **overrides})


def _property(path: Path, name: str) -> list[str]:
    lines = path.read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")
    return [line.split(":", 1)[1] for line in lines if line.split(":", 1)[0].split(";")[0] == name]


def _subscribe(app: Any) -> dict[str, str]:
    box = content_area(Path(app.outdir) / "index.html").select_one(".seminar-subscribe")
    return {a.get_text(): a["href"] for a in box.select("a")}


def test_each_version_absolute_urls_and_the_same_uids(build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    uids = {}
    for version in ("latest", "stable"):
        app = _rtd_build(build, monkeypatch, version)
        base = RTD.format(version)
        out = Path(app.outdir)
        assert _property(out / "talks" / "2025-07-04-joint.ics", "URL") == [
            f"{base}talks/joint.html#seminar-2025-07-04-joint"
        ]
        assert _property(out / "seminars.ics", "SOURCE") == [f"{base}seminars.ics"]
        assert _property(out / "talks" / "2025-07-04-joint.ics", "IMAGE") == [f"{base}_images/poster.png"]
        assert _subscribe(app)["Calendar app (webcal)"] == f"webcal://links.readthedocs.io/en/{version}/seminars.ics"
        google = content_area(out / "talks" / "joint.html").select_one("a.seminar-add-to-google-calendar")["href"]
        details = parse_qs(urlsplit(google).query)["details"][0]
        assert f"Details: {base}talks/joint.html#seminar-2025-07-04-joint" in details.splitlines()
        uids[version] = _property(out / "seminars.ics", "UID")
        assert [w for w in warnings_of(app) if "[seminars" in w] == []  # (a second app re-registers nodes)
    assert uids["latest"] == uids["stable"]
    assert "2025-07-04-joint@links.readthedocs.io" in uids["latest"]
    assert "seminars@links.readthedocs.io" in uids["latest"]  # the feed's own UID


def test_one_stable_feed_for_every_version(build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    stable = RTD.format("stable")
    app = _rtd_build(build, monkeypatch, "latest", seminars_feed_baseurl=stable)
    assert _subscribe(app)["Feed URL"] == f"{stable}seminars.ics"
    assert _subscribe(app)["Calendar app (webcal)"] == "webcal://links.readthedocs.io/en/stable/seminars.ics"
    assert _property(Path(app.outdir) / "seminars.ics", "SOURCE") == [f"{stable}seminars.ics"]
    # the pages themselves are this version's
    assert _property(Path(app.outdir) / "seminars.ics", "URL")[1:] != []
    assert all(url.startswith(RTD.format("latest")) for url in _property(Path(app.outdir) / "seminars.ics", "URL")[1:])


def test_a_new_uid_domain_warns_and_pinning_keeps_it(build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _rtd_build(build, monkeypatch, "latest")
    srcdir = Path(first.srcdir)
    custom = "https://talks.example.com/"  # the project moves to its own domain
    pinned = build(
        "links", srcdir=srcdir, confoverrides={"html_baseurl": custom, "seminars_uid_domain": "links.readthedocs.io"}
    )
    assert [w for w in warnings_of(pinned) if "seminars.uid" in w] == []
    assert "2025-07-04-joint@links.readthedocs.io" in _property(Path(pinned.outdir) / "seminars.ics", "UID")
    moved = build("links", srcdir=srcdir, confoverrides={"html_baseurl": custom})
    warnings = [w for w in warnings_of(moved) if "seminars.uid" in w]
    assert len(warnings) == 1
    assert "'@talks.example.com', not '@links.readthedocs.io'" in warnings[0]
    assert "seminars_uid_domain = 'links.readthedocs.io'" in warnings[0]


def test_not_a_url_is_ignored(build: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "not a url")
    app = build("links", confoverrides={"html_baseurl": ""})
    assert list(_subscribe(app)) == ["Download (.ics)"]
