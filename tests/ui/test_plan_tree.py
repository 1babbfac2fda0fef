"""load_goal_tree (domain, no Qt): shape, directorate filter, status counts, query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import selectinload

from kbpp.errors import NotFoundError
from kbpp.models import Indicator, PerformanceTarget
from kbpp.plan_tree import Counts, GoalTree, load_goal_tree, query_words, search_fold
from kbpp.storage import Database
from kbpp.values import set_value


def codes(tree: GoalTree, kind: str) -> list[str]:
    return [n.code for n in tree.walk() if n.kind == kind]


def test_the_2021_tree(db_2021: Database) -> None:
    tree = load_goal_tree(db_2021)
    assert tree.years == (2021,) and tree.year == 2021 and tree.directorate is None
    assert [tree.count(k) for k in ("theme", "aim", "objective", "target")] == [7, 10, 79, 100]
    assert sum(t.indicator_count for t in tree.themes) == 476
    assert sum(t.target_count for t in tree.themes) == 100
    h818 = next(n for n in tree.walk() if n.code == "H8.18")
    assert h818.children == () and h818.target_count == 0 and h818.directorates == ()
    assert tree.quarter is None  # the plan has no values yet: nothing is missing
    assert all(t.counts.missing == 0 for t in tree.themes)


def test_the_two_ph1_41_1_cards_sit_under_one_objective(db_2021: Database) -> None:
    tree = load_goal_tree(db_2021, 2021)
    h141 = next(n for n in tree.walk() if n.code == "H1.41")
    cards = [(c.code, c.directorate) for c in h141.children]
    assert ("PH1.41.1", "Yapı Kontrol Müdürlüğü") in cards
    assert ("PH1.41.1", "Zabıta Müdürlüğü") in cards
    assert h141.directorate is None and len(h141.directorates) == 2


def test_a_directorate_sees_only_its_branches(db_2021: Database) -> None:
    tree = load_goal_tree(db_2021, 2021, directorate="zabıta")
    assert tree.directorate == "Zabıta Müdürlüğü"
    assert codes(tree, "target") == ["PH1.41.1", "PH4.48.1", "PH8.32.3"]
    assert codes(tree, "objective") == ["H1.41", "H4.48", "H8.32"]
    assert codes(tree, "aim") == ["A1", "A4", "A8"]
    assert all(n.directorates == ("Zabıta Müdürlüğü",) for n in tree.walk())


def test_unknown_year_or_directorate_is_refused(db_2021: Database) -> None:
    with pytest.raises(NotFoundError):
        load_goal_tree(db_2021, 1999)
    with pytest.raises(NotFoundError):
        load_goal_tree(db_2021, 2021, directorate="Uzay Müdürlüğü")


def test_an_empty_database_has_an_empty_tree(office_db: Database) -> None:
    tree = load_goal_tree(office_db)
    assert tree.years == () and tree.year is None and tree.themes == ()


def test_status_counts_follow_the_latest_quarter_with_values(db_2021: Database) -> None:
    with db_2021.write() as session:
        card = session.scalars(
            select(PerformanceTarget)
            .where(PerformanceTarget.code == "PH9.62.1")
            .options(selectinload(PerformanceTarget.indicators).selectinload(Indicator.values))
        ).one()
        first, second, *_rest = card.indicators  # targets 9 and 4 (sum of quarters, Adet)
        set_value(session, first, "Q1", Decimal(1), user="t")  # 1 of 2,25 pro rata: 44 %
        set_value(session, second, "Q1", Decimal(1), "Yolunda.", user="t")  # 100 %
        set_value(session, second, "Q2", Decimal(5), "Talep arttı.", user="t")  # 300 %
        n = len(card.indicators)
    tree = load_goal_tree(db_2021)
    assert tree.quarter == 2
    node = next(n for n in tree.walk() if n.code == "PH9.62.1")
    # Q2: every indicator but the second lacks a value; the first (1 of 4,5) and the second
    # (6 of 2) need notes, and only the second has one.
    assert node.counts.missing == n - 1
    assert node.counts.notes_required == 2
    assert node.counts.notes_missing == 1
    theme = next(t for t in tree.themes if any(n is node for n in t.walk()))
    assert theme.counts.notes_required >= 2

    shape = load_goal_tree(db_2021, counted=False)  # what the window shows before the counts
    assert shape.quarter is None
    assert [(n.kind, n.code, n.indicator_count) for n in shape.walk()] == [
        (n.kind, n.code, n.indicator_count) for n in tree.walk()
    ]
    assert all(n.counts == Counts() for n in shape.walk())


def test_search_folding() -> None:
    assert search_fold("İSTANBUL Işık Çevre") == "istanbul isik cevre"
    assert query_words("  Çevre  YÖNETİMİ ") == ("cevre", "yonetimi")


def test_one_query_per_table(db_2021: Database) -> None:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db_2021.engine, "before_cursor_execute", count)
    try:
        load_goal_tree(db_2021)
    finally:
        event.remove(db_2021.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 12, selects
