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

.PHONY: book test serve bench bench-build lint clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet -e ".[test]"
	@# Matplotlib builds its font cache on first import and says so on stderr;
	@# do it here so no notebook cell starts with that message.
	$(PY) -c "import matplotlib.pyplot"
	touch $@

book: $(STAMP)
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "The book is at file://$(CURDIR)/_build/html/index.html  (or: make serve)"

test: $(STAMP)
	$(PY) -m pytest

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
	$(PY) benchmarks/sliders.py

# Clean and cached-rebuild times of the book (about two minutes).
bench-build: $(STAMP)
	$(PY) benchmarks/build_time.py

lint: $(STAMP)
	$(VENV)/bin/ruff check bplib tests benchmarks book/_ext

clean:
	rm -rf _build
