# Zhurnal: `make run` serves the demo school, `make test` runs every check. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint unit browser bench install install-dev browser-deps pdf-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

install: $(STAMP)
install-dev: $(DEV_STAMP)

run: $(STAMP) pdf-deps
	$(BIN)/zhurnal migrate --noinput -v0
	$(BIN)/zhurnal demo --if-empty
	$(BIN)/zhurnal serve --port $(PORT)

# PDF documents (WeasyPrint) need Pango and a font with Cyrillic (DejaVu) from Debian.
pdf-deps:
	@if ! /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Pango and DejaVu fonts for PDF documents (apt)…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core) >/dev/null \
	      || echo "!!! Could not install Pango: PDF documents will fail. Install: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; \
	  else \
	    echo "!!! PDF documents need Pango and DejaVu fonts: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; \
	  fi; \
	fi

# Chromium for the browser tests, from Debian, when it is missing and we may install it.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt)…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null \
	      || echo "!!! Could not install Chromium: browser tests will be SKIPPED."; \
	  else \
	    echo "!!! /usr/bin/chromium is missing and cannot be installed here: browser tests will be SKIPPED."; \
	  fi; \
	fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check zhurnal tests
	$(BIN)/ruff format --check zhurnal tests
	$(BIN)/zhurnal check --fail-level WARNING
	$(BIN)/zhurnal makemigrations --check --dry-run

unit: $(DEV_STAMP) pdf-deps
	$(BIN)/pytest -n 2 -m "not browser"

browser: $(DEV_STAMP) browser-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser

test: lint unit browser

# The benchmark builds its own database under var/bench (SQLite), and runs again on
# PostgreSQL when DATABASE_URL is set.
bench: $(STAMP)
	rm -rf var/bench
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal migrate --noinput -v0
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal bench
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal bench_diary
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal bench_batch
	rm -rf var/bench && ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal migrate --noinput -v0
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal bench_reports
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal bench_print
	# Over HTTP through `zhurnal serve` (issue 13), on a fresh SQLite database, then PostgreSQL.
	rm -rf var/bench && ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal migrate --noinput -v0
	ZHURNAL_VAR_DIR=var/bench DATABASE_URL= $(BIN)/zhurnal bench_http
	rm -rf var/bench-data && ZHURNAL_VAR_DIR=var/bench-data DATABASE_URL= $(BIN)/zhurnal migrate --noinput -v0 && ZHURNAL_VAR_DIR=var/bench-data DATABASE_URL= $(BIN)/zhurnal bench_data
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/zhurnal migrate --noinput -v0 && $(BIN)/zhurnal bench; fi
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/zhurnal bench_http; fi

clean:
	rm -rf $(VENV) var/static
