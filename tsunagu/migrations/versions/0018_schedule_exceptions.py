"""schedule_exceptions: Japanese schedule rules as columns — week unknown (月1回・日曜), 祝日休み,
祝日の場合は翌日, months off (8月はお休み) and days off (年末年始 12/29–1/3)

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("week_unknown", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("per_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("skip_holidays", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("holiday_shift", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("except_months", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("except_dates", sa.String(length=200), nullable=True))
        batch_op.create_check_constraint(op.f("ck_schedules_holiday_shift_range"), "holiday_shift BETWEEN -1 AND 1")


def downgrade():
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_schedules_holiday_shift_range"), type_="check")
        for column in ("except_dates", "except_months", "holiday_shift", "skip_holidays", "per_month", "week_unknown"):
            batch_op.drop_column(column)
