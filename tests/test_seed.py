"""The seed release, end to end: the facts the project was started for."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.ingest import Source, load_rules, read_release
from kg.model import ActorKind, Facts, MeetingStatus

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED = SAMPLES / "mofa-kr-2022-08-09-korea-china-fm-qingdao.txt"


@pytest.fixture(scope="module")
def facts(pipeline) -> Facts:  # type: ignore[no-untyped-def]
    source = Source(
        name=str(SEED),
        path=SEED,
        title="Outcome of Korea-China Foreign Ministers’ Meeting",
        publisher="mofa-kr",
    )
    release = read_release(source, load_rules(), pipeline.abbreviations)
    return extract(release, pipeline.lexicon)


def person(facts: Facts, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in facts.people if p.name == name)


def test_park_jin_and_wang_yi_with_their_posts(facts: Facts) -> None:
    park = person(facts, "Park Jin")
    wang = person(facts, "Wang Yi")
    assert park.country == "KOR" and [p.title for p in park.posts] == ["Minister of Foreign Affairs"]
    assert wang.country == "CHN"
    assert {p.title for p in wang.posts} == {"State Councilor", "Minister of Foreign Affairs"}
    assert person(facts, "Xi Jinping").country == "CHN"


def test_the_qingdao_meeting_is_held_on_2022_08_09(facts: Facts) -> None:
    main = next(m for m in facts.meetings if m.kind == "meeting" and m.status is MeetingStatus.HELD)
    assert main.status is MeetingStatus.HELD and main.kind == "meeting"
    assert main.date is not None and main.date.iso() == "2022-08-09"
    assert main.date.basis == "text-anniversary"
    assert main.place is not None and main.place.label.startswith("Qingdao, Shandong Province")
    assert {p.key for p in main.participants} == {"park-jin", "wang-yi"}
    dinner = next(m for m in facts.meetings if m.kind == "dinner")
    assert dinner.part_of == main.key


def test_planned_meetings_and_visits(facts: Facts) -> None:
    planned = [m for m in facts.meetings if m.status is MeetingStatus.PLANNED]
    labels = {m.label for m in planned if m.label}
    assert "Vice Foreign Ministerial Strategic Dialogue" in labels
    assert any("2+2" in (m.label or "") for m in planned)
    dialogue = next(m for m in planned if m.label == "Vice Foreign Ministerial Strategic Dialogue")
    assert dialogue.place is not None and dialogue.place.label == "Seoul"
    assert dialogue.date is not None and dialogue.date.iso() == "2022"
    visits = {
        p.key for m in planned if m.kind == "visit" for p in m.participants if p.kind is ActorKind.PERSON
    }
    assert {"xi-jinping", "wang-yi"} <= visits
    wang_visit = next(
        m for m in planned if m.kind == "visit" and any(p.key == "wang-yi" for p in m.participants)
    )
    assert wang_visit.date is not None and wang_visit.date.iso() == "2022"


def test_initiatives(facts: Facts) -> None:
    keys = {i.key for i in facts.initiatives}
    labels = {i.label for i in facts.initiatives}
    assert {"DEPA", "RCEP", "KOREA_CHINA_FTA", "EXPO2030_BUSAN_BID"} <= keys
    rcep = next(i for i in facts.initiatives if i.key == "RCEP")
    assert rcep.label == "Regional Comprehensive Economic Partnership" and rcep.acronym == "RCEP"
    assert {"audacious plan", "joint action plan", "Trilateral Summit"} <= labels
    summit = next(m for m in facts.meetings if m.label == "9th Trilateral Summit")
    assert summit.series == "trilateral-summit"


def statement(facts: Facts, act: str, speaker: str, contains: str):  # type: ignore[no-untyped-def]
    for s in facts.statements:
        if s.act == act and any(r.key == speaker for r in s.speakers) and contains in s.evidence[0].quote:
            return s
    raise AssertionError(f"no {act} by {speaker} in a sentence containing {contains!r}")


def test_statements(facts: Facts) -> None:
    propose = statement(facts, "propose", "park-jin", "joint action plan")
    assert "joint-action-plan" in propose.about
    expo = statement(facts, "request", "park-jin", "World Expo in Busan")
    assert [(a.kind, a.key) for a in expo.addressees] == [(ActorKind.COUNTRY, "CHN")]
    assert "EXPO2030_BUSAN_BID" in expo.about
    dprk = statement(facts, "request", "park-jin", "constructive role")
    assert dprk.addressees and dprk.addressees[0].key in {"CHN", "wang-yi"}
    advance = statement(facts, "agree", "park-jin", "advance the plan")
    assert {r.key for r in advance.speakers} == {"park-jin", "wang-yi"}
    stress = statement(facts, "emphasize", "wang-yi", "actively supports")
    assert stress.in_response_to is not None
    answered = next(s for s in facts.statements if s.key == stress.in_response_to)
    assert any(r.key == "park-jin" for r in answered.speakers)
    conditional = statement(facts, "emphasize", "park-jin", "if the DPRK finally decides")
    assert conditional.modality.value == "conditional"


def test_every_evidence_quote_is_the_text_at_its_offsets(facts: Facts) -> None:
    text = facts.release.text
    for group in (
        facts.people,
        facts.countries,
        facts.initiatives,
        facts.meetings,
        facts.statements,
    ):
        for fact in group:
            for ev in fact.evidence:
                assert text[ev.start : ev.end] == ev.quote
