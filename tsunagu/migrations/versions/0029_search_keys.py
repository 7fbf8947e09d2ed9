"""search keys: a narrow side table of what a word search without a place reads, with the pair index (PostgreSQL)

A frequent word without a place (茶: a third of the country) read tens of thousands of matches from `services`
(rows of a few kilobytes: descriptions, the search document, source fields) to keep twenty, and the API's
exact count read them all. `services_search_keys` holds, per service and under the same column names, only
what such a search reads: the list order's columns (name_kana, name, id), the name for "named after the word
first", the columns "what the public may see" compares, and the pairs of the search document as a stripped
`tsvector` (tsunagu_search_grams, 0025) with its GIN index, which moves here from the expression index on
services. Its rows are a few dozen bytes (the pairs are stored out of line), so a match costs a fraction of a
block instead of most of one. directory.search.keys asks it; the decision: devtools/bench/prose/search.md.

A trigger on services keeps it current on every insert and every update of a mirrored column or of
search_text (the pairs are computed again only when the document changed); a deleted service's row goes with
it (ON DELETE CASCADE). So, as with the expression index it replaces, no write path has code of its own.
Nothing on SQLite (its pair index is the FTS5 table of 0028).

Revision ID: 0029
Revises: 0028
"""

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

TABLE = "services_search_keys"
MIRRORED = (
    "name",
    "name_kana",
    "name_normalized",
    "status",
    "visibility",
    "hsds_status",
    "do_not_list",
    "verified_at",
    "created_at",
)
"""The columns of services copied under their own names (with `id`): what a word search without a place reads."""
SERVICES_GRAMS_INDEX = "ix_services_search_grams"
GRAMS = "strip(tsunagu_search_grams(NEW.search_text))"

_columns = ", ".join(MIRRORED)
_new = ", ".join(f"NEW.{c}" for c in MIRRORED)
_set = ", ".join(f"{c} = NEW.{c}" for c in MIRRORED)
FUNCTION = f"""
CREATE OR REPLACE FUNCTION tsunagu_services_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.search_text IS NOT DISTINCT FROM OLD.search_text THEN
        UPDATE {TABLE} SET {_set} WHERE id = NEW.id;  -- the pairs are expensive: only when the document changed
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO {TABLE} (id, {_columns}, grams) VALUES (NEW.id, {_new}, {GRAMS})
    ON CONFLICT (id) DO UPDATE SET {_set}, grams = EXCLUDED.grams;
    RETURN NULL;
END
$$
"""
TRIGGER = (
    f"CREATE TRIGGER services_search_keys AFTER INSERT OR UPDATE OF {_columns}, search_text ON services "
    "FOR EACH ROW EXECUTE FUNCTION tsunagu_services_search_keys()"
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE TABLE {TABLE} (
            id integer PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
            name varchar(200) NOT NULL,
            name_kana varchar(200),
            name_normalized varchar(200),
            status varchar(32),
            visibility varchar(32),
            hsds_status varchar(32),
            do_not_list boolean,
            verified_at timestamp without time zone,
            created_at timestamp without time zone,
            grams tsvector
        )
        """
    )
    # out of line and uncompressed: a row stays a few dozen bytes, and the index, not the row, answers @@
    op.execute(f"ALTER TABLE {TABLE} ALTER COLUMN grams SET STORAGE EXTERNAL")
    op.execute(
        f"INSERT INTO {TABLE} (id, {_columns}, grams) "
        f"SELECT id, {_columns}, strip(tsunagu_search_grams(search_text)) FROM services"
    )
    op.execute(f"CREATE INDEX ix_{TABLE}_grams ON {TABLE} USING gin (grams)")
    op.execute(f"CREATE INDEX ix_{TABLE}_list_order ON {TABLE} ((coalesce(name_kana, name)), id)")
    op.execute(FUNCTION)
    op.execute(TRIGGER)
    op.execute(f"DROP INDEX IF EXISTS {SERVICES_GRAMS_INDEX}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {SERVICES_GRAMS_INDEX} ON services USING gin (tsunagu_search_grams(search_text))"
    )
    op.execute("DROP TRIGGER IF EXISTS services_search_keys ON services")
    op.execute("DROP FUNCTION IF EXISTS tsunagu_services_search_keys()")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
