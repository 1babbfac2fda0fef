"""`kbpp backup now|list|restore`: the same backups the app takes by itself."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbpp.backup import list_backups, make_backup, restore_backup, rotate
from kbpp.formatting import format_datetime, format_number
from kbpp.i18n import _


def register(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help=_("back up or restore the database"))
    sub = backup.add_subparsers(dest="backup_command", metavar=_("ACTION"))
    sub.required = True
    now = sub.add_parser("now", help=_("make a verified backup now"))
    now.add_argument(
        "--to",
        type=Path,
        metavar=_("FOLDER"),
        help=_("write it to this folder (e.g. a USB stick) instead"),
    )
    now.set_defaults(handler=run_now)
    sub.add_parser("list", help=_("list the backups, newest first")).set_defaults(handler=run_list)
    restore = sub.add_parser("restore", help=_("replace the database by a backup"))
    restore.add_argument("file", type=Path)
    restore.set_defaults(handler=run_restore)


def run_now(args: argparse.Namespace) -> int:
    info = make_backup(args.db, "manual", folder=args.to)
    if args.to is None:
        rotate(args.db)
    print(_("Backup written and verified: {path}").format(path=info.path))
    return 0


def run_list(args: argparse.Namespace) -> int:
    backups = list_backups(args.db)
    if not backups:
        print(_("No backups of {path} yet.").format(path=args.db))
    for b in backups:
        size = format_number(b.size // 1024)
        print(f"{format_datetime(b.created)}  {b.reason:<28} {size:>8} KB  {b.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    safety = restore_backup(args.db, args.file)
    print(
        _("Restored {backup}. The previous state was kept as {safety}.").format(
            backup=args.file, safety=safety.path
        )
    )
    return 0
