# `make site` builds the example site; `make test` runs every test. Both start from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv site test check serve hooks bench clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

check: venv
	$(BIN)/guongsang check

site: venv
	$(BIN)/guongsang build

serve: venv
	$(BIN)/guongsang serve

hooks: venv
	$(BIN)/guongsang hook install

test: venv
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) site
