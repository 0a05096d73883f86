from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwire.geo import name_key
from conflictwire.geo._normalize import is_latin_name, joined_key, name_keys


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


_WORDS = st.from_regex(r"\A[a-z]+(?:['\u2019-][a-z]+)*\Z", fullmatch=True)


@given(st.lists(_WORDS, min_size=1, max_size=4), st.lists(st.sampled_from([" ", "-"]), min_size=3, max_size=3))
@settings(max_examples=300, derandomize=True, deadline=None)
def test_joined_key_is_the_key_of_the_joined_words(words: list[str], seps: list[str]) -> None:
    text = words[0] + "".join(sep + w for sep, w in zip(seps, words[1:], strict=False))
    assert joined_key([name_key(w) for w in words]) == name_key(text)


@pytest.mark.parametrize("words", [["st", "louis"], ["mt", "kenya"], ["ras", "al", "ein"], ["al-wahda"],
                                   ["hillah", "city"], ["st-louis", "park"], ["o\u2019hara", "mall"]])
def test_joined_key_on_names_that_fold(words: list[str]) -> None:
    assert joined_key([name_key(w) for w in words]) == name_key(" ".join(words))
