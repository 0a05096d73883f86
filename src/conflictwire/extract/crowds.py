"""Whether a telling of an event is force used on a crowd, read from the words of `news_cues.csv`.

ACLED codes force used on a crowd as the crowd's event: a riot (Mob violence, Violent
demonstration) or a protest (Excessive force against protesters, Protest with intervention),
with the crowd as actor1. `CrowdFiring.dispersed` reads the plain shape ("police opened fire to
disperse the mob"); news also writes the firing and the crowd apart ("rioting and subsequent
police firing left two dead"), which this reads.
"""

from __future__ import annotations

import re

from ..reference.language import LanguageReference
from .phrases import phrase

__all__ = ["CrowdFiring"]

# "police opened fire to disperse a stone-pelting mob", "troops fired tear gas at protesters": a force,
# its act, its aim and the crowd, each a list of `news_cues.csv`
DISPERSAL = (r"(?i)\b(?:{dispersal_force})\s+(?:\w+\s+){0,3}?(?:{dispersal_act})"
             r"[^.;]{0,60}?\b(?:{dispersal_aim})\s+(?:a |an |the )?(?:\w+[- ]?\w*\s+){0,3}?"
             r"(?P<crowd>{dispersal_crowd})\b")


def _alternation(language: LanguageReference, name: str) -> re.Pattern[str]:
    return re.compile(r"(?i)\b(" + "|".join(language.news_cues.get(name, ("$^",))) + r")\b")


class CrowdFiring:
    """The force-firing and crowd words of one `LanguageReference`, compiled once."""

    def __init__(self, language: LanguageReference) -> None:
        self.firing = _alternation(language, "force_firing")
        self.riot = _alternation(language, "crowd_riot")
        self.protest = _alternation(language, "crowd_protest")
        self.dispersal = phrase(DISPERSAL, language.news_cues)
        self.protest_nouns = frozenset(language.news_cues.get("protest_crowd_noun", ()))

    def dispersed(self, told: str) -> str | None:
        """"protest" or "riot" when `told` says a force fired on (or to disperse) a crowd, else None.

        The crowd's noun decides: protesters, demonstrators... protest; a mob or a crowd riots.
        """
        m = self.dispersal.search(told)
        if m is None:
            return None
        return "protest" if m.group("crowd").lower().rstrip("s") in self.protest_nouns else "riot"

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
