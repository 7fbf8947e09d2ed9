"""The Flask-Migrate handle (Alembic); migrations live in tsunagu/migrations."""

from flask_migrate import Migrate

migrate = Migrate(compare_type=True, render_as_batch=True)
