"""What every extractor of one release shares: the text, its mentions, its home state.

The *home* state is the one whose government published the release ("Foreign Minister
Kang" in a Korean release is Korea's). It comes from the publisher (``lexicon/
publishers.csv``), so a user adds a ministry there (or in a ``--lexicon`` file), not in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from kg.extract.matchers import Matchers, Mention
from kg.lexicon import plain_text
from kg.model import Evidence, Release, Sentence


@dataclass
class ReleaseContext:
    """``text`` is the release text with curly quotes and dashes made plain (same offsets),
    so lexicon forms written with straight quotes match "Ministers’ Meeting"."""

    release: Release
    matchers: Matchers
    home_country: str | None = None
    home_organization: str | None = None
    notes: list[str] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return plain_text(self.release.text)

    def evidence(self, sentence: Sentence | int) -> Evidence:
        s = self.release.sentences[sentence] if isinstance(sentence, int) else sentence
        return Evidence(s.index, s.start, s.end, s.text)

    @cached_property
    def country_mentions(self) -> list[Mention]:
        text = self.text
        found = [m for m in self.matchers.countries.find(text, "country") if not _currency(text, m)]
        found += [m for m in self.matchers.demonyms.find(text, "demonym") if not _geographic(text, m)]
        return _without_overlaps(found, self.organization_mentions)

    @cached_property
    def organization_mentions(self) -> list[Mention]:
        return self.matchers.organizations.find(self.text, "organization")

    def mentions_in(self, mentions: list[Mention], start: int, end: int) -> list[Mention]:
        return [m for m in mentions if m.start >= start and m.end <= end]

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.release.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def _geographic(text: str, mention: Mention) -> bool:
    """A demonym inside a place or era name ("the Korean Peninsula", "inter-Korean")."""
    after = text[mention.end : mention.end + 12].casefold()
    before = text[max(0, mention.start - 6) : mention.start].casefold()
    return after.startswith((" peninsula", " war")) or before.endswith("inter-")


def _currency(text: str, mention: Mention) -> bool:
    """ "US$30 billion", "200 million U.S. dollars": money, not a state."""
    return text[mention.end : mention.end + 1] == "$" or text[
        mention.end : mention.end + 8
    ].casefold().startswith((" dollar", " won", " yen"))


def _without_overlaps(mentions: list[Mention], blockers: list[Mention]) -> list[Mention]:
    kept = [m for m in mentions if all(m.end <= b.start or m.start >= b.end for b in blockers)]
    return sorted(kept, key=lambda m: m.start)


def make_context(release: Release, matchers: Matchers) -> ReleaseContext:
    context = ReleaseContext(release, matchers)
    publisher = matchers.lexicon.publisher(release.publisher) if release.publisher else None
    if publisher is not None:
        context.home_country = publisher.country
        context.home_organization = publisher.organization
    return context
