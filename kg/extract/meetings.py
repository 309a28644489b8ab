"""Meetings, calls, visits, summits, dialogues and dinners.

Three shapes produce a meeting:

* an *encounter*: people and a meeting verb ("Park Jin had a meeting and an official
  dinner with ... Wang Yi"), the dinner becoming a sub-event;
* a *named event*: "the 51st Munich Security Conference", "the Korea-Australia Summit
  (May 19)", with participants from the name when no person takes part;
* a *visit*: "State Councilor Wang's visit to Korea last September", "invited State
  Councilor Wang to visit Korea within this year" (planned).

Status is ``planned`` for future tense, invitations, decisions or agreements to hold,
"at the earliest possible time", and dates after the release's reference date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.context import ReleaseContext
from kg.extract.people import PersonMention
from kg.extract.timeline import FoundDate, Reference, dates_in
from kg.lexicon import plain_text
from kg.model import (
    ActorKind,
    ActorRef,
    Evidence,
    Meeting,
    MeetingStatus,
    PartialDate,
    Place,
    Sentence,
)

_ENCOUNTER = re.compile(
    r"\b(?:met(?:\s+with)?|meets(?:\s+with)?|(?:held|had)\s+(?:a|an|the|their)?\s*"
    r"(?P<what>(?:[\w’'-]+\s+){0,3}?"
    r"(?:meeting|talks?|conversation|call|video\s*conference|dialogue|consultation"
    r"|luncheon meeting))"
    r"(?P<dinner>\s+and\s+an?\s+(?:official\s+)?(?:dinner|lunch|luncheon))?\s+with"
    r"|spoke\s+(?:today\s+|by\s+(?:tele)?phone\s+)?with|called\s+on|chaired)\b",
    re.IGNORECASE,
)
_EVENT_HEAD = (
    r"(?:Meetings?|Summits?|Dialogue|Conference|Session of the [A-Z][\w ]+|Forum"
    r"|Joint Commission|Talks|meeting|summits?)"
)
_WORD = r"(?:[A-Z0-9][\w’'./+-]*|\([^()\s]{1,12}\))"
_NAMED = re.compile(
    rf"(?P<name>(?:(?:\d+(?:st|nd|rd|th)|{_WORD}|of|and|on|the)\s+)*?(?:{_WORD}\s+){{1,}}{_EVENT_HEAD})(?![\w])"
)
_VISIT = re.compile(
    r"(?:(?P<owner_end>[’']s)\s+(?:(?:state|official|first)\s+)?visit"
    r"(?:\s+to\s+(?P<to1>[A-Z][\w ,.-]{1,40}?))?(?=[\s,.(]|$)"
    r"|\bvisit\s+of\s+"
    r"|\b(?:visited|(?:is|are|was|were)\s+(?:also\s+)?visiting"
    r"|(?:paying|pay|paid|pays|on)\s+an?\s+(?:official\s+|state\s+|working\s+)?visit\s+to"
    r"|(?:to|will|would)\s+visit)"
    r"\s+(?P<to2>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*))"
)
_PLANNED_WORDS = re.compile(
    r"\b(?:will|shall|to hold|to visit|to be held|expected to|forthcoming|scheduled|invited|"
    r"at the earliest possible time|plans? to|going to|upcoming|next (?:month|year|week))\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?:at\s+(?:about\s+)?)?(?P<time>\d{1,2}:\d{2}(?:\s*[-–]\s*\d{1,2}:\d{2})?(?:\s*[ap]\.m\.)?)"
    r"(?:\s*\((?P<zone>local time|[A-Z]{2,4})\))?"
)
_PLACE = re.compile(
    r"\b(?:in|at)\s+(?P<place>(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|the\b|a\b|an\b|order\b|particular\b|addition\b|response\b))"
    r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*(?:,\s+(?!the\b)[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)?)"
)
_ACTIVE_EVENT_VERB = re.compile(
    r"(?<!\bwas )(?<!\bwere )\b(?:held|chaired|chairs|participated in|participates in|attended|concluded|"
    r"will attend|attends|"
    r"convened|convenes)(?:\s+(?:in|at|for))?(?:,?\s+for)?\s+(?:the|a|an|their)?\s*"
    r"(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|inaugural)\s+)?$",
    re.IGNORECASE,
)
_EXTEND = re.compile(rf"\s+(?:of|for|on)\s+(?:the\s+)?(?:{_WORD}\s+)*?{_EVENT_HEAD}(?![\w])")
_ATTEND = re.compile(
    r"\b(?:will\s+)?(?:attend|attends|attended|participate in|participated in|participates in)\s+"
    r"(?:the|a|an)\s+(?P<what>(?:[a-z0-9][\w-]*\s+){0,5}?(?:meeting|summit|dialogue|conference|forum)s?)\b"
)
_PLAN_TO_HOLD = re.compile(
    r"\b(?:agreed|decided|agree|decide|agrees|decides)\s+to\s+hold\s+(?:a|an|the|their)\s+"
    r"(?P<what>(?:[a-z0-9][\w-]*\s+){0,4}?(?:meeting|summit|dialogue|consultation|talks)s?)\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|visiting|visit to|from)\s+(?:the\s+)?$")
_CALLED_ON_TO = re.compile(r"\s+(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*(?:\s+side)?\s+to\s+[a-z]+")
_STAYING = re.compile(
    r"\bin\s+(?P<place>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*),\s+where\s+(?:he|she|they)\s+(?:is|are|was|were)\s+staying\b"
)
_CLAUSE_BREAK = re.compile(r"(?<!\d):(?!\d)|;")
_MEAL_AFTER = re.compile(r"\s+and\s+(?:an?\s+)?(?:official\s+|working\s+)?(?:dinner|lunch|luncheon)\b", re.I)
_SIDELINES = re.compile(r"\bon the (?:sidelines|margins|occasion) of\b", re.IGNORECASE)


@dataclass
class _Draft:
    kind: str
    status: MeetingStatus
    sentence: int
    start: int
    end: int
    participants: list[ActorRef]
    label: str | None = None
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    time: str | None = None
    place: Place | None = None
    part_of: int | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class MeetingsResult:
    meetings: list[Meeting]
    main: Meeting | None


class MeetingExtractor:
    def __init__(
        self,
        ctx: ReleaseContext,
        people: list[PersonMention],
        ref: Reference,
        person_countries: dict[str, str],
        affiliations: dict[str, str],
    ) -> None:
        self.ctx = ctx
        self.person_countries = person_countries
        self.affiliations = affiliations
        self.text = ctx.text
        self.people = people
        self.ref = ref
        self.drafts: list[_Draft] = []

    def _persons_in(self, start: int, end: int) -> list[ActorRef]:
        refs: list[ActorRef] = []
        for pm in self.people:
            if pm.start >= start and pm.end <= end and pm.person:
                ref = ActorRef(ActorKind.PERSON, _person_key(pm.person))
                if ref not in refs:
                    refs.append(ref)
        return refs

    def _actors_in(self, start: int, end: int) -> list[ActorRef]:
        refs: list[ActorRef] = []
        for m in self.ctx.mentions_in(self.ctx.country_mentions, start, end):
            ref = ActorRef(ActorKind.COUNTRY, m.key)
            if ref not in refs:
                refs.append(ref)
        for m in self.ctx.mentions_in(self.ctx.organization_mentions, start, end):
            ref = ActorRef(ActorKind.ORGANIZATION, m.key)
            if ref not in refs:
                refs.append(ref)
        return refs

    def _status(self, sentence: Sentence, start: int, date: PartialDate | None) -> MeetingStatus:
        clause = self.text[max(sentence.start, start - 80) : min(sentence.end, start + 120)]
        if _PLANNED_WORDS.search(clause):
            return MeetingStatus.PLANNED
        if date is not None and self.ref.date is not None and _after(date, self.ref.date):
            return MeetingStatus.PLANNED
        return MeetingStatus.HELD

    def _place(self, start: int, end: int) -> Place | None:
        m = _PLACE.search(self.text, start, end)
        if not m:
            return None
        label = self.ctx.release.text[m.start("place") : m.end("place")]
        if label.split()[0] in {"Korea", "China"} and len(label.split()) == 1 and False:
            return None
        return Place(label, self._country_of_place(label))

    def _country_of_place(self, label: str) -> str | None:
        """The state a place lies in: a state named in it, else the gazetteer (lexicon/places.csv)."""
        mentions = self.ctx.matchers.countries.find(plain_text(label), "country")
        if mentions:
            return mentions[-1].key
        for part in [label, *(p.strip() for p in label.split(","))]:
            country = self.ctx.matchers.lexicon.place_country(part)
            if country:
                return country
        return None

    def _date(self, dates: list[FoundDate], near: int) -> FoundDate | None:
        if not dates:
            return None
        return min(dates, key=lambda d: abs(d.start - near))

    def _time(self, start: int, end: int) -> str | None:
        m = _TIME.search(self.text, start, end)
        if not m:
            return None
        return m["time"] + (f" ({m['zone']})" if m["zone"] else "")

    def run(self) -> MeetingsResult:
        for sentence in self.ctx.release.sentences:
            self._encounters(sentence)
            self._named(sentence)
            self._generic(sentence)
            self._visits(sentence)
            self._stays(sentence)
        meetings = self._finish()
        return MeetingsResult(meetings, _main_meeting(meetings))

    def _clause(self, sentence: Sentence, pos: int) -> tuple[int, int]:
        """The part of the sentence around ``pos`` between colons or semicolons."""
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text[sentence.start : pos])]
        start = sentence.start + breaks[-1] if breaks else sentence.start
        after = _CLAUSE_BREAK.search(self.text[pos : sentence.end])
        return start, pos + after.start() if after else sentence.end

    def _encounters(self, sentence: Sentence) -> None:
        for m in _ENCOUNTER.finditer(self.text, sentence.start, sentence.end):
            if m.group(0).casefold().startswith("called") and _CALLED_ON_TO.match(
                self.text, m.end(), sentence.end
            ):
                continue  # "called on Nigeria to join ..." asks; it is not a courtesy call
            c_start, c_end = self._clause(sentence, m.start())
            participants = self._persons_in(c_start, c_end)
            if len(participants) < 2:
                participants = self._without_represented(
                    participants + [a for a in self._actors_in(c_start, c_end) if a not in participants]
                )
            if not participants:
                continue
            word = (m.group("what") or m.group(0)).casefold()
            kind = _kind_of(word)
            dates = dates_in(self.text, sentence.start, sentence.end, self.ref)
            found = self._date(dates, m.start())
            sidelines = _SIDELINES.search(self.text, sentence.start, sentence.end)
            place_scope_end = sidelines.start() if sidelines and sidelines.start() > m.end() else sentence.end
            draft = _Draft(
                kind,
                self._status(sentence, m.start(), found.date if found else None),
                sentence.index,
                m.start(),
                m.end(),
                participants,
                date=found.date if found else None,
                end_date=found.end_date if found else None,
                time=self._time(sentence.start, sentence.end),
                place=self._place(m.start(), place_scope_end) or self._place(sentence.start, m.start()),
            )
            draft.evidence.append(self.ctx.evidence(sentence))
            self.drafts.append(draft)
            if m.group("dinner"):
                dinner_kind = "lunch" if "lunch" in m.group("dinner").casefold() else "dinner"
                sub = _Draft(
                    dinner_kind,
                    draft.status,
                    sentence.index,
                    m.start("dinner"),
                    m.end("dinner"),
                    list(participants),
                    date=draft.date,
                    place=draft.place,
                    part_of=len(self.drafts) - 1,
                )
                sub.evidence.append(self.ctx.evidence(sentence))
                self.drafts.append(sub)
            if sidelines:
                self._named(
                    sentence,
                    only_after=sidelines.end(),
                    parent=len(self.drafts) - 1 - (1 if m.group("dinner") else 0),
                )
            return

    def _named(self, sentence: Sentence, only_after: int | None = None, parent: int | None = None) -> None:
        start = only_after if only_after is not None else sentence.start
        for m in _NAMED.finditer(self.text, start, sentence.end):
            trimmed = _trim(m["name"])
            l_start = m.end("name") - len(trimmed)
            l_end = m.end("name")
            extension = _EXTEND.match(self.text, l_end, sentence.end)
            if extension:
                l_end = extension.end()
            label = self.ctx.release.text[l_start:l_end]
            if self._is_reference(label, sentence) or self._is_initiative_only(label):
                continue
            if len(label.split()) < 2 or any(
                d.sentence == sentence.index and not (m.end() <= d.start or l_start >= d.end) and d.label
                for d in self.drafts
            ):
                continue
            if any(d.label and _norm(d.label) == _norm(label) for d in self.drafts):
                existing = next(d for d in self.drafts if d.label and _norm(d.label) == _norm(label))
                ev = self.ctx.evidence(sentence)
                if ev not in existing.evidence:
                    existing.evidence.append(ev)
                continue
            if label[0].islower() or label.split()[0] in {"This", "The"}:
                continue
            window_end = min(sentence.end, l_end + 100)
            next_event = re.compile(_EVENT_HEAD).search(self.text, l_end, window_end)
            if next_event:
                window_end = next_event.start()
            active = _ACTIVE_EVENT_VERB.search(self.text, max(sentence.start, l_start - 60), l_start)
            dates = dates_in(self.text, l_end, window_end, self.ref)
            if active and not dates:
                dates = dates_in(self.text, *self._clause(sentence, l_start), self.ref)
            found = dates[0] if dates else None
            year = re.match(r"((?:19|20)\d\d)\s", label)
            date = found.date if found else (PartialDate(int(year.group(1))) if year else None)
            participants = self._actors_in(l_start, l_end)
            verb_persons: list[ActorRef] = []
            if active:
                # "participated, along with the Foreign Ministers of ASEAN, China and Japan, in the
                # APT Foreign Ministers' Meeting": the states named around the event take part
                c_start, c_end = self._clause(sentence, l_start)
                verb_persons = self._persons_in(c_start, c_end)
                outside = [
                    a
                    for a in self._actors_in(c_start, l_start) + self._actors_in(l_end, c_end)
                    if not self._as_place_or_event(a, sentence)
                ]
                if verb_persons and outside:
                    participants = outside
            participants = self._without_represented(
                verb_persons + [p for p in dict.fromkeys(participants) if p not in verb_persons]
            )
            if not participants:
                participants = self._actors_in(sentence.start, sentence.end)
            if not participants:
                participants = self._principal_states()
            if not participants:
                continue
            draft = _Draft(
                _kind_of(label.casefold()),
                self._status(sentence, l_start, date),
                sentence.index,
                l_start,
                l_end,
                participants,
                label=label,
                date=date,
                end_date=found.end_date if found else None,
                place=self._place(m.end(), window_end),
            )
            draft.evidence.append(self.ctx.evidence(sentence))
            merged = self._merge_with_encounter(draft) if parent is None else None
            if merged is None:
                self.drafts.append(draft)
                if parent is not None and parent < len(self.drafts) - 1:
                    self.drafts[parent].part_of = len(self.drafts) - 1
            meal = _MEAL_AFTER.match(self.text, m.end(), sentence.end)
            if meal:
                host = merged or draft
                sub = _Draft(
                    "lunch" if "lunch" in meal.group(0).casefold() else "dinner",
                    host.status,
                    sentence.index,
                    meal.start(),
                    meal.end(),
                    list(host.participants),
                    date=host.date,
                    place=host.place,
                    part_of=self.drafts.index(host),
                )
                sub.evidence.append(self.ctx.evidence(sentence))
                self.drafts.append(sub)

    def _is_reference(self, label: str, sentence: Sentence) -> bool:
        """ "the Strategic Dialogue" after "the first ROK-EU Strategic Dialogue": the same event."""
        norm = _norm(label)
        for draft in self.drafts:
            if draft.label and draft.sentence != sentence.index and _norm(draft.label).endswith(" " + norm):
                ev = self.ctx.evidence(sentence)
                if ev not in draft.evidence:
                    draft.evidence.append(ev)
                return True
        return False

    def _is_initiative_only(self, label: str) -> bool:
        """A lexicon agreement or framework named like a meeting ("Six-party Talks")."""
        key = self.ctx.matchers.initiatives.folded.get(plain_text(label).casefold())
        if key is None:
            return False
        return self.ctx.matchers.lexicon.initiative(key).kind not in {"dialogue-mechanism", "summit-series"}

    def _without_represented(self, participants: list[ActorRef]) -> list[ActorRef]:
        """Drop a state or body when one of its people takes part for it."""
        represented = {self.affiliations.get(p.key) for p in participants if p.kind is ActorKind.PERSON}
        return [p for p in participants if p.kind is ActorKind.PERSON or p.key not in represented]

    def _principal_states(self) -> list[ActorRef]:
        """The states of the people in the first encounter ("the two sides" of the release)."""
        for draft in self.drafts:
            states = [
                ActorRef(ActorKind.COUNTRY, self.person_countries[p.key])
                for p in draft.participants
                if p.kind is ActorKind.PERSON and p.key in self.person_countries
            ]
            if states:
                return list(dict.fromkeys(states))
        return []

    def _merge_with_encounter(self, draft: _Draft) -> _Draft | None:
        for d in self.drafts:
            if (
                d.sentence == draft.sentence
                and d.label is None
                and draft.start <= d.end + 80
                and draft.start >= d.start
            ):
                d.label = draft.label
                d.kind = draft.kind if d.kind == "meeting" else d.kind
                return d
        return None

    def _generic(self, sentence: Sentence) -> None:
        """Unnamed meetings: "will attend the fourth vice foreign ministerial meeting among ...",
        "agreed to hold their strategic dialogue at an appropriate time"."""
        for pattern, planned in ((_ATTEND, False), (_PLAN_TO_HOLD, True)):
            for m in pattern.finditer(self.text, sentence.start, sentence.end):
                if any(
                    d.sentence == sentence.index and d.start <= m.end("what") and m.start("what") <= d.end
                    for d in self.drafts
                ):
                    continue
                after_start, after_end = m.end(), min(sentence.end, m.end() + 120)
                if planned:
                    participants = self._principal_states() or self._persons_in(sentence.start, m.start())
                else:
                    persons = self._persons_in(*self._clause(sentence, m.start()))
                    participants = persons + self._without_represented(
                        [a for a in self._actors_in(after_start, after_end) if a not in persons]
                    )
                if not participants:
                    continue
                dates = dates_in(self.text, after_start, after_end, self.ref)
                date = dates[0].date if dates else None
                draft = _Draft(
                    _kind_of(m["what"]),
                    MeetingStatus.PLANNED if planned else self._status(sentence, m.start(), date),
                    sentence.index,
                    m.start("what"),
                    m.end("what"),
                    participants,
                    date=date,
                    place=self._place(after_start, after_end),
                )
                draft.evidence.append(self.ctx.evidence(sentence))
                self.drafts.append(draft)

    def _stays(self, sentence: Sentence) -> None:
        """ "met with Kono in Singapore, where she is staying to attend ...": a visit there."""
        for m in _STAYING.finditer(self.text, sentence.start, sentence.end):
            subject = next((p for p in self.people if p.start >= sentence.start and p.person), None)
            if subject is None:
                continue
            host = self._country_of_place(m["place"])
            participants = [ActorRef(ActorKind.PERSON, _person_key(subject.person or ""))]
            if host:
                participants.append(ActorRef(ActorKind.COUNTRY, host))
            place = None if self._is_country(m["place"]) else Place(m["place"], host)
            draft = _Draft(
                "visit", MeetingStatus.HELD, sentence.index, m.start(), m.end(), participants, place=place
            )
            draft.evidence.append(self.ctx.evidence(sentence))
            self.drafts.append(draft)

    def _visits(self, sentence: Sentence) -> None:
        for m in _VISIT.finditer(self.text, sentence.start, sentence.end):
            plural = re.match(r"(?:are|were)\b", m.group(0)) is not None
            if m.group("owner_end"):
                visitor = [p for p in self.people if p.end == m.start() and p.person]
            elif plural:
                with_at = max(sentence.start, self.text.rfind(" with ", sentence.start, m.start()))
                visitor = [p for p in self.people if with_at <= p.start and p.end <= m.start() and p.person]
            elif re.search(r"\bwho\s+$", self.text[max(sentence.start, m.start() - 6) : m.start()]):
                # "H. E. Dr. Kang Kyung-wha, minister of ..., who is also visiting Singapore"
                visitor = [
                    p for p in self.people if sentence.start <= p.start and p.end <= m.start() and p.person
                ]
            else:
                visitor = [
                    p
                    for p in self.people
                    if sentence.start <= p.start < m.start() + 40 and p.person and abs(p.end - m.start()) < 40
                ]
                if not visitor and m.group(0).startswith("visit of"):
                    visitor = [p for p in self.people if m.end() <= p.start < m.end() + 40 and p.person][:1]
            if not visitor:
                continue
            visitors = visitor if plural else visitor[-1:]
            destination = (m.group("to1") or m.group("to2") or "").strip()
            if not destination:
                after = re.match(
                    r"\s*(?:[\w-]+\s+){0,4}?to\s+(?P<to>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)",
                    self.text[m.end() : sentence.end],
                )
                destination = after.group("to") if after else ""
            host = self._country_of_place(destination) if destination else None
            participants = list(
                dict.fromkeys(ActorRef(ActorKind.PERSON, _person_key(v.person or "")) for v in visitors)
            )
            if host:
                participants.append(ActorRef(ActorKind.COUNTRY, host))
            dates = dates_in(self.text, m.start(), min(sentence.end, m.end() + 60), self.ref)
            date = dates[0].date if dates else self._enclosing_date(sentence)
            draft = _Draft(
                "visit",
                self._status(sentence, m.start(), date),
                sentence.index,
                m.start(),
                m.end(),
                participants,
                date=date,
                end_date=dates[0].end_date if dates else None,
                place=Place(destination, host) if destination and not self._is_country(destination) else None,
            )
            draft.evidence.append(self.ctx.evidence(sentence))
            self.drafts.append(draft)

    def _as_place_or_event(self, actor: ActorRef, sentence: Sentence) -> bool:
        """A state named as where someone is ("visiting Singapore") or inside another event's name."""
        for m in self.ctx.mentions_in(
            self.ctx.country_mentions + self.ctx.organization_mentions, sentence.start, sentence.end
        ):
            if m.key != actor.key:
                continue
            before = self.text[max(sentence.start, m.start - 12) : m.start]
            inside = any(
                d.sentence == sentence.index and d.label and d.start <= m.start < d.end for d in self.drafts
            )
            if not (_PLACE_BEFORE.search(before) or inside or self.text[m.end : m.end + 8] == "-related"):
                return False
        return True

    def _is_country(self, label: str) -> bool:
        found = self.ctx.matchers.countries.find(plain_text(label), "country")
        return len(found) == 1 and found[0].start == 0 and found[0].end == len(label)

    def _enclosing_date(self, sentence: Sentence) -> PartialDate | None:
        """A visit with no date of its own, reported with a meeting held during it, takes its date."""
        for draft in self.drafts:
            if (
                draft.sentence == sentence.index
                and draft.kind != "visit"
                and draft.status is MeetingStatus.HELD
                and draft.date is not None
            ):
                return draft.date
        return None

    def _attended_in_context(self) -> None:
        """ "visiting Singapore to attend the ASEAN-related Foreign Ministers' Meetings": the
        gathering and the visit have the date of the talks held during them, the gathering
        the place of the visit."""
        for draft in self.drafts:
            sentence = self.ctx.release.sentences[draft.sentence]
            if draft.kind == "visit" and draft.status is MeetingStatus.HELD:
                draft.date = draft.date or self._enclosing_date(sentence)
                continue
            before = self.text[max(0, draft.start - 12) : draft.start]
            if not re.search(r"\battend(?:ing)?\s+(?:the\s+)?$", before):
                continue
            draft.date = draft.date or self._enclosing_date(sentence)
            visit = next(
                (d for d in self.drafts if d.sentence == draft.sentence and d.kind == "visit"),
                None,
            )
            host = (
                next((p.key for p in visit.participants if p.kind is ActorKind.COUNTRY), None)
                if visit
                else None
            )
            if draft.place is None and host is not None:
                draft.place = Place(self.ctx.matchers.lexicon.country(host).name, host)

    def _states_of(self, draft: _Draft) -> set[str]:
        states = set()
        for p in draft.participants:
            if p.kind is ActorKind.COUNTRY:
                states.add(p.key)
            elif p.kind is ActorKind.PERSON and p.key in self.person_countries:
                states.add(self.person_countries[p.key])
        return states

    def _merge_duplicates(self) -> None:
        """Fold a named mention of the release's own meeting into the encounter it names."""
        for i, named in enumerate(self.drafts):
            if named.label is None or any(p.kind is ActorKind.PERSON for p in named.participants):
                continue
            for j, other in enumerate(self.drafts):
                if (
                    j != i
                    and other.sentence != named.sentence
                    and other.kind == named.kind
                    and other.status is named.status
                    and any(p.kind is ActorKind.PERSON for p in other.participants)
                    and self._states_of(named)
                    and self._states_of(named) <= self._states_of(other)
                    and (named.date is None or named.date == other.date)
                ):
                    other.label = other.label or named.label
                    other.evidence.extend(e for e in named.evidence if e not in other.evidence)
                    named.kind = ""
                    for d in self.drafts:
                        if d.part_of == i:
                            d.part_of = j
                    break
        kept = [d for d in self.drafts if d.kind]
        index = {id(d): n for n, d in enumerate(kept)}
        for d in kept:
            if d.part_of is not None:
                parent = self.drafts[d.part_of]
                d.part_of = index.get(id(parent))
        self.drafts = kept

    def _finish(self) -> list[Meeting]:
        self._attended_in_context()
        self._merge_duplicates()
        meetings: list[Meeting] = []
        # keyed by text offset (and kind, for a dinner at the same place as its meeting), so a
        # meeting keeps its IRI when a better extractor finds more meetings in the release
        keys: list[str] = []
        for d in self.drafts:
            key = f"m{d.start}-{d.kind}"
            keys.append(key if key not in keys else f"{key}-{len(keys)}")
        for i, d in enumerate(self.drafts):
            meetings.append(
                Meeting(
                    key=keys[i],
                    kind=d.kind,
                    status=d.status,
                    participants=tuple(d.participants),
                    label=d.label,
                    date=d.date,
                    end_date=d.end_date,
                    time=d.time,
                    place=d.place,
                    part_of=keys[d.part_of] if d.part_of is not None and d.part_of < len(keys) else None,
                    evidence=tuple(d.evidence),
                )
            )
        return meetings


_MEALS = frozenset({"dinner", "lunch"})
# a release reports its talks "on the sidelines of" or "during a visit to attend" these
_GATHERINGS = frozenset({"conference", "summit", "visit"})


def _main_meeting(meetings: list[Meeting]) -> Meeting | None:
    """The meeting the release reports: held, with named people, else dated, else the first."""
    held = [m for m in meetings if m.status is MeetingStatus.HELD and m.kind not in _MEALS]
    with_people = [m for m in held if any(p.kind is ActorKind.PERSON for p in m.participants)]
    for candidates in (
        [m for m in with_people if m.kind not in _GATHERINGS],
        with_people,
        [m for m in held if m.date is not None],
        held,
        meetings,
    ):
        if candidates:
            return candidates[0]
    return None


def _person_key(name: str) -> str:
    from kg.iris import slugify

    return slugify(name)


def _after(a: PartialDate, b: PartialDate) -> bool:
    def tup(d: PartialDate) -> tuple[int, int, int]:
        return (d.year, d.month or 0, d.day or 0)

    if a.month is None or b.month is None:
        return a.year > b.year
    if a.day is None or b.day is None:
        return (a.year, a.month) > (b.year, b.month)
    return tup(a) > tup(b)


def _kind_of(words: str) -> str:
    w = words.casefold()
    if re.search(r"\bcall(?:ed|s)?\s+(?:up)?on\b|courtesy call", w):
        return "meeting"  # a courtesy call is made in person
    for needle, kind in (
        ("video", "videoconference"),
        ("virtual", "videoconference"),
        ("telephone", "call"),
        ("phone", "call"),
        ("call", "call"),
        ("spoke", "call"),
        ("summit", "summit"),
        ("dialogue", "dialogue"),
        ("dinner", "dinner"),
        ("lunch", "lunch"),
        ("conference", "conference"),
        ("session", "conference"),
        ("forum", "conference"),
        ("visit", "visit"),
    ):
        if needle in w:
            return kind
    return "meeting"


def _trim(name: str) -> str:
    words = name.split()
    while words and words[0] in {
        "the",
        "The",
        "of",
        "and",
        "on",
        "On",
        "In",
        "At",
        "This",
        "During",
        "After",
        "Before",
    }:
        words = words[1:]
    return " ".join(words)


def _norm(label: str) -> str:
    return re.sub(r"\W+", " ", label.replace("’", "'")).strip().casefold()


def extract_meetings(
    ctx: ReleaseContext,
    people: list[PersonMention],
    ref: Reference,
    person_countries: dict[str, str],
    affiliations: dict[str, str],
) -> MeetingsResult:
    return MeetingExtractor(ctx, people, ref, person_countries, affiliations).run()
