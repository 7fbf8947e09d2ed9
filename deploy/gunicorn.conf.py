"""gunicorn settings for tsunagu (docs/deploy.md). Every value can be overridden on the command line."""

import multiprocessing
import os

bind = os.environ.get("TSUNAGU_BIND", "127.0.0.1:8000")
# threads overlap database waits; processes use the cores (2 × cores + 1 is gunicorn's own advice)
workers = int(os.environ.get("TSUNAGU_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("TSUNAGU_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# recycle workers now and then (bounded memory in a long-running municipal server), but not so often that
# the page caches (directory.views, directory.api, tsunagu.catalog_cache) keep starting cold under load
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
errorlog = "-"
# never log query strings: a coordinator's search can describe a person
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("TSUNAGU_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker: object) -> None:
    """Fewer cyclic garbage collections in a worker: freeze what was loaded at start-up (the app, templates,
    metadata) out of the collector's sight, and collect the youngest generation every 50 000 allocations
    instead of 700. Debian 12's CPython 3.11.2 crashed (SIGSEGV, "Garbage-collecting" in SQLAlchemy's
    loading code) in four load runs out of ten with 4 threads per worker; fewer collections make that
    much rarer, and requests also spend less time in the collector. Upgrade CPython where you can."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
