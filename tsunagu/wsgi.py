"""WSGI entry point for production servers: `gunicorn -c deploy/gunicorn.conf.py tsunagu.wsgi:app`."""

from tsunagu import create_app

app = create_app()
