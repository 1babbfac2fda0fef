"""`kbpp audit`: search the audit log (who, when, what, old → new, which package)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from kbpp.errors import ValidationError
from kbpp.formatting import format_datetime
from kbpp.i18n import _
from kbpp.office.audit_log import (
    DEFAULT_LIMIT,
    AuditFilter,
    AuditRow,
    query_audit,
    row_to_json,
    write_audit_xlsx,
)
from kbpp.storage import open_database


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date; write it as YYYY-MM-DD.").format(text=text)
        ) from None


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("audit", help=_("search the audit log"))
    parser.add_argument(
        "--search", default="", metavar=_("TEXT"), help=_("text in key, values, reason or user")
    )
    parser.add_argument("--user", metavar=_("USER"), help=_("only this user's changes"))
    parser.add_argument(
        "--action", metavar=_("ACTION"), help=_("only this action (e.g. value, status)")
    )
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help=_("from this day"))
    parser.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help=_("up to this day"))
    parser.add_argument("--package", metavar="ID", help=_("only changes from this package"))
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=_("at most N entries, newest first (0: all; default {n})").format(n=DEFAULT_LIMIT),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    parser.add_argument("--xlsx", type=Path, metavar="FILE", help=_("also write them to Excel"))
    parser.set_defaults(handler=run)


def _line(row: AuditRow) -> str:
    what = f"{row.entity} {row.entity_key}" + (f" [{row.field}]" if row.field else "")
    change = (
        f"{row.old if row.old is not None else '–'} → {row.new if row.new is not None else '–'}"
    )
    extras = []
    if row.reason:
        extras.append(_("reason: {reason}").format(reason=row.reason))
    if row.package_id:
        extras.append(_("package {id}").format(id=row.package_id))
    if row.on_behalf:
        extras.append(_("on behalf of the directorate"))
    tail = f"  ({'; '.join(extras)})" if extras else ""
    return f"{format_datetime(row.at)}  {row.user}  {row.action}  {what}: {change}{tail}"


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise ValidationError(_("--limit is a number of entries, 0 or more."))
    if args.since and args.until and args.since > args.until:
        raise ValidationError(_("--since is after --until; swap the two dates."))
    found = AuditFilter(
        text=args.search,
        user=args.user,
        action=args.action,
        since=args.since,
        until=args.until,
        package_id=args.package,
    )
    db = open_database(args.db)
    try:
        page = query_audit(db, found, args.limit or None)
    finally:
        db.close()
    if args.xlsx:
        write_audit_xlsx(page.rows, args.xlsx)
    if args.json:
        document = {"total": page.total, "entries": [row_to_json(r) for r in page.rows]}
        print(json.dumps(document, ensure_ascii=False, indent=1))
        return 0
    for row in page.rows:
        print(_line(row))
    print(
        _("{shown} of {total} entries, newest first.").format(
            shown=len(page.rows), total=page.total
        )
    )
    if args.xlsx:
        print(_("Written: {path}").format(path=args.xlsx))
    return 0
