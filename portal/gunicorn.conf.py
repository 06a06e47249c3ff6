"""gunicorn settings for production (`gunicorn -c portal/gunicorn.conf.py`); gunicorn's own
environment variables override any of them."""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads let a worker overlap the short database waits of the status poll.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
# Django and what a first request loads (portal.warmup) are loaded once in the master, and the
# workers forked from it: new code therefore needs a restart, not a HUP.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# %(U)s is the path WITHOUT the query string: a link from an error dialog may carry a KSeF
# token by mistake, and it must not reach a log line before the portal strips it.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server: object) -> None:
    from portal.warmup import warm_up

    warm_up()
