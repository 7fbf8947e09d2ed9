"""readings_and_translation_requests: areas.name_kana (the reading of a 地区 / 中学校区 for furigana and romaji),
service_translations.source_text (the Japanese a translation was made from: a changed original marks it outdated),
translation_requests (a resident asks for an entry in their language; the translators' queue counts them)

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_kana", sa.String(length=100), nullable=True))
    with op.batch_alter_table("service_translations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_text", sa.Text(), nullable=True))
    op.create_table(
        "translation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_translation_requests_open", "translation_requests", ["locale", "done_at", "service_id"])


def downgrade():
    op.drop_index("ix_translation_requests_open", table_name="translation_requests")
    op.drop_table("translation_requests")
    with op.batch_alter_table("service_translations", schema=None) as batch_op:
        batch_op.drop_column("source_text")
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_column("name_kana")
