"""Year rollover: cards copied with their codes, last year's actual moved into history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kbpp.cli.main import main
from kbpp.errors import ValidationError
from kbpp.models import Activity, Indicator, PerformanceTarget, ProgramYear
from kbpp.planexchange.exporter import export_plan
from kbpp.rollover import roll_over
from kbpp.storage import Database
from kbpp.values import set_value


def year_indicators(session, year: int) -> dict[tuple[str, str], Indicator]:
    rows = session.scalars(
        select(Indicator).join(PerformanceTarget).join(ProgramYear).where(ProgramYear.year == year)
    )
    return {(i.performance_target.directorate.name, i.code): i for i in rows}


def test_rollover_copies_cards_and_moves_actuals(db_2021: Database) -> None:
    with db_2021.write() as s:
        ind = s.scalar(select(Indicator).where(Indicator.code == "PG9.62.1.1"))
        for q, v in (("Q1", 2), ("Q2", 3), ("Q3", 1), ("Q4", 4)):
            set_value(s, ind, q, Decimal(v))
    before_2021 = export_plan(db_2021, 2021)
    summary = roll_over(db_2021, 2021)
    assert (summary.year, summary.targets, summary.indicators, summary.activities) == (
        2022,
        100,
        476,
        176,
    )
    assert export_plan(db_2021, 2021) == before_2021
    with db_2021.read() as s:
        old, new = year_indicators(s, 2021), year_indicators(s, 2022)
        assert set(old) == set(new)
        copied = new[("Bilgi İşlem Müdürlüğü", "PG9.62.1.1")]
        assert copied.target is None and copied.values == []
        assert [(h.period, h.value) for h in copied.history] == [
            ("2019", 9),
            ("2020-H1", 4),
            ("2021", 10),
        ]
        untouched = new[("Bilgi İşlem Müdürlüğü", "PG9.62.1.2")]
        assert untouched.history[-1].period == "2021" and untouched.history[-1].value is None
        assert all(
            not a.costs
            for a in s.scalars(
                select(Activity)
                .join(PerformanceTarget)
                .join(ProgramYear)
                .where(ProgramYear.year == 2022)
            )
        )


def test_rollover_refuses_an_existing_year_and_a_year_outside_the_plan(
    db_2021: Database,
) -> None:
    roll_over(db_2021, 2021)
    with pytest.raises(ValidationError, match="already exists"):
        roll_over(db_2021, 2021)
    for year in (2022, 2023):
        roll_over(db_2021, year)
    with pytest.raises(ValidationError, match="outside the strategic plan"):
        roll_over(db_2021, 2024)
    with db_2021.read() as s:
        assert s.scalar(select(ProgramYear).where(ProgramYear.year == 2025)) is None


def test_rollover_command(db_2021: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_2021.path), "year", "rollover", "--from", "2021"]) == 0
    assert "2022" in capsys.readouterr().out
