"""matching: person record history and trained outcome models

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('person_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_person_revisions_changed_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_revisions_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_revisions'))
    )
    with op.batch_alter_table('person_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_revisions_person_id'), ['person_id'], unique=False)

    op.create_table('match_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('trained_at', sa.DateTime(), nullable=False),
    sa.Column('training_size', sa.Integer(), nullable=False),
    sa.Column('cv_auc', sa.Float(), nullable=True),
    sa.Column('features', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('coefficients', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('intercept', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_models')),
    sa.UniqueConstraint('version', name=op.f('uq_match_models_version'))
    )


def downgrade():
    op.drop_table('match_models')
    with op.batch_alter_table('person_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_revisions_person_id'))
    op.drop_table('person_revisions')
