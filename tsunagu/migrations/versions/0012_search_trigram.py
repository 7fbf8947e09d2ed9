"""search trigram index: pg_trgm GIN on services.search_text (PostgreSQL)

A text search without a place scanned every service with LIKE '%…%' (~150 ms at 100 000 entries). The
trigram index lets PostgreSQL answer LIKE patterns of three or more characters from the index. SQLite keeps
the scan (fast at a town's scale; see docs/benchmarks.md).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEX = "ix_services_search_text_trgm"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm ships with PostgreSQL's contrib (Debian: postgresql-15); creating it needs the usual
    # CREATE privilege on the database, like PostGIS.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON services USING gin (search_text gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
