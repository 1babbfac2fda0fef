"""The goal-card tree of a program year (theme → aim → objective → performance target).

Plain frozen dataclasses, so that the GUI's tree, the command line and tests share one reading of
the database. Each node carries counts for the year's *status quarter*: the latest quarter (1-4)
for which any indicator of the year has a value (a whole-year value counts as Q4).

- **missing**: an indicator due in that quarter has no value for it. Quarterly indicators are due
  every quarter, half-yearly ones in Q2 and Q4, yearly ones in Q4 (where a whole-year value also
  counts). Before any value is entered there is no status quarter and nothing is missing.
- **notes required**: the indicator's year-to-date rate through that quarter, evaluated by the
  published rules (`kbpp.evaluation.engine.evaluate_indicator`: pro-rata target, printed rate,
  `rules.note_required` with the year's settings), needs a deviation note.
- **notes missing**: of those, the ones whose value for that quarter has no note yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kbpp.directorates import resolve_name
from kbpp.errors import NotFoundError
from kbpp.evaluation.engine import IndicatorFacts, evaluate_indicator
from kbpp.evaluation.rules import QUARTER_KEYS, YEAR_KEY, due_in_quarter, turkish_lower
from kbpp.evaluation.settings import EvaluationSettings, settings_from_dict
from kbpp.i18n import _
from kbpp.models import (
    Aim,
    Directorate,
    Indicator,
    IndicatorValue,
    Objective,
    PerformanceTarget,
    ProgramYear,
    QuarterTarget,
    Theme,
)
from kbpp.models.plan import theme_aims as theme_aim_links
from kbpp.storage import Database

NodeKind = Literal["theme", "aim", "objective", "target"]

# Turkish letters folded to their plain Latin look-alikes, so that a search typed on a keyboard
# without them ("cevre") still finds "Çevre"; applied after Turkish lower-casing. Replaced one by
# one: str.translate looks every character up in a dict and is five times slower on long texts.
_ASCII_FOLD = tuple(zip("çğıöşüâîû", "cgiosuaiu", strict=True))


def search_fold(text: str) -> str:
    """Text as the tree search compares it: Turkish lower case, then without Turkish accents."""
    text = turkish_lower(text)
    for letter, plain in _ASCII_FOLD:
        text = text.replace(letter, plain)
    return text


def query_words(query: str) -> tuple[str, ...]:
    """The folded words of a search; a node matches when it contains every one of them."""
    return tuple(search_fold(query).split())


@dataclass(frozen=True)
class Counts:
    """Status counts for the tree's status quarter (see the module docstring)."""

    missing: int = 0
    notes_required: int = 0
    notes_missing: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.missing + other.missing,
            self.notes_required + other.notes_required,
            self.notes_missing + other.notes_missing,
        )


@dataclass(frozen=True)
class GoalNode:
    """One row of the tree. Themes have no code; `db_id` is the row's id in its own table."""

    kind: NodeKind
    code: str
    text: str
    directorates: tuple[str, ...]
    indicator_count: int
    target_count: int
    counts: Counts
    children: tuple[GoalNode, ...] = ()
    db_id: int | None = None
    search_text: str = field(default="", compare=False, repr=False)

    @property
    def directorate(self) -> str | None:
        """The one directorate of this branch, or None when it has none or several."""
        return self.directorates[0] if len(self.directorates) == 1 else None

    def matches(self, words: Sequence[str]) -> bool:
        """Whether the code, text or directorate contains every (folded) word."""
        return all(w in self.search_text for w in words)

    def walk(self) -> Iterator[GoalNode]:
        """This node and everything below it, depth first, in plan order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class GoalTree:
    """A program year's tree; `year` None means the database has no program year yet."""

    years: tuple[int, ...]
    year: int | None
    quarter: int | None
    directorate: str | None
    themes: tuple[GoalNode, ...]

    def walk(self) -> Iterator[GoalNode]:
        for theme in self.themes:
            yield from theme.walk()

    def count(self, kind: NodeKind) -> int:
        return sum(1 for node in self.walk() if node.kind == kind)


def _node(
    kind: NodeKind,
    code: str,
    text: str,
    children: Sequence[GoalNode] = (),
    *,
    db_id: int | None = None,
    directorates: Sequence[str] | None = None,
    indicator_count: int | None = None,
    counts: Counts | None = None,
) -> GoalNode:
    """A node whose directorates and counts default to those of its children."""
    if directorates is None:
        directorates = list(dict.fromkeys(d for c in children for d in c.directorates))
    if counts is None:
        counts = sum((c.counts for c in children), Counts())
    if indicator_count is None:
        indicator_count = sum(c.indicator_count for c in children)
    target_count = 1 if kind == "target" else sum(c.target_count for c in children)
    return GoalNode(
        kind=kind,
        code=code,
        text=text,
        directorates=tuple(directorates),
        indicator_count=indicator_count,
        target_count=target_count,
        counts=counts,
        children=tuple(children),
        db_id=db_id,
        # A branch is found by its own code and text; by a directorate only its cards are.
        search_text=search_fold(
            " ".join([code, text, *(directorates if kind == "target" else ())])
        ),
    )


@dataclass(frozen=True)
class _Card:
    """A performance target's columns, as the tree needs them."""

    id: int
    objective_id: int
    code: str
    text: str
    directorate: str


@dataclass(frozen=True)
class _Ind:
    """An indicator's columns, as the counts need them."""

    id: int
    target_id: int
    code: str
    name: str
    kind: str
    type: str | None
    unit: str | None
    direction: str | None
    aggregation: str | None
    frequency: str | None
    weight: Decimal | None
    target: Decimal | None


def _status_quarter(values: dict[int, dict[str, tuple[Decimal | None, str | None]]]) -> int | None:
    latest: int | None = None
    for periods in values.values():
        for period, (value, _note) in periods.items():
            if value is None:
                continue
            q = 4 if period == YEAR_KEY else QUARTER_KEYS.index(period) + 1
            latest = q if latest is None else max(latest, q)
    return latest


def _indicator_counts(
    ind: _Ind,
    card: _Card,
    values: dict[str, tuple[Decimal | None, str | None]],
    quarter_targets: dict[int, Decimal],
    quarter: int,
    settings: EvaluationSettings,
) -> Counts:
    period = QUARTER_KEYS[quarter - 1]
    row = values.get(period)
    has_value = row is not None and row[0] is not None
    if quarter == 4 and not has_value:
        year_row = values.get(YEAR_KEY)
        has_value = year_row is not None and year_row[0] is not None
    missing = int(due_in_quarter(ind.frequency, quarter) and not has_value)
    facts = IndicatorFacts(
        directorate=card.directorate,
        target_code=card.code,
        objective_code="",
        code=ind.code,
        name=ind.name,
        kind=ind.kind,
        type=ind.type,
        unit=ind.unit,
        direction=ind.direction,
        aggregation=ind.aggregation,
        weight=ind.weight,
        target=ind.target,
        quarter_targets=quarter_targets,
        values={p: v for p, (v, _note) in values.items()},
    )
    required = evaluate_indicator(facts, settings, quarter).note_required
    noted = row is not None and bool(row[1])
    return Counts(missing, int(required), int(required and not noted))


def _target_node(
    card: _Card,
    indicator_count: int,
    indicators: Sequence[_Ind],
    values: dict[int, dict[str, tuple[Decimal | None, str | None]]],
    quarter_targets: dict[int, dict[int, Decimal]],
    quarter: int | None,
    settings: EvaluationSettings,
) -> GoalNode:
    counts = Counts()
    if quarter is not None:
        for ind in indicators:
            counts += _indicator_counts(
                ind,
                card,
                values.get(ind.id, {}),
                quarter_targets.get(ind.id, {}),
                quarter,
                settings,
            )
    return _node(
        "target",
        card.code,
        card.text,
        db_id=card.id,
        directorates=[card.directorate],
        indicator_count=indicator_count,
        counts=counts,
    )


def _load_cards(
    session: Session, program: ProgramYear, counted: bool = True
) -> tuple[
    list[_Card],
    dict[int, list[_Ind]],
    dict[int, dict[str, tuple[Decimal | None, str | None]]],
    dict[int, dict[int, Decimal]],
]:
    """The year's cards, indicators, values and quarter targets: four column queries, no ORM
    objects (a 10× year has tens of thousands of rows; objects cost most of a second), run by
    Core (the ORM's handling of plain rows doubles the time).
    Uncounted, neither indicators nor values nor quarter targets are read."""
    cards = [
        _Card(id_, objective_id, code, text or "", directorate)
        for id_, objective_id, code, text, directorate in session.connection().execute(
            select(
                PerformanceTarget.id,
                PerformanceTarget.objective_id,
                PerformanceTarget.code,
                PerformanceTarget.text,
                Directorate.name,
            )
            .join(Directorate, PerformanceTarget.directorate_id == Directorate.id)
            .where(PerformanceTarget.program_year_id == program.id)
            .order_by(PerformanceTarget.position, PerformanceTarget.id)
        )
    ]
    in_year = (
        select(Indicator.id)
        .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
        .where(PerformanceTarget.program_year_id == program.id)
    )
    indicators: dict[int, list[_Ind]] = defaultdict(list)
    values: dict[int, dict[str, tuple[Decimal | None, str | None]]] = defaultdict(dict)
    quarter_targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if not counted:
        return cards, indicators, values, quarter_targets
    for row in session.connection().execute(
        select(
            Indicator.id,
            Indicator.target_id,
            Indicator.code,
            Indicator.name,
            Indicator.kind,
            Indicator.type,
            Indicator.unit,
            Indicator.direction,
            Indicator.aggregation,
            Indicator.frequency,
            Indicator.weight,
            Indicator.target,
        )
        .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
        .where(PerformanceTarget.program_year_id == program.id)
        .order_by(Indicator.target_id, Indicator.position, Indicator.id)
    ):
        ind = _Ind(*row)
        indicators[ind.target_id].append(ind)
    for ind_id, period, value, note in session.connection().execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.period,
            IndicatorValue.value,
            IndicatorValue.note,
        ).where(IndicatorValue.indicator_id.in_(in_year))
    ):
        values[ind_id][period] = (value, note)
    for ind_id, quarter, value in session.connection().execute(
        select(QuarterTarget.indicator_id, QuarterTarget.quarter, QuarterTarget.value)
        .where(QuarterTarget.indicator_id.in_(in_year))
        .order_by(QuarterTarget.indicator_id, QuarterTarget.quarter)
    ):
        quarter_targets[ind_id][quarter] = value
    return cards, indicators, values, quarter_targets


def _indicator_numbers(session: Session, program: ProgramYear) -> dict[int, int]:
    """How many indicators each card of the year has, counted by SQLite (the shape alone)."""
    rows = session.connection().execute(
        select(Indicator.target_id, func.count(Indicator.id))
        .join(PerformanceTarget, Indicator.target_id == PerformanceTarget.id)
        .where(PerformanceTarget.program_year_id == program.id)
        .group_by(Indicator.target_id)
    )
    return {target_id: number for target_id, number in rows}


def _resolve_directorate(session: Session, typed: str) -> str:
    names = [d.name for d in session.scalars(select(Directorate).order_by(Directorate.position))]
    return resolve_name(names, typed)


def _build(
    session: Session, program: ProgramYear, directorate: str | None, counted: bool
) -> tuple[int | None, list[GoalNode]]:
    plan_id = program.plan_id
    themes = session.execute(
        select(Theme.id, Theme.name).where(Theme.plan_id == plan_id).order_by(Theme.position)
    ).all()
    theme_aims: dict[int, list[int]] = defaultdict(list)
    for theme_id, aim_id in session.execute(
        select(theme_aim_links.c.theme_id, theme_aim_links.c.aim_id)
        .join(Aim, theme_aim_links.c.aim_id == Aim.id)
        .where(Aim.plan_id == plan_id)
        .order_by(Aim.position, Aim.id)
    ):
        theme_aims[theme_id].append(aim_id)
    aims = session.execute(
        select(Aim.id, Aim.code, Aim.text).where(Aim.plan_id == plan_id).order_by(Aim.position)
    ).all()
    objectives = session.execute(
        select(Objective.id, Objective.aim_id, Objective.code, Objective.text)
        .where(Objective.plan_id == plan_id)
        .order_by(Objective.position)
    ).all()
    cards, indicators, values, quarter_targets = _load_cards(session, program, counted)
    quarter = _status_quarter(values) if counted else None
    sizes = (
        {target_id: len(inds) for target_id, inds in indicators.items()}
        if counted
        else _indicator_numbers(session, program)
    )
    settings = settings_from_dict(program.settings)

    targets_by_objective: dict[int, list[GoalNode]] = {}
    for card in cards:
        if directorate is None or card.directorate == directorate:
            node = _target_node(
                card,
                sizes.get(card.id, 0),
                indicators.get(card.id, ()),
                values,
                quarter_targets,
                quarter,
                settings,
            )
            targets_by_objective.setdefault(card.objective_id, []).append(node)

    def keep(children: Sequence[GoalNode]) -> bool:
        # Unfiltered, the whole plan shows (objectives without a card too, e.g. H8.18 in 2021);
        # filtered, only the branches that lead to the directorate's cards.
        return directorate is None or any(c.target_count for c in children)

    objectives_by_aim: dict[int, list[GoalNode]] = {}
    for o in objectives:
        children = targets_by_objective.get(o.id, [])
        if keep(children):
            node = _node("objective", o.code, o.text or "", children, db_id=o.id)
            objectives_by_aim.setdefault(o.aim_id, []).append(node)
    aim_nodes: dict[int, GoalNode] = {}
    for a in aims:
        children = objectives_by_aim.get(a.id, [])
        if keep(children):
            aim_nodes[a.id] = _node("aim", a.code, a.text or "", children, db_id=a.id)

    theme_nodes: list[GoalNode] = []
    placed: set[int] = set()
    for theme_id, theme_name in themes:
        listed = theme_aims.get(theme_id, [])
        children = [aim_nodes[a] for a in listed if a in aim_nodes]
        placed.update(listed)
        if keep(children):
            theme_nodes.append(_node("theme", "", theme_name, children, db_id=theme_id))
    orphans = [node for aim_id, node in aim_nodes.items() if aim_id not in placed]
    if orphans:  # never drop an aim silently because no theme lists it
        theme_nodes.append(_node("theme", "", _("Aims without a theme"), orphans))
    return quarter, theme_nodes


def load_goal_tree(
    db: Database, year: int | None = None, directorate: str | None = None, *, counted: bool = True
) -> GoalTree:
    """The tree of `year` (default: the latest program year), optionally of one directorate.

    `directorate` may be typed loosely (any case, a unique part of the name). Raises
    NotFoundError for an unknown year or directorate. `counted=False` gives the shape alone
    (no status quarter, zero counts) without reading or evaluating any value: the window
    shows it at once and takes the counts from a second, background read.
    """
    with db.read() as session:
        years = tuple(session.scalars(select(ProgramYear.year).order_by(ProgramYear.year)))
        if year is None and not years:
            return GoalTree(years=(), year=None, quarter=None, directorate=None, themes=())
        wanted = years[-1] if year is None else year
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == wanted))
        if program is None:
            raise NotFoundError(_("There is no program year {year}.").format(year=wanted))
        name = _resolve_directorate(session, directorate) if directorate else None
        quarter, themes = _build(session, program, name, counted)
    return GoalTree(
        years=years, year=wanted, quarter=quarter, directorate=name, themes=tuple(themes)
    )
