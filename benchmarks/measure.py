"""Running one build of one site in a fresh process, and the builds of one benchmark round."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generate import Site

REPO = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "probe.py"
#: fixed, so that calendar stamps of files without ``updated`` do not depend on file times
SOURCE_DATE_EPOCH = "1735689600"


@dataclasses.dataclass
class Build:
    """One ``sphinx-build`` run: wall time as the user waits for it, peak memory, what it did."""

    seconds: float
    maxrss_mib: float  #: the main process
    workers_maxrss_mib: float  #: the largest forked worker (``-j``), else 0
    read: list[str]  #: documents read (parsed) in this build
    written: list[str]  #: documents written in this build
    warnings: str
    doctrees_mib: float  #: the doctree folder after the build: what every later build unpickles
    listener_seconds: float  #: in extensions' doctree-resolved and build-finished listeners (calendars)


@dataclasses.dataclass(frozen=True)
class Output:
    """Where one site's builds of one kind go (a -j 1 and a -j 2 build never share them)."""

    outdir: Path
    doctreedir: Path
    logdir: Path

    def clean(self) -> None:
        for folder in (self.outdir, self.doctreedir):
            if folder.exists():
                shutil.rmtree(folder)


class BuildTimeout(RuntimeError):
    """A build ran past the time limit: something is badly slower than it should be."""


def run_build(
    site: Site,
    output: Output,
    *,
    jobs: int = 1,
    package_root: Path = REPO,
    timeout: float | None = None,
    wrapper: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
) -> Build:
    """Build *site* into *output* in a fresh Python process; raise with Sphinx's output if it fails.

    *package_root* is the folder holding the ``sphinx_seminars`` package to measure; *wrapper*
    is a command the build runs under (``instructions.py`` counts with valgrind).
    """
    output.logdir.mkdir(parents=True, exist_ok=True)
    report = output.logdir / "probe.json"
    warnings = output.logdir / "warnings.txt"
    command = [
        *wrapper,
        sys.executable,
        str(PROBE),
        str(report),
        "-b",
        "html",
        "-q",
        "-j",
        str(jobs),
        "-d",
        str(output.doctreedir),
        "-w",
        str(warnings),
        str(site.srcdir),
        str(output.outdir),
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(package_root), env.get("PYTHONPATH", "")]))
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    env.update(extra_env or {})
    # Start on a quiet disk: without this, writing back the last build's files (or deleting its
    # output, for a full build) goes on during this one and is timed with it, more for the site
    # that had more files.
    os.sync()
    started = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BuildTimeout(
            f"the {site.kind} site's build ({' '.join(command[len(wrapper) + 3 :])}) took over {timeout:.0f} s"
        ) from None
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(
            f"sphinx-build of the {site.kind} site failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    data = json.loads(report.read_text(encoding="utf-8"))
    return Build(
        seconds=seconds,
        maxrss_mib=data["maxrss_mib"],
        workers_maxrss_mib=data["children_maxrss_mib"],
        read=sorted(data["read"]),
        written=sorted(data["written"]),
        warnings=warnings.read_text(encoding="utf-8") if warnings.exists() else "",
        listener_seconds=data["listener_seconds"],
        doctrees_mib=sum(p.stat().st_size for p in output.doctreedir.rglob("*") if p.is_file()) / 2**20,
    )
