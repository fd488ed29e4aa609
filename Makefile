# Lianluo: `make run` serves the demo on 127.0.0.1:$(PORT); `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/lianluo
PG_REPLICA_URL ?= postgres://postgres@127.0.0.1:5433/lianluo
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install install-test system-deps run test test-sqlite test-postgres lint postgres-up replica-up restore-drill bench bench-quick bench-load clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

var/secret_key:
	@mkdir -p var
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@echo "Created a random secret key in $@"

$(VENV)/.installed: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install -q -r requirements/base.txt
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(BIN)/pip install -q -r requirements/test.txt
	@touch $@

install: $(VENV)/.installed var/secret_key

install-test: install $(VENV)/.installed-test

run: install system-deps
	$(BIN)/lianluo migrate --noinput -v0
	$(BIN)/lianluo collectstatic --noinput -v0
	$(BIN)/lianluo load_demo --if-empty
	@echo "联络 Lianluo: http://127.0.0.1:$(PORT)/"
	@# The task worker (imports, later notifications) runs beside the web server and stops with it.
	$(BIN)/lianluo run_huey --quiet & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/lianluo runserver 127.0.0.1:$(PORT)

lint: install-test
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/lianluo makemigrations --check --dry-run -v0
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/lianluo check

# PostgreSQL is the production database: the suite runs on it too when a server is on 5432.
postgres-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  [ -d /etc/postgresql ] && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; } || true

# LibreOffice (PDF export, and the tests that convert every Word document), CJK fonts and chromium
# (the browser tests) are Debian packages: installed here where they are missing and the machine
# lets us (root + apt-get).
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk chromium
system-deps:
	@if command -v soffice >/dev/null && [ -e /usr/lib/libreoffice/program/libsclo.so ] && command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing $(SYSTEM_PACKAGES) (LibreOffice for PDF and spreadsheets, Noto CJK fonts)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "Please install: $(SYSTEM_PACKAGES) (LibreOffice and CJK fonts for PDF, chromium for the browser tests)"; fi

# The browser tests must run here (not skip) when chromium is missing: make test installs it.
test-sqlite: install-test system-deps
	env -u DATABASE_URL LIANLUO_REQUIRE_BROWSER=1 $(BIN)/pytest -q

# The PostgreSQL leg also has the streaming standby (replica-up) for the read router's tests.
test-postgres: install-test system-deps postgres-up replica-up
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  if pg_isready -q -h 127.0.0.1 -p 5433; then \
	    export DATABASE_REPLICA_URL=$(PG_REPLICA_URL) LIANLUO_REQUIRE_REPLICA=1; fi; \
	  if [ "$$(id -u)" = 0 ] && command -v pg_createcluster >/dev/null; then \
	    export LIANLUO_RESTORE_DRILL=1; fi; \
	  DATABASE_URL=$(PG_URL) LIANLUO_REQUIRE_BROWSER=1 LIANLUO_REQUIRE_REDIS=1 $(BIN)/pytest -q; \
	else echo "PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL leg is skipped."; fi

# A hot standby of the local PostgreSQL on 127.0.0.1:5433, streaming (docs/deployment.md).
replica-up: postgres-up
	@sh deploy/replica-up.sh

# Back up (base backup + WAL archive), lose the database, restore, count (docs/deployment.md).
restore-drill: install
	@BIN=$(CURDIR)/$(BIN) sh deploy/restore-drill.sh

test: lint test-sqlite test-postgres

bench: install-test postgres-up
	$(BIN)/python bench/run.py --scale full

bench-quick: install-test postgres-up
	$(BIN)/python bench/run.py --scale quick

# 2,000 members sign in by the code at once against the production server (gunicorn, PostgreSQL,
# with and without connection pooling), and against `make run`'s runserver and SQLite beside it.
bench-load: install-test postgres-up
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  $(BIN)/python bench/load_signin.py --backend postgresql --server gunicorn --workers 2 --members 2000 && \
	  $(BIN)/python bench/load_signin.py --backend postgresql --server gunicorn --workers 2 --pool --members 2000 && \
	  $(BIN)/python bench/load_signin.py --backend postgresql --server runserver --members 2000; fi
	$(BIN)/python bench/load_signin.py --backend sqlite --server gunicorn --workers 2 --members 2000
	$(BIN)/python bench/load_signin.py --backend sqlite --server runserver --members 2000

clean:
	rm -rf $(VENV) var/static

# README screenshots from a running `make run` (Debian's chromium, see system-deps).
screenshots: install-test system-deps
	$(BIN)/python docs/screenshots/take.py
