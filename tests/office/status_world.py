"""An office that has received real signed packages, for the overview and audit tests.

Built on tests/packages/package_world.py: three directorate workspaces made from the office's
reference packages, each with Q1 entered. Here Teftiş sends Q1 (received), Bilgi İşlem sends Q1
and gets it returned with a reason and a comment, Zabıta sends nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packages"))

from package_world import (
    BILGI,
    SMALL,
    YEAR,
    ZABITA,
    World,
    build_world,
    imported,
    open_world,
)

from kbpp.packages.review import return_quarter

RETURN_REASON = "Sapma nedenleri eksik; lütfen tamamlayın."

__all__ = [
    "BILGI",
    "RETURN_REASON",
    "SMALL",
    "YEAR",
    "ZABITA",
    "World",
    "build_received",
    "open_world",
]


def build_received(root: Path, office_template: Path) -> World:
    world = build_world(root, office_template)
    for name in (SMALL, BILGI):
        assert imported(world.office_import(world.export_data(name, 1)))
    return_quarter(world.office, YEAR, BILGI, 1, RETURN_REASON, {"PG9.62.1.1": "Kaynağı nedir?"})
    return world
