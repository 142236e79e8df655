# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench bench-http bench-delivery bench-digest bench-export bench-leaderboard bench-stewardship clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
