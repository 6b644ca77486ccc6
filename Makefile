# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint check format bench install clean messages
# The test suite's second pass moves the clock this many days ahead (a year and
# some hours), so a test that depends on today's date or time fails now, not later.
CLOCK_SHIFT_DAYS ?= 365.4

# Re-installs only when pyproject.toml (or package.json) changes.
$(VENV)/.installed: pyproject.toml $(wildcard package.json)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@if command -v npm >/dev/null 2>&1 && [ -f package.json ]; then npm install --silent --no-audit --no-fund; fi
	@touch $@

install: $(VENV)/.installed

# This checkout's development settings, written once and never overwritten: DEBUG on
# and a secret of its own, so every manage.py command works (createsuperuser too).
.env:
	@key=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') && \
	  newkey='import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' && \
	  field=$$(python3 -c "$$newkey") && index=$$(python3 -c "$$newkey") && printf '%s\n' \
	  "# Development settings of this checkout, written by the first make run." \
	  "# Not for production: there, leave DEBUG out and set a SECRET_KEY of its own." \
	  "# .env.example lists every variable." \
	  "DEBUG=1" \
	  "SECRET_KEY=$$key" \
	  "FIELD_ENCRYPTION_KEYS=$$field" \
	  "BLIND_INDEX_KEY=$$index" > $@.tmp
	@mv -n $@.tmp $@; rm -f $@.tmp
	@echo "Wrote $@: development settings (DEBUG on, a fresh SECRET_KEY and encryption keys)."

# The French catalogue, compiled in pure Python whenever the .po changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po $(VENV)/.installed
	$(MANAGE) compile_translations --settings=advocacy.test_settings

messages: install
	$(MANAGE) makemessages -l fr --no-obsolete --ignore=.venv --ignore=node_modules \
		--ignore=bench --ignore=tests --ignore=docs --ignore=static --ignore=staticfiles \
		--settings=advocacy.test_settings

# Serves the site with whatever delivers letters: a Celery worker and beat on
# Redis when REDIS_URL is set, the embedded delivery loop otherwise. bin/run keeps
# both up (a child that exits is restarted) or stops both.
run: install .env $(MO_FILES)
	DEBUG=$${DEBUG:-1} $(MANAGE) migrate --noinput
	DEBUG=$${DEBUG:-1} $(MANAGE) load_demo
	DEBUG=$${DEBUG:-1} $(MANAGE) load_demo_calls
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

# The CI gate: lint, Django's checks, the whole suite, then the suite again with
# the clock a year ahead (leaving out the tests whose own processes keep the real clock).
test: lint check $(MO_FILES)
	$(PY) -m pytest
	TEST_CLOCK_SHIFT_DAYS=$(CLOCK_SHIFT_DAYS) $(PY) -m pytest -q -m "not services"

bench: install
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	$(PY) bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache
