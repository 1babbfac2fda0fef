"""`kbpp key new|show|enrol|revoke|list`: signing keys and the keys a database trusts."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from kbpp.errors import KbppError
from kbpp.i18n import _
from kbpp.packages.errors import KeyFileError
from kbpp.packages.keyring import enrol_key, list_keys, revoke_key
from kbpp.packages.keys import (
    SigningKey,
    fingerprint,
    load_signing_key,
    new_key_files,
    public_key_path,
    read_public_key,
)
from kbpp.packages.sheet import write_enrolment_sheet
from kbpp.storage import open_database


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        help=_("read the passphrase from this environment variable instead of asking"),
    )


def read_passphrase(args: argparse.Namespace, prompt: str, confirm: bool = False) -> str:
    """From --passphrase-env VAR, else asked without echo (twice for a new key)."""
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise KeyFileError(
                "no-passphrase",
                _("The environment variable {var} is not set or empty.").format(
                    var=args.passphrase_env
                ),
            )
        return value
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != value:
        raise KeyFileError("passphrase-mismatch", _("The passphrases differ; try again."))
    return value


def unlock_key(args: argparse.Namespace, path: Path) -> SigningKey:
    return load_signing_key(
        path, read_passphrase(args, _("Passphrase for {file}: ").format(file=Path(path).name))
    )


def register(commands: argparse._SubParsersAction) -> None:
    key = commands.add_parser("key", help=_("signing keys and enrolled keys"))
    sub = key.add_subparsers(dest="key_command", metavar=_("ACTION"))
    sub.required = True
    new = sub.add_parser("new", help=_("generate a key: FILE (private, wrapped) and FILE.pub"))
    new.add_argument("--out", type=Path, required=True, metavar="FILE")
    new.add_argument("--label", metavar=_("NAME"), help=_("whose key (default: this workspace)"))
    new.add_argument("--sheet", type=Path, metavar="PDF", help=_("also print an enrolment sheet"))
    add_passphrase_option(new)
    new.set_defaults(handler=run_new)
    show = sub.add_parser("show", help=_("print a key file's fingerprint"))
    show.add_argument("file", type=Path)
    show.add_argument("--sheet", type=Path, metavar="PDF", help=_("write its enrolment sheet"))
    show.set_defaults(handler=run_show)
    enrol = sub.add_parser("enrol", help=_("trust a public key after confirming its fingerprint"))
    enrol.add_argument("public_key", type=Path, metavar="PUBLIC_KEY_FILE")
    who = enrol.add_mutually_exclusive_group(required=True)
    who.add_argument("--directorate", metavar=_("NAME"))
    who.add_argument("--office", action="store_true", help=_("the strategy office's key"))
    enrol.add_argument("--fingerprint", required=True, metavar="FP")
    enrol.set_defaults(handler=run_enrol)
    revoke = sub.add_parser("revoke", help=_("stop trusting a key"))
    revoke.add_argument("fingerprint", metavar="FP")
    revoke.add_argument("--reason", help=_("why (kept in the audit log)"))
    revoke.set_defaults(handler=run_revoke)
    listing = sub.add_parser("list", help=_("list the enrolled keys"))
    listing.set_defaults(handler=run_list)


def _default_label(args: argparse.Namespace) -> str:
    try:
        db = open_database(args.db)
    except KbppError:
        return ""
    try:
        return db.directorate_name or _("Strategy office")
    finally:
        db.close()


def run_new(args: argparse.Namespace) -> int:
    label = args.label or _default_label(args)
    passphrase = read_passphrase(args, _("New passphrase: "), confirm=True)
    key = new_key_files(args.out, label, passphrase)
    if args.sheet:
        write_enrolment_sheet(args.sheet, key.public_key, label)
    print(_("Wrote {file} and {pub}.").format(file=args.out, pub=public_key_path(args.out)))
    print(_("Fingerprint: {fp}").format(fp=key.fingerprint))
    return 0


def run_show(args: argparse.Namespace) -> int:
    public, label = read_public_key(args.file)
    if args.sheet:
        write_enrolment_sheet(args.sheet, public, label)
    print(fingerprint(public))
    return 0


def run_enrol(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        info = enrol_key(db, args.public_key, args.fingerprint, args.directorate, args.office)
    finally:
        db.close()
    print(
        _("Enrolled {fp} for {who}.").format(
            fp=info.fingerprint, who=info.directorate or _("the strategy office")
        )
    )
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        info = revoke_key(db, args.fingerprint, args.reason)
    finally:
        db.close()
    print(_("Revoked {fp} ({who}).").format(fp=info.fingerprint, who=info.directorate or "-"))
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        keys = list_keys(db)
    finally:
        db.close()
    for k in keys:
        state = _("revoked") if k.revoked_at else _("valid")
        print(f"{k.fingerprint}  {state:<8} {k.directorate or _('strategy office')}")
    return 0
