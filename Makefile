# gigwatch: two commands on a fresh machine with Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench clean setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/gigwatch run

# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own databases (tests/conftest.py).
# Two, the cores of the machine CI runs on, rather than `auto`: more workers than cores would overlap more
# of the real waits, but squeeze the tests that time real processes on an already loaded machine.
# A file's tests run in one worker (--dist loadfile): a costly module-scoped fixture, such as the wheel
# built and installed by tests/test_packaging.py, is made once. (--dist loadgroup does not group under
# pytest 9.2 with pytest-xdist 3.8.) `make test PYTEST_ARGS="-n 0"` (or "-p no:xdist") runs in one process.
TEST_WORKERS ?= 2
XDIST = $(if $(findstring no:xdist,$(PYTEST_ARGS)),,-n $(TEST_WORKERS) --dist loadfile)

test: $(STAMP)
	$(BIN)/python -m pytest -q $(XDIST) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy bot storage adapters

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) build dist *.egg-info
