"""The labelled texts training reads, and the only place that names their files.

Why here and not in `extract/`: the runtime types text with a fitted artefact and never
reads a data set, so the file names, the CASE 2021 label codes and the readers of ACLED
CSVs, CASE TSVs and news JSONL live with training. A new data set is one more loader
here and one more entry in `source_files()`, with no change to what runs at ingest.

Layout read under ``shared_dir/data`` (relative paths, recorded with their sha256 in
the provenance of every trained model):

* ``acled-iraq-2019.csv``: ACLED notes, required, split k ways by cross-validation;
* ``train/*.csv``: further ACLED exports, always trained on;
* ``case2021-task2-dev.tsv``: CASE 2021 task 2 snippets, split k ways;
* ``geo/geovirus.jsonl``, ``geo/lgl.jsonl``: news articles whose leads are "NONE".
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import NONE
from conflictwire.extract.taxonomy import SUB_EVENT_TYPES

__all__ = [
    "ACLED_NOTES",
    "CASE_CODES",
    "CASE_SNIPPETS",
    "HELD_OUT_SOURCES",
    "NEWS_LEADS",
    "Example",
    "load_examples",
    "source_files",
]

ACLED_NOTES = "acled-iraq-2019.csv"  # under data/: the notes training cannot do without
ACLED_TRAIN_DIR = "train"  # under data/: further ACLED exports, *.csv
CASE_SNIPPETS = "case2021-task2-dev.tsv"  # under data/
NEWS_LEADS: dict[str, str] = {"geovirus": "geo/geovirus.jsonl", "lgl": "geo/lgl.jsonl"}  # name -> path under data/

# the sources cross-validation splits k ways and scores; every other source is always trained on
HELD_OUT_SOURCES: tuple[str, ...] = ("acled-iraq", "case")

# CASE 2021 task 2 codes for ACLED's sub-event types (the shared task's own label names).
CASE_CODES: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text. `source` drives weighting and cross-validation splits."""

    text: str
    label: str
    source: str
    doc_id: str = ""


def _acled_examples(path: Path, source: str) -> list[Example]:
    """Rows with a note and a sub-event type we know; others carry nothing to learn from."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        sub = (r.get("sub_event_type") or "").strip()
        note = (r.get("notes") or "").strip()
        if sub in SUB_EVENT_TYPES and note:
            out.append(Example(note, sub, source, r.get("event_id_cnty", "")))
    return out


def _case_examples(path: Path) -> list[Example]:
    """CASE snippets; a code outside ACLED's types (disasters, crime, diplomacy...) is NONE."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [Example(r["EventSnippet"], CASE_CODES.get(r["SubType"], NONE), "case", r["id"]) for r in rows]


_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def _lead(text: str, max_chars: int = 400) -> str:
    """The first sentences of an article, up to about the length of a CASE snippet."""
    out = ""
    for sent in _SENT_END.split(text.strip()):
        if out and len(out) + len(sent) > max_chars:
            break
        out = f"{out} {sent}".strip()
    return out[: max_chars * 2]


def _news_leads(path: Path, source: str) -> list[Example]:
    """Article leads from non-conflict corpora, labelled NONE.

    GeoVirus is disease-outbreak news (CASE's NATURAL_DISASTER register) and LGL is US
    local news. Both are background text the pipeline must learn to drop.
    """
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                doc = json.loads(line)
                lead = _lead(doc.get("text", ""))
                if len(lead) >= 40:
                    out.append(Example(lead, NONE, source, str(doc.get("id", ""))))
    return out


def load_examples(shared_dir: Path, *, none_news: bool = True) -> list[Example]:
    """Every labelled text under ``shared_dir/data`` that training may use.

    Raises ModelError when the ACLED notes (the one source training cannot do without)
    are missing, so a wrong `--shared` fails with the path in the message.
    """
    data = Path(shared_dir) / "data"
    iraq = data / ACLED_NOTES
    if not iraq.is_file():
        raise ModelError(f"no ACLED notes at {iraq}: pass --shared pointing at the shared/ folder")
    examples = _acled_examples(iraq, "acled-iraq")
    for csv_path in sorted((data / ACLED_TRAIN_DIR).glob("*.csv")):
        examples += _acled_examples(csv_path, "acled-" + csv_path.stem.removeprefix("acled-"))
    case = data / CASE_SNIPPETS
    if case.is_file():
        examples += _case_examples(case)
    if none_news:
        for name, rel in NEWS_LEADS.items():
            p = data / rel
            if p.is_file():
                examples += _news_leads(p, f"news-{name}")
    return examples


def source_files(shared_dir: Path, *, none_news: bool = True) -> list[Path]:
    """The files `load_examples` reads that exist, sorted: what a model's provenance hashes."""
    data = Path(shared_dir) / "data"
    files = [data / ACLED_NOTES, data / CASE_SNIPPETS, *sorted((data / ACLED_TRAIN_DIR).glob("*.csv"))]
    if none_news:
        files += [data / rel for rel in NEWS_LEADS.values()]
    return sorted({f for f in files if f.is_file()})
