"""`kbpp remind --year Y --quarter Q --out FILE.pdf [--directorate NAME]`: reminder letters."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbpp.i18n import _
from kbpp.reports.letters import collect, letters_written, summary_lines, write_letters
from kbpp.settings import load_settings
from kbpp.storage import open_database


def register(commands: argparse._SubParsersAction) -> None:
    remind = commands.add_parser(
        "remind", help=_("reminder letters for what is missing or late in a quarter (office)")
    )
    remind.add_argument("--year", type=int, required=True, metavar="Y")
    remind.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
    remind.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    remind.add_argument(
        "--directorate", metavar=_("NAME"), help=_("only this directorate (default: all)")
    )
    remind.add_argument("--number", default="", help=_("the letters' reference number (Sayı)"))
    remind.set_defaults(handler=run_remind)


def run_remind(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        reminders = collect(db, args.year, args.quarter, args.directorate)
    finally:
        db.close()
    for line in summary_lines(reminders):
        print(line)
    settings = load_settings()
    count = write_letters(
        reminders,
        args.out,
        number=args.number,
        signer_name=settings["letter_signer_name"],
        signer_title=settings["letter_signer_title"],
    )
    print(letters_written(count, args.out))
    return 0
