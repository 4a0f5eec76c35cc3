PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test lint bench bench-quick

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/python manage.py prepare_local
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# On every core (pytest-xdist), an idle core taking tests queued for a busy one (worksteal), so
# that the long tests do not finish alone; `$(BIN)/python -m pytest tests/...` runs a few in
# one process.
test: install
	$(BIN)/python -m pytest -n auto --dist worksteal

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/yamllint --strict deploy/

# The page-speed benchmark (docs/PERFORMANCE.md); needs wrk (apt-get install wrk).
bench: install
	$(BIN)/python -m bench.run --dataset full

bench-quick: install
	$(BIN)/python -m bench.run --dataset quick
