"""gunicorn settings for the production configuration (`gunicorn -c portal/gunicorn.conf.py`).

Every value can be overridden by an environment variable, as gunicorn itself allows.
"""

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
# Load Django (and, in when_ready, what a first request would load) once in the master and fork
# workers from it: a worker that max_requests replaces starts in milliseconds instead of spending
# 2-4 s of CPU loading both again, which on a small machine took a visible share from the
# workers still serving (bench/pages.py). New code therefore needs a restart, not a HUP.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# %(U)s is the path WITHOUT the query string: a link from an error dialog may carry a KSeF
# token by mistake, and it must not reach a log line before the portal strips it.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server: object) -> None:
    # The master runs this after loading the app and before it forks the workers, so every
    # worker starts with the URLconf, templates, translations and the search's lemma dictionary
    # already loaded (bench/load.py saw 7-20 s p99 searches while each worker loaded the last).
    from portal.warmup import warm_up

    warm_up()
