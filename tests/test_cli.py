"""The command line: the issue's exact commands, the JSON shape, and plain errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbpp.cli.main import main
from kbpp.evaluation.settings import BAND_KEYS


def run_kbpp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kbpp.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_init_import_evaluate_as_the_issue_says(tmp_path: Path, plan_2021_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert run_kbpp("--db", db, "init", "--role", "office").returncode == 0
    imported = run_kbpp("--db", db, "plan", "import", str(plan_2021_path))
    assert imported.returncode == 0, imported.stderr
    assert "476" in imported.stdout
    out = run_kbpp("--db", db, "evaluate", "--year", "2021", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert list(doc) == [
        "year",
        "quarter",
        "directorates",
        "municipality",
        "objectives",
        "aims",
        "themes",
    ]
    assert (doc["year"], doc["quarter"]) == (2021, None)
    assert len(doc["directorates"]) == 25
    first = doc["directorates"][0]
    assert list(first) == ["name", "total", "undefined", "bands", "indicators"]
    assert list(first["bands"]) == list(BAND_KEYS)
    assert list(first["indicators"][0]) == ["code", "name", "target", "actual", "rate", "band"]
    assert doc["municipality"]["total"] == 476
    assert doc["municipality"]["undefined"] == 476  # the published plan has no actuals yet
    assert len(doc["objectives"]) == 79 and list(doc["objectives"][0]) == ["code", "score"]
    assert [a["code"] for a in doc["aims"]] == [f"A{i}" for i in range(1, 11)]
    assert len(doc["themes"]) == 7 and list(doc["themes"][0]) == ["name", "score"]


def test_kbpp_db_environment_variable_is_the_default(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = run_kbpp("init", "--role", "office", env={"KBPP_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_default_database_lives_in_the_user_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--role", "office"]) == 0
    assert (tmp_path / "data" / "kbpp.db").exists()  # KBPP_DATA_DIR set by conftest


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["evaluate", "--year", "2021"], "There is no database"),
        (["plan", "import", "/nonexistent/plan.json"], "There is no file"),
    ],
)
def test_user_errors_are_one_sentence_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert main(["--db", str(tmp_path / "none.db"), *args]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_evaluate_unknown_year_and_directorate(db_2021, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_2021.path), "evaluate", "--year", "1999"]) == 1
    assert "no program year 1999" in capsys.readouterr().err
    code = main(
        ["--db", str(db_2021.path), "evaluate", "--year", "2021", "--directorate", "Hayalet"]
    )
    assert code == 1
    assert "no directorate “Hayalet”" in capsys.readouterr().err


def test_evaluate_directorate_filter_accepts_turkish_lower_case(
    db_2021, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(db_2021.path), "evaluate", "--year", "2021", "--json"]
    assert main([*args, "--directorate", "bilgi işlem"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in doc["directorates"]] == ["Bilgi İşlem Müdürlüğü"]


def test_export_round_trip_from_the_command_line(
    db_2021, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert main(["--db", str(db_2021.path), "plan", "export", str(out), "--year", "2021"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "kbpp-plan" and doc["programs"][0]["year"] == 2021
    assert not list(tmp_path.glob("*.part"))


def test_bad_plan_file_lists_problems_and_changes_nothing(
    db_2021, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kbpp.storage.dump import logical_dump

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kbpp-plan", "version": 1, "aims": 3}', encoding="utf-8")
    before = logical_dump(db_2021)
    assert main(["--db", str(db_2021.path), "plan", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "aims: expected a list, got 3" in err
    assert "objectives: required, but missing" in err
    assert logical_dump(db_2021) == before


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("KBPP ")


def test_the_installed_version_is_the_one_in_the_package() -> None:
    """pyproject.toml takes its version from kbpp.__version__ (the spec and installer too)."""
    from importlib.metadata import version

    import kbpp

    assert version("kbpp") == kbpp.__version__
