from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conflictwire.ingest.clean import clean_text, repair_mojibake


def test_clean_strips_site_chrome_at_line_edges_only() -> None:
    text = "Exit mobile versionIraqi forces advanced.\n\nThe advertisement campaign was criticised.\nAdvertisement"
    assert clean_text(text) == "Iraqi forces advanced.\n\nThe advertisement campaign was criticised."


def test_clean_drops_a_share_bar_line_but_not_a_sentence_naming_the_networks() -> None:
    assert clean_text("police fired on the mob.\n\nFacebook Twitter Linkedin Mail") == "police fired on the mob."
    assert clean_text("a\n  Facebook | Twitter | Email  \nb") == "a\n\nb"
    kept = "The video spread on Facebook Twitter\nand WhatsApp, police said."
    assert clean_text(kept) == kept


def test_clean_repairs_double_encoded_utf8() -> None:
    assert repair_mojibake("the â€˜bhoomi pujanâ€™ and â€œquotesâ€�") == "the ‘bhoomi pujan’ and “quotes”"


def test_clean_leaves_correct_text_alone() -> None:
    s = "Al Qayyārah — “quoted” and ʿAyn al-Asad"
    assert clean_text(s) == s


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_clean_is_idempotent(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once
