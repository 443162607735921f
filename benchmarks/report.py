"""Medians, ratios, the targets and the tables, from the raw results of one run."""

from __future__ import annotations

import dataclasses
import os
import platform
import statistics
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from calendars import CalendarTiming
from measure import Build
from rounds import NOCHANGE_BUILDS, SizeResult

#: (label, metric, value of one build)
_ROWS: tuple[tuple[str, str, Callable[[Build], float]], ...] = (
    ("Full build (s)", "full", lambda b: b.seconds),
    ("No-change rebuild (s)", "nochange", lambda b: b.seconds),
    ("Rebuild after editing one talk (s)", "edit", lambda b: b.seconds),
    ("Full build, `-j 2` (s)", "full_j2", lambda b: b.seconds),
    ("Peak memory, full build (MiB)", "full", lambda b: b.maxrss_mib),
    ("Peak memory, `-j 2`: main + largest worker (MiB)", "full_j2", lambda b: b.maxrss_mib + b.workers_maxrss_mib),
    ("Doctrees on disk after a full build (MiB)", "full", lambda b: b.doctrees_mib),
    (
        "Full build: in doctree-resolved and build-finished listeners, i.e. calendars (s)",
        "full",
        lambda b: b.listener_seconds,
    ),
)


def median(size: SizeResult, kind: str, metric: str, value: Callable[[Build], float] = lambda b: b.seconds) -> float:
    return statistics.median(value(b) for b in size.builds[kind][metric])


def ratio(
    size: SizeResult, metric: str, value: Callable[[Build], float] = lambda b: b.seconds, kind: str = "ext"
) -> float:
    """*kind*'s median over the hand-written site's."""
    return median(size, kind, metric, value) / median(size, "hand", metric, value)


def judged(size: SizeResult, metric: str, kind: str) -> tuple[bool, str]:
    """Whether *kind*'s ratio of the medians for *metric* is within its limit, and the figures:
    that ratio and the range of the ratios of builds made side by side.

    The builds of the sites are interleaved (one round: each site in turn, the first
    one rotating), so the i-th build of each ran under about the same conditions.
    """
    limit, value = LIMITS[metric], ratio(size, metric, kind=kind)
    pairs = [e.seconds / h.seconds for e, h in zip(size.builds[kind][metric], size.builds["hand"][metric], strict=True)]
    text = f"{ratio_text(value, limit)}x"
    return value <= limit, text + (f" (side by side: {min(pairs):.2f}x to {max(pairs):.2f}x)" if len(pairs) > 1 else "")


def ratio_text(value: float, limit: float) -> str:
    """*value* to two decimals, or three where two would round it onto the *limit* it is judged by
    (1.102 printed as "1.10" beside "MISSED" for a target of 1.1 reads as a contradiction)."""
    text = f"{value:.2f}"
    return f"{value:.3f}" if float(text) == limit and value != limit else text


@dataclasses.dataclass
class Target:
    name: str
    passed: bool
    detail: str


#: the targets at 1,000 talks, as ratios to the hand-written site (also used by instructions.py)
LIMITS = {"full": 1.10, "nochange": 1.10, "edit": 1.5}
#: the sites made with the extension, each judged against the hand-written one
EXTENSION_KINDS = ("ext", "coll")
SITE_NAMES = {"ext": "stub pages", "coll": "collection", "hand": "hand-written"}


def targets(sizes: dict[int, SizeResult], calendars: dict[int, CalendarTiming]) -> list[Target]:
    """The issue's targets, each judged on the figures of this run (ratios, not absolute times)."""
    found: list[Target] = []
    n = 1000 if 1000 in sizes else min(sizes)
    for kind in EXTENSION_KINDS:
        if kind in sizes[n].builds:
            found += _kind_targets(sizes, calendars, kind, n)
    return found


def _kind_targets(
    sizes: dict[int, SizeResult], calendars: dict[int, CalendarTiming], kind: str, n: int
) -> list[Target]:
    found: list[Target] = []
    site = f"{kind} ({SITE_NAMES[kind]})"
    size = sizes[n]
    within, figures = judged(size, "full", kind)
    found.append(Target(f"{site}: full build <= {LIMITS['full']:.2f}x hand-written (N = {n:,})", within, figures))
    within, figures = judged(size, "edit", kind)
    found.append(
        Target(
            f"{site}: edit one talk: re-reads only its page (plus index pages) and <= {LIMITS['edit']}x (N = {n:,})",
            _reread_ok(size, kind) and within,
            f"{figures}; re-read {_reread_text(size, kind)}",
        )
    )
    within, figures = judged(size, "nochange", kind)
    found.append(Target(f"{site}: no-change rebuild <= {LIMITS['nochange']:.1f}x (N = {n:,})", within, figures))
    for m, s in sorted(sizes.items()):
        # Below 1,000 talks, starting the worker processes costs more than -j 2 saves (Sphinx's own behaviour).
        if m < 1000 or kind not in s.builds:
            continue
        speedup = median(s, kind, "full") / median(s, kind, "full_j2")
        differ = s.j2_differences[kind]
        found.append(
            Target(
                f"{site}: `-j 2` same bytes as `-j 1` and faster (N = {m:,})",
                not differ and speedup > 1.0,
                f"{'identical' if not differ else 'DIFFERENT: ' + ', '.join(differ[:5])}; "
                f"-j 2 takes {1 / speedup:.2f}x the time of -j 1",
            )
        )
    if 5000 in sizes and kind in sizes[5000].builds:
        full = median(sizes[5000], kind, "full")
        # Measured inside the builds (the extension's listeners), and alone with the core.
        in_build = median(sizes[5000], kind, "full", lambda b: b.listener_seconds)
        detail = f"in the build {in_build / full:.1%} ({in_build:.2f} s of {full:.1f} s)"
        if 5000 in calendars:
            alone = calendars[5000].writing_seconds
            detail += f"; timed alone {alone / full:.1%} ({alone:.2f} s)"
        found.append(
            Target(f"{site}: calendar writing <= 5% of the full build (N = 5,000)", in_build / full <= 0.05, detail)
        )
    if 1000 in sizes and 5000 in sizes and kind in sizes[5000].builds:
        for label, value in (("time", lambda b: b.seconds), ("memory", lambda b: b.maxrss_mib)):
            growth = _growth(sizes, kind, value)
            hand = _growth(sizes, "hand", value)
            # Sphinx itself is not quite linear (the hand-written site's added talks cost more at
            # 5,000): the extension passes when it adds nothing super-linear on top of that.
            found.append(
                Target(
                    f"{site}: full build {label} grows linearly from 1,000 to 5,000 (or no faster than Sphinx's own)",
                    growth <= max(1.25, hand),
                    f"cost per added talk x{growth:.2f} (hand-written x{hand:.2f})",
                )
            )
    return found


def _growth(sizes: dict[int, SizeResult], kind: str, value: Callable[[Build], float]) -> float:
    """How much more each added talk costs from 1,000 to 5,000 than up to 1,000 (1.0 = linear).

    Marginal, not per talk: the fixed start-up (time and memory) would make any
    build look better than linear on a per-talk basis.
    """
    first = min(sizes)
    at = {m: median(sizes[m], kind, "full", value) for m in (first, 1000, 5000)}
    if first == 1000:  # no smaller size: compare per-talk figures instead
        return (at[5000] / 5000) / (at[1000] / 1000)
    return ((at[5000] - at[1000]) / 4000) / ((at[1000] - at[first]) / (1000 - first))


def _edit_reads(size: SizeResult, kind: str) -> list[list[str]]:
    return [b.read for b in size.builds[kind]["edit"]]


def _reread_ok(size: SizeResult, kind: str) -> bool:
    # Index pages may be written again, but need not be re-read: the extension fills them when writing.
    reads = _edit_reads(size, kind)
    return all(set(read) - {"index"} == {page} for read, page in zip(reads, size.edited, strict=True))


def _reread_text(size: SizeResult, kind: str) -> str:
    return "; ".join(", ".join(read) or "nothing" for read in _edit_reads(size, kind)[:1])


# -- tables --------------------------------------------------------------------------------


def results_tables(sizes: dict[int, SizeResult]) -> str:
    """One table per size: the median of each site, and each extension site's ratio to the hand-written one."""
    return "\n\n".join(f"N = {n:,}\n\n{results_table(sizes[n])}" for n in sorted(sizes))


def results_table(size: SizeResult) -> str:
    kinds = size.kinds
    # Ratios only where the hand-written site was built too.
    compared = [kind for kind in EXTENSION_KINDS if kind in kinds and "hand" in kinds]
    header = ["Measure", *kinds, *(f"{kind} / hand" for kind in compared)]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    for label, metric, value in _ROWS:
        medians = {kind: median(size, kind, metric, value) for kind in kinds}
        # No ratio against nothing (the hand-written site has no calendar listeners).
        ratios = [f"{medians[k] / medians['hand']:.2f}x" if medians["hand"] > 0.05 else "" for k in compared]
        row(label, [_fmt(medians[kind]) for kind in kinds] + ratios)
    for label, metric in (("Re-read / written, no-change", "nochange"), ("Re-read / written, one edit", "edit")):
        last = {kind: size.builds[kind][metric][-1] for kind in kinds}
        row(label, [f"{len(b.read)} / {len(b.written)}" for b in last.values()] + [""] * len(compared))
    speedups = [f"{median(size, kind, 'full') / median(size, kind, 'full_j2'):.2f}x" for kind in kinds]
    row("`-j 2` speed-up over `-j 1`", speedups + [""] * len(compared))
    rounds = str(len(size.builds[kinds[0]]["full"]))
    row(
        f"Rounds (each figure is their median; {NOCHANGE_BUILDS} no-change rebuilds a round)",
        [rounds] * len(kinds) + [""] * len(compared),
    )
    return "\n".join(lines)


def _fmt(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def reread_details(sizes: dict[int, SizeResult]) -> str:
    lines = []
    for n in sorted(sizes):
        s = sizes[n]
        for kind in s.kinds:
            edit = s.builds[kind]["edit"][-1]
            nochange = s.builds[kind]["nochange"][-1]
            lines.append(
                f"- N = {n:,}, {kind}: no-change rebuild read {_names(nochange.read)}, wrote "
                f"{_names(nochange.written)}; after editing `{s.edited[-1]}` read {_names(edit.read)}, "
                f"wrote {_names(edit.written)}."
            )
    return "\n".join(lines)


def _names(docnames: list[str]) -> str:
    if not docnames:
        return "nothing"
    shown = ", ".join(f"`{d}`" for d in docnames[:4])
    return shown + (f" and {len(docnames) - 4} more" if len(docnames) > 4 else "")


def j2_text(sizes: dict[int, SizeResult], ignored: tuple[str, ...]) -> str:
    parts = []
    for n in sorted(sizes):
        diffs = sizes[n].j2_differences
        text = ", ".join(
            f"{kind}: {'identical' if not d else 'differ: ' + ', '.join(d[:5])}" for kind, d in diffs.items()
        )
        parts.append(f"N = {n:,}: {text}")
    excluded = ", ".join(ignored) if ignored else "nothing (doctrees are written elsewhere and not compared)"
    return "; ".join(parts) + f". Every output file was compared byte for byte; excluded: {excluded}."


def calendar_table(calendars: dict[int, CalendarTiming], full_5000: float | None) -> str:
    lines = [
        "| Talks | Read event files (s) | One `.ics` per talk (s) | Feeds (s) | Writing, total (s) "
        "| Share of full build |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for n, c in sorted(calendars.items()):
        share = f"{c.writing_seconds / full_5000:.1%}" if full_5000 and n == 5000 else ""
        lines.append(
            f"| {n:,} | {c.load_seconds:.2f} | {c.talk_files_seconds:.2f} | {c.feeds_seconds:.2f} | "
            f"{c.writing_seconds:.2f} | {share} |"
        )
    return "\n".join(lines)


def full_5000(sizes: dict[int, SizeResult]) -> float | None:
    """The median full build at 5,000 talks of the first extension site built there, to weigh the calendars."""
    if 5000 not in sizes:
        return None
    kind = next((k for k in EXTENSION_KINDS if k in sizes[5000].builds), None)
    return median(sizes[5000], kind, "full") if kind else None


def linearity_table(sizes: dict[int, SizeResult]) -> str:
    """Full build time and peak memory per talk, and what each talk added since the size before costs."""
    lines = [
        "| Site | Size | Full build per talk (ms) | Per talk added since the size before (ms) "
        "| Peak memory per talk (KiB) | Per talk added (KiB) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind in ("ext", "coll", "hand"):
        before: tuple[int, float, float] | None = None
        for n in sorted(m for m in sizes if kind in sizes[m].builds):
            seconds = median(sizes[n], kind, "full")
            mib = median(sizes[n], kind, "full", lambda b: b.maxrss_mib)
            added_time = added_memory = ""
            if before is not None:
                added = n - before[0]
                added_time = f"{(seconds - before[1]) / added * 1000:.1f}"
                added_memory = f"{(mib - before[2]) / added * 1024:.0f}"
            lines.append(
                f"| {kind} | {n:,} | {seconds / n * 1000:.1f} | {added_time} | {mib / n * 1024:.0f} | {added_memory} |"
            )
            before = (n, seconds, mib)
    return "\n".join(lines)


def targets_table(found: list[Target]) -> str:
    lines = ["| Target | Result | Figures |", "| --- | --- | --- |"]
    lines += [f"| {t.name} | {'pass' if t.passed else '**MISSED**'} | {t.detail} |" for t in found]
    return "\n".join(lines)


# -- the machine --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cores": str(os.cpu_count())}
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        info["ram"] = f"{kib / 1024 / 1024:.1f} GiB"
    for package in ("sphinx", "docutils", "icalendar", "PyYAML", "myst-parser", "alabaster"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    import yaml

    info["libyaml"] = "yes" if getattr(yaml, "__with_libyaml__", False) else "no"
    return info


def docs_fragment(
    sizes: dict[int, SizeResult],
    calendars: dict[int, CalendarTiming],
    found: list[Target],
    meta: dict[str, Any],
    ignored: tuple[str, ...],
) -> str:
    m = meta["machine"]
    builds = "\n\n".join(f"N = {n:,}:\n\n{results_table(sizes[n])}" for n in sorted(sizes))
    again = f" (made again from {meta['reported_from']} with --from-results)" if "reported_from" in meta else ""
    return f"""<!-- Written by `python benchmarks/run.py --write-docs`{again}; do not edit by hand. -->

Run on {meta["date"]} with `{meta["command"]}`: {m.get("cpu", "unknown CPU")}, {m["cores"]} cores,
{m.get("ram", "unknown")} RAM, {m["platform"]}; Python {m["python"]}, Sphinx {m["sphinx"]},
docutils {m["docutils"]}, icalendar {m["icalendar"]}, PyYAML {m["PyYAML"]} (libyaml: {m["libyaml"]}),
myst-parser {m["myst-parser"]}, alabaster {m["alabaster"]}; sphinx-seminars {meta["version"]}
from {meta["package"]}; {meta["seconds"] / 60:.0f} minutes in all. {load_text(meta["load"], m["cores"])}
Medians; *ext* is the site made with the extension and a stub page per talk, *coll* the same
site made with a collection (no page per talk), *hand* the same site written in plain reST;
the ratios are to *hand*. Re-read / written counts documents.

**Targets**

{targets_table(found)}

**Builds**

{builds}

**Documents re-read and written by the incremental builds** (last round)

{reread_details(sizes)}

**`-j 2` against `-j 1`**: {j2_text(sizes, ignored)}

**Calendar writing alone** (the extension's core, without Sphinx)

{calendar_table(calendars, full_5000(sizes))}

**Growth** (full builds)

{linearity_table(sizes)}
"""


def load_text(load: dict[str, float], cores: str) -> str:
    """The machine's load average before and after the run: did other work share it?"""
    text = f"Load average (1 minute) {load['before']:.1f} before the run, {load['after']:.1f} after"
    # Only the load before the run tells of other work: the one after still counts the run's own last
    # builds (a build on one core of two gives about 1.0), so it is shown but not judged.
    if load["before"] > 0.5 * int(cores):
        return text + ": the machine was shared with other work, which adds noise to every figure."
    return text + " (the run's own last builds are in the figure after)."
