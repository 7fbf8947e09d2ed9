"""search grams on SQLite: an FTS5 table of the character pairs of services.search_text, kept by triggers

SQLite had no index for a word without a place: every such search read the whole services table with LIKE.
`services_search_grams` is the SQLite twin of PostgreSQL's pair index (0025): a contentless FTS5 table whose
rowid is the service's id and whose one column holds `tsunagu_search_grams(search_text)`, the document cut into
pairs of neighbouring characters (tsunagu.search_grams, registered on every connection of the app by tsunagu.db).
Triggers on services keep it current on every insert, update of search_text and delete, so no write path has
code of its own, as with PostgreSQL's expression index; a connection without the function (the sqlite3 shell)
cannot write services.search_text. directory.search.grams asks it; the decision and its figures:
devtools/bench/prose/search.md. Nothing on PostgreSQL.

Revision ID: 0028
Revises: 0027
"""

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

TABLE = "services_search_grams"
# unicode61 splits on spaces and punctuation and keeps kana and kanji runs whole; remove_diacritics 0: no letter
# is changed, so a token is the pair as written. Contentless: the pairs are only indexed, never stored twice; a
# row is deleted by giving FTS5 the values it was indexed with, which the triggers compute again from old.*.
CREATE = f"""
CREATE VIRTUAL TABLE {TABLE} USING fts5(
    grams, content='', tokenize='unicode61 remove_diacritics 0', prefix='1'
)
"""
ADD = f"INSERT INTO {TABLE}(rowid, grams) SELECT new.id, tsunagu_search_grams(new.search_text) WHERE new.search_text IS NOT NULL;"
REMOVE = (
    f"INSERT INTO {TABLE}({TABLE}, rowid, grams) SELECT 'delete', old.id, tsunagu_search_grams(old.search_text) "
    "WHERE old.search_text IS NOT NULL;"
)
TRIGGERS = {
    "services_search_grams_insert": f"AFTER INSERT ON services BEGIN {ADD} END",
    "services_search_grams_update": f"AFTER UPDATE OF search_text ON services BEGIN {REMOVE} {ADD} END",
    "services_search_grams_delete": f"AFTER DELETE ON services BEGIN {REMOVE} END",
}


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(CREATE)
    op.execute(
        f"INSERT INTO {TABLE}(rowid, grams) SELECT id, tsunagu_search_grams(search_text) FROM services "
        "WHERE search_text IS NOT NULL"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
