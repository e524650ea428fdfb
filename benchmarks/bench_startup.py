"""Start-up to first request: ``latent-suite run`` vs the ``lm_eval`` CLI vs the import floor (DESIGN.md §8).

Each contender runs in a fresh subprocess on the embedded model with a tiny suite task and ``--limit 1``:

- ``floor``: ``import lm_eval.evaluator`` + ``import lm_eval.models`` + ``get_model("hf").create_from_arg_obj``
  (the model exists, nothing else) -- the least any lm-eval based runner must pay;
- ``suite``: ``latent-suite run --model hf ... --tasks TASK --limit 1 --output_path TMP``;
- ``lm_eval``: ``lm_eval run --model hf ... --tasks TASK --limit 1`` (the suite's tasks found through the
  installed ``.pth`` hook, so lm-eval indexes all its built-in tasks as users get it).

"First request" = the moment the hf backend (``HFLM.loglikelihood`` / ``loglikelihood_rolling`` /
``generate_until``) is first called. A throw-away ``sitecustomize.py`` put on ``PYTHONPATH`` patches those methods
in the child to write ``time.time()`` to a marker file and ``os._exit(0)`` right there, so the figure is spawn ->
first request (interpreter start included for every contender alike) and nothing after it is run. The floor
child writes the same marker right after the model is created. Contenders are interleaved and repeated
(``--rounds``); the medians are reported, with the minimum beside them. ``--full`` also times one complete
``latent-suite run --limit 1`` to exit. Prints ``name: value`` lines; never a pass/fail test.

    .venv/bin/python benchmarks/bench_startup.py [--rounds 3] [--task latent_retention_mc] [--full]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent

SITECUSTOMIZE = '''\
import os, sys, time
_marker = os.environ.get("LATENT_SUITE_BENCH_MARKER")
if _marker:
    import importlib.abc

    def _hit(*_a, **_k):
        with open(_marker, "w") as fh:
            fh.write(repr(time.time()))
        sys.stdout.flush(); sys.stderr.flush()
        os._exit(0)

    def _patch(module):
        cls = module.HFLM
        for name in ("loglikelihood", "loglikelihood_rolling", "generate_until"):
            setattr(cls, name, _hit)

    class _Loader(importlib.abc.Loader):
        def __init__(self, inner):
            self.inner = inner
        def create_module(self, spec):
            return self.inner.create_module(spec)
        def exec_module(self, module):
            self.inner.exec_module(module)
            _patch(module)

    class _Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path=None, target=None):
            if fullname != "lm_eval.models.huggingface":
                return None
            for f in sys.meta_path:
                if f is self or not hasattr(f, "find_spec"):
                    continue
                spec = f.find_spec(fullname, path, target)
                if spec is not None:
                    spec.loader = _Loader(spec.loader)
                    return spec
            return None

    sys.meta_path.insert(0, _Finder())
'''

FLOOR = '''\
import os, sys, time
import lm_eval.evaluator
import lm_eval.models
from lm_eval.api.registry import get_model
lm = get_model("hf").create_from_arg_obj({"pretrained": sys.argv[1]}, {"batch_size": 1, "device": "cpu"})
with open(os.environ["LATENT_SUITE_BENCH_MARKER"], "w") as fh:
    fh.write(repr(time.time()))
os._exit(0)
'''


def _env(hook_dir: Path, marker: Path | None) -> dict:
    env = dict(os.environ)
    env.update({"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"})
    env["PYTHONPATH"] = os.pathsep.join([str(hook_dir), *filter(None, [env.get("PYTHONPATH")])])
    if marker is not None:
        env["LATENT_SUITE_BENCH_MARKER"] = str(marker)
    return env


def time_to_marker(cmd: list[str], hook_dir: Path, cwd: Path) -> float:
    """Seconds from spawn to the marker the child writes at its first request (or model creation)."""
    marker = cwd / "marker"
    marker.unlink(missing_ok=True)
    t0 = time.time()
    proc = subprocess.run(cmd, env=_env(hook_dir, marker), cwd=cwd, capture_output=True, text=True)
    if not marker.exists():
        raise SystemExit(f"no first request from {' '.join(cmd)} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return float(marker.read_text()) - t0


def time_to_exit(cmd: list[str], hook_dir: Path, cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=_env(hook_dir, None), cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved repetitions (default %(default)s)")
    ap.add_argument("--task", default="latent_retention_mc", help="tiny suite task (default %(default)s)")
    ap.add_argument("--pretrained", default=None, help="HF checkpoint (default: the embedded model)")
    ap.add_argument("--full", action="store_true", help="also time one complete `latent-suite run --limit 1`")
    args = ap.parse_args(argv)

    pretrained = args.pretrained
    if pretrained is None:
        pretrained = subprocess.run([str(BIN / "latent-suite"), "model-path"], check=True, capture_output=True,
                                    text=True).stdout.strip().splitlines()[-1]
    common = ["--model", "hf", "--model_args", f"pretrained={pretrained}", "--tasks", args.task, "--limit", "1",
              "--batch_size", "1", "--device", "cpu"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        hook_dir = tmp / "hook"
        hook_dir.mkdir()
        (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE)
        (tmp / "floor.py").write_text(FLOOR)
        contenders = {
            "python": [sys.executable, "-c", "import os, sys, time; open(os.environ['LATENT_SUITE_BENCH_MARKER'], "
                                             "'w').write(repr(time.time()))"],
            "floor": [sys.executable, str(tmp / "floor.py"), pretrained],
            "suite": [str(BIN / "latent-suite"), "run", *common, "--output_path", str(tmp / "out_suite")],
            "lm_eval": [str(BIN / "lm_eval"), "run", *common],
        }
        time_to_marker(contenders["floor"], hook_dir, tmp)  # warm the page cache; not counted
        times: dict[str, list[float]] = {k: [] for k in contenders}
        for _ in range(args.rounds):
            for name, cmd in contenders.items():
                times[name].append(time_to_marker(cmd, hook_dir, tmp))
        full = time_to_exit(contenders["suite"][:-1] + [str(tmp / "out_full")], hook_dir, tmp) if args.full else None

    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"task: {args.task}")
    print(f"rounds: {args.rounds}")
    labels = {"python": "python_startup", "floor": "import_floor", "suite": "suite_run_first_request",
              "lm_eval": "lm_eval_cli_first_request"}
    for name, label in labels.items():
        print(f"{label}_s: {med[name]:.2f}")
        print(f"{label}_min_s: {min(times[name]):.2f}")
    print(f"ratio_suite_over_import_floor: {med['suite'] / med['floor']:.3f}")
    print(f"ratio_suite_over_lm_eval_cli: {med['suite'] / med['lm_eval']:.3f}")
    print(f"ratio_lm_eval_cli_over_import_floor: {med['lm_eval'] / med['floor']:.3f}")
    print(f"suite_minus_floor_s: {med['suite'] - med['floor']:.2f}")
    if full is not None:
        print(f"suite_run_limit1_to_exit_s: {full:.2f}")
    print(f"cpu_count: {os.cpu_count()}")
    print(f"loadavg_1min: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
