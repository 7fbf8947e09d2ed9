"""search grams: a GIN index of the character pairs of services.search_text replaces pg_trgm's (PostgreSQL); the
list order index (both databases)

pg_trgm (0012) cannot serve one- and two-character terms (食堂, 料理, 茶): for LIKE '%食堂%' PostgreSQL even
read the whole trigram index (every entry) before the table, slower than no index. `tsunagu_search_grams(
search_text)` is the text cut into every pair of neighbouring characters (子ども食堂 → 子ど ども も食 食堂 堂) read
by PostgreSQL's `simple` text search configuration; one GIN index over it finds a two-character term as one
lexeme, a one-character term as a prefix (茶:*) and a longer one as all its pairs (directory.search.grams), so
the trigram index goes. It is an expression index: every write path that sets search_text keeps it current
without code of its own. The decision and its figures: devtools/bench/prose/search.md.

`ix_services_list_order` (coalesce(name_kana, name), id) is the order of a result list: a search matching many
entries walks it and stops after a page, instead of sorting every match.

Revision ID: 0025
Revises: 0021
"""

from alembic import op

revision = "0025"
down_revision = "0021"
branch_labels = None
depends_on = None

GRAMS_INDEX = "ix_services_search_grams"
TRIGRAM_INDEX = "ix_services_search_text_trgm"
ORDER_INDEX = "ix_services_list_order"
# Doubling every character and cutting the result after the first into pairs gives each neighbouring pair once
# ("abc" → "aabbcc" → "abbcc" → "ab bc c"): two regular expressions in C. Still, it costs a fraction of a
# millisecond per entry, so the function is PL/pgSQL (never inlined) with a high COST: the planner then checks it
# last, after the LIKE, or reads it from the index, but never computes it for every row of a scan.
GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION tsunagu_search_grams(document text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 5000
AS $$
BEGIN
    RETURN to_tsvector(
        'simple'::regconfig,
        regexp_replace(substr(regexp_replace(document, '(.)', '\1\1', 'g'), 2), '(..)', '\1 ', 'g')
    );
END
$$
"""


def upgrade():
    op.execute(f"CREATE INDEX IF NOT EXISTS {ORDER_INDEX} ON services ((coalesce(name_kana, name)), id)")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(GRAMS_FUNCTION)
    op.execute(f"CREATE INDEX IF NOT EXISTS {GRAMS_INDEX} ON services USING gin (tsunagu_search_grams(search_text))")
    op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def downgrade():
    op.execute(f"DROP INDEX IF EXISTS {ORDER_INDEX}")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON services USING gin (search_text gin_trgm_ops)")
    op.execute(f"DROP INDEX IF EXISTS {GRAMS_INDEX}")
    op.execute("DROP FUNCTION IF EXISTS tsunagu_search_grams(text)")
