# `make run` and `make test` are the whole set-up on a fresh machine with Python 3.11+:
# each creates .venv if missing, installs the project into it, then runs or tests.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
QT_SYSTEM_LIBS := libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3

.PHONY: run test test-fast lint format bench bench-ui bench-memory reproduce clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nnplayground needs Python 3.11 or newer; set PYTHON=python3.x")'
	@sh packaging/system-deps.sh $(QT_SYSTEM_LIBS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/nnplayground

test: $(STAMP) lint
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -x -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py

bench-ui: $(STAMP)
	$(BIN)/python benchmarks/ui.py

bench-memory: $(STAMP)
	$(BIN)/python benchmarks/memory.py

reproduce: $(STAMP)
	$(BIN)/nnplayground reproduce

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
