"""Extraction cases found by writing tests first: each failed until the extractor learnt it."""

from __future__ import annotations

from extract_helpers import (
    OPENING,
    PUBLISHED,
    facts_of,
    meeting,
    names,
    person,
    statement,
    statements_of,
    titles,
    who,
)
from test_extract_lexicon_use import _forms_resolve

from kg.model import MeetingStatus

# -- from test_extract_coreference.py -----------------------------------------------------


def test_bare_capitalised_surname_is_the_person_named_earlier(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Bakhtiyor KARIMOV of Uzbekistan "
        "on 3 March 2021. KARIMOV welcomed the proposal.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "welcome").speakers) == {"Bakhtiyor Karimov"}


def test_he_is_the_person_named_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun arrived in Abuja on 3 March 2021. He proposed a joint action plan.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "propose").speakers) == {"Seo Dong-hyun"}


def test_i_in_a_quote_is_the_quoted_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        'Foreign Minister Seo Dong-hyun said, "I welcome the agreement reached today."',
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "welcome").speakers) == {"Seo Dong-hyun"}


def test_the_secretary_is_the_secretary_of_state_named_earlier(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Secretary of State Daniel Whitfield met with Foreign Minister Nadia Okoro of Nigeria in "
        "Washington on 3 March 2021. The Secretary underscored the importance of maritime security.",
        publisher="state-us",
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "emphasize").speakers) == {"Daniel Whitfield"}


# -- from test_extract_dates.py -----------------------------------------------------------


def test_day_first_date_range_gives_start_and_end(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun visited Nigeria on 3-6 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.date is not None and visit.date.iso() == "2021-03-03"
    assert visit.end_date is not None and visit.end_date.iso() == "2021-03-06"


def test_from_to_date_range_gives_start_and_end(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun visited Nigeria from 3 to 6 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.date is not None and visit.date.iso() == "2021-03-03"
    assert visit.end_date is not None and visit.end_date.iso() == "2021-03-06"


def test_month_first_date_range_with_year_gives_start_and_end(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun visited Nigeria March 3-6, 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.date is not None and visit.date.iso() == "2021-03-03"
    assert visit.end_date is not None and visit.end_date.iso() == "2021-03-06"


# -- from test_extract_lexicon_use.py -----------------------------------------------------


def test_every_country_alias_resolves_to_its_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    forms = [(alias, c.iso3) for c in pipeline.lexicon.countries for alias in c.aliases]
    assert len(forms) > 193
    assert _forms_resolve(pipeline, forms, "The delegation of {} arrived in Geneva.") == []


def test_head_word_is_the_last_word_of_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "The two ministers agreed to finalise the Lagos-Busan Maritime Partnership Roadmap.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    [initiative] = facts.initiatives
    assert (initiative.label, initiative.kind) == ("Lagos-Busan Maritime Partnership Roadmap", "plan")


def test_unknown_organisation_found_by_head_word(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met the Director-General of the West African Fisheries "
        "Organisation in Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert [o.label for o in facts.organizations] == ["West African Fisheries Organisation"]


# -- from test_extract_meetings.py --------------------------------------------------------


def test_agreed_to_hold_without_an_earlier_meeting_is_planned(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun and Foreign Minister Nadia Okoro of Nigeria agreed to hold the "
        "next joint commission meeting in Abuja.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    planned = meeting(facts, "meeting")
    assert planned.status is MeetingStatus.PLANNED
    assert planned.place is not None and planned.place.label == "Abuja"


def test_attendee_of_a_named_meeting_is_a_participant(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun will attend the G20 Foreign Ministers' Meeting in Rome on March 10.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    [planned] = facts.meetings
    assert "Seo Dong-hyun" in who(facts, planned.participants)


def test_called_on_to_is_a_request_not_a_call(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo called on Nigeria to join the Paris Agreement.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [m.kind for m in facts.meetings] == ["meeting"]


def test_paid_an_official_visit_is_a_visit(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun paid an official visit to Nigeria on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.status is MeetingStatus.HELD
    assert who(facts, visit.participants) == {"Seo Dong-hyun", "NGA"}


def test_sidelines_meeting_is_part_of_conference(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a meeting with Foreign Minister Nadia Okoro of Nigeria on "
        "the sidelines of the Munich Security Conference on March 3.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    bilateral = meeting(facts, "meeting")
    conference = meeting(facts, "conference")
    assert who(facts, bilateral.participants) == {"Seo Dong-hyun", "Nadia Okoro"}
    assert conference.label == "Munich Security Conference"
    assert bilateral.part_of == conference.key


def test_will_visit_is_a_planned_visit(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun will visit Nigeria on 10 March.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.status is MeetingStatus.PLANNED
    assert visit.date is not None and visit.date.iso() == "2021-03-10"


# -- from test_extract_names.py -----------------------------------------------------------


def test_rt_hon_mp_is_stripped_and_kept_as_member_of_parliament(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "The Rt Hon Oliver Pembroke MP, Foreign Secretary, welcomed the agreement.",
        publisher="gov-uk",
        pipeline=pipeline,
    )
    pembroke = person(facts, "Oliver Pembroke")
    assert titles(pembroke) == {"Foreign Secretary", "Member of Parliament"}
    assert pembroke.country == "GBR"


def test_surname_comma_given_name_is_one_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Minister of Foreign Affairs Choi, Min-seo held talks with Foreign Minister Nadia Okoro of Nigeria "
        "in Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Choi Min-seo", "Nadia Okoro"}


# -- from test_extract_posts.py -----------------------------------------------------------


def test_delegation_members_take_the_delegations_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria on 3 March 2021. "
        "The Nigerian delegation included Vice Minister Emeka Obi and Ambassador Tunde Bello.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Emeka Obi").country == "NGA"
    assert person(facts, "Tunde Bello").country == "NGA"


def test_name_then_of_organisation_gives_the_organisation(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Secretary-General Maria Lindqvist of the Association "
        "of Southeast Asian Nations in Jakarta on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    lindqvist = person(facts, "Maria Lindqvist")
    assert lindqvist.organization == "ASEAN" and lindqvist.country is None


def test_possessive_state_before_post_gives_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Ms. Claire Whitlock, Australia's Minister for Foreign "
        "Affairs, in Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    whitlock = person(facts, "Claire Whitlock")
    assert whitlock.country == "AUS"
    assert titles(whitlock) == {"Minister of Foreign Affairs"}


def test_post_of_an_unnamed_body_is_not_a_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met the Director-General of the West African Fisheries "
        "Organisation in Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Seo Dong-hyun"}


# -- from test_extract_statements.py ------------------------------------------------------


def test_coordinated_speakers_with_of_state_are_both_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun and Foreign Minister Nadia Okoro of Nigeria agreed to strengthen "
        "coordination.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "agree").speakers) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_opening_participle_takes_the_following_subject(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Exchanging views on regional security, the two ministers agreed to strengthen "
        "coordination.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "discuss").speakers) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_possessive_noun_is_not_a_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo requested Minister Okoro's support for the bid.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [s.act for s in facts.statements] == ["request"]
    assert statements_of(facts, "support") == []


def test_called_on_without_to_is_a_courtesy_call_not_a_request(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Minister Nadia Okoro called on and was hosted to lunch by Foreign Minister Seo Dong-hyun today.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert statements_of(facts, "request") == []
    assert {m.kind for m in facts.meetings} >= {"meeting"}
