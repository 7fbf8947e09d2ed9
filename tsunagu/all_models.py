"""Import every model module so that `Base.metadata` is complete (for Alembic and the app)."""

import directory.models  # noqa: F401
import matching.models  # noqa: F401
import tsunagu.catalog_cache  # noqa: F401  (the catalog_versions counter)
import tsunagu.models  # noqa: F401
