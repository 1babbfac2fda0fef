"""Publishing reference packages: every directorate at once or one, all or nothing, with the
year's calendar reaching the directorate's workspace."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kbpp.errors import KbppError
from kbpp.models import PackageExport, QuarterWindow
from kbpp.office.calendar import default_window, set_window, year_calendar
from kbpp.office.publish import publish, publish_with_key, publishable_directorates
from kbpp.packages import strictjson
from kbpp.packages.container import open_package, write_package
from kbpp.packages.export import ExportRefused, _slug
from kbpp.packages.keys import SCRYPT_MIN_N, new_key_files, signing_key_from_seed
from kbpp.packages.manifest import manifest_fields
from kbpp.packages.workspace import create_workspace
from kbpp.storage import Database, open_database

OFFICE_KEY = signing_key_from_seed(hashlib.sha256(b"office-publish-test").digest(), "office")
SMALL = "Teftiş Kurulu Müdürlüğü"


def test_publish_all_directorates_one_file_each(db_2021: Database, tmp_path: Path) -> None:
    key_file = tmp_path / "office.key"
    new_key_files(key_file, "office", "gizli parola", n=SCRYPT_MIN_N)
    names = publishable_directorates(db_2021, 2021)
    assert len(names) == 25
    steps: list[int] = []
    paths = publish(
        db_2021, 2021, key_file, "gizli parola", tmp_path / "out",
        progress=lambda p, _t: steps.append(p),
    )  # fmt: skip
    assert len(paths) == 25 and steps[-1] == 100
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    assert (
        paths[0].name.startswith(names[0].replace(" ", "-")) and "-2021-reference-" in paths[0].name
    )
    audiences = [open_package(p).manifest.audience for p in paths]
    assert audiences == names
    with db_2021.read() as s:
        assert s.scalars(select(PackageExport.sequence)).all() == list(range(1, 26))


def test_publish_one_directorate_then_a_refused_batch_leaves_nothing(
    db_2021: Database, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    [path] = publish_with_key(db_2021, 2021, OFFICE_KEY, out, SMALL)
    assert path.name == "Teftiş-Kurulu-Müdürlüğü-2021-reference-1.kbpp"
    names = publishable_directorates(db_2021, 2021)
    # The batch would number its packages 2, 3, …: a file where its second one goes.
    blocker = out / f"{_slug(names[1])}-2021-reference-3.kbpp"
    blocker.write_bytes(b"x")
    with pytest.raises(ExportRefused, match="already exists"):
        publish_with_key(db_2021, 2021, OFFICE_KEY, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([path.name, blocker.name])
    with db_2021.read() as s:
        assert s.scalars(select(PackageExport.sequence)).all() == [1]


def test_cancel_leaves_nothing(db_2021: Database, tmp_path: Path) -> None:
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 30

    with pytest.raises(KbppError, match="cancelled"):
        publish_with_key(db_2021, 2021, OFFICE_KEY, tmp_path / "out", cancelled=cancelled)
    assert list((tmp_path / "out").iterdir()) == []
    with db_2021.read() as s:
        assert s.scalars(select(PackageExport)).all() == []


def test_calendar_reaches_the_workspace(db_2021: Database, tmp_path: Path) -> None:
    with db_2021.write() as s:
        set_window(s, 2021, 2, date(2021, 7, 1), date(2021, 7, 20))
    [path] = publish_with_key(db_2021, 2021, OFFICE_KEY, tmp_path / "out", SMALL)
    content = strictjson.loads(open_package(path).documents["content.json"])
    assert content["calendar"][1] == {
        "quarter": 2,
        "opens_on": "2021-07-01",
        "due_on": "2021-07-20",
    }
    create_workspace(tmp_path / "ws.db", path, OFFICE_KEY.fingerprint)
    ws = open_database(tmp_path / "ws.db")
    try:
        with ws.read() as s:
            windows = year_calendar(s, 2021)
            assert windows[1].due_on == date(2021, 7, 20)
            assert windows[0].due_on == default_window(2021, 1).due_on
            assert len(s.scalars(select(QuarterWindow)).all()) == 4
    finally:
        ws.close()


def test_older_reference_without_calendar_still_imports(db_2021: Database, tmp_path: Path) -> None:
    [path] = publish_with_key(db_2021, 2021, OFFICE_KEY, tmp_path / "out", SMALL)
    opened = open_package(path)
    content = strictjson.loads(opened.documents["content.json"])
    del content["calendar"]
    old = tmp_path / "old.kbpp"
    m = opened.manifest
    fields = manifest_fields(
        "reference", "0f0e0d0c-0b0a-4908-8706-050403020199", "office", SMALL, 7, None,
        "2021-01-10T09:00:00Z", m.plan, 2021, None,
    )  # fmt: skip
    write_package(
        old, OFFICE_KEY, fields,
        [("content.json", strictjson.dumps(content)), ("plan.json", opened.documents["plan.json"])],
    )  # fmt: skip
    create_workspace(tmp_path / "ws.db", old, OFFICE_KEY.fingerprint)
    ws = open_database(tmp_path / "ws.db")
    try:
        with ws.read() as s:
            assert s.scalars(select(QuarterWindow)).all() == []
            assert year_calendar(s, 2021)[0] == default_window(2021, 1)
    finally:
        ws.close()
