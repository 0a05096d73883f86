"""Everything a linking pass needs, built once from `Settings`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConflictwireError
from ..outlets import read_outlets
from .linker import Linker
from .neardup import NearDupParams
from .reconcile import FATALITY_POLICIES

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["Linking", "load_outlet_scales"]


def load_outlet_scales(path: Path | None = None) -> dict[str, str]:
    """Outlet name (lower case) -> ACLED source scale, from the packaged table or a user CSV.

    Every row names its source; a row without one is refused, so the table stays knowledge
    with a provenance rather than a list of guesses.
    """
    return {row["outlet"].lower(): row["scale"] for row in read_outlets(path)}


@dataclass(frozen=True, slots=True)
class Linking:
    """The linker, near-duplicate parameters, the fatalities policy and the outlets' scales."""

    linker: Linker = field(default_factory=Linker)
    neardup: NearDupParams = field(default_factory=NearDupParams)
    policy: str = "conservative"
    scales: dict[str, str] = field(default_factory=load_outlet_scales)

    def __post_init__(self) -> None:
        if self.policy not in FATALITY_POLICIES:
            raise ConflictwireError(f"unknown fatalities policy {self.policy!r}; "
                                    f"choose one of {', '.join(FATALITY_POLICIES)}")

    @classmethod
    def from_settings(cls, settings: Settings) -> Linking:
        return cls(policy=settings.fatalities_policy, scales=load_outlet_scales(settings.outlet_scales))
