"""The `kbpp-plan` document as typed models: parsing and per-field validation in one step.

Field types refuse what JSON would silently coerce (a string where a number belongs, a float
where an exact decimal belongs); their messages are the plain sentences the user sees, and
pydantic's error locations become the JSON paths printed in front of them.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from kbpp.i18n import _

PERIOD_RE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]))?$")


def shown(value: Any) -> str:
    """A JSON rendering of an offending value, shortened so a message stays one line."""
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("kbpp", "{message}", {"message": message})


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _fail(_("expected a number, got {got}").format(got=shown(value)))
    number = Decimal(value)
    if not number.is_finite():
        raise _fail(_("expected a finite number, got {got}").format(got=shown(value)))
    if number.adjusted() > 15:
        raise _fail(_("the number {got} is too large").format(got=shown(value)))
    return number


def _money(value: Any) -> Decimal:
    number = _number(value)
    if number < 0:
        raise _fail(_("an amount cannot be negative, got {got}").format(got=shown(value)))
    if number != number.quantize(Decimal("0.01")):
        raise _fail(_("an amount has at most 2 decimals (kuruş), got {got}").format(got=value))
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(_("expected a text, got {got}").format(got=shown(value)))
    return value


def _code(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise _fail(_("a code cannot be empty"))
    return text


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise _fail(_("expected a year such as 2021, got {got}").format(got=shown(value)))
    return value


def _period(value: Any) -> str:
    text = _text(value)
    if not PERIOD_RE.match(text):
        raise _fail(
            _("expected a period like 2021, 2021-H1 or 2021-Q3, got {got}").format(got=shown(text))
        )
    return text


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(_("expected a list, got {got}").format(got=shown(value)))
    return value


def _choice(*allowed: str) -> Any:
    def check(value: Any) -> str | None:
        if value is None:
            return None
        if value not in allowed:
            raise _fail(
                _("expected one of {allowed}, got {got}").format(
                    allowed=", ".join(f'"{a}"' for a in allowed), got=shown(value)
                )
            )
        return str(value)

    return check


Number = Annotated[Decimal, BeforeValidator(_number)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_code)]
Year = Annotated[int, BeforeValidator(_year)]
Period = Annotated[str, BeforeValidator(_period)]


def ListOf(item: Any) -> Any:
    return Annotated[list[item], BeforeValidator(_list)]


def Choice(*allowed: str) -> Any:
    return Annotated[str | None, BeforeValidator(_choice(*allowed))]


class Item(BaseModel):
    """An object inside the document: unknown keys are kept aside and reported as warnings."""

    model_config = ConfigDict(extra="allow", frozen=True)


class PlanInfo(Item):
    name: Text
    start_year: Year
    end_year: Year
    mission: Text | None = None
    vision: Text | None = None
    core_values: ListOf(Text) = Field(default_factory=list)


class ThemeItem(Item):
    name: Code
    aims: ListOf(Code) = Field(default_factory=list)


class AimItem(Item):
    code: Code
    text: Text | None = None


class ObjectiveItem(Item):
    code: Code
    aim: Code
    text: Text | None = None


class DirectorateItem(Item):
    name: Code


class PeriodValue(Item):
    period: Period
    value: Number | None = None


class ActualValue(PeriodValue):
    note: Text | None = None


class IndicatorItem(Item):
    code: Code
    kind: Choice("performance", "monitoring") = None
    name: Text
    type: Text | None = None
    unit: Text | None = None
    direction: Choice("increasing", "decreasing") = None
    aggregation: Choice("sum", "average", "last") = None
    weight: Number | None = None
    history: ListOf(PeriodValue) = Field(default_factory=list)
    target: Number | None = None
    values: ListOf(ActualValue) = Field(default_factory=list)
    # KBPP extensions (see docs/formats.md): the goal-card fields the published format lacks.
    frequency: Choice("quarterly", "half-yearly", "yearly") = None
    baseline: Number | None = None
    evidence: Text | None = None
    partners: ListOf(Code) = Field(default_factory=list)
    quarter_targets: dict[Literal["Q1", "Q2", "Q3", "Q4"], Number] = Field(default_factory=dict)


class ActivityItem(Item):
    name: Code
    budget: dict[str, Money] = Field(default_factory=dict)
    off_budget: dict[str, Money] = Field(default_factory=dict)
    # KBPP extensions.
    responsible: Code | None = None
    spending: dict[str, Money] = Field(default_factory=dict)


class TargetItem(Item):
    code: Code
    objective: Code
    text: Text | None = None
    indicators: ListOf(IndicatorItem) = Field(default_factory=list)
    activities: ListOf(ActivityItem) = Field(default_factory=list)


class ProgramDirectorate(Item):
    name: Code
    performance_targets: ListOf(TargetItem) = Field(default_factory=list)


class ProgramItem(Item):
    year: Year
    directorates: ListOf(ProgramDirectorate) = Field(default_factory=list)
    # KBPP extension: the year's evaluation settings (bands, note thresholds).
    settings: dict[str, Any] | None = None


class PlanDocument(BaseModel):
    """The whole file. Unknown top-level keys are errors, as the format says."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["kbpp-plan"]
    version: Literal[1]
    institution: Text | None = None
    source: Text | None = None
    plan: PlanInfo | None = None
    themes: ListOf(ThemeItem) = Field(default_factory=list)
    aims: ListOf(AimItem)
    objectives: ListOf(ObjectiveItem)
    directorates: ListOf(DirectorateItem)
    economic_codes: dict[str, Text] | None = None
    programs: ListOf(ProgramItem)
