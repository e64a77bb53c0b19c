# Every target creates .venv itself, so a fresh clone needs nothing but python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE ?= corpus/demo/qingchuan-juesuan-2024-with-defects.txt

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/jiaohe inspect $(SAMPLE)
	$(BIN)/jiaohe check $(SAMPLE) --format text --fail-on none
	$(BIN)/jiaohe check $(SAMPLE) --format html -o review-notes.html --fail-on none
	$(BIN)/jiaohe check $(SAMPLE) --format docx -o review-notes.docx --fail-on none
	@echo "annotated review copy: review-notes.html (open in a browser); review memo: review-notes.docx"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m checker.bench

clean:
	rm -rf $(VENV) build *.egg-info review-notes.html review-notes.docx
