"""Agreements and initiatives: from the lexicon, and from the text's own patterns.

* lexicon names and aliases ("RCEP", "Korea-China FTA");
* a name with its acronym in parentheses; the acronym wins when the lexicon knows it,
  so "Regional Economy Partnership Agreement (RCEP)" becomes the real RCEP;
* capitalised names ending in a head word of ``initiative_kinds.csv`` ("Plan of Action",
  "Strategic Dialogue", "Accord", "9th Trilateral Summit");
* quoted names with such a head word ("‘audacious plan’", "“Eurasia Silk Road Friendship
  Express”") and a few lower-case plan shapes ("a joint action plan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.context import ReleaseContext
from kg.iris import slugify
from kg.model import Evidence, Initiative

_CAP = r"(?:[A-Z0-9][\w’'.&-]*|(?:\d+(?:st|nd|rd|th)))"
_LINK = r"(?:of|for|and|on|the|a|to|in|de)"
_QUOTED = re.compile(r"(?<![A-Za-z])[‘“\"'](?P<name>[^‘’“”\"']{3,80})[’”\"'](?![A-Za-z])")
_LOWER_PLAN = re.compile(
    r"\b(?:a|an|the|their|its)\s+"
    r"(?P<name>(?:[a-z][a-z-]+\s+){0,2}(?:action plan|plan of action|roadmap))\b"
)
_ORDINAL = re.compile(
    r"(?:\d+(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)\b"
)
_BID = re.compile(
    r"\bbid\s+to\s+host\s+(?:the\s+)?(?P<event>(?:\d{4}\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
    r"(?:\s+in\s+(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))?"
)
_ACRONYM = re.compile(r"\((?P<acronym>[A-Z][A-Za-z0-9-]{1,9})\)")


@dataclass
class _Found:
    key: str
    label: str
    kind: str
    acronym: str | None = None
    wikidata: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class InitiativeMention:
    start: int
    end: int
    key: str


def extract_initiatives(
    context: ReleaseContext,
) -> tuple[list[Initiative], list[InitiativeMention]]:
    text = context.text
    lexicon = context.matchers.lexicon
    suffix_kinds = context.matchers.suffix_kinds
    suffixes = sorted(suffix_kinds, key=len, reverse=True)
    head = "|".join(re.escape(s) for s in suffixes)
    named = re.compile(
        rf"(?<![\w-])(?P<name>(?:{_CAP}(?:\s+{_LINK})*\s+)*?(?:{_CAP}\s+)?(?:{head}))(?![\w-])"
    )
    found: dict[str, _Found] = {}
    mentions: list[InitiativeMention] = []
    occupied: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in occupied)

    def add(
        key: str,
        label: str,
        kind: str,
        start: int,
        end: int,
        acronym: str | None = None,
        wikidata: str | None = None,
    ) -> None:
        sentence = context.sentence_at(start)
        item = found.setdefault(key, _Found(key, label, kind, acronym, wikidata))
        if sentence is not None:
            ev = context.evidence(sentence)
            if ev not in item.evidence:
                item.evidence.append(ev)
        occupied.append((start, end))
        mentions.append(InitiativeMention(start, end, key))

    # 1. acronyms in parentheses: trust a known acronym over the written expansion
    for m in _ACRONYM.finditer(text):
        known = context.matchers.initiatives.exact.get(m["acronym"])
        if known is None:
            continue
        entry = lexicon.initiative(known)
        name_start = _expansion_start(text, m.start())
        add(entry.key, entry.name, entry.kind, name_start, m.end(), m["acronym"], entry.wikidata)

    # 2. lexicon names and aliases
    for mention in context.matchers.initiatives.find(text, "initiative"):
        if not free(mention.start, mention.end):
            if mention.key in found:
                mentions.append(InitiativeMention(mention.start, mention.end, mention.key))
            continue
        entry = lexicon.initiative(mention.key)
        acronym = mention.surface if mention.surface.isupper() else None
        add(entry.key, entry.name, entry.kind, mention.start, mention.end, acronym, entry.wikidata)

    # 3. capitalised names ending in a head word, with an optional acronym after them
    for m in named.finditer(text):
        start, end = m.start("name"), m.end("name")
        start = end - len(_trim_name(m["name"]))
        name = context.release.text[start:end]
        if not free(start, end) or len(name.split()) < 2 or not _capitalised_enough(name):
            continue
        if (
            name.split()[0].casefold() in context.matchers.title_words
            and name in context.matchers.organizations.folded
        ):
            continue
        kind = _kind_for(name, suffix_kinds)
        if kind is None or (kind == "summit-series" and not _ORDINAL.match(name)):
            continue
        acronym_match = _ACRONYM.match(text, end + 1) if text[end : end + 2] == " (" else None
        acronym = acronym_match["acronym"] if acronym_match else None
        key = slugify(acronym or name)
        add(key, name, kind, start, acronym_match.end() if acronym_match else end, acronym)

    # 4. bids: "Korea's bid to host the World Expo in Busan", matched to a lexicon bid by its words
    for m in _BID.finditer(text):
        if not free(m.start(), m.end()):
            continue
        words = {
            w.casefold() for w in re.findall(r"[A-Za-z0-9]+", m.group("event") + " " + (m["place"] or ""))
        }
        bid = next(
            (
                e
                for e in lexicon.initiatives
                if e.kind == "bid"
                and words
                <= {w.casefold() for a in (e.name, *e.aliases) for w in re.findall(r"[A-Za-z0-9]+", a)}
            ),
            None,
        )
        if bid is not None:
            add(bid.key, bid.name, bid.kind, m.start(), m.end(), None, bid.wikidata)
        else:
            written = context.release.text[m.start() : m.end()]
            label = written[0].upper() + written[1:]
            add(slugify(label), label, "bid", m.start(), m.end())

    # 5. quoted names and lower-case plans
    for m in _QUOTED.finditer(text):
        name = context.release.text[m.start("name") : m.end("name")].strip().rstrip(".,")
        kind = _kind_for(name, suffix_kinds, fold=True)
        if kind is None or not free(m.start(), m.end()):
            continue
        add(slugify(name), name, kind, m.start(), m.end())
    for m in _LOWER_PLAN.finditer(text):
        if free(m.start("name"), m.end("name")):
            add(slugify(m["name"]), m["name"], "plan", m.start("name"), m.end("name"))

    initiatives = [
        Initiative(f.key, f.label, f.kind or "other", f.acronym, f.wikidata, tuple(f.evidence))
        for f in found.values()
    ]
    return initiatives, sorted(mentions, key=lambda x: x.start)


def _expansion_start(text: str, paren: int) -> int:
    """Where the capitalised name written before "(ACRONYM)" starts."""
    before = text[max(0, paren - 120) : paren]
    m = re.search(rf"((?:{_CAP}(?:\s+{_LINK})*\s+)*{_CAP})\s*$", before)
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


def _kind_for(name: str, suffix_kinds: dict[str, str], fold: bool = False) -> str | None:
    for suffix in sorted(suffix_kinds, key=len, reverse=True):
        if name.casefold().endswith(suffix.casefold()) if fold else name.endswith(suffix):
            return suffix_kinds[suffix]
    return None
