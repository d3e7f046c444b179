# `make reports` and `make test` do everything on a machine with Python >= 3.11 and make:
# the first use creates .venv and installs the package and its dependencies into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2

.PHONY: install data check reports test test-fast browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

data: $(STAMP)
	$(BIN)/jnjp data

check: $(STAMP)
	$(BIN)/jnjp check

## Build every briefing (7 prefectures x zh/en + the region overview in zh/en) into reports/.
reports: $(STAMP)
	$(BIN)/jnjp data
	$(BIN)/jnjp check
	$(BIN)/jnjp build --jobs $(JOBS)

## Every test: unit, property, data provenance, nbval, rendering and the browser test.
test: $(STAMP)
	bash scripts/ensure_browser.sh
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope --nbval --nbval-current-env \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

## The same without notebooks and browser (quick loop while editing).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -x -q tests -m "not slow and not browser"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) reports/*.html reports/*.json reports/_failed
