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


def ratio(size: SizeResult, metric: str, value: Callable[[Build], float] = lambda b: b.seconds) -> float:
    return median(size, "ext", metric, value) / median(size, "hand", metric, value)


def spread(size: SizeResult, metric: str) -> str:
    """The ratio of the medians, and the range of the ratios of builds made side by side.

    The builds of both sites are interleaved (one round: ext then hand, or hand then
    ext), so the i-th build of each ran under the same conditions.
    """
    pairs = [
        e.seconds / h.seconds for e, h in zip(size.builds["ext"][metric], size.builds["hand"][metric], strict=True)
    ]
    text = f"{ratio(size, metric):.2f}x"
    return text + (f" (side by side: {min(pairs):.2f}x to {max(pairs):.2f}x)" if len(pairs) > 1 else "")


@dataclasses.dataclass
class Target:
    name: str
    passed: bool
    detail: str


def targets(sizes: dict[int, SizeResult], calendars: dict[int, CalendarTiming]) -> list[Target]:
    """The issue's targets, each judged on the figures of this run (ratios, not absolute times)."""
    found: list[Target] = []
    n = 1000 if 1000 in sizes else max(sizes)
    size = sizes[n]
    full = ratio(size, "full")
    found.append(Target(f"Full build <= 1.10x hand-written (N = {n:,})", full <= 1.10, spread(size, "full")))
    reread = _reread_ok(size)
    edit = ratio(size, "edit")
    found.append(
        Target(
            f"Edit one talk: re-reads only its page (plus index pages) and <= 1.5x (N = {n:,})",
            reread and edit <= 1.5,
            f"{spread(size, 'edit')}; re-read {_reread_text(size)}",
        )
    )
    nochange = ratio(size, "nochange")
    found.append(Target(f"No-change rebuild <= 1.1x (N = {n:,})", nochange <= 1.1, spread(size, "nochange")))
    for m, s in sorted(sizes.items()):
        speedup = median(s, "ext", "full") / median(s, "ext", "full_j2")
        same = not s.j2_differences["ext"]
        # Below 1,000 talks, starting the worker processes costs more than -j 2 saves (Sphinx's own behaviour).
        if m >= 1000:
            found.append(
                Target(
                    f"`-j 2`: same bytes as `-j 1` and faster (N = {m:,})",
                    same and speedup > 1.0,
                    f"{'identical' if same else 'DIFFERENT: ' + ', '.join(s.j2_differences['ext'][:5])}; "
                    f"-j 2 takes {1 / speedup:.2f}x the time of -j 1",
                )
            )
    if 5000 in sizes:
        full = median(sizes[5000], "ext", "full")
        # Measured inside the builds (the extension's listeners), and alone with the core.
        in_build = median(sizes[5000], "ext", "full", lambda b: b.listener_seconds)
        detail = f"in the build {in_build / full:.1%} ({in_build:.2f} s of {full:.1f} s)"
        if 5000 in calendars:
            alone = calendars[5000].writing_seconds
            detail += f"; timed alone {alone / full:.1%} ({alone:.2f} s)"
        found.append(Target("Calendar writing <= 5% of the full build (N = 5,000)", in_build / full <= 0.05, detail))
    if 1000 in sizes and 5000 in sizes:
        for label, value in (("time", lambda b: b.seconds), ("memory", lambda b: b.maxrss_mib)):
            growth = _growth(sizes, "ext", value)
            hand = _growth(sizes, "hand", value)
            # Sphinx itself is not quite linear (the hand-written site's added talks cost more at
            # 5,000): the extension passes when it adds nothing super-linear on top of that.
            found.append(
                Target(
                    f"Full build {label} grows linearly from 1,000 to 5,000 (or no faster than Sphinx's own)",
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


def _edit_reads(size: SizeResult) -> list[list[str]]:
    return [b.read for b in size.builds["ext"]["edit"]]


def _reread_ok(size: SizeResult) -> bool:
    # Index pages may be written again, but need not be re-read: the extension fills them when writing.
    return all(set(read) - {"index"} == {page} for read, page in zip(_edit_reads(size), size.edited, strict=True))


def _reread_text(size: SizeResult) -> str:
    return "; ".join(", ".join(read) or "nothing" for read in _edit_reads(size)[:1])


# -- tables --------------------------------------------------------------------------------


def results_table(sizes: dict[int, SizeResult]) -> str:
    header = "| Measure | " + " | ".join(f"N = {n:,}: ext | hand | ratio" for n in sorted(sizes)) + " |"
    columns = 1 + 3 * len(sizes)
    lines = [header, "|" + " --- |" * columns]
    for label, metric, value in _ROWS:
        cells = []
        for n in sorted(sizes):
            s = sizes[n]
            ext, hand = median(s, "ext", metric, value), median(s, "hand", metric, value)
            # No ratio against nothing (the hand-written site has no calendar listeners).
            cells += [_fmt(ext), _fmt(hand), f"{ext / hand:.2f}x" if hand > 0.05 else ""]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for label, metric in (("Re-read / written, no-change", "nochange"), ("Re-read / written, one edit", "edit")):
        cells = []
        for n in sorted(sizes):
            for kind in ("ext", "hand"):
                b = sizes[n].builds[kind][metric][-1]
                cells.append(f"{len(b.read)} / {len(b.written)}")
            cells.append("")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    speedups = []
    for n in sorted(sizes):
        s = sizes[n]
        speedups += [f"{median(s, kind, 'full') / median(s, kind, 'full_j2'):.2f}x" for kind in ("ext", "hand")] + [""]
    lines.append("| `-j 2` speed-up over `-j 1` | " + " | ".join(speedups) + " |")
    rounds = [str(len(sizes[n].builds["ext"]["full"])) for n in sorted(sizes)]
    label = f"Rounds (each figure is their median; {NOCHANGE_BUILDS} no-change rebuilds a round)"
    lines.append(f"| {label} | " + " | ".join(f"{r} | {r} | " for r in rounds) + " |")
    return "\n".join(lines)


def _fmt(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def reread_details(sizes: dict[int, SizeResult]) -> str:
    lines = []
    for n in sorted(sizes):
        s = sizes[n]
        for kind in ("ext", "hand"):
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


def linearity_table(sizes: dict[int, SizeResult]) -> str:
    lines = ["| Site | Size | Full build per talk (ms) | Peak memory per talk (KiB) |", "| --- | --- | --- | --- |"]
    for kind in ("ext", "hand"):
        for n in sorted(sizes):
            t = median(sizes[n], kind, "full") / n * 1000
            m = median(sizes[n], kind, "full", lambda b: b.maxrss_mib) / n * 1024
            lines.append(f"| {kind} | {n:,} | {t:.1f} | {m:.0f} |")
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
    full_5000 = median(sizes[5000], "ext", "full") if 5000 in sizes else None
    return f"""<!-- Written by `python benchmarks/run.py --write-docs`; do not edit by hand. -->

Run on {meta["date"]} with `{meta["command"]}`: {m.get("cpu", "unknown CPU")}, {m["cores"]} cores,
{m.get("ram", "unknown")} RAM, {m["platform"]}; Python {m["python"]}, Sphinx {m["sphinx"]},
docutils {m["docutils"]}, icalendar {m["icalendar"]}, PyYAML {m["PyYAML"]} (libyaml: {m["libyaml"]}),
myst-parser {m["myst-parser"]}, alabaster {m["alabaster"]}; sphinx-seminars {meta["version"]}
from {meta["package"]}.
Medians; *ext* is the site made with the extension, *hand* the same site written in plain reST,
and the ratio is ext / hand. Re-read / written counts documents.

**Targets**

{targets_table(found)}

**Builds**

{results_table(sizes)}

**Documents re-read and written by the incremental builds** (last round)

{reread_details(sizes)}

**`-j 2` against `-j 1`**: {j2_text(sizes, ignored)}

**Calendar writing alone** (the extension's core, without Sphinx)

{calendar_table(calendars, full_5000)}

**Growth**

{linearity_table(sizes)}
"""
