# The two commands of the README: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
FRONTEND_PORT ?= 8001
# The public website listens on IPv6 too (R38) where the machine has it.
FRONTEND_BIND := --bind 127.0.0.1:$(FRONTEND_PORT) $(shell test -e /proc/net/if_inet6 && echo "--bind [::1]:$(FRONTEND_PORT)")
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint check openapi-snapshot messages bench bench-million bench-queue bench-prechecks bench-archive bench-releases bench-search bench-ask bench-frontend bench-monitoring bench-rescan bench-links wrk

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py monitor_run --again
	$(BIN)/python manage.py monitor_content
	$(BIN)/python manage.py platform_welcome --port $(PORT) --frontend-port $(FRONTEND_PORT)
	FRONTEND_API_URL=http://127.0.0.1:$(PORT)/api/v1 $(BIN)/gunicorn frontend.wsgi:application \
		--workers 2 $(FRONTEND_BIND) --log-level warning & \
	PORT=$(PORT) PUBLICAPI_TRUSTED_PROXIES=127.0.0.1,::1 exec $(BIN)/gunicorn cms.wsgi:application \
		--workers 2 --bind 127.0.0.1:$(PORT) --access-logfile - --log-level warning

test: install
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the OpenAPI snapshot on purpose, after a deliberate change of the API contract.
openapi-snapshot: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py export_openapi \
		> tests/publicapi/snapshots/openapi.json

# Benchmarks (on the machine's PostgreSQL; BENCH_DATABASE_URL overrides).
# wrk drives the load; Debian's nginx serves the static publication in the same run.
wrk:
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx)

bench: install wrk
	$(BIN)/python -m bench.run

bench-million: install wrk
	$(BIN)/python -m bench.run --million

# "My review queue" with 10,000 items in review on a million pages (PAGES=20000 for a quick run).
bench-queue: install
	$(BIN)/python -m bench.review_queue $(if $(PAGES),--pages $(PAGES))

# The pre-publication scan: a 50,000-term dictionary over a 40 KB item, against naive matching.
bench-prechecks: install
	$(BIN)/python -m bench.prechecks

# Filing 100,000 pages as archived, readers watching (FILE=5000 for a quick run).
bench-archive: install
	$(BIN)/python -m bench.archive $(if $(FILE),--file $(FILE))

# What showing only cleared content costs: hashing files, freezing releases, rendering.
bench-releases: install
	$(BIN)/python -m bench.releases $(if $(ITEMS),--items $(ITEMS))

# The embedded search index against today's substring scan (PAGES=20000 for a quick run).
bench-search: install
	$(BIN)/python -m bench.relevance
	$(BIN)/python -m bench.search $(if $(PAGES),--pages $(PAGES))

# The automatic answers over the judged questions: top-1, top-3, answerless refused.
bench-ask: install
	$(BIN)/python -m bench.ask

# The public website against the API it reads: warm item pages, lists, revalidation (PAGES=N).
bench-frontend: install wrk
	$(BIN)/python -m bench.frontend $(if $(PAGES),--pages $(PAGES))

# The daily inspection and the monitoring page at scale (PAGES=1000000 SITES=300 for the target).
bench-monitoring: install
	$(BIN)/python -m bench.monitoring $(if $(PAGES),--pages $(PAGES)) $(if $(SITES),--sites $(SITES))

# Link checks: collection, the platform's own links, the dashboard's reads (PAGES=N to change).
bench-links: install
	$(BIN)/python -m bench.links $(if $(PAGES),--pages $(PAGES))

# The content rescan with a 50,000-term dictionary on a million pages (PAGES=100000 for less).
bench-rescan: install
	nice $(BIN)/python -m bench.rescan $(if $(PAGES),--pages $(PAGES))

# Extract our strings and compile the zh_Hans catalogue (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=var
	$(BIN)/python manage.py compilemessages -l zh_Hans
