# The two set-up commands of the README, on a fresh machine with Python 3.11 and make:
#   make estimate   install, then price the dev stack offline on the embedded price snapshot
#   make test       install, then run the tests (offline: no Pulumi CLI, no AWS credentials)
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install estimate test prices clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -e .
	touch $(STAMP)

estimate: install
	$(BIN)/costing estimate --stack dev

test: install
	$(BIN)/python -m pytest

# Rebuild the embedded price snapshot from ../shared/pricing (maintainers only).
prices: install
	$(BIN)/python scripts/build_price_snapshot.py

# Regenerate docs/reference.md from the webstack package schema (a test fails when it is stale).
.PHONY: docs
docs: install
	$(BIN)/python scripts/generate_reference_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
