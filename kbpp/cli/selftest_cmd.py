"""`kbpp self-test`: check that this installation can do its work (see kbpp/selftest.py)."""

from __future__ import annotations

import argparse

from kbpp.i18n import _
from kbpp.selftest import run_self_test


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "self-test", help=_("check this installation on a temporary database")
    )
    parser.set_defaults(handler=lambda _args: run_self_test())
