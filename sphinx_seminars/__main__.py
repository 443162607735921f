"""``python -m sphinx_seminars`` (installed as ``sphinx-seminars``): commands for seminar archives."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sphinx-seminars", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from . import check

    check_parser = commands.add_parser(
        "check",
        help="report problems in event files as the build would, without building",
        description="Report the problems the build would warn about in event files, as "
        "'file:line: WARNING: message [seminars.<subtype>]' lines. Exit status: 0 when there are none, "
        "1 when there are (or files were fixed), 2 for a usage error.",
    )
    check.add_arguments(check_parser)
    args = parser.parse_args(argv)
    return check.run(args, check_parser)


if __name__ == "__main__":
    sys.exit(main())
