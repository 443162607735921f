"""The builds of one site size: every site, in turn, several rounds, every output verified."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from generate import EDIT_MARK, KINDS, Site, Talk, event_file, hand_page, make_talks, write_sites
from measure import Build, Output, run_build
from verify import check, check_edit, check_no_warnings, check_site, differing_files

#: what a round measures, in order; "full" and "full_j2" start from an empty output folder
METRICS = ("full", "full_j2", "nochange", "edit")
#: no-change rebuilds per round, interleaved ext, coll, hand, ext...: half a second each, so the machine's
#: noise (tens of milliseconds) is large beside them, and more samples cost little
NOCHANGE_BUILDS = 5
#: files allowed to differ between a -j 1 and a -j 2 build (none: every output file is compared)
J2_IGNORED: tuple[str, ...] = ()


@dataclasses.dataclass
class SizeResult:
    n: int
    builds: dict[str, dict[str, list[Build]]]  #: kind -> metric -> one build per round (the kinds built)
    edited: list[str]  #: the talk page edited in each round
    j2_differences: dict[str, list[str]]  #: kind -> files that differ between -j 1 and -j 2 (last round)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in KINDS if kind in self.builds)

    def to_json(self) -> dict[str, Any]:
        """As JSON, with long document lists (full builds) cut to their length."""
        data = dataclasses.asdict(self)
        for metrics in data["builds"].values():
            for builds in metrics.values():
                for build in builds:
                    for key in ("read", "written"):
                        if len(build[key]) > 10:
                            build[key] = f"{len(build[key])} documents"
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SizeResult:
        """Back from :meth:`to_json` (the lists cut there stay cut: no report reads them)."""
        builds = {
            kind: {metric: [Build(**build) for build in runs] for metric, runs in metrics.items()}
            for kind, metrics in data["builds"].items()
        }
        return cls(data["n"], builds, data["edited"], data["j2_differences"])


def bench_size(
    n: int,
    rounds: int,
    seed: int,
    work: Path,
    package_root: Path,
    timeout: float | None = None,
    log: Any = print,
    kinds: tuple[str, ...] = KINDS,
) -> SizeResult:
    talks = make_talks(n, seed)
    root = work / f"n{n}"
    sites = write_sites(talks, root, kinds)
    outputs = {
        kind: {
            jobs: Output(root / kind / f"out-j{jobs}", root / kind / f"doctrees-j{jobs}", root / kind / f"logs-j{jobs}")
            for jobs in (1, 2)
        }
        for kind in kinds
    }
    builds: dict[str, dict[str, list[Build]]] = {kind: {metric: [] for metric in METRICS} for kind in kinds}
    edited: list[str] = []
    differences: dict[str, list[str]] = {}

    def build(kind: str, metric: str, jobs: int = 1) -> Build:
        result = run_build(sites[kind], outputs[kind][jobs], jobs=jobs, package_root=package_root, timeout=timeout)
        check_no_warnings(kind, result.warnings)
        builds[kind][metric].append(result)
        log(
            f"  N={n} {kind:4} {metric:8} {result.seconds:8.2f} s  {result.maxrss_mib:7.0f} MiB  "
            f"read {len(result.read)}, wrote {len(result.written)}"
        )
        return result

    for round_ in range(rounds):
        # Rotate which site goes first, so that none always runs on a warmer (or busier) machine.
        order = kinds[round_ % len(kinds) :] + kinds[: round_ % len(kinds)]
        for metric, jobs in (("full", 1), ("full_j2", 2)):
            for kind in order:
                outputs[kind][jobs].clean()
                result = build(kind, metric, jobs)
                check(len(result.read) == n + 1, f"{kind}: a full build read {len(result.read)} documents")
                check_site(kind, outputs[kind][jobs].outdir, talks, calendars=sites[kind].extension)
        for kind in kinds:
            differences[kind] = differing_files(outputs[kind][1].outdir, outputs[kind][2].outdir, J2_IGNORED)
        for _ in range(NOCHANGE_BUILDS):
            for kind in order:
                build(kind, "nochange")
        talk = talks[(n // 2 + 7 * round_) % n]  # a different talk each round
        new_title = f"{talk.title}{EDIT_MARK} {round_ + 1}"
        edited.append(f"talks/{talk.id}")
        for kind in order:
            edit_talk(sites[kind], talk, new_title)
            build(kind, "edit")
            check_edit(kind, outputs[kind][1].outdir, talk, new_title)
        for kind in kinds:  # back as generated, for the next round's full builds
            edit_talk(sites[kind], talk, None)
    return SizeResult(n, builds, edited, differences)


def edit_talk(site: Site, talk: Talk, title: str | None) -> None:
    """Change one talk's title where each site keeps it: the event file, or the hand-written page."""
    if site.extension:
        site.event_file(talk).write_text(event_file(talk, title), encoding="utf-8")
    else:
        site.talk_page(talk).write_text(hand_page(talk, title), encoding="utf-8")
