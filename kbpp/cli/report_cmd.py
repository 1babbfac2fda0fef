"""`kbpp report program|monitoring|results`: the official reports as PDF or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbpp.i18n import _
from kbpp.reports.build import ReportRequest, make_report
from kbpp.storage import open_database


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report", help=_("print an official report as PDF or Excel (.pdf or .xlsx)")
    )
    parser.add_argument(
        "kind",
        choices=("program", "monitoring", "results"),
        help=_("the Performance Program, a quarter's monitoring, or the year's results"),
    )
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), help=_("the quarter (monitoring only)")
    )
    parser.add_argument("--directorate", metavar=_("NAME"), help=_("only this directorate"))
    parser.add_argument(
        "--out", type=Path, required=True, metavar=_("FILE"), help=_("FILE.pdf or FILE.xlsx")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    request = ReportRequest(args.kind, args.year, args.out, args.quarter, args.directorate)
    db = open_database(args.db)
    try:
        outcome = make_report(db, request)
    finally:
        db.close()
    if outcome.pages is not None:
        print(_("Wrote {path} ({pages} pages).").format(path=outcome.path, pages=outcome.pages))
    else:
        print(_("Wrote {path} ({sheets} sheets).").format(path=outcome.path, sheets=outcome.sheets))
    return 0
