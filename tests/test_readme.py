"""The README is the script: its shell blocks, run in order in a fresh folder, work as written.

A new user copies the README's commands one after another. This test does the same in a
folder that holds only what a fresh clone has at its top (Makefile, pyproject.toml, README)
plus the virtualenv `make` built, next to a `shared` folder, so `make demo`, `source
.venv/bin/activate` and every `conflictwire` line run exactly as printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.shared]
ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.M | re.S)


def readme_script(text: str) -> list[str]:
    """The README's shell blocks, in order: what a reader would paste."""
    return SHELL_BLOCK.findall(text)


def test_the_readme_has_a_script_to_run() -> None:
    blocks = readme_script(README.read_text(encoding="utf-8"))
    commands = "\n".join(blocks)
    assert "make demo" in commands and "conflictwire ingest" in commands and "score.py" in commands


def test_the_readme_commands_work_as_written(shared: Path, tmp_path: Path, cache_dir: Path) -> None:
    venv = Path(sys.prefix)
    stamp = venv / ".installed"
    if not stamp.exists():
        pytest.skip(f"{venv} was not built by `make` (no {stamp.name}): the README's `make demo` would rebuild it")
    if shutil.which("make") is None:
        pytest.skip("no `make` on this machine")
    (tmp_path / "shared").symlink_to(shared.resolve(), target_is_directory=True)
    clone = tmp_path / "conflictwire"
    clone.mkdir()
    for name in ("Makefile", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, clone / name)
    (clone / ".venv").symlink_to(venv, target_is_directory=True)
    older = stamp.stat().st_mtime - 60  # as after `make demo` built it: the venv is up to date
    os.utime(clone / "pyproject.toml", (older, older))

    script = "set -euo pipefail\n" + "\n".join(readme_script(README.read_text(encoding="utf-8")))
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "CONFLICTWIRE_DB"}}
    # the venv's bin is not on PATH: the README's own lines must put it there
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if Path(p).resolve() != (venv / "bin").resolve())
    env.update(CONFLICTWIRE_CACHE=str(cache_dir), COLUMNS="200")  # the gazetteer the other CLI tests built
    proc = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"the README's commands failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    out = proc.stdout
    assert "6 incidents" in out  # make demo's table, then the first-hour ingest into its own file
    assert re.search(r"inc-[0-9a-f]{16}", out)
    assert (clone / "incidents.csv").stat().st_size > 0
    scored = dict(re.findall(r"^\s*(\w+)\s+([0-9.]+)$", out, re.M))
    assert float(scored["recall"]) == 1.0, out[-2000:]  # the scorer's report on the exported seeds
    assert "None" not in {p.name for p in clone.iterdir()}  # no stray file from a None path
