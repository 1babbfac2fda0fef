"""Quarter entry windows and due dates, set by the strategy office.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quarter_windows",
        sa.Column("program_year_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("opens_on <= due_on", name=op.f("ck_quarter_windows_window_order")),
        sa.CheckConstraint("quarter BETWEEN 1 AND 4", name=op.f("ck_quarter_windows_quarter")),
        sa.ForeignKeyConstraint(
            ["program_year_id"],
            ["program_years.id"],
            name=op.f("fk_quarter_windows_program_year_id_program_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("program_year_id", "quarter", name=op.f("pk_quarter_windows")),
    )


def downgrade() -> None:
    op.drop_table("quarter_windows")
