# The two commands of the README. Each does its own set-up (venv, installs, the embedded model file).
.PHONY: setup demo test test-fast validity bench
export HF_DATASETS_OFFLINE := 1
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/latent-suite demo

# Fast tests + the real-model end-to-end runs (what CI runs).
test: setup
	@bash scripts/setup-browser.sh
	.venv/bin/latent-suite model-path >/dev/null
	.venv/bin/python -m pytest -q tests

test-fast: setup
	.venv/bin/python -m pytest -q -m "not slow" tests
