"""What every extractor of one release shares: the text, its mentions, its home state.

The *home* state is the one whose government published the release ("Foreign Minister
Kang" in a Korean release is Korea's). It comes from the publisher (``lexicon/
publishers.csv``), so a user adds a ministry there, not in code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from kg.errors import DataFileError
from kg.extract.matchers import Matchers, Mention
from kg.lexicon import plain_text
from kg.model import Evidence, Release, Sentence
from kg.resources import data_dir


@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    country: str | None
    organization: str | None


@lru_cache(maxsize=4)
def load_publishers(path: Path | None = None) -> dict[str, Publisher]:
    path = path or data_dir("lexicon") / "publishers.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{path}: cannot read publishers ({exc})") from exc
    publishers: dict[str, Publisher] = {}
    for number, row in enumerate(rows, start=2):
        key = (row.get("key") or "").strip()
        if not key:
            raise DataFileError(f"{path}:{number}: empty key (give the publisher's short name)")
        country = (row.get("country") or "").strip() or None
        if country is not None and (len(country) != 3 or not country.isupper()):
            raise DataFileError(f"{path}:{number}: country {country!r} is not ISO alpha-3")
        publishers[key.casefold()] = Publisher(
            key,
            (row.get("name") or key).strip(),
            country,
            (row.get("organization") or "").strip() or None,
        )
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip():
                publishers[alias.strip().casefold()] = publishers[key.casefold()]
    return publishers


@lru_cache(maxsize=4)
def load_places(path: Path | None = None) -> dict[str, str]:
    """Place name or alias (case-folded) -> ISO alpha-3 of the state it lies in."""
    path = path or data_dir("lexicon") / "places.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{path}: cannot read places ({exc})") from exc
    places: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        country = (row.get("country") or "").strip()
        name = (row.get("name") or "").strip()
        if not name or len(country) != 3 or not country.isupper():
            raise DataFileError(f"{path}:{number}: needs a name and an ISO alpha-3 country")
        for form in [name, *(row.get("aliases") or "").split("|")]:
            if form.strip():
                places[plain_text(form.strip()).casefold()] = country
    return places


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
    if release.publisher:
        publisher = load_publishers().get(release.publisher.casefold())
        if publisher is not None:
            context.home_country = publisher.country
            context.home_organization = publisher.organization
    return context
