"""The Flask-Migrate handle (Alembic, migrations in tsunagu/migrations) and its autogenerate filter."""

from __future__ import annotations

from typing import Any

from flask_migrate import Migrate
from geoalchemy2 import alembic_helpers

migrate = Migrate(compare_type=True, render_as_batch=True)

# SpatiaLite and PostGIS keep bookkeeping tables of their own; they are not ours to migrate.
IGNORED_TABLE_PREFIXES = (
    "idx_",
    "sql_",
    "spatial",
    "geometry_columns",
    "views_geometry",
    "virts_",
    "vector_layers",
    "data_licenses",
    "elementarygeometries",
    "knn",
    "sqlite_",
    "services_search_grams",  # SQLite's FTS5 pair index and its shadow tables (0028), kept by triggers
    "services_search_keys",  # PostgreSQL's narrow copy of what a word search reads (0029), kept by a trigger
    "geom_cols",
    "layer_",
    "raster_",
    "wms_",
    "topologies",
    "networks",
    "rl2map_",
    "se_",
    "iso_",
)


DATABASE_ONLY_INDEXES = frozenset(
    {"ix_services_search_text_trgm", "ix_services_search_grams", "ix_services_list_order"}
)
"""Indexes a migration creates that the models do not declare: on one database only (0012: pg_trgm GIN, 0025:
the bigram GIN, on PostgreSQL) or on an expression (0025: the list order)."""


def include_object(obj: Any, name: str | None, obj_type: str, reflected: bool, compare_to: Any) -> bool:
    """Autogenerate filter: skip spatial bookkeeping tables and one-database indexes, then GeoAlchemy2's own."""
    if obj_type == "index" and reflected and compare_to is None and name in DATABASE_ONLY_INDEXES:
        return False
    if (
        obj_type == "table"
        and reflected
        and compare_to is None
        and (name or "").lower().startswith(IGNORED_TABLE_PREFIXES)
    ):
        return False
    return bool(alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to))
