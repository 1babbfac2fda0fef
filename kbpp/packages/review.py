"""The office sends a quarter back: its state becomes returned, with a comment per indicator.

The return package then carries the reason and the comments to the directorate.
"""

from __future__ import annotations

from sqlalchemy import delete

from kbpp import audit
from kbpp.directorates import find_directorate
from kbpp.errors import NotFoundError
from kbpp.evaluation.loader import program_year
from kbpp.i18n import _
from kbpp.locks import quarter_status_row
from kbpp.models import ReviewComment
from kbpp.packages.build import directorate_targets
from kbpp.storage import Database


def return_quarter(
    db: Database,
    year: int,
    directorate: str,
    quarter: int,
    reason: str,
    comments: dict[str, str] | None = None,
) -> None:
    """Mark a directorate's quarter returned (unlocked) and store the comments, keyed by
    indicator code, replacing the quarter's earlier comments."""
    user = audit.current_user()
    with db.write() as session:
        program = program_year(session, year)
        d = find_directorate(session, directorate)
        indicators = {
            i.code: i for t in directorate_targets(session, program, d) for i in t.indicators
        }
        unknown = sorted(set(comments or {}) - set(indicators))
        if unknown:
            raise NotFoundError(
                _("{name} has no indicator {codes} in {year}.").format(
                    name=d.name, codes=", ".join(unknown), year=year
                )
            )
        status = quarter_status_row(session, program.id, d.id, quarter)
        audit.record(
            session,
            "status",
            "quarter",
            f"{year}/{d.name}/Q{quarter}",
            field="state",
            old=status.state,
            new="returned",
            reason=reason,
            user=user,
        )
        status.state, status.locked, status.reason = "returned", False, reason
        status.changed_by, status.changed_at = user, audit.now()
        ids = [i.id for i in indicators.values()]
        session.execute(
            delete(ReviewComment).where(
                ReviewComment.indicator_id.in_(ids), ReviewComment.quarter == quarter
            )
        )
        for code, text in (comments or {}).items():
            session.add(
                ReviewComment(
                    indicator_id=indicators[code].id,
                    quarter=quarter,
                    text=text,
                    by=user,
                    at=audit.now(),
                )
            )
