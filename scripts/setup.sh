#!/usr/bin/env bash
# Create .venv and install latent-suite into it (idempotent; re-runs only when inputs change).
# torch==2.13.0 first: the machine carries that CPU build; a plain torch requirement would pull CUDA (GBs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
stamp=.venv/.latent-suite-installed
inputs=$(cat pyproject.toml setup.py | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] && [ -x .venv/bin/latent-suite ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip "setuptools>=84,<85" wheel
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test]"
echo "$inputs" > "$stamp"
echo "latent-suite installed into .venv"
