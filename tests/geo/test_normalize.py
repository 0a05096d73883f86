from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictwire.geo import name_key
from conflictwire.geo._normalize import is_latin_name, name_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qayyara", "Qayyarah"),
        ("Tal Afar", "Tall ‘Afar"),
        ("al-Zahraa", "al Zahraa"),
        ("al Shaimaa'", "al Shaimaa"),
        ("Ba`aj", "Baaj"),
        ("U.S.", "US"),
    ],
)
def test_name_key_folds_transliterations(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_keys_adds_article_less_variant() -> None:
    assert name_key("Qayyara") in name_keys("Al Qayyārah")
    assert name_keys("Al Qayyarah") == ["al qayara", "qayara"]
    assert name_keys("Mosul") == ["mosul"]


def test_is_latin_name_rejects_debris_and_other_scripts() -> None:
    assert is_latin_name("Al Mawşil")
    assert not is_latin_name("alksandrya  lwyyzyana")
    assert not is_latin_name("الموصل")


@given(st.text(max_size=40))
def test_name_key_is_idempotent(s: str) -> None:
    k = name_key(s)
    assert name_key(k) == k


def test_spring_is_spelled_one_way() -> None:
    assert name_key("Ra's al 'Ayn") == name_key("Ras al-Ain") == "ras al ain"
    assert name_key("Ein Gedi") == name_key("Ayn Gedi")
    assert name_key("Rhein") == "rhein"  # only the whole word
