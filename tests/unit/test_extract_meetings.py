"""Meetings: held versus planned, kinds, places, sub-events, sidelines, multilateral participants."""

from __future__ import annotations

from extract_helpers import OPENING, PUBLISHED, facts_of, meeting, meetings_of, who

from kg.model import MeetingStatus


def test_met_with_is_a_held_meeting_of_both_people_at_the_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(OPENING, publisher="mofa-kr", published=PUBLISHED, pipeline=pipeline)
    [held] = facts.meetings
    assert (held.kind, held.status) == ("meeting", MeetingStatus.HELD)
    assert who(facts, held.participants) == {"Seo Dong-hyun", "Nadia Okoro"}
    assert held.place is not None and (held.place.label, held.place.country) == ("Seoul", "KOR")


def test_place_gets_its_state_from_the_gazetteer(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria in Abuja "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    place = meeting(facts, "meeting").place
    assert place is not None and (place.label, place.country) == ("Abuja", "NGA")


def test_will_attend_is_planned(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun will attend the G20 Foreign Ministers' Meeting in Rome on March 10.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    [planned] = facts.meetings
    assert planned.status is MeetingStatus.PLANNED
    assert planned.label == "G20 Foreign Ministers' Meeting"
    assert planned.date is not None and planned.date.iso() == "2021-03-10"
    assert planned.place is not None and planned.place.country == "ITA"


def test_named_meeting_to_be_held_after_publication_is_planned(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "The 5th Korea-Nigeria Joint Commission is held in Abuja on 10 March.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    [commission] = facts.meetings
    assert commission.status is MeetingStatus.PLANNED
    assert who(facts, commission.participants) == {"KOR", "NGA"}


def test_invited_to_visit_is_planned_visit(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun invited Foreign Minister Nadia Okoro of Nigeria to visit Korea "
        "at a mutually convenient time.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.status is MeetingStatus.PLANNED
    assert who(facts, visit.participants) == {"Nadia Okoro", "KOR"}


def test_agreed_to_hold_is_planned(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two ministers agreed to hold a strategic dialogue within this year.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    dialogue = meeting(facts, "dialogue")
    assert dialogue.status is MeetingStatus.PLANNED
    assert who(facts, dialogue.participants) == {"KOR", "NGA"}


def test_at_the_earliest_possible_time_is_planned(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two ministers agreed to convene the Korea-Nigeria Joint Commission at the "
        "earliest possible time.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    commission = next(m for m in facts.meetings if m.label == "Korea-Nigeria Joint Commission")
    assert commission.status is MeetingStatus.PLANNED
    assert commission.date is None


def test_past_summit_mentioned_in_passing_is_held(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two ministers agreed to follow up on the outcomes of the Korea-Nigeria Summit "
        "held in Abuja in June 2019.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    summit = meeting(facts, "summit")
    assert summit.status is MeetingStatus.HELD
    assert summit.date is not None and summit.date.iso() == "2019-06"
    assert summit.place is not None and summit.place.label == "Abuja"
    assert who(facts, summit.participants) == {"KOR", "NGA"}


def test_visited_is_a_held_visit_to_the_host_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun visited Nigeria on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.status is MeetingStatus.HELD
    assert who(facts, visit.participants) == {"Seo Dong-hyun", "NGA"}


def test_dinner_is_sub_event_of_meeting(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun had a meeting and an official dinner with Foreign Minister "
        "Nadia Okoro of Nigeria in Seoul on March 3.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    held = meeting(facts, "meeting")
    dinner = meeting(facts, "dinner")
    assert dinner.part_of == held.key
    assert who(facts, dinner.participants) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_telephone_call_kind(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun had a telephone conversation with Foreign Minister Nadia Okoro "
        "of Nigeria on March 3.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [m.kind for m in facts.meetings] == ["call"]
    assert who(facts, facts.meetings[0].participants) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_spoke_by_phone_is_a_call(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun spoke by phone with Foreign Minister Nadia Okoro of Nigeria "
        "on March 3.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [m.kind for m in facts.meetings] == ["call"]


def test_video_conference_kind(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a video conference with Foreign Minister Nadia Okoro of "
        "Nigeria on March 3.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [m.kind for m in facts.meetings] == ["videoconference"]


def test_multilateral_meeting_has_all_ministers(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun attended the Mekong-Korea Foreign Ministers' Meeting held in "
        "Vientiane on March 3 with Foreign Minister Somsak Vongphet of Laos, Foreign Minister Chea Dara "
        "of Cambodia and Foreign Minister Tran Van Hoa of Viet Nam.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    [ministerial] = meetings_of(facts, "meeting")
    assert ministerial.label == "Mekong-Korea Foreign Ministers' Meeting"
    assert ministerial.status is MeetingStatus.HELD
    assert who(facts, ministerial.participants) == {
        "Seo Dong-hyun",
        "Somsak Vongphet",
        "Chea Dara",
        "Tran Van Hoa",
    }
    assert ministerial.place is not None and ministerial.place.country == "LAO"
