# Two commands from a fresh clone:  make book   make test
# Each target makes its own virtual environment (.venv) from requirements.txt.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# BLAS on one thread: this book runs on small matrices on small machines,
# where multi-threaded OpenBLAS only adds noise (and, for timings, lies).
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: book pdf tex test serve bench bench-build lint clean chromium

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || \
	  .ci/install-debian-packages "make creates the book's virtual environment with python3 -m venv" python3-venv
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet -e ".[test]"
	@# Matplotlib builds its font cache on first import and says so on stderr;
	@# do it here so no notebook cell starts with that message.
	$(PY) -c "import matplotlib.pyplot"
	touch $@

# _build/.sources fingerprints what was built; `make test` compares against a
# build of the current sources instead of building a second time.  The cache
# of executed notebooks is cleared when bplib or the requirements changed
# (it is keyed on each notebook's code only).  See tests/building.py.
book: $(STAMP)
	@$(PY) tests/building.py prepare-cache _build
	@rm -f _build/.sources && $(PY) tests/building.py fingerprint > _build/.sources.next
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@mv _build/.sources.next _build/.sources
	@echo "The book is at file://$(CURDIR)/_build/html/index.html  (or: make serve)"

# What a Binder reader gets, built the way repo2docker's Dockerfile builds it
# (tests/test_binder.py reads that Dockerfile and checks these steps match):
# requirements.txt, then the repository itself, then postBuild -- here with a
# HOME of its own, so postBuild's JupyterLab settings land in
# $(BINDER_VENV)/home and nowhere else.  Nothing from the test extras: the
# live-kernel test runs the chapters in this environment, so a chapter that
# imports something Binder lacks fails there.
BINDER_VENV   ?= .venv-binder
BINDER_STAMP  := $(BINDER_VENV)/.installed
BINDER_PYTHON ?= $(shell v=$$(sed -n 's/^python-//p' runtime.txt); command -v python$$v || echo $(PYTHON))
$(BINDER_STAMP): requirements.txt pyproject.toml postBuild runtime.txt $(wildcard bplib/*.py bplib/*/*.py bplib/explore/js/*) | $(STAMP)
	test -x $(BINDER_VENV)/bin/python || $(BINDER_PYTHON) -m venv $(BINDER_VENV)
	$(BINDER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BINDER_VENV)/bin/python -m pip install --quiet -r requirements.txt
	$(BINDER_VENV)/bin/python -m pip install --quiet .
	rm -rf $(BINDER_VENV)/home && mkdir -p $(BINDER_VENV)/home
	HOME=$(CURDIR)/$(BINDER_VENV)/home PATH=$(CURDIR)/$(BINDER_VENV)/bin:$$PATH ./postBuild
	touch $@

# The browser tests drive Debian's Chromium; install it if it is missing.
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || .ci/install-debian-packages \
	  "the site and live-kernel tests drive a real browser (set CHROMIUM=/path to use another)" \
	  chromium

# The PDF: Jupyter Book's LaTeX builder with xelatex, from Debian's TeX Live.
# These packages are all it needs (book/_ext/latex_book.py says why not
# texlive-fonts-extra); `make tex` installs the missing ones, as `make test`
# does, since tests/test_pdf.py builds the PDF.
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk xindy \
                fonts-dejavu-core fonts-dejavu-extra fonts-lmodern
TEX_COMMANDS := xelatex latexmk xindy
PDF := _build/latex/backprop-derived.pdf
tex:
	@missing=$$(if command -v dpkg-query >/dev/null; then \
	    for p in $(TEX_PACKAGES); do \
	      dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	    done; \
	  else for c in $(TEX_COMMANDS); do command -v $$c >/dev/null || echo $$c; done; fi); \
	test -z "$$missing" || .ci/install-debian-packages \
	  "the PDF test builds the book with xelatex (make pdf)" $$missing

pdf: $(STAMP)
	@for c in $(TEX_COMMANDS); do command -v $$c >/dev/null || { \
	  echo "make pdf needs TeX Live, and $$c is missing. On Debian or Ubuntu:"; \
	  echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)"; \
	  echo "(or run 'make tex', which does that)"; exit 1; }; done
	@$(PY) tests/building.py prepare-cache _build
	$(VENV)/bin/jupyter-book build . --builder pdflatex -W -n --keep-going
	@# The site offers the PDF for download (the intro links to it).
	@if [ -d _build/html ]; then cp $(PDF) _build/html/; fi
	@echo "The PDF is at $(CURDIR)/$(PDF)"

# `make book` first (nothing to do when it is current), then the tests on
# both cores (pytest-xdist) against its site, the PDF made meanwhile, and a
# second clean build last, alone, for the determinism test (tests/conftest.py);
# the 25 slowest steps are listed at the end.
WORKERS ?= 2
test: book $(BINDER_STAMP) chromium tex
	$(PY) -m pytest -n $(WORKERS) --dist loadgroup --durations=25

SITE ?= _build/html
PORT ?= 8000
serve:
	@test -f $(SITE)/index.html || { echo "no site yet: run 'make book' first"; exit 1; }
	@echo "Serving $(SITE) on http://127.0.0.1:$(PORT)  (Ctrl-C stops)"
	$(PYTHON) -m http.server --directory $(SITE) --bind 127.0.0.1 $(PORT)

bench: $(STAMP)
	$(PY) benchmarks/matrix_vs_loop.py
	$(PY) benchmarks/backward_forward.py
	$(PY) benchmarks/epoch_vs_pytorch.py
	$(PY) benchmarks/gflops.py
	$(PY) benchmarks/symbolic_proofs.py
	@test -f _build/html/index.html || $(MAKE) --no-print-directory book  # sliders.py times the site
	$(PY) benchmarks/sliders.py

# Clean and cached-rebuild times of the book (about two minutes).
bench-build: $(STAMP)
	$(PY) benchmarks/build_time.py

lint: $(STAMP)
	$(VENV)/bin/ruff check bplib tests benchmarks book/_ext

clean:
	rm -rf _build
