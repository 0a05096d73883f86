from __future__ import annotations

from conflictwire.extract.figures import FigureReader
from conflictwire.reference.language import LanguageReference

_FIGURES = FigureReader(LanguageReference.load())


def _figs(text: str) -> list[tuple[str, int, bool]]:
    return [(f.kind, f.count.best, f.projection) for f in _FIGURES.find_figures(text, 0, len(text), None)]


def test_figures_counts_and_projections() -> None:
    assert _figs("Some 12,000 people have been displaced from villages around the town.") == [
        ("displaced", 12000, False)]
    assert _figs("Agencies warn that as many as 40,000 could be forced to flee.") == [("displaced", 40000, True)]
    assert _figs("They fear the displacement of more than a million people.") == [("displaced", 1000000, True)]
    assert _figs("The war forced nearly 100,000 people to flee the city.") == [("displaced", 100000, False)]


def test_figures_population_is_not_displacement() -> None:
    assert _figs("The city, where a million or more people may still live, is besieged.") == []
    assert _figs("Three people were killed in the attack.") == []
