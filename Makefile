# Redleaf — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/redleaf
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run test test-sqlite test-postgres lint install install-test system-test-deps messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test system-test-deps

# Debian's Chromium, a CJK and an emoji font for the browser journeys; gettext for the catalogue check.
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk" || ! fc-list 2>/dev/null | grep -qi "color emoji" || ! command -v msgfmt >/dev/null; then \
		echo "Installing chromium, fonts-noto-cjk, fonts-noto-color-emoji and gettext with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji gettext >/dev/null; \
	fi

# Migrate, seed a living demo on first start, then serve the site and its task worker.
run: install
	$(BIN)/redleaf serve

# The whole suite on SQLite, then again on PostgreSQL when one answers on 127.0.0.1:5432.
test: install-test
	$(BIN)/ruff check src tests scripts
	$(BIN)/python scripts/check_catalogues.py
	$(BIN)/redleaf makemigrations --check --dry-run
	$(MAKE) test-sqlite
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL:redleaf=postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) test-postgres; \
	else echo "PostgreSQL is not reachable at 127.0.0.1:5432: skipped the PostgreSQL run"; fi

test-sqlite: install-test
	$(BIN)/pytest

test-postgres: install-test
	REDLEAF_DATABASE_URL=$(PG_URL) $(BIN)/pytest

lint: install-test
	$(BIN)/ruff check src tests

# Re-extract and compile the zh_Hans and en catalogues after changing user-facing strings.
messages: install
	cd src/redleaf && ../../$(BIN)/redleaf makemessages -l zh_Hans -l en --no-obsolete --no-location
	cd src/redleaf && ../../$(BIN)/redleaf makemessages -d djangojs -l zh_Hans -l en --no-obsolete --no-location
	cd src/redleaf && ../../$(BIN)/redleaf compilemessages

clean:
	rm -rf $(VENV) var test-artifacts
