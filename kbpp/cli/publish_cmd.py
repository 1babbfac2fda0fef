"""`kbpp publish --year Y --key FILE --out FOLDER [--directorate NAME]`: reference packages."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbpp.cli.key_cmd import add_passphrase_option, unlock_key
from kbpp.i18n import _, ngettext
from kbpp.office.publish import publish_with_key
from kbpp.storage import open_database


def register(commands: argparse._SubParsersAction) -> None:
    publish = commands.add_parser(
        "publish",
        help=_("write the year's reference packages for every directorate (or one) (office)"),
    )
    publish.add_argument("--year", type=int, required=True, metavar="Y")
    publish.add_argument("--key", type=Path, required=True, metavar="FILE")
    add_passphrase_option(publish)
    publish.add_argument("--out", type=Path, required=True, metavar=_("FOLDER"))
    publish.add_argument(
        "--directorate", metavar=_("NAME"), help=_("only this directorate (default: all)")
    )
    publish.set_defaults(handler=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        key = unlock_key(args, args.key)
        paths = publish_with_key(db, args.year, key, args.out, args.directorate)
    finally:
        db.close()
    for path in paths:
        print(path)
    print(
        ngettext(
            "{n} reference package written to {folder}, signed by {fp}.",
            "{n} reference packages written to {folder}, signed by {fp}.",
            len(paths),
        ).format(n=len(paths), folder=args.out, fp=key.fingerprint)
    )
    return 0
