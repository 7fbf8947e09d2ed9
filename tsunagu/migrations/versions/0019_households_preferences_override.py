"""households_preferences_override: households' shared matching fields and lighter member records, persons'
match preferences, and the reason and broken condition of a coordinator's override on a placement

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_district", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("languages", _json(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("max_distance_km", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("max_cost_yen", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("available", _json(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table("households", schema=None) as batch_op:  # the default only filled existing rows
        batch_op.alter_column("languages", existing_type=_json(), server_default=None)
        batch_op.alter_column("available", existing_type=_json(), server_default=None)

    op.create_table(
        "household_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("languages", _json(), nullable=False),
        sa.Column("needs", _json(), nullable=False),
        sa.Column("consent_tier", _enum("household_member_consent", "none", "shared"), nullable=True),
        sa.Column("consent_recorded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members")),
    )
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_members_household_id"), ["household_id"], unique=False)

    op.create_table(
        "match_preferences",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("group_size", _enum("groupsizepreference", "small", "large_ok"), nullable=True),
        sa.Column("atmosphere", _enum("atmospherepreference", "quiet", "lively"), nullable=True),
        sa.Column("men_welcome", sa.Boolean(), nullable=False),
        sa.Column("first_step", sa.Boolean(), nullable=False),
        sa.Column("hard", _json(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_match_preferences_person_id_persons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_match_preferences")),
    )

    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("override_constraint", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("household_member_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_placements_household_member_id"), ["household_member_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_placements_household_member_id_household_members"),
            "household_members",
            ["household_member_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_placements_household_member_id_household_members"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_placements_household_member_id"))
        batch_op.drop_column("household_member_id")
        batch_op.drop_column("override_constraint")
        batch_op.drop_column("override_reason")
    op.drop_table("match_preferences")
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_members_household_id"))
    op.drop_table("household_members")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("available")
        batch_op.drop_column("max_cost_yen")
        batch_op.drop_column("max_distance_km")
        batch_op.drop_column("languages")
        batch_op.drop_column("home_district")
