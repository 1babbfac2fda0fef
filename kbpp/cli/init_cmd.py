"""`kbpp init`: create a database for the strategy office or one directorate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kbpp.errors import KbppError
from kbpp.i18n import _
from kbpp.packages.errors import PackageRejected
from kbpp.packages.importer import signer_fingerprint
from kbpp.packages.workspace import create_workspace
from kbpp.storage import create_database

EXIT_REJECTED = 3


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("init", help=_("create a new database"))
    parser.add_argument(
        "--role",
        choices=("office", "directorate"),
        required=True,
        help=_("the strategy office's database or a directorate's workspace"),
    )
    parser.add_argument(
        "--directorate", metavar=_("NAME"), help=_("the directorate this workspace belongs to")
    )
    parser.add_argument(
        "--from-package",
        type=Path,
        metavar="FILE",
        help=_("create a directorate workspace from the office's reference package"),
    )
    parser.add_argument(
        "--office-fingerprint",
        metavar="FP",
        help=_("the office key's fingerprint, as the strategy office gave it to you"),
    )
    parser.set_defaults(handler=run)


def _confirmed_fingerprint(args: argparse.Namespace) -> str:
    if args.office_fingerprint:
        return args.office_fingerprint
    shown = signer_fingerprint(args.from_package)
    print(_("The package is signed by the key {fp}.").format(fp=shown))
    if not sys.stdin.isatty():
        raise KbppError(
            _(
                "Confirm the office's key: add --office-fingerprint with the fingerprint the "
                "strategy office gave you."
            )
        )
    answer = input(_("Is this the fingerprint the strategy office gave you? [y/N] "))
    if answer.strip().lower() not in ("y", "yes", "e", "evet"):
        raise KbppError(_("Not confirmed; no workspace was created."))
    return shown


def run(args: argparse.Namespace) -> int:
    if args.from_package is None:
        db = create_database(args.db, args.role, args.directorate)
        db.close()
        print(_("Created {path} ({role}).").format(path=args.db, role=args.role))
        return 0
    if args.role != "directorate":
        raise KbppError(_("Only a directorate workspace is created from a package."))
    try:
        outcome = create_workspace(
            args.db, args.from_package, _confirmed_fingerprint(args), args.directorate
        )
    except PackageRejected as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    assert outcome.manifest is not None
    print(
        _("Created {path} for {name} from {file}.").format(
            path=args.db, name=outcome.manifest.audience, file=args.from_package.name
        )
    )
    return 0
