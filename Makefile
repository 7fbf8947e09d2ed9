# tsunagu — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
# Debian's own Python: its sqlite3 module can load SpatiaLite (some custom builds cannot).
PYTHON ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
export TSUNAGU_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test install lock system-deps system-deps-test lint format messages catalogs clean audit

# installs exactly what requirements.lock pins (every file checked against its hash, pip itself included), then the
# project on top without resolving anything again; it is built with the locked setuptools, not a fresh download.
# --no-deps: the lock is the whole closure already; resolving again makes Debian's pip 23 refuse an extra that a
# locked package asks for (pip-audit's CacheControl[filecache]) in hash mode. `pip check` then proves it complete.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" 2>/dev/null || \
	  { echo "$(PYTHON) cannot load SQLite extensions (needed for SpatiaLite); set PYTHON=/usr/bin/python3 (Debian's)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	@touch $(STAMP)

install: $(STAMP)

# `make lock`: after editing the dependency lists in pyproject.toml, resolve the app and its dev extra again into
# requirements.lock with pip-tools (exact versions, sha256 of every release file, for Debian 12's Python 3.11) and
# commit it. Pins that still fit are kept; `make lock LOCK_ARGS=--upgrade` takes the newest releases instead
# (or --upgrade-package NAME). The local pip config's index and find-links are kept out of the file.
lock: install
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o requirements.lock pyproject.toml

system-deps:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

# message catalogs: sources in i18n/translations/*/LC_MESSAGES/messages.po, compiled .mo files are not committed
# `make messages`: extract every _()/_l()/ngettext (babel.cfg), merge into each catalog, compile, count
messages: install
	$(BIN)/python -m i18n.catalogs pending
	$(BIN)/python -m i18n.catalogs stats

# compiles only catalogs whose .po is newer than their .mo (the app does the same when it starts)
catalogs: install
	@$(BIN)/python -m i18n.catalogs compile

run: system-deps install catalogs
	@if [ -z "$$TSUNAGU_DATABASE_URL" ] && [ ! -f "$(TSUNAGU_INSTANCE_PATH)/tsunagu.db" ]; then \
	  $(BIN)/tsunagu init-db --demo; \
	else \
	  $(BIN)/tsunagu init-db; \
	fi
	$(BIN)/tsunagu serve --host $(HOST) --port $(PORT)

# the pure parts (plain data in, plain data out) are type-checked strictly
STRICT := maps directory/schedules directory/catalog/municipality.py directory/formats/tabular.py directory/formats/spreadsheet.py \
	directory/imports/geocoding.py directory/formats/kodomo_shokudo/read.py directory/formats/kodomo_shokudo/layout.py \
	i18n/normalize.py i18n/variants.py i18n/content.py i18n/locales.py i18n/catalogs.py i18n/counters.py \
	directory/imports/bounds.py directory/formats/seasons.py matching/engine directory/search/grams.py

# the browser tests' npm tools (axe-core), exactly as package-lock.json pins them; nothing from npm is served
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

test: system-deps-test install lint catalogs $(NODE_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# ruff (rules and format), mypy --strict on the pure parts, and the layering as import-linter contracts
# ([tool.importlinter] in pyproject.toml; docs/architecture.md explains each)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict $(STRICT)
	$(BIN)/lint-imports

# known vulnerabilities in the installed dependencies, from PyPI's advisory data (pypi.org JSON API; OSV
# is not reachable from every municipal network). What is audited is the set `make install` put into $(VENV)
# from requirements.lock (the project itself, installed editable, is skipped).
# --strict: a dependency that could not be looked up fails the audit instead of passing silently.
audit: install
	$(BIN)/pip-audit --vulnerability-service pypi --skip-editable --strict --progress-spinner off

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache tests/e2e/artifacts
