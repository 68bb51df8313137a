# NTM Portal — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Packages that ship only an sdist (xstatic-bootstrap) need an older setuptools to build.
PIP := PIP_CONSTRAINT=$(CURDIR)/constraints-build.txt $(VENV)/bin/pip

.PHONY: run test install install-dev system system-test lint worker beat clean-demo

$(PY):
	bash scripts/ensure-system.sh venv
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.installed-runtime: requirements.txt constraints-build.txt | $(PY)
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints-build.txt | $(PY)
	$(PIP) install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

system:
	bash scripts/ensure-system.sh run

system-test:
	bash scripts/ensure-system.sh test

## make run: install what is missing, migrate, load Di Linh and demo data, serve on 127.0.0.1:8000
run: install system
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=.venv -v0
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
