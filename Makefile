# Mizan — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/sh
UV := $(shell ./scripts/bootstrap-uv.sh)
export UV_PYTHON_DOWNLOADS := never
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
RUN := $(UV) run --frozen
# Spark is an optional extra: only the targets that need it install it (and a Java runtime).
RUN_SPARK := $(UV) run --frozen --extra spark
PORT ?= 8501

.PHONY: install install-spark demo serve build test test-spark test-fast lint format dev docs docs-serve bench bench-spark clean

# --compile-bytecode: every `mizan`, dbt and pytest-worker process imports Dagster and dbt; without
# .pyc files (uv writes none by default, and none are written under PYTHONDONTWRITEBYTECODE)
# each of them compiles thousands of modules first. Cheap once compiled: only new files are.
install:  ## the locked environment (.venv), from uv.lock
	$(UV) sync --frozen --python python3 --compile-bytecode

demo: install  ## generate demo data, build through Dagster (the month's report pack too), serve on http://localhost:8501
	./scripts/ensure-chromium.sh
	$(RUN) mizan demo
	$(RUN) mizan serve --port $(PORT)

build: install  ## ingest the inbox, build and publish
	$(RUN) mizan build

serve: install
	$(RUN) mizan serve --port $(PORT)

# --dist worksteal: each worker starts on its own half of the suite and an idle one takes half of
# the other's queue, so the two stay busy to the end. The homes that take a pipeline run are built
# once and shared by the workers (tests/support/shared_homes.py), whichever worker runs a test.
test: install  ## the whole suite (unit, dbt, integration, app, browser)
	./scripts/ensure-chromium.sh
	$(RUN) python -m playwright --version >/dev/null
	$(RUN) pytest -n 2 --dist worksteal --durations=15; status=$$?; \
	if [ $$status -eq 5 ]; then echo "ERROR: pytest collected no tests" >&2; fi; exit $$status

install-spark:  ## the locked environment with the spark extra (pyspark, dbt-spark), and Java 17+
	./scripts/ensure-java.sh
	$(UV) sync --frozen --python python3 --extra spark --compile-bytecode

test-spark: install-spark  ## the dbt project on Spark too: both engines build the demo data and agree on every mart
	$(RUN_SPARK) pytest tests/spark -m spark -v; status=$$?; \
	if [ $$status -eq 5 ]; then echo "ERROR: pytest collected no tests" >&2; fi; exit $$status

test-fast: install  ## unit tests only
	$(RUN) pytest -m "not slow and not browser"

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

dev: install  ## the Dagster UI on http://localhost:3000 over the same MIZAN_HOME
	$(RUN) python -c "from dagster_project.runner import prepare_environment; from mizan.settings import Settings; prepare_environment(Settings.from_env())"
	DAGSTER_HOME=$${MIZAN_HOME:-$(CURDIR)/data}/dagster $(RUN) dagster dev -m dagster_project.definitions -p 3000

docs: install  ## static dbt docs of the built warehouse (target/index.html, manifest.json, catalog.json)
	MIZAN_WAREHOUSE=$${MIZAN_HOME:-$(CURDIR)/data}/warehouse.duckdb $(RUN) dbt docs generate --project-dir . --profiles-dir .
	@echo "dbt docs written to target/ — browse them with: make docs-serve (http://localhost:8080)"

docs-serve: install  ## serve the static dbt docs written by `make docs`
	$(RUN) dbt docs serve --project-dir . --profiles-dir . --port 8080 --no-browser

SCALES ?= 1
REPEAT ?= 3
bench: install  ## benchmarks (bench/README.md): make bench [SCALES="1 5"] [REPEAT=3]; scale 30 is opt-in (long, GBs)
	$(RUN) python -m bench.run $(foreach s,$(SCALES),--scale $(s)) --repeat $(REPEAT)

bench-spark: install-spark  ## make bench with the Spark row (installs the spark extra and Java)
	$(RUN_SPARK) python -m bench.run $(foreach s,$(SCALES),--scale $(s)) --repeat $(REPEAT)

clean:  ## remove generated data and build output (never the source)
	rm -rf data target logs .pytest_cache
