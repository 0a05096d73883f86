# Two commands: `make demo` and `make test`. Each builds .venv from the project's own files.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed
TORCH_VERSION ?= 2.13.0

.PHONY: demo test lint bench figures model encoder relevance-model geo-model clean venv

venv: $(STAMP)

# PyTorch's CPU build goes in first (about 750 MB): left to the resolver, `torch` would pull
# a CUDA build of several GB. Only the `encoder-build` extra (in `test`) needs it: the maintainer's
# `conflictwire train encoder` and its test; `pip install conflictwire` itself installs no torch.
$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet 'torch==$(TORCH_VERSION)'
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f conflictwire.db
	$(BIN)/conflictwire ingest $(SHARED)/seeds/articles.jsonl
	$(BIN)/conflictwire incidents

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_quality.py --shared $(SHARED)

# The same run, written into README.md's figures table with its date and commit (about 25 minutes)
figures: $(STAMP)
	$(BIN)/python bench/bench_quality.py --shared $(SHARED) --readme README.md

# Rebuild the shipped event-type model from ../shared/data (about 5 minutes; see docs/event-types.md)
model: $(STAMP)
	$(BIN)/conflictwire train event-types --shared $(SHARED) --out src/conflictwire/data/event_types.npz

# Rebuild the shipped int8 ONNX sentence encoder from the packaged MiniLM (about 15 CPU seconds); then `make model`
encoder: $(STAMP)
	$(BIN)/conflictwire train encoder --out src/conflictwire/data/sentence_encoder.onnx

relevance-model: $(STAMP)
	$(BIN)/conflictwire train relevance --shared $(SHARED) --out src/conflictwire/data/relevance.npz

# Refit the geoparser's resolution model (about a minute; see docs/geo.md, "The resolution model")
geo-model: $(STAMP)
	$(BIN)/conflictwire train geo-resolution --shared $(SHARED) --out src/conflictwire/data/geo_resolution.npz

clean:
	rm -rf $(VENV) conflictwire.db .pytest_cache .ruff_cache
