"""Import every model module so that `Base.metadata` is complete (for Alembic and the app)."""

import directory.models  # noqa: F401
import matching.models  # noqa: F401
import tsunagu.models  # noqa: F401
