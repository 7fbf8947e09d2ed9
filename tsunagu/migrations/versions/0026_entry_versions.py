"""entry_versions: a version per entry's page, and the shared version every entry page also depends on
(tsunagu.catalog_cache)

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "entry_versions",
        sa.Column("service_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("service_id", name=op.f("pk_entry_versions")),
    )
    catalog_versions = sa.table("catalog_versions", sa.column("id", sa.Integer), sa.column("version", sa.BigInteger))
    op.bulk_insert(catalog_versions, [{"id": 2, "version": 1}])


def downgrade():
    op.drop_table("entry_versions")
    op.execute("DELETE FROM catalog_versions WHERE id = 2")
