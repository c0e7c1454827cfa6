# MissionMatch: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate seed bench clean worker

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The .mo catalogues are built from the committed .po files with Babel (no GNU gettext needed).
install: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py compilemessages --verbosity 0

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

seed: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo

run: seed
	DEBUG=1 $(BIN)/python manage.py ensure_admin
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# A Celery worker with the beat scheduler in one process, for a real broker (CELERY_BROKER_URL).
# In production run them as two services, with exactly one beat per deployment (docs/deployment.md).
worker: migrate
	@test -n "$(CELERY_BROKER_URL)" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/2) to run a worker; without it tasks run in-process."; exit 1; }
	DEBUG=1 $(BIN)/celery -A portal worker --beat --loglevel INFO --concurrency 2

# Parallel workers (one test database each); the browser tests share one worker and one Chromium.
# HYPOTHESIS_PROFILE=dev runs a tenth of the property-test examples for a quick local loop.
test: install
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: install
	DEBUG=1 $(BIN)/python manage.py bench_matching $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
