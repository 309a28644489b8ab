"""Speech acts: who agreed, proposed, asked, supported ... whom, about what.

For each act verb of ``act_verbs.csv`` in a sentence the speaker is the actor written just
before it (a person, "the two sides", "They", "He", "We", a state, "the Chinese side", "The
Secretary"), together with actors coordinated with it ("Secretary Blinken and Foreign
Minister Chung", "Foreign Minister Kang and I"). A verb with no subject of its own shares
the previous verb's speaker after "and" / "along with"; a participle that opens a sentence
("Exchanging views on ..., the two ministers agreed") takes the speaker that follows it.
Group subjects expand to the principals of the release's main meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import ReleaseContext
from kg.extract.initiatives import InitiativeMention
from kg.extract.people import PersonMention, PostMention
from kg.iris import slugify
from kg.model import ActorKind, ActorRef, Meeting, MeetingStatus, Modality, Sentence, Statement

_GROUP = re.compile(
    r"\b(?:the\s+)?(?:two|three|four|five|both|all)\s+(?:sides|ministers|foreign\s+ministers|leaders|"
    r"top\s+diplomats|presidents|countries|governments|delegations|participants|parties)\b"
    r"|\bboth\s+(?:sides|leaders|ministers)\b|\bthe\s+participa(?:nts|ting\s+countries)\b"
    r"|\bthe\s+(?:meeting|dialogue)\b|\bthey\b|\bministers\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:he|she|the country)\b", re.IGNORECASE)
_WE = re.compile(r"\b(?:I|we|We)\b")
_AND_LINK = re.compile(r"^\s*,?\s*(?:and|&)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,6}$")
_COMMA_LINK = re.compile(r"^\s*,\s*(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,6}$")
_GAP = re.compile(
    r"^(?:\s*(?:,\s*)?(?:also|then|further|furthermore|highly|once again|again|strongly|fully|"
    r"jointly|both|all|firmly|repeatedly|warmly|deeply|sincerely|actively|each|would|will|should|"
    r"could|had|have|has|that they|that|side)\s*)*\s*$",
    re.IGNORECASE,
)
_AND_BEFORE = re.compile(
    r"(?:,\s*|\s)(?:and|but|while|as well as|along with)\s+(?:(?:also|then|further|\w+ly)\s+){0,2}$",
    re.IGNORECASE,
)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:for|the|a|an|its|their|his|her|our|full|strong|continued|in|and|follow-up|of)|'s)\s+$",
    re.IGNORECASE,
)
_CALL_ON = re.compile(r"(?:call|calls|called|calling)\s+(?:up)?on", re.IGNORECASE)
_ASKED_TO = re.compile(r"\s+(?!and\b|or\b|but\b|was\b|were\b|by\b)[^.;]{1,80}?\bto\s+[a-z]+")
_INFINITIVE = re.compile(r"(?<!opportunity )\bto\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|as)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_OPENING = re.compile(r"^\s*(?:(?:furthermore|moreover|also|in addition|meanwhile),?\s+)?$", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless|provided that|in case)\b", re.IGNORECASE)
_RESPONSE = re.compile(
    r"^\s*(?:in response|responding)\b|\bresponded\b|\bin response to which\b|\bto which\b", re.IGNORECASE
)
_REPORTING = frozenset({"state", "emphasize"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    refs: tuple[ActorRef, ...]


class StatementExtractor:
    def __init__(
        self,
        ctx: ReleaseContext,
        people: list[PersonMention],
        unnamed: list[PostMention],
        initiatives: list[InitiativeMention],
        main: Meeting | None,
        person_countries: dict[str, str],
    ) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.people = people
        self.unnamed = unnamed
        self.initiatives = initiatives
        self.main = main
        self.principals = tuple(main.participants) if main else ()
        self.person_countries = person_countries
        self.last_person: ActorRef | None = None
        self.paragraph_speaker: tuple[int, ActorRef] | None = None
        self.titles = self._titles()

    # -- who is who ------------------------------------------------------------------------
    def _titles(self) -> dict[str, list[ActorRef]]:
        """Post title -> the named people of the release who hold it ("the Secretary")."""
        titles: dict[str, list[ActorRef]] = {}
        for pm in self.people:
            ref = self._person_ref(pm)
            for post in pm.posts:
                for word in {post.title.casefold(), post.surface.casefold()}:
                    if ref not in titles.setdefault(word, []):
                        titles[word].append(ref)
        return titles

    def _person_ref(self, pm: PersonMention) -> ActorRef:
        return ActorRef(ActorKind.PERSON, slugify(pm.person or pm.name))

    def _principal_for_country(self, iso3: str) -> ActorRef:
        for ref in self.principals:
            if ref.kind is ActorKind.PERSON and self.person_countries.get(ref.key) == iso3:
                return ref
        return ActorRef(ActorKind.COUNTRY, iso3)

    def _unnamed_ref(self, um: PostMention) -> ActorRef | None:
        """ "The Secretary" is the release's one Secretary; else the post's state."""
        for post in um.posts:
            for key in (post.surface.casefold(), post.title.casefold()):
                holders = self.titles.get(key, []) or [
                    ref
                    for title, refs in self.titles.items()
                    if re.search(rf"\b{re.escape(key)}\b", title)
                    for ref in refs
                ]
                holders = list(dict.fromkeys(holders))
                if len(holders) == 1:
                    return holders[0]
                principal = [h for h in holders if h in self.principals]
                if len(principal) == 1:
                    return principal[0]
        country = um.country or self.ctx.home_country
        return ActorRef(ActorKind.COUNTRY, country) if country else None

    def _last_mentioned(self, before: int) -> ActorRef | None:
        """The person named last before ``before`` (for "He ..." when no statement named one)."""
        earlier = [pm for pm in self.people if pm.end <= before]
        return self._person_ref(earlier[-1]) if earlier else None

    def _quoted_speaker(self, sentence: Sentence, pos: int) -> ActorRef | None:
        """'Seo said, "I welcome ..."': inside a quotation, I/we is the person who speaks it."""
        segment = self.text[sentence.start : pos]
        if segment.count('"') % 2 == 0 and segment.rfind("\u201c") <= segment.rfind("\u201d"):
            return None
        opening = sentence.start + max(segment.rfind('"'), segment.rfind("\u201c"))
        speakers = [pm for pm in self.people if sentence.start <= pm.start and pm.end <= opening]
        return self._person_ref(speakers[0]) if speakers else None

    def _candidates(self, sentence: Sentence, limit: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        start = sentence.start
        for pm in self.people:
            if start <= pm.start and pm.end <= limit:
                found.append(_Candidate(pm.start, pm.end, (self._person_ref(pm),)))
        for um in self.unnamed:
            if start <= um.start and um.end <= limit and (ref := self._unnamed_ref(um)) is not None:
                found.append(_Candidate(um.start, um.end, (ref,)))
        person_ends = [pm.end for pm in self.people if start <= pm.start and pm.end <= limit]
        for m in self.ctx.mentions_in(self.ctx.country_mentions, start, limit):
            if any(re.fullmatch(r"\s+of\s+(?:the\s+)?", self.text[end : m.start]) for end in person_ends):
                continue
            side = self.text[m.end : m.end + 5] == " side"
            ref = self._principal_for_country(m.key) if side else ActorRef(ActorKind.COUNTRY, m.key)
            if self.paragraph_speaker and self.paragraph_speaker[0] == sentence.paragraph:
                speaker = self.paragraph_speaker[1]
                if self.person_countries.get(speaker.key) == m.key:
                    ref = speaker
            found.append(_Candidate(m.start, m.end + (5 if side else 0), (ref,)))
        for m in self.ctx.mentions_in(self.ctx.organization_mentions, start, limit):
            found.append(_Candidate(m.start, m.end, (ActorRef(ActorKind.ORGANIZATION, m.key),)))
        for group in _GROUP.finditer(self.text, start, limit):
            if self.principals:
                found.append(_Candidate(group.start(), group.end(), self.principals))
        for pronoun in _PRONOUN.finditer(self.text, start, limit):
            antecedent = self.last_person or self._last_mentioned(pronoun.start())
            if antecedent is not None:
                found.append(_Candidate(pronoun.start(), pronoun.end(), (antecedent,)))
        for we in _WE.finditer(self.text, start, limit):
            quoted = self._quoted_speaker(sentence, we.start())
            if quoted is not None:
                found.append(_Candidate(we.start(), we.end(), (quoted,)))
            elif self.paragraph_speaker and self.paragraph_speaker[0] == sentence.paragraph:
                found.append(_Candidate(we.start(), we.end(), (self.paragraph_speaker[1],)))
            elif self.ctx.home_country:
                found.append(
                    _Candidate(we.start(), we.end(), (ActorRef(ActorKind.COUNTRY, self.ctx.home_country),))
                )
        return found

    def _subject(self, sentence: Sentence, verb_start: int) -> tuple[ActorRef, ...] | None:
        """The actor just before the verb, with only adverbs between, and those joined to it by "and"."""
        candidates = self._candidates(sentence, verb_start)
        best: _Candidate | None = None
        for c in candidates:
            between = re.sub(r"[’']s\b", "", self.text[c.end : verb_start])
            between = re.sub(r"^\s+of\s+(?:the\s+)?[A-Z][\w .-]*?(?=\s+\w+$|$)", "", between)
            if _GAP.match(between) and (
                best is None or c.end > best.end or (c.end == best.end and c.start < best.start)
            ):
                best = c
        if best is None:
            return None
        refs = list(best.refs)
        head = best
        link = _AND_LINK
        while True:
            joined = [
                c for c in candidates if c.end <= head.start and link.match(self.text[c.end : head.start])
            ]
            if not joined:
                break
            head = max(joined, key=lambda c: (c.end, -c.start))
            refs[:0] = [r for r in head.refs if r not in refs]
            link = _COMMA_LINK
        return tuple(refs)

    def _clause_subject(self, sentence: Sentence, verb_start: int) -> tuple[ActorRef, ...] | None:
        """The subject of a sentence whose first verb is no act: "Kang met with Kono ..., and
        exchanged views" (the meeting's principals), "Minister Kang shared ..., and stressed"."""
        if self.main is not None and any(e.sentence == sentence.index for e in self.main.evidence):
            return self.principals or None
        first = min(self._candidates(sentence, verb_start), key=lambda c: c.start, default=None)
        if (
            first is not None
            and first.start - sentence.start < 40
            and all(r.kind is ActorKind.PERSON for r in first.refs)
        ):
            return first.refs
        return None

    def _addressees(self, sentence: Sentence, start: int) -> tuple[ActorRef, ...]:
        window_end = min(sentence.end, start + 60)
        for pm in self.people:
            if start <= pm.start < window_end and re.fullmatch(
                r"\s*(?:for\s+|to\s+)?(?:the\s+)?(?:[A-Z][\w.-]*\s+){0,6}", self.text[start : pm.start]
            ):
                return (self._person_ref(pm),)
        for m in self.ctx.country_mentions:
            if start <= m.start < window_end and re.fullmatch(
                r"\s*(?:for\s+|to\s+)?(?:the\s+)?(?:people\s+of\s+)?", self.text[start : m.start]
            ):
                side = self.text[m.end : m.end + 5] == " side"
                return (self._principal_for_country(m.key) if side else ActorRef(ActorKind.COUNTRY, m.key),)
        for m in self.ctx.organization_mentions:
            if start <= m.start < window_end and re.fullmatch(r"\s*(?:the\s+)?", self.text[start : m.start]):
                return (ActorRef(ActorKind.ORGANIZATION, m.key),)
        return ()

    # -- the verbs of a sentence -------------------------------------------------------------
    def _verbs(self, sentence: Sentence) -> list[re.Match[str]]:
        """Act verbs used as verbs: not infinitives ("to support"), passives or nouns."""
        verbs: list[re.Match[str]] = []
        for v in self.ctx.matchers.acts.finditer(self.text, sentence.start, sentence.end):
            before = self.text[max(sentence.start, v.start() - 24) : v.start()]
            if _INFINITIVE.search(before) or _PASSIVE.search(before):
                continue
            if v.group(0).casefold() in self.ctx.matchers.noun_like_forms and _NOUN_BEFORE.search(before):
                continue
            if _CALL_ON.fullmatch(v.group(0)) and not _ASKED_TO.match(self.text, v.end(), sentence.end):
                continue  # "Song Tao called on Minister Balakrishnan": a courtesy call, not a request
            verbs.append(v)
        return verbs

    def run(self) -> list[Statement]:
        statements: list[Statement] = []
        forms = self.ctx.matchers.act_forms
        for sentence in self.ctx.release.sentences:
            verbs = self._verbs(sentence)
            speakers: list[tuple[ActorRef, ...] | None] = []
            for v in verbs:
                refs = self._subject(sentence, v.start())
                before = self.text[sentence.start : v.start()]
                earlier = next(
                    ((j, s) for j, s in reversed(list(enumerate(speakers))) if s is not None), None
                )
                if (
                    refs is None
                    and earlier is not None
                    and (
                        _GAP.match(self.text[verbs[earlier[0]].end() : v.start()])
                        or _AND_BEFORE.search(before[-40:])
                    )
                ):
                    refs = earlier[1]
                if refs is None and earlier is None and _AND_BEFORE.search(before[-40:]):
                    refs = self._clause_subject(sentence, v.start())
                speakers.append(refs)
                if refs is not None and len(refs) == 1 and refs[0].kind is ActorKind.PERSON:
                    self.last_person = refs[0]
            for i, v in enumerate(verbs):
                before = self.text[sentence.start : v.start()]
                if (
                    speakers[i] is None
                    and v.group(0).casefold().split()[0].endswith("ing")
                    and _OPENING.match(before)
                ):
                    speakers[i] = next((s for s in speakers[i + 1 :] if s is not None), None)
            for i, v in enumerate(verbs):
                refs = speakers[i]
                if refs is None:
                    continue
                act, takes_addressee = forms[v.group(0).casefold()]
                complement_end = verbs[i + 1].start() if i + 1 < len(verbs) else sentence.end
                in_response_to = None
                if _RESPONSE.search(self.text[sentence.start : v.end()]) and statements:
                    in_response_to = next(
                        (s.key for s in reversed(statements) if set(s.speakers) != set(refs)), None
                    )
                original = self.ctx.release.text[v.end() : complement_end]
                statements.append(
                    Statement(
                        key=f"s{v.start()}",
                        act=act,
                        speakers=refs,
                        evidence=(self.ctx.evidence(sentence),),
                        addressees=self._addressees(sentence, v.end()) if takes_addressee else (),
                        about=tuple(
                            dict.fromkeys(
                                m.key for m in self.initiatives if v.end() <= m.start < complement_end
                            )
                        ),
                        topic=re.sub(r"\s+", " ", original).strip(" ,.;")[:200] or None,
                        modality=(
                            Modality.CONDITIONAL
                            if _CONDITION.search(self.text, v.end(), complement_end)
                            else Modality.ASSERTED
                        ),
                        in_response_to=in_response_to,
                        meeting=self.main.key
                        if self.main and self.main.status is MeetingStatus.HELD
                        else None,
                    )
                )
                self._remember(sentence, act, refs)
        return statements

    def _remember(self, sentence: Sentence, act: str, refs: tuple[ActorRef, ...]) -> None:
        """Track who "he" is, and who speaks for "we" / "China" in a reported paragraph."""
        if len(refs) == 1 and refs[0].kind is ActorKind.PERSON:
            self.last_person = refs[0]
            if act in _REPORTING:
                self.paragraph_speaker = (sentence.paragraph, refs[0])


def extract_statements(
    ctx: ReleaseContext,
    people: list[PersonMention],
    unnamed: list[PostMention],
    initiatives: list[InitiativeMention],
    main: Meeting | None,
    person_countries: dict[str, str],
) -> list[Statement]:
    return StatementExtractor(ctx, people, unnamed, initiatives, main, person_countries).run()
