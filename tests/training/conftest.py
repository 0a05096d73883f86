"""A miniature shared/ folder with the layout training reads, written from invented sentences.

None of these texts comes from a data set; they only give each loader something of
every kind to read (a templated ACLED note, a row to skip, a CASE code outside ACLED's
types, a news article too short to have a lead).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

NOTES = [  # (note, sub-event type): ACLED-style, with the date lead and coder tag ACLED adds
    ("On 2 March 2019, a drone strike hit a car near the river, killing two fighters. [size=no report]",
     "Air/drone strike"),
    ("On 5 March 2019, warplanes bombed a hideout in the hills.", "Air/drone strike"),
    ("On 9 March 2019, an air raid destroyed a depot outside the town.", "Air/drone strike"),
    ("On 1 April 2019, teachers rallied outside the ministry demanding unpaid wages.", "Peaceful protest"),
    ("On 3 April 2019, students marched through the centre against corruption.", "Peaceful protest"),
    ("On 7 April 2019, farmers held a sit-in over water shortages. [size=around 100]", "Peaceful protest"),
    ("On 2 May 2019, soldiers clashed with gunmen at a checkpoint for two hours.", "Armed clash"),
    ("On 6 May 2019, fighting broke out between the militia and the army near the border.", "Armed clash"),
    ("On 8 June 2019, police arrested five suspected cell members in a raid.", "Arrests"),
    ("On 9 June 2019, security forces detained a local leader at his home.", "Arrests"),
]
SKIPPED = [("", "Armed clash"), ("On 4 May 2019, something happened.", "Not an ACLED type")]
MORE_NOTES = [  # a second ACLED export under data/train/
    ("Unknown gunmen clashed with a patrol in the valley.", "Armed clash"),
    ("A jet struck a convoy on the highway.", "Air/drone strike"),
]
SNIPPETS = [  # (CASE code, snippet)
    ("AIR_STRIKE", "Jets pounded rebel positions overnight, residents said."),
    ("AIR_STRIKE", "A drone fired a missile at a vehicle on the coast road."),
    ("PEACE_PROTEST", "Hundreds of nurses protested peacefully over pay on Monday."),
    ("PEACE_PROTEST", "Demonstrators gathered in the square calling for new elections."),
    ("ARMED_CLASH", "Troops and insurgents exchanged fire for hours in the district."),
    ("ARREST", "Police detained three men accused of planning an attack."),
    ("NATURAL_DISASTER", "A strong earthquake shook the region, damaging hundreds of homes."),
    ("DIPLO", "The two foreign ministers met to discuss a trade agreement."),
]
LONG_ARTICLE = " ".join(f"Sentence number {i} of a long council report says the budget was discussed again."
                        for i in range(20))
ARTICLES = [
    {"id": "a1", "text": LONG_ARTICLE},
    {"id": "a2", "text": "Too short."},
    {"id": "a3", "text": "The city council voted to repair the old library. Work starts in spring."},
]


def _write_acled(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["event_id_cnty", "event_type", "sub_event_type", "notes"])
        w.writeheader()
        for i, (note, sub) in enumerate(rows):
            w.writerow({"event_id_cnty": f"{path.stem}-{i}", "event_type": "", "sub_event_type": sub, "notes": note})


@pytest.fixture()
def fake_shared(tmp_path: Path) -> Path:
    """shared/ with data/acled-iraq-2019.csv, data/train/*.csv, the CASE TSV and one news file (LGL)."""
    root = tmp_path / "shared"
    data = root / "data"
    (data / "train").mkdir(parents=True)
    (data / "geo").mkdir()
    _write_acled(data / "acled-iraq-2019.csv", NOTES + SKIPPED)
    _write_acled(data / "train" / "acled-testland-2020.csv", MORE_NOTES)
    with (data / "case2021-task2-dev.tsv").open("w", encoding="utf-8") as fh:
        fh.write("id\tEventSnippet\tSubType\n")
        for i, (code, text) in enumerate(SNIPPETS):
            fh.write(f"c{i}\t{text}\t{code}\n")
    with (data / "geo" / "lgl.jsonl").open("w", encoding="utf-8") as fh:
        for doc in ARTICLES:
            fh.write(json.dumps(doc) + "\n")
    return root
