"""`kbpp status` and `kbpp audit`: the overview and the audit log on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kbpp import audit
from kbpp.cli.main import main
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import Database

ZABITA = "Zabıta Müdürlüğü"


@pytest.fixture
def office(db_2021: Database) -> Path:
    """The 2021 plan with one Zabıta value entered by the office on behalf, with a reason."""
    row = load_entry_sheet(db_2021, 2021, ZABITA).rows[0]
    save_entry(db_2021, row.indicator_id, "Q1", row.facts.target, None)
    with db_2021.write() as s:
        audit.record(
            s, "value", "indicator value", "2021/Zabıta/X/Q1", old="1", new="2",
            user="strateji", reason="Telefonla düzeltildi", on_behalf=True,
        )  # fmt: skip
    return db_2021.path


def test_status_prints_the_matrix(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(office), "status", "--year", "2021", "--today", "2021-05-05"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Directorate") and "Q1 (due 30/04/2021)" in lines[0]
    zabita = next(line for line in lines if line.startswith(ZABITA))
    assert "late 5d 1/" in zabita and "not received 0/" in zabita
    assert len(lines) == 1 + 25 + 3 and lines[-2].startswith("Bands: Hedef ve Üstü")


def test_status_of_one_quarter_in_detail_and_as_json(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = tmp_path / "durum.xlsx"
    args = ["--db", str(office), "status", "--year", "2021", "--quarter", "1"]
    assert main([*args, "--today", "2021-04-10", "--json", "--xlsx", str(xlsx)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [q["quarter"] for q in doc["quarters"]] == [1] and doc["band_quarter"] == 1
    zabita = next(d for d in doc["directorates"] if d["name"] == ZABITA)
    assert zabita["cells"][0]["state"] == "not_received"
    assert zabita["cells"][0]["values_entered"] == 1
    assert load_workbook(xlsx).active.max_row == 26
    assert main([*args, "--today", "2021-05-05"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Q1 2021: due 30/04/2021") and "late (5 days); values 1/" in out


def test_status_of_an_unknown_year_is_a_plain_error(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(office), "status", "--year", "1999"]) == 1
    assert "There is no program year 1999." in capsys.readouterr().err


def test_audit_searches_and_prints_newest_first(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(office), "audit", "--user", "strateji"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "strateji  value  indicator value 2021/Zabıta/X/Q1: 1 → 2" in out[0]
    assert "reason: Telefonla düzeltildi" in out[0] and "on behalf" in out[0]
    assert out[-1] == "1 of 1 entries, newest first."
    xlsx = tmp_path / "audit.xlsx"
    assert main(["--db", str(office), "audit", "--search", "Zabıta", "--json", "--limit", "1",
                 "--xlsx", str(xlsx)]) == 0  # fmt: skip
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"] >= 2 and len(doc["entries"]) == 1
    assert doc["entries"][0]["user"] == "strateji"
    assert load_workbook(xlsx).active.max_row == 2


def test_audit_refuses_dates_the_wrong_way_round(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(office), "audit", "--since", "2021-05-01", "--until", "2021-04-01"]
    assert main(args) == 1
    assert "swap the two dates" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", str(office), "audit", "--since", "dün"])
