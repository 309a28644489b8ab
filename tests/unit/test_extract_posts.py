"""Titles and posts in many shapes, and the state (or body) a person's post belongs to."""

from __future__ import annotations

from extract_helpers import facts_of, names, person, titles


def test_post_then_name_then_of_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Minister for Foreign Affairs Nadia Okoro of Nigeria "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    okoro = person(facts, "Nadia Okoro")
    assert okoro.country == "NGA"
    assert [(p.title, p.country) for p in okoro.posts] == [("Minister of Foreign Affairs", "NGA")]


def test_name_then_post_in_apposition(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a meeting with Mr. Omar Bekmurodov, Minister of Foreign "
        "Affairs of Uzbekistan, on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    omar = person(facts, "Omar Bekmurodov")
    assert omar.country == "UZB"
    assert titles(omar) == {"Minister of Foreign Affairs"}


def test_foreign_minister_and_foreign_affairs_minister_are_one_title(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Affairs Minister Nadia Okoro of Nigeria "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert titles(person(facts, "Seo Dong-hyun")) == {"Minister of Foreign Affairs"}
    assert titles(person(facts, "Nadia Okoro")) == {"Minister of Foreign Affairs"}


def test_secretary_of_state_is_american(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Secretary of State Daniel Whitfield met Foreign Minister Seo Dong-hyun of the Republic of Korea "
        "in Washington on 3 March 2021.",
        publisher="state-us",
        pipeline=pipeline,
    )
    whitfield = person(facts, "Daniel Whitfield")
    assert whitfield.country == "USA"
    assert titles(whitfield) == {"Secretary of State"}
    assert person(facts, "Seo Dong-hyun").country == "KOR"


def test_external_affairs_minister_is_indian(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "External Affairs Minister Dr. Rohan Mehra met Foreign Minister Seo Dong-hyun of the Republic "
        "of Korea in New Delhi on 3 March 2021.",
        publisher="mea-in",
        pipeline=pipeline,
    )
    mehra = person(facts, "Rohan Mehra")
    assert mehra.country == "IND"
    assert titles(mehra) == {"Minister of External Affairs"}


def test_state_councilor_and_foreign_minister_are_two_posts(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "State Councilor and Minister of Foreign Affairs of China Zhou Minghao met with Foreign Minister "
        "Seo Dong-hyun in Beijing on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    zhou = person(facts, "Zhou Minghao")
    assert zhou.country == "CHN"
    assert {(p.title, p.country) for p in zhou.posts} == {
        ("State Councilor", "CHN"),
        ("Minister of Foreign Affairs", "CHN"),
    }


def test_hr_vp_is_the_eu_high_representative(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "HR/VP Elena Moretti met Foreign Minister Seo Dong-hyun of the Republic of Korea in Brussels "
        "on 3 March 2021.",
        publisher="eeas-eu",
        pipeline=pipeline,
    )
    moretti = person(facts, "Elena Moretti")
    assert moretti.organization == "EU" and moretti.country is None
    assert [(p.title, p.organization) for p in moretti.posts] == [
        ("High Representative of the European Union for Foreign Affairs and Security Policy", "EU")
    ]


def test_organisation_before_post_gives_the_organisation(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with ASEAN Secretary-General Maria Lindqvist in Jakarta "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    lindqvist = person(facts, "Maria Lindqvist")
    assert lindqvist.organization == "ASEAN" and lindqvist.country is None


def test_counterpart_gets_state_from_demonym(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a meeting with his Mongolian counterpart Batbayar Ganbold "
        "in Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Batbayar Ganbold").country == "MNG"


def test_counterpart_holds_the_same_post(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a meeting with his Mongolian counterpart Batbayar Ganbold "
        "in Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    ganbold = person(facts, "Batbayar Ganbold")
    assert [(p.title, p.country) for p in ganbold.posts] == [("Minister of Foreign Affairs", "MNG")]


def test_demonym_before_post_gives_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Australian Foreign Minister Claire Whitlock met with Foreign Minister Seo Dong-hyun in Seoul "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Claire Whitlock").country == "AUS"
    assert person(facts, "Seo Dong-hyun").country == "KOR"


def test_unqualified_post_takes_the_publishing_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Seo Dong-hyun").country == "KOR"


def test_unqualified_post_without_publisher_has_no_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of("Foreign Minister Seo Dong-hyun met with Foreign Minister Okoro.", pipeline=pipeline)
    seo = person(facts, "Seo Dong-hyun")
    assert seo.country is None and seo.organization is None


def test_plural_post_is_not_a_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met the Foreign Ministers of ASEAN in Jakarta on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Seo Dong-hyun"}
