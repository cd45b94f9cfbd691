# newsroom: `make run` serves the site locally, `make test` runs the whole suite.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format install migrate demo serve bench fleet clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsroom needs Python 3.11 or newer"' \
		|| { echo "newsroom needs Python 3.11+ ($(PYTHON) is older); try: make PYTHON=python3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian/Ubuntu: apt-get install python3-venv"; exit 1; }

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(INSTALLED)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The development server and one task worker beside it (purges, pings, suggestions, scheduled
# announcements); Ctrl-C, or the server stopping, stops the worker too.
run: demo
	@$(PY) manage.py ensure_editor --port $(PORT)
	@$(PY) manage.py run_worker -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports  # the layering in pyproject.toml, [tool.importlinter]

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Production: DEBUG off, SECRET_KEY required, DATABASE_URL and REDIS_URL from the environment
# (see README, "Production"); gunicorn with gunicorn.conf.py on 127.0.0.1:$(PORT).
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY (and DATABASE_URL, REDIS_URL); see README, Production"; exit 1; }
	DEBUG=False $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=False $(PY) manage.py migrate --noinput
	DEBUG=False PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py

# Site benchmark on PostgreSQL (BENCH_DATABASE_URL); `make bench N=1000` for a small run.
N ?= 100000
bench: install
	$(PY) bench/site_bench.py --n $(N)

# Two app nodes and two task workers on loopback, sharing PostgreSQL (DATABASE_URL's server, a
# database of its own), a redis-server and a moto S3 server started for it; Ctrl-C stops all.
fleet: install
	$(PY) -m tests.fleet

clean:
	rm -rf $(VENV) db.sqlite3 media var staticfiles .pytest_cache .ruff_cache
