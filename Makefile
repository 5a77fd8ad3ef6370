# Two commands for a newcomer: `make report` (ingest → validate → reports) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lint format lab browser env clean

env: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/budget run

browser:
	bash scripts/install-browser.sh

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .

# A notebook executed elsewhere opens untrusted: its charts show as static images until it is
# re-run or trusted (`$(BIN)/jupyter trust NAME.ipynb`, or Command Palette → Trust Notebook).
lab: $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name kashgar-budgets --display-name "kashgar-budgets"
	@echo "Untrusted notebooks show static chart images; re-run or trust one for interactive charts:"
	@echo "  $(BIN)/jupyter trust NAME.ipynb   (or Command Palette → Trust Notebook)"
	cd notebooks && ../$(BIN)/jupyter lab

clean:
	rm -rf data/clean/* reports
