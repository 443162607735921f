"""The pure core (no Sphinx): loading, times, rich text and calendar writing."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docutils import nodes

from sphinx_seminars.core import richtext
from sphinx_seminars.core.loading import LoadSettings, load_event, slugify
from sphinx_seminars.core.model import Markup, RichText

LONDON = LoadSettings(default_timezone="Europe/London")
#: every module of the core subpackage (a new one is checked without being listed here)
CORE_MODULES = sorted(p.stem for p in (Path(__file__).parents[1] / "sphinx_seminars" / "core").glob("[!_]*.py"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import_without_sphinx(module: str) -> subprocess.CompletedProcess[str]:
    """Import ``sphinx_seminars.<module>`` in a fresh interpreter where ``import sphinx`` fails."""
    code = f"import sys; sys.modules['sphinx'] = None; import sphinx_seminars.{module}"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_modules_do_not_import_sphinx(module: str) -> None:
    assert len(CORE_MODULES) >= 12  # the glob found the subpackage
    """Follows every import, relative ones and those of the modules imported, as Python does."""
    result = _import_without_sphinx(f"core.{module}")
    assert result.returncode == 0, result.stderr


def test_the_purity_check_notices_a_sphinx_import() -> None:
    result = _import_without_sphinx("domain")  # the Sphinx layer, for contrast
    assert result.returncode != 0
    assert "ModuleNotFoundError" in result.stderr and "sphinx" in result.stderr.splitlines()[-1]


def test_seed_style_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "2016-10-14-Núñez.md",
        "---\nlayout: x\nposted_date: 2020-03-01\nevent_start_time: 2016-10-14 13:00\n"
        "event_end_time: 2016-10-14 14:00\nspeaker: Ana Núñez\naffiliation: Lab\n"
        "title: Counting&#58; A Tour\nsummary: <p>Hello&#58; world</p>\nold_url: http://old/1\n---\n",
    )
    loaded = load_event(path, LONDON)
    event = loaded.event
    assert loaded.problems == []
    assert event is not None
    assert event.id == "2016-10-14-nunez"
    assert event.title == "Counting: A Tour"
    assert event.start == datetime(2016, 10, 14, 12, 0, tzinfo=UTC)
    assert event.end - event.start == timedelta(hours=1)
    assert event.timezone == "Europe/London"
    assert event.speakers[0].name == "Ana Núñez"
    assert event.abstract is not None and event.abstract.markup is Markup.HTML
    assert dict(event.legacy)["old_url"] == "http://old/1"


def test_iso_times_with_offsets_keep_the_instant(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.md", "---\ntitle: T\nstart: 2024-05-01T16:00:00+02:00\nend: 2024-05-01T17:30Z\n---\n")
    event = load_event(path, LONDON).event
    assert event is not None
    assert event.start.astimezone(UTC) == datetime(2024, 5, 1, 14, 0, tzinfo=UTC)
    assert event.end.astimezone(UTC) == datetime(2024, 5, 1, 17, 30, tzinfo=UTC)


def test_unquoted_yaml_clock_time_is_not_sexagesimal(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.md", "---\ntitle: T\nstart: 2024-05-01 16:00\nend: 16:45\n---\n")
    event = load_event(path, LONDON).event
    assert event is not None
    assert event.end - event.start == timedelta(minutes=45)


def test_default_duration_and_zone_from_settings(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.yaml", "title: T\nstart: 2024-01-10 09:00\n")
    settings = LoadSettings(default_timezone="Asia/Tokyo", default_duration=timedelta(minutes=90))
    event = load_event(path, settings).event
    assert event is not None
    assert event.start.astimezone(UTC) == datetime(2024, 1, 10, 0, 0, tzinfo=UTC)
    assert event.end - event.start == timedelta(minutes=90)


def test_all_day_event_from_a_date(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.md", "---\ntitle: Workshop\nstart: 2024-06-03\nend: 2024-06-04\n---\n")
    event = load_event(path, LONDON).event
    assert event is not None and event.all_day
    assert (event.start.date().isoformat(), event.end.date().isoformat()) == ("2024-06-03", "2024-06-05")


def test_id_never_depends_on_time(tmp_path: Path) -> None:
    first = _write(tmp_path, "talk.md", "---\nid: My Talk!\ntitle: T\nstart: 2024-05-01 16:00\n---\n")
    second = _write(tmp_path, "talk2.md", "---\nid: My Talk!\ntitle: T\nstart: 2025-05-01 16:00\n---\n")
    events = [load_event(p, LONDON).event for p in (first, second)]
    assert [e.id for e in events if e] == ["my-talk", "my-talk"]
    assert slugify("Hernández-Lobato") == "hernandez-lobato"


def test_updated_key_sets_the_calendar_stamp(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.md", "---\ntitle: T\nstart: 2024-05-01 16:00\nupdated: 2024-04-01 10:00\n---\n")
    event = load_event(path, LONDON).event
    assert event is not None
    assert event.updated == datetime(2024, 4, 1, 10, 0, tzinfo=UTC)


def test_html_abstract_to_nodes_is_sanitised_and_structured() -> None:
    text = RichText(
        "<p>Abstract&#58;<br/>Line one<br/>Line <b>two</b> $x^2$</p><script>alert(1)</script>"
        '<ul><li>a</li><li><a href="javascript:evil()">b</a></li></ul><p onclick="x">&lt;i&gt;</p>',
        Markup.HTML,
    )
    result = richtext.to_nodes(text)
    assert [type(n).__name__ for n in result] == ["line_block", "bullet_list", "paragraph"]
    lines = [line.astext() for line in result[0].findall(nodes.line)]
    assert lines == ["Line one", "Line two x^2"]
    assert next(result[0].findall(nodes.math)).astext() == "x^2"
    assert not list(result[1].findall(nodes.reference))  # the javascript: link lost its target
    assert result[2].astext() == "<i>"  # an escaped tag stays visible text
    assert "alert" not in "".join(n.astext() for n in result)


def test_dollar_amounts_are_not_math() -> None:
    (paragraph,) = richtext.to_nodes(RichText("<p>It costs $5 and $10.</p>", Markup.HTML))
    assert not list(paragraph.findall(nodes.math))


def test_plain_text_keeps_paragraphs_and_links() -> None:
    text = RichText('<p>One&#58; <a href="https://x.org/p">paper</a></p><p>Two<br/>three</p>', Markup.HTML)
    assert richtext.to_plain_text(text) == "One: paper (https://x.org/p)\n\nTwo\nthree"


def test_speaker_list_in_the_single_key_gives_one_card_each(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.md", "---\ntitle: T\nstart: 2024-05-01 16:00\nspeaker: [Ann One, Bob Two]\n---\n")
    event = load_event(path, LONDON).event
    assert event is not None
    assert [(s.name, s.initials) for s in event.speakers] == [("Ann One", "AO"), ("Bob Two", "BT")]


def test_single_speaker_keys_beside_a_list_are_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "x.md",
        "---\ntitle: T\nstart: 2024-05-01 16:00\nspeakers: [Solo Person]\nspeaker_image: nope.png\n---\n",
    )
    loaded = load_event(path, LONDON)
    assert [(p.line, p.subtype, p.message) for p in loaded.problems] == [
        (
            5,
            "missing-field",
            "'speaker_image' belongs to a single 'speaker'; ignored (put it inside the entry of 'speakers')",
        )
    ]


def test_free_link_labels_are_kept_as_written(tmp_path: Path) -> None:
    from sphinx_seminars.render import schedule_nodes

    path = _write(
        tmp_path,
        "x.md",
        "---\ntitle: T\nstart: 2024-05-01 16:00\nslides: https://x.org/s\nlinks: {arXiv preprint: https://arxiv.org/abs/1}\n---\n",
    )
    event = load_event(path, LONDON).event
    assert event is not None
    labels = [ref.astext() for ref in schedule_nodes(event).findall(nodes.reference)]
    assert labels == ["Slides", "arXiv preprint"]


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2024-05-01 16:00 +02:00", datetime(2024, 5, 1, 14, 0, tzinfo=UTC)),
        ("2024-05-01 16:00 -0530", datetime(2024, 5, 1, 21, 30, tzinfo=UTC)),  # no colon, half hours, west
        ("2024-05-01 16:00 +00:45", datetime(2024, 5, 1, 15, 15, tzinfo=UTC)),  # minutes alone
        ("2024-05-01 16:00 z", datetime(2024, 5, 1, 16, 0, tzinfo=UTC)),
    ],
)
def test_offsets_written_in_a_string_keep_the_instant(written: str, utc: datetime) -> None:
    """Quoted or not, YAML reads these as strings (unlike a full ISO timestamp): the loader's own reading."""
    from sphinx_seminars.core.times import parse_datetime, zone

    moment = parse_datetime(written, zone("Europe/London"))
    assert isinstance(moment, datetime) and moment.astimezone(UTC) == utc


@pytest.mark.parametrize("offset", ["+24:00", "-25:00", "+01:60"])
def test_offsets_out_of_range_are_refused(offset: str) -> None:
    from sphinx_seminars.core.times import TimeError, parse_datetime, zone

    with pytest.raises(TimeError, match=f"the offset '\\{offset}' is not a UTC offset"):
        parse_datetime(f"2024-05-01 16:00 {offset}", zone("Europe/London"))


@pytest.mark.parametrize(
    ("zone_name", "label"),
    [
        ("Europe/London", "BST"),
        ("Asia/Dubai", "UTC+04:00"),  # tzdata names it "+04": shown as an offset
        ("America/Sao_Paulo", "UTC-03:00"),
        ("Asia/Kathmandu", "UTC+05:45"),
        ("Atlantic/Azores", "UTC+00:00"),  # "+00" in summer: a zero offset, shown with "+"
    ],
)
def test_zone_label_is_the_abbreviation_else_the_offset(zone_name: str, label: str) -> None:
    from sphinx_seminars.core.times import zone, zone_label

    assert zone_label(datetime(2024, 7, 1, 12, 0, tzinfo=zone(zone_name))) == label


def test_an_unknown_zone_abbreviation_is_refused() -> None:
    from sphinx_seminars.core.times import TimeError, parse_datetime, zone

    with pytest.raises(TimeError, match="unknown zone abbreviation 'XYZ'"):
        parse_datetime("2024-05-01 16:00 XYZ", zone("Europe/London"))


def test_a_talk_past_midnight_names_the_day_it_ends() -> None:
    from sphinx_seminars.core.times import format_span, zone

    london = zone("Europe/London")
    start, end = datetime(2024, 7, 1, 23, 0, tzinfo=london), datetime(2024, 7, 2, 1, 0, tzinfo=london)
    assert format_span(start, end) == "23:00 BST \u2013 Tuesday 2 July 2024 01:00 BST"
