"""`kbpp quarter accept|return|lock|unlock|correct`: the office's decisions on a directorate's
quarter, through the same functions as the review and calendar dialogs."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
from pathlib import Path

from kbpp.cli.key_cmd import add_passphrase_option, read_passphrase
from kbpp.cli.values_cmd import parse_value
from kbpp.errors import ValidationError
from kbpp.i18n import _
from kbpp.office.on_behalf import enter_on_behalf
from kbpp.office.review import accept_quarter, lock_quarter, return_quarter, unlock_quarter
from kbpp.packages.keys import load_signing_key
from kbpp.storage import open_database

PASSPHRASE_VARIABLE = "KBPP_PASSPHRASE"


def register(commands: argparse._SubParsersAction) -> None:
    quarter = commands.add_parser(
        "quarter", help=_("accept, return, lock or unlock a directorate's quarter (office)")
    )
    sub = quarter.add_subparsers(dest="quarter_command", metavar=_("ACTION"))
    sub.required = True
    parsers = {
        "accept": sub.add_parser("accept", help=_("accept a received quarter and lock it")),
        "return": sub.add_parser(
            "return", help=_("send a quarter back with comments as a signed return package")
        ),
        "lock": sub.add_parser("lock", help=_("lock a quarter for a reason")),
        "unlock": sub.add_parser("unlock", help=_("lift a quarter's lock for a reason")),
        "correct": sub.add_parser(
            "correct", help=_("enter or correct a directorate's value on its behalf")
        ),
    }
    for name, parser in parsers.items():
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
        parser.add_argument("--directorate", required=True, metavar=_("NAME"))
        parser.add_argument(
            "--reason", required=name != "accept", help=_("why (shown to the directorate)")
        )
        parser.set_defaults(handler=globals()[f"run_{name}"])
    ret = parsers["return"]
    ret.add_argument(
        "--comments",
        type=Path,
        metavar="FILE",
        help=_("comments per indicator: JSON {code: text} or CSV rows code,text"),
    )
    ret.add_argument("--key", type=Path, required=True, metavar="FILE")
    add_passphrase_option(ret)
    ret.add_argument("--out", type=Path, required=True, metavar=_("FOLDER"))
    fix = parsers["correct"]
    fix.add_argument("--code", required=True, help=_("the indicator's code, e.g. PG9.62.1.1"))
    fix.add_argument("--value", required=True, help=_("Turkish (12,5) or plain (12.5) decimal"))
    fix.add_argument("--note", help=_("the deviation note"))
    fix.add_argument(
        "--year-value", action="store_true", help=_("the whole year's value (Y) instead")
    )
    fix.add_argument(
        "--override-lock",
        action="store_true",
        help=_("deliberately correct an accepted or locked quarter"),
    )


def read_comments(path: Path | None) -> dict[str, str]:
    """Indicator code → comment, from a JSON object or a two-column CSV file."""
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(
            _("{file} cannot be read ({reason}).").format(file=path, reason=exc.strerror or exc)
        ) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ValidationError(
                _(
                    "{file} is not a JSON object of indicator codes and comments, e.g. "
                    '{{"PG1.1.1.1": "Add the report."}}.'
                ).format(file=path)
            )
        return data
    comments = {}
    for n, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise ValidationError(
                _("Line {n} of {file} is not “code,comment”.").format(n=n, file=path)
            )
        comments[row[0].strip()] = ",".join(row[1:]).strip()
    return comments


def _passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_env:
        return read_passphrase(args, "")
    return os.environ.get(PASSPHRASE_VARIABLE) or getpass.getpass(
        _("Passphrase for {file}: ").format(file=args.key.name)
    )


def run_accept(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        reason = accept_quarter(db, args.year, args.quarter, args.directorate)
    finally:
        db.close()
    print(_("Q{q} of {name} is accepted and locked: {reason}.").format(
        q=args.quarter, name=args.directorate, reason=reason
    ))  # fmt: skip
    return 0


def run_return(args: argparse.Namespace) -> int:
    comments = read_comments(args.comments)
    key = load_signing_key(args.key, _passphrase(args))
    db = open_database(args.db)
    try:
        path = return_quarter(
            db, args.year, args.quarter, args.directorate, comments, args.reason, key, args.out
        )
    finally:
        db.close()
    print(
        _("Q{q} of {name} is returned; give the directorate {file}.").format(
            q=args.quarter, name=args.directorate, file=path
        )
    )
    return 0


def run_lock(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        lock_quarter(db, args.year, args.quarter, args.directorate, args.reason)
    finally:
        db.close()
    print(_("Q{q} of {name} is locked: {reason}").format(
        q=args.quarter, name=args.directorate, reason=args.reason
    ))  # fmt: skip
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        print(unlock_quarter(db, args.year, args.quarter, args.directorate, args.reason))
    finally:
        db.close()
    return 0


def run_correct(args: argparse.Namespace) -> int:
    value = parse_value(args.value)
    period = "Y" if args.year_value else f"Q{args.quarter}"
    db = open_database(args.db)
    try:
        change = enter_on_behalf(
            db,
            args.year,
            args.directorate,
            args.code,
            period,
            value,
            args.note,
            args.reason,
            override_lock=args.override_lock,
        )
    finally:
        db.close()
    old = change.old_value if change.old_value is not None else "-"
    print(
        _("{code} {period}: {old} → {new}, entered by the strategy office ({reason}).").format(
            code=args.code, period=period, old=old, new=change.new_value, reason=args.reason
        )
    )
    return 0
