# The two commands of the README:  `make audit`  and  `make test`.
# Both set everything up first (idempotent): a venv in .venv with every package pinned by requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := test,notebooks,model

.PHONY: audit test setup browser notebooks lab bench lock clean

audit: $(STAMP)
	$(BIN)/audit run corpus --out reports --report --xlsx

test: $(STAMP) browser
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider

setup: $(STAMP)

# The compiled modules (*.pyx) are built in place by the editable install: an edited .pyx re-runs it.
# `ipykernel install` writes the kernel spec into a new `tempfile.mkdtemp(suffix="_kernels")` folder and removes only
# the spec inside it (ipykernel 7.4): given a temporary folder of its own, removed here, it leaves no empty
# /tmp/tmp*_kernels behind (one per `make test` on a fresh clone, as CI runs it).
$(STAMP): pyproject.toml requirements.lock $(wildcard audit/*.pyx audit/*/*.pyx audit/*/*.pxd)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[$(EXTRAS)]"
	tmp=$$(mktemp -d) && { TMPDIR=$$tmp $(BIN)/python -m ipykernel install --sys-prefix --name audit \
	  --display-name "Python (audit)" >/dev/null; status=$$?; rm -rf "$$tmp"; exit $$status; }
	touch $(STAMP)

# Debian's chromium for the report's browser test, GNU wget for the WARC test (a wget --warc-file mirror audits to
# the crawl's tables), and wordnet-base for the tests that rebuild the shipped WordNet tables byte-identical
# (root on Debian; elsewhere install them yourself).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; the browser test will be skipped"; \
	  else echo "note: chromium not found; the browser test will be skipped"; fi; }
	@command -v wget >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wget >/dev/null) \
	      || echo "warning: could not install wget; the wget WARC test will be skipped"; \
	  else echo "note: wget not found; the wget WARC test will be skipped"; fi; }
	@test -f /usr/share/wordnet/data.adj || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null) \
	      || echo "warning: could not install wordnet-base; the WordNet tables' rebuild tests will be skipped"; \
	  else echo "note: wordnet-base not found; the WordNet tables' rebuild tests will be skipped"; fi; }

# Re-execute every notebook in place (after the corpus or the code changed), so nbval compares fresh outputs.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=python3 \
	  --ExecutePreprocessor.record_timing=False notebooks/*.ipynb
	$(BIN)/python -c "import nbformat, glob; [nbformat.write(nb, f) for f in sorted(glob.glob('notebooks/*.ipynb')) \
	  for nb in [nbformat.read(f, as_version=4)] if [c.metadata.pop('execution', None) for c in nb.cells] is not None]"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Re-pin every package after changing pyproject.toml (needs a working install).
lock:
	(echo "# Exact versions of every package the project installs (pip constraints file)."; \
	 echo "# Regenerate: make lock"; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' | sort -f) > requirements.lock

clean:
	rm -rf $(VENV) reports
