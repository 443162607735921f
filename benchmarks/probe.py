"""Run one ``sphinx-build`` in this process and report what it did, as JSON on the last line of stdout.

Usage: ``python benchmarks/probe.py REPORT.json SPHINX-BUILD-ARGS...``

Run in a fresh subprocess per build, so that each build pays its own start-up
and its peak memory is its own (``ru_maxrss`` of this process; with ``-j`` the
forked workers' peak is reported separately). The documents Sphinx reads and
writes are recorded through a small extension added to every application:
the generated sites' ``conf.py`` stay free of benchmark machinery.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

_REPORT: dict[str, Any] = {"read": [], "written": [], "listener_seconds": 0.0}
_STARTED: list[float] = []


def setup(app: Any) -> dict[str, Any]:
    """The probe extension: which documents this build reads and writes."""

    def before_read(_app: Any, _env: Any, docnames: list[str]) -> None:
        # Called once, in the main process, with every document about to be read (also with -j).
        _REPORT["read"].extend(docnames)

    def resolved(_app: Any, _doctree: Any, docname: str) -> None:
        # doctree-resolved runs in the main process for every page written (also with -j).
        _REPORT["written"].append(docname)

    def start(*_args: Any) -> None:
        _STARTED.append(time.perf_counter())

    def stop(*_args: Any) -> None:
        _REPORT["listener_seconds"] += time.perf_counter() - _STARTED.pop()

    app.connect("env-before-read-docs", before_read, priority=900)  # after others may add documents
    app.connect("doctree-resolved", resolved, priority=900)
    # Extensions connect at the default priority (500): the time between 499 and 501 is theirs.
    # For sphinx-seminars that is the calendar files (doctree-resolved) and the feeds and static
    # files (build-finished); Sphinx itself connects nothing there.
    for event in ("doctree-resolved", "build-finished"):
        app.connect(event, start, priority=499)
        app.connect(event, stop, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main() -> int:
    report_path, argv = Path(sys.argv[1]), sys.argv[2:]
    # Sphinx imports the extension as "probe", not as this "__main__": use that module's report.
    import probe
    import sphinx.application
    from sphinx.cmd.build import build_main

    # Loaded like Sphinx's own extensions, by every application this process makes.
    sphinx.application.builtin_extensions += ("probe",)
    started = time.perf_counter()
    status = build_main(argv)
    report = probe._REPORT
    report["seconds_in_process"] = time.perf_counter() - started
    report["status"] = status
    # ru_maxrss is in KiB on Linux.
    report["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["children_maxrss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report_path.write_text(json.dumps(report), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
