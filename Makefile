# NTM Portal — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# pip is pinned: a new pip release must not change how a fresh clone installs.
PIP_VERSION := 26.3
# Every package installs from a wheel, except xstatic-bootstrap, which ships only an sdist; its
# build needs setuptools<81 (pkg_resources). Since pip 26 build environments read only
# --build-constraint (PIP_CONSTRAINT no longer reaches them).
PIP_INSTALL := $(VENV)/bin/pip install -q --only-binary=:all: --no-binary=xstatic-bootstrap \
	--build-constraint=$(CURDIR)/constraints-build.txt

.PHONY: run test install install-dev install-check system system-test lint worker beat clean-demo bench-load

$(PY):
	bash scripts/ensure-system.sh venv
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q "pip==$(PIP_VERSION)"

$(VENV)/.installed-runtime: requirements.txt constraints-build.txt | $(PY)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints-build.txt | $(PY)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

## make install-check: install everything into a throw-away venv with pip's cache disabled, as a
## fresh machine would (CI runs it, so a cached wheel cannot hide a package that no longer builds).
install-check:
	bash scripts/ensure-system.sh venv
	rm -rf var/install-check && $(PYTHON) -m venv var/install-check
	PIP_NO_CACHE_DIR=1 var/install-check/bin/python -m pip install -q "pip==$(PIP_VERSION)"
	PIP_NO_CACHE_DIR=1 $(subst $(VENV)/bin/pip,var/install-check/bin/pip,$(PIP_INSTALL)) -r requirements-dev.txt
	var/install-check/bin/python -c "import django, weasyprint, xstatic.pkg.bootstrap; print('install-check: ok')"
	rm -rf var/install-check

system:
	bash scripts/ensure-system.sh run

system-test:
	bash scripts/ensure-system.sh test

## make run: install what is missing, migrate, load Di Linh and demo data, serve on 127.0.0.1:8000
run: install system
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=.venv -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) load_territory
	$(MANAGE) load_criteria
	$(MANAGE) setup_schedule
	$(MANAGE) seed_demo
	@echo "Cổng thông tin NTM: http://127.0.0.1:8000  (Ctrl+C để dừng)"
	$(MANAGE) runserver 127.0.0.1:8000

## make test: install what is missing and run the whole suite (CI=true: PostgreSQL, Redis, Chromium)
test: install-dev system-test
	$(VENV)/bin/ruff check .
	$(MANAGE) compilemessages --ignore=.venv -v0
	DJANGO_SETTINGS_MODULE=ntm_portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . || true

## With REDIS_URL set: the real Celery worker and beat (production runs these in compose).
worker: install
	$(VENV)/bin/celery -A ntm_portal worker -l info
beat: install
	$(VENV)/bin/celery -A ntm_portal beat -l info

## make bench-load: Locust against gunicorn on PostgreSQL + Redis of this machine (bench/load/run.py)
bench-load: install system
	$(PY) bench/load/run.py $(BENCH_ARGS)
