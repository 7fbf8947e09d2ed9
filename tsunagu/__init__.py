"""tsunagu (つなぐ): community resource directory and matching for 参加支援. This package is the core.

The core holds what every other package stands on: configuration (`config`), the database (`db`; `models`:
users, roles, agencies, API tokens, the audit log; `migrate` and `migrations`), sign-in (`auth`), role-only
permissions (`permissions`), web plumbing (`web`, `forms`, `limits`), the audit trail (`audit`), mail, distances
(`spatial`), caches (`catalog_cache`, `shared_cache`), the read replica (`replica`) and operations (`checks`,
`doctor`, `backup`, `dbadmin`, `serving`, `wsgi`). This module holds `create_app`, the app factory.

It imports no domain package except where the application is assembled: `create_app` here (each package's
`routes.register_blueprints`), `cli` (the `tsunagu` command with the packages' commands) and `all_models` (every
model module, for Alembic). It may import `i18n` and `maps`; never `devtools`, whose commands arrive through
entry points.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from tsunagu.config import PROJECT_ROOT, from_environment, instance_path


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration, database, i18n, auth and every blueprint.

    `config` overrides the environment (tests pass their database URL here).
    """
    instance = instance_path()
    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "tsunagu" / "static"),
    )
    app.config.update(from_environment(instance))
    if config:
        app.config.update(config)

    from tsunagu import all_models  # noqa: F401  (complete metadata before the engine exists)
    from tsunagu.db import configure_engine, db
    from tsunagu.migrate import migrate

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "tsunagu" / "migrations"))

    from i18n.setup import init_i18n
    from tsunagu.auth import init_auth
    from tsunagu.web import init_web

    init_i18n(app)
    init_auth(app)
    init_web(app)

    # each package registers its own blueprints, with its routes listed in its routes module
    from admin.routes import register_blueprints as register_admin
    from directory.routes import register_blueprints as register_directory
    from matching.routes import register_blueprints as register_matching

    register_directory(app)
    register_matching(app)
    register_admin(app)

    from tsunagu.limits import init_limits
    from tsunagu.replica import init_read_replica

    init_limits(app)
    init_read_replica(app)
    return app
