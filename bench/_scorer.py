"""The independent scorer (../shared/eval/score.py), called the same way by every bench.

Benches run as scripts (`python bench/x.py`), so this folder is on `sys.path` and they
import this module by its bare name.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType


def score(shared: Path, *args: str) -> dict:
    """`score.py ARGS --json` in a child process, as an outside evaluator would run it."""
    out = subprocess.run([sys.executable, str(Path(shared) / "eval" / "score.py"), *args, "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def load_scorer(shared: Path) -> ModuleType:
    """Import the scorer for its tables (it is standard library only)."""
    path = Path(shared) / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("cw_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
