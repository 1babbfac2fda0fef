"""A new strategic plan period beside the old one; rollover into it links cards by code."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kbpp.cli.main import main
from kbpp.errors import ValidationError
from kbpp.models import PerformanceTarget, ProgramYear
from kbpp.office.periods import add_period, list_periods
from kbpp.office.skeleton import load_skeleton, remove
from kbpp.reports.build import ReportRequest, make_report
from kbpp.rollover import preview_rollover, roll_over
from kbpp.storage import Database


def test_new_period_copied_and_rollover_links_by_code(db_2021: Database, tmp_path) -> None:
    with pytest.raises(ValidationError, match="overlaps the plan"):
        add_period(db_2021, 2024, 2028)
    new = add_period(db_2021, 2025, 2029, copy_from=(2020, 2024))
    assert (new.label, new.themes, new.aims, new.objectives, new.years) == (
        "2025-2029",
        7,
        10,
        79,
        (),
    )
    # One objective the new plan drops: the cards under it are listed, not copied.
    skeleton = load_skeleton(db_2021, new.id)
    dropped = next(
        o for t in skeleton.themes for a in t.children for o in a.children if o.code == "H9.62"
    )
    remove(db_2021, "objective", dropped.id)
    for year in (2021, 2022, 2023):
        roll_over(db_2021, year)
    preview = preview_rollover(db_2021, 2024)
    assert preview.new_period and preview.plan.startswith("2025-2029")
    assert preview.unlinked == ["Bilgi İşlem Müdürlüğü PH9.62.1 (H9.62)"]
    summary = roll_over(db_2021, 2024)
    assert summary.skipped == preview.unlinked and summary.targets == preview.targets == 99
    with db_2021.read() as s:
        y2025 = s.scalar(select(ProgramYear).where(ProgramYear.year == 2025))
        assert y2025.plan_id == new.id
        cards = s.scalars(
            select(PerformanceTarget).where(PerformanceTarget.program_year_id == y2025.id)
        ).all()
        assert {c.objective.plan_id for c in cards} == {new.id}
    assert [p.years for p in list_periods(db_2021)] == [(2021, 2022, 2023, 2024), (2025,)]
    # The old period's years stay reportable.
    out = make_report(db_2021, ReportRequest("program", 2021, tmp_path / "p.xlsx"))
    assert out.path.exists()


def test_period_commands(db_2021: Database, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_2021.path)
    assert main(["--db", db, "plan", "period", "add", "--start", "2025", "--end", "2029"]) == 0
    assert "2025-2029" in capsys.readouterr().out
    assert main(["--db", db, "plan", "period", "list"]) == 0
    assert "years: 2021" in capsys.readouterr().out
    assert main(["--db", db, "plan", "period", "add", "--start", "2026", "--end", "2027"]) == 1
    assert "overlaps" in capsys.readouterr().err
