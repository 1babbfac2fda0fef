"""A small world for package tests: the office with the 2021 plan, three directorate workspaces
created from its reference packages, deterministic keys, and helpers to enter and send a quarter.

Building it takes a few seconds, so conftest builds it once per session and copies the files
for each test.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kbpp.packages.container import write_package
from kbpp.packages.export import export_package
from kbpp.packages.importer import IMPORTED, Outcome, import_package
from kbpp.packages.keyring import add_key
from kbpp.packages.keys import SigningKey, signing_key_from_seed
from kbpp.packages.manifest import manifest_fields
from kbpp.packages.workspace import create_workspace
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import Database, open_database
from kbpp.storage.dump import logical_dump

SMALL = "Teftiş Kurulu Müdürlüğü"  # 3 indicators, 1 activity: the smallest package
BILGI = "Bilgi İşlem Müdürlüğü"
ZABITA = "Zabıta Müdürlüğü"
DIRECTORATES = (SMALL, BILGI, ZABITA)
YEAR = 2021


def key_for(name: str, generation: int = 0) -> SigningKey:
    """The same key every run, so packages can be rebuilt and compared."""
    seed = hashlib.sha256(f"kbpp-test-key/{name}/{generation}".encode()).digest()
    return signing_key_from_seed(seed, name)


def slug(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def fill_quarter(db: Database, directorate: str, quarter: int, scale: str = "1") -> int:
    """Enter a value with a note for every indicator of the quarter; returns how many."""
    sheet = load_entry_sheet(db, YEAR, directorate)
    for n, row in enumerate(sheet.rows):
        value = (Decimal(row.facts.target or 10) / 4 * Decimal(scale)).quantize(Decimal("0.01"))
        save_entry(db, row.indicator_id, f"Q{quarter}", value + n, f"Not {n}: çalışma sürüyor.")
    return len(sheet.rows)


def snapshot(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass
class World:
    root: Path
    office: Database
    workspaces: dict[str, Database] = field(default_factory=dict)

    @property
    def office_key(self) -> SigningKey:
        return key_for("office")

    def export_data(
        self, name: str, quarter: int | None = 1, key: SigningKey | None = None
    ) -> Path:
        out = self.root / "outbox" / slug(name)
        out.mkdir(parents=True, exist_ok=True)
        result = export_package(
            self.workspaces[name], key or key_for(name), out, "data", YEAR, quarter
        )
        return result.path

    def export_office(self, type: str, name: str, quarter: int | None = None) -> Path:
        out = self.root / "outbox" / "office"
        out.mkdir(parents=True, exist_ok=True)
        return export_package(self.office, self.office_key, out, type, YEAR, quarter, name).path

    def office_import(self, path: Path, dry_run: bool = False) -> Outcome:
        return import_package(self.office, path, dry_run)

    def dump(self, name: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
        return logical_dump(self.office if name is None else self.workspaces[name])

    def close(self) -> None:
        for db in (self.office, *self.workspaces.values()):
            db.close()


def build_world(root: Path, office_template: Path) -> World:
    """Office with the plan and enrolled keys; a workspace per directorate from its reference
    package; Q1 entered in each workspace (not yet sent)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(office_template, root / "office.db")
    office = open_database(root / "office.db")
    with office.write() as session:
        for name in DIRECTORATES:
            add_key(session, key_for(name).public_key, "directorate", name, "test-user")
    world = World(root, office)
    for name in DIRECTORATES:
        ref = world.export_office("reference", name)
        create_workspace(root / f"ws-{slug(name)}.db", ref, world.office_key.fingerprint)
        world.workspaces[name] = open_database(root / f"ws-{slug(name)}.db")
        fill_quarter(world.workspaces[name], name, 1)
    for db in (office, *world.workspaces.values()):
        snapshot(db)
    return world


def open_world(template: Path, root: Path) -> World:
    shutil.copytree(template, root)
    office = open_database(root / "office.db")
    world = World(root, office)
    for name in DIRECTORATES:
        world.workspaces[name] = open_database(root / f"ws-{slug(name)}.db")
    return world


def forge(
    out: Path,
    key: SigningKey,
    content: bytes,
    *,
    type: str = "data",
    issuer: str = SMALL,
    audience: str = "office",
    sequence: int = 99,
    quarter: int | None = 1,
    package_id: str = "0f0e0d0c-0b0a-4908-8706-050403020100",
    members: list[tuple[str, bytes]] | None = None,
    fields: dict[str, Any] | None = None,
) -> Path:
    """A package signed with any key and any content: how hostile tests reach the checks that
    come after the signature (a real attacker would need an enrolled key to get that far)."""
    base = manifest_fields(
        type, package_id, issuer, audience, sequence, None, "2021-04-10T09:00:00Z",
        "2020-2024", YEAR, quarter,
    )  # fmt: skip
    write_package(
        out, key, {**base, **(fields or {})}, [("content.json", content), *(members or [])]
    )
    return out


def imported(outcome: Outcome) -> bool:
    return outcome.status == IMPORTED


def forge_raw(
    out: Path,
    key: SigningKey,
    manifest: bytes,
    payload: bytes,
    version: int = 1,
    flags: int = 0,
) -> Path:
    """Any manifest bytes at all, correctly signed: for attacks on the manifest parser."""
    from kbpp.packages.container import CONTEXT, HEADER, MAGIC

    header = HEADER.pack(MAGIC, version, flags, key.public_key, len(manifest), len(payload))
    out.write_bytes(header + key.sign(CONTEXT + header + manifest) + manifest + payload)
    return out


def genuine_content(world: World, name: str = SMALL) -> dict[str, Any]:
    """The content.json of a real package of the directorate, to alter and re-sign."""
    from kbpp.packages import strictjson
    from kbpp.packages.container import open_package

    path = world.export_data(name)
    doc = strictjson.loads(open_package(path).documents["content.json"])
    path.unlink()
    return doc
