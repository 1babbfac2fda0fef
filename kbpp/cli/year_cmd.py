"""`kbpp year rollover --from Y`: start the next program year from this one."""

from __future__ import annotations

import argparse

from kbpp.i18n import _
from kbpp.rollover import roll_over
from kbpp.storage import open_database


def register(commands: argparse._SubParsersAction) -> None:
    year = commands.add_parser("year", help=_("program years"))
    sub = year.add_subparsers(dest="year_command", metavar=_("ACTION"))
    sub.required = True
    rollover = sub.add_parser("rollover", help=_("create year Y+1 from year Y"))
    rollover.add_argument("--from", dest="from_year", type=int, required=True, metavar="Y")
    rollover.set_defaults(handler=run_rollover)


def run_rollover(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        summary = roll_over(db, args.from_year)
    finally:
        db.close()
    print(
        _(
            "Program year {year} created: {targets} performance targets, {indicators} "
            "indicators, {activities} activities. Targets and costs are empty for the "
            "directorates to fill."
        ).format(
            year=summary.year,
            targets=summary.targets,
            indicators=summary.indicators,
            activities=summary.activities,
        )
    )
    for card in summary.skipped:
        print(_("not copied (its objective is not in the new plan): {card}").format(card=card))
    return 0
