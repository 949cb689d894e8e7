# Alatau Legal — the two commands of the README, and the steps they are made of.
#   make demo   set everything up, load the demo data and serve the app on 127.0.0.1:5000
#   make test   set everything up and run the whole test suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# The PostgreSQL server of the second run of the database tests (CI starts the local one). Its
# database name is only a prefix: the run creates databases of its own (alatau_test_gw0_tests_…),
# one per xdist worker and per live server, and drops only those (tests/support/postgres.py).
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/alatau_test
# pytest-xdist workers: one per core. Each has its own databases, search index and servers.
TEST_WORKERS ?= auto
# Tests are spread one by one, except those marked `xdist_group`, which share a costly module- or
# class-scoped fixture (a live server with demo data, the workflow matrix): one worker runs them.
# The 15 slowest tests are listed after each run, so the suite's time has figures to work from.
PYTEST := $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup --durations=15
# Python writes its bytecode caches during the tests even where the environment says not to
# (PYTHONDONTWRITEBYTECODE, common in container images): every pytest worker, live server and
# `flask` command of a run would otherwise compile the app, the tests and pytest's rewritten
# plugins (hypothesis, schemathesis) from source again — collecting the suite took 22.6 s of
# CPU per worker without the caches, 11.7 s with them.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-sqlite test-postgres lint bench setup catalogues catalogues-update cairo chromium libreoffice docs-gallery

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

# The interface's message catalogues, compiled from the .po files in the repository.
catalogues: $(VENV)/.installed
	@if ls alatau_legal/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel compile --statistics -d alatau_legal/translations; fi

# After marking strings for translation: refresh the template and the catalogues, then translate
# the new entries (tests/unit/test_catalogues.py fails until Russian is complete).
catalogues-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k lazy_ngettext:1,2 -k _ln:1,2 -o alatau_legal/translations/messages.pot .
	$(BIN)/pybabel update -i alatau_legal/translations/messages.pot -d alatau_legal/translations \
	  --no-fuzzy-matching

setup: $(VENV)/.installed catalogues cairo

# The timeline's PNG and PDF exports draw with the system's cairo library (CairoSVG loads it);
# install it when it is missing and we are root, else say how (everything else works without).
cairo:
	@ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2' || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends libcairo2 >/dev/null; \
	  else echo "The timeline's PNG and PDF exports need cairo: sudo apt-get install -y libcairo2" >&2; fi; }

demo: setup
	$(FLASK) db upgrade
	$(FLASK) demo seed
	$(FLASK) run --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium; install it when it is missing (needs root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium first: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# The document tests convert every exported DOCX with LibreOffice; install it when missing.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer >/dev/null; \
	  else echo "Install LibreOffice first: sudo apt-get install -y libreoffice-writer" >&2; exit 1; fi; }

test: setup chromium libreoffice lint test-sqlite test-postgres

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: setup
	$(PYTEST)

# The database and browser tests again on PostgreSQL: the browser tests first, so that their
# long groups (the accessibility module's demo server) start while the other worker has the
# integration tests to run, instead of being what is left at the end. Skipped with a notice
# when no server answers, unless REQUIRE_POSTGRES=1 (CI), where a missing server fails the run.
test-postgres: setup
	@if $(BIN)/python -m tests.support.postgres "$(TEST_POSTGRES_URL)"; then \
	  TEST_DATABASE_URL="$(TEST_POSTGRES_URL)" $(PYTEST) tests/e2e tests/integration; \
	elif [ "$(REQUIRE_POSTGRES)" = 1 ]; then echo "PostgreSQL is required but not reachable" >&2; exit 1; \
	else echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): skipping the PostgreSQL run."; fi

# Every document for one act in each of kk, ru and en, as PDF with a PNG of each first page,
# for a person to look at (GALLERY=folder, default docs-gallery/).
GALLERY ?= docs-gallery
docs-gallery: setup libreoffice
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "Install pdftoppm first: sudo apt-get install -y poppler-utils" >&2; exit 1; fi; }
	$(BIN)/python -m tests.support.document_gallery $(GALLERY)

bench: setup
	$(BIN)/python -m tests.benchmarks
