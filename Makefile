# mesoplan: `make run` starts the web app, `make test` runs the whole suite.
# Both install what is missing first: Debian packages, the virtual environment
# at .venv and the pinned Python packages.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export MESOPLAN_DATA ?= $(CURDIR)/var

RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBS := $(RUNTIME_DEBS) chromium poppler-utils postgresql wrk gettext
# Node.js and npm (for the npm test tools: axe-core and the HL7 FHIR schema package) come with
# the machine: Debian's npm package would conflict with them.

.PHONY: run test test-quick test-sqlite test-postgres npm-tools check bench debs-runtime debs-test venv clean messages

run: debs-runtime $(STAMP)
	$(BIN)/mesoplan serve --host $(HOST) --port $(PORT)

test: debs-test $(STAMP)
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# The edit-test loop: SQLite only, no browser, a tenth of the Hypothesis examples (tests/profiles.py).
test-quick: $(STAMP) npm-tools
	MESOPLAN_DB=sqlite HYPOTHESIS_PROFILE=dev $(BIN)/pytest -m "not browser and not postgres" -q --durations=10

# Browser journeys run once, on the SQLite pass (decisions item 9); tests of PostgreSQL itself on its pass;
# everything else on both databases.
test-sqlite: $(STAMP) npm-tools
	MESOPLAN_DB=sqlite $(BIN)/pytest -m "not postgres" --durations=25

test-postgres: $(STAMP) npm-tools
	scripts/with-postgres.sh $(BIN)/pytest -m "not browser" --durations=25

# The one list (tests/npm-tools.txt) and the one installer (tests/npm_tools.py, which the tests use too):
# `npm install --no-save --no-package-lock` into the ignored .npm-tools/, no npm lock file (decisions item 9).
# Nothing is fetched while every listed package is there at its version.
npm-tools:
	$(PYTHON) tests/npm_tools.py

check: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src
	PYTHONPATH=src $(BIN)/lint-imports

bench: debs-test $(STAMP)
	$(BIN)/python bench/run.py

venv: $(STAMP)

# One catalogue per language (src/mesoplan/locale/<lang>/LC_MESSAGES/django.po) from the
# Python code, the templates and the knowledge base; prints what is new and what is fuzzy.
messages: $(STAMP)
	$(BIN)/python -m mesoplan.i18n_catalogues update
	$(BIN)/python -m mesoplan.i18n_catalogues compile

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m mesoplan.i18n_catalogues compile --force
	touch $(STAMP)

# Debian packages: installed only when one is missing (apt-get needs root, as on CI).
debs-runtime:
	@scripts/ensure-debs.sh $(RUNTIME_DEBS)

debs-test:
	@scripts/ensure-debs.sh $(TEST_DEBS)

clean:
	rm -rf $(VENV) var build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .npm-tools
