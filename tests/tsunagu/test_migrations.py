"""The migrations build exactly the models' schema, on both databases, and can be walked back."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tsunagu.db import Base
from tsunagu.migrate import include_object


@pytest.mark.filterwarnings(
    # SQLAlchemy cannot reflect SQLite's expression indexes; 0025's list-order index is one (a database-only index)
    "ignore:Skipped unsupported reflection of expression-based index ix_services_list_order"
)
def test_migrated_schema_matches_the_models(db_session):
    context = MigrationContext.configure(
        db_session.connection(),
        opts={"include_object": include_object, "compare_type": True},
    )
    assert compare_metadata(context, Base.metadata) == []


def test_every_model_table_exists_with_its_spatial_index(db_session, dialect):
    inspector = inspect(db_session.connection())
    tables = set(inspector.get_table_names())
    assert set(Base.metadata.tables) <= tables
    if dialect == "sqlite":
        assert "idx_locations_point" in tables  # SpatiaLite R*Tree
    else:
        names = {ix["name"] for ix in inspector.get_indexes("locations")}
        assert "idx_locations_point" in names  # PostGIS GiST
