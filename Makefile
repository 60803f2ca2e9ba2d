# Two commands do everything on a fresh clone: `make run` and `make test`.
# Both create the virtualenv in .venv and install the locked dependencies on first use.

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
# Browser tests (tests/browser/): Debian's Chromium, driven by Playwright, and axe-core from npm;
# the Nu HTML checker (vnu-jar from npm) needs Java.
CHROMIUM_PATH ?= /usr/bin/chromium
NODE_INSTALLED := node_modules/.installed

.PHONY: help install lock chromium java run setup demo test test-sqlite test-postgres lint bench fuzz messages clean backup restore soak

help:
	@echo "make run    set up and serve the site on http://$(HOST):$(PORT)/ (admin: /admin/)"
	@echo "make test   run the whole test suite (SQLite, then PostgreSQL when available)"
	@echo "make bench  run the benchmarks (results in bench/results/)"
	@echo "make fuzz   fuzz the APIs: no answer may be a server error"
	@echo "make lock   recompile requirements/*.txt after changing pyproject.toml's dependencies"

# The exact versions this site runs and tests: requirements/dev.txt (with the dev extras) and
# requirements/base.txt (what production installs, the same versions), compiled from the ranges
# of pyproject.toml by `make lock`.
LOCK := requirements/dev.txt

$(INSTALLED): pyproject.toml $(LOCK)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Recompile the locks after changing the dependencies in pyproject.toml; the pins that still fit
# are kept. LOCK_ARGS=--upgrade (or --upgrade-package wagtail) moves them to the newest allowed.
# Index options stay out of the files, so they install from whatever indexes pip is set to read.
LOCK_ARGS ?=
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --strip-extras \
	--allow-unsafe --no-emit-options --annotation-style=line $(LOCK_ARGS)
lock: | $(INSTALLED)
	$(PIP_COMPILE) --extra dev -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) -c $(LOCK) -o requirements/base.txt pyproject.toml

# axe-core and vnu-jar, pinned in package.json and package-lock.json.
$(NODE_INSTALLED): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	elif [ "$$CI" = "true" ]; then \
		echo "npm is required under CI=true (apt-get install npm)"; exit 1; \
	else \
		echo "== npm is missing: the accessibility tests will skip (apt-get install npm)"; \
	fi

# Chromium for the browser tests: installed with apt-get when missing and we may. Elsewhere
# the browser tests skip, saying why; under CI=true they fail.
chromium:
	@if [ -x "$(CHROMIUM_PATH)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "== installing Chromium for the browser tests"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
			|| [ "$$CI" != "true" ] || exit 1; \
	else \
		echo "== Chromium is missing at $(CHROMIUM_PATH): browser tests will skip (sudo apt-get install chromium)"; \
	fi

# Java for the Nu HTML checker (tests/browser/test_valid_html.py), likewise.
java:
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "== installing Java for the HTML checker"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } \
			|| [ "$$CI" != "true" ] || exit 1; \
	elif [ "$$CI" = "true" ]; then \
		echo "Java is required under CI=true (apt-get install default-jre-headless)"; exit 1; \
	else \
		echo "== Java is missing: the HTML validity test will skip (sudo apt-get install default-jre-headless)"; \
	fi

install: $(INSTALLED) $(NODE_INSTALLED) chromium java

setup: $(INSTALLED)
	@mkdir -p var/static var/media
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_site --hostname $(HOST) --port $(PORT)
	$(MANAGE) create_admin
	@$(MAKE) --no-print-directory demo

# The demo content: the seed files and their media, imported as the real corpus is
# (import_demo; see demo/README.md).
# Run again, it leaves unchanged files alone.
demo: $(INSTALLED)
	$(MANAGE) import_demo

# The web server, the task workers (search index, webhooks) and the publication scheduler,
# under one process manager: Ctrl+C stops them all.
run: setup
	@echo "Site: http://$(HOST):$(PORT)/  Admin: http://$(HOST):$(PORT)/admin/  API: http://$(HOST):$(PORT)/api/v2/pages/"
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) WEB_PORT=$(PORT) $(BIN)/honcho start -f Procfile.dev

test: install lint test-sqlite test-postgres

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.host_site.settings $(MANAGE) makemigrations --check --dry-run host_pages

# The publishing plugin on a minimal host site of its own (tests/host_site/), in a pytest of
# its own: Django's settings are per process.
HOST_SITE_PYTEST := $(BIN)/pytest -p no:cacheprovider --ds tests.host_site.settings tests/host_site

test-sqlite: $(INSTALLED)
	@echo "== test suite on SQLite"
	env -u DATABASE_URL CHROMIUM_PATH=$(CHROMIUM_PATH) $(BIN)/pytest $(PYTEST_ARGS)
	@echo "== the publishing plugin on a host site, on SQLite"
	env -u DATABASE_URL $(HOST_SITE_PYTEST)

# Under CI=true the PostgreSQL leg is mandatory; elsewhere it is skipped with a notice
# when no server answers. The browser tests run on the SQLite leg only: they check what the
# browser shows, and the database behind it is tested by the rest of the suite on both legs.
test-postgres: $(INSTALLED)
	@if $(BIN)/python -m tests.pg_available "$(PG_TEST_URL)"; then \
		echo "== test suite on PostgreSQL ($(PG_TEST_URL))"; \
		DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest -m "not browser" $(PYTEST_ARGS) && \
		echo "== the publishing plugin on a host site, on PostgreSQL" && \
		DATABASE_URL="$(PG_TEST_URL)" $(HOST_SITE_PYTEST); \
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

# Fuzzing: schemathesis on every GET operation of the v3 API (a real server with the demo
# content), then the v2 API's query parameters with many more generated cases than `make test`.
fuzz: $(INSTALLED)
	$(BIN)/python tests/fuzz/run_schemathesis.py
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/api/test_fuzz.py

# Refresh the French catalogs after changing user-facing strings, then translate the new
# entries in the .po files and run `make messages` again to compile them.
messages: $(INSTALLED)
	$(MANAGE) makemessages -l fr --ignore .venv --ignore var --ignore tests --ignore bench --ignore demo --no-obsolete
	$(MANAGE) compilemessages --ignore .venv

clean:
	rm -rf $(VENV) var node_modules test-artifacts

# Backup and restore (see README, "Backup and restore"): the database and the media files.
# `make restore BACKUP=var/backups/eig-20260101-120000` replaces both, then checks them.
BACKUP_DIR ?= var/backups
backup: $(INSTALLED)
	$(MANAGE) backup_site --output "$(BACKUP_DIR)"

restore: $(INSTALLED)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=$(BACKUP_DIR)/eig-YYYYmmdd-HHMMSS"; exit 1; }
	$(MANAGE) restore_site "$(BACKUP)"

# Load with faults (bench/soak.py): its own PostgreSQL and Redis on free local ports, two app
# servers, two schedulers, a webhooks worker; 20 readers for SOAK_SECONDS (60) while 50
# releases go live; worker SIGKILL, PostgreSQL restart, Redis stop. Figures in var/soak/.
soak: $(INSTALLED)
	$(BIN)/python bench/soak.py
