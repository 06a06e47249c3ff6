# Two commands do all set-up on a fresh machine with Python 3.11 or newer: `make run` and
# `make test`. PYTHON defaults to the newest python3.13, python3.12, python3.11 (or python3) that
# actually runs and is at least 3.11 (a pyenv shim of an inactive version refuses to run, so
# `command -v` alone is not enough); `make run PYTHON=python3.12` chooses one.
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && command -v $$p && break; \
	done)
endif
VENV ?= .venv
# The settings fail closed (production's) without DEBUG; every target here is a local run.
export DEBUG ?= 1
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The production configuration's services on this machine; override to point elsewhere.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test test-sqlite test-fast test-production lint install clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python 3.11 or newer found; set PYTHON=/path/to/python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The last line execs honcho (SITE_URL follows RUN_ADDR: the simulator's KSeF and Latarnia live
# on the portal's own address): a SIGTERM that make passes on reaches honcho itself, not a shell in
# between that would die alone and leave honcho and its processes running.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_starter_content
	$(BIN)/python manage.py load_simulator_scenarios
	$(BIN)/python manage.py load_demo_users
	$(BIN)/python manage.py setup_schedules
	$(BIN)/python manage.py load_starter_rules
	$(BIN)/python manage.py sync_error_catalogue
	@echo "Portal: http://$${RUN_ADDR:-127.0.0.1:8000}/  (one Ctrl-C stops the web server and the worker)"
	SITE_URL="$${SITE_URL:-http://$${RUN_ADDR:-127.0.0.1:8000}}" PATH="$(abspath $(BIN)):$$PATH" \
		exec $(BIN)/honcho start

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test-sqlite: install
	$(BIN)/python -m pytest

test: lint test-sqlite

# What needs no browser, no real worker process and no PostgreSQL/Redis: .ci/run runs it again on
# the newest other Python on the machine, in its own virtualenv (VENV=...).
test-fast: install
	$(BIN)/python -m pytest -m "not browser and not worker and not production"

# The same suite on PostgreSQL + Redis (django-q2's Redis broker and Django's Redis cache).
# Fails when either service is unreachable; .ci/run calls it after `make test`.
test-production: install
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) \
		$(BIN)/python manage.py check_services --require-postgres --require-redis
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) $(BIN)/python -m pytest

clean:
	rm -rf .venv .venv-* staticfiles .pytest_cache .mypy_cache .ruff_cache
