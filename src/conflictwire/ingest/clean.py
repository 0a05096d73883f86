"""Remove scraping debris from article text without touching the story itself.

Why conservative: every later offset points into the cleaned text, so cleaning runs
once, at ingest, and only removes what is certainly not journalism (site chrome
such as "Exit mobile version", share prompts, cookie banners) and repairs
double-encoded UTF-8 ("â€™" for "’") that scrapers commonly produce.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "repair_mojibake"]

# Phrases that are site chrome wherever they stand at the start or end of a line.
_DEBRIS = [
    r"exit mobile version",
    r"skip to (?:main )?content",
    r"advertisement",
    r"share this(?: article)?:?",
    r"click here to (?:subscribe|read more)[^\n]*",
    r"(?:follow|like) us on (?:facebook|twitter|instagram)[^\n]*",
    r"we use cookies[^\n]*",
    r"sign up for our newsletter[^\n]*",
    r"this story is from [a-z]+ \d{1,2}, \d{4}",
    # a share bar: a line of nothing but two or more share-button names ("Facebook Twitter Linkedin Mail")
    r"^[ \t]*(?:(?:facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|e-?mail|mail|print)[ \t|•·/]*){2,}$",
]
_EDGE_RE = re.compile(r"(?im)^(?:[ \t]*(?:" + "|".join(_DEBRIS) + r"))+[ \t]*|[ \t]*(?:" + "|".join(_DEBRIS) + r")\s*$")
_MOJIBAKE_RE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf]|\u00e2\u20ac[\u0080-\u00bf\u2122\u0153\u02dc\u201c\u201d\u2018\u2019"
    "\u00a6\u201a\u201e\u2020\u2021\u2030\u2039\u203a\u0161\u017e\u0178\u2013\u2014]|\u00e2\u20ac"
)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 when that is clearly what happened, else leave the text alone."""
    if not _MOJIBAKE_RE.search(text):
        return text
    # 0x9D is undefined in cp1252, so a decoded right double quote arrives as U+FFFD
    text = text.replace("\u00e2\u20ac\ufffd", "\u201d")
    try:
        fixed = text.encode("cp1252", errors="strict").decode("utf-8", errors="strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        # mixed text: repair piece by piece where the bytes allow it
        def _fix(m: re.Match[str]) -> str:
            try:
                return m.group(0).encode("cp1252").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                return m.group(0)

        return re.sub(r"(?:[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]{1,3})+", _fix, text)
    return fixed


def clean_text(text: str) -> str:
    """Normalise line ends and Unicode, repair mojibake and strip site chrome at line edges."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = unicodedata.normalize("NFC", repair_mojibake(text))
    text = _EDGE_RE.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
