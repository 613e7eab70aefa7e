# insyn: the two commands of the README (make site, make test) and helpers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: site test test-fast bench sample snapshots expected lint clean serve

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml requirements.lock
	$(PIP) install -c requirements.lock -e '.[dev]'
	touch $@

## make site: set up .venv and build the site from the newest snapshot (the sample on a fresh clone)
site: $(VENV)/.installed
	$(PY) build.py build

# npm packages for the tests (vnu-jar, axe-core); without npm those tests say why they skip
NPM := $(shell command -v npm 2>/dev/null)
NODE_DEPS := $(if $(NPM),node_modules/.installed,)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## make test: set up the dev dependencies and run the whole test suite
test: $(VENV)/.installed-dev $(NODE_DEPS)
	$(PY) -m pytest -n auto --dist loadfile

## make test-fast: the unit lane (pure functions, config, client against the local fake);
## no site build, no browser. The whole suite (make test) is what CI runs.
FAST_TESTS := tests/write/test_sv.py tests/analyse/test_analysis.py tests/check/test_textcheck.py \
	tests/config/test_config.py tests/config/test_config_catalogue.py tests/analyse/test_ties.py \
	tests/write/test_precision.py tests/fetch/test_kolada.py tests/fetch/test_fetch_faults.py \
	tests/build/test_write.py tests/build/test_run_lock.py tests/publish/test_publish_transaction.py \
	tests/test_workflows.py tests/write/test_press_real.py tests/data/test_groups.py \
	tests/data/test_reference.py tests/config/test_contrast.py tests/fetch/test_http.py \
	tests/write/test_text_frames.py tests/site/test_urls.py
test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -q $(FAST_TESTS)

## make bench: benchmark figures (fetch against a local Kolada server, build); not a test.
## Issue 16's figures (first build with/without images, size, rebuilds, MkDocs, memory) on the
## real default; `make bench BENCH_ARGS=--quick` measures them on 22 kommuner only (minutes).
bench: $(VENV)/.installed-dev
	$(PY) bench/bench.py $(BENCH_ARGS)

## make snapshots: rewrite the text snapshots in tests/snapshots/ after an intended change
snapshots: $(VENV)/.installed-dev
	UPDATE_SNAPSHOTS=1 $(PY) -m pytest -q tests/write/test_text.py

## make expected: rewrite the expected fixture site in tests/expected/mini/ after an intended change
expected: $(VENV)/.installed-dev
	UPDATE_EXPECTED=1 $(PY) -m pytest -q tests/build/test_fixture_site.py

## make sample: regenerate data/sample/ from the reference tables and config.yaml
sample: $(VENV)/.installed
	$(PY) build.py sample

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check insyn tests bench build.py
	$(VENV)/bin/ruff format --check insyn tests bench build.py
	$(VENV)/bin/mypy

serve: $(VENV)/.installed
	$(PY) build.py serve

clean:
	rm -rf site .site.* .pytest_cache bench/out
