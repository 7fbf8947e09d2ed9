"""casework_plans_meetings: 支援プラン, case 終結, 支援会議 / 重層的支援会議, planned 見学/体験, follow-ups cancelled
(never deleted) and concerns handled, the 中学校区 of a person's home, and each town's 居場所 definition

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _fk(table, column, target, ondelete=None):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade():
    # plain ADD COLUMN (no table rebuild): persons carries a SpatiaLite geometry a batch copy would lose
    op.add_column("persons", sa.Column("home_junior_high_district", sa.String(length=50), nullable=True))
    op.create_index(op.f("ix_persons_home_junior_high_district"), "persons", ["home_junior_high_district"])
    op.add_column("placements", sa.Column("planned_status", sa.String(length=32), nullable=True))
    op.add_column("placements", sa.Column("planned_on", sa.Date(), nullable=True))
    op.create_index(op.f("ix_placements_planned_on"), "placements", ["planned_on"])
    op.add_column("follow_ups", sa.Column("cancelled_at", sa.DateTime(), nullable=True))
    op.add_column("follow_ups", sa.Column("cancel_reason", sa.Text(), nullable=True))
    op.add_column("follow_ups", sa.Column("handled_at", sa.DateTime(), nullable=True))

    op.create_table(
        "coverage_definitions",
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("kinds", _json(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_code", name=op.f("pk_coverage_definitions")),
    )
    op.create_table(
        "support_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("steps", _json(), nullable=False),
        sa.Column("responsible_agency_id", sa.Integer(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        _fk("support_plans", "person_id", "persons", "CASCADE"),
        _fk("support_plans", "responsible_agency_id", "agencies"),
        _fk("support_plans", "written_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_plans")),
    )
    op.create_index(op.f("ix_support_plans_person_id"), "support_plans", ["person_id"])
    op.create_index(op.f("ix_support_plans_review_on"), "support_plans", ["review_on"])
    op.create_table(
        "case_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column(
            "evaluation",
            sa.Enum(
                "goal_met", "own_wish", "moved", "no_contact", "other",
                name="closureevaluation", native_enum=False, create_constraint=True, length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        _fk("case_closures", "person_id", "persons", "CASCADE"),
        _fk("case_closures", "closed_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_closures")),
    )
    op.create_index(op.f("ix_case_closures_person_id"), "case_closures", ["person_id"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("support", "multi_agency", name="meetingkind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("meetings", "agency_id", "agencies"),
        _fk("meetings", "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index(op.f("ix_meetings_agency_id"), "meetings", ["agency_id"])
    op.create_index(op.f("ix_meetings_held_on"), "meetings", ["held_on"])
    for name, column, target in (
        ("meeting_members", "user_id", "users"),
        ("meeting_agencies", "agency_id", "agencies"),
        ("meeting_cases", "person_id", "persons"),
    ):
        op.create_table(
            name,
            sa.Column("meeting_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            _fk(name, "meeting_id", "meetings", "CASCADE"),
            _fk(name, column, target, "CASCADE"),
            sa.PrimaryKeyConstraint("meeting_id", column, name=op.f(f"pk_{name}")),
        )
        op.create_index(op.f(f"ix_{name}_{column}"), name, [column])


def downgrade():
    for name, column in (("meeting_cases", "person_id"), ("meeting_agencies", "agency_id"), ("meeting_members", "user_id")):
        op.drop_index(op.f(f"ix_{name}_{column}"), table_name=name)
        op.drop_table(name)
    for table, indexes in (
        ("meetings", ("held_on", "agency_id")),
        ("case_closures", ("person_id",)),
        ("support_plans", ("review_on", "person_id")),
    ):
        for column in indexes:
            op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_table(table)
    op.drop_table("coverage_definitions")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("handled_at")
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("cancelled_at")
    op.drop_index(op.f("ix_placements_planned_on"), table_name="placements")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_column("planned_on")
        batch_op.drop_column("planned_status")
    op.drop_index(op.f("ix_persons_home_junior_high_district"), table_name="persons")
    op.drop_column("persons", "home_junior_high_district")
