"""A whole program year run from the strategy office's command line, with three directorates.

publish → directorates open workspaces and send Q1..Q4 → the office imports, reviews, returns one
quarter (the directorate fixes it and sends again), accepts, locks, reminds, reports and rolls
the year over. Each directorate's side goes through the same domain functions as its GUI.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from kbpp.cli.main import main
from kbpp.office.review import review_quarter
from kbpp.packages.keys import new_key_files
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import Database, open_database

sys.path.insert(0, str(Path(__file__).resolve().parent / "packages"))

from package_world import fill_quarter

SMALL = "Teftiş Kurulu Müdürlüğü"
BILGI = "Bilgi İşlem Müdürlüğü"
ZABITA = "Zabıta Müdürlüğü"
THREE = (SMALL, BILGI, ZABITA)
PASSPHRASE = "yıl sonu raporu 2021"
FAST_SCRYPT = 2**14  # keys made for the test; real keys use the slower default


def kbpp(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    """Run one command; it must succeed. Returns what it printed."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, f"kbpp {' '.join(map(str, args))} failed: {err}"
    return out


TODAY = {1: "2021-04-05", 2: "2021-07-05", 3: "2021-10-05", 4: "2022-01-05"}  # within the window


def status(capsys: pytest.CaptureFixture[str], office: Path, quarter: int) -> dict[str, str]:
    out = kbpp(capsys, "--db", office, "status", "--year", 2021, "--quarter", quarter, "--json",
               "--today", TODAY[quarter])  # fmt: skip
    doc = json.loads(out)
    return {d["name"]: d["cells"][0]["state"] for d in doc["directorates"] if d["name"] in THREE}


def test_a_full_year_from_the_office(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    db_2021: Database,
) -> None:
    monkeypatch.setenv("KBPP_PASS", PASSPHRASE)
    office = db_2021.path
    db_2021.close()
    keys = tmp_path / "keys"
    keys.mkdir()
    office_key = new_key_files(keys / "office.key", "office", PASSPHRASE, n=FAST_SCRYPT)
    sign = ("--passphrase-env", "KBPP_PASS")

    # Enrol the directorates' keys (each made on its own PC, fingerprint read by phone).
    for n, name in enumerate(THREE):
        key = new_key_files(keys / f"d{n}.key", name, PASSPHRASE, n=FAST_SCRYPT)
        kbpp(capsys, "--db", office, "key", "enrol", "--directorate", name,
             "--fingerprint", key.fingerprint, keys / f"d{n}.key.pub")  # fmt: skip

    # Publish: one reference package per directorate of the year.
    refs = tmp_path / "refs"
    refs.mkdir()
    kbpp(capsys, "--db", office, "publish", "--year", 2021, "--key", keys / "office.key",
         *sign, "--out", refs)  # fmt: skip
    assert len(list(refs.glob("*.kbpp"))) == 25

    # Each directorate opens its workspace from its own reference package.
    ws: dict[str, Path] = {}
    for n, name in enumerate(THREE):
        (ref,) = refs.glob(f"{name.replace(' ', '-')}-2021-reference-*.kbpp")
        ws[name] = tmp_path / f"ws{n}.db"
        kbpp(capsys, "--db", ws[name], "init", "--role", "directorate", "--from-package", ref,
             "--office-fingerprint", office_key.fingerprint)  # fmt: skip

    # Before anything arrives, Q1 reminders go to all three.
    letters = tmp_path / "q1-reminders.pdf"
    kbpp(capsys, "--db", office, "remind", "--year", 2021, "--quarter", 1, "--out", letters)
    text = "".join(page.extract_text() for page in PdfReader(letters).pages)
    assert all(name.replace("i", "İ").upper() in text for name in THREE)  # Turkish capitals

    def send(name: str, quarter: int) -> Path:
        outbox = tmp_path / "outbox" / str(THREE.index(name))
        outbox.mkdir(parents=True, exist_ok=True)
        before = set(outbox.iterdir())
        kbpp(capsys, "--db", ws[name], "package", "export", "--year", 2021, "--quarter", quarter,
             "--key", keys / f"d{THREE.index(name)}.key", *sign, "--out", outbox)  # fmt: skip
        (path,) = set(outbox.iterdir()) - before
        return path

    for quarter in (1, 2, 3, 4):
        files = []
        for name in THREE:
            workspace = open_database(ws[name])
            try:
                fill_quarter(workspace, name, quarter)
            finally:
                workspace.close()
            files.append(send(name, quarter))
        kbpp(capsys, "--db", office, "package", "import", *files)
        assert set(status(capsys, office, quarter).values()) == {"received"}

        if quarter == 2:
            # The office returns Bilgi İşlem's Q2 with a comment on one indicator.
            sheet_db = open_database(ws[BILGI])
            try:
                first = load_entry_sheet(sheet_db, 2021, BILGI).rows[0].facts.code
            finally:
                sheet_db.close()
            comments = tmp_path / "comments.json"
            comments.write_text(
                json.dumps({first: "Değer hedefin çok üstünde; kaynağı kontrol edin."}),
                encoding="utf-8",
            )
            returns = tmp_path / "returns"
            returns.mkdir()
            kbpp(capsys, "--db", office, "quarter", "return", "--year", 2021, "--quarter", 2,
                 "--directorate", BILGI, "--reason", "Bir değer hatalı görünüyor",
                 "--comments", comments, "--key", keys / "office.key", *sign,
                 "--out", returns)  # fmt: skip
            assert status(capsys, office, 2)[BILGI] == "returned"
            (returned,) = returns.glob("*.kbpp")
            kbpp(capsys, "--db", ws[BILGI], "package", "import", returned)
            workspace = open_database(ws[BILGI])
            try:
                sheet = load_entry_sheet(workspace, 2021, BILGI)
                row = next(r for r in sheet.rows if r.facts.code == first)
                assert "kaynağı kontrol edin" in sheet.comments[(row.indicator_id, 2)]
                save_entry(workspace, row.indicator_id, "Q2", Decimal("7"), "Düzeltildi.")
            finally:
                workspace.close()
            kbpp(capsys, "--db", office, "package", "import", send(BILGI, 2))
            assert status(capsys, office, 2)[BILGI] == "received"
            office_db = open_database(office)
            try:
                review = review_quarter(office_db, 2021, 2, BILGI)
            finally:
                office_db.close()
            (changed,) = [r for r in review.rows if r.change.kind != "unchanged"]
            assert (changed.code, changed.value, changed.comment) == (
                first,
                Decimal("7"),
                "Değer hedefin çok üstünde; kaynağı kontrol edin.",
            )

        for name in THREE:
            kbpp(capsys, "--db", office, "quarter", "accept", "--year", 2021,
                 "--quarter", quarter, "--directorate", name)  # fmt: skip
        assert set(status(capsys, office, quarter).values()) == {"accepted"}

    # An accepted quarter is locked in the office: a stray package cannot change it.
    workspace = open_database(ws[SMALL])
    try:
        fill_quarter(workspace, SMALL, 4, scale="2")
    finally:
        workspace.close()
    late = send(SMALL, 4)
    assert main(["--db", str(office), "package", "import", str(late)]) != 0
    assert "rejected (locked-quarter)" in capsys.readouterr().err
    assert set(status(capsys, office, 4).values()) == {"accepted"}

    # Year-end reports and the audit trail.
    results = tmp_path / "results.pdf"
    kbpp(capsys, "--db", office, "report", "results", "--year", 2021, "--out", results)
    assert PdfReader(results).pages
    trail = json.loads(kbpp(capsys, "--db", office, "audit", "--search", BILGI, "--json",
                            "--limit", 0))  # fmt: skip
    assert any(e["new"] == "returned" for e in trail["entries"])
    assert any(e["new"] == "accepted" for e in trail["entries"])

    # Next year: cards copied, 2021 actuals in the history, targets left for the directorates.
    kbpp(capsys, "--db", office, "year", "rollover", "--from", 2021)
    doc = json.loads(kbpp(capsys, "--db", office, "status", "--year", 2022, "--json"))
    assert len(doc["directorates"]) == 25
