"""SQLAlchemy 2 typed ORM models: the whole database schema lives here."""

from kbpp.models.audit import AuditEntry, DatabaseInfo
from kbpp.models.base import Base, ExactDecimal
from kbpp.models.packages import (
    EvidenceFile,
    KeyRecord,
    PackageExport,
    PackageImport,
    ReviewComment,
)
from kbpp.models.plan import Aim, Directorate, EconomicCode, Objective, StrategicPlan, Theme
from kbpp.models.program import (
    Activity,
    ActivityCost,
    ActivitySpending,
    Indicator,
    IndicatorHistory,
    IndicatorValue,
    PerformanceTarget,
    ProgramYear,
    QuarterTarget,
)
from kbpp.models.review import ReviewedValue
from kbpp.models.workflow import QuarterStatus, QuarterWindow

__all__ = [
    "Activity",
    "ActivityCost",
    "ActivitySpending",
    "Aim",
    "AuditEntry",
    "Base",
    "DatabaseInfo",
    "Directorate",
    "EconomicCode",
    "EvidenceFile",
    "ExactDecimal",
    "Indicator",
    "IndicatorHistory",
    "IndicatorValue",
    "KeyRecord",
    "Objective",
    "PackageExport",
    "PackageImport",
    "PerformanceTarget",
    "ProgramYear",
    "QuarterStatus",
    "QuarterTarget",
    "QuarterWindow",
    "ReviewComment",
    "ReviewedValue",
    "StrategicPlan",
    "Theme",
]
