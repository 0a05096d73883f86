"""The dashboard (`/`): a map, a timeline, filters, a table and an incident panel over the JSON API.

Why a page over the API and not server-rendered views: the page asks exactly what any client
asks (`/incidents`, `/incidents.geojson`, `/stats`, `/incidents/{id}`, `/articles/{id}`), so the
dashboard can never show something the API would not. The page, its script and its style are
package data (no Node build); Leaflet and MarkerCluster come from the xstatic packages, and the
offline base map from the country shapes `countryinfo` ships.
"""

from .legend import EVENT_COLOURS, OTHER_COLOUR, PRECISION_RINGS, page_config
from .outline import country_outlines
from .routes import router

__all__ = ["EVENT_COLOURS", "OTHER_COLOUR", "PRECISION_RINGS", "country_outlines", "page_config", "router"]
