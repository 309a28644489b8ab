"""Regular expressions compiled once from the lexicon, and the mentions they find.

Acronyms and all-capital aliases match case-sensitively ("US" the country, never "us");
other names match case-insensitively only on their first letter's case-fold. Longer
aliases win over shorter ones at the same place ("North Korean" before "Korean").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kg.lexicon import Lexicon, plain_text

_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"


@dataclass(frozen=True)
class Mention:
    """A span of the release text that names something the lexicon knows."""

    start: int
    end: int
    kind: str
    key: str
    surface: str


def alternation(surfaces: Iterable[str], *, fold: bool = False) -> str:
    """A regex matching any of the forms (quotes and dashes made plain), preferring the longest.

    The forms are merged into a trie ("Korea(?:n)?" rather than "Korean|Korea"), so the regex
    engine tests one branch per character instead of every form at every position: ten times
    faster on the lexicon's hundreds of names, with the same matches as a longest-first list.
    ``fold`` lower-cases the forms first, for patterns compiled with ``re.IGNORECASE``, so that
    two forms differing only in case share a branch and the longest still wins.
    """
    trie: dict[str, dict[str, Any]] = {}
    for surface in surfaces:
        if not surface:
            continue
        node = trie
        for char in plain_text(surface).lower() if fold else plain_text(surface):
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict[str, Any]]) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    # a form ends here: the longer forms through this node are tried first (greedy "?")
    return f"(?:{body})?"


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class _Table:
    """Surface form -> key, split into a case-sensitive and a case-insensitive regex."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        for surface, key in pairs:
            surface = plain_text(surface).strip()
            if not surface:
                continue
            if _is_acronym(surface) or len(surface) <= 3:
                self.exact.setdefault(surface, key)
            else:
                self.folded.setdefault(surface.casefold(), key)
        self._exact = re.compile(f"{_LEFT}(?:{alternation(self.exact)}){_RIGHT}") if self.exact else None
        self._folded = (
            re.compile(f"{_LEFT}(?:{alternation(self.folded, fold=True)}){_RIGHT}", re.IGNORECASE)
            if self.folded
            else None
        )

    def find(self, text: str, kind: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        found: list[Mention] = []
        for regex, table, fold in (
            (self._folded, self.folded, True),
            (self._exact, self.exact, False),
        ):
            if regex is None:
                continue
            for m in regex.finditer(text, start, end):
                surface = m.group(0)
                # names start with a capital; "the Emirates" is written with a lower-case "the"
                if (
                    fold
                    and not surface[0].isupper()
                    and surface[0].isalpha()
                    and not surface.startswith("the ")
                ):
                    continue
                key = table[surface.casefold() if fold else surface]
                found.append(Mention(m.start(), m.end(), kind, key, surface))
        return longest(found)


def longest(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping mentions keep the longest ("Chinese Taipei", not "Chinese"), in text order."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


class Matchers:
    """Every lexicon-driven regex the extractors use, built once per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def countries(self) -> _Table:
        pairs: list[tuple[str, str]] = []
        for c in self.lexicon.countries:
            pairs.append((c.name, c.iso3))
            pairs.extend((a, c.iso3) for a in c.aliases)
        return _Table(pairs)

    @cached_property
    def demonyms(self) -> _Table:
        return _Table((d, c.iso3) for c in self.lexicon.countries for d in c.demonyms)

    @cached_property
    def organizations(self) -> _Table:
        pairs: list[tuple[str, str]] = []
        for o in self.lexicon.organizations:
            pairs.append((o.name, o.key))
            pairs.extend((a, o.key) for a in o.aliases)
        return _Table(pairs)

    @cached_property
    def initiatives(self) -> _Table:
        pairs: list[tuple[str, str]] = []
        for i in self.lexicon.initiatives:
            pairs.append((i.name, i.key))
            pairs.extend((a, i.key) for a in i.aliases)
        return _Table(pairs)

    @cached_property
    def people(self) -> _Table:
        pairs: list[tuple[str, str]] = []
        for p in self.lexicon.people:
            pairs.append((p.name, p.name))
            pairs.extend((a, p.name) for a in p.aliases)
        return _Table(pairs)

    @cached_property
    def posts(self) -> re.Pattern[str]:
        return re.compile(
            f"{_LEFT}(?:{alternation((p.surface for p in self.lexicon.posts), fold=True)}){_RIGHT}",
            re.IGNORECASE,
        )

    @cached_property
    def post_by_surface(self) -> dict[str, object]:
        return {plain_text(p.surface).casefold(): p for p in self.lexicon.posts}

    @cached_property
    def act_forms(self) -> dict[str, tuple[str, bool]]:
        forms: dict[str, tuple[str, bool]] = {}
        for verb in self.lexicon.act_verbs:
            for form in verb.forms:
                forms.setdefault(plain_text(form).casefold(), (verb.act, verb.takes_addressee))
        return forms

    @cached_property
    def noun_like_forms(self) -> frozenset[str]:
        """Act forms that can be nouns ("support for", "follow-up reviews"): base forms and -s forms."""
        forms: set[str] = set()
        for verb in self.lexicon.act_verbs:
            for form in verb.forms:
                folded = plain_text(form).casefold()
                if folded == plain_text(verb.phrase).casefold() or (
                    " " not in folded and folded.endswith("s")
                ):
                    forms.add(folded)
        return frozenset(forms)

    @cached_property
    def acts(self) -> re.Pattern[str]:
        return re.compile(f"{_LEFT}(?:{alternation(self.act_forms, fold=True)}){_RIGHT}", re.IGNORECASE)

    @cached_property
    def meeting_triggers(self) -> dict[str, str]:
        return {plain_text(t.phrase).casefold(): t.kind for t in self.lexicon.meeting_triggers}

    @cached_property
    def triggers(self) -> re.Pattern[str]:
        pattern = alternation(self.meeting_triggers, fold=True)
        return re.compile(f"{_LEFT}(?:{pattern}){_RIGHT}", re.IGNORECASE)

    @cached_property
    def honorifics(self) -> re.Pattern[str]:
        prefixes = [h.form for h in self.lexicon.honorifics if h.position == "prefix"]
        return re.compile(rf"(?:(?:{alternation(prefixes, fold=True)})(?:\s+|(?<=\.)))+", re.IGNORECASE)

    @cached_property
    def honorific(self) -> re.Pattern[str]:
        """One prefix honorific (to split a run such as "H.E. Dr." into its parts)."""
        prefixes = [h.form for h in self.lexicon.honorifics if h.position == "prefix"]
        return re.compile(rf"(?:{alternation(prefixes, fold=True)})(?=\s|$|(?<=\.))", re.IGNORECASE)

    @cached_property
    def honorific_posts(self) -> dict[str, str]:
        """Honorifics that are also posts ("Senator", "MP"), by their case-folded form."""
        return {h.form.casefold(): h.post for h in self.lexicon.honorifics if h.post}

    @cached_property
    def honorific_suffixes(self) -> re.Pattern[str]:
        suffixes = [h.form for h in self.lexicon.honorifics if h.position == "suffix"]
        return re.compile(rf"(?:,?\s+(?:{alternation(suffixes)}))+$")

    @cached_property
    def abbreviations(self) -> frozenset[str]:
        return frozenset(a.casefold() for a in self.lexicon.abbreviations)

    @cached_property
    def suffix_kinds(self) -> dict[str, str]:
        return {suffix: kind.kind for kind in self.lexicon.initiative_kinds for suffix in kind.suffixes}

    @cached_property
    def title_words(self) -> frozenset[str]:
        """Words that belong to titles, states and bodies, so never to a person's name."""
        words: set[str] = set()
        sources: Iterator[str] = iter(
            [p.surface for p in self.lexicon.posts]
            + [p.title for p in self.lexicon.posts]
            + [c.name for c in self.lexicon.countries]
            + [a for c in self.lexicon.countries for a in c.aliases]
            + [d for c in self.lexicon.countries for d in c.demonyms]
            + [o.name for o in self.lexicon.organizations]
            + [a for o in self.lexicon.organizations for a in o.aliases]
        )
        for surface in sources:
            words.update(w.casefold() for w in re.findall(r"[A-Za-z][\w'-]*", surface))
        return frozenset(words)
