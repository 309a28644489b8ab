"""Text structure as the extractor sees it: bullets, hard wraps, glued words, truncated ends."""

from __future__ import annotations

from extract_helpers import OPENING, PUBLISHED, facts_of, meeting, names, release_of, statements_of, who

BULLETS = ["o", "°", "º", "◦", "ㅇ", "▲", "-", "ο", "1.", "2."]
TOPICS = [
    "trade",
    "investment",
    "tourism",
    "education",
    "health cooperation",
    "energy cooperation",
    "maritime cooperation",
    "cultural exchanges",
    "youth exchanges",
    "science cooperation",
]


def test_bullets_of_every_style_are_paragraphs(pipeline) -> None:  # type: ignore[no-untyped-def]
    lines = [f"{b} The two ministers agreed to expand {t}." for b, t in zip(BULLETS, TOPICS, strict=True)]
    facts = facts_of(
        OPENING + "\n\n" + "\n".join(lines) + "\n",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert [p.marker for p in facts.release.paragraphs] == [None, *BULLETS]
    agreed = statements_of(facts, "agree")
    assert [s.topic for s in agreed] == [f"to expand {t}" for t in TOPICS]
    for s in agreed:
        assert who(facts, s.speakers) == {"Seo Dong-hyun", "Nadia Okoro"}
        assert not s.evidence[0].quote.startswith(tuple(BULLETS))


def test_hard_line_breaks_are_joined(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia\n"
        "Okoro of Nigeria in Seoul on March 3. The two ministers agreed to expand\n"
        "cooperation in trade and investment.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert names(facts) == {"Seo Dong-hyun", "Nadia Okoro"}
    assert len(facts.release.paragraphs) == 1
    assert statements_of(facts, "agree")[0].topic == "to expand cooperation in trade and investment"


def test_hyphen_broken_at_a_line_end_is_rejoined(pipeline) -> None:  # type: ignore[no-untyped-def]
    release = release_of(
        "The two ministers agreed to expand people-to-\npeople exchanges.", pipeline=pipeline
    )
    assert "people-to-people exchanges" in release.text


def test_missing_space_before_capital_is_repaired(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria inSeoul onMarch 3.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    held = meeting(facts, "meeting")
    assert held.place is not None and held.place.label == "Seoul"
    assert held.date is not None and held.date.iso() == "2021-03-03"


def test_truncated_text_keeps_last_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING + " The two ministers agreed to expand cooperation in trade, investment and",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    assert facts.release.sentences[-1].text.endswith("investment and")
    [agree] = statements_of(facts, "agree")
    assert who(facts, agree.speakers) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_text_cut_inside_the_first_sentence_still_gives_the_meeting(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria in Seoul on March 3 "
        "and discussed ways to",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    held = meeting(facts, "meeting")
    assert who(facts, held.participants) == {"Seo Dong-hyun", "Nadia Okoro"}


def test_abbreviations_and_initials_do_not_end_a_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with H.E. Dr. Pavel K. Orlov, Minister of Foreign Affairs of "
        "Belarus, on 3 March 2021. The two ministers agreed to expand trade.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    assert len(facts.release.sentences) == 2
    assert "Pavel Orlov" in names(facts)


def test_evidence_quotes_are_the_text_at_their_offsets(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        OPENING
        + "\n\no The two ministers agreed to expand\ntrade.\n\n▲ Minister Seo proposed a joint action plan.",
        publisher="mofa-kr",
        published=PUBLISHED,
        pipeline=pipeline,
    )
    text = facts.release.text
    assert facts.statements and facts.meetings and facts.people
    for group in (facts.people, facts.countries, facts.initiatives, facts.meetings, facts.statements):
        for fact in group:
            for ev in fact.evidence:
                assert text[ev.start : ev.end] == ev.quote
