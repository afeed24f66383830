# `make site` builds the example site; `make test` runs every test. Both start from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the accessibility tests, pinned in tests/node/package-lock.json.
NODE_TESTS := tests/node/node_modules/.package-lock.json

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

$(NODE_TESTS): tests/node/package-lock.json
	cd tests/node && npm ci --no-audit --no-fund --silent

test: venv $(NODE_TESTS)
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) site tests/node/node_modules benchmarks/node/node_modules
