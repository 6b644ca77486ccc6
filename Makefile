# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint check format bench install clean

# Re-installs only when pyproject.toml (or package.json) changes.
$(VENV)/.installed: pyproject.toml $(wildcard package.json)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@if command -v npm >/dev/null 2>&1 && [ -f package.json ]; then npm install --silent --no-audit --no-fund; fi
	@touch $@

install: $(VENV)/.installed

# Serves the site with whatever delivers letters: a Celery worker and beat on
# Redis when REDIS_URL is set, the embedded delivery loop otherwise.
run: install
	DEBUG=$${DEBUG:-1} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG:-1} $(MANAGE) load_demo
	@DEBUG=$${DEBUG:-1} PORT=$(PORT) PY=$(PY) ./bin/run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(MANAGE) check --settings=advocacy.test_settings
	$(MANAGE) makemigrations --check --dry-run --settings=advocacy.test_settings

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The CI gate: lint, Django's checks, then the whole suite.
test: lint check
	$(PY) -m pytest

bench: install
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	$(PY) bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache
