"""initial schema: every table of the domain model (DESIGN.md), on SpatiaLite and PostGIS

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:49:32.126681

"""
from alembic import op
from geoalchemy2 import alembic_helpers  # noqa: F401  (registers op.create_geospatial_table)
import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('name', name=op.f('uq_agencies_name'))
    )
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencies_municipality_code'), ['municipality_code'], unique=False)

    op.create_geospatial_table('areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.Enum('district', 'junior_high', 'elementary', name='areakind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('boundary', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('target_count', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas')),
    sa.UniqueConstraint('municipality_code', 'kind', 'name', name=op.f('uq_areas_municipality_code_kind_name'))
    )
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_areas_boundary', ['boundary'], unique=False, postgresql_using='gist', postgresql_ops={})

    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=30), nullable=False),
    sa.Column('files', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('geocoded', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_import_runs_user_id_users', use_alter=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    op.create_table('taxonomies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('version', sa.String(length=20), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomies')),
    sa.UniqueConstraint('code', name=op.f('uq_taxonomies_code')),
    sa.UniqueConstraint('uuid', name=op.f('uq_taxonomies_uuid'))
    )
    op.create_table('households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_households_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('code', name=op.f('uq_households_code'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_agency_id'), ['agency_id'], unique=False)

    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_kana', sa.String(length=200), nullable=True),
    sa.Column('name_normalized', sa.String(length=200), nullable=True),
    sa.Column('alternate_name', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('kind', sa.Enum('npo', 'shakyo', 'neighbourhood', 'company', 'individual', 'municipality', 'welfare', 'religious', 'other', name='organizationkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('corporate_number', sa.String(length=13), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('status', sa.Enum('draft', 'pending', 'published', 'archived', name='entrystatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('do_not_list', sa.Boolean(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('import_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_runs.id'], name=op.f('fk_organizations_import_run_id_import_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('uuid', name=op.f('uq_organizations_uuid'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index('ix_organizations_name_norm', ['name_normalized'], unique=False)
        batch_op.create_index('ix_organizations_source', ['municipality_code', 'source_id'], unique=False)

    op.create_table('taxonomy_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxonomy_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('icon', sa.String(length=50), nullable=True),
    sa.Column('colour', sa.String(length=7), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['taxonomy_terms.id'], name=op.f('fk_taxonomy_terms_parent_id_taxonomy_terms')),
    sa.ForeignKeyConstraint(['taxonomy_id'], ['taxonomies.id'], name=op.f('fk_taxonomy_terms_taxonomy_id_taxonomies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy_terms')),
    sa.UniqueConstraint('taxonomy_id', 'code', name=op.f('uq_taxonomy_terms_taxonomy_id_code')),
    sa.UniqueConstraint('uuid', name=op.f('uq_taxonomy_terms_uuid'))
    )
    with op.batch_alter_table('taxonomy_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taxonomy_terms_taxonomy_id'), ['taxonomy_id'], unique=False)

    op.create_geospatial_table('locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=8), nullable=True),
    sa.Column('prefecture', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('town', sa.String(length=100), nullable=True),
    sa.Column('block', sa.String(length=100), nullable=True),
    sa.Column('building', sa.String(length=200), nullable=True),
    sa.Column('district', sa.String(length=50), nullable=True),
    sa.Column('junior_high_district', sa.String(length=50), nullable=True),
    sa.Column('elementary_district', sa.String(length=50), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('geocode_source', sa.String(length=50), nullable=True),
    sa.Column('address_visibility', sa.Enum('public', 'area', name='addressvisibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('access_notes', sa.Text(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('import_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_runs.id'], name=op.f('fk_locations_import_run_id_import_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_locations_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_locations')),
    sa.UniqueConstraint('uuid', name=op.f('uq_locations_uuid'))
    )
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_locations_point', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index('ix_locations_areas', ['municipality_code', 'district', 'junior_high_district'], unique=False)
        batch_op.create_index('ix_locations_elementary', ['elementary_district'], unique=False)
        batch_op.create_index(batch_op.f('ix_locations_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_locations_source', ['municipality_code', 'source_id'], unique=False)

    op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_kana', sa.String(length=200), nullable=True),
    sa.Column('name_normalized', sa.String(length=200), nullable=True),
    sa.Column('alternate_name', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('status', sa.Enum('draft', 'pending', 'published', 'archived', name='entrystatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('hsds_status', sa.Enum('active', 'inactive', 'defunct', 'temporarily closed', name='hsdsstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('visibility', sa.Enum('public', 'coordinators', name='visibility', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('do_not_list', sa.Boolean(), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('threshold', sa.Enum('drop-in', 'reservation', 'referral', name='threshold', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('space', sa.Enum('protected', 'open', name='space', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('step_level', sa.Enum('visit', 'trial', 'join', 'role', name='steplevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('ladder_stage', sa.Enum('social', 'hobby', 'volunteer', 'work', name='ladderstage', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('transport_offered', sa.Boolean(), nullable=False),
    sa.Column('atmosphere', sa.Enum('quiet', 'lively', name='atmosphere', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('group_size', sa.Enum('small', 'medium', 'large', name='groupsize', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('atmosphere_notes', sa.Text(), nullable=True),
    sa.Column('how_to_join', sa.Text(), nullable=True),
    sa.Column('minimum_age', sa.Integer(), nullable=True),
    sa.Column('maximum_age', sa.Integer(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('openings', sa.Integer(), nullable=True),
    sa.Column('fees_description', sa.Text(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('import_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_services_capacity_non_negative')),
    sa.CheckConstraint('maximum_age IS NULL OR minimum_age IS NULL OR maximum_age >= minimum_age', name=op.f('ck_services_age_range')),
    sa.CheckConstraint('minimum_age IS NULL OR minimum_age >= 0', name=op.f('ck_services_minimum_age_non_negative')),
    sa.ForeignKeyConstraint(['import_run_id'], ['import_runs.id'], name=op.f('fk_services_import_run_id_import_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_services_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('uuid', name=op.f('uq_services_uuid'))
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.create_index('ix_services_name_norm', ['name_normalized'], unique=False)
        batch_op.create_index(batch_op.f('ix_services_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_services_public', ['status', 'visibility', 'hsds_status'], unique=False)
        batch_op.create_index('ix_services_source', ['municipality_code', 'source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_services_verified_at'), ['verified_at'], unique=False)

    op.create_table('taxonomy_term_labels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_terms.id'], name=op.f('fk_taxonomy_term_labels_term_id_taxonomy_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy_term_labels')),
    sa.UniqueConstraint('term_id', 'locale', name=op.f('uq_taxonomy_term_labels_term_id_locale'))
    )
    with op.batch_alter_table('taxonomy_term_labels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taxonomy_term_labels_term_id'), ['term_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('admin', 'coordinator', 'agency', 'group', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('locale', sa.String(length=16), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_users_agency_id_agencies')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_users_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('object_type', sa.String(length=50), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('ip_hash', sa.String(length=64), nullable=True),
    sa.Column('page', sa.String(length=200), nullable=True),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_object', ['object_type', 'object_id'], unique=False)

    op.create_table('change_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('new', 'edit', 'correction', 'publish', name='changekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='reviewstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitter_contact', sa.String(length=254), nullable=True),
    sa.Column('before', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('after', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_change_requests_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_change_requests_service_id_services'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_change_requests_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_requests'))
    )
    with op.batch_alter_table('change_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_requests_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_change_requests_queue', ['state', 'kind', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_requests_service_id'), ['service_id'], unique=False)

    op.create_table('cost_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.Enum('infant', 'elementary', 'junior_high', 'high_school', 'adult', name='ageband', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('amount_yen', sa.Integer(), nullable=True),
    sa.Column('is_free', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.CheckConstraint('amount_yen IS NULL OR amount_yen >= 0', name=op.f('ck_cost_options_amount_non_negative')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_cost_options_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_options')),
    sa.UniqueConstraint('service_id', 'age_band', name=op.f('uq_cost_options_service_id_age_band'))
    )
    with op.batch_alter_table('cost_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cost_options_service_id'), ['service_id'], unique=False)

    op.create_table('development_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('gap', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=50), nullable=True),
    sa.Column('district', sa.String(length=50), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.Enum('new_public_activity', 'custom_menu', 'closed', name='developmentoutcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('resulting_service_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_development_cases_agency_id_agencies')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_development_cases_opened_by_id_users')),
    sa.ForeignKeyConstraint(['resulting_service_id'], ['services.id'], name=op.f('fk_development_cases_resulting_service_id_services'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_cases'))
    )
    with op.batch_alter_table('development_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_cases_agency_id'), ['agency_id'], unique=False)

    op.create_table('eligibilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('residents_only', 'men_only', 'women_only', 'with_guardian', 'referral_required', 'other', name='eligibilitykind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_eligibilities_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibilities')),
    sa.UniqueConstraint('service_id', 'kind', name=op.f('uq_eligibilities_service_id_kind'))
    )
    with op.batch_alter_table('eligibilities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eligibilities_service_id'), ['service_id'], unique=False)

    op.create_geospatial_table('host_prospects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('candidate', 'approaching', 'willing', 'hosting', 'paused', name='prospectstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('offer', sa.Text(), nullable=True),
    sa.Column('conditions', sa.Text(), nullable=True),
    sa.Column('days', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('places', sa.Integer(), nullable=True),
    sa.Column('support_needed', sa.Text(), nullable=True),
    sa.Column('district', sa.String(length=50), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_host_prospects_agency_id_agencies')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_host_prospects_coordinator_id_users')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_host_prospects_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_host_prospects'))
    )
    with op.batch_alter_table('host_prospects', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_host_prospects_point', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_host_prospects_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_host_prospects_coordinator_id'), ['coordinator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_host_prospects_organization_id'), ['organization_id'], unique=False)

    op.create_table('location_accessibility',
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('feature', sa.Enum('wheelchair', 'accessible_toilet', 'elevator', 'hearing_loop', 'sign_language', 'parking', 'quiet_room', name='accessibilityfeature', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_location_accessibility_location_id_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('location_id', 'feature', name=op.f('pk_location_accessibility'))
    )
    with op.batch_alter_table('location_accessibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_location_accessibility_feature'), ['feature'], unique=False)

    op.create_geospatial_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_name', sa.String(length=50), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'closed', 'erased', name='personstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('home_district', sa.String(length=50), nullable=True),
    sa.Column('home_point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('interests', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('interests_text', sa.Text(), nullable=True),
    sa.Column('strengths', sa.Text(), nullable=True),
    sa.Column('wants_to_try', sa.Text(), nullable=True),
    sa.Column('available', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('max_distance_km', sa.Float(), nullable=True),
    sa.Column('mobility', sa.Enum('walk', 'bicycle', 'public_transport', 'car', 'escorted', name='mobility', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('max_cost_yen', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('accessibility', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('preferred_space', sa.Enum('protected', 'open', name='space', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('preferred_threshold', sa.Enum('drop-in', 'reservation', 'referral', name='threshold', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('with_family', sa.Boolean(), nullable=True),
    sa.Column('gender_comfort', sa.Enum('any', 'men_only', 'women_only', name='gendercomfort', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('kinds', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('erased_at', sa.DateTime(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_persons_agency_id_agencies')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_persons_coordinator_id_users')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_persons_household_id_households'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_persons_home_point', ['home_point'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_persons_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_coordinator_id'), ['coordinator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_home_district'), ['home_district'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_status'), ['status'], unique=False)

    op.create_table('schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('freq', sa.Enum('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'IRREGULAR', name='frequency', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('interval', sa.Integer(), nullable=False),
    sa.Column('byday', sa.String(length=60), nullable=True),
    sa.Column('bymonthday', sa.String(length=60), nullable=True),
    sa.Column('opens_at', sa.Time(), nullable=True),
    sa.Column('closes_at', sa.Time(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.CheckConstraint('closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at', name=op.f('ck_schedules_opens_before_close')),
    sa.CheckConstraint('interval >= 1', name=op.f('ck_schedules_interval_positive')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_schedules_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedules'))
    )
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedules_service_id'), ['service_id'], unique=False)

    op.create_table('service_at_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_service_at_locations_location_id_locations')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_at_locations_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_at_locations')),
    sa.UniqueConstraint('service_id', 'location_id', name=op.f('uq_service_at_locations_service_id_location_id')),
    sa.UniqueConstraint('uuid', name=op.f('uq_service_at_locations_uuid'))
    )
    with op.batch_alter_table('service_at_locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_at_locations_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_at_locations_service_id'), ['service_id'], unique=False)

    op.create_table('service_languages',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_languages_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'language', name=op.f('pk_service_languages'))
    )
    with op.batch_alter_table('service_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_languages_language'), ['language'], unique=False)

    op.create_table('service_taxonomy_terms',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_taxonomy_terms_service_id_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_terms.id'], name=op.f('fk_service_taxonomy_terms_term_id_taxonomy_terms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'term_id', name=op.f('pk_service_taxonomy_terms'))
    )
    with op.batch_alter_table('service_taxonomy_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_taxonomy_terms_term_id'), ['term_id'], unique=False)

    op.create_table('service_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('field', sa.String(length=50), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('is_machine', sa.Boolean(), nullable=False),
    sa.Column('reviewed', sa.Boolean(), nullable=False),
    sa.Column('translator_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_translations_service_id_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['translator_id'], ['users.id'], name=op.f('fk_service_translations_translator_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_translations')),
    sa.UniqueConstraint('service_id', 'locale', 'field', name=op.f('uq_service_translations_service_id_locale_field'))
    )
    with op.batch_alter_table('service_translations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_translations_locale'), ['locale'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_translations_service_id'), ['service_id'], unique=False)

    op.create_geospatial_table('volunteers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('code_name', sa.String(length=50), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('skills', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('interests', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('languages', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('availability', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('district', sa.String(length=50), nullable=True),
    sa.Column('home_point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('max_distance_km', sa.Float(), nullable=True),
    sa.Column('bio', sa.Text(), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('status', sa.Enum('pending', 'active', 'inactive', name='volunteerstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_volunteers_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers'))
    )
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_volunteers_home_point', ['home_point'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_volunteers_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteers_user_id'), ['user_id'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Enum('none', 'shared', name='consenttier', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('meeting_name', sa.String(length=200), nullable=True),
    sa.Column('form_reference', sa.String(length=100), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_consents_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consents_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_person_id'), ['person_id'], unique=False)

    op.create_table('development_case_prospects',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('prospect_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['development_cases.id'], name=op.f('fk_development_case_prospects_case_id_development_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['prospect_id'], ['host_prospects.id'], name=op.f('fk_development_case_prospects_prospect_id_host_prospects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'prospect_id', name=op.f('pk_development_case_prospects'))
    )
    op.create_table('development_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['development_cases.id'], name=op.f('fk_development_steps_case_id_development_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_steps'))
    )
    with op.batch_alter_table('development_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_steps_case_id'), ['case_id'], unique=False)

    op.create_table('host_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prospect_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_host_contacts_by_id_users')),
    sa.ForeignKeyConstraint(['prospect_id'], ['host_prospects.id'], name=op.f('fk_host_contacts_prospect_id_host_prospects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_host_contacts'))
    )
    with op.batch_alter_table('host_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_host_contacts_prospect_id'), ['prospect_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'visit', 'trial', 'started', 'ended', name='placementstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('end_reason', sa.Enum('goal_met', 'moved', 'not_a_fit', 'host_capacity', 'no_longer_interested', 'could_not_contact', 'declined', 'other', name='endreason', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('end_note', sa.Text(), nullable=True),
    sa.Column('accompanied_visit', sa.Boolean(), nullable=False),
    sa.Column('host_support_notes', sa.Text(), nullable=True),
    sa.Column('match_score', sa.Double(), nullable=True),
    sa.Column('match_model_version', sa.String(length=40), nullable=True),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_placements_coordinator_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_placements_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_placements_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_coordinator_id'), ['coordinator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_service_id'), ['service_id'], unique=False)
        batch_op.create_index('ix_placements_status', ['status', 'service_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('change_request_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='reviewstate', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('snapshot', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['change_request_id'], ['change_requests.id'], name=op.f('fk_reviews_change_request_id_change_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_change_request_id'), ['change_request_id'], unique=False)

    op.create_geospatial_table('unmet_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('sought', sa.Text(), nullable=False),
    sa.Column('kinds', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('district', sa.String(length=50), nullable=True),
    sa.Column('junior_high_district', sa.String(length=50), nullable=True),
    sa.Column('point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('failed_constraints', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('profile', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('development_case_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_unmet_needs_agency_id_agencies')),
    sa.ForeignKeyConstraint(['development_case_id'], ['development_cases.id'], name=op.f('fk_unmet_needs_development_case_id_development_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_unmet_needs_person_id_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_unmet_needs_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmet_needs'))
    )
    with op.batch_alter_table('unmet_needs', schema=None) as batch_op:
        batch_op.create_geospatial_index('idx_unmet_needs_point', ['point'], unique=False, postgresql_using='gist', postgresql_ops={})
        batch_op.create_index(batch_op.f('ix_unmet_needs_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unmet_needs_development_case_id'), ['development_case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unmet_needs_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_unmet_needs_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unmet_needs_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('volunteer_interests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('interested', 'contact_shared', 'declined', name='intereststatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_volunteer_interests_service_id_services'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_interests_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteer_interests')),
    sa.UniqueConstraint('volunteer_id', 'service_id', name=op.f('uq_volunteer_interests_volunteer_id_service_id'))
    )
    with op.batch_alter_table('volunteer_interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_volunteer_interests_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_volunteer_interests_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('consent_agencies',
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_consent_agencies_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_consent_agencies_consent_id_consents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consent_id', 'agency_id', name=op.f('pk_consent_agencies'))
    )
    with op.batch_alter_table('consent_agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_agencies_agency_id'), ['agency_id'], unique=False)

    op.create_table('consent_members',
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_consent_members_consent_id_consents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consent_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consent_id', 'user_id', name=op.f('pk_consent_members'))
    )
    with op.batch_alter_table('consent_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_members_user_id'), ['user_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.Enum('1w', '1m', '3m', '6m', name='followupmilestone', native_enum=False, create_constraint=True, length=4), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.Enum('going_well', 'concern', 'stopped', 'no_contact', name='followupoutcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_follow_ups_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_follow_ups_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups')),
    sa.UniqueConstraint('placement_id', 'milestone', name=op.f('uq_follow_ups_placement_id_milestone'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_due', ['done_at', 'due_on'], unique=False)

    op.create_table('host_check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('how_it_goes', sa.Text(), nullable=True),
    sa.Column('worries', sa.Text(), nullable=True),
    sa.Column('adjustments', sa.Text(), nullable=True),
    sa.Column('host_contact_person', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_host_check_ins_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_host_check_ins_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_host_check_ins'))
    )
    with op.batch_alter_table('host_check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_host_check_ins_placement_id'), ['placement_id'], unique=False)

    op.create_table('placement_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('from_status', sa.Enum('proposed', 'visit', 'trial', 'started', 'ended', name='from_status', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('to_status', sa.Enum('proposed', 'visit', 'trial', 'started', 'ended', name='to_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_placement_events_actor_id_users')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_events_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_events'))
    )
    with op.batch_alter_table('placement_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_events_placement_id'), ['placement_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # users → organizations → import_runs → users is a cycle: PostgreSQL gets this FK last
        # (SQLite creates it inline with the table, as it checks foreign keys only on writes).
        op.create_foreign_key("fk_import_runs_user_id_users", "import_runs", "users", ["user_id"], ["id"])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_import_runs_user_id_users", "import_runs", type_="foreignkey")
    with op.batch_alter_table('placement_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_events_placement_id'))

    op.drop_table('placement_events')
    with op.batch_alter_table('host_check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_host_check_ins_placement_id'))

    op.drop_table('host_check_ins')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_ups_due')

    op.drop_table('follow_ups')
    with op.batch_alter_table('consent_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_members_user_id'))

    op.drop_table('consent_members')
    with op.batch_alter_table('consent_agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_agencies_agency_id'))

    op.drop_table('consent_agencies')
    with op.batch_alter_table('volunteer_interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteer_interests_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_volunteer_interests_service_id'))

    op.drop_table('volunteer_interests')
    with op.batch_alter_table('unmet_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unmet_needs_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_unmet_needs_person_id'))
        batch_op.drop_index(batch_op.f('ix_unmet_needs_district'))
        batch_op.drop_index(batch_op.f('ix_unmet_needs_development_case_id'))
        batch_op.drop_index(batch_op.f('ix_unmet_needs_agency_id'))
        batch_op.drop_geospatial_index('idx_unmet_needs_point', postgresql_using='gist', column_name='point')

    op.drop_geospatial_table('unmet_needs')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_change_request_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('ix_placements_status')
        batch_op.drop_index(batch_op.f('ix_placements_service_id'))
        batch_op.drop_index(batch_op.f('ix_placements_person_id'))
        batch_op.drop_index(batch_op.f('ix_placements_coordinator_id'))

    op.drop_table('placements')
    with op.batch_alter_table('host_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_host_contacts_prospect_id'))

    op.drop_table('host_contacts')
    with op.batch_alter_table('development_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_steps_case_id'))

    op.drop_table('development_steps')
    op.drop_table('development_case_prospects')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_person_id'))

    op.drop_table('consents')
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_volunteers_user_id'))
        batch_op.drop_index(batch_op.f('ix_volunteers_district'))
        batch_op.drop_geospatial_index('idx_volunteers_home_point', postgresql_using='gist', column_name='home_point')

    op.drop_geospatial_table('volunteers')
    with op.batch_alter_table('service_translations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_translations_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_translations_locale'))

    op.drop_table('service_translations')
    with op.batch_alter_table('service_taxonomy_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_taxonomy_terms_term_id'))

    op.drop_table('service_taxonomy_terms')
    with op.batch_alter_table('service_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_languages_language'))

    op.drop_table('service_languages')
    with op.batch_alter_table('service_at_locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_at_locations_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_at_locations_location_id'))

    op.drop_table('service_at_locations')
    with op.batch_alter_table('schedules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedules_service_id'))

    op.drop_table('schedules')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_status'))
        batch_op.drop_index(batch_op.f('ix_persons_household_id'))
        batch_op.drop_index(batch_op.f('ix_persons_home_district'))
        batch_op.drop_index(batch_op.f('ix_persons_coordinator_id'))
        batch_op.drop_index(batch_op.f('ix_persons_agency_id'))
        batch_op.drop_geospatial_index('idx_persons_home_point', postgresql_using='gist', column_name='home_point')

    op.drop_geospatial_table('persons')
    with op.batch_alter_table('location_accessibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_accessibility_feature'))

    op.drop_table('location_accessibility')
    with op.batch_alter_table('host_prospects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_host_prospects_organization_id'))
        batch_op.drop_index(batch_op.f('ix_host_prospects_coordinator_id'))
        batch_op.drop_index(batch_op.f('ix_host_prospects_agency_id'))
        batch_op.drop_geospatial_index('idx_host_prospects_point', postgresql_using='gist', column_name='point')

    op.drop_geospatial_table('host_prospects')
    with op.batch_alter_table('eligibilities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_eligibilities_service_id'))

    op.drop_table('eligibilities')
    with op.batch_alter_table('development_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_cases_agency_id'))

    op.drop_table('development_cases')
    with op.batch_alter_table('cost_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cost_options_service_id'))

    op.drop_table('cost_options')
    with op.batch_alter_table('change_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_requests_service_id'))
        batch_op.drop_index('ix_change_requests_queue')
        batch_op.drop_index(batch_op.f('ix_change_requests_organization_id'))

    op.drop_table('change_requests')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role'))
        batch_op.drop_index(batch_op.f('ix_users_organization_id'))
        batch_op.drop_index(batch_op.f('ix_users_agency_id'))

    op.drop_table('users')
    with op.batch_alter_table('taxonomy_term_labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taxonomy_term_labels_term_id'))

    op.drop_table('taxonomy_term_labels')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_services_verified_at'))
        batch_op.drop_index('ix_services_source')
        batch_op.drop_index('ix_services_public')
        batch_op.drop_index(batch_op.f('ix_services_organization_id'))
        batch_op.drop_index('ix_services_name_norm')

    op.drop_table('services')
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.drop_index('ix_locations_source')
        batch_op.drop_index(batch_op.f('ix_locations_organization_id'))
        batch_op.drop_index('ix_locations_elementary')
        batch_op.drop_index('ix_locations_areas')
        batch_op.drop_geospatial_index('idx_locations_point', postgresql_using='gist', column_name='point')

    op.drop_geospatial_table('locations')
    with op.batch_alter_table('taxonomy_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taxonomy_terms_taxonomy_id'))

    op.drop_table('taxonomy_terms')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index('ix_organizations_source')
        batch_op.drop_index('ix_organizations_name_norm')

    op.drop_table('organizations')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_agency_id'))

    op.drop_table('households')
    op.drop_table('taxonomies')
    op.drop_table('import_runs')
    with op.batch_alter_table('areas', schema=None) as batch_op:
        batch_op.drop_geospatial_index('idx_areas_boundary', postgresql_using='gist', column_name='boundary')

    op.drop_geospatial_table('areas')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agencies_municipality_code'))

    op.drop_table('agencies')
