# Every target creates .venv itself, so a fresh clone needs nothing but python3 and make.
# .venv holds exactly the versions pinned in requirements/lock.txt (made by `make lock`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
BUILD := requirements/build.txt
TOOLS_VENV := .venv-tools
TOOLS_STAMP := $(TOOLS_VENV)/.installed
# `make lock` moves every pin to the newest release pyproject.toml allows; `make lock LOCK_FLAGS=`
# keeps the current pins and only adds or drops what a change of pyproject.toml needs.
LOCK_FLAGS ?= --upgrade
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(TOOLS_VENV)/bin/pip-compile --quiet $(LOCK_FLAGS) \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
SAMPLE ?= corpus/demo/qingchuan-juesuan-2024-with-defects.txt

.PHONY: demo test lint format bench install lock clean fuzz

# A fresh venv each time the lock or pyproject.toml changes, so nothing outside the lock lingers.
# --require-hashes checks every download. The build backend goes in first; every later build (a
# source-only package of the lock, the project itself) uses it instead of an isolated, unpinned one.
$(STAMP): $(LOCK) $(BUILD) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(BUILD)
	$(BIN)/pip install --quiet --require-hashes --no-deps --no-build-isolation -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/jiaohe inspect $(SAMPLE)
	$(BIN)/jiaohe check $(SAMPLE) --format text --fail-on none
	$(BIN)/jiaohe check $(SAMPLE) --format html -o review-notes.html --fail-on none
	$(BIN)/jiaohe check $(SAMPLE) --format docx -o review-notes.docx --fail-on none
	@echo "annotated review copy: review-notes.html (open in a browser); review memo: review-notes.docx"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# The whole tree is kept in ruff's format; `make lint` (and so `make test`) fails on a file that is not.
format: $(STAMP)
	$(BIN)/ruff format .

# 10,000 generated hostile files through the scan workers; prints tracebacks, runs over 10 CPU s (a hang is
# stopped at 60 s wall-clock) and peak memory
FUZZ_FILES ?= 10000
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz_run --files $(FUZZ_FILES) --timeout 10 --max-mb 500

bench: $(STAMP)
	$(BIN)/python -m checker.bench

$(TOOLS_STAMP): requirements/tools.txt
	$(PYTHON) -m venv --clear $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/tools.txt
	touch $(TOOLS_STAMP)

# Re-resolves the runtime dependencies and the dev and cluster extras for this Python and platform.
lock: $(TOOLS_STAMP)
	$(PIP_COMPILE) --extra dev --extra cluster --all-build-deps -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) -o $(BUILD) requirements/build.in
	$(PIP_COMPILE) -o requirements/tools.txt requirements/tools.in

clean:
	rm -rf $(VENV) $(TOOLS_VENV) build *.egg-info review-notes.html review-notes.docx
