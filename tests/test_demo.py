"""The demo database: built quickly, deterministic, plausible, and unmistakably a demo."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kbpp import paths
from kbpp.demo import DEMO_USER, build_demo_database, open_or_build_demo
from kbpp.errors import DatabaseError
from kbpp.evaluation.loader import evaluate_year, load_year_facts
from kbpp.evaluation.rules import QUARTER_KEYS
from kbpp.models import Activity, ActivitySpending, IndicatorValue
from kbpp.storage import Database, create_database, open_database


@dataclass(frozen=True)
class Build:
    path: Path
    cpu_seconds: float


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build shared by the read-only checks below."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    started = time.process_time()
    build_demo_database(path).close()
    return Build(path, time.process_time() - started)


@pytest.fixture
def demo(demo_build: Build) -> Iterator[Database]:
    db = open_database(demo_build.path)
    yield db
    db.close()


def all_values(db: Database) -> dict[tuple[str, str, str, str], object]:
    with db.read() as session:
        facts = load_year_facts(session, 2021)
    return {
        (f.directorate, f.target_code, f.code, period): value
        for f in facts.indicators
        for period, value in f.values.items()
    }


def test_the_build_is_quick(demo_build: Build, tmp_path: Path) -> None:
    """Under 3 s (about 1.7 s on a quiet machine). CPU time, best of up to three builds, so
    that other work on a busy test machine does not make this flaky."""
    timings = [demo_build.cpu_seconds]
    while min(timings) >= 3.0 and len(timings) < 3:
        started = time.process_time()
        build_demo_database(tmp_path / f"again-{len(timings)}.db").close()
        timings.append(time.process_time() - started)
    assert min(timings) < 3.0, timings


def test_the_demo_is_marked_as_demo(demo: Database) -> None:
    assert demo.is_demo
    assert demo.role == "office"
    with demo.read() as session:
        users = set(session.scalars(select(IndicatorValue.entered_by).distinct()))
    assert users == {DEMO_USER}


def test_two_builds_give_the_same_values_and_notes(demo: Database, tmp_path: Path) -> None:
    other = build_demo_database(tmp_path / "again.db")
    try:
        with demo.read() as a, other.read() as b:
            rows = [
                sorted(
                    (v.indicator_id, v.period, str(v.value), v.note)
                    for v in s.scalars(select(IndicatorValue))
                )
                for s in (a, b)
            ]
            spending = [
                sorted(
                    (p.activity_id, p.quarter, p.amount_kurus)
                    for p in s.scalars(select(ActivitySpending))
                )
                for s in (a, b)
            ]
        assert rows[0] == rows[1]
        assert spending[0] == spending[1]
        assert all_values(demo) == all_values(other)
    finally:
        other.close()


def test_about_97_percent_of_quarters_have_values(demo: Database) -> None:
    with demo.read() as session:
        facts = load_year_facts(session, 2021)
    slots = len(facts.indicators) * len(QUARTER_KEYS)
    filled = sum(1 for f in facts.indicators for q in QUARTER_KEYS if f.values.get(q) is not None)
    assert len(facts.indicators) == 476
    assert 0.95 <= filled / slots <= 0.99


def notes_by_period(db: Database) -> dict[tuple[str, str, str, str], str]:
    """(directorate, card, indicator, period) → note, for every value with a note."""
    with db.read() as session:
        return {
            (
                v.indicator.performance_target.directorate.name,
                v.indicator.performance_target.code,
                v.indicator.code,
                v.period,
            ): v.note
            for v in session.scalars(select(IndicatorValue).where(IndicatorValue.note.is_not(None)))
        }


def test_a_note_on_the_last_value_wherever_the_year_needs_one(demo: Database) -> None:
    notes = notes_by_period(demo)
    required = [
        r.facts
        for d in evaluate_year(demo, 2021).directorates
        for r in d.indicators
        if r.note_required
    ]
    assert len(required) > 20
    unexplained = [
        f.code
        for f in required
        if (f.directorate, f.target_code, f.code, max(f.values)) not in notes
    ]
    assert unexplained == []


def test_quarter_notes_where_the_year_to_date_needs_one(demo: Database) -> None:
    notes = notes_by_period(demo)
    for quarter in (1, 2, 3, 4):
        period = f"Q{quarter}"
        unexplained = [
            r.facts.code
            for d in evaluate_year(demo, 2021, quarter).directorates
            for r in d.indicators
            if r.note_required
            and r.facts.values.get(period) is not None
            and (r.facts.directorate, r.facts.target_code, r.facts.code, period) not in notes
        ]
        assert unexplained == []


def test_notes_are_turkish_sentences(demo: Database) -> None:
    notes = set(notes_by_period(demo).values())
    assert "Pandemi kısıtlamaları nedeniyle etkinlikler ertelendi." in notes
    assert all(n.endswith(".") and n[0].isupper() for n in notes)


def test_rates_spread_over_the_bands_mostly_on_target(demo: Database) -> None:
    summary = evaluate_year(demo, 2021).municipality
    assert all(count > 0 for count in summary.counts.values())
    assert summary.counts["Hedef ve Üstü"] > summary.total / 2
    assert summary.undefined < 10  # only where the published target is zero


def test_spending_stays_below_the_resource_need(demo: Database) -> None:
    with demo.read() as session:
        activities = session.scalars(select(Activity)).all()
        spent = {a.id: sum(s.amount_kurus for s in a.spending) for a in activities}
        assert session.scalar(select(func.count()).select_from(ActivitySpending)) > 100
        for a in activities:
            assert 0 <= spent[a.id] < a.total_kurus() or a.total_kurus() == 0


def test_open_or_build_builds_once_in_the_data_folder() -> None:
    path = paths.demo_db_path()
    assert not path.exists()
    db = open_or_build_demo()
    try:
        assert db.is_demo and db.path == path
    finally:
        db.close()
    mtime = path.stat().st_mtime_ns
    again = open_or_build_demo()
    again.close()
    assert path.stat().st_mtime_ns == mtime
    assert not path.with_name(path.name + ".partial").exists()


def test_open_or_build_refuses_a_real_database_at_the_demo_path() -> None:
    create_database(paths.demo_db_path(), "office").close()
    with pytest.raises(DatabaseError, match="not a KBPP demo database"):
        open_or_build_demo()
