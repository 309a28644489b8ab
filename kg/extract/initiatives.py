"""Agreements and initiatives: from the lexicon, and from the text's own patterns.

In order (an earlier step claims its span, so later ones never split it):

1. a known acronym in parentheses wins over the written expansion, so "Regional Economy
   Partnership Agreement (RCEP)" becomes the real RCEP;
2. lexicon names and aliases ("Korea-China FTA", "Free and Open Indo-Pacific");
3. "bid to host the World Expo in Busan", matched to a lexicon bid by its words;
4. series of meetings, which an ordinal marks ("the Seventh Trilateral Foreign Ministers'
   Meeting" is an edition of the "Trilateral Foreign Ministers' Meeting");
5. named bodies of dialogue: "Committee for Future-Oriented Development of ...";
6. capitalised names ending in a head word of ``initiative_kinds.csv`` ("Plan of Action",
   "Strategic Dialogue", "Accord"), and a shorter later reference to one of them;
7. partnership levels ("strategic cooperative partnership") and resolutions of a body
   ("UN Security Council resolutions");
8. quoted names with a head word ("'audacious plan'") and lower-case plans introduced by
   an article ("a joint action plan", "a denuclearization roadmap").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.context import ReleaseContext
from kg.iris import slugify
from kg.model import Evidence, Initiative

_ORDINAL_WORDS = "First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth"
_ORDINAL_RE = rf"(?:\d+(?:st|nd|rd|th)|{_ORDINAL_WORDS}|{_ORDINAL_WORDS.lower()})"
_ORDINAL = re.compile(rf"{_ORDINAL_RE}\b")
_CAP = (
    r"(?:(?:[A-Z]\.){2,}|[A-Z0-9][\w&-]*-(?:[A-Z]\.){2,}|[A-Z0-9][\w&-]*(?:'(?!s\b)\w+)*"
    r"|\d+(?:st|nd|rd|th))"
)
_LINK = r"(?:of|for|and|on|the|a|to|in|de)"
_EXP_LINK = r"(?:of|for|on|the|a|to|in|de)"
_QUOTED = re.compile(r"(?<![A-Za-z])[\"'](?P<name>[^\"']{3,80})[\"'](?![A-Za-z])")
_LOWER_PLAN = re.compile(
    r"\b(?:a|an|the|their|its)\s+(?P<name>(?:[a-z][a-z-]+\s+){0,2}(?:action plan|plan of action|roadmap))\b"
)
_PARTNERSHIP = re.compile(
    r"(?<![\w-])(?P<name>(?:[A-Z][\w.]*(?:-[A-Z][\w.]*)+\s+)?"
    r"(?:(?:comprehensive|special|strategic|cooperative|global|enhanced|future-oriented)\s+){1,4}"
    r"(?:partnership|alliance))\b",
    re.IGNORECASE,
)
_SERIES = re.compile(
    rf"\b(?:the\s+)?(?P<ordinal>{_ORDINAL_RE})\s+(?P<name>(?:{_CAP}\s+)*?(?:{_CAP})?\s*"
    r"(?:Foreign Ministers'? Meetings?|Ministerial Meeting|Summit|Dialogue|Meeting|Joint Commission))(?![\w])"
)
_EDITION_OF = re.compile(
    rf"\b{_ORDINAL_RE}\s+(?:Meeting|Session|Round)\s+of\s+the\s+"
    rf"(?P<name>{_CAP}(?:\s+(?:(?:of|for|and|on)\s+)*{_CAP})*)"
)
_BODY = re.compile(
    rf"\b(?P<name>(?P<head>Committee|Commission|Council|Forum)\s+(?:for|on|of)\s+(?:the\s+)?"
    rf"{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*)"
)
_RESOLUTIONS = re.compile(r"(?:\s+\([A-Z]{2,}\))?\s+(?P<word>resolutions?)\b")
_BODY_HEADS = ("Committee", "Commission", "Council")
_BID = re.compile(
    r"\bbid\s+to\s+host\s+(?:the\s+)?(?P<event>(?:\d{4}\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
    r"(?:\s+in\s+(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))?"
)
_ACRONYM = re.compile(r"\((?P<acronym>[A-Z][A-Za-z0-9-]{1,9})\)")
_IN_A_TITLE = re.compile(
    r"(?:Representative|Minister|Secretary|Commissioner|Department)"
    r"(?:\s+(?:of|for|the|and|[A-Z][\w-]*|\([A-Z]+\)))*\s+(?:for|of)\s+(?:the\s+)?$"
)


@dataclass
class _Found:
    key: str
    label: str
    kind: str
    acronym: str | None = None
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class InitiativeMention:
    start: int
    end: int
    key: str


class InitiativeExtractor:
    def __init__(self, context: ReleaseContext) -> None:
        self.ctx = context
        self.text = context.text
        self.original = context.release.text
        self.lexicon = context.matchers.lexicon
        self.suffix_kinds = context.matchers.suffix_kinds
        self.found: dict[str, _Found] = {}
        self.mentions: list[InitiativeMention] = []
        self.occupied: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.occupied)

    def add(
        self,
        key: str,
        label: str,
        kind: str,
        start: int,
        end: int,
        acronym: str | None = None,
        wikidata: str | None = None,
    ) -> None:
        item = self.found.setdefault(key, _Found(key, label, kind, acronym, wikidata))
        sentence = self.ctx.sentence_at(start)
        if sentence is not None and (ev := self.ctx.evidence(sentence)) not in item.evidence:
            item.evidence.append(ev)
        self.occupied.append((start, end))
        self.mentions.append(InitiativeMention(start, end, key))

    def written(self, start: int, end: int) -> str:
        return self.original[start:end]

    def run(self) -> tuple[list[Initiative], list[InitiativeMention]]:
        self._acronyms()
        self._lexicon()
        self._bids()
        self._series()
        self._series_of_body()
        self._bodies()
        self._named()
        self._partnerships()
        self._resolutions()
        self._quoted_and_plans()
        initiatives = [
            Initiative(f.key, f.label, f.kind or "other", f.acronym, f.wikidata, tuple(f.evidence))
            for f in self.found.values()
        ]
        return initiatives, sorted(self.mentions, key=lambda x: x.start)

    def _acronyms(self) -> None:
        for m in _ACRONYM.finditer(self.text):
            known = self.ctx.matchers.initiatives.exact.get(m["acronym"])
            if known is not None:
                entry = self.lexicon.initiative(known)
                start = _expansion_start(self.text, m.start())
                self.add(entry.key, entry.name, entry.kind, start, m.end(), m["acronym"], entry.wikidata)

    def _lexicon(self) -> None:
        for mention in self.ctx.matchers.initiatives.find(self.text, "initiative"):
            if not self.free(mention.start, mention.end):
                if mention.key in self.found:
                    self.mentions.append(InitiativeMention(mention.start, mention.end, mention.key))
                continue
            entry = self.lexicon.initiative(mention.key)
            acronym = mention.surface if mention.surface.isupper() else None
            self.add(entry.key, entry.name, entry.kind, mention.start, mention.end, acronym, entry.wikidata)

    def _bids(self) -> None:
        for m in _BID.finditer(self.text):
            if not self.free(m.start(), m.end()):
                continue
            words = set(_words(m.group("event") + " " + (m["place"] or "")))
            bid = next(
                (
                    e
                    for e in self.lexicon.initiatives
                    if e.kind == "bid" and words <= {w for a in (e.name, *e.aliases) for w in _words(a)}
                ),
                None,
            )
            if bid is not None:
                self.add(bid.key, bid.name, bid.kind, m.start(), m.end(), None, bid.wikidata)
            else:
                label = self.written(m.start(), m.end())
                self.add(slugify(label), label[0].upper() + label[1:], "bid", m.start(), m.end())

    def _series(self) -> None:
        """An ordinal marks an edition of a recurring meeting: the series is the initiative."""
        for m in _SERIES.finditer(self.text):
            start, end = m.start("name"), m.end("name")
            if not self.free(start, end) or len(m["name"].split()) < 2:
                continue
            label = self.written(start, end)
            kind = "summit-series" if label.endswith("Summit") else "dialogue-mechanism"
            self.add(slugify(label.replace("’", "'")), label, kind, start, end)

    def _series_of_body(self) -> None:
        """ "the 6th Meeting of the ROK-India Joint Commission": an edition of a standing body."""
        for m in _EDITION_OF.finditer(self.text):
            start, end = m.start("name"), m.end("name")
            if not self.free(start, end) or any(
                o.start <= start < o.end for o in self.ctx.organization_mentions
            ):  # "the 68th Session of the UN General Assembly": the body is an organisation
                continue
            label = self.written(start, end)
            self.add(slugify(label), label, "dialogue-mechanism", start, end)

    def _bodies(self) -> None:
        for m in _BODY.finditer(self.text):
            if self.free(m.start(), m.end()):
                label = self.written(m.start("name"), m.end("name"))
                self.add(slugify(label), label, "dialogue-mechanism", m.start("name"), m.end("name"))

    def _named(self) -> None:
        named, longer = _named_patterns(tuple(self.suffix_kinds))
        for m in named.finditer(self.text):
            start = m.end("name") - len(_trim_name(m["name"]))
            end = m.end("name")
            while extension := longer.match(self.text, end):  # "... Partnership Roadmap"
                end = extension.end()
            name = self.written(start, end)
            if not self.free(start, end) or len(name.split()) < 2 or not _capitalised_enough(name):
                continue
            if _IN_A_TITLE.search(self.text[max(0, start - 80) : start]):
                continue
            if name in self.ctx.matchers.organizations.folded:
                continue
            kind = _kind_for(name, self.suffix_kinds)
            if kind is None or kind == "summit-series" or name.endswith(_BODY_HEADS):
                continue
            earlier = next((f for f in self.found.values() if f.label.endswith(" " + name)), None)
            if earlier is not None:
                self.mentions.append(InitiativeMention(start, end, earlier.key))
                self.occupied.append((start, end))
                continue
            paren = _ACRONYM.match(self.text, end + 1) if self.text[end : end + 2] == " (" else None
            acronym = paren["acronym"] if paren else None
            self.add(slugify(acronym or name), name, kind, start, paren.end() if paren else end, acronym)

    def _partnerships(self) -> None:
        for m in _PARTNERSHIP.finditer(self.text):
            start, end = m.start("name"), m.end("name")
            if self.free(start, end):
                label = self.written(start, end)
                self.add(slugify(label), label, "partnership", start, end)

    def _resolutions(self) -> None:
        """ "UN Security Council resolutions": a body's resolutions, named by the body."""
        for org in self.ctx.organization_mentions:
            m = _RESOLUTIONS.match(self.text, org.end)
            if m and self.free(org.start, m.end()):
                label = self.written(org.start, m.end())
                self.add(slugify(f"{org.key} resolutions"), label, "resolution", org.start, m.end())

    def _quoted_and_plans(self) -> None:
        for m in _QUOTED.finditer(self.text):
            name = self.written(m.start("name"), m.end("name")).strip().rstrip(".,")
            kind = _kind_for(name, self.suffix_kinds, fold=True)
            if kind is not None and self.free(m.start(), m.end()):
                self.add(slugify(name), name, kind, m.start(), m.end())
        for m in _LOWER_PLAN.finditer(self.text):
            if self.free(m.start("name"), m.end("name")):
                self.add(slugify(m["name"]), m["name"], "plan", m.start("name"), m.end("name"))


def extract_initiatives(context: ReleaseContext) -> tuple[list[Initiative], list[InitiativeMention]]:
    return InitiativeExtractor(context).run()


def _words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[A-Za-z0-9]+", text)]


def _expansion_start(text: str, paren: int) -> int:
    """Where the capitalised name written before "(ACRONYM)" starts ("and" ends it)."""
    before = text[max(0, paren - 120) : paren]
    m = re.search(rf"((?:{_CAP}(?:\s+{_EXP_LINK})*\s+)*{_CAP})\s*$", before)
    return paren - (len(before) - m.start(1)) if m else paren


def _trim_name(name: str) -> str:
    words = name.split()
    while words and (
        words[0].casefold() in {"the", "a", "an", "of", "and", "for", "on", "to", "in"}
        or words[0] in {"On", "In", "At", "The", "This", "These", "Both", "Also"}
    ):
        words = words[1:]
    return " ".join(words)


def _capitalised_enough(name: str) -> bool:
    words = [w for w in name.split() if w[0].isalpha()]
    return sum(1 for w in words if w[0].isupper()) >= max(2, len(words) // 2)


@lru_cache(maxsize=8)
def _named_patterns(suffixes: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name ending in a kind's head word ("... Strategic Dialogue"), and its longer form."""
    head = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    named = re.compile(
        rf"(?<![\w-])(?P<name>(?:{_CAP}(?:\s+{_LINK})*\s+)*?(?:{_CAP}\s+)?(?:{head}))(?![\w-])"
    )
    longer = re.compile(rf"(?:\s+(?:{_LINK}\s+)*{_CAP})*?\s+(?:{head})(?![\w-])")
    return named, longer


def _kind_for(name: str, suffix_kinds: dict[str, str], fold: bool = False) -> str | None:
    for suffix in sorted(suffix_kinds, key=len, reverse=True):
        if name.casefold().endswith(suffix.casefold()) if fold else name.endswith(suffix):
            return suffix_kinds[suffix]
    return None
