"""`kbpp init`: create a database for the strategy office or one directorate."""

from __future__ import annotations

import argparse

from kbpp.i18n import _
from kbpp.storage import create_database


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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = create_database(args.db, args.role, args.directorate)
    db.close()
    print(_("Created {path} ({role}).").format(path=args.db, role=args.role))
    return 0
