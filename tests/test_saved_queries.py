"""Every saved query runs on a fixture store (the bundled samples) and returns the expected rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.formats import cell
from kg.pipeline import ingest
from kg.queries import bind, load_queries, parse_params, with_values
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED = "https://w3id.org/kg-diplo/id/release/mofa-kr-2022-08-09-korea-china-fm-qingdao-txt"
ID = "https://w3id.org/kg-diplo/id/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> EmbeddedStore:  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path_factory.mktemp("queries") / "store")
    report = ingest([SAMPLES], store, pipeline)
    assert not report.failed
    return store


def run(store: EmbeddedStore, name: str, *params: str) -> list[dict[str, str]]:
    query = load_queries()[name]
    text = with_values(query.text, bind(query, parse_params(query, list(params))))
    variables, rows = store.select(text)
    return [{v: cell(row.get(v)) for v in variables} for row in rows]


def test_every_saved_query_answers(store: EmbeddedStore) -> None:
    required = {
        "meetings-between": ["a=KOR", "b=CHN"],
        "shared-initiatives": ["a=KOR", "b=CHN"],
        "dyad-timeline": ["a=KOR", "b=CHN"],
        "positions": ["country=KOR"],
        "counterparts": ["country=KOR"],
    }
    for name in load_queries():
        assert run(store, name, *required.get(name, [])), name


def test_releases(store: EmbeddedStore) -> None:
    rows = run(store, "releases")
    assert len(rows) == 3
    seed = next(r for r in rows if r["release"] == SEED)
    assert seed["title"] == "Outcome of Korea-China Foreign Ministers’ Meeting" and seed["published"] == ""
    html = next(r for r in rows if r["file"].endswith(".html"))
    assert html["published"] == "2024-03-05" and html["url"].startswith("https://kg.example.org/")


def test_people_with_two_posts_and_country_filter(store: EmbeddedStore) -> None:
    rows = run(store, "people", "country=CHN")
    wang = {(r["name"], r["post"], r["country"]) for r in rows if r["release"] == SEED}
    assert wang == {
        ("Wang Yi", "State Councilor", "CHN"),
        ("Wang Yi", "Minister of Foreign Affairs", "CHN"),
        ("Xi Jinping", "President", "CHN"),
    }


def test_countries_organizations_initiatives(store: EmbeddedStore) -> None:
    assert {r["iso3"] for r in run(store, "countries") if r["release"] == SEED} >= {
        "KOR",
        "CHN",
        "PRK",
        "JPN",
    }
    assert any(r["label"] == "United Nations" for r in run(store, "organizations"))
    kinds = {r["label"]: r["kind"] for r in run(store, "initiatives") if r["release"] == SEED}
    assert kinds["Regional Comprehensive Economic Partnership"] == "trade-agreement"
    assert kinds["Trilateral Summit"] == "summit-series"


def test_meetings_one_row_per_participant(store: EmbeddedStore) -> None:
    rows = [r for r in run(store, "meetings", "country=CHN", "status=held") if r["release"] == SEED]
    main = [r for r in rows if r["kind"] == "meeting"]
    assert {(r["participantName"], r["participantCountry"]) for r in main} == {
        ("Park Jin", "KOR"),
        ("Wang Yi", "CHN"),
    }
    assert {r["date"] for r in main} == {"2022-08-09"} and {r["place"] for r in main} == {
        "Qingdao, Shandong Province"
    }
    planned = run(store, "meetings", "status=planned")
    assert any(r["participantName"] == "Xi Jinping" and r["kind"] == "visit" for r in planned)


def test_statements_by_act(store: EmbeddedStore) -> None:
    rows = run(store, "statements", "act=request")
    expo = next(r for r in rows if "World Expo in Busan" in r["quote"])
    assert (expo["speakerName"], expo["speakerCountry"], expo["addresseeName"]) == (
        "Park Jin",
        "KOR",
        "China",
    )
    assert expo["about"] == "Busan bid for World Expo 2030"
    assert all(r["act"] == "request" for r in rows)
    assert {r["speakerCountry"] for r in run(store, "statements", "country=CHN")} == {"CHN"}


def test_relationship_queries(store: EmbeddedStore) -> None:
    between = run(store, "meetings-between", "a=KOR", "b=CHN", "status=held")
    assert {(r["date"], r["kind"]) for r in between} == {("2022-08-09", "meeting"), ("2022-08-09", "dinner")}
    counterparts = run(store, "counterparts", "person=Park Jin")
    assert [(r["counterpartName"], r["meetings"]) for r in counterparts] == [("Wang Yi", "1")]
    positions = run(store, "positions", "country=KOR", "act=propose")
    assert any(r["about"] == "joint action plan" and r["speakerName"] == "Park Jin" for r in positions)
    backers = run(store, "initiative-backers", "initiative=EXPO2030_BUSAN_BID")
    assert {(r["country"], r["role"]) for r in backers} == {("KOR", "speaker"), ("CHN", "asked")}
    shared = {r["label"] for r in run(store, "shared-initiatives", "a=KOR", "b=CHN")}
    assert {"Regional Comprehensive Economic Partnership", "Digital Economy Partnership Agreement"} <= shared
    timeline = run(store, "dyad-timeline", "a=KOR", "b=CHN")
    assert any(r["kind"] == "propose" and r["who"] == "Park Jin" for r in timeline)
    planned = run(store, "planned-meetings")
    assert any(r["label"] == "Vice Foreign Ministerial Strategic Dialogue" for r in planned)


def test_stats(store: EmbeddedStore) -> None:
    [row] = run(store, "stats")
    assert row["releases"] == "3" and int(row["statements"]) > 30


def test_planned_meeting_reported_held_by_a_later_release(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    import json

    plan = (
        "1. On January 9, Foreign Minister Kim Min-jun held a meeting with Foreign Minister of Viet Nam "
        "Le Van Thanh in Seoul. The two ministers agreed to hold the Korea-Viet Nam Strategic Dialogue "
        "in Hanoi this year."
    )
    held = (
        "1. Vice Foreign Minister Park Soo-min held the Korea-Viet Nam Strategic Dialogue with Vice "
        "Foreign Minister of Viet Nam Nguyen Hoang Long in Hanoi on May 30."
    )
    lines = [
        {
            "text": plan,
            "publisher": "mofa-kr",
            "published": "2024-01-10",
            "url": "https://kg.example.org/t/plan",
        },
        {
            "text": held,
            "publisher": "mofa-kr",
            "published": "2024-06-01",
            "url": "https://kg.example.org/t/held",
        },
    ]
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    assert not ingest([manifest], store, pipeline).failed
    [row] = [r for r in run(store, "planned-meetings", "country=VNM") if r["kind"] == "dialogue"]
    assert row["date"] == "2024" and row["heldDate"] == "2024-05-30"
    assert row["heldIn"].endswith("kg-example-org-t-held")
