"""What the lexicon contributes, what the text's own patterns find without it, and user entries."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import OPENING, PUBLISHED, facts_of, person, release_of

from kg.extract import extract
from kg.lexicon import load_lexicon

# The 193 member states of the United Nations, ISO 3166-1 alpha-3.
# fmt: off
UN_MEMBERS = [
    "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR", "BGD", "BRB",
    "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA", "BDI", "CPV", "KHM",
    "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "CRI", "CIV", "HRV", "CUB", "CYP", "CZE",
    "PRK", "COD", "DNK", "DJI", "DMA", "DOM", "ECU", "EGY", "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI",
    "FIN", "FRA", "GAB", "GMB", "GEO", "DEU", "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND",
    "HUN", "ISL", "IND", "IDN", "IRN", "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR",
    "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO", "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS", "MDV",
    "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM", "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR", "NAM", "NRU",
    "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR", "OMN", "PAK", "PLW", "PAN", "PNG", "PRY", "PER",
    "PHL", "POL", "PRT", "QAT", "KOR", "MDA", "ROU", "RUS", "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP",
    "SAU", "SEN", "SRB", "SYC", "SLE", "SGP", "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN",
    "SUR", "SWE", "CHE", "SYR", "TJK", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV", "UGA",
    "UKR", "ARE", "GBR", "TZA", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
]
# fmt: on


def _forms_resolve(pipeline, forms: list[tuple[str, str]], pattern: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Each form in its own paragraph; return "form -> found" for every paragraph not giving its ISO3."""
    text = "\n\n".join(pattern.format(form) for form, _ in forms)
    release = release_of(text, pipeline=pipeline)
    assert len(release.paragraphs) == len(forms)
    facts = extract(release, pipeline.lexicon)
    by_paragraph: dict[int, set[str]] = {}
    for country in facts.countries:
        for ev in country.evidence:
            paragraph = release.sentences[ev.sentence].paragraph
            by_paragraph.setdefault(paragraph, set()).add(country.iso3)
    return [
        f"{form} -> {sorted(by_paragraph.get(i, set()))}"
        for i, (form, iso3) in enumerate(forms)
        if by_paragraph.get(i) != {iso3}
    ]


def test_all_un_members_resolve_by_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    lexicon = pipeline.lexicon
    known = {c.iso3 for c in lexicon.countries}
    assert sorted(set(UN_MEMBERS) - known) == []
    forms = [(lexicon.country(iso3).name, iso3) for iso3 in UN_MEMBERS]
    assert _forms_resolve(pipeline, forms, "The delegation of {} arrived in Geneva.") == []


def test_every_demonym_resolves_to_its_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    forms = [(d, c.iso3) for c in pipeline.lexicon.countries for d in c.demonyms]
    assert len(forms) >= 193
    assert _forms_resolve(pipeline, forms, "The minister thanked the {} delegation.") == []


def test_lowercase_us_is_not_the_united_states(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun told us about the talks with Nigeria.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert [c.iso3 for c in facts.countries] == ["KOR", "NGA"]


def test_currency_is_not_a_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun announced US$30 million in aid to Nigeria.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert "USA" not in {c.iso3 for c in facts.countries}


def test_korean_peninsula_is_not_a_mention_of_korea(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Nadia Okoro of Nigeria expressed support for peace on the Korean Peninsula.",
        publisher="mofa-jp",
        pipeline=pipeline,
    )
    assert [c.iso3 for c in facts.countries] == ["NGA"]


def test_acronym_beats_wrong_expansion(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "The two ministers welcomed the entry into force of the Regional Economy Partnership Agreement "
        "(RCEP).",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    [rcep] = facts.initiatives
    assert (rcep.key, rcep.label, rcep.acronym) == (
        "RCEP",
        "Regional Comprehensive Economic Partnership",
        "RCEP",
    )


def test_unknown_initiative_found_by_head_word(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "The two ministers agreed to launch the Korea-Nigeria Green Growth Initiative next year.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    [initiative] = facts.initiatives
    assert (initiative.label, initiative.kind) == ("Korea-Nigeria Green Growth Initiative", "initiative")
    assert initiative.wikidata is None


def test_lower_case_plan_after_an_article_is_an_initiative(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " Minister Seo proposed a joint action plan.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [(i.label, i.kind) for i in facts.initiatives] == [("joint action plan", "plan")]


def test_unknown_organisation_from_lexicon_alias(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun welcomed the Cooperation Council for the Arab States of the Gulf.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    [gcc] = facts.organizations
    assert (gcc.key, gcc.label, gcc.wikidata) == ("GCC", "Gulf Cooperation Council", "Q217172")


def test_lexicon_person_named_by_surname_gets_full_name_and_wikidata(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Kono of Japan on 3 March 2018.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    kono = person(facts, "Taro Kono")
    assert (kono.country, kono.wikidata) == ("JPN", "Q1161024")


def test_user_lexicon_adds_a_person(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "people.csv").write_text(
        "name,wikidata,country,organization,posts,aliases\n"
        "Marisol Quintanar,Q999999991,PER,,Minister of Foreign Affairs of Peru,\n",
        encoding="utf-8",
    )
    text = "Foreign Minister Seo Dong-hyun met with Foreign Minister Quintanar in Seoul on 3 March 2021."
    without = facts_of(text, publisher="mofa-kr", pipeline=pipeline)
    assert "Marisol Quintanar" not in {p.name for p in without.people}
    facts = facts_of(text, publisher="mofa-kr", pipeline=pipeline, lexicon=load_lexicon(extra=[tmp_path]))
    quintanar = person(facts, "Marisol Quintanar")
    assert (quintanar.country, quintanar.wikidata) == ("PER", "Q999999991")
