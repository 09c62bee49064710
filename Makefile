# The README's two commands are `make run` and `make test`; everything else is for developers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MASTHEAD_HOST ?= 127.0.0.1
export MASTHEAD_PORT ?= 8000
# The tests' own PostgreSQL database: commits need not wait for the disk (synchronous_commit
# off, for these test connections only), which made the PostgreSQL pass several times slower on
# machines with slow disks.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/masthead?options=-c%20synchronous_commit%3Doff
# Tests run in parallel, one pytest-xdist worker a CPU core (at most 4);
# TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)
XDIST = $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS),)
XDIST_FILES = $(if $(XDIST),$(XDIST) --dist loadfile,)
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test check lint format typecheck contracts models eval adapter-simulation encoder-experiment bench bench-more bench-all demo clean deps-run deps-test test-sqlite test-postgres

# --- set-up -------------------------------------------------------------------------------
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Debian packages: espeak-ng is the light fallback voice; chromium drives the browser tests.
deps-run:
	@command -v espeak-ng >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; }

deps-test: deps-run
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

# --- the two commands ----------------------------------------------------------------------
run: $(STAMP) deps-run
	$(BIN)/masthead migrate --noinput
	$(BIN)/masthead demo
	$(BIN)/masthead serve --host $(MASTHEAD_HOST) --port $(MASTHEAD_PORT)

test: $(STAMP) deps-test test-sqlite test-postgres

# Unit and integration tests in parallel; then the browser tests in parallel, in a run of their
# own so that their test database is a file (tests/browser/conftest.py: workers in threads
# beside the live server, which Django's shared in-memory database makes fail under load);
# then the tests that start masthead as processes on databases, Redis databases and ports of
# their own, a module a worker (each module has its Redis database: tests/support/redis_dbs.py;
# they mostly wait on their processes, so two at a time take about two thirds of the time).
test-sqlite:
	$(BIN)/pytest -q $(XDIST) -m "not browser and not processes"
	$(BIN)/pytest -q $(XDIST) -m "browser"
	$(BIN)/pytest -q $(XDIST_FILES) -m "processes"

# Integration tests again on the machine's PostgreSQL. In CI (CI=true) a missing server fails
# the run instead of skipping it.
# Tests marked `processes` start their own servers on their own PostgreSQL/Redis databases
# whatever DATABASE_URL says, and tests marked `own_database` run masthead commands only on
# databases they name themselves, so the first pass has run them already (tests/conftest.py
# refuses the mark on a test that uses the pass's database).
test-postgres:
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || [ "$${CI:-}" = "true" ]; then \
	  DATABASE_URL='$(PG_TEST_URL)' REDIS_URL='$(REDIS_TEST_URL)' $(BIN)/pytest -q $(XDIST) tests/integration -m "not browser and not processes and not own_database"; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL run skipped (CI=true makes this an error)"; fi

# --- developer commands --------------------------------------------------------------------
check: $(STAMP) lint typecheck contracts test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy masthead/articles/body.py masthead/articles/importers masthead/moderation/core masthead/narration/script.py masthead/narration/pipeline.py masthead/narration/engines masthead/dashboard/measures.py masthead/dashboard/present.py masthead/dashboard/charts.py masthead/dashboard/whatif.py masthead/core/timestamps.py

contracts: $(STAMP)
	$(BIN)/lint-imports

demo: $(STAMP)
	$(BIN)/masthead migrate --noinput
	$(BIN)/masthead demo

models: $(STAMP)
	$(BIN)/masthead train-moderation

eval: $(STAMP)
	$(BIN)/masthead eval-moderation

# An experiment, not part of `make check` or of the product (C3 is CC BY-NC-SA; nothing is kept):
# a newsroom fitting a site adapter on its moderators' decisions, simulated on C3
# (docs/moderation.md, "Site adapter (tried 2026-11-30, not shipped)"). Writes var/adapter-simulation.md.
adapter-simulation: $(STAMP)
	$(PY) -m training.moderation.adapter_simulation

# Not part of `make models` (not shipped: docs/moderation.md, "Fine-tuned MiniLM"): fine-tune
# MiniLM for abuse in a separate training venv with PyTorch (never the runtime one), then measure.
encoder-experiment: $(STAMP)
	@test -x var/train-venv/bin/python || $(PYTHON) -m venv var/train-venv
	var/train-venv/bin/python -m pip install --quiet -r training/requirements-encoder.txt
	HF_HUB_OFFLINE=1 var/train-venv/bin/python -m training.moderation.finetune_encoder --out var/encoder
	$(PY) -m training.moderation.measure_encoder --encoder var/encoder/encoder.onnx

# The benchmarks (docs/benchmarks.md, "How to run"). `make bench`: moderation, moderate-file,
# narration and the load against Isso. `make bench-more`: the others, with the options their
# sections quote; `make bench-all`: both. Time them under `flock /tmp/masthead-bench.lock`.
# BENCH_QUICK=1 gives bench-more's the smallest options: a check that each still runs, never
# figures to quote.
bench: $(STAMP)
	$(PY) -m bench.moderation
	$(PY) -m bench.moderate_file
	$(PY) -m bench.narration
	$(PY) -m bench.load

bench-all: bench bench-more

BENCH_QUICK ?=
bench_opts = $(if $(BENCH_QUICK),$(2),$(1))
# bench/feeds.py runs on a demo newsroom made afresh in this folder (emptied first).
BENCH_FEEDS_DIR ?= $(CURDIR)/var/bench/feeds

# bench.redis_outage needs PostgreSQL and Redis (MASTHEAD_BENCH_PG_URL, MASTHEAD_BENCH_REDIS_URL;
# defaults as in the benchmark): when either does not answer, this says so in one line and
# stops, instead of the benchmark's traceback. Runs last, so the others have run by then.
define BENCH_SERVERS_CHECK
import os, sys
import psycopg, redis
pg = os.environ.get("MASTHEAD_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
rd = os.environ.get("MASTHEAD_BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
def first_line(exc): return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
try: psycopg.connect(pg, connect_timeout=5).close()
except Exception as exc: sys.exit(f"bench.redis_outage: PostgreSQL at {pg.split('@')[-1]} does not answer (MASTHEAD_BENCH_PG_URL): {first_line(exc)}")
try: redis.Redis.from_url(rd, socket_connect_timeout=5).ping()
except Exception as exc: sys.exit(f"bench.redis_outage: Redis at {rd.split('@')[-1]} does not answer (MASTHEAD_BENCH_REDIS_URL): {first_line(exc)}")
endef
export BENCH_SERVERS_CHECK

bench-more: $(STAMP)
	$(PY) -m bench.word_lists $(call bench_opts,,--entries 200 --runs 1)
	$(PY) -m bench.article_vectors $(call bench_opts,,--rounds 1 --articles 1)
	$(PY) -m bench.whatif $(call bench_opts,,--comments 200)
	$(PY) -m bench.worst_case_text $(call bench_opts,--runs 3,--runs 1 --scale 0.1)
	rm -rf $(BENCH_FEEDS_DIR) && mkdir -p $(BENCH_FEEDS_DIR)
	export DATABASE_URL=sqlite:///$(BENCH_FEEDS_DIR)/db.sqlite3 MASTHEAD_VAR_DIR=$(BENCH_FEEDS_DIR) REDIS_URL=; \
	  $(BIN)/masthead migrate --noinput -v 0 && $(BIN)/masthead demo >/dev/null && \
	  $(PY) bench/feeds.py /feeds/rss/ /feeds/section/city/atom/ $(call bench_opts,--requests 300 --runs 5,--requests 5 --runs 1)
	@$(PY) -c "$$BENCH_SERVERS_CHECK"
	$(PY) -m bench.redis_outage $(call bench_opts,,--runs 1 --requests 1)

clean:
	rm -rf var/ artifacts/ .pytest_cache .mypy_cache .ruff_cache
