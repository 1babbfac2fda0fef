"""Entry point of `kbpp [--db PATH] COMMAND`; each command group lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kbpp import __version__
from kbpp.cli import (
    audit_cmd,
    backup_cmd,
    evaluate_cmd,
    init_cmd,
    key_cmd,
    package_cmd,
    plan_cmd,
    publish_cmd,
    quarter_cmd,
    remind_cmd,
    report_cmd,
    selftest_cmd,
    status_cmd,
    values_cmd,
    year_cmd,
)
from kbpp.errors import KbppError, ValidationError
from kbpp.i18n import _
from kbpp.paths import default_db_path

EXIT_OK = 0
EXIT_ERROR = 1
COMMAND_MODULES = (
    init_cmd,
    plan_cmd,
    evaluate_cmd,
    values_cmd,
    key_cmd,
    package_cmd,
    quarter_cmd,
    backup_cmd,
    year_cmd,
    selftest_cmd,
    report_cmd,
    publish_cmd,
    remind_cmd,
    status_cmd,
    audit_cmd,
)
MAX_PROBLEMS = 50


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kbpp",
        description=_("KBPP: performance programs, quarterly values and reports."),
    )
    parser.add_argument("--version", action="version", version=f"KBPP {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=_("database file (default: $KBPP_DB or {path})").format(path=default_db_path()),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    commands.required = True
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def report_error(exc: KbppError) -> None:
    print(str(exc), file=sys.stderr)
    if isinstance(exc, ValidationError):
        for problem in exc.problems[:MAX_PROBLEMS]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > MAX_PROBLEMS:
            print(
                _("  … and {n} more.").format(n=len(exc.problems) - MAX_PROBLEMS),
                file=sys.stderr,
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db is None:
        args.db = default_db_path()
    try:
        return int(args.handler(args) or EXIT_OK)
    except KbppError as exc:
        report_error(exc)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(_("Interrupted; nothing half-written was kept."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
