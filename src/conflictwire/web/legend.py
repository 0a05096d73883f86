"""How incidents look on a map: a colour per event type and a ring size per geo precision.

Why in Python and handed to the page as data: situation reports (ROADMAP) will draw the same
map and timeline outside the browser, and an analyst comparing a report with the dashboard must
see the same colour for the same event type and the same ring for the same precision.
"""

from __future__ import annotations

from typing import Any

from ..extract.taxonomy import EVENT_TYPES

__all__ = ["EVENT_COLOURS", "OTHER_COLOUR", "PRECISION_RINGS", "page_config"]

# one hue per ACLED event type, distinct for colour-blind readers (Okabe-Ito), in the codebook's order
EVENT_COLOURS: dict[str, str] = dict(zip(EVENT_TYPES, (
    "#d55e00",  # Battles: vermilion
    "#0072b2",  # Explosions/Remote violence: blue
    "#cc79a7",  # Violence against civilians: reddish purple
    "#009e73",  # Protests: bluish green
    "#e69f00",  # Riots: orange
    "#6f6f6f",  # Strategic developments: grey
), strict=True))
OTHER_COLOUR = "#222222"  # a type outside the codebook (a plugin's, or none)

# ACLED geo_precision -> (ring diameter in screen pixels, what it means); None: not coded
PRECISION_RINGS: dict[int | None, tuple[int, str]] = {
    1: (14, "the town itself"),
    2: (24, "near a town, or part of a region"),
    3: (36, "a region: its capital stands in"),
    None: (24, "precision not coded"),
}


def editable_field_types() -> dict[str, str]:
    """Review's editable fields and their types ("int | None", "str"...), as `store.reviews` checks them."""
    from ..store.reviews import EDITABLE_FIELDS, field_type

    return {name: field_type(name) for name in EDITABLE_FIELDS}


def page_config(version: str) -> dict[str, Any]:
    """What the page needs before its first request: the palette, the rings, the codebook's types."""
    return {
        "version": version,
        "event_types": {k: list(v) for k, v in EVENT_TYPES.items()},
        "colours": EVENT_COLOURS,
        "other_colour": OTHER_COLOUR,
        "precision": {("none" if k is None else str(k)): {"px": px, "label": label}
                      for k, (px, label) in PRECISION_RINGS.items()},
        # the fields a reviewer may edit, with their Python types, so the page sends a number as a number
        "editable_fields": editable_field_types(),
        "tiles": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "max_zoom": 19,
                  "attribution": "© OpenStreetMap contributors"},
    }
