"""archive_merge: archived entries (service_archives), retired terms, dismissed duplicate pairs

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STATUS = sa.Enum("draft", "pending", "published", "archived", name="entrystatus", native_enum=False,
                 create_constraint=True, length=32)


def upgrade():
    op.create_table('service_archives',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('previous_status', STATUS, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('archived_by_id', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['archived_by_id'], ['users.id'], name=op.f('fk_service_archives_archived_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['services.id'], name=op.f('fk_service_archives_merged_into_id_services'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_archives_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', name=op.f('pk_service_archives'))
    )
    with op.batch_alter_table('service_archives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_archives_merged_into_id'), ['merged_into_id'], unique=False)
    op.create_table('term_retirements',
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('retired_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['retired_by_id'], ['users.id'], name=op.f('fk_term_retirements_retired_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_terms.id'], name=op.f('fk_term_retirements_term_id_taxonomy_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('term_id', name=op.f('pk_term_retirements'))
    )
    op.create_table('duplicate_dismissals',
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.Column('dismissed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['users.id'], name=op.f('fk_duplicate_dismissals_dismissed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['first_id'], ['services.id'], name=op.f('fk_duplicate_dismissals_first_id_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['second_id'], ['services.id'], name=op.f('fk_duplicate_dismissals_second_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('first_id', 'second_id', name=op.f('pk_duplicate_dismissals'))
    )
    # entries archived before this table existed get a row, so that a restore knows where to return them
    op.execute(
        "INSERT INTO service_archives (service_id, previous_status, reason, archived_at) "
        "SELECT id, 'draft', '(archived before 0013)', updated_at FROM services WHERE status = 'archived'"
    )


def downgrade():
    op.drop_table('duplicate_dismissals')
    op.drop_table('term_retirements')
    with op.batch_alter_table('service_archives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_archives_merged_into_id'))
    op.drop_table('service_archives')
