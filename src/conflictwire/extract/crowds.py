"""Whether a telling of an event is force used on a crowd, read from the words of `news_cues.csv`.

ACLED codes force used on a crowd as the crowd's event: a riot (Mob violence, Violent
demonstration) or a protest (Excessive force against protesters, Protest with intervention),
with the crowd as actor1. `incidents.DISPERSAL` reads the plain shape ("police opened fire to
disperse the mob"); news also writes the firing and the crowd apart ("rioting and subsequent
police firing left two dead"), which this reads.
"""

from __future__ import annotations

import re

from ..reference.language import LanguageReference

__all__ = ["CrowdFiring"]


def _alternation(language: LanguageReference, name: str) -> re.Pattern[str]:
    return re.compile(r"(?i)\b(" + "|".join(language.news_cues.get(name, ("$^",))) + r")\b")


class CrowdFiring:
    """The force-firing and crowd words of one `LanguageReference`, compiled once."""

    def __init__(self, language: LanguageReference) -> None:
        self.firing = _alternation(language, "force_firing")
        self.riot = _alternation(language, "crowd_riot")
        self.protest = _alternation(language, "crowd_protest")

    def kind(self, told: str) -> str | None:
        """"riot" or "protest" when `told` has a force firing (or charging) and a crowd anywhere in it.

        A force that fires where a mob or protesters are is dispersing them. Protesters decide
        over a mob ("police fired on a mob of protesters" is a protest); with no crowd named the
        firing is a fight or an attack, and the trigger's family decides.
        """
        if not self.firing.search(told):
            return None
        if self.protest.search(told):
            return "protest"
        return "riot" if self.riot.search(told) else None
