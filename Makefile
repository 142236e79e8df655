# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

# requirements.lock pins every package (runtime, dev, and the build's setuptools and wheel) with
# its hashes; `make lock` regenerates it with pip-tools, which lives in a venv of its own.
LOCK := requirements.lock
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --extra dev --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: install lock run test lint format bench bench-http bench-delivery bench-digest bench-export bench-leaderboard bench-stewardship clean

# Exactly the lock, every file checked against its hash; then the project itself, built with the
# locked setuptools (no build isolation, so nothing unpinned is fetched). `pip check` catches a
# lock that no longer satisfies pyproject.toml (run `make lock`).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	touch $(STAMP)

install: $(STAMP)

# Regenerate the lock after changing pyproject.toml: pins that still fit are kept.
# `make lock UPGRADE=1` moves every pin to the newest release pyproject.toml allows.
lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '$(PIP_TOOLS)'
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) --output-file $(LOCK) pyproject.toml

run: $(STAMP)
	$(BIN)/kudos-bot serve

# Two pytest-xdist workers: the machines (and CI) have two cores.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-http bench-delivery bench-digest bench-export bench-leaderboard bench-stewardship

bench-http: $(STAMP)
	$(BIN)/python -m bench.kudos_http

bench-delivery: $(STAMP)
	$(BIN)/python -m bench.delivery

bench-digest: $(STAMP)
	$(BIN)/python -m bench.digest_compose

bench-export: $(STAMP)
	$(BIN)/python -m bench.export_csv

bench-leaderboard: $(STAMP)
	$(BIN)/python -m bench.leaderboard

bench-stewardship: $(STAMP)
	$(BIN)/python -m bench.stewardship

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
