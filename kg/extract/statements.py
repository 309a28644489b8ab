"""Speech acts: who agreed, proposed, asked, supported ... whom, about what.

For each act verb of ``act_verbs.csv`` in a sentence the speaker is the actor just
before it (a person, "the two sides", "They", "He", a state or "the Chinese side");
a verb after "and" with no subject of its own shares the previous verb's speaker.
Group subjects expand to the principals of the release's main meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import ReleaseContext
from kg.extract.initiatives import InitiativeMention
from kg.extract.people import PersonMention, PostMention
from kg.iris import slugify
from kg.model import ActorKind, ActorRef, Meeting, Modality, Sentence, Statement

_GROUP = re.compile(
    r"\b(?:the\s+)?(?:two|three|four|both|all)\s+(?:sides|ministers|foreign\s+ministers|leaders|"
    r"top\s+diplomats|presidents|countries|governments|delegations|participants)\b|\bboth\s+(?:sides|leaders|ministers)\b"
    r"|\bthe\s+participants\b|\bthe\s+(?:meeting|dialogue)\b|\bthey\b|\bwe\b|\bministers\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I)\b")
_SIDE = re.compile(r"\bthe\s+(?P<who>[A-Z][\w-]+)\s+side\b")
_GAP = re.compile(
    r"^(?:\s*(?:,\s*)?(?:also|then|further|furthermore|highly|once again|again|strongly|fully|"
    r"jointly|both|all|firmly|repeatedly|warmly|deeply|sincerely|actively|each|would|will|should|"
    r"could|had|have|has|that they|that)\s*)*\s*$",
    re.IGNORECASE,
)
_AND_BEFORE = re.compile(
    r"(?:,\s*|\s)(?:and|but|while|as well as)\s+(?:(?:also|then|further|\w+ly)\s+){0,2}$", re.IGNORECASE
)
_INFINITIVE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|as)\s+$", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless|provided that|in case)\b", re.IGNORECASE)
_RESPONSE = re.compile(
    r"^\s*(?:in response|responding)\b|\bresponded\b|\bin response to which\b|\bto which\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Speaker:
    refs: tuple[ActorRef, ...]
    end: int


class StatementExtractor:
    def __init__(
        self,
        ctx: ReleaseContext,
        people: list[PersonMention],
        unnamed: list[PostMention],
        initiatives: list[InitiativeMention],
        main: Meeting | None,
    ) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.people = people
        self.unnamed = unnamed
        self.initiatives = initiatives
        self.main = main
        self.principals = tuple(main.participants) if main else ()
        self.last_person: ActorRef | None = None
        self.person_countries: dict[str, str] = {}

    def _person_ref(self, pm: PersonMention) -> ActorRef:
        return ActorRef(ActorKind.PERSON, slugify(pm.person or pm.name))

    def _principal_for_country(self, iso3: str) -> ActorRef:
        for ref in self.principals:
            if ref.kind is ActorKind.PERSON and self._country_of(ref) == iso3:
                return ref
        return ActorRef(ActorKind.COUNTRY, iso3)

    def _country_of(self, ref: ActorRef) -> str | None:
        for pm in self.people:
            if pm.person and slugify(pm.person) == ref.key:
                for other in self.people:
                    if other.person == pm.person and other.country:
                        return other.country
        return self.person_countries.get(ref.key)

    def _subject(self, sentence: Sentence, verb_start: int) -> _Speaker | None:
        """The actor written just before the verb, with only adverbs between."""
        candidates: list[tuple[int, int, tuple[ActorRef, ...]]] = []
        for pm in self.people:
            if sentence.start <= pm.start and pm.end <= verb_start:
                candidates.append((pm.start, pm.end, (self._person_ref(pm),)))
        for um in self.unnamed:
            if sentence.start <= um.start and um.end <= verb_start:
                country = um.country or self.ctx.home_country
                if country:
                    candidates.append(
                        (
                            um.start,
                            um.end,
                            (
                                self._principal_for_country(country)
                                if um.country
                                else ActorRef(ActorKind.COUNTRY, country),
                            ),
                        )
                    )
        for m in self.ctx.mentions_in(self.ctx.country_mentions, sentence.start, verb_start):
            side = self.text[m.end : m.end + 6]
            candidates.append(
                (
                    m.start,
                    m.end + (5 if side.startswith(" side") else 0),
                    (
                        self._principal_for_country(m.key)
                        if side.startswith(" side")
                        else ActorRef(ActorKind.COUNTRY, m.key),
                    ),
                )
            )
        for m in self.ctx.mentions_in(self.ctx.organization_mentions, sentence.start, verb_start):
            candidates.append((m.start, m.end, (ActorRef(ActorKind.ORGANIZATION, m.key),)))
        for group in _GROUP.finditer(self.text, sentence.start, verb_start):
            if group.group(0).casefold() != "we" and self.principals:
                candidates.append((group.start(), group.end(), self.principals))
        for pronoun in _PRONOUN.finditer(self.text, sentence.start, verb_start):
            if self.last_person is not None:
                candidates.append((pronoun.start(), pronoun.end(), (self.last_person,)))
        if self.ctx.home_country:
            home = (ActorRef(ActorKind.COUNTRY, self.ctx.home_country),)
            for first in _FIRST_PERSON.finditer(self.text, sentence.start, verb_start):
                candidates.append((first.start(), first.end(), home))
        best: tuple[int, int, tuple[ActorRef, ...]] | None = None
        for c in candidates:
            between = self.text[c[1] : verb_start]
            between = re.sub(r"[’']s\b", "", between)
            if _GAP.match(between) and (
                best is None or c[1] > best[1] or (c[1] == best[1] and c[0] < best[0])
            ):
                best = c
        if best is None:
            return None
        return _Speaker(best[2], best[1])

    def _addressees(self, sentence: Sentence, start: int) -> tuple[ActorRef, ...]:
        window_end = min(sentence.end, start + 60)
        for pm in self.people:
            if start <= pm.start < window_end and re.fullmatch(
                r"\s*(?:for\s+|to\s+)?(?:the\s+)?(?:[A-Z][\w-]*\s+){0,6}",
                self.text[start : pm.start],
            ):
                return (self._person_ref(pm),)
        for m in self.ctx.country_mentions:
            if start <= m.start < window_end and re.fullmatch(
                r"\s*(?:for\s+|to\s+)?(?:the\s+)?(?:people\s+of\s+)?", self.text[start : m.start]
            ):
                side = self.text[m.end : m.end + 6].startswith(" side")
                return (self._principal_for_country(m.key) if side else ActorRef(ActorKind.COUNTRY, m.key),)
        for m in self.ctx.organization_mentions:
            if start <= m.start < window_end and re.fullmatch(r"\s*(?:the\s+)?", self.text[start : m.start]):
                return (ActorRef(ActorKind.ORGANIZATION, m.key),)
        return ()

    def run(self) -> list[Statement]:
        statements: list[Statement] = []
        forms = self.ctx.matchers.act_forms
        for sentence in self.ctx.release.sentences:
            previous: _Speaker | None = None
            previous_end = sentence.start
            verbs = [
                v
                for v in self.ctx.matchers.acts.finditer(self.text, sentence.start, sentence.end)
                if not _INFINITIVE.search(self.text, max(sentence.start, v.start() - 24), v.start())
            ]
            for i, v in enumerate(verbs):
                act, takes_addressee = forms[v.group(0).casefold()]
                before = self.text[sentence.start : v.start()]
                if _PASSIVE.search(before[-12:]):
                    continue
                speaker = self._subject(sentence, v.start())
                if speaker is None and previous is not None:
                    gap = self.text[previous_end : v.start()]
                    before_verb = self.text[max(previous_end, v.start() - 40) : v.start()]
                    if _GAP.match(gap) or _AND_BEFORE.search(before_verb):
                        speaker = previous
                if speaker is None:
                    continue
                complement_end = verbs[i + 1].start() if i + 1 < len(verbs) else sentence.end
                addressees = self._addressees(sentence, v.end()) if takes_addressee else ()
                about = tuple(
                    dict.fromkeys(m.key for m in self.initiatives if v.end() <= m.start < complement_end)
                )
                modality = (
                    Modality.CONDITIONAL
                    if _CONDITION.search(self.text, v.end(), complement_end)
                    else Modality.ASSERTED
                )
                key = f"s{v.start()}"
                in_response_to = None
                if _RESPONSE.search(self.text[sentence.start : v.end()]) and statements:
                    in_response_to = next(
                        (s.key for s in reversed(statements) if set(s.speakers) != set(speaker.refs)),
                        None,
                    )
                original = self.ctx.release.text[v.end() : complement_end]
                topic = re.sub(r"\s+", " ", original).strip(" ,.;")[:200] or None
                statements.append(
                    Statement(
                        key=key,
                        act=act,
                        speakers=speaker.refs,
                        evidence=(self.ctx.evidence(sentence),),
                        addressees=addressees,
                        about=about,
                        topic=topic,
                        modality=modality,
                        in_response_to=in_response_to,
                        meeting=self.main.key if self.main and self.main.status.value == "held" else None,
                    )
                )
                previous = speaker
                previous_end = v.end()
                persons = [r for r in speaker.refs if r.kind is ActorKind.PERSON]
                if len(speaker.refs) == 1 and persons:
                    self.last_person = persons[0]
        return statements


def extract_statements(
    ctx: ReleaseContext,
    people: list[PersonMention],
    unnamed: list[PostMention],
    initiatives: list[InitiativeMention],
    main: Meeting | None,
    person_countries: dict[str, str],
) -> list[Statement]:
    extractor = StatementExtractor(ctx, people, unnamed, initiatives, main)
    extractor.person_countries = person_countries
    return extractor.run()
