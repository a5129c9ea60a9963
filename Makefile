# vetreg — common tasks. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgresql check lint typecheck bench clean load faults reliability-fast schemathesis

$(BIN)/vetreg: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/vetreg

run: install
	$(BIN)/vetreg init
	$(BIN)/vetreg demo --if-empty
	$(BIN)/vetreg serve --host $(HOST) --port $(PORT)

test: install test-sqlite test-postgresql

test-sqlite: install
	VETREG_TEST_BACKEND=sqlite $(BIN)/pytest -q -p no:cacheprovider

test-postgresql: install
	VETREG_TEST_BACKEND=postgresql VETREG_TEST_PG_URL=$(PG_ADMIN_URL) $(BIN)/pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

check: lint typecheck

$(VENV)/.bench: $(BIN)/vetreg
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python -m scripts.bench

# Reliability runs on private PostgreSQL, Redis and gunicorn instances on loopback ports.
LOAD_ARGS ?= --duration 300
FAULT_ARGS ?= --trials 50

$(VENV)/.load: $(BIN)/vetreg
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,load]'
	touch $@

load: $(VENV)/.load
	$(BIN)/python -m scripts.reliability.load $(LOAD_ARGS)

faults: install
	$(BIN)/python -m scripts.reliability.faults $(FAULT_ARGS)

# Hostile input, authorisation, JWT attacks, schemathesis and audit tampering on both
# databases (they also run in `make test`); `make schemathesis` fuzzes far longer.
RELIABILITY_FAST := tests/reliability/test_hostile_input.py tests/reliability/test_authorisation.py \
	tests/reliability/test_disclosure.py tests/reliability/test_schemathesis.py \
	tests/reliability/test_audit_tampering.py tests/api/test_jwt_attacks.py
SCHEMATHESIS_EXAMPLES ?= 100
SCHEMATHESIS_PHASES ?= examples,coverage,fuzzing

reliability-fast: install
	VETREG_TEST_BACKEND=sqlite $(BIN)/pytest -q -p no:cacheprovider $(RELIABILITY_FAST)
	VETREG_TEST_BACKEND=postgresql VETREG_TEST_PG_URL=$(PG_ADMIN_URL) \
		$(BIN)/pytest -q -p no:cacheprovider $(RELIABILITY_FAST)

schemathesis: install
	VETREG_SCHEMATHESIS_EXAMPLES=$(SCHEMATHESIS_EXAMPLES) VETREG_SCHEMATHESIS_PHASES=$(SCHEMATHESIS_PHASES) \
		VETREG_TEST_BACKEND=sqlite $(BIN)/pytest -q -p no:cacheprovider tests/reliability/test_schemathesis.py
	VETREG_SCHEMATHESIS_EXAMPLES=$(SCHEMATHESIS_EXAMPLES) VETREG_SCHEMATHESIS_PHASES=$(SCHEMATHESIS_PHASES) \
		VETREG_TEST_BACKEND=postgresql VETREG_TEST_PG_URL=$(PG_ADMIN_URL) \
		$(BIN)/pytest -q -p no:cacheprovider tests/reliability/test_schemathesis.py

clean:
	rm -rf $(VENV) var bench-out .pytest_cache .mypy_cache .ruff_cache *.egg-info
