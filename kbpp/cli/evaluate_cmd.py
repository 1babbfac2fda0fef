"""`kbpp evaluate`: rates, bands and the strategic-plan roll-up for a year or quarter."""

from __future__ import annotations

import argparse
import json

from kbpp.directorates import resolve_name
from kbpp.evaluation.engine import result_to_json
from kbpp.evaluation.loader import evaluate_year
from kbpp.evaluation.summary import BandSummary
from kbpp.formatting import format_rate
from kbpp.i18n import _
from kbpp.storage import open_database


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("evaluate", help=_("evaluate a program year"))
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), help=_("year to date through this quarter")
    )
    parser.add_argument("--directorate", metavar=_("NAME"), help=_("show only this directorate"))
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    parser.set_defaults(handler=run)


def _summary_line(summary: BandSummary) -> str:
    bands = " · ".join(f"{name} {count}" for name, count in summary.counts.items())
    return _("{total} indicators, {undefined} without a rate | {bands}").format(
        total=summary.total, undefined=summary.undefined, bands=bands
    )


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        result = evaluate_year(db, args.year, args.quarter)
    finally:
        db.close()
    directorate = None
    if args.directorate:
        directorate = resolve_name([d.name for d in result.directorates], args.directorate)
    if args.json:
        print(json.dumps(result_to_json(result, directorate), ensure_ascii=False, indent=1))
        return 0
    if args.quarter:
        print(_("{year}, year to date through Q{q}").format(year=args.year, q=args.quarter))
    else:
        print(_("{year}, whole year").format(year=args.year))
    for d in result.directorates:
        if directorate and d.name != directorate:
            continue
        print(f"\n{d.name}: {_summary_line(d.summary)}")
        for ind in d.indicators:
            band = ind.band.key if ind.band else _("no rate")
            print(f"  {ind.facts.code:<14} {format_rate(ind.printed_rate):>10}  {band}")
    print("\n" + _("Municipality: {line}").format(line=_summary_line(result.municipality)))
    for label, scores in ((_("Themes"), result.themes), (_("Aims"), result.aims)):
        print(f"{label}: " + "; ".join(f"{k} {format_rate(v)}" for k, v in scores.items()))
    return 0
