"""Settings: defaults, then CONFLICTWIRE_* variables, then explicit overrides (the CLI's flags)."""

from __future__ import annotations

import pytest

from conflictwire.config import Settings
from conflictwire.errors import ConfigError


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
