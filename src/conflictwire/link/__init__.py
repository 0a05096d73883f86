"""link: deduplicate and (later) link incidents across reports, as pure functions."""

from .dedupe import dedupe_within_article, incident_key, merge_into

__all__ = ["dedupe_within_article", "incident_key", "merge_into"]
