"""Near-duplicates: a syndicated copy is found, another story on the same subject is not."""

from __future__ import annotations

from conflictwire.link.neardup import NearDupParams, band_keys, signature, similarity

STORY = ("Iraqi forces said on Sunday they had pushed into two more districts of the city after a night of "
         "heavy fighting, and that engineers were clearing roadside bombs left behind by the militants. "
         "Residents said the water supply had been cut for three days and that families were sheltering in "
         "basements while mortar rounds fell on the neighbourhood. Aid groups said they could not reach the "
         "area until the fighting stopped.")


def test_syndicated_copy_shares_a_band_and_passes_the_threshold() -> None:
    p = NearDupParams()
    copy = "BAGHDAD (Wire) - " + STORY + " Additional reporting by a correspondent; editing by the desk."
    a, b = signature(STORY, p), signature(copy, p)
    assert similarity(a, b) >= p.threshold
    assert set(band_keys(a, p)) & set(band_keys(b, p))


def test_another_story_on_the_same_subject_is_not_a_duplicate() -> None:
    other = ("Militants fired mortar rounds at a district of the city on Sunday, residents said, as Iraqi forces "
             "cleared roadside bombs in two districts they entered after heavy fighting overnight. Aid groups "
             "said families were sheltering in basements and that water had been cut.")
    assert similarity(signature(STORY), signature(other)) < NearDupParams().threshold
