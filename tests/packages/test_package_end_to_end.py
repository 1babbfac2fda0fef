"""The issue's "done when": office → reference packages → three workspaces → data packages →
office, with a duplicate, a tampered and a replayed file, all through the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kbpp.cli.main import main
from kbpp.storage import open_database
from kbpp.storage.dump import logical_dump

DIRECTORATES = ("Teftiş Kurulu Müdürlüğü", "Mali Hizmetler Müdürlüğü", "Hukuk İşleri Müdürlüğü")
EXIT_REJECTED = 3


def kbpp(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def indicators_of(plan_path: Path, name: str) -> list[tuple[str, Decimal]]:
    doc = json.loads(plan_path.read_text(encoding="utf-8"), parse_float=Decimal)
    (directorate,) = [d for d in doc["programs"][0]["directorates"] if d["name"] == name]
    return [
        (i["code"], Decimal(i["target"] or 1))
        for t in directorate["performance_targets"]
        for i in t["indicators"]
    ]


def office_dump(path: Path) -> dict:
    db = open_database(path)
    try:
        return logical_dump(db)
    finally:
        db.close()


def test_office_and_three_directorates_exchange_signed_packages(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    plan_2021_path: Path,
) -> None:
    monkeypatch.setenv("KBPP_PASS", "ofis parolası")
    office = tmp_path / "office.db"
    out = tmp_path / "usb"
    out.mkdir()
    assert kbpp(capsys, "--db", office, "init", "--role", "office")[0] == 0
    assert kbpp(capsys, "--db", office, "plan", "import", plan_2021_path)[0] == 0
    code, printed, _ = kbpp(
        capsys, "--db", office, "key", "new", "--out", tmp_path / "office.key",
        "--passphrase-env", "KBPP_PASS",
    )  # fmt: skip
    assert code == 0
    office_fp = kbpp(capsys, "key", "show", tmp_path / "office.key.pub")[1].strip()
    assert office_fp in printed

    sent: dict[str, list[Path]] = {}
    for n, name in enumerate(DIRECTORATES):
        ws, key = tmp_path / f"ws{n}.db", tmp_path / f"d{n}.key"
        code, _, err = kbpp(
            capsys, "--db", office, "package", "export", "--type", "reference", "--year", 2021,
            "--directorate", name, "--key", tmp_path / "office.key",
            "--passphrase-env", "KBPP_PASS", "--out", out,
        )  # fmt: skip
        assert code == 0, err
        (ref,) = out.glob(f"*-2021-reference-{n + 1}.kbpp")
        code, _, err = kbpp(
            capsys, "--db", ws, "init", "--role", "directorate", "--from-package", ref,
            "--office-fingerprint", office_fp,
        )  # fmt: skip
        assert code == 0, err
        kbpp(capsys, "--db", ws, "key", "new", "--out", key, "--passphrase-env", "KBPP_PASS")
        fp = kbpp(capsys, "key", "show", f"{key}.pub")[1].strip()
        code, _, err = kbpp(
            capsys, "--db", office, "key", "enrol", f"{key}.pub", "--directorate", name,
            "--fingerprint", fp,
        )  # fmt: skip
        assert code == 0, err
        for i, (indicator, target) in enumerate(indicators_of(plan_2021_path, name)):
            value = f"{target / 4 + i:.2f}".replace(".", ",")  # Turkish input
            code, _, err = kbpp(
                capsys, "--db", ws, "values", "set", "--year", 2021, "--quarter", 1,
                "--code", indicator, "--value", value, "--note", "Planlandığı gibi.",
            )  # fmt: skip
            assert code == 0, err
        for _ in range(2 if n == 2 else 1):  # the third sends a correction later
            code, _, err = kbpp(
                capsys, "--db", ws, "package", "export", "--year", 2021, "--quarter", 1,
                "--key", key, "--passphrase-env", "KBPP_PASS", "--out", out,
            )  # fmt: skip
            assert code == 0, err
        sent[name] = sorted(out.glob(f"{name.split()[0]}-*-2021-Q1-*.kbpp"))

    first, second, third = (sent[name] for name in DIRECTORATES)
    tampered = tmp_path / "tampered.kbpp"
    data = bytearray(second[0].read_bytes())
    data[-40] ^= 0x01
    tampered.write_bytes(bytes(data))

    before = office_dump(office)
    code, _, err = kbpp(capsys, "--db", office, "package", "import", tampered)
    assert code == EXIT_REJECTED
    assert "tampered.kbpp was rejected (member-mismatch)" in err
    assert office_dump(office) == before

    code, printed, err = kbpp(
        capsys, "--db", office, "package", "import", first[0], first[0], second[0], third[1]
    )
    assert code == 0, err
    assert "already imported; nothing changed" in printed

    before = office_dump(office)
    code, _, err = kbpp(capsys, "--db", office, "package", "import", "--json", third[0])
    assert code == EXIT_REJECTED
    assert "(replay)" in err
    assert office_dump(office) == before

    code, printed, _ = kbpp(
        capsys, "--db", office, "evaluate", "--year", 2021, "--quarter", 1, "--json"
    )
    doc = json.loads(printed)
    actual = {
        d["name"]: [i["actual"] for i in d["indicators"]]
        for d in doc["directorates"]
        if any(i["actual"] is not None for i in d["indicators"])
    }
    assert sorted(actual) == sorted(DIRECTORATES)
    for name in DIRECTORATES:
        expected = [float(f"{t / 4 + i:.2f}") for i, (_c, t) in enumerate(
            indicators_of(plan_2021_path, name))]  # fmt: skip
        assert actual[name] == expected
    code, printed, _ = kbpp(capsys, "--db", office, "package", "log")
    assert len(printed.strip().splitlines()) == 1 + 3
