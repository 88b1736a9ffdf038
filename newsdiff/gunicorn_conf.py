"""gunicorn settings for `make run` and the container (`-c python:newsdiff.gunicorn_conf`).

Threads rather than many processes: a page mostly waits on the database, and each process
holds its own copy of the app. WEB_CONCURRENCY and GUNICORN_THREADS tune it per machine.
"""

import os

wsgi_app = "newsdiff.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# An upload of many files is one long request; a worker stuck longer than this is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle processes now and then, so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
# Import the app once, in the master: a new or recycled worker is a fork, ready at once,
# instead of a second of CPU importing Django and the app while readers wait behind it.
# (The master opens no database connection: Django connects on a request's first query.)
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# gunicorn's control socket lives at one fixed path per user: two servers (a test beside
# `make run`) would fight over it, and nothing here uses it.
control_socket_disable = True


def when_ready(server: object) -> None:
    """Before the workers fork: load the spaCy pipeline the reading pages' marks are parsed
    with, once, so every worker shares it and no reader waits seconds for the first event."""
    from newsdiff.framing.engine import load

    load()
