"""Meeting dates at the text's precision: day-month, full, relative, ranges, times; never guessed."""

from __future__ import annotations

from extract_helpers import facts_of, meeting

MET = "Foreign Minister Seo Dong-hyun held a meeting with Foreign Minister Nadia Okoro of Nigeria"


def test_full_date_is_explicit(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(MET + " in Seoul on 3 March 2021.", publisher="mofa-kr", pipeline=pipeline)
    date = meeting(facts, "meeting").date
    assert date is not None and (date.iso(), date.basis) == ("2021-03-03", "explicit")


def test_day_month_takes_year_from_published_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        MET + " in Seoul on March 3.", publisher="mofa-kr", published="2021-03-04", pipeline=pipeline
    )
    date = meeting(facts, "meeting").date
    assert date is not None and (date.iso(), date.basis) == ("2021-03-03", "published")


def test_day_month_without_any_year_stays_unknown(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(MET + " in Seoul on March 3.", publisher="mofa-kr", pipeline=pipeline)
    assert meeting(facts, "meeting").date is None


def test_year_from_another_full_date_in_the_text(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Nadia Okoro of Nigeria arrived in Seoul on 2 March 2021. "
        + MET
        + " in Seoul on March 3.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    date = meeting(facts, "meeting").date
    assert date is not None and (date.iso(), date.basis) == ("2021-03-03", "text-full-date")


def test_year_from_an_anniversary_in_the_text(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        MET + " in Seoul on March 3. The two ministers noted that the past 30 years since the "
        "establishment of diplomatic relations in 1991 saw great progress.",
        publisher="mofa-kr",
        pipeline=pipeline,
    )
    date = meeting(facts, "meeting").date
    assert date is not None and (date.iso(), date.basis) == ("2021-03-03", "text-anniversary")


def test_today_is_the_published_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(MET + " in Seoul today.", publisher="mofa-kr", published="2021-03-04", pipeline=pipeline)
    date = meeting(facts, "meeting").date
    assert date is not None and date.iso() == "2021-03-04"


def test_today_without_published_date_stays_unknown(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(MET + " in Seoul today.", publisher="mofa-kr", pipeline=pipeline)
    assert meeting(facts, "meeting").date is None


def test_this_afternoon_is_the_published_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        MET + " in Seoul this afternoon.", publisher="mofa-kr", published="2021-03-04", pipeline=pipeline
    )
    date = meeting(facts, "meeting").date
    assert date is not None and date.iso() == "2021-03-04"


def test_last_year_is_one_year_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria last year.",
        publisher="mofa-kr",
        published="2021-03-04",
        pipeline=pipeline,
    )
    date = meeting(facts, "meeting").date
    assert date is not None and (date.iso(), date.precision.value) == ("2020", "year")


def test_last_month_name_is_the_latest_such_month_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun recalled that Foreign Minister Nadia Okoro of Nigeria visited "
        "Seoul last September.",
        publisher="mofa-kr",
        published="2021-03-04",
        pipeline=pipeline,
    )
    date = meeting(facts, "visit").date
    assert date is not None and date.iso() == "2020-09"


def test_date_range_gives_start_and_end(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun is visiting Nigeria on March 3-6.",
        publisher="mofa-kr",
        published="2021-03-04",
        pipeline=pipeline,
    )
    visit = meeting(facts, "visit")
    assert visit.date is not None and visit.date.iso() == "2021-03-03"
    assert visit.end_date is not None and visit.end_date.iso() == "2021-03-06"


def test_meeting_time_with_time_zone_is_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a telephone conversation with Foreign Minister Nadia Okoro "
        "of Nigeria at 16:00 (KST) on March 3.",
        publisher="mofa-kr",
        published="2021-03-04",
        pipeline=pipeline,
    )
    call = meeting(facts, "call")
    assert call.time == "16:00 (KST)"
    assert call.date is not None and call.date.iso() == "2021-03-03"


def test_meeting_time_in_local_time_is_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        MET + " at 5:40 p.m. (local time) on March 3 in Abuja.",
        publisher="mofa-kr",
        published="2021-03-04",
        pipeline=pipeline,
    )
    assert meeting(facts, "meeting").time == "5:40 p.m. (local time)"


def test_meeting_time_range_is_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    facts = facts_of(
        "Foreign Minister Seo Dong-hyun held a video conference with Foreign Minister Nadia Okoro of "
        "Nigeria from 17:00-18:30 on March 3.",
        publisher="mofa-kr",
        published="2021-03-04",
        pipeline=pipeline,
    )
    assert meeting(facts, "videoconference").time == "17:00-18:30"
