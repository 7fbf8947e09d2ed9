"""volunteer_role: users.role accepts "volunteer" (a person offering time signs in to their own page)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD_ROLES = ("admin", "coordinator", "agency", "group")
NEW_ROLES = (*OLD_ROLES, "volunteer")


def _role_type(values):
    return sa.Enum(*values, name="role", native_enum=False, create_constraint=True, length=32)


def upgrade():
    # the CHECK constraint of a non-native enum lists its values: swap it (SQLite rebuilds the table in batch)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "role", existing_type=_role_type(OLD_ROLES), type_=_role_type(NEW_ROLES), existing_nullable=False
        )


def downgrade():
    op.execute(sa.text("UPDATE users SET role = 'group', active = false WHERE role = 'volunteer'"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "role", existing_type=_role_type(NEW_ROLES), type_=_role_type(OLD_ROLES), existing_nullable=False
        )
