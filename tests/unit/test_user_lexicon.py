"""A user adds lexicon entries (people, publishers, places) without editing the package."""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract
from kg.ingest import Source, load_rules, read_release
from kg.lexicon import load_lexicon

TEXT = (
    "1. On May 3, Foreign Minister Arvo Saar held talks with Minister Lee Han-soo in Tartu. "
    "The two ministers agreed to hold a strategic dialogue next year."
)


def test_user_files_add_a_publisher_a_place_and_a_person(tmp_path: Path) -> None:
    (tmp_path / "publishers.csv").write_text(
        "publisher,name,country,organization,aliases\n"
        "vm-ee,Estonian Foreign Ministry,EST,,Valisministeerium\n",
        encoding="utf-8",
    )
    (tmp_path / "places.csv").write_text("name,country,kind,aliases\nTartu,EST,city,\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "name,wikidata,country,organization,posts,aliases\nLee Han-soo,,KOR,,Minister of Foreign Affairs,\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon([tmp_path])
    abbreviations = frozenset(a.casefold() for a in lexicon.abbreviations)
    source = Source(name="t", text=TEXT, publisher="Valisministeerium", published="2025-05-04")
    facts = extract(read_release(source, load_rules(), abbreviations), lexicon)
    people = {p.name: p.country for p in facts.people}
    assert people == {"Arvo Saar": "EST", "Lee Han-soo": "KOR"}
    meeting = next(m for m in facts.meetings if m.status.value == "held")
    assert meeting.place is not None and (meeting.place.label, meeting.place.country) == ("Tartu", "EST")
    assert meeting.date is not None and meeting.date.iso() == "2025-05-03"
