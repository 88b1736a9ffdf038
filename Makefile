# newsdiff: `make run` serves the seed corpus, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The wheel of the CPU build: an unpinned torch would pull several GB of CUDA packages.
TORCH  := torch==2.13.0

.PHONY: setup browser pgbouncer migrate seed static run dev test test-fast lint format bench clean

setup: $(VENV)/.installed

# Installs, migrations and the seed ingest write their output to $(LOG); it is shown only when a
# step fails, so `make run` ends with the address, the admin user and its password.
LOG    := make.log
QUIET  = >>$(LOG) 2>&1 || { tail -n 40 $(LOG); echo "(the whole output is in $(LOG))"; exit 1; }
# A generated admin password is kept here (owner-only) so that every `make run` can show it.
ADMIN_PASSWORD_FILE := .admin-password

$(VENV)/.installed: pyproject.toml
	@echo "Installing (output in $(LOG))..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) $(QUIET)
	@$(PIP) install -q --upgrade pip $(QUIET)
	@$(PIP) install -q $(TORCH) $(QUIET)
	@$(PIP) install -q -e ".[dev]" $(QUIET)
	@touch $@

# Debian's chromium for the browser tests; Playwright never downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's PgBouncer, for the database tests behind its transaction pooling.
pgbouncer:
	@test -x /usr/sbin/pgbouncer || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null; }

migrate: setup
	@$(PY) manage.py migrate --no-input -v 0 $(QUIET)

seed: migrate
	@echo "Ingesting the seed articles..."
	@$(PY) manage.py ingest --manifest seeds/manifest.json $(QUIET)

static: setup
	@$(PY) manage.py collectstatic --no-input -v 0 $(QUIET)

# Production serving: gunicorn (newsdiff/gunicorn_conf.py), static files by whitenoise, DEBUG
# off. One task worker beside the web server, stopped with it (Ctrl-C or the server exiting).
# The worker runs in a process session of its own (setsid), so Ctrl-C reaches only the server
# and the worker gets one SIGTERM from the trap: it finishes the task in hand (a second signal
# would fail it).
run: seed static
	@admin=$$($(PY) manage.py ensure_admin --no-color --password-file $(ADMIN_PASSWORD_FILE)) \
	  || exit 1; \
	setsid $(PY) manage.py db_worker --no-reload --verbosity 0 >>$(LOG) 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	printf '\nnewsdiff is at http://%s:%s/\n%s\n(Ctrl-C stops it; requests are logged below.)\n\n' \
	  "$(HOST)" "$(PORT)" "$$admin"; \
	GUNICORN_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn -c python:newsdiff.gunicorn_conf \
	  --log-level warning

# Development: Django's runserver (reloads on edits) with DEBUG on, and a worker beside it.
dev: seed
	DEBUG=1 $(PY) manage.py ensure_admin
	DEBUG=1 setsid $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Every test on SQLite (the default), then the database tests again on PostgreSQL + pgvector
# (the stack tests start their own PostgreSQL, so they run once), then those of matching,
# search and uploads behind PgBouncer in transaction pooling mode.
POOLED_TESTS := tests/matching/test_pgsearch.py tests/matching/test_edges.py tests/matching/test_service.py \
	tests/matching/test_identity.py tests/articles/test_search.py tests/uploads/test_upload_pipeline.py tests/articles/test_archive.py
test: setup browser pgbouncer
	$(PY) -m pytest
	$(PY) tests/support/with_postgres.py -m pytest -m "not browser and not stack" -p no:cacheprovider -q
	$(PY) tests/support/with_postgres.py --pgbouncer -m pytest $(POOLED_TESTS) -p no:cacheprovider -q

# The quick loop: everything but the tests that load the real model or the spaCy pipeline,
# drive chromium, start the production stack or start Python processes of their own.
test-fast: setup
	$(PY) -m pytest -m "not model and not nlp and not browser and not stack and not process" -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy newsdiff

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) bench/ingest.py
	$(PY) bench/match.py
	$(PY) bench/dense.py
	$(PY) bench/match_quality.py
	$(PY) bench/pages.py
	$(PY) bench/upload.py
	$(PY) bench/load.py
	$(PY) bench/framing.py

clean:
	rm -rf $(VENV) db.sqlite3 test-output
