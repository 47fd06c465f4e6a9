# streetdash: `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Where `make run` listens: .streamlit/config.toml's server.address (127.0.0.1, this machine only:
# the demo accounts' passwords are in the README) unless HOST is given, e.g. HOST=0.0.0.0.
HOST ?=

.PHONY: run test lint format bench demo clean-db help docs

help:
	@echo "make run    install, migrate, load the demo street when empty, start the app on :$(PORT)"
	@echo "            (this machine only; make run HOST=0.0.0.0 to serve the network)"
	@echo "make test   lint, then the whole test suite"
	@echo "make lint   ruff, import contracts, mypy"
	@echo "make bench  speed and memory benchmarks (SECTIONS=\"page_cost crowd district_crowd\" to"
	@echo "            pick sections, PROFILE=1 for py-spy's top functions in bench/profile_*.txt)"
	@echo "make docs   regenerate docs/metrics.md from the glossary the app shows"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streetdash migrate
	$(BIN)/streetdash demo --if-empty
	$(BIN)/streamlit run app.py --server.port $(PORT) $(if $(HOST),--server.address $(HOST))

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench $(if $(PROFILE),--profile) $(SECTIONS)

docs: $(STAMP)
	$(BIN)/python -m reports.metrics_doc --write

clean-db:
	rm -f data/streetdash.db data/streetdash.db-wal data/streetdash.db-shm
