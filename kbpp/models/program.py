"""A program year and its goal cards: performance targets, indicators, values, activities."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from kbpp.models.base import Base, ExactDecimal
from kbpp.models.plan import Directorate, Objective, StrategicPlan

INDICATOR_KINDS = ("performance", "monitoring")
INDICATOR_TYPES = ("Girdi", "Çıktı", "Sonuç", "Verimlilik", "Etkinlik", "Kalite", "Performans")
DIRECTIONS = ("increasing", "decreasing")
AGGREGATIONS = ("sum", "average", "last")
FREQUENCIES = ("quarterly", "half-yearly", "yearly")
VALUE_PERIODS = ("Q1", "Q2", "Q3", "Q4", "Y")
COST_SOURCES = ("budget", "off_budget")

indicator_partners = Table(
    "indicator_partners",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True),
    Column("directorate_id", ForeignKey("directorates.id", ondelete="RESTRICT"), primary_key=True),
)


class ProgramYear(Base):
    """One year's Performance Program, with the evaluation settings it is judged by.

    The settings are stored with the year so that an old year's report always prints as it did.
    """

    __tablename__ = "program_years"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategic_plans.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(unique=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)

    plan: Mapped[StrategicPlan] = relationship()
    targets: Mapped[list[PerformanceTarget]] = relationship(
        back_populates="program_year",
        order_by="PerformanceTarget.position",
        cascade="all, delete-orphan",
    )


class PerformanceTarget(Base):
    """A performance target card (PH…), identified by (year, directorate, code)."""

    __tablename__ = "performance_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_year_id: Mapped[int] = mapped_column(
        ForeignKey("program_years.id", ondelete="CASCADE"), index=True
    )
    directorate_id: Mapped[int] = mapped_column(ForeignKey("directorates.id", ondelete="RESTRICT"))
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    program_year: Mapped[ProgramYear] = relationship(back_populates="targets")
    directorate: Mapped[Directorate] = relationship()
    objective: Mapped[Objective] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="performance_target",
        order_by="Indicator.position",
        cascade="all, delete-orphan",
    )
    activities: Mapped[list[Activity]] = relationship(
        back_populates="performance_target",
        order_by="Activity.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (UniqueConstraint("program_year_id", "directorate_id", "code"),)


class Indicator(Base):
    """A performance (PG) or monitoring (İG) indicator with every goal-card field."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("performance_targets.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(60))
    direction: Mapped[str | None] = mapped_column(String(20))
    aggregation: Mapped[str | None] = mapped_column(String(20))
    frequency: Mapped[str | None] = mapped_column(String(20))
    weight: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    baseline: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    evidence: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    performance_target: Mapped[PerformanceTarget] = relationship(back_populates="indicators")
    history: Mapped[list[IndicatorHistory]] = relationship(
        order_by="IndicatorHistory.position", cascade="all, delete-orphan"
    )
    quarter_targets: Mapped[list[QuarterTarget]] = relationship(
        order_by="QuarterTarget.quarter", cascade="all, delete-orphan"
    )
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )
    partners: Mapped[list[Directorate]] = relationship(
        secondary=indicator_partners, order_by="Directorate.position"
    )

    __table_args__ = (
        UniqueConstraint("target_id", "code"),
        CheckConstraint("kind IN ('performance', 'monitoring')", name="kind"),
        CheckConstraint(
            "direction IS NULL OR direction IN ('increasing', 'decreasing')", name="direction"
        ),
        CheckConstraint(
            "aggregation IS NULL OR aggregation IN ('sum', 'average', 'last')", name="aggregation"
        ),
    )


class IndicatorHistory(Base):
    """An earlier actual shown on the card (e.g. 2019, 2020-H1)."""

    __tablename__ = "indicator_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("indicator_id", "period"),)


class QuarterTarget(Base):
    """An optional per-quarter target; without them quarters compare pro rata."""

    __tablename__ = "quarter_targets"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal)

    __table_args__ = (CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),)


class IndicatorValue(Base):
    """An actual value for a quarter (Q1..Q4) or the whole year (Y), with its deviation note."""

    __tablename__ = "indicator_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(2))
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(String(120))
    entered_at: Mapped[datetime | None]
    entered_by_office: Mapped[bool] = mapped_column(default=False)
    office_reason: Mapped[str | None] = mapped_column(Text)  # why the office entered it

    indicator: Mapped[Indicator] = relationship(back_populates="values")

    __table_args__ = (
        UniqueConstraint("indicator_id", "period"),
        CheckConstraint("period IN ('Q1', 'Q2', 'Q3', 'Q4', 'Y')", name="period"),
    )


class Activity(Base):
    """An activity or project (faaliyet/proje) with its resource need and spending."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("performance_targets.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("directorates.id", ondelete="RESTRICT")
    )
    position: Mapped[int] = mapped_column(default=0)

    performance_target: Mapped[PerformanceTarget] = relationship(back_populates="activities")
    responsible: Mapped[Directorate | None] = relationship()
    costs: Mapped[list[ActivityCost]] = relationship(
        order_by="ActivityCost.position", cascade="all, delete-orphan"
    )
    spending: Mapped[list[ActivitySpending]] = relationship(
        order_by="ActivitySpending.quarter", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("target_id", "name"),)

    def total_kurus(self, source: str | None = None) -> int:
        """The resource need in kuruş, from the stored parts (never typed as a total)."""
        return sum(c.amount_kurus for c in self.costs if source is None or c.source == source)


class ActivityCost(Base):
    """One part of an activity's resource need: an economic code or an off-budget source."""

    __tablename__ = "activity_costs"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(12), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    amount_kurus: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("source IN ('budget', 'off_budget')", name="source"),)


class ActivitySpending(Base):
    """Money actually spent on an activity in a quarter."""

    __tablename__ = "activity_spending"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    quarter: Mapped[int] = mapped_column(primary_key=True)
    amount_kurus: Mapped[int]

    __table_args__ = (CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),)


def whole_cards() -> tuple[LoaderOption, ...]:
    """Eager loads for everything a performance target card holds (indicators with history,
    values, quarter targets and partners; activities with costs, spending and the responsible
    directorate): one query per table for any number of cards, none per card."""
    indicators = selectinload(PerformanceTarget.indicators)
    activities = selectinload(PerformanceTarget.activities)
    return (
        indicators.selectinload(Indicator.history),
        indicators.selectinload(Indicator.values),
        indicators.selectinload(Indicator.quarter_targets),
        indicators.selectinload(Indicator.partners),
        activities.selectinload(Activity.costs),
        activities.selectinload(Activity.spending),
        activities.selectinload(Activity.responsible),
    )
