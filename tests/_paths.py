"""Paths the tests share (importable as ``from ._paths import ...`` inside the tests package)."""
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOREIGN_RUNS = REPO.parent / "shared" / "fixtures" / "foreign-runs"
VENV_BIN = Path(sys.executable).parent
