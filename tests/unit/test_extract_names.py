"""Name forms: unknown people are read from the text's patterns, honorifics are stripped but kept."""

from __future__ import annotations

from extract_helpers import facts_of, names, person, titles


def test_unknown_person_after_a_post_is_found_without_the_lexicon(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Seo Dong-hyun", "Nadia Okoro"}
    assert person(facts, "Nadia Okoro").wikidata is None


def test_lexicon_alias_surname_comma_given_name_is_one_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Kang, Kyung-wha met with Foreign Minister Nadia Okoro of Nigeria on 3 March 2018.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Kang Kyung-wha", "Nadia Okoro"}


def test_korean_name_in_three_words_without_hyphen(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Minister of Foreign Affairs Ryu Dong Hwan met with Minister for Foreign Affairs Nadia Okoro "
        "of Nigeria on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Ryu Dong Hwan").country == "KOR"


def test_family_name_in_capitals_after_given_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Bakhtiyor KARIMOV of Uzbekistan "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Bakhtiyor Karimov").country == "UZB"


def test_japanese_family_name_in_capitals_first(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "On March 3, Mr. SUZUKAWA Kenji, Minister for Foreign Affairs, held a meeting with "
        "Foreign Minister Nadia Okoro of Nigeria.",
        publisher="mofa-jp",
        published="2021-03-04",
        pipeline=pipeline,
    )
    suzukawa = person(facts, "Kenji Suzukawa")
    assert suzukawa.country == "JPN"
    assert titles(suzukawa) == {"Minister of Foreign Affairs"}


def test_honorifics_are_stripped_but_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a telephone talk with H.E. Dr. Amara Diallo, "
        "Minister of Foreign Affairs of Senegal, on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    diallo = person(facts, "Amara Diallo")
    assert diallo.honorifics == ("H.E.", "Dr.")
    assert diallo.country == "SEN"


def test_dato_seri_is_an_honorific_not_part_of_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Dato' Seri Aziz Rahman, Minister of Foreign Affairs "
        "of Malaysia, in Kuala Lumpur on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    rahman = person(facts, "Aziz Rahman")
    assert "Dato' Seri" in rahman.honorifics
    assert rahman.country == "MYS"


def test_senator_the_hon_keeps_senator_as_post(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Senator the Hon. Claire Whitlock, Minister for Foreign Affairs of Australia, met with "
        "Foreign Minister Seo Dong-hyun in Canberra on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    whitlock = person(facts, "Claire Whitlock")
    assert titles(whitlock) == {"Senator", "Minister of Foreign Affairs"}
    assert "the Hon." in whitlock.honorifics


def test_his_excellency_general_retired_keeps_general_as_post(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "His Excellency General (retired) Somchai Wongsa, Deputy Prime Minister and Minister of Foreign "
        "Affairs of Thailand, met with Foreign Minister Seo Dong-hyun on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    somchai = person(facts, "Somchai Wongsa")
    assert "General" in titles(somchai)
    assert {"His Excellency", "General (retired)"} <= set(somchai.honorifics)


def test_name_particle_bin_stays_in_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Ahmad bin Hassan of Brunei "
        "on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Ahmad bin Hassan").country == "BRN"


def test_middle_initial_is_dropped_from_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Pavel K. Orlov of Belarus on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Seo Dong-hyun", "Pavel Orlov"}


def test_jr_suffix_is_dropped_from_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Secretary of State Robert T. Hale Jr. of the "
        "United States on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert person(facts, "Robert Hale").country == "USA"


def test_possessive_is_not_part_of_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "The Ministry welcomed Foreign Minister Nadia Okoro's visit to Seoul on 3 March 2021.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert names(facts) == {"Nadia Okoro"}
