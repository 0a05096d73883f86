"""link: deduplicate within an article, and link reports of one incident across articles.

Pure functions and small frozen objects over the typed records: `features` (what a report
says, and which pairs are worth scoring), `score` (how alike two reports are, with reasons),
`cluster` (pairs to incidents), `reconcile` (one record from several reports), `neardup`
(syndicated copies), `linker` (incremental linking over any index). The store implements the
index over SQL; a benchmark or a Spark job can use `MemoryIndex`.
"""

from .config import Linking, load_outlet_scales
from .dedupe import dedupe_within_article, incident_key, merge_into
from .linker import Linker, MemoryIndex
from .neardup import NearDupParams
from .reconcile import FATALITY_POLICIES, reconcile
from .score import LinkWeights

__all__ = [
    "FATALITY_POLICIES",
    "LinkWeights",
    "Linker",
    "Linking",
    "MemoryIndex",
    "NearDupParams",
    "dedupe_within_article",
    "incident_key",
    "load_outlet_scales",
    "merge_into",
    "reconcile",
]
