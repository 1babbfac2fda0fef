"""`kbpp package export|verify|import|log`: signed packages on the command line.

Exit status: 0 when every file was imported or had already been imported (or verifies);
3 (`EXIT_REJECTED`) when any file was rejected, each with one line naming it and the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kbpp.cli.key_cmd import add_passphrase_option, unlock_key
from kbpp.errors import ValidationError
from kbpp.i18n import N_, _
from kbpp.packages.errors import PackageRejected
from kbpp.packages.export import export_package, export_summary
from kbpp.packages.importer import (
    ALREADY_IMPORTED,
    REJECTED,
    Outcome,
    import_packages,
    verify,
)
from kbpp.packages.log import COLUMNS, import_log, write_log_csv
from kbpp.packages.review import return_quarter
from kbpp.planexchange.importer import describe_counts
from kbpp.storage import open_database

EXIT_REJECTED = 3
STATUS_LABELS = {
    "imported": N_("imported"),
    "already imported": N_("already imported; nothing changed"),
    "would import": N_("would import"),
    "rejected": N_("rejected"),
}


def register(commands: argparse._SubParsersAction) -> None:
    package = commands.add_parser("package", help=_("export, verify and import signed packages"))
    sub = package.add_subparsers(dest="package_command", metavar=_("ACTION"))
    sub.required = True
    exp = sub.add_parser("export", help=_("sign and write one package"))
    exp.add_argument("--year", type=int, required=True)
    exp.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    exp.add_argument("--type", choices=("data", "reference", "return"), default="data")
    exp.add_argument("--directorate", metavar=_("NAME"), help=_("the package's directorate"))
    exp.add_argument("--key", type=Path, required=True, metavar="FILE")
    add_passphrase_option(exp)
    exp.add_argument("--out", type=Path, required=True, metavar=_("FILE or FOLDER"))
    exp.set_defaults(handler=run_export)
    ver = sub.add_parser("verify", help=_("check a package without importing it"))
    ver.add_argument("file", type=Path)
    ver.add_argument("--office-fingerprint", metavar="FP", help=_("the office key you confirmed"))
    ver.set_defaults(handler=run_verify)
    imp = sub.add_parser("import", help=_("verify and import packages, each in one transaction"))
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    imp.add_argument(
        "--dry-run", action="store_true", help=_("show what would change; change nothing")
    )
    imp.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    imp.add_argument("--office-fingerprint", metavar="FP", help=_("the office key you confirmed"))
    imp.set_defaults(handler=run_import)
    ret = sub.add_parser("return", help=_("send a quarter back to its directorate (office)"))
    ret.add_argument("--year", type=int, required=True)
    ret.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
    ret.add_argument("--directorate", required=True, metavar=_("NAME"))
    ret.add_argument("--reason", required=True, help=_("why it is sent back"))
    ret.add_argument(
        "--comment",
        action="append",
        default=[],
        metavar=_("CODE=TEXT"),
        help=_("a comment on one indicator (repeatable)"),
    )
    ret.set_defaults(handler=run_return)
    log = sub.add_parser("log", help=_("show the import log"))
    log.add_argument("--csv", type=Path, metavar="FILE", help=_("write it as CSV instead"))
    log.set_defaults(handler=run_log)


def run_export(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        summary = export_summary(db, args.type, args.year, args.quarter, args.directorate)
        if summary.quarter is not None and args.type == "data":
            print(
                _("{values} of {total} indicators have a Q{q} value.").format(
                    values=summary.values, total=summary.indicators, q=summary.quarter
                )
            )
            if summary.missing_values:
                print(_("Still missing: {codes}").format(codes=", ".join(summary.missing_values)))
        key = unlock_key(args, args.key)
        result = export_package(
            db, key, args.out, args.type, args.year, args.quarter, args.directorate
        )
    finally:
        db.close()
    print(
        _("Wrote {file} (sequence {seq}, signed by {fp}).").format(
            file=result.path, seq=result.sequence, fp=key.fingerprint
        )
    )
    return 0


def _rejection(exc: PackageRejected) -> None:
    print(str(exc), file=sys.stderr)
    for problem in exc.problems[:20]:
        print(f"  {problem}", file=sys.stderr)


def run_verify(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        v = verify(db, args.file, args.office_fingerprint)
    except PackageRejected as exc:
        _rejection(exc)
        return EXIT_REJECTED
    finally:
        db.close()
    m = v.opened.manifest
    print(
        _(
            "{file}: valid {type} package from “{issuer}” for “{audience}”, sequence {seq}, "
            "signed by {fp}."
        ).format(
            file=args.file.name,
            type=m.type,
            issuer=m.issuer,
            audience=m.audience,
            seq=m.sequence,
            fp=v.opened.fingerprint,
        )
    )
    if v.already_imported:
        print(_("It has already been imported."))
    return 0


def _outcome_json(o: Outcome) -> dict[str, Any]:
    m = o.manifest
    return {
        "file": str(o.path),
        "status": o.status,
        "code": o.error.code if o.error else None,
        "reason": str(o.error) if o.error else None,
        "problems": o.error.problems if o.error else [],
        "type": m.type if m else None,
        "issuer": m.issuer if m else None,
        "sequence": m.sequence if m else None,
        "package_id": m.package_id if m else None,
        "fingerprint": o.fingerprint,
        "created": dict(o.created),
        "changes": [
            {"entity": c.entity, "key": c.key, "field": c.field, "old": c.old, "new": c.new}
            for c in o.changes
        ],
        "conflicts": o.conflicts,
    }


def _print_outcome(o: Outcome) -> None:
    if o.status == REJECTED:
        assert o.error is not None
        _rejection(o.error)
        return
    print(f"{o.path.name}: {_(STATUS_LABELS[o.status])}")
    if o.status == ALREADY_IMPORTED:
        return
    created = describe_counts(o.created)
    if created:
        print(_("  new: {items}").format(items=created))
    for c in o.changes:
        what = f"{c.key}" + (f" [{c.field}]" if c.field else "")
        print(
            f"  {c.entity}: {what}: {c.old if c.old is not None else '-'} → "
            f"{c.new if c.new is not None else '-'}"
        )
    for conflict in o.conflicts:
        print(_("  conflict: {text}").format(text=conflict))


def run_import(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        outcomes = import_packages(db, args.files, args.dry_run, args.office_fingerprint)
    finally:
        db.close()
    if args.json:
        print(json.dumps([_outcome_json(o) for o in outcomes], ensure_ascii=False, indent=1))
        for o in outcomes:
            if o.error is not None:
                _rejection(o.error)
    else:
        for o in outcomes:
            _print_outcome(o)
    failed = any(not o.ok or (args.dry_run and o.conflicts) for o in outcomes)
    return EXIT_REJECTED if failed else 0


def run_return(args: argparse.Namespace) -> int:
    comments = {}
    for item in args.comment:
        code, sep, text = item.partition("=")
        if not sep or not code.strip() or not text.strip():
            raise ValidationError(
                _("“{item}” is not CODE=TEXT, e.g. PG9.62.1.1=Add the report.").format(item=item)
            )
        comments[code.strip()] = text.strip()
    db = open_database(args.db)
    try:
        return_quarter(db, args.year, args.directorate, args.quarter, args.reason, comments)
    finally:
        db.close()
    print(
        _("Q{q} of {name} is returned; send it with “kbpp package export --type return”.").format(
            q=args.quarter, name=args.directorate
        )
    )
    return 0


def run_log(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        entries = import_log(db)
    finally:
        db.close()
    if args.csv:
        write_log_csv(entries, args.csv)
        print(_("Wrote {n} entries to {file}.").format(n=len(entries), file=args.csv))
        return 0
    print("\t".join(COLUMNS))
    for e in entries:
        print("\t".join(str(getattr(e, c)) if getattr(e, c) is not None else "" for c in COLUMNS))
    return 0
