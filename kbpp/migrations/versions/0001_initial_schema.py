"""Initial schema: plan, program years, goal cards, values, activities, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_key", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("package_id", sa.String(length=64), nullable=True),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "database_info",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_database_info")),
    )
    op.create_table(
        "directorates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directorates")),
        sa.UniqueConstraint("name", name=op.f("uq_directorates_name")),
    )
    op.create_table(
        "economic_codes",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_economic_codes")),
    )
    op.create_table(
        "strategic_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("institution", sa.String(length=200), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("mission", sa.Text(), nullable=True),
        sa.Column("vision", sa.Text(), nullable=True),
        sa.Column("core_values", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategic_plans")),
        sa.UniqueConstraint(
            "start_year", "end_year", name=op.f("uq_strategic_plans_start_year_end_year")
        ),
    )
    op.create_table(
        "aims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["strategic_plans.id"],
            name=op.f("fk_aims_plan_id_strategic_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aims")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_aims_plan_id_code")),
    )
    op.create_table(
        "program_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["strategic_plans.id"],
            name=op.f("fk_program_years_plan_id_strategic_plans"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_years")),
        sa.UniqueConstraint("year", name=op.f("uq_program_years_year")),
    )
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["strategic_plans.id"],
            name=op.f("fk_themes_plan_id_strategic_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("plan_id", "name", name=op.f("uq_themes_plan_id_name")),
    )
    op.create_table(
        "objectives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("aim_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["aim_id"], ["aims.id"], name=op.f("fk_objectives_aim_id_aims"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["strategic_plans.id"],
            name=op.f("fk_objectives_plan_id_strategic_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_objectives_plan_id_code")),
    )
    op.create_table(
        "theme_aims",
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("aim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["aim_id"], ["aims.id"], name=op.f("fk_theme_aims_aim_id_aims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_theme_aims_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("theme_id", "aim_id", name=op.f("pk_theme_aims")),
    )
    op.create_table(
        "performance_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_year_id", sa.Integer(), nullable=False),
        sa.Column("directorate_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["directorate_id"],
            ["directorates.id"],
            name=op.f("fk_performance_targets_directorate_id_directorates"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_performance_targets_objective_id_objectives"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["program_year_id"],
            ["program_years.id"],
            name=op.f("fk_performance_targets_program_year_id_program_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_targets")),
        sa.UniqueConstraint(
            "program_year_id",
            "directorate_id",
            "code",
            name=op.f("uq_performance_targets_program_year_id_directorate_id_code"),
        ),
    )
    with op.batch_alter_table("performance_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_performance_targets_program_year_id"), ["program_year_id"], unique=False
        )

    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["responsible_id"],
            ["directorates.id"],
            name=op.f("fk_activities_responsible_id_directorates"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["performance_targets.id"],
            name=op.f("fk_activities_target_id_performance_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint("target_id", "name", name=op.f("uq_activities_target_id_name")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_target_id"), ["target_id"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("direction", sa.String(length=20), nullable=True),
        sa.Column("aggregation", sa.String(length=20), nullable=True),
        sa.Column("frequency", sa.String(length=20), nullable=True),
        sa.Column("weight", sa.String(length=40), nullable=True),
        sa.Column("baseline", sa.String(length=40), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "aggregation IS NULL OR aggregation IN ('sum', 'average', 'last')",
            name=op.f("ck_indicators_aggregation"),
        ),
        sa.CheckConstraint(
            "direction IS NULL OR direction IN ('increasing', 'decreasing')",
            name=op.f("ck_indicators_direction"),
        ),
        sa.CheckConstraint(
            "kind IN ('performance', 'monitoring')", name=op.f("ck_indicators_kind")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["performance_targets.id"],
            name=op.f("fk_indicators_target_id_performance_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("target_id", "code", name=op.f("uq_indicators_target_id_code")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_target_id"), ["target_id"], unique=False)

    op.create_table(
        "activity_costs",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("amount_kurus", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "source IN ('budget', 'off_budget')", name=op.f("ck_activity_costs_source")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_costs_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "source", "key", name=op.f("pk_activity_costs")),
    )
    op.create_table(
        "activity_spending",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("amount_kurus", sa.Integer(), nullable=False),
        sa.CheckConstraint("quarter BETWEEN 1 AND 4", name=op.f("ck_activity_spending_quarter")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_spending_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "quarter", name=op.f("pk_activity_spending")),
    )
    op.create_table(
        "indicator_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_history_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_history")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_indicator_history_indicator_id_period")
        ),
    )
    with op.batch_alter_table("indicator_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_history_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "indicator_partners",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("directorate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["directorate_id"],
            ["directorates.id"],
            name=op.f("fk_indicator_partners_directorate_id_directorates"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_partners_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "indicator_id", "directorate_id", name=op.f("pk_indicator_partners")
        ),
    )
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=2), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.String(length=120), nullable=True),
        sa.Column("entered_at", sa.DateTime(), nullable=True),
        sa.Column("entered_by_office", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "period IN ('Q1', 'Q2', 'Q3', 'Q4', 'Y')", name=op.f("ck_indicator_values_period")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_values_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_values")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_indicator_values_indicator_id_period")
        ),
    )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_values_indicator_id"), ["indicator_id"], unique=False
        )

    op.create_table(
        "quarter_targets",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.CheckConstraint("quarter BETWEEN 1 AND 4", name=op.f("ck_quarter_targets_quarter")),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_quarter_targets_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("indicator_id", "quarter", name=op.f("pk_quarter_targets")),
    )

    # The audit log is append-only: the database itself refuses to change or remove an entry.
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_table("quarter_targets")
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_values_indicator_id"))

    op.drop_table("indicator_values")
    op.drop_table("indicator_partners")
    with op.batch_alter_table("indicator_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_history_indicator_id"))

    op.drop_table("indicator_history")
    op.drop_table("activity_spending")
    op.drop_table("activity_costs")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_target_id"))

    op.drop_table("indicators")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_target_id"))

    op.drop_table("activities")
    with op.batch_alter_table("performance_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_performance_targets_program_year_id"))

    op.drop_table("performance_targets")
    op.drop_table("theme_aims")
    op.drop_table("objectives")
    op.drop_table("themes")
    op.drop_table("program_years")
    op.drop_table("aims")
    op.drop_table("strategic_plans")
    op.drop_table("economic_codes")
    op.drop_table("directorates")
    op.drop_table("database_info")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
