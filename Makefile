# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve lint format stop browser

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=$(PYTHON))")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"
	touch $@ $(VENV)/.installed-run

# A local .env with a fresh secret and DEBUG on; never committed. Only its owner may read it.
.env: | $(BIN)/python
	umask 077 && sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')|" \
	    -e "s|^DEBUG=.*|DEBUG=true|" .env.example > $@.tmp && mv $@.tmp $@

run: $(VENV)/.installed-run .env
	@chmod go= .env
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py ingest seeds/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Chromium and CJK fonts for the browser tests: installed as root, else named before anything runs.
browser:
	@sh scripts/browser_packages.sh

test: browser $(VENV)/.installed-test .env
	@chmod go= .env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Stop the embedded PostgreSQL server (it keeps running between commands otherwise).
stop:
	$(BIN)/python manage.py embedded_db stop
