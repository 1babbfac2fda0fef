"""`kbpp plan import|export`: the plan exchange format (docs/formats.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kbpp.i18n import _, ngettext
from kbpp.office.periods import add_period, list_periods, parse_period
from kbpp.planexchange.exporter import write_plan_file
from kbpp.planexchange.importer import describe_counts, import_plan
from kbpp.planexchange.reader import read_plan_file
from kbpp.storage import open_database


def register(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser("plan", help=_("import or export a plan file (kbpp-plan JSON)"))
    sub = plan.add_subparsers(dest="plan_command", metavar=_("ACTION"))
    sub.required = True
    imp = sub.add_parser("import", help=_("import a plan file, all or nothing"))
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=run_import)
    exp = sub.add_parser("export", help=_("export the plan to a file"))
    exp.add_argument("file", type=Path)
    exp.add_argument("--year", type=int, help=_("only this program year"))
    exp.set_defaults(handler=run_export)
    period = sub.add_parser("period", help=_("strategic plan periods (e.g. 2025-2029)"))
    periods = period.add_subparsers(dest="period_command", metavar=_("ACTION"))
    periods.required = True
    add = periods.add_parser("add", help=_("add a new strategic plan period"))
    add.add_argument("--start", type=int, required=True, metavar="YEAR")
    add.add_argument("--end", type=int, required=True, metavar="YEAR")
    add.add_argument("--name", help=_("the plan's name (default: START-END Stratejik Plan)"))
    add.add_argument(
        "--copy-from",
        metavar="START-END",
        help=_("copy the themes, aims and objectives of this plan period"),
    )
    add.set_defaults(handler=run_period_add)
    listing = periods.add_parser("list", help=_("list the plan periods and their years"))
    listing.set_defaults(handler=run_period_list)


def run_import(args: argparse.Namespace) -> int:
    read = read_plan_file(args.file)
    db = open_database(args.db)
    try:
        summary = import_plan(db, read)
    finally:
        db.close()
    created = describe_counts(summary.created)
    updated = describe_counts(summary.updated)
    print(_("Imported {file}.").format(file=args.file))
    print(_("  created: {items}").format(items=created or _("nothing")))
    print(_("  updated: {items}").format(items=updated or _("nothing")))
    kept = sum(summary.kept.values())
    if kept:
        print(_("  kept (in the database, not in the file): {n}").format(n=kept))
    for warning in summary.warnings:
        print(_("warning: {text}").format(text=warning), file=sys.stderr)
    return 0


def run_period_add(args: argparse.Namespace) -> int:
    copy_from = parse_period(args.copy_from) if args.copy_from else None
    db = open_database(args.db)
    try:
        period = add_period(db, args.start, args.end, args.name, copy_from)
    finally:
        db.close()
    print(
        _(
            "Plan period {period} added: {themes} themes, {aims} aims, {objectives} objectives."
        ).format(
            period=period.label,
            themes=period.themes,
            aims=period.aims,
            objectives=period.objectives,
        )
    )
    return 0


def run_period_list(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        periods = list_periods(db)
    finally:
        db.close()
    for p in periods:
        years = ", ".join(str(y) for y in p.years) or "-"
        line = _("{period}  {name}  years: {years}")
        print(line.format(period=p.label, name=p.name, years=years))
    return 0


def run_export(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        document = write_plan_file(db, args.file, args.year)
    finally:
        db.close()
    found = [str(p["year"]) for p in document["programs"]]
    years = ", ".join(found) or "-"
    print(
        ngettext(
            "Exported program year {years} to {file}.",
            "Exported program years {years} to {file}.",
            len(found),
        ).format(years=years, file=args.file)
    )
    return 0
