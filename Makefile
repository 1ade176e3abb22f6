# Set-up and checks. `make demo` and `make test` work from a fresh clone: they build the
# virtualenv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-slow lint rules-check schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,ray]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf out
	$(BIN)/cleaner clean samples/text -o out/text
	@echo
	@echo "--- out/text/acceptance.txt ---"
	@cat out/text/acceptance.txt

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests

rules-check: $(STAMP)
	$(BIN)/cleaner rules check

test: $(STAMP) lint rules-check
	$(BIN)/python -m pytest -m "not slow"

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

# Regenerate rules/schema.json (the editors' schema) from the pack model.
schema: $(STAMP)
	$(BIN)/cleaner rules schema > rules/schema.json

clean:
	rm -rf out .pytest_cache .ruff_cache build dist
