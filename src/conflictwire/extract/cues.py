"""A hand-written cue lexicon for event typing: the words that name the *means* of an event.

Why a lexicon next to a learned model: ACLED notes and news snippets describe the same
events in different registers ("On 3 May, IS militants attacked ..." versus "Gunmen
stormed ..."). N-gram weights learned on ACLED's register transfer poorly, but the
means of an event (a warplane, a roadside bomb, tear gas, a sit-in) are named with the
same small set of words in both. Each cue group below becomes one feature column, so
the classifier learns how much to trust it from data instead of us hard-coding rules.

The lexicon is data (`reference/data/event_cues.csv`, one row per alternative, with its
source), compiled once per `CueMatcher`, never at import time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..reference.language import LanguageReference

__all__ = ["CueMatcher", "cue_groups"]

# up to three words between the actor and the verb of a who-does-what cue ("{gap}" in event_cues.csv)
_GAP = r" ([\w-]+ ){0,3}"
_PLACEHOLDER = re.compile(r"\{(protesters|state_agent|state_forces|rebels|gap)\}")


def cue_groups(language: LanguageReference) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The cue lexicon of `language` (`event_cues.csv`), its placeholders filled.

    A who-does-what cue names its actor with a placeholder: `{protesters}`, `{state_agent}`,
    `{rebels}` (a group of `cue_actor_words.csv`), `{state_forces}` (a head word and a noun of
    that table: "army forces", "syrian troops") and `{gap}` (up to three words).
    """
    words = language.cue_actor_words

    def group(name: str) -> str:
        return "(" + "|".join(words[name]) + ")"

    fill = {
        "protesters": group("protesters"), "state_agent": group("state_agent"), "rebels": group("rebels"),
        "state_forces": group("state_force_head") + " " + group("state_force_noun"), "gap": _GAP,
    }
    return tuple((name, tuple(_PLACEHOLDER.sub(lambda m: fill[m.group(1)], alt) for alt in alts))
                 for name, alts in language.event_cues)


class CueMatcher:
    """Turns texts into a dense (n_texts, n_groups) matrix of cue counts, log-damped.

    Why log-damped counts rather than booleans: a snippet naming "mortars" three
    times is stronger evidence than a passing mention, but not three times stronger.
    """

    def __init__(self, groups: Sequence[tuple[str, tuple[str, ...]]]) -> None:
        self.names: tuple[str, ...] = tuple(name for name, _ in groups)
        # one alternation per group, anchored at a word start; "\b(a|b|c)"
        self._patterns = tuple(re.compile(r"\b(" + "|".join(alts) + ")", re.IGNORECASE) for _, alts in groups)

    def __len__(self) -> int:
        return len(self.names)

    def counts(self, text: str) -> list[int]:
        """Raw match counts per cue group, for explanations and tests."""
        return [len(p.findall(text)) for p in self._patterns]

    def first_span(self, name: str, text: str) -> tuple[int, int] | None:
        """Where cue group `name` first fires in `text`: the evidence for a typing decision."""
        if name not in self.names:
            return None
        m = self._patterns[self.names.index(name)].search(text)
        return (m.start(), m.end()) if m else None

    def matched(self, text: str) -> list[str]:
        """The names of the cue groups that fire on `text` (handy when debugging a label)."""
        return [name for name, c in zip(self.names, self.counts(text), strict=True) if c]

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Feature matrix: log1p of the match counts, float32."""
        out = np.zeros((len(texts), len(self._patterns)), dtype=np.float32)
        for i, text in enumerate(texts):
            for j, p in enumerate(self._patterns):
                n = sum(1 for _ in p.finditer(text))
                if n:
                    out[i, j] = np.log1p(n)
        return out
