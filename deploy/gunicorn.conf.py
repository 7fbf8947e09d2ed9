"""gunicorn settings for tsunagu (docs/deploy.md). Every value can be overridden on the command line."""

import multiprocessing
import os

bind = os.environ.get("TSUNAGU_BIND", "127.0.0.1:8000")
# processes use the cores and overlap database waits (2 × cores + 1 is gunicorn's own advice). One thread per
# worker by default: with several, Debian 12's CPython 3.11.2 corrupted memory under load (SIGSEGV while
# garbage-collecting; once a TypeError deep inside SQLAlchemy's loading, a 500) — docs/deploy.md
workers = int(os.environ.get("TSUNAGU_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("TSUNAGU_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# recycle workers now and then (bounded memory in a long-running municipal server), but not so often that
# the page caches (directory.public.views, directory.api.views, tsunagu.catalog_cache) keep starting cold under load
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
errorlog = "-"
# never log query strings: a coordinator's search can describe a person
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("TSUNAGU_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker: object) -> None:
    """Freeze the loaded app out of the garbage collector's sight and collect rarely (tsunagu.serving)."""
    from tsunagu.serving import settle_gc

    settle_gc()
