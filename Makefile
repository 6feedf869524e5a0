# Two entry points: `make run` (install, index the bundled sample corpus, serve on :8000)
# and `make test` (install with the test extra, ruff, pytest). Both are safe to run twice.
# Each first checks the Debian packages it needs (tools/debian-packages.sh): missing ones are
# installed when run as root, else it stops with the `sudo apt-get install` command to run.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test install install-test lint clean packages-run packages-test
.NOTPARALLEL:  # the package check must be done before the venv is made

run: packages-run $(VENV)/.installed
	$(BIN)/searchsvc reindex --index index
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: packages-test $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

install: packages-run $(VENV)/.installed
install-test: packages-run $(VENV)/.installed-test

# Phony, so checked on every run; with nothing missing it costs a few milliseconds.
packages-run packages-test: packages-%:
	@PYTHON='$(PYTHON)' sh tools/debian-packages.sh $*

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist *.egg-info
