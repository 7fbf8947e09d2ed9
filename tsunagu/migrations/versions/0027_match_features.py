"""match_features: a row per service × located place with what the fast match path narrows on, kept in step at
write time (matching.suggestions.features); backfilled here

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


def upgrade():
    op.create_table(
        "match_features",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("visibility", sa.String(length=32), nullable=False),
        sa.Column("hsds_status", sa.String(length=32), nullable=False),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        *(sa.Column(f"opens_{day}", sa.Time(), nullable=True) for day in WEEKDAYS),
        *(sa.Column(f"closes_{day}", sa.Time(), nullable=True) for day in WEEKDAYS),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_match_features_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_match_features_service_id_services"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("service_id", "location_id", name=op.f("pk_match_features")),
    )
    op.create_index("ix_match_features_location_id", "match_features", ["location_id"], unique=False)
    # the rows of the catalog as it is: built by the same code every later write goes through
    from matching.suggestions.features import refresh_features

    refresh_features(op.get_bind(), None)


def downgrade():
    op.drop_index("ix_match_features_location_id", table_name="match_features")
    op.drop_table("match_features")
