"""catalog_version: the single-row counter every catalog write moves on (tsunagu.catalog_cache)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_versions")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1}])


def downgrade():
    op.drop_table("catalog_versions")
