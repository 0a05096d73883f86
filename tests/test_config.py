"""Settings: defaults, then CONFLICTWIRE_* variables, then explicit overrides (the CLI's flags), and which
files a run reads and where it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import conflictwire
from conflictwire.cli import app
from conflictwire.cli.info import info
from conflictwire.config import Settings, shipped_event_model
from conflictwire.errors import ConfigError

PACKAGE = Path(conflictwire.__file__).resolve().parent


def test_config_max_bytes_default_env_then_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFLICTWIRE_MAX_BYTES", raising=False)
    assert Settings.from_env().max_document_bytes == 5_000_000
    monkeypatch.setenv("CONFLICTWIRE_MAX_BYTES", "20000000")
    assert Settings.from_env().max_document_bytes == 20_000_000
    assert Settings.from_env(max_document_bytes=1234).max_document_bytes == 1234
    assert Settings.from_env(max_document_bytes=None).max_document_bytes == 20_000_000  # an absent flag


@pytest.mark.parametrize("value", ["5,000,000", "5_000_000", " 5000000 "])
def test_config_max_bytes_accepts_the_limit_as_printed(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CONFLICTWIRE_MAX_BYTES", value)
    assert Settings.from_env().max_document_bytes == 5_000_000


@pytest.mark.parametrize("value", ["5MB", "-3", "0", "1.5e6"])
def test_config_max_bytes_rejects_what_is_not_a_count(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CONFLICTWIRE_MAX_BYTES", value)
    with pytest.raises(ConfigError, match="CONFLICTWIRE_MAX_BYTES"):
        Settings.from_env()


def test_the_summary_names_the_database_as_a_person_would(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from conflictwire.cli._app import shown_db

    monkeypatch.chdir(tmp_path)
    assert shown_db(f"sqlite:///{tmp_path / 'conflictwire.db'}") == "conflictwire.db"
    assert shown_db("sqlite:////elsewhere/x.db") == "/elsewhere/x.db"
    assert shown_db("postgresql+psycopg://u:secret@h/db") == "postgresql+psycopg://u:***@h/db"


def test_config_event_model_is_the_shipped_one_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFLICTWIRE_EVENT_MODEL", raising=False)
    model = Settings.from_env().event_model_file
    assert model == shipped_event_model() and model.is_file()
    assert model.resolve().is_relative_to(PACKAGE)


def test_config_event_model_is_the_users_when_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mine = tmp_path / "mine.npz"
    assert Settings(event_model=mine).event_model_file == mine
    monkeypatch.setenv("CONFLICTWIRE_EVENT_MODEL", str(mine))
    assert Settings.from_env().event_model_file == mine


def test_config_trained_model_goes_to_the_users_data_folder(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    """Issue #17: training never writes into the installed package, by default."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert Settings().trained_event_model_file == tmp_path / "conflictwire" / "event_types.npz"
    monkeypatch.delenv("XDG_DATA_HOME")
    default = Settings().trained_event_model_file
    assert default == Path.home() / ".local" / "share" / "conflictwire" / "event_types.npz"
    assert not default.resolve().is_relative_to(PACKAGE)
    assert default != shipped_event_model()


def test_info_reports_what_a_run_uses(tmp_path: Path) -> None:
    plain = info(Settings(db_url="postgresql://me:secret@host/cw", cache_dir=tmp_path))
    assert "secret" not in plain["database"] and "host/cw" in plain["database"]
    assert plain["event model"].startswith(str(shipped_event_model())) and "shipped" in plain["event model"]
    assert "not built" in plain["gazetteer"] and plain["gazetteer"].startswith(str(tmp_path))
    mine = info(Settings(cache_dir=tmp_path, event_model=tmp_path / "m.npz"))
    assert mine["event model"].startswith(str(tmp_path / "m.npz")) and "MISSING" in mine["event model"]


def test_info_cli_prints_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONFLICTWIRE_EVENT_MODEL", str(tmp_path / "m.npz"))
    monkeypatch.setenv("COLUMNS", "400")
    result = CliRunner().invoke(app, ["info", "--json", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert facts["event model"].startswith(str(tmp_path / "m.npz")) and facts["database"].endswith("x.db")
    assert not (tmp_path / "x.db").exists()  # info opens no database
