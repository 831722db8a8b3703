# stj-factsheet: every target sets up what it needs (the venv) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test test-fast check golden tekens bench pictures clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP) ## Set up, validate and build every factsheet into out/
	$(BIN)/stj check
	$(BIN)/stj build --all --format html --format md --format json --format pdf

test: $(STAMP) ## Set up and run all tests
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## The edit-test loop: every test but the slow ones (browser, wheel)
	$(BIN)/python -m pytest -m "not slow"

check: test ## Validate the shipped data and run the tests
	$(BIN)/stj check --strict

golden: $(STAMP) ## Regenerate tests/golden/ after a reviewed change of output
	$(BIN)/python -m tests.golden

tekens: $(STAMP) ## Rewrite fonts/tekens.txt (what the PDF can print) after changing fonts/
	$(BIN)/python -m tests.tekens

pictures: $(STAMP) ## PDF and HTML pages as PNG in pictures/; the handleiding's pictures in docs/handleiding/img/
	$(BIN)/python -m tests.pictures

bench: $(STAMP) ## Time stj on 400 synthetic gemeenten and write BENCHMARKS.md (not part of test)
	$(BIN)/python benchmarks/run.py --write

clean: ## Remove the venv and generated output
	rm -rf $(VENV) out pictures
