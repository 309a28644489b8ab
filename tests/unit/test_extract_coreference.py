"""Coreference within a release: short forms, titles alone, groups, sides, pronouns, first person."""

from __future__ import annotations

from extract_helpers import OPENING, PUBLISHED, facts_of, names, statement, who


def test_short_form_resolves_to_full_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo proposed a joint action plan. Minister Okoro welcomed the proposal.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert names(facts) == {"Seo Dong-hyun", "Nadia Okoro"}
    assert who(facts, statement(facts, "propose").speakers) == {"Seo Dong-hyun"}
    assert who(facts, statement(facts, "welcome").speakers) == {"Nadia Okoro"}


def test_two_top_diplomats_expand_to_both_principals(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two top diplomats agreed to expand trade.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "agree").speakers) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_two_sides_expand_to_both_principals(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two sides agreed to strengthen communication.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "agree").speakers) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_chinese_side_is_the_chinese_principal(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "State Councilor and Foreign Minister Zhou Minghao met with Foreign Minister Seo Dong-hyun of "
        "the Republic of Korea in Beijing on 3 March 2021. The Chinese side stressed that it opposes "
        "interference in its internal affairs.",
        publisher="fmprc-cn",
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "emphasize").speakers) == {"Zhou Minghao"}


def test_first_person_is_the_publishing_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "We welcome the release of the detained journalists.", publisher="state-us", pipeline=pipeline
    )
    assert who(facts, statement(facts, "welcome").speakers) == {"USA"}


def test_we_in_a_quote_after_a_statement_is_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo stated that Korea values the partnership. "
        '"We welcome Nigeria\'s active role in the region," he added.',
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert who(facts, statement(facts, "welcome").speakers) == {"Seo Dong-hyun"}
