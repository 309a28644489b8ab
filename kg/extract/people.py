"""People, the posts they hold and the state they represent.

Press releases name officials in a few shapes, all handled here:

* post then name: "State Councilor and Minister of Foreign Affairs of China Wang Yi";
* name then post: "Mr. Taro Kono, Minister for Foreign Affairs";
* counterparts: "his Russian counterpart Sergey V. Lavrov";
* names the lexicon knows: "Xi Jinping";
* short forms, resolved within the release: "Foreign Minister Park" is Park Jin,
  "State Councilor Wang" is Wang Yi, "President Yoon" is the lexicon's Yoon Suk Yeol.

Every mention is kept (:class:`PersonMention`) so that statements can find speakers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from kg.extract.context import ReleaseContext
from kg.extract.matchers import Mention
from kg.iris import slugify
from kg.lexicon import PersonEntry, PostEntry
from kg.model import Evidence, Person, Post

_PARTICLES = r"(?:bin|binti|bint|al|Al|de|da|van|von|der|le|la|du|dos|del)"
_TOKEN = (
    r"(?:[A-Z][a-z]+(?:-[A-Za-z]+|[’'](?!s\b)[A-Za-z]+)*|[A-Z]{2,}(?:-[A-Z]+)?"
    r"|(?:[A-Z]\.){1,3}(?=\s?[A-Z])|[A-Z]\.)"
)
NAME = re.compile(rf"{_TOKEN}(?:\s+(?:{_PARTICLES}\s+)*{_TOKEN}){{0,4}}")
_NAME_AT_END = re.compile(rf"(?:{NAME.pattern})$")
# Capitalised words that start sentences or name times, never people.
_NOT_NAMES = frozenset(
    w.casefold()
    for w in [
        *calendar.month_name[1:],
        *calendar.day_name,
        "On",
        "In",
        "At",
        "The",
        "During",
        "Today",
        "This",
        "That",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "His",
        "Her",
        "Their",
        "Also",
        "Both",
        "And",
        "Furthermore",
        "Meanwhile",
        "Moreover",
        "However",
        "Especially",
        "Friends",
        "Members",
        "Ministers",
        "Leaders",
        "Government",
        "Side",
        "Summit",
        "Meeting",
    ]
)
_APPOSITION_GAP = re.compile(r"\s*,\s*(?:the\s+)?(?:[A-Z][\w.-]*(?:'s|’s)\s+)?$|,$")
_COMMA_GIVEN_NAME = re.compile(r",\s+(?P<given>[A-Z][a-z]+-[a-z]+)(?![\w-])")
_DELEGATION = re.compile(
    r"\b(?P<demonym>[A-Z][a-z]+)\s+delegation\s+"
    r"(?:included|includes|comprised|consisted of|was led by|was headed by)\b"
)
_COUNTERPART = re.compile(r"\b(?:his|her|their|its)\s+(?P<demonym>[A-Z][a-z]+)\s+counterparts?\s*,?\s+")
_QUALIFIER = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?")
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")
_POST_JOIN = re.compile(r"\s*(?:and|&|,)\s*")


@dataclass
class PersonMention:
    """One place where a person is named, with what that place says about them."""

    start: int
    end: int
    sentence: int
    name: str
    posts: list[PostEntry] = field(default_factory=list)
    country: str | None = None
    organization: str | None = None
    honorifics: list[str] = field(default_factory=list)
    person: str | None = None


@dataclass
class PostMention:
    """A post named with nobody's name ("The Prime Minister welcomed ...")."""

    start: int
    end: int
    sentence: int
    posts: list[PostEntry]
    country: str | None


@dataclass
class PeopleResult:
    people: list[Person]
    mentions: list[PersonMention]
    unnamed_posts: list[PostMention]


class PeopleExtractor:
    def __init__(self, context: ReleaseContext) -> None:
        self.ctx = context
        self.text = context.text
        self.m = context.matchers

    # -- name reading -------------------------------------------------------------------
    def _name_at(self, pos: int, limit: int) -> tuple[int, int, str, list[str]] | None:
        """Read honorifics and a name starting at ``pos``; return (start, end, name, honorifics)."""
        honorifics: list[str] = []
        h = self.m.honorifics.match(self.text, pos, limit)
        if h and h.end() > pos:
            honorifics = [x.group(0).strip() for x in self.m.honorific.finditer(h.group(0))]
            pos = h.end()
        match = NAME.match(self.text, pos, limit)
        if not match:
            return None
        tokens = re.findall(rf"{_PARTICLES}|{_TOKEN}", match.group(0))
        kept: list[str] = []
        for token in tokens:
            if token.casefold() in _NOT_NAMES or (
                token.casefold() in self.m.title_words and not token.isupper()
            ):
                break
            if token.isupper() and len(token) > 1 and self._is_known_acronym(token):
                break
            kept.append(token)
        while kept and re.fullmatch(_PARTICLES, kept[-1]):
            kept.pop()
        if not kept or all(len(t.rstrip(".")) == 1 for t in kept):
            return None
        end = match.start()
        for token in kept:
            end = self.text.index(token, end) + len(token)
        if len(kept) == 1:
            given = _COMMA_GIVEN_NAME.match(self.text, end, limit)
            if given:  # "Choi, Min-seo": family name, comma, hyphenated given name
                end = given.end()
        return match.start(), end, self.text[match.start() : end], honorifics

    def _is_known_acronym(self, token: str) -> bool:
        return token in self.m.countries.exact or token in self.m.organizations.exact

    def _mentions_at(self, mentions: list[Mention], pos: int) -> Mention | None:
        for mention in mentions:
            if mention.start == pos:
                return mention
        return None

    # -- post phrases -------------------------------------------------------------------
    def _post_phrases(self, start: int, end: int) -> list[tuple[int, int, list[PostEntry]]]:
        phrases: list[tuple[int, int, list[PostEntry]]] = []
        for m in self.m.posts.finditer(self.text, start, end):
            entry = self.m.post_by_surface.get(m.group(0).casefold())
            if not isinstance(entry, PostEntry):
                continue
            if m.group(0).endswith("s") and self.text[m.end() : m.end() + 1] == "s":
                continue
            if phrases and _POST_JOIN.fullmatch(self.text[phrases[-1][1] : m.start()]):
                s, _, entries = phrases[-1]
                phrases[-1] = (s, m.end(), [*entries, entry])
            else:
                phrases.append((m.start(), m.end(), [entry]))
        return [p for p in phrases if not self._plural(p[1])]

    def _plural(self, end: int) -> bool:
        return self.text[end : end + 1] == "s" and self.text[end : end + 2] != "s’"

    def _qualifiers(self, pos: int, limit: int) -> tuple[int, str | None, str | None]:
        """Consume "of China", "of the European Union (EU) for Foreign Affairs ..." after a post."""
        country: str | None = None
        organization: str | None = None
        while True:
            q = _QUALIFIER.match(self.text, pos, limit)
            if not q:
                break
            at = q.end()
            c = self._mentions_at(self.ctx.country_mentions, at)
            o = self._mentions_at(self.ctx.organization_mentions, at)
            if c is not None and c.kind == "country":
                country = country or c.key
                at = c.end
            elif o is not None:
                organization = organization or o.key
                at = o.end
            else:
                words = re.match(r"(?:(?:[A-Z][\w’'-]*|and|the|of)\s*)+", self.text[at:limit])
                if not words:
                    break
                consumed = 0
                for w in re.finditer(r"\S+\s*", words.group(0)):
                    word = w.group(0).strip()
                    if word[0].isupper() and word.casefold() not in self.m.title_words:
                        break
                    consumed = w.end()
                if consumed == 0:
                    break
                at += len(words.group(0)[:consumed].rstrip())
            paren = re.match(r"\s*\([A-Z]{2,}\)", self.text[at:limit])
            if paren:
                at += paren.end()
            pos = at
        return pos, country, organization

    def _modifier_before(self, start: int) -> str | None:
        """A state named just before a post: "US Secretary of State", "Australian Deputy ..."."""
        for mention in self.ctx.country_mentions:
            if mention.end <= start and re.fullmatch(r"(?:'s|’s)?\s*", self.text[mention.end : start]):
                return mention.key
        return None

    # -- main -------------------------------------------------------------------------------
    def mentions(self) -> tuple[list[PersonMention], list[PostMention]]:
        found: list[PersonMention] = []
        unnamed: list[PostMention] = []
        for sentence in self.ctx.release.sentences:
            s_start, s_end = sentence.start, sentence.end
            taken: list[tuple[int, int]] = []
            for p_start, p_end, posts in self._post_phrases(s_start, s_end):
                after, country, organization = self._qualifiers(p_end, s_end)
                country = country or self._modifier_before(p_start)
                gap = re.match(r"[ \t]*", self.text[after:s_end])
                name = self._name_at(after + (gap.end() if gap else 0), s_end)
                if name is None:
                    name = self._name_before(p_start, s_start)
                if name is None:
                    unnamed.append(PostMention(p_start, p_end, sentence.index, posts, country))
                    continue
                n_start, n_end, surface, honorifics = name
                tail = _OF_COUNTRY.match(self.text, n_end, s_end)
                if tail:
                    c = self._mentions_at(self.ctx.country_mentions, tail.end())
                    o = self._mentions_at(self.ctx.organization_mentions, tail.end())
                    if c is not None:
                        country = country or c.key
                    elif o is not None and country is None:
                        organization = organization or o.key
                found.append(
                    PersonMention(
                        n_start,
                        n_end,
                        sentence.index,
                        surface,
                        list(posts),
                        country,
                        organization,
                        honorifics,
                    )
                )
                taken.append((n_start, n_end))
            for cp in _COUNTERPART.finditer(self.text, s_start, s_end):
                demonym = self.m.demonyms.find(cp.group("demonym"), "demonym")
                name = self._name_at(cp.end(), s_end)
                if name is None or not demonym:
                    continue
                subject_posts = next(
                    (pm.posts for pm in reversed(found) if pm.sentence == sentence.index and pm.posts),
                    [],
                )
                found.append(
                    PersonMention(
                        name[0],
                        name[1],
                        sentence.index,
                        name[2],
                        list(subject_posts),
                        demonym[0].key,
                        None,
                        name[3],
                    )
                )
                taken.append((name[0], name[1]))
            for known in self.m.people.find(self.text, "person", s_start, s_end):
                if any(not (known.end <= a or known.start >= b) for a, b in taken):
                    continue
                found.append(PersonMention(known.start, known.end, sentence.index, known.surface))
                taken.append((known.start, known.end))
        found += self._bare_surnames(found)
        self._delegations(found)
        return sorted(found, key=lambda pm: pm.start), unnamed

    def _delegations(self, found: list[PersonMention]) -> None:
        """ "The Nigerian delegation included Vice Minister Emeka Obi": members take its state."""
        for m in _DELEGATION.finditer(self.text):
            demonym = self.m.demonyms.find(m["demonym"], "demonym")
            sentence = self.ctx.sentence_at(m.start())
            if not demonym or sentence is None:
                continue
            for pm in found:
                if m.end() <= pm.start < sentence.end and pm.country is None and pm.organization is None:
                    pm.country = demonym[0].key

    def _bare_surnames(self, found: list[PersonMention]) -> list[PersonMention]:
        """ "KARIMOV welcomed ...", "Wang Yi said ...": a name of a person already met, alone."""
        taken = [(pm.start, pm.end) for pm in found]
        taken += [(m.start, m.end) for m in self.ctx.country_mentions + self.ctx.organization_mentions]
        tokens = {
            token
            for pm in found
            if len(pm.name.split()) >= 2
            for token in pm.name.split()
            if len(token) >= 3 and token[0].isupper() and token.casefold() not in self.m.title_words
        }
        extra: list[PersonMention] = []
        for token in sorted(tokens):
            pattern = rf"(?<![\w-])(?:{re.escape(token)}|{re.escape(token.upper())})(?![\w-])(?!\s+[A-Z])"
            for m in re.finditer(pattern, self.text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                sentence = self.ctx.sentence_at(m.start())
                if sentence is not None:
                    extra.append(PersonMention(m.start(), m.end(), sentence.index, m.group(0)))
                    taken.append((m.start(), m.end()))
        return extra

    def _name_before(self, post_start: int, s_start: int) -> tuple[int, int, str, list[str]] | None:
        """ "Mr. Taro Kono, Minister for Foreign Affairs": the name sits before a comma."""
        before = self.text[s_start:post_start]
        gap = _APPOSITION_GAP.search(before)
        if gap is None and self.m.honorific_suffixes.match(
            " " + self.text[post_start : post_start + 12].split(",")[0]
        ):
            gap = re.search(r"\s+$", before)  # "Oliver Pembroke MP, Foreign Secretary": MP follows the name
        if gap is None:
            return None
        head = before[: gap.start()]
        suffix = self.m.honorific_suffixes.search(head)  # "Oliver Pembroke MP"
        suffixes = (
            [s.strip(", ") for s in re.split(r",?\s+", suffix.group(0)) if s.strip(", ")] if suffix else []
        )
        if suffix:
            head = head[: suffix.start()]
        candidate = _NAME_AT_END.search(head)
        if candidate is None:
            return None
        start = s_start + candidate.start()
        # widen to include honorifics written just before the name
        h_start = start
        for h in self.m.honorifics.finditer(self.text, max(s_start, start - 40), start):
            if h.end() == start:
                h_start = h.start()
        read = self._name_at(h_start, s_start + len(head))
        if read is None or read[1] != s_start + len(head):
            return None
        return read[0], read[1], read[2], [*read[3], *suffixes]


def canonical_name(surface: str) -> str:
    """ "MOTEGI Toshimitsu" -> "Toshimitsu Motegi"; drop middle initials and "Jr."."""
    name = re.sub(r",?\s+Jr\.?$", "", surface.strip())
    name = re.sub(r"[’']s$", "", name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        name = f"{family} {given}"
    tokens = name.split()
    if len(tokens) >= 2 and tokens[0].isupper() and len(tokens[0]) > 1 and not tokens[1].isupper():
        tokens = [*tokens[1:], tokens[0].capitalize()]
    tokens = [t.capitalize() if t.isupper() and len(t) > 2 else t for t in tokens]
    kept = [
        t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and re.fullmatch(r"(?:[A-Z]\.)+", t))
    ]
    return " ".join(kept)


@dataclass
class _Record:
    """What the mentions of one person say, merged."""

    posts: list[Post] = field(default_factory=list)
    country: str | None = None
    organization: str | None = None
    honorifics: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, pm: PersonMention, evidence: Evidence, honorific_posts: dict[str, str]) -> None:
        titles = [(e.title, e.country, e.organization) for e in pm.posts]
        titles += [
            (honorific_posts[h.casefold()], None, None)
            for h in pm.honorifics
            if h.casefold() in honorific_posts
        ]
        for title, default_country, default_organization in titles:
            organization = pm.organization or default_organization
            country = None if organization else pm.country or default_country
            post = Post(title, country, organization)
            if any(_generalises(p.title, post.title) for p in self.posts):
                continue
            self.posts[:] = [p for p in self.posts if not _generalises(post.title, p.title)]
            self.posts.append(post)
        self.country = self.country or pm.country
        self.organization = self.organization or pm.organization
        self.honorifics.extend(h for h in pm.honorifics if h not in self.honorifics)
        if evidence not in self.evidence:
            self.evidence.append(evidence)


def _resolve(context: ReleaseContext, mentions: list[PersonMention]) -> dict[str, PersonEntry]:
    """Give every mention its person's canonical name; return the lexicon entries used."""
    lexicon_people = context.matchers.lexicon.people
    alias_to_entry: dict[str, PersonEntry] = {}
    for entry in lexicon_people:
        for alias in (entry.name, *entry.aliases):
            alias_to_entry.setdefault(alias.casefold(), entry)
    full: dict[str, None] = {}  # in order of first mention: a set's order changes from run to run
    entries: dict[str, PersonEntry] = {}
    for pm in mentions:
        name = canonical_name(pm.name)
        known = alias_to_entry.get(pm.name.casefold()) or alias_to_entry.get(name.casefold())
        if known is not None:
            name = known.name
            entries[name] = known
        if len(name.split()) >= 2:
            pm.person = name
            full[name] = None
    for pm in mentions:
        if pm.person is not None:
            continue
        token = canonical_name(pm.name).casefold()
        candidates = [n for n in full if token in (t.casefold() for t in re.split(r"[\s-]", n))]
        if not candidates:
            candidates = [n for n in full if _glued_to(token, n)]
        if not candidates:
            matches = [
                e
                for e in lexicon_people
                if token in (t.casefold() for t in e.name.split()) and _compatible(pm, e)
            ]
            if matches:
                entries[matches[0].name] = matches[0]
                candidates = [matches[0].name]
        pm.person = candidates[0] if candidates else canonical_name(pm.name)
    return entries


def extract_people(context: ReleaseContext) -> PeopleResult:
    mentions, unnamed = PeopleExtractor(context).mentions()
    entries = _resolve(context, mentions)
    records: dict[str, _Record] = {}
    for pm in mentions:
        records.setdefault(pm.person or pm.name, _Record()).add(
            pm, context.evidence(pm.sentence), context.matchers.honorific_posts
        )

    result: list[Person] = []
    for name, record in records.items():
        entry = entries.get(name)
        country = record.country or next((p.country for p in record.posts if p.country), None)
        organization = record.organization or next(
            (p.organization for p in record.posts if p.organization), None
        )
        if entry is not None:
            country = country or entry.country
            organization = organization or entry.organization
        if country is None and organization is None and record.posts:
            country = context.home_country
            organization = context.home_organization if country is None else None
        posts = tuple(
            Post(p.title, p.country or (None if p.organization else country), p.organization)
            for p in record.posts
        )
        result.append(
            Person(
                key=slugify(name),
                name=name,
                country=country,
                organization=organization,
                posts=posts,
                honorifics=tuple(record.honorifics),
                wikidata=entry.wikidata if entry is not None else None,
                evidence=tuple(record.evidence),
            )
        )
    return PeopleResult(result, mentions, unnamed)


def _glued_to(token: str, name: str) -> bool:
    """ "Kangshared" is "Kang" glued to the next word (a lost space in the source page)."""
    return any(
        len(part) >= 2
        and token.startswith(part.casefold())
        and token[len(part) :].isalpha()
        and len(token) - len(part) >= 2
        for part in name.split()[:1]
    )


def _generalises(specific: str, general: str) -> bool:
    """True when ``general`` adds nothing to ``specific`` ("Minister" after "Minister of ...")."""
    s, g = specific.casefold(), general.casefold()
    return s == g or (g in s and len(g.split()) < len(s.split()))


def _compatible(mention: PersonMention, entry: PersonEntry) -> bool:
    if mention.country and entry.country and mention.country != entry.country:
        return False
    if not mention.posts:
        return True
    titles = " ".join(entry.posts).casefold()
    return any(p.title.casefold().split()[-1] in titles for p in mention.posts)
