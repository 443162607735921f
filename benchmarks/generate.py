"""The synthetic talks and the three sites built from them.

The sites show the same talks with the same visible content; they differ only
in how they are written:

* ``ext``: one Markdown event file per talk (YAML front matter, Markdown
  abstract) in ``events/`` (excluded from the page build), a one-line reST
  page per talk with ``.. seminar-event::``, and ``.. seminar-index::`` on the
  index page;
* ``coll``: the same event files and index page, but no page per talk:
  ``seminars_collections = {"talks": "events"}`` publishes each event file as
  the page ``talks/<id>``;
* ``hand``: each talk written out in plain reST (title, a field list, the
  abstract under a heading of its own, as the extension now gives it, the
  line of add-to-calendar links), and the index as ``list-table``\\ s with ``:doc:`` links.

Everything comes from ``random.Random(seed)``, talk after talk, so the first
100 talks of N = 1,000 are the talks of N = 100, and every run is identical.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

#: the fixed "now" of every site (``seminars_now``), so that the upcoming/past split is reproducible
NOW = datetime(2025, 1, 1, tzinfo=UTC)
#: the zone of times written without one (``seminars_timezone``); most talks use it
DEFAULT_ZONE = "Europe/London"
OTHER_ZONES = ("Europe/Berlin", "America/New_York")
SERIES = ("Applied Probability Seminar", "Numerical Analysis Seminar", "Colloquium")
BASEURL = "https://seminars.example.org/"
#: the one-talk edit of the incremental benchmark appends this to a title
EDIT_MARK = " (revised)"

_FIRST = (
    "Ada", "Alan", "Amara", "Bo", "Carmen", "Chidi", "Dagny", "Elif", "Emmy", "Farid", "Grace", "Hanne",
    "Ines", "Jonas", "Kofi", "Leontine", "Mei", "Nadia", "Oskar", "Priya", "Rafael", "Sofia", "Tomás", "Yuki",
)  # fmt: skip
_LAST = (
    "Achterberg", "Ansah-Berg", "Babbage", "Castellanos", "Dubois", "Fairweather", "García", "Haldane",
    "Ito", "Jovanović", "Kowalski", "Lindgren", "Lovelace", "Marsh", "Nakamura", "Noether", "Oduya",
    "Okafor", "Petrov", "Solbakken", "Turing", "Wielgosz", "Zhang",
)  # fmt: skip
_PLACES = (
    "University of Fenwick", "Analytical Engines Ltd", "Coastal Institute of Technology",
    "Hollins College of Data Science", "Institut für Angewandte Mathematik", "Northfield Observatory",
    "Department of Domestic Algorithms", "Centre for Mathematical Sciences",
)  # fmt: skip
_BUILDINGS = ("Babbage Building", "Fenwick Building", "Noether Hall", "Main Library", "Turing Wing")
_ADJECTIVES = (
    "random", "sparse", "adaptive", "stochastic", "robust", "hidden", "optimal", "discrete",
    "nonlinear", "Bayesian", "fractional", "spectral", "local", "quantum", "hyperbolic", "generic",
)  # fmt: skip
_NOUNS = (
    "walk", "graph", "matrix", "sampler", "equation", "process", "estimator", "network", "operator",
    "manifold", "tiling", "lattice", "flow", "polynomial", "kernel", "measure", "game", "code",
)  # fmt: skip
_WORDS = (
    "we", "study", "the", "a", "of", "and", "in", "for", "with", "show", "that", "this", "model",
    "problem", "result", "method", "bound", "limit", "time", "space", "case", "new", "two", "known",
    "prove", "give", "sharp", "simple", "classical", "recent", "work", "joint", "talk", "first",
    "large", "small", "general", "natural", "question", "answer", "approach", "example", "theory",
    "data", "algorithm", "convergence", "estimate", "structure", "behaviour", "regime", "phase",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str


@dataclasses.dataclass(frozen=True)
class Talk:
    id: str
    title: str
    speakers: tuple[Speaker, ...]
    start: datetime  #: aware, in :attr:`zone`
    end: datetime
    zone: str
    location: str
    series: str
    abstract: tuple[str, ...]  #: paragraphs; ``*word*`` is emphasis in Markdown and reST alike

    @property
    def past(self) -> bool:
        return self.end <= NOW


def make_talks(count: int, seed: int) -> list[Talk]:
    """*count* talks from 2019 to 2030 (about half before :data:`NOW`), in a fixed order."""
    rng = random.Random(seed)
    first_day = datetime(2019, 1, 1)
    span_days = (datetime(2031, 1, 1) - first_day).days
    return [_talk(rng, index, first_day, span_days) for index in range(count)]


def _talk(rng: random.Random, index: int, first_day: datetime, span_days: int) -> Talk:
    zone = DEFAULT_ZONE if rng.random() < 0.7 else rng.choice(OTHER_ZONES)
    day = first_day + timedelta(days=rng.randrange(span_days))
    local = day.replace(hour=rng.randrange(9, 18), minute=rng.choice((0, 30)))
    start = local.replace(tzinfo=ZoneInfo(zone))
    end = start + timedelta(minutes=rng.choice((60, 60, 90)))
    speakers = tuple(
        Speaker(f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", rng.choice(_PLACES))
        for _ in range(1 if rng.random() < 0.8 else 2)
    )
    title = f"{rng.choice(_ADJECTIVES).capitalize()} {_plural(rng.choice(_NOUNS))} and the {rng.choice(_NOUNS)} problem"
    surname = unicodedata.normalize("NFKD", speakers[0].name.split()[-1].lower())
    ascii_surname = surname.encode("ascii", "ignore").decode() or "talk"
    talk_id = f"{start:%Y-%m-%d}-{ascii_surname}-{index:05d}"
    return Talk(
        id=talk_id,
        title=title,
        speakers=speakers,
        start=start,
        end=end,
        zone=zone,
        location=f"Room {rng.randrange(1, 400)}, {rng.choice(_BUILDINGS)}",
        series=rng.choice(SERIES),
        abstract=(_paragraph(rng, 90), _paragraph(rng, 60)),
    )


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    chosen[rng.randrange(3, words)] = f"*{_plural(rng.choice(_NOUNS))}*"
    sentences, current = [], []
    for word in chosen:
        current.append(word)
        if len(current) >= 12 and rng.random() < 0.25:
            sentences.append(" ".join(current))
            current = []
    if current:
        sentences.append(" ".join(current))
    return " ".join(s[0].upper() + s[1:] + "." for s in sentences)


def _plural(noun: str) -> str:
    return noun + "es" if noun.endswith(("s", "x")) else noun + "s"


# -- what every site shows --------------------------------------------------------------------


def when_text(talk: Talk) -> str:
    """'Friday 3 May 2024, 16:00–17:00 BST', as the extension shows it."""
    start, end = talk.start, talk.end
    day = f"{_WEEKDAYS[start.weekday()]} {start.day} {_MONTHS[start.month - 1]} {start.year}"
    return f"{day}, {start:%H:%M}\u2013{end:%H:%M} {start.tzname()}"


def short_date(talk: Talk) -> str:
    start = talk.start
    return f"{_WEEKDAYS[start.weekday()][:3]} {start.day} {_MONTHS[start.month - 1][:3]} {start.year}"


def people(talk: Talk) -> str:
    return "; ".join(f"{s.name} ({s.affiliation})" for s in talk.speakers)


# -- the three sites -------------------------------------------------------------------------------

_CONF = '''\
"""A synthetic seminar site for the sphinx-seminars benchmark ({kind}); generated, do not edit."""

project = "Benchmark seminars"
extensions = {extensions!r}
root_doc = "index"
exclude_patterns = ["_build", "events"]
html_theme = "alabaster"
# No sidebars: alabaster's navigation sidebar renders the whole toctree on every page,
# which is quadratic in the number of talks (for every site alike).
html_sidebars = {{"**": []}}
html_baseurl = "{baseurl}"
seminars_timezone = "{zone}"
seminars_now = "{now}"
'''


@dataclasses.dataclass(frozen=True)
class Site:
    kind: str  #: "ext", "coll" or "hand"
    srcdir: Path

    @property
    def extension(self) -> bool:
        """Made with sphinx-seminars (event files, calendars), not written by hand."""
        return self.kind != "hand"

    def talk_page(self, talk: Talk) -> Path:
        """The talk's page source (the collection site has none: its pages come from the event files)."""
        return self.srcdir / "talks" / f"{talk.id}.rst"

    def event_file(self, talk: Talk) -> Path:
        return self.srcdir / "events" / f"{talk.id}.md"


#: every kind of site, in the order a benchmark round starts with
KINDS = ("ext", "coll", "hand")


def write_sites(talks: list[Talk], root: Path, kinds: tuple[str, ...] = KINDS) -> dict[str, Site]:
    """Write the sites of *kinds* under *root* (replacing what was there); return them by kind."""
    sites = {kind: Site(kind, root / kind / "src") for kind in kinds}
    for site in sites.values():
        if site.srcdir.exists():
            shutil.rmtree(site.srcdir)
        site.srcdir.mkdir(parents=True)
        (site.srcdir / "conf.py").write_text(_conf(site), encoding="utf-8")
        if site.extension:
            (site.srcdir / "events").mkdir()
            (site.srcdir / "index.rst").write_text(_index_head() + ".. seminar-index::\n", encoding="utf-8")
        else:
            (site.srcdir / "index.rst").write_text(_index_head() + hand_index(talks), encoding="utf-8")
        if site.kind != "coll":
            (site.srcdir / "talks").mkdir()
        for talk in talks:
            if site.extension:
                site.event_file(talk).write_text(event_file(talk), encoding="utf-8")
            if site.kind == "ext":
                site.talk_page(talk).write_text(f".. seminar-event:: ../events/{talk.id}.md\n", encoding="utf-8")
            elif site.kind == "hand":
                site.talk_page(talk).write_text(hand_page(talk), encoding="utf-8")
    return sites


def _conf(site: Site) -> str:
    extensions = ["sphinx_seminars"] if site.extension else []
    conf = _CONF.format(kind=site.kind, extensions=extensions, baseurl=BASEURL, zone=DEFAULT_ZONE, now=NOW.isoformat())
    if site.kind == "coll":
        # Every event file of events/ is a page talks/<id>; no page per talk is written.
        conf += 'seminars_collections = {"talks": "events"}\n'
    # seminars_* values would be unknown to the hand-written site's Sphinx; they are harmless
    # there but make Sphinx warn, so that site leaves them out.
    if site.kind == "hand":
        conf = "\n".join(line for line in conf.splitlines() if not line.startswith("seminars_")) + "\n"
    return conf


def event_file(talk: Talk, title: str | None = None) -> str:
    lines = ["---", f'title: "{title or talk.title}"']
    if len(talk.speakers) == 1:
        lines += [f"speaker: {talk.speakers[0].name}", f"affiliation: {talk.speakers[0].affiliation}"]
    else:
        lines.append("speakers:")
        for speaker in talk.speakers:
            lines += [f"  - name: {speaker.name}", f"    affiliation: {speaker.affiliation}"]
    lines += [f"start: {talk.start:%Y-%m-%d %H:%M}", f'end: "{talk.end:%H:%M}"']
    if talk.zone != DEFAULT_ZONE:
        lines.append(f"timezone: {talk.zone}")
    lines += [f"location: {talk.location}", f"series: {talk.series}", "---"]
    return "\n".join(lines) + "\n" + "\n\n".join(talk.abstract) + "\n"


def hand_page(talk: Talk, title: str | None = None) -> str:
    title = title or talk.title
    if len(talk.speakers) == 1:
        who = [f":Speaker: {talk.speakers[0].name}", f":Affiliation: {talk.speakers[0].affiliation}"]
    else:
        who = [f":Speakers: {people(talk)}"]
    fields = [*who, f":When: {when_text(talk)}", f":Where: {talk.location}", f":Series: {talk.series}"]
    body = "\n\n".join(talk.abstract)
    return (
        f"{title}\n{'=' * len(title)}\n\n"
        + "\n".join(fields)
        + f"\n\nAbstract\n--------\n\n{body}\n\n{calendar_links_line(talk, title)}\n"
    )


def calendar_links_line(talk: Talk, title: str) -> str:
    """The links under each talk on the extension's pages, written by hand (the .ics file, then
    Google Calendar, Outlook.com and Microsoft 365 with the talk's title, times, place and page)."""
    page = f"{BASEURL}talks/{talk.id}.html"
    start, end = talk.start.astimezone(UTC), talk.end.astimezone(UTC)
    details = f"Speaker: {people(talk)}\nDetails: {page}"
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "ctz": talk.zone,
            "details": details,
            "location": talk.location,
        },
        quote_via=quote,
    )
    links = [("Add to calendar (.ics)", f"{talk.id}.ics"), ("Google Calendar", f"{_GOOGLE}?{google}")]
    for label, host in (("Outlook.com", "outlook.live.com"), ("Microsoft 365", "outlook.office.com")):
        query = {
            "rru": "addevent",
            "subject": title,
            "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
            "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
            "allday": "false",
            "body": details,
            "location": talk.location,
        }
        links.append((label, f"https://{host}/calendar/0/action/compose?{urlencode(query, quote_via=quote)}"))
    return " \u00b7 ".join(f"`{label} <{url}>`__" for label, url in links)


_GOOGLE = "https://calendar.google.com/calendar/render"


def _index_head() -> str:
    # The same hidden toctree in every site: every talk page, in name order (the glob finds the
    # collection site's pages too: they are documents like any other).
    return "Seminars\n========\n\n.. toctree::\n   :hidden:\n   :glob:\n\n   talks/*\n\n"


def hand_index(talks: list[Talk]) -> str:
    """Upcoming (soonest first) and past (newest first) talks, as the extension orders them."""
    upcoming = sorted((t for t in talks if not t.past), key=lambda t: (t.start, t.id))
    past = sorted((t for t in talks if t.past), key=lambda t: (t.start, t.id), reverse=True)
    out = []
    for heading, part in (("Upcoming talks", upcoming), ("Past talks", past)):
        out.append(f"{heading}\n{'-' * len(heading)}\n\n")  # sections, as the extension's index has
        if not part:
            out.append("No talks.\n\n")
            continue
        out.append(".. list-table::\n   :header-rows: 1\n\n")
        out.append("   * - Date\n     - Time\n     - Speakers\n     - Talk\n     - Location\n")
        for talk in part:
            out.append(
                f"   * - {short_date(talk)}\n     - {talk.start:%H:%M} {talk.start.tzname()}\n"
                f"     - {people(talk)}\n     - :doc:`talks/{talk.id}`\n     - {talk.location}\n"
            )
        out.append("\n")
    return "".join(out)
