# The two commands of the README: `make demo` and `make test`. Everything else is for developers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
UV := .tools/bin/uv
VENV := .venv
PORT ?= 8000

.PHONY: demo serve test lint typecheck messages bench check clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --extra spark
	touch $@

demo: $(VENV)/.synced  ## set up, load the demo and serve it on 127.0.0.1:$(PORT)
	$(VENV)/bin/clusterdev demo --port $(PORT)

serve: $(VENV)/.synced
	$(VENV)/bin/clusterdev serve --port $(PORT)

test typecheck: export CLUSTERDEV_TESTING := true
test: $(VENV)/.synced  ## the whole suite: lint, types, migrations, unit, web and browser tests
	scripts/ensure-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest
	scripts/with-postgres $(VENV)/bin/pytest -q -m "not browser" clusterdev/web

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.synced
	$(VENV)/bin/mypy

messages: $(VENV)/.synced  ## refresh the fr/es catalogs from the code, then compile them
	cd clusterdev/web && ../../$(VENV)/bin/django-admin makemessages -l fr -l es --no-obsolete --ignore "static/vendor/*"
	cd clusterdev/web && ../../$(VENV)/bin/django-admin makemessages -d djangojs -l fr -l es --no-obsolete --ignore "static/vendor/*"
	cd clusterdev/web && ../../$(VENV)/bin/django-admin compilemessages

bench: $(VENV)/.synced
	@ls benchmarks/*.py >/dev/null 2>&1 && for b in benchmarks/*.py; do $(VENV)/bin/python $$b; done || echo "no benchmarks yet"

clean:
	rm -rf .tools $(VENV) var
