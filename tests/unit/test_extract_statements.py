"""Speech acts: act, speakers, addressees, what they are about, responses and conditions."""

from __future__ import annotations

from extract_helpers import OPENING, PUBLISHED, facts_of, meeting, statement, who

from kg.model import Modality


def test_request_has_addressee(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING
        + " Minister Seo asked Nigeria to support the Korean candidate for the UN Human Rights Council.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    request = statement(facts, "request")
    assert who(facts, request.speakers) == {"Seo Dong-hyun"}
    assert who(facts, request.addressees) == {"NGA"}


def test_request_to_a_person_has_that_person_as_addressee(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo requested Minister Okoro to support the bid.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "request").addressees) == {"Nadia Okoro"}


def test_urged_is_a_request(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo urged the DPRK to return to dialogue.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    request = statement(facts, "request")
    assert who(facts, request.speakers) == {"Seo Dong-hyun"}
    assert who(facts, request.addressees) == {"PRK"}


def test_invitation_has_the_invited_person_as_addressee(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun invited Foreign Minister Nadia Okoro of Nigeria to visit Korea.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    invite = statement(facts, "invite")
    assert who(facts, invite.speakers) == {"Seo Dong-hyun"}
    assert who(facts, invite.addressees) == {"Nadia Okoro"}


def test_in_response_links_previous_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo asked Nigeria to back the bid. In response, Minister Okoro stated that "
        "Nigeria would consider it positively.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    request = statement(facts, "request")
    answer = statement(facts, "state", "In response")
    assert who(facts, answer.speakers) == {"Nadia Okoro"}
    assert answer.in_response_to == request.key


def test_conditional_statement_modality(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo stressed that Korea would provide economic assistance if Nigeria opens "
        "its markets.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    emphasize = statement(facts, "emphasize")
    assert emphasize.modality is Modality.CONDITIONAL
    assert who(facts, emphasize.speakers) == {"Seo Dong-hyun"}


def test_unconditional_statement_is_asserted(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo stressed that Korea would provide economic assistance.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert statement(facts, "emphasize").modality is Modality.ASSERTED


def test_coordinated_speakers_are_both_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun and Foreign Minister Nadia Okoro agreed to strengthen coordination.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "agree").speakers) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_second_verb_after_and_shares_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo welcomed the progress in trade and proposed a joint action plan.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "welcome").speakers) == {"Seo Dong-hyun"}
    assert who(facts, statement(facts, "propose").speakers) == {"Seo Dong-hyun"}


def test_infinitive_is_not_a_statement_of_its_own(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two ministers agreed to support each other's candidacies.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [s.act for s in facts.statements] == ["agree"]


def test_statement_is_about_the_initiative_it_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo called on Nigeria to join the Paris Agreement.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    request = statement(facts, "request")
    assert who(facts, request.addressees) == {"NGA"}
    assert request.about == ("PARIS_AGREEMENT",)


def test_statement_in_a_held_meeting_points_to_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two ministers agreed to expand trade.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert statement(facts, "agree").meeting == meeting(facts, "meeting").key
