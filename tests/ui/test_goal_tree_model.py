"""The goal-tree model on the real 2021 plan: Qt's model checks, its shape, and the search."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QLineEdit

from kbpp.plan_tree import GoalTree, load_goal_tree
from kbpp.storage import Database
from kbpp.ui.goal_tree_model import (
    COL_CODE,
    COL_DIRECTORATE,
    COL_INDICATORS,
    COL_MISSING,
    NODE_ROLE,
    GoalTreeFilter,
    GoalTreeModel,
)


@pytest.fixture
def tree_2021(db_2021: Database) -> GoalTree:
    return load_goal_tree(db_2021, 2021)


@pytest.fixture
def model(qtbot, tree_2021: GoalTree) -> GoalTreeModel:
    model = GoalTreeModel()
    model.set_tree(tree_2021)
    return model


def rows(model, parent: QModelIndex | None = None) -> list[QModelIndex]:
    """Every index of column 0 below `parent`, depth first."""
    if parent is None:
        parent = QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index)
        found.extend(rows(model, index))
    return found


def kinds(model) -> Counter[str]:
    return Counter(index.data(NODE_ROLE).kind for index in rows(model))


def test_model_passes_qt_model_checks(qtmodeltester, model: GoalTreeModel) -> None:
    qtmodeltester.check(model)


def test_proxy_passes_qt_model_checks(qtmodeltester, model: GoalTreeModel) -> None:
    proxy = GoalTreeFilter()
    proxy.setSourceModel(model)
    proxy.set_query("ph1.41")
    qtmodeltester.check(proxy)


def test_an_empty_model_passes_qt_model_checks(qtmodeltester) -> None:
    qtmodeltester.check(GoalTreeModel())


def test_the_tree_has_the_shape_of_the_2021_plan(model: GoalTreeModel) -> None:
    assert model.rowCount() == 7
    assert kinds(model) == {"theme": 7, "aim": 10, "objective": 79, "target": 100}
    assert [model.index(r, COL_CODE).data() for r in range(2)] == [
        "Mekansal Gelişim",
        "Çevre Yönetimi",
    ]


def test_an_objective_without_a_card_still_shows(model: GoalTreeModel) -> None:
    h818 = [i for i in rows(model) if i.data() == "H8.18"]
    assert len(h818) == 1
    assert model.rowCount(h818[0]) == 0
    assert h818[0].siblingAtColumn(COL_INDICATORS).data() == "0"


def test_one_code_twice_under_one_objective_with_both_directorates(model: GoalTreeModel) -> None:
    cards = [i for i in rows(model) if i.data() == "PH1.41.1"]
    assert len(cards) == 2
    assert {c.parent() for c in cards} == {cards[0].parent()}
    assert cards[0].parent().data() == "H1.41"
    directorates = {c.siblingAtColumn(COL_DIRECTORATE).data() for c in cards}
    assert directorates == {"Yapı Kontrol Müdürlüğü", "Zabıta Müdürlüğü"}
    objective = cards[0].parent()
    assert objective.siblingAtColumn(COL_DIRECTORATE).data() == "2 directorates"


def test_indicator_counts_add_up(model: GoalTreeModel) -> None:
    total = sum(int(model.index(r, COL_INDICATORS).data()) for r in range(model.rowCount()))
    assert total == 476


def test_column_texts_are_every_text_the_count_columns_show(qtbot, db_2021: Database) -> None:
    from decimal import Decimal

    from sqlalchemy import select

    from kbpp.models import Indicator
    from kbpp.values import set_value

    with db_2021.write() as session:
        first = session.scalars(select(Indicator).order_by(Indicator.id)).first()
        set_value(session, first, "Q1", Decimal(1), user="t")
    model = GoalTreeModel()
    model.set_tree(load_goal_tree(db_2021, 2021))
    everything = rows(model)
    shown = {i.siblingAtColumn(COL_INDICATORS).data() for i in everything}
    assert model.column_texts(COL_INDICATORS) == shown
    missing = {i.siblingAtColumn(COL_MISSING).data() for i in everything}
    assert model.column_texts(COL_MISSING) == missing
    assert len(missing) > 3 and "" in missing  # counts, and the branches without a card


def test_typing_in_the_search_box_leaves_only_matching_branches(qtbot, model) -> None:
    proxy = GoalTreeFilter()
    proxy.setSourceModel(model)
    search = QLineEdit()
    qtbot.addWidget(search)
    search.textChanged.connect(proxy.set_query)

    qtbot.keyClicks(search, "PH1.41")

    visible = [(i.data(NODE_ROLE).kind, i.data()) for i in rows(proxy)]
    assert visible == [
        ("theme", "Mekansal Gelişim"),
        ("aim", "A1"),
        ("objective", "H1.41"),
        ("target", "PH1.41.1"),
        ("target", "PH1.41.2"),
        ("target", "PH1.41.1"),
    ]

    search.clear()
    assert kinds(proxy) == {"theme": 7, "aim": 10, "objective": 79, "target": 100}


@pytest.mark.parametrize("query", ["ZABITA", "zabıta", "zabita", "ZABİTA müdürlüğü"])
def test_search_ignores_turkish_case_and_accents(model, query: str) -> None:
    proxy = GoalTreeFilter()
    proxy.setSourceModel(model)
    proxy.set_query(query)
    targets = [i for i in rows(proxy) if i.data(NODE_ROLE).kind == "target"]
    assert targets
    assert all(i.data(NODE_ROLE).directorate == "Zabıta Müdürlüğü" for i in targets)


def test_search_by_words_of_the_text_shows_the_matching_objective_with_its_cards(model) -> None:
    proxy = GoalTreeFilter()
    proxy.setSourceModel(model)
    proxy.set_query("kreşler inşa")
    objectives = [i for i in rows(proxy) if i.data(NODE_ROLE).kind == "objective"]
    assert [o.data() for o in objectives] == ["H1.1"]
    assert proxy.rowCount(objectives[0]) == model.rowCount(
        next(i for i in rows(model) if i.data() == "H1.1")
    )


def test_the_filter_is_recursive() -> None:
    proxy = GoalTreeFilter()
    assert proxy.isRecursiveFilteringEnabled()
    assert isinstance(proxy, QSortFilterProxyModel)
