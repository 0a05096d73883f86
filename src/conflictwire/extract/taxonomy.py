"""ACLED's event taxonomy, interaction codes and a PLOVER crosswalk, as data.

Why data and not branches: the same tables drive classification, export, validation
and the docs, and a later language pack or codebook revision swaps a table, not code.
"""

from __future__ import annotations

__all__ = [
    "DISORDER_TYPE",
    "EVENT_TYPES",
    "INTER_CODES",
    "PLOVER",
    "SUB_EVENT_TYPES",
    "event_type_of",
    "interaction_code",
]

# event type -> its sub-event types (ACLED codebook, 2019-2023 revision)
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}

SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in EVENT_TYPES.values() for s in subs)
_EVENT_OF = {sub: ev for ev, subs in EVENT_TYPES.items() for sub in subs}

# ACLED's disorder_type: political violence, demonstrations, or strategic developments
DISORDER_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

# ACLED inter codes
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# sub-event type -> (PLOVER event, PLOVER mode); an approximate crosswalk, documented in README
PLOVER: dict[str, tuple[str, str]] = {
    "Armed clash": ("FIGHT", "small-arms"),
    "Government regains territory": ("FIGHT", "occupy"),
    "Non-state actor overtakes territory": ("FIGHT", "occupy"),
    "Chemical weapon": ("FIGHT", "cbrn"),
    "Air/drone strike": ("FIGHT", "aerial"),
    "Suicide bomb": ("ASSAULT", "suicide-bombing"),
    "Shelling/artillery/missile attack": ("FIGHT", "artillery"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"),
    "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"),
    "Attack": ("ASSAULT", "firearms"),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"),
    "Peaceful protest": ("PROTEST", "demonstrate"),
    "Protest with intervention": ("PROTEST", "demonstrate"),
    "Excessive force against protesters": ("COERCE", "crowd-control"),
    "Violent demonstration": ("PROTEST", "riot"),
    "Mob violence": ("ASSAULT", "beat"),
    "Agreement": ("AGREE", ""),
    "Arrests": ("COERCE", "arrest"),
    "Change to group/activity": ("MOBILIZE", ""),
    "Disrupted weapons use": ("COERCE", "seize"),
    "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("COERCE", "destroy-property"),
    "Non-violent transfer of territory": ("CONCEDE", "territory"),
    "Other": ("", ""),
}


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type a sub-event type belongs to ('' when unknown)."""
    return _EVENT_OF.get(sub_event_type, "")


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the lower inter code first, `X0` for a sole actor."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi
