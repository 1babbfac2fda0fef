"""What the office added to a directorate's values: its comments and the values it entered.

Column queries over a set of indicator ids, shared by the review, the entry grid, the reports
and the reference package, so each of them shows the same marks.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kbpp.i18n import _
from kbpp.models import IndicatorValue, ReviewComment

Ids = Iterable[int] | Select


def office_entries(session: Session, indicator_ids: Ids) -> dict[tuple[int, str], str]:
    """(indicator id, period) → the reason, for every value the office entered on behalf."""
    rows = session.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.office_reason)
        .where(IndicatorValue.indicator_id.in_(indicator_ids))
        .where(IndicatorValue.entered_by_office.is_(True))
    )
    return {(i, p): reason or "-" for i, p, reason in rows}


def review_comments(session: Session, indicator_ids: Ids) -> dict[tuple[int, int], str]:
    """(indicator id, quarter) → the office's review comment."""
    rows = session.execute(
        select(ReviewComment.indicator_id, ReviewComment.quarter, ReviewComment.text).where(
            ReviewComment.indicator_id.in_(indicator_ids)
        )
    )
    return {(i, q): text for i, q, text in rows}


def office_entry_text(reason: str) -> str:
    """The tooltip of a value the office entered."""
    return _("Entered by the strategy office: {reason}").format(reason=reason)


def comment_text(comment: str) -> str:
    """The tooltip of a value the office commented on when it returned the quarter."""
    return _("Strategy office's comment: {comment}").format(comment=comment)
