"""The key, package and values commands: their output, exit codes and plain refusals."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from package_world import SMALL, World, key_for
from pypdf import PdfReader
from sqlalchemy import select

from kbpp.cli.main import main
from kbpp.models import Indicator, IndicatorValue
from kbpp.packages.keys import new_key_files
from kbpp.storage import Database
from kbpp.storage.dump import logical_dump

EXIT_REJECTED = 3


def kbpp(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(db: Database, code: str, period: str = "Q1") -> tuple:
    with db.read() as s:
        return s.execute(
            select(IndicatorValue.value, IndicatorValue.note)
            .join(Indicator)
            .where(Indicator.code == code, IndicatorValue.period == period)
        ).one()


def test_key_new_asks_for_the_passphrase_twice_without_echo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["gizli söz", "gizli söz"])
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    code, out, _ = kbpp(
        capsys,
        "key",
        "new",
        "--out",
        tmp_path / "k.key",
        "--label",
        "Ofis",
        "--sheet",
        tmp_path / "sheet.pdf",
    )
    assert code == 0 and len(prompts) == 2
    assert "gizli" not in out
    fingerprint = kbpp(capsys, "key", "show", tmp_path / "k.key")[1].strip()
    assert f"Fingerprint: {fingerprint}" in out
    text = PdfReader(tmp_path / "sheet.pdf").pages[0].extract_text()
    assert "Ofis" in text and fingerprint.split()[0] in text


def test_key_new_refuses_differing_passphrases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["bir", "iki"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    code, _, err = kbpp(capsys, "key", "new", "--out", tmp_path / "k.key")
    assert code == 1 and "passphrases differ" in err
    assert not (tmp_path / "k.key").exists()


def test_enrol_list_and_revoke(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = new_key_files(tmp_path / "z.key", "Zabıta", "pw", n=2**14)
    db = world.office.path
    code, _, err = kbpp(
        capsys,
        "--db",
        db,
        "key",
        "enrol",
        tmp_path / "z.key.pub",
        "--directorate",
        "zabıta",
        "--fingerprint",
        key_for("x").fingerprint,
    )
    assert code == 1 and key.fingerprint in err and "not what was typed" in err
    code, out, _ = kbpp(
        capsys,
        "--db",
        db,
        "key",
        "enrol",
        tmp_path / "z.key.pub",
        "--directorate",
        "zabıta",
        "--fingerprint",
        key.fingerprint.lower(),
    )
    assert code == 0 and "Zabıta Müdürlüğü" in out
    code, out, _ = kbpp(capsys, "--db", db, "key", "revoke", key.fingerprint, "--reason", "x")
    assert code == 0
    listing = kbpp(capsys, "--db", db, "key", "list")[1]
    assert f"{key.fingerprint}  revoked" in listing
    assert f"{key_for(SMALL).fingerprint}  valid" in listing


def test_verify_and_import_exit_codes(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = world.export_data(SMALL)
    db = world.office.path
    code, out, _ = kbpp(capsys, "--db", db, "package", "verify", path)
    assert code == 0 and "valid data package" in out and key_for(SMALL).fingerprint in out
    bad = tmp_path / "bad.kbpp"
    bad.write_bytes(path.read_bytes()[:-1])
    code, _, err = kbpp(capsys, "--db", db, "package", "verify", bad)
    assert code == EXIT_REJECTED and err.startswith("bad.kbpp was rejected (truncated)")
    before = logical_dump(world.office)
    code, out, _ = kbpp(capsys, "--db", db, "package", "import", "--dry-run", path)
    assert code == 0 and "would import" in out and "→" in out
    assert logical_dump(world.office) == before
    code, out, err = kbpp(capsys, "--db", db, "package", "import", "--json", path, bad)
    assert code == EXIT_REJECTED
    doc = {Path(o["file"]).name: o for o in json.loads(out)}
    assert doc["bad.kbpp"]["code"] == "truncated" and doc[path.name]["status"] == "imported"
    assert doc[path.name]["issuer"] == SMALL and doc[path.name]["changes"]
    code, out, _ = kbpp(capsys, "--db", db, "package", "import", path)
    assert code == 0 and "already imported" in out
    code, _, _ = kbpp(capsys, "--db", db, "package", "log", "--csv", tmp_path / "log.csv")
    with (tmp_path / "log.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["issuer"], r["sequence"], r["type"]) for r in rows] == [(SMALL, "1", "data")]
    assert rows[0]["key_fingerprint"] == key_for(SMALL).fingerprint


def test_export_refuses_the_wrong_role_and_a_wrong_passphrase(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_key_files(tmp_path / "o.key", "Ofis", "doğru", n=2**14)
    monkeypatch.setenv("PW", "yanlış")
    code, _, err = kbpp(
        capsys,
        "--db",
        world.office.path,
        "package",
        "export",
        "--year",
        2021,
        "--type",
        "reference",
        "--directorate",
        SMALL,
        "--key",
        tmp_path / "o.key",
        "--passphrase-env",
        "PW",
        "--out",
        tmp_path,
    )
    assert code == 1 and "passphrase for o.key is wrong" in err
    code, _, err = kbpp(
        capsys,
        "--db",
        world.office.path,
        "package",
        "export",
        "--year",
        2021,
        "--quarter",
        1,
        "--key",
        tmp_path / "o.key",
        "--passphrase-env",
        "PW",
        "--out",
        tmp_path,
    )
    assert code == 1 and "sent from a directorate's workspace" in err
    assert not list(tmp_path.glob("*.kbpp"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12,5", "12.5"), ("12.5", "12.5"), ("1.234,5", "1234.5"), ("-3", "-3"), ("0,25", "0.25")],
)
def test_values_set_takes_turkish_or_plain_decimals(
    world: World, capsys: pytest.CaptureFixture[str], typed: str, expected: str
) -> None:
    ws = world.workspaces[SMALL]
    with ws.read() as s:
        code = s.scalars(select(Indicator.code).order_by(Indicator.id)).first()
    rc, _out, err = kbpp(
        capsys,
        "--db",
        ws.path,
        "values",
        "set",
        "--year",
        2021,
        "--quarter",
        2,
        "--code",
        code,
        "--value",
        typed,
        "--note",
        "Açıklama",
    )
    assert rc == 0, err
    assert stored(ws, code, "Q2") == (Decimal(expected), "Açıklama")


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1.234", "could mean 1234 or 1.234"), ("12a", ""), ("", ""), ("1e5", "")],
)
def test_values_set_refuses_what_it_cannot_read(
    world: World, capsys: pytest.CaptureFixture[str], typed: str, message: str
) -> None:
    ws = world.workspaces[SMALL]
    rc, _, err = kbpp(
        capsys,
        "--db",
        ws.path,
        "values",
        "set",
        "--year",
        2021,
        "--quarter",
        2,
        "--code",
        "PG10.23.1.1",
        "--value",
        typed,
    )
    assert rc == 1 and message in err and "Traceback" not in err


def test_values_set_needs_the_directorate_for_a_shared_code(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    db = world.office.path
    rc, _, err = kbpp(
        capsys,
        "--db",
        db,
        "values",
        "set",
        "--year",
        2021,
        "--quarter",
        1,
        "--code",
        "İG1.41.1.1",
        "--value",
        "5",
    )
    assert rc == 1 and "--directorate" in err
    rc, _out, err = kbpp(
        capsys,
        "--db",
        db,
        "values",
        "set",
        "--year",
        2021,
        "--quarter",
        1,
        "--code",
        "İG1.41.1.1",
        "--value",
        "5",
        "--directorate",
        "zabıta",
        "--reason",
        "Tutanaktan",  # the office enters values on behalf, with a reason
    )
    assert rc == 0, err


def test_init_from_package_without_confirmation_is_refused(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ref = world.export_office("reference", SMALL)
    rc, out, err = kbpp(
        capsys, "--db", tmp_path / "ws.db", "init", "--role", "directorate", "--from-package", ref
    )
    assert rc == 1 and world.office_key.fingerprint in out and "--office-fingerprint" in err
    assert not (tmp_path / "ws.db").exists()
    rc, _, err = kbpp(
        capsys,
        "--db",
        tmp_path / "ws.db",
        "init",
        "--role",
        "directorate",
        "--from-package",
        ref,
        "--office-fingerprint",
        key_for(SMALL).fingerprint,
    )
    assert rc == EXIT_REJECTED and "fingerprint-unconfirmed" in err
    assert not (tmp_path / "ws.db").exists()


def test_return_a_quarter_and_send_it_back(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office, ws = world.office.path, world.workspaces[SMALL]
    code = "PG10.23.1.1"
    rc, _, err = kbpp(
        capsys,
        "--db",
        office,
        "package",
        "return",
        "--year",
        2021,
        "--quarter",
        1,
        "--directorate",
        "teftiş",
        "--reason",
        "Kanıt eksik",
        "--comment",
        "oops",
    )
    assert rc == 1 and "is not CODE=TEXT" in err
    rc, out, err = kbpp(
        capsys,
        "--db",
        office,
        "package",
        "return",
        "--year",
        2021,
        "--quarter",
        1,
        "--directorate",
        "teftiş",
        "--reason",
        "Kanıt eksik",
        "--comment",
        f"{code}=Raporu ekleyin.",
    )
    assert rc == 0, err
    key = tmp_path / "office.key"
    new_key_files(key, "Ofis", "pw", n=2**14)
    monkeypatch.setenv("PW", "pw")
    rc, _, err = kbpp(
        capsys,
        "--db",
        office,
        "package",
        "export",
        "--type",
        "return",
        "--year",
        2021,
        "--quarter",
        1,
        "--directorate",
        SMALL,
        "--key",
        key,
        "--passphrase-env",
        "PW",
        "--out",
        tmp_path,
    )
    assert rc == 0, err
    (path,) = tmp_path.glob("*-2021-Q1-return-*.kbpp")
    rc, _, err = kbpp(capsys, "--db", ws.path, "package", "import", path)
    assert rc == EXIT_REJECTED and "unenrolled-key" in err  # the workspace knows another key
    fp = kbpp(capsys, "key", "show", f"{key}.pub")[1].strip()
    rc, _, err = kbpp(
        capsys, "--db", ws.path, "key", "enrol", f"{key}.pub", "--office", "--fingerprint", fp
    )
    assert rc == 0, err
    rc, out, err = kbpp(capsys, "--db", ws.path, "package", "import", path)
    assert rc == 0, err
    assert "Raporu ekleyin." in out
