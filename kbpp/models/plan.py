"""The strategic plan skeleton: plan period, themes, aims, objectives, directorates."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kbpp.models.base import Base

theme_aims = Table(
    "theme_aims",
    Base.metadata,
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
    Column("aim_id", ForeignKey("aims.id", ondelete="CASCADE"), primary_key=True),
)


class StrategicPlan(Base):
    """A five-year strategic plan; program years hang below it."""

    __tablename__ = "strategic_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int]
    end_year: Mapped[int]
    institution: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[str | None] = mapped_column(Text)
    vision: Mapped[str | None] = mapped_column(Text)
    core_values: Mapped[list[str]] = mapped_column(JSON, default=list)

    themes: Mapped[list[Theme]] = relationship(
        back_populates="plan", order_by="Theme.position", cascade="all, delete-orphan"
    )
    aims: Mapped[list[Aim]] = relationship(
        back_populates="plan", order_by="Aim.position", cascade="all, delete-orphan"
    )
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="plan", order_by="Objective.position", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("start_year", "end_year"),)


class Theme(Base):
    """A plan theme (tema) grouping aims; scored as the mean of its aims."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategic_plans.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[StrategicPlan] = relationship(back_populates="themes")
    aims: Mapped[list[Aim]] = relationship(
        secondary=theme_aims, order_by="Aim.position", back_populates="themes"
    )

    __table_args__ = (UniqueConstraint("plan_id", "name"),)


class Aim(Base):
    """An aim (amaç), code `A1`."""

    __tablename__ = "aims"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategic_plans.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[StrategicPlan] = relationship(back_populates="aims")
    themes: Mapped[list[Theme]] = relationship(secondary=theme_aims, back_populates="aims")
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="aim", order_by="Objective.position"
    )

    __table_args__ = (UniqueConstraint("plan_id", "code"),)


class Objective(Base):
    """An objective (hedef), code `H1.15`, under one aim."""

    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("strategic_plans.id", ondelete="CASCADE"))
    aim_id: Mapped[int] = mapped_column(ForeignKey("aims.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[StrategicPlan] = relationship(back_populates="objectives")
    aim: Mapped[Aim] = relationship(back_populates="objectives")

    __table_args__ = (UniqueConstraint("plan_id", "code"),)


class Directorate(Base):
    """A directorate (müdürlük): keeps its own goal cards and sends packages."""

    __tablename__ = "directorates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class EconomicCode(Base):
    """First-level economic classification code (01 Personnel … 09 Reserve)."""

    __tablename__ = "economic_codes"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
