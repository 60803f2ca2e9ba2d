# Two commands do everything on a fresh clone: `make run` and `make test`.
# Both create the virtualenv in .venv and install the pinned dependencies on first use.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# PostgreSQL leg of the test suite: DATABASE_URL_TEST, or the local server when it answers.
PG_TEST_URL ?= $(or $(DATABASE_URL_TEST),postgres://postgres@127.0.0.1:5432/eig_cms)
PYTEST_ARGS ?=

.PHONY: help install run setup demo test test-sqlite test-postgres lint bench messages clean

help:
	@echo "make run    set up and serve the site on http://$(HOST):$(PORT)/ (admin: /admin/)"
	@echo "make test   run the whole test suite (SQLite, then PostgreSQL when available)"
	@echo "make bench  run the benchmarks (results in bench/results/)"

$(INSTALLED): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(INSTALLED)

setup: $(INSTALLED)
	@mkdir -p var/static var/media
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_site --hostname $(HOST) --port $(PORT)
	$(MANAGE) create_admin
	@$(MAKE) --no-print-directory demo

# The demo content: the seed files, imported as the real corpus is (see demo/README.md).
# Run again, it leaves unchanged files alone.
demo: $(INSTALLED)
	$(MANAGE) import_markdown demo/seeds/actualites
	$(MANAGE) import_markdown demo/seeds/pages --parent /
	$(MANAGE) import_programme demo/programme.yml demo/eig-data/promos.yml demo/eig-data/defis.yml

# The web server, the task workers (search index, webhooks) and the publication scheduler,
# under one process manager: Ctrl+C stops them all.
run: setup
	@echo "Site: http://$(HOST):$(PORT)/  Admin: http://$(HOST):$(PORT)/admin/  API: http://$(HOST):$(PORT)/api/v2/pages/"
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) WEB_PORT=$(PORT) $(BIN)/honcho start -f Procfile.dev

test: $(INSTALLED) lint test-sqlite test-postgres

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run

test-sqlite: $(INSTALLED)
	@echo "== test suite on SQLite"
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# Under CI=true the PostgreSQL leg is mandatory; elsewhere it is skipped with a notice
# when no server answers.
test-postgres: $(INSTALLED)
	@if $(BIN)/python -m tests.pg_available "$(PG_TEST_URL)"; then \
		echo "== test suite on PostgreSQL ($(PG_TEST_URL))"; \
		DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required under CI=true and does not answer at $(PG_TEST_URL)"; exit 1; \
	else \
		echo "== PostgreSQL does not answer at $(PG_TEST_URL): PostgreSQL leg skipped"; \
	fi

# Benchmarks (bench/run.py): the import of 1,000 generated posts, then this site's API and pages
# against stock Wagtail's API under gunicorn and wrk, cached and not, and publish_scheduled; on
# SQLite, and on PostgreSQL when one answers at DATABASE_URL_BENCH (default
# postgres://postgres@127.0.0.1:5432/eig_cms_bench). Needs wrk (apt-get install -y wrk) and
# Redis at REDIS_URL_BENCH (default redis://127.0.0.1:6379/7, flushed by the run).
# BENCH_ARGS="--posts 50 --duration 2 --skip-postgres" makes a quick run.
BENCH_ARGS ?=
bench: $(INSTALLED)
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is required: apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Refresh the French catalogs after changing user-facing strings, then translate the new
# entries in the .po files and run `make messages` again to compile them.
messages: $(INSTALLED)
	$(MANAGE) makemessages -l fr --ignore .venv --ignore var --ignore tests --ignore bench --ignore demo --no-obsolete
	$(MANAGE) compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var
