"""Instructions each build executes, counted by valgrind: a figure the machine's speed does not change.

    python benchmarks/instructions.py                # N = 1,000: full, no-change and one-edit builds
    python benchmarks/instructions.py --write-docs   # also write docs/_benchmark-instructions.md

Why, beside ``run.py``'s seconds: on a shared virtual machine each core can switch between
speeds (on the machine the published figures come from, a fixed pure-Python loop took 135 ms
or 240 ms, switching every few seconds, independently on each core), so one 25-second build
can take 30% longer than the next and a ratio of two wall times carries that noise. Counting
the instructions the build executes (valgrind's cachegrind, without its cache simulation) gives
the same number on every run, so it shows what the extension adds in work, to the instruction.

What it does not see: time spent waiting for memory (a bigger heap makes Python's garbage
collector slower per object) and for the disk. That is why it stands beside the seconds and
does not replace them. Each build runs about 10 to 20 times slower under valgrind; the sites
are counted in parallel, one per core (the counts do not depend on what else runs).
"""

from __future__ import annotations

import argparse
import compileall
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import EDIT_MARK, KINDS, Site, make_talks, write_sites  # noqa: E402
from measure import Output, run_build  # noqa: E402
from report import LIMITS, ratio_text  # noqa: E402
from rounds import edit_talk  # noqa: E402
from verify import check, check_edit, check_no_warnings, check_site  # noqa: E402

DOCS_FRAGMENT = REPO / "docs" / "_benchmark-instructions.md"
RESULTS = HERE / "results"
#: what is counted for each site, in order
STEPS = ("full", "nochange", "edit")
_LABELS = {"full": "Full build", "nochange": "No-change rebuild", "edit": "Rebuild after editing one talk"}


def count(site: Site, output: Output, package_root: Path, timeout: float) -> tuple[int, list[str]]:
    """Instructions of one build of *site* (its whole process), and the documents it read."""
    out_file = output.logdir / "cachegrind.out"
    output.logdir.mkdir(parents=True, exist_ok=True)
    wrapper = ("valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out_file}", "-q")
    # A fixed hash seed: set order, and with it the work done, is then the same in every run.
    build = run_build(
        site, output, package_root=package_root, timeout=timeout, wrapper=wrapper, extra_env={"PYTHONHASHSEED": "0"}
    )
    check_no_warnings(site.kind, build.warnings)
    summary = re.search(r"^summary: (\d+)", out_file.read_text(encoding="utf-8"), re.MULTILINE)
    check(summary is not None, f"no instruction count in {out_file}")
    assert summary is not None
    return int(summary.group(1)), build.read


def count_site(site: Site, output: Output, talks: list, package_root: Path, timeout: float) -> dict[str, int]:
    """Full build, no-change rebuild, and a rebuild after one talk's title changed."""
    n = len(talks)
    output.clean()
    counts: dict[str, int] = {}
    counts["full"], read = count(site, output, package_root, timeout)
    check(len(read) == n + 1, f"{site.kind}: a full build read {len(read)} documents")
    check_site(site.kind, output.outdir, talks, calendars=site.extension)
    counts["nochange"], read = count(site, output, package_root, timeout)
    check(not read, f"{site.kind}: a no-change build read {read}")
    talk = talks[n // 2]
    new_title = f"{talk.title}{EDIT_MARK}"
    edit_talk(site, talk, new_title)
    try:
        counts["edit"], read = count(site, output, package_root, timeout)
        check_edit(site.kind, output.outdir, talk, new_title)
        check(read == [f"talks/{talk.id}"], f"{site.kind}: editing one talk re-read {read}")
    finally:
        edit_talk(site, talk, None)
    return counts


def table(n: int, counts: dict[str, dict[str, int]]) -> str:
    kinds = [kind for kind in KINDS if kind in counts]
    compared = [kind for kind in kinds if kind != "hand"]
    head = ["Build", *(f"{kind} (millions)" for kind in kinds), *(f"{kind} / hand" for kind in compared)]
    lines = [f"N = {n:,}:", "", "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for step in STEPS:
        ratios = [counts[kind][step] / counts["hand"][step] for kind in compared]
        cells = [_LABELS[step], *(f"{counts[kind][step] / 1e6:,.0f}" for kind in kinds)]
        cells += [
            f"{ratio_text(ratio, LIMITS[step])}x" + ("" if ratio <= LIMITS[step] else " (over the target)")
            for ratio in ratios
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000, help="talks in each site (default 1,000, the targets' size)")
    parser.add_argument("--seed", type=int, default=20240503)
    parser.add_argument("--work", type=Path, default=HERE / "_work" / "instructions")
    parser.add_argument("--package-root", type=Path, default=REPO)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one build may take under valgrind")
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_FRAGMENT.relative_to(REPO)}")
    parser.add_argument("--label", default="", help="name of the raw results file (default: the date)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 1
    command = "python benchmarks/instructions.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    package_root = args.package_root.resolve()
    # As run.py does: compiled, as installing it would leave it (else compiling it would be counted).
    compileall.compile_dir(package_root / "sphinx_seminars", quiet=1)
    talks = make_talks(args.size, args.seed)
    root = args.work / f"n{args.size}"
    sites = write_sites(talks, root)
    outputs = {kind: Output(root / kind / "out", root / kind / "doctrees", root / kind / "logs") for kind in KINDS}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {
            kind: pool.submit(count_site, sites[kind], outputs[kind], talks, package_root, args.timeout)
            for kind in KINDS
        }
        counts = {kind: future.result() for kind, future in futures.items()}
    text = table(args.size, counts)
    print(text)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    RESULTS.mkdir(exist_ok=True)
    raw = {"date": date, "command": command.strip(), "size": args.size, "counts": counts}
    name = f"{args.label or date}-instructions.json"
    (RESULTS / name).write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    if args.write_docs:
        DOCS_FRAGMENT.write_text(_docs(text, command.strip(), date, package_root), encoding="utf-8")
        print(f"Wrote {DOCS_FRAGMENT.relative_to(REPO)}")
    return 0


def _docs(text: str, command: str, date: str, package_root: Path) -> str:
    from run import package_description

    return (
        f"<!-- Written by `{command}`; do not edit by hand. -->\n\n"
        f"Counted on {date} with `{command}`, sphinx-seminars from {package_description(package_root)}; "
        "valgrind's cachegrind (no cache simulation), `PYTHONHASHSEED=0`, each build in a fresh process "
        "as in the timed runs. Millions of instructions, interpreter start-up included; the same sites, "
        "talks and edit as the timed runs.\n\n" + text + "\n"
    )


if __name__ == "__main__":
    sys.exit(main())
