# Traject: two commands do everything.
#   make serve  - set up (venv, pinned pip + npm packages), build, serve on http://127.0.0.1:8000/
#   make test   - the same set-up, then every test (unit + browser)
#   make unit   - the fast loop: the venv, then the CPython tests without the long fuzz runs
# Re-running is quick: each step only runs again when its inputs changed.

PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SITE_INPUTS := mkdocs.yml $(wildcard tools/*.py tools/*.mjs) $(shell find docs app theme pyodide_modules -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: serve test unit build bench chromium clean

serve: site/.built
	$(PY) tools/serve.py site --port $(PORT)

build: site/.built

test: site/.built chromium
	$(PY) -m pytest tests

# No browser and no site: every CPython test (tests/unit) except those marked slow.
unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit -m "not slow" -q

bench: site/.built chromium
	$(PY) bench/run.py

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

site/.built: $(VENV)/.installed node_modules/.installed $(SITE_INPUTS)
	$(PY) -m mkdocs build --strict
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here);
# poppler-utils reads the PDFs the print tests make.
chromium:
	@test -x /usr/bin/chromium -a -x /usr/bin/pdftotext || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; }

clean:
	rm -rf site .pytest_cache
