"""Quarter status and locks: where each directorate's quarter is in the cycle.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quarter_status",
        sa.Column("program_year_id", sa.Integer(), nullable=False),
        sa.Column("directorate_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(length=120), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('open', 'submitted', 'accepted', 'returned')",
            name=op.f("ck_quarter_status_state"),
        ),
        sa.CheckConstraint(
            "NOT locked OR reason IS NOT NULL", name=op.f("ck_quarter_status_lock_reason")
        ),
        sa.CheckConstraint("quarter BETWEEN 1 AND 4", name=op.f("ck_quarter_status_quarter")),
        sa.ForeignKeyConstraint(
            ["directorate_id"],
            ["directorates.id"],
            name=op.f("fk_quarter_status_directorate_id_directorates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_year_id"],
            ["program_years.id"],
            name=op.f("fk_quarter_status_program_year_id_program_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "program_year_id", "directorate_id", "quarter", name=op.f("pk_quarter_status")
        ),
    )


def downgrade() -> None:
    op.drop_table("quarter_status")
