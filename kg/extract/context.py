"""What every extractor of one release shares: the text, its mentions, its home state.

The *home* state is the one whose government published the release ("Foreign Minister
Kang" in a Korean release is Korea's). It comes from the publisher (``lexicon/
publishers.csv``), so a user adds a ministry there (or in a ``--lexicon`` file), not in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from kg.extract.matchers import Matchers, Mention, longest
from kg.iris import slugify
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
    def _actor_mentions(self) -> list[Mention]:
        """States and bodies together, the longest of overlapping mentions winning
        ("Commonwealth of Australia" is the state, not "the Commonwealth")."""
        text = self.text
        found = [m for m in self.matchers.countries.find(text, "country") if not _currency(text, m)]
        found += [m for m in self.matchers.demonyms.find(text, "demonym") if not _geographic(text, m)]
        found += self.matchers.organizations.find(text, "organization")
        for m in _UNKNOWN_BODY.finditer(text):
            start = m.start("name")
            post = self.matchers.posts.match(text, start)  # "Director-General of the ..."
            if post is not None:
                of = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", text[post.end() : m.end("name")])
                if of is None:
                    continue
                start = post.end() + of.end()
            name = text[start : m.end("name")]
            found.append(Mention(start, m.end("name"), "organization", slugify(name), name))
        return longest(found)

    @cached_property
    def country_mentions(self) -> list[Mention]:
        """States by name, alias or demonym ("the Chinese side")."""
        return [m for m in self._actor_mentions if m.kind != "organization"]

    @cached_property
    def organization_mentions(self) -> list[Mention]:
        """Bodies the lexicon knows, and others named by a head word ("... Fisheries Organisation")."""
        return [m for m in self._actor_mentions if m.kind == "organization"]

    def organization_label(self, key: str) -> str | None:
        """The name an organisation the lexicon does not know is written with."""
        return next((m.surface for m in self.organization_mentions if m.key == key), None)

    def mentions_in(self, mentions: list[Mention], start: int, end: int) -> list[Mention]:
        return [m for m in mentions if m.start >= start and m.end <= end]

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.release.sentences:
            if s.start <= offset < s.end:
                return s
        return None


# A body the lexicon does not know, named by its head word: "West African Fisheries Organisation".
_UNKNOWN_BODY = re.compile(
    r"(?<![\w-])(?P<name>(?:[A-Z][\w'-]*\s+)(?:(?:of|for|and|on|the)\s+)*(?:[A-Z][\w'-]*\s+)*?"
    r"(?:Organisation|Organization|Agency|Association|Secretariat|Centre|Center|Institute|Foundation|Authority))"
    r"(?![\w-])"
)


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


def make_context(release: Release, matchers: Matchers) -> ReleaseContext:
    context = ReleaseContext(release, matchers)
    publisher = matchers.lexicon.publisher(release.publisher) if release.publisher else None
    if publisher is not None:
        context.home_country = publisher.country
        context.home_organization = publisher.organization
    return context
