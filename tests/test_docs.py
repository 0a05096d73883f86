"""Every CLI command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main

from conflictwire.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        if subs:
            out += [(f"{name} {sub}", c) for sub, c in subs.items()]
        else:
            out.append((name, cmd))
    return out


def test_docs_every_command_has_help() -> None:
    missing = [name for name, cmd in _commands() if not (cmd.help or "").strip()]  # type: ignore[attr-defined]
    assert not missing


def test_docs_every_command_is_in_the_readme() -> None:
    missing = [name for name, _ in _commands() if f"conflictwire {name}" not in README]
    assert not missing, f"README lacks: {missing}"
