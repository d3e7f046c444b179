# `make reports` and `make test` do everything on a machine with Python >= 3.11 and make:
# the first use creates .venv and installs into it exactly what requirements.lock pins (every
# package, with hashes; nothing is resolved at install time), then this package without deps.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2
LOCK   := requirements.lock
# The canary: newest versions the ranges in pyproject.toml allow (see README, "Set-up").
LATEST := .venv-latest
# The lock tool, pinned; it lives in its own venv and is needed only by `make lock`.
UV_VERSION := 0.13.9
TOOLS  := .venv-tools
PYTEST_ARGS := -n $(JOBS) --dist loadscope --nbval --nbval-current-env \
               --nbval-sanitize-with tests/nbval_sanitize.cfg --mpl tests notebooks

.PHONY: install data check reports test test-unit test-fast test-latest lint lock browser bench baselines docs explore clean

$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

install: $(STAMP)

data: $(STAMP)
	$(BIN)/jnjp data

check: $(STAMP)
	$(BIN)/jnjp check

## Build every briefing (7 prefectures x zh/en + the region overview in zh/en) into reports/.
## `make reports PDF=1` also prints each page to an A4 PDF (needs Chromium: scripts/ensure_browser.sh).
reports: $(STAMP)
	$(BIN)/jnjp data
	$(BIN)/jnjp check
	$(if $(PDF),bash scripts/ensure_browser.sh,)
	$(BIN)/jnjp build --jobs $(JOBS) $(if $(PDF),--pdf,)

## Every test: unit, property, data provenance, nbval, rendering, the browser tests, the docs site
## (tests/build/test_docs.py builds it with warnings as errors and runs every guide's commands), after ruff, import-linter and mypy.
test: $(STAMP)
	$(BIN)/ruff check jnjp_analysis tests scripts benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	bash scripts/ensure_browser.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Static checks, configured in pyproject.toml: ruff (style and bugs), mypy (types) and import-linter
## (the layers import one way only). The tools come from the lock (dependency group `lint`).
## ruff and import-linter also run in `make test`; mypy not yet (0.2.0: 85 findings left, CHANGELOG).
lint: $(STAMP)
	$(BIN)/ruff check jnjp_analysis tests scripts benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

## The documentation site into site/ (MkDocs + mkdocstrings; every warning is an error).
docs: $(STAMP)
	$(BIN)/python scripts/check_docstrings.py
	$(BIN)/mkdocs build --strict --quiet
	@echo "docs: site/index.html"

## The scenario explorer as a web app (Voila: the widgets, no code cells) on http://127.0.0.1:8866/
## (EXPLORE_IP=0.0.0.0 to share it on this machine's address; Ctrl-C stops it).
EXPLORE_IP ?= 127.0.0.1
EXPLORE_PORT ?= 8866
explore: $(STAMP)
	$(BIN)/voila notebooks/03_scenario_explorer.ipynb --no-browser --Voila.ip=$(EXPLORE_IP) --port=$(EXPLORE_PORT)

## The quick loop while editing: tests/unit (no kernel, no browser, no page build), in under a minute on 2 cores.
test-unit: $(STAMP)
	$(BIN)/python -m pytest -q -n $(JOBS) tests/unit -m "not slow"

## Both tiers (tests/unit and tests/build) without notebooks, browser and the tests marked slow.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -x -q tests -m "not slow and not browser"

## Canary: a separate venv with the newest versions pyproject.toml's ranges allow, whole suite.
## Not part of `make test`; run it before `make lock` (README, "Set-up").
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e '.[test]' --group build --group docs --group lint
	$(LATEST)/bin/python -m pip list --format=freeze > $(LATEST)/versions.txt
	bash scripts/ensure_browser.sh
	$(LATEST)/bin/python -m pytest $(PYTEST_ARGS)

## Refresh requirements.lock from pyproject.toml (uv, universal: every supported Python on Linux).
## Keeps existing pins where they still satisfy the ranges; `make lock UPGRADE=1` moves all forward.
TOOLS_STAMP := $(TOOLS)/.stamp-uv-$(UV_VERSION)
$(TOOLS_STAMP):
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION) packaging==26.4
	touch $@

lock: $(TOOLS_STAMP)
	$(TOOLS)/bin/uv pip compile pyproject.toml --extra test --group build --group docs --group lint --universal --generate-hashes \
	    --quiet $(if $(UPGRADE),--upgrade,) -o $(LOCK)
	$(TOOLS)/bin/python scripts/sync_environment.py

## After a deliberate change to a chart: rewrite the image baselines, look at them, commit them.
baselines: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit/test_chart_images.py --mpl-generate-path=tests/baseline

## Speed figures (issue 19): one Markdown table, each figure beside its aim and the papermill + nbconvert
## loop's from the same run (benchmarks/loop.sh); `$(BIN)/python benchmarks/run.py build` for the build rows only.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(LATEST) $(TOOLS) reports/*.html reports/*.json reports/_failed site
