# Brobygger. Every target bootstraps .venv idempotently (re-installs only when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# test processes in parallel (pytest-xdist): one per core, at most 4
TEST_JOBS ?= $(shell $(PYTHON) -c "import os; print(min(4, os.cpu_count() or 1))")

.PHONY: install system run test test-fast bench bench-production lint messages clean

install: $(STAMP) node_modules/axe-core/axe.min.js

# Debian packages for the tests (PostgreSQL, Chromium, npm); installs only what is missing.
system:
	bash scripts/system-packages.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core (accessibility checker) is injected into pages by the browser tests.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# The embedded local default: DEBUG on (demo content, console e-mail, a made-up broker phone
# unless BROKER_PHONE is set), SQLite under var/.
run: $(STAMP)
	DEBUG=1 BROKER_PHONE="$${BROKER_PHONE:-86 20 00 00}" SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/brobygger serve --port $(PORT)

test: system install
	$(BIN)/pytest -n $(TEST_JOBS) --dist loadgroup --durations=25

test-fast: $(STAMP)
	$(BIN)/pytest -n $(TEST_JOBS) --dist loadgroup -m "not browser and not postgres and not slow"

bench: system install
	bash scripts/bench.sh
	$(MAKE) bench-production

# The production stack of deploy/ (nginx with TLS, gunicorn, the worker, PostgreSQL) under 200
# visitors and 100 sign-ups: bench-results/production.md
bench-production: system install
	$(BIN)/python -m benchmarks.production

lint: $(STAMP)
	$(BIN)/ruff check brobygger tests benchmarks
	$(BIN)/ruff format --check brobygger tests benchmarks
	if [ -d brobygger/survey ]; then $(BIN)/mypy brobygger/survey; fi
	$(BIN)/lint-imports --no-cache

# Needs GNU gettext (Debian: gettext). The compiled .mo files are committed.
messages: $(STAMP)
	cd brobygger && SECRET_KEY=make-messages ../$(BIN)/django-admin makemessages -l en -l da --ignore "*/migrations/*" --ignore "survey/*" --settings=brobygger.config.settings
	cd brobygger && SECRET_KEY=make-messages ../$(BIN)/django-admin compilemessages --settings=brobygger.config.settings
	msgfmt --check -o brobygger/survey/locale/da/LC_MESSAGES/survey.mo brobygger/survey/locale/da/LC_MESSAGES/survey.po

clean:
	rm -rf $(VENV) node_modules var
