# Backportal: `make run` for a working demo site, `make test` for the whole suite.
# `make help` lists every target.

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Python >= 3.12: the one .python-version selects through pyenv, else the first
# python3.13/python3.12/python3 on PATH that is new enough, else pyenv's installs.
ifndef PYTHON
PYTHON := $(shell for c in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 python3 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python 2>/dev/null); do \
	[ -n "$$c" ] && command -v "$$c" >/dev/null 2>&1 && \
	"$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$c"; break; }; done)
endif

.PHONY: help run test lint format demo clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "Backportal needs Python 3.12 or newer (Django 6 requires it)."; \
		echo "Install one, e.g. 'pyenv install 3.12' or your system's python3.12 package,"; \
		echo "or name it: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

demo: $(VENV)/.installed ## Migrate the database and load the demo content
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py generate_clicks --clicks 20000 --days 120 --if-empty

# The demo's links and feed addresses point at the server `make run` starts.
demo run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

run: demo ## Set up everything; serve the demo site at http://127.0.0.1:8000/ (PORT=…) with a task worker beside it
	@# The worker (product-data refreshes, Wagtail's tasks) and the loop that
	@# queues due refreshes every minute (as cron does in production) stop with
	@# the server.
	$(PY) manage.py db_worker --queue-name '*' & WORKER=$$!; \
	while sleep 60; do $(PY) manage.py refresh_offers --verbosity 0; done & LOOP=$$!; \
	trap 'kill $$WORKER $$LOOP 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py refresh_offers; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed ## Run the whole test suite (DATABASE_URL picks the database)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed ## Check formatting and lint with ruff
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(VENV)/.installed ## Format and auto-fix with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the virtualenv, the SQLite database and media files
	rm -rf $(VENV) db.sqlite3 media test-artifacts

bench: $(VENV)/.installed ## Run the benchmarks by hand (figures into bench/README.md); not in CI
	npm ci --no-audit --no-fund --ignore-scripts
	$(PY) bench/article_run.py --write
	-$(PY) bench/go_run.py --write
	-$(PY) bench/reports_run.py --write
