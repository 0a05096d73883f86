"""No word list hides in the code of the extractor or the geoparser: words live in reference tables.

The phrase patterns of `extract/` and `geo/` keep their grammar in code (groups, gaps, lookarounds,
the slot a count fills) and take their words from `reference/data/*.csv` through placeholders
(`extract.phrases.fill`).  This test reads every string literal of those packages as a regular
expression and fails, naming the file and the line, on an alternation of more than three plain
words ("killed|wounded|injured|dead"): such a list belongs in a table, one row per word, with its
source.  The few alternations that stay are listed in `ALLOWED` with the reason (docs/reference.md).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import conflictwire

PACKAGE = Path(conflictwire.__file__).parent
SCANNED = ("extract", "geo")
MAX_WORDS = 3  # "(?:a|an|the)", "(?:in|at|near)": grammar small enough to read in place
PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’ .-]*\??")

# (file under the package, the alternation's plain words) -> why it stays in code
ALLOWED: dict[tuple[str, tuple[str, ...]], str] = {
    ("extract/classifier.py", ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")):
        "the date lead of an ACLED note's template, stripped before typing; bound to the trained artefact",
    ("extract/classifier.py", ("on", "around", "between", "from", "during", "in", "as of", "overnight", "late on",
                               "early on", "since", "at night on", "by")):
        "the date lead of an ACLED note's template, stripped before typing; bound to the trained artefact",
    ("extract/dates.py", ("st", "nd", "rd", "th")): "English ordinal suffixes: morphology of a day number",
    ("extract/dates.py", ("days?", "weeks?", "months?", "years?")): "the units the date resolver handles one by one",
    ("extract/dates.py", ("week", "month", "year", "weekend")): "the units the date resolver handles one by one",
    ("geo/_importers.py", ("town", "city", "village", "district", "province", "governorate", "area", "region",
                           "camp")): "suffixes of UCDP/ACLED export location names: a property of that input",
    ("geo/_normalize.py", ("st", "ste", "mt", "ft", "pt")):
        "name-key folding: every key of a gazetteer file was folded with these abbreviations",
    ("geo/_parser.py", ("as", "at", "in", "to")): "ACLED coders' 'coded as/at' remark: a property of that input",
    ("geo/_recognize.py", ("ve", "re", "ll", "d", "m", "t")): "English contraction suffixes: morphology",
    ("geo/_recognize.py", ("al", "el", "an", "ar", "as", "ash", "at", "az", "ad")):
        "the Arabic article of name-key folding (geo._normalize.ARTICLES)",
    ("geo/_tokens.py", ("al", "el", "an", "ar", "as", "ash", "at", "az", "ad")):
        "the Arabic article of name-key folding (geo._normalize.ARTICLES)",
}


def alternations(pattern: str) -> Iterator[list[str]]:
    """The alternatives of every group of `pattern` (and of its top level), escapes and classes blanked."""
    stack: list[list[str]] = [[""]]
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            if not in_class:  # "\s" reads as a space, "\b" as nothing, any other escape as a non-word
                stack[-1][-1] += {"s": " ", "b": ""}.get(pattern[i + 1], "\x00")
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            stack[-1][-1] += "\x00"
        elif ch == "(":
            head = re.match(r"\(\?(?:P<\w+>|[:=!]|<[=!]|[aiLmsux-]+[:)])?", pattern[i:])
            if head and head.group(0).endswith(")"):  # a flag group such as "(?i)"
                i += len(head.group(0))
                continue
            i += len(head.group(0)) if head else 1
            stack.append([""])
            continue
        elif ch == ")" and len(stack) > 1:
            yield stack.pop()
            stack[-1][-1] += "\x00"
        elif ch == "|":
            stack[-1].append("")
        else:
            stack[-1][-1] += ch
        i += 1
    yield from reversed(stack)


def plain_words(alternatives: list[str]) -> tuple[str, ...]:
    """The alternatives that are plain words or phrases ("killed", "shot dead", "mortars?")."""
    if len(alternatives) < 2:
        return ()
    return tuple(a.strip() for a in alternatives if PLAIN_WORD.fullmatch(a.strip()))


def word_lists_in(source: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(line, words) of every alternation of more than MAX_WORDS plain words in the string literals of `source`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "|" in node.value:
            for alternatives in alternations(node.value):
                words = plain_words(alternatives)
                if len(words) > MAX_WORDS:
                    yield node.lineno, words


def test_the_scanner_finds_a_word_list_and_passes_grammar() -> None:
    code = ('A = r"(?i)\\b(?:killed|wounded|injured|dead)\\s+"\n'
            'B = r"(?i)\\b(?:in|at|near)\\s+(?:the\\s+)?$"\n'
            'C = r"(?i)\\b({fight})\\b"\n'
            'D = "^(?:" + "a" + ")"\n'
            'E = r"\\s*(?:,\\s*and|,|and|&)\\s+"\n')
    assert list(word_lists_in(code)) == [(1, ("killed", "wounded", "injured", "dead"))]
    # a list inside a nested group, and phrases, count too
    assert list(word_lists_in('X = r"^(?:(?P<w>shot dead|burnt alive|gunned down|slain)\\s+)?$"\n')) == [
        (1, ("shot dead", "burnt alive", "gunned down", "slain"))]


def test_no_word_list_remains_in_extract_or_geo() -> None:
    found, allowed_seen = [], set()
    for folder in SCANNED:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            rel = path.relative_to(PACKAGE).as_posix()
            for line, words in word_lists_in(path.read_text(encoding="utf-8")):
                if (rel, words) in ALLOWED:
                    allowed_seen.add((rel, words))
                else:
                    found.append(f"{rel}:{line}: {'|'.join(words)}")
    assert not found, ("word lists in code; move them to a reference table (docs/reference.md):\n"
                       + "\n".join(found))
    # an allowance whose alternation is gone is stale: drop it from ALLOWED and from the docs
    assert allowed_seen == set(ALLOWED), sorted(set(ALLOWED) - allowed_seen)
