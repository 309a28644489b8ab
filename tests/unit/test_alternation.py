"""The trie-shaped alternation finds exactly what a longest-first list of the forms finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.matchers import alternation

_LEFT, _RIGHT = r"(?<![\w])", r"(?![\w])"
# a small alphabet, so forms share prefixes and texts contain them often
_WORD = st.text(alphabet="abAB -.'", min_size=1, max_size=6)


def _longest_first(forms: list[str], flags: int) -> re.Pattern[str]:
    unique = sorted(set(forms), key=lambda s: (-len(s), s))
    return re.compile(f"{_LEFT}(?:{'|'.join(re.escape(s) for s in unique)}){_RIGHT}", flags)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(forms=st.lists(_WORD, min_size=1, max_size=12), text=st.text(alphabet="abAB -.'x", max_size=60))
def test_same_matches_as_a_longest_first_list(forms: list[str], text: str) -> None:
    trie = re.compile(f"{_LEFT}(?:{alternation(forms)}){_RIGHT}")
    assert _spans(trie, text) == _spans(_longest_first(forms, 0), text)


@settings(max_examples=300, deadline=None)
@given(forms=st.lists(_WORD, min_size=1, max_size=12), text=st.text(alphabet="abAB -.'x", max_size=60))
def test_folded_forms_match_case_insensitively_longest_first(forms: list[str], text: str) -> None:
    trie = re.compile(f"{_LEFT}(?:{alternation(forms, fold=True)}){_RIGHT}", re.IGNORECASE)
    folded = [f.lower() for f in forms]
    assert _spans(trie, text) == _spans(_longest_first(folded, re.IGNORECASE), text)


def test_a_shorter_form_matches_where_the_longer_does_not_end_a_word() -> None:
    pattern = re.compile(f"{_LEFT}(?:{alternation(['Korea', 'Korean', 'Korean Peninsula'])}){_RIGHT}")
    found = [m.group(0) for m in pattern.finditer("Korea, the Korean side, the Korean Peninsula, Koreans")]
    assert found == ["Korea", "Korean", "Korean Peninsula"]


def test_quotes_and_dashes_are_made_plain() -> None:
    assert re.fullmatch(alternation(["Xi’s Plan", "Asia–Pacific"]), "Asia-Pacific")
    assert re.fullmatch(alternation(["Xi’s Plan"]), "Xi's Plan")
