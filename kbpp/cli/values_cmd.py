"""`kbpp values set|attach`: one quarterly value (or evidence file) from a script or a test.

Values go through `kbpp.values.set_value`, with the grid's validation, lock check and audit.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp.directorates import find_directorate
from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import _
from kbpp.models import Indicator, PerformanceTarget, ProgramYear
from kbpp.number_input import NumberInputError, parse_number, parse_number_plain
from kbpp.office.on_behalf import required_reason
from kbpp.packages.evidence import attach_evidence
from kbpp.storage import Database, open_database
from kbpp.values import set_value


def register(commands: argparse._SubParsersAction) -> None:
    values = commands.add_parser("values", help=_("enter quarterly values"))
    sub = values.add_subparsers(dest="values_command", metavar=_("ACTION"))
    sub.required = True
    set_ = sub.add_parser("set", help=_("set one indicator's value for a quarter"))
    attach = sub.add_parser("attach", help=_("attach an evidence file to a quarter's value"))
    for parser in (set_, attach):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
        parser.add_argument(
            "--code", required=True, help=_("the indicator's code, e.g. PG9.62.1.1")
        )
        parser.add_argument("--directorate", metavar=_("NAME"), help=_("when the code is shared"))
    set_.add_argument("--value", required=True, help=_("Turkish (12,5) or plain (12.5) decimal"))
    set_.add_argument("--note", help=_("the deviation note"))
    set_.add_argument(
        "--on-behalf",
        action="store_true",
        help=_("the office enters it for the directorate (required at the office)"),
    )
    set_.add_argument("--reason", help=_("why the office enters it (with --on-behalf)"))
    set_.set_defaults(handler=run_set)
    attach.add_argument("--file", type=Path, required=True)
    attach.set_defaults(handler=run_attach)


def parse_value(text: str) -> Decimal:
    """Turkish or plain notation; refused when the two readings differ (1.234)."""
    readings = []
    first_error: NumberInputError | None = None
    for parse in (lambda t: parse_number(t, "tr_TR"), parse_number_plain):
        try:
            readings.append(parse(text))
        except NumberInputError as exc:
            first_error = first_error or exc
    if not readings:
        assert first_error is not None
        raise ValidationError(str(first_error))
    if len(readings) == 2 and readings[0] != readings[1]:
        raise ValidationError(
            _(
                "“{text}” could mean {a} or {b}; type it without a thousands dot, or with a "
                "decimal comma."
            ).format(text=text, a=readings[0], b=readings[1])
        )
    return readings[0]


def find_indicator(
    session: Session, db: Database, year: int, code: str, directorate: str | None
) -> Indicator:
    query = (
        select(Indicator)
        .join(PerformanceTarget)
        .join(ProgramYear)
        .where(ProgramYear.year == year, Indicator.code == code.strip())
    )
    name = directorate or (db.directorate_name if db.role == "directorate" else None)
    if name:
        d = find_directorate(session, name)
        query = query.where(PerformanceTarget.directorate_id == d.id)
    found = session.scalars(query).all()
    if not found:
        raise NotFoundError(
            _("There is no indicator {code} in {year}{who}.").format(
                code=code, year=year, who=f" ({name})" if name else ""
            )
        )
    if len(found) > 1:
        raise ValidationError(
            _("{code} belongs to several directorates; add --directorate NAME.").format(code=code)
        )
    return found[0]


def run_set(args: argparse.Namespace) -> int:
    value = parse_value(args.value)
    db = open_database(args.db)
    try:
        on_behalf = args.on_behalf or db.role == "office"
        if on_behalf and db.role != "office":
            raise ValidationError(
                _("Only the strategy office enters values on behalf of a directorate.")
            )
        with db.write() as session:
            indicator = find_indicator(session, db, args.year, args.code, args.directorate)
            if on_behalf:
                required_reason(args.reason)
            change = set_value(
                session,
                indicator,
                f"Q{args.quarter}",
                value,
                args.note,
                on_behalf=on_behalf,
                reason=args.reason.strip() if on_behalf else None,
            )
    finally:
        db.close()
    if change.changed:
        print(
            _("{code} Q{q}: {old} → {new}").format(
                code=args.code,
                q=args.quarter,
                old=change.old_value if change.old_value is not None else "-",
                new=change.new_value,
            )
        )
    else:
        print(_("{code} Q{q}: unchanged").format(code=args.code, q=args.quarter))
    return 0


def run_attach(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        with db.read() as session:
            indicator_id = find_indicator(session, db, args.year, args.code, args.directorate).id
        digest = attach_evidence(db, indicator_id, f"Q{args.quarter}", args.file)
    finally:
        db.close()
    print(_("Attached {file} ({digest}).").format(file=args.file.name, digest=digest[:16]))
    return 0
