# Set-up and checks. `make demo` and `make test` work from a fresh clone: they build the
# virtualenv themselves. The demo installs cleaner alone; the checks add the extras their
# tests use (the test tools, Ray and pyarrow, datatrove, Selenium for the browser tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEV_EXTRAS := test,ray,datatrove,browser
STAMP := $(VENV)/.installed-dev
DEMO_STAMP := $(VENV)/.installed
# The benchmarks' own dependencies. pip is upgraded first: the pip a Python 3.11 venv starts
# with (23.x) fails an internal assertion on trafilatura's doubled lxml[html-clean] extra.
BENCH_DEPS := $(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip && \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt

.PHONY: install demo test test-slow test-browser screenshots fuzz bench bench-real bench-real-build bench-html bench-loaders lint rules-check schema clean

$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(DEMO_STAMP)

$(STAMP): $(DEMO_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[$(DEV_EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

demo: $(DEMO_STAMP)
	rm -rf out
	$(BIN)/cleaner clean samples/text samples/html samples/jsonl -o out --report out/report.json
	@echo
	@echo "--- out/text/acceptance.txt (from samples/text/acceptance.txt) ---"
	@cat out/text/acceptance.txt
	@echo
	@echo "--- what was removed, and by which rule ---"
	$(BIN)/cleaner diff samples/text/acceptance.txt --no-color | grep '^-[^-]' 

lint: $(STAMP)
	$(BIN)/ruff check cleaner tests

rules-check: $(STAMP)
	$(BIN)/cleaner rules check

test: $(STAMP) lint rules-check
	$(BIN)/python -m pytest -m "not slow"

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

# The report and the studio in headless Chromium (Debian: apt-get install chromium chromium-driver);
# the tests skip when either is missing. `make screenshots` also refreshes docs/*.png.
test-browser: $(STAMP)
	$(BIN)/python -c "import selenium" 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[browser]'
	$(BIN)/python -m pytest -m browser

screenshots: $(STAMP)
	$(BIN)/python -c "import selenium" 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[browser]'
	CLEANER_SCREENSHOTS=docs $(BIN)/python -m pytest -m browser tests/test_browser.py

# The speed benchmark (not part of `make test`): generates bench/corpus/ once, then prints
# and writes bench/results/latest.json. BENCH_ARGS="--scale 0.1" for a quick look.
bench: $(STAMP)
	$(BENCH_DEPS)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The real-data benchmark (bench/real/, not part of `make test`): texts are rebuilt from the
# fetched public sources (bench-real-build says what to fetch), labels are committed.
# BENCH_REAL_ARGS="--baseline naive" for the naive regex script, "--json" for bench/results/.
bench-real-build: $(STAMP)
	$(BENCH_DEPS)
	$(BIN)/python bench/real/build.py

bench-real: $(STAMP)
	$(BIN)/python bench/real/score.py $(BENCH_REAL_ARGS)

# HTML extraction side by side (cleaner, trafilatura, readability-lxml) on trafilatura's
# evaluation set, read from its snapshot (see bench/html/run.py); both halves of the split.
bench-html: $(STAMP)
	$(BIN)/python -c "import trafilatura, readability" 2>/dev/null || \
		$(BENCH_DEPS)
	$(BIN)/python bench/html/run.py $(BENCH_ARGS)

# Hugging Face datasets loads cleaner's JSONL output: two shards, and one 25 MB file whose only
# over-limit record comes last (bench/loaders.py; datasets is too heavy for make test).
bench-loaders: $(STAMP)
	$(BIN)/python -c "import datasets" 2>/dev/null || \
		$(BENCH_DEPS)
	$(BIN)/python bench/loaders.py $(BENCH_ARGS)

# The fuzz target (the pipeline on arbitrary bytes) with 20,000 examples instead of CI's 100.
fuzz: $(STAMP)
	CLEANER_FUZZ=1 $(BIN)/python -m pytest tests/test_robustness.py -k crashes

# Regenerate rules/schema.json (the editors' schema) from the pack model.
schema: $(STAMP)
	$(BIN)/cleaner rules schema > rules/schema.json

clean:
	rm -rf out .pytest_cache .ruff_cache build dist
