"""custom_menus: 個別メニュー (custom_menus) and what a host is told about a placement (host_briefs)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('custom_menus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('prospect_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('accompaniment', sa.Text(), nullable=True),
    sa.Column('host_agreements', sa.Text(), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('host_agreed_to_open_at', sa.DateTime(), nullable=True),
    sa.Column('public_service_id', sa.Integer(), nullable=True),
    sa.Column('open_request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_custom_menus_agency_id_agencies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_custom_menus_created_by_id_users')),
    sa.ForeignKeyConstraint(['open_request_id'], ['change_requests.id'], name=op.f('fk_custom_menus_open_request_id_change_requests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_custom_menus_person_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['prospect_id'], ['host_prospects.id'], name=op.f('fk_custom_menus_prospect_id_host_prospects'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['public_service_id'], ['services.id'], name=op.f('fk_custom_menus_public_service_id_services'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_custom_menus_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custom_menus')),
    sa.UniqueConstraint('service_id', name=op.f('uq_custom_menus_service_id'))
    )
    with op.batch_alter_table('custom_menus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custom_menus_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_custom_menus_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_custom_menus_prospect_id'), ['prospect_id'], unique=False)

    op.create_table('host_briefs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('nickname', sa.String(length=50), nullable=False),
    sa.Column('days', sa.String(length=200), nullable=True),
    sa.Column('agreed_adjustments', sa.Text(), nullable=True),
    sa.Column('host_contact_person', sa.String(length=100), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_host_briefs_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_host_briefs_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_host_briefs')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_host_briefs_placement_id'))
    )


def downgrade():
    op.drop_table('host_briefs')
    with op.batch_alter_table('custom_menus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custom_menus_prospect_id'))
        batch_op.drop_index(batch_op.f('ix_custom_menus_person_id'))
        batch_op.drop_index(batch_op.f('ix_custom_menus_agency_id'))

    op.drop_table('custom_menus')
