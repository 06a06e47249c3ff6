# Two commands do all set-up on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The production configuration's services on this machine; override to point elsewhere.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PROD_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test test-sqlite test-production lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_starter_content
	$(BIN)/python manage.py load_simulator_scenarios
	$(BIN)/python manage.py setup_schedules
	$(BIN)/python manage.py load_starter_rules
	$(BIN)/python manage.py runlocal

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test-sqlite: install
	$(BIN)/python -m pytest

test: lint test-sqlite

# The same suite on PostgreSQL + Redis (django-q2's Redis broker and Django's Redis cache).
# Fails when either service is unreachable; .ci/run calls it after `make test`.
test-production: install
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) \
		$(BIN)/python manage.py check_services --require-postgres --require-redis
	DATABASE_URL=$(PROD_DATABASE_URL) REDIS_URL=$(PROD_REDIS_URL) $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
