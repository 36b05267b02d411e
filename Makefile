# Responsible ML curriculum — one command per job. `make help` lists them.
# Every target that needs Python first builds .venv (idempotent), so a fresh clone
# needs only `make lab` (trainees) or `make test` (maintainers, CI).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST := $(BIN)/python -m pytest
NBVAL_SANITIZE := tests/nbval_sanitize.cfg
# The library's byte-code cache, written even where PYTHONDONTWRITEBYTECODE is set (as on CI):
# every kernel imports from it, and the shortcut guard reads the library's code from it
# instead of compiling ~100 files per check (a stale or missing entry is compiled as before).
COMPILE_LIB := $(BIN)/python -m compileall -q lib

.PHONY: help setup lab test test-fast test-mutants check lint exercises lessons release grade bench bench-grading clean
.PHONY: site browser-deps axe-deps grade-deps hub hub-deps bench-hub

help:
	@echo "make lab        trainees: set up .venv, copy the exercises to my-work/, open JupyterLab"
	@echo "make test       set up, then run the whole test suite (what CI runs)"
	@echo "make test-mutants  every listed wrong answer of every exercise (make test runs a sample)"
	@echo "make check      fast: exercises/ in sync with solutions/, lint, import layers, dead code"
	@echo "make exercises  regenerate exercises/ from solutions/ with nbgrader"
	@echo "make lessons    re-execute lessons/ in place so stored outputs are fresh"
	@echo "make release    instructors: release assignments to the nbgrader exchange"
	@echo "make grade      instructors: autograde submissions and generate feedback"
	@echo "make bench      benchmarks (lesson time and memory, widget redraw, grading)"
	@echo "make bench-grading  serial vs parallel grading of 50 trainees (a few minutes)"
	@echo "make site       static HTML reading copy of the lessons in site/ (no kernel needed)"
	@echo "make browser-deps  install Chromium for the browser tests (as root, with apt-get)"
	@echo "make axe-deps      install axe-core for the accessibility tests (npm, into .venv/axe)"
	@echo "make grade-deps    install bubblewrap, the grading sandbox (as root, with apt-get)"
	@echo "make bench-hub  a class of 20 on the course hub: spawn time, memory (minutes)"
	@echo "make hub        a course JupyterHub on http://127.0.0.1:8000 (deploy/; rehearsal)"

# What both installs do after pip: nbgrader switches its lab extension on for everyone
# (trainees do not need it); no "Jupyter news" pop-up and no update check (the server
# would call pypi.org).
define QUIET_LAB
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1 || true
	for ext in assignment_list course_list formgrader validate_assignment; do \
	  $(BIN)/jupyter server extension disable --sys-prefix nbgrader.server_extensions.$$ext >/dev/null 2>&1 || true; \
	done
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
	  > $(VENV)/share/jupyter/lab/settings/overrides.json
endef

define NEW_VENV
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' \
	  || { echo "Set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
endef

# Maintainers and CI: the package with the test and hub extras.
$(STAMP): pyproject.toml
	$(NEW_VENV)
	$(BIN)/python -m pip install -q -e '.[dev,hub]'
	$(QUIET_LAB)
	touch $@ $(LAB_STAMP)

# Trainees: the package alone (what the lessons and exercises import), no test or hub tools.
LAB_STAMP := $(VENV)/.installed-lab
$(LAB_STAMP): pyproject.toml
	$(NEW_VENV)
	$(BIN)/python -m pip install -q -e .
	$(QUIET_LAB)
	touch $@

setup: $(STAMP)

# Your own copy of each exercise in my-work/ (git-ignored; never overwritten), then JupyterLab.
lab: $(LAB_STAMP)
	$(BIN)/python -m responsible_ml my-work
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --notebook-dir=. lessons/01-what-is-ml.ipynb

# Parallel workers (pytest-xdist): each notebook, file and exercise's shared run stays on one
# worker (tests/conftest.py); WORKERS=0 runs everything in one process.
WORKERS ?= 2
test: setup browser-deps axe-deps grade-deps hub-deps
	$(COMPILE_LIB)
	$(PYTEST) $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist loadgroup --no-loadscope-reorder) \
	  --nbval --nbval-sanitize-with $(NBVAL_SANITIZE) --durations=20 tests lessons

test-fast: setup
	$(COMPILE_LIB)
	$(PYTEST) -m "not slow and not browser" tests

# Every listed wrong answer of every exercise (make test runs a sample: tests/course/conftest.py).
test-mutants: setup
	$(COMPILE_LIB)
	RML_ALL_MUTANTS=1 $(PYTEST) $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist loadgroup --no-loadscope-reorder) \
	  tests/course/test_mutants.py tests/course/test_no_cascade.py tests/course/test_shortcuts.py \
	  tests/course/test_pasted_copies.py tests/course/test_06_one_place.py

# Lint and docstrings (ruff), import layering (import-linter) and dead code (vulture; names
# used only dynamically in tests/vulture_whitelist.py), each configured in pyproject.toml.
# PYTHONPATH: lint-imports reads the package it imports, which must be this checkout's (the
# venv may be another's).
# `ruff format --check` is not here yet: most files are not ruff-formatted (issue 30).
check: setup
	$(BIN)/python -m responsible_ml check-sync
	$(BIN)/ruff check lib tests benchmarks
	PYTHONPATH=lib $(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/vulture

lint: setup
	$(BIN)/ruff check lib tests benchmarks

exercises: setup
	$(BIN)/python -m responsible_ml exercises

lessons: setup
	$(BIN)/python -m responsible_ml lessons

release: setup
	$(BIN)/python -m responsible_ml release

# make grade [ASSIGNMENTS="01-what-is-ml ..."] [WORKERS=4] [GRADE_ARGS="--regrade-all"]
grade: setup grade-deps
	$(COMPILE_LIB)
	$(BIN)/python -m responsible_ml grade $(ASSIGNMENTS) $(if $(WORKERS),--workers $(WORKERS)) $(GRADE_ARGS)

bench: setup
	$(COMPILE_LIB)
	$(BIN)/python benchmarks/run.py

# Serial `nbgrader autograde` vs parallel `grade`, 50 trainees x one assignment (minutes).
bench-grading: setup
	$(BIN)/python benchmarks/run.py grading

# A class of 20 on the course hub (deploy/): spawn, lesson 01 at once, memory (minutes).
bench-hub: hub-deps
	$(BIN)/python benchmarks/run.py hub

clean:
	rm -rf $(VENV) .pytest_cache gradebook.db site

# Browser tests (tests/browser) drive Debian's Chromium with Playwright. Installed here when
# missing and we are root (or have password-less sudo); otherwise those tests skip and say how to enable them (with
# CI=true they fail instead). Playwright's own browser downloads are never used.
RML_CHROMIUM ?= /usr/bin/chromium
export RML_CHROMIUM

browser-deps:
	@if [ -x "$(RML_CHROMIUM)" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  echo "installing Chromium for the browser tests (apt-get, about 20 s)"; \
	  $$as_root apt-get update -qq && \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "No Chromium at $(RML_CHROMIUM) and not root: browser tests will be skipped."; \
	  echo "Enable them with 'sudo make browser-deps' (or set RML_CHROMIUM=/path/to/chromium)."; \
	fi

# The accessibility tests (tests/browser/test_accessibility.py) inject npm's axe-core,
# pinned in tests/browser/package-lock.json and installed into .venv/axe (npm needed).
# Without it those tests skip locally and say how to enable them (with CI=true they fail).
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	mkdir -p $(VENV)/axe
	cp tests/browser/package.json tests/browser/package-lock.json $(VENV)/axe/
	cd $(VENV)/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

axe-deps: setup $(AXE)

# Every grading kernel runs in a bubblewrap sandbox (lib/responsible_ml/course/_sandbox.py);
# grading refuses to run without it. Installed here when missing and we are root (or have
# password-less sudo); otherwise say how (grading then stops with an error naming bwrap).
grade-deps:
	@if command -v bwrap >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  echo "installing bubblewrap for the grading sandbox (apt-get)"; \
	  $$as_root apt-get update -qq && \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	else \
	  echo "No bwrap and not root: grading will refuse to run. Install it with"; \
	  echo "'sudo make grade-deps' (or apt-get install bubblewrap)."; \
	fi

# A static reading copy of every lesson (widgets show their stored figure) + index.html.
site: setup
	$(BIN)/python -m responsible_ml.widgets._static site

# The course on a JupyterHub (deploy/). The proxy is npm's configurable-http-proxy, pinned
# in deploy/package-lock.json and installed into .venv/hub (Node 20+ and npm needed).
CHP := $(VENV)/hub/node_modules/.bin/configurable-http-proxy

$(CHP): deploy/package.json deploy/package-lock.json
	mkdir -p $(VENV)/hub
	cp deploy/package.json deploy/package-lock.json $(VENV)/hub/
	cd $(VENV)/hub && npm ci --no-audit --no-fund --loglevel=error
	touch $@

hub-deps: setup $(CHP)

# make hub [HUB_PORT=8000] [HUB_MODE=simple|accounts]: releases the exercises into the
# rehearsal exchange (.rml/hub/exchange), then serves the hub on http://127.0.0.1:$(HUB_PORT).
# simple (default): any name and password, every server as your own Unix user (a
# rehearsal, no isolation); log in as `instructor` for the formgrader. accounts (root, a
# real server): names are Unix accounts with their passwords (PAM), limits enforced.
HUB_PORT ?= 8000
HUB_MODE ?= simple
HUB_EXCHANGE ?= $(CURDIR)/.rml/hub/exchange
hub: hub-deps
	mkdir -p .rml/hub $(HUB_EXCHANGE)
	$(BIN)/python -m responsible_ml release --exchange $(HUB_EXCHANGE)
	cd .rml/hub && RML_HUB_PORT=$(HUB_PORT) RML_HUB_MODE=$(HUB_MODE) RML_EXCHANGE=$(HUB_EXCHANGE) \
	  RML_HUB_STATE=$(CURDIR)/.rml/hub $(CURDIR)/$(BIN)/jupyterhub -f $(CURDIR)/deploy/jupyterhub_config.py
