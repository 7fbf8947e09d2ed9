"""search grams: a GIN index of the character bigrams of services.search_text (PostgreSQL) and the list order
index (both databases)

pg_trgm (0012) cannot serve one- and two-character terms (食堂, 料理, 茶): LIKE '%食堂%' read every service, a
parallel sequential scan at national scale. `tsunagu_search_grams(search_text)` is the text cut into every pair
of neighbouring characters (子ども食堂 → 子ど ども も食 食堂 堂) read by PostgreSQL's `simple` text search
configuration; a GIN index over it finds a two-character term as one lexeme, a one-character term as a prefix
(茶:*) and a longer one as all its pairs (directory.search.grams). It is an expression index, so every write path
that sets search_text keeps it current without code of its own. The decision and its figures:
devtools/bench/prose/search.md.

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
ORDER_INDEX = "ix_services_list_order"
# Doubling every character and cutting the result after the first into pairs gives each neighbouring pair once
# ("abc" → "aabbcc" → "abbcc" → "ab bc c"): two regular expressions in C, about as fast as reading the text.
GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION tsunagu_search_grams(document text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN to_tsvector(
    'simple'::regconfig,
    regexp_replace(substr(regexp_replace(document, '(.)', '\1\1', 'g'), 2), '(..)', '\1 ', 'g')
)
"""


def upgrade():
    op.execute(f"CREATE INDEX IF NOT EXISTS {ORDER_INDEX} ON services ((coalesce(name_kana, name)), id)")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(GRAMS_FUNCTION)
    op.execute(f"CREATE INDEX IF NOT EXISTS {GRAMS_INDEX} ON services USING gin (tsunagu_search_grams(search_text))")


def downgrade():
    op.execute(f"DROP INDEX IF EXISTS {ORDER_INDEX}")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {GRAMS_INDEX}")
    op.execute("DROP FUNCTION IF EXISTS tsunagu_search_grams(text)")
