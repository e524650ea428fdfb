#!/usr/bin/env bash
# Every benchmark in one go (DESIGN.md §8); each prints `name: value` lines. Never part of the tests or CI.
#   benchmarks/run_all.sh            # full sizes (quiet machine: ~10-15 min on 2 cores)
#   benchmarks/run_all.sh --quick    # small sizes: checks the scripts run (numbers not meaningful)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
if [[ "${1:-}" == "--quick" ]]; then
  startup=(--rounds 1); overhead=(--limit 4 --batch_size 4 --new-tokens 8)
  cot=(--limit 2 --batch_size 2 --max_gen_toks 32); report=(--rows 20000 --parse-rows 5000 --continuous-rows 10000)
else
  startup=(--rounds 5); overhead=(--rounds 2); cot=(); report=()
fi
echo "benchmark: bench_startup"; "$PY" benchmarks/bench_startup.py "${startup[@]}"
echo "benchmark: bench_overhead"; "$PY" benchmarks/bench_overhead.py "${overhead[@]}" 2>/dev/null
echo "benchmark: bench_cot_probes"; "$PY" benchmarks/bench_cot_probes.py "${cot[@]}" 2>/dev/null
echo "benchmark: bench_report"; "$PY" benchmarks/bench_report.py "${report[@]}"
