"""The sphinx-seminars benchmark: the extension's sites against the same site written by hand.

    python benchmarks/run.py                 # N = 100, 1,000, 5,000, 10,000; calendars at 5,000 and 10,000
    python benchmarks/run.py --quick         # N = 100, one round: a smoke check (well under a minute)
    python benchmarks/run.py --write-docs    # also write docs/_benchmark-results.md

Exits 1 when a generated site does not contain what it should (the build is
wrong, however fast), 2 when a target is missed (with --check-targets).
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import os
import shlex
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from calendars import CalendarTiming, time_calendars  # noqa: E402
from generate import KINDS  # noqa: E402
from measure import BuildTimeout  # noqa: E402
from report import (  # noqa: E402
    calendar_table,
    docs_fragment,
    full_5000,
    j2_text,
    linearity_table,
    load_text,
    machine,
    reread_details,
    results_tables,
    targets,
    targets_table,
)
from rounds import J2_IGNORED, SizeResult, bench_size  # noqa: E402
from verify import VerificationError  # noqa: E402

DOCS_RESULTS = REPO / "docs" / "_benchmark-results.md"
RESULTS = HERE / "results"


def _sizes(text: str) -> list[int]:
    return sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})


def _kinds(text: str) -> tuple[str, ...]:
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    if not wanted or wanted - set(KINDS):
        raise argparse.ArgumentTypeError(f"give sites among {', '.join(KINDS)}")
    return tuple(kind for kind in KINDS if kind in wanted)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", type=_sizes, default=[100, 1000, 5000, 10000], help="talk counts (default 100,1000,5000,10000)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="rounds per size below 5,000 talks (default 3)")
    parser.add_argument("--large-repeats", type=int, default=2, help="rounds per size of 5,000 talks up to 9,999")
    parser.add_argument("--huge-repeats", type=int, default=1, help="rounds per size of 10,000 talks or more")
    parser.add_argument(
        "--huge-sites",
        type=_kinds,
        default=("coll", "hand"),
        help="the sites built at 10,000 talks or more (default coll,hand: not the stub-page site)",
    )
    parser.add_argument(
        "--calendar-sizes", type=_sizes, default=[5000, 10000], help="talk counts for calendar writing alone"
    )
    parser.add_argument("--seed", type=int, default=20240503)
    parser.add_argument("--quick", action="store_true", help="N = 100, one round, calendars at 100: a smoke check")
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_RESULTS.relative_to(REPO)}")
    parser.add_argument("--check-targets", action="store_true", help="exit 2 when a target is missed")
    parser.add_argument("--work", type=Path, default=HERE / "_work", help="where the sites are generated and built")
    parser.add_argument(
        "--package-root", type=Path, default=REPO, help="folder holding the sphinx_seminars package to measure"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds one build may take before the run fails (default 1800)"
    )
    parser.add_argument("--label", default="", help="name of the raw results file (default: the date, or 'quick')")
    parser.add_argument(
        "--from-results",
        type=Path,
        metavar="FILE",
        help="build nothing: report the raw results in FILE again (with --write-docs, rewrite the docs' tables)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats, args.large_repeats, args.calendar_sizes = [100], 1, 1, [100]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_results:
        return report_again(args.from_results, args)
    command = "python benchmarks/run.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    sys.path.insert(0, str(args.package_root.resolve()))
    import sphinx_seminars

    # Byte-compile the package first, as installing it would: Sphinx and the other libraries come
    # compiled, and a checkout without .pyc files (or with PYTHONDONTWRITEBYTECODE set) would make
    # every build of the extension site compile the extension from source (about 20 ms a build).
    compileall.compile_dir(Path(sphinx_seminars.__file__).parent, quiet=1)

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    sizes: dict[int, SizeResult] = {}
    calendars: dict[int, CalendarTiming] = {}
    try:
        for n in args.sizes:
            rounds = args.repeats if n < 5000 else args.large_repeats if n < 10000 else args.huge_repeats
            kinds = KINDS if n < 10000 else args.huge_sites
            print(f"N = {n:,}: {rounds} round(s), sites {', '.join(kinds)} in turn", flush=True)
            sizes[n] = bench_size(
                n, rounds, args.seed, args.work, args.package_root.resolve(), args.timeout, _log, kinds
            )
        for n in args.calendar_sizes:
            calendars[n] = time_calendars(n, args.seed, args.work / f"calendars-{n}")
            _log(f"  calendars N={n}: writing {calendars[n].writing_seconds:.2f} s")
    except VerificationError as exc:
        print(f"\nVERIFICATION FAILED: {exc}", file=sys.stderr)
        return 1
    except BuildTimeout as exc:
        print(f"\nBUILD TOO SLOW: {exc}", file=sys.stderr)
        return 1

    meta: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "command": command.strip(),
        "version": sphinx_seminars.__version__,
        "package": package_description(args.package_root.resolve()),
        "machine": machine(),
        "seconds": round(time.perf_counter() - started),
        "load": {"before": load_before, "after": os.getloadavg()[0]},
    }
    name = f"{args.label or ('quick' if args.quick else meta['date'])}.json"
    return report(sizes, calendars, meta, args, save_as=RESULTS / name)


def report_again(results: Path, args: argparse.Namespace) -> int:
    """The report of an earlier run from its raw results: the same figures, judged and shown by this code."""
    raw = json.loads(results.read_text(encoding="utf-8"))
    sizes = {int(n): SizeResult.from_json(size) for n, size in raw["sizes"].items()}
    calendars = {int(n): CalendarTiming(**timing) for n, timing in raw["calendars"].items()}
    where = results.resolve()
    shown = where.relative_to(REPO).as_posix() if where.is_relative_to(REPO) else str(where)
    meta = {**raw["meta"], "reported_from": shown}
    return report(sizes, calendars, meta, args, save_as=None)


def report(
    sizes: dict[int, SizeResult],
    calendars: dict[int, CalendarTiming],
    meta: dict[str, Any],
    args: argparse.Namespace,
    save_as: Path | None,
) -> int:
    """Print the tables, save the raw results (*save_as*), write the docs' fragment (``--write-docs``)."""
    found = targets(sizes, calendars)
    print("\nTargets\n" + targets_table(found))
    print("\nBuilds (medians; ratios to hand)\n\n" + results_tables(sizes))
    print("\nRe-read and written\n" + reread_details(sizes))
    print("\n-j 2 against -j 1: " + j2_text(sizes, J2_IGNORED))
    print("\nCalendar writing alone\n" + calendar_table(calendars, full_5000(sizes)))
    print("\nGrowth\n" + linearity_table(sizes))
    print(f"\n{meta['machine']}\n({meta['seconds']} s in all)\n{load_text(meta['load'], meta['machine']['cores'])}")

    if save_as is not None:
        RESULTS.mkdir(exist_ok=True)
        raw = {
            "meta": meta,
            "targets": [dataclasses.asdict(t) for t in found],
            "sizes": {str(n): s.to_json() for n, s in sizes.items()},
            "calendars": {str(n): dataclasses.asdict(c) for n, c in calendars.items()},
        }
        save_as.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
        print(f"Raw results: {save_as.relative_to(REPO)}")
    if args.write_docs:
        DOCS_RESULTS.write_text(docs_fragment(sizes, calendars, found, meta, J2_IGNORED), encoding="utf-8")
        print(f"Wrote {DOCS_RESULTS.relative_to(REPO)}")
    missed = [t.name for t in found if not t.passed]
    if missed:
        print(f"\nMissed targets: {'; '.join(missed)}", file=sys.stderr)
        return 2 if args.check_targets else 0
    return 0


def package_description(root: Path) -> str:
    """Which sphinx_seminars was measured: this checkout at a commit, or another copy."""
    if root != REPO:
        return f"a copy outside this checkout, {root}"
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, check=False
    )
    return f"this checkout at {done.stdout.strip()}" if done.returncode == 0 else "this checkout"


def _log(message: str) -> None:
    print(message, flush=True)


if __name__ == "__main__":
    sys.exit(main())
