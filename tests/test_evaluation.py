"""kg eval: each matching rule on hand-made facts, the command on a fixture, the corpus floors."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluation import (
    FIELDS,
    FieldScore,
    Gold,
    GoldError,
    GoldInitiative,
    GoldMeeting,
    GoldOrganization,
    GoldPerson,
    GoldStatement,
    Names,
    Report,
    evaluate,
    find_sources,
    format_report,
    label_tokens,
    load_gold,
    run_eval,
    split_stems,
)
from kg.iris import slugify
from kg.lexicon import InitiativeEntry, Lexicon, OrganizationEntry, PersonEntry
from kg.model import (
    ActorKind,
    ActorRef,
    Country,
    Evidence,
    Facts,
    Initiative,
    Meeting,
    MeetingStatus,
    Organization,
    PartialDate,
    Person,
    Place,
    Post,
    Release,
    Statement,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "data" / "eval"
FIXTURE_STEM = "mofa-kr-2031-05-12-korea-norway-fm-fixture"
GOLD = REPO / "tests" / "gold"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "releases"

# -- helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lex(lexicon: Lexicon) -> Lexicon:
    """The packaged lexicon with people, organisations and initiatives pinned for these tests."""
    return dataclasses.replace(
        lexicon,
        people=(PersonEntry("Joe Biden", None, "USA", None, (), ("Joseph Biden", "Joseph R. Biden")),),
        organizations=(OrganizationEntry("ASEAN_PLUS_THREE", None, "ASEAN Plus Three", ("APT",), "forum"),),
        initiatives=(
            InitiativeEntry("BRI", None, "Belt and Road Initiative", ("One Belt, One Road",), "plan"),
        ),
    )


@pytest.fixture(scope="module")
def names(lex: Lexicon) -> Names:
    return Names(lex)


def ev(quote: str) -> Evidence:
    return Evidence(0, 0, len(quote), quote)


def facts(**parts: object) -> Facts:
    release = Release("r", "", "r.txt", "text/plain", (), ())
    return Facts(release, **parts)  # type: ignore[arg-type]


def gold(**parts: object) -> Gold:
    empty: dict[str, object] = {
        "people": (),
        "countries": (),
        "organizations": (),
        "initiatives": (),
        "meetings": (),
        "statements": (),
    }
    return Gold("r", Path("r.json"), **{**empty, **parts})  # type: ignore[arg-type]


def score(g: Gold, f: Facts, lex: Lexicon) -> Report:
    return evaluate({"r": g}, {"r": f}, lex)


def counts(report: Report, name: str) -> tuple[int, int, int]:
    field = report.field(name)
    return field.tp, field.fp, field.fn


def person(name: str, country: str | None = None, *posts: str) -> Person:
    return Person(slugify(name), name, country, posts=tuple(Post(p, country) for p in posts))


def p(key: str) -> ActorRef:
    return ActorRef(ActorKind.PERSON, key)


def c(iso3: str) -> ActorRef:
    return ActorRef(ActorKind.COUNTRY, iso3)


def o(key: str) -> ActorRef:
    return ActorRef(ActorKind.ORGANIZATION, key)


PARK, WANG = GoldPerson("Park Jin", "KOR", ()), GoldPerson("Wang Yi", "CHN", ())
SENTENCE = (
    "Foreign Minister Park Jin had a meeting and an official dinner with Wang Yi in Qingdao on August 9."
)


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kang Kyung-wha", "Kang, Kyung-wha"),
        ("Taro Kono", "Kono Taro"),
        ("Taro Kono", "KONO Taro"),
        ("Antony Blinken", "Antony J. Blinken"),
        ("Joseph Biden", "Joseph R. Biden, Jr."),
        ("Mike Pompeo", "The Honorable Mike Pompeo"),
        ("Marise Payne", "Senator the Hon Marise Payne"),
        ("S. M. Krishna", "S.M. Krishna"),
        ("Moon Jae-in", "Moon Jae In"),
        ("Sergey Lavrov", "Sérgey Lavrov"),
        ("Joseph Biden", "Joe Biden"),  # a lexicon alias
    ],
)
def test_names_that_match(names: Names, a: str, b: str) -> None:
    assert names.same_person(a, b) and names.same_person(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Park Jin", "Park Geun-hye"),
        ("Park Jin", "Park"),
        ("Kang Kyung-wha", "Kang Kyung"),
        ("Joe Biden", "Joe Smith"),
    ],
)
def test_names_that_differ(names: Names, a: str, b: str) -> None:
    assert not names.same_person(a, b)


def test_labels_join_dots_and_drop_the() -> None:
    assert label_tokens("the U.S.–ROK Alliance") == ("us", "rok", "alliance")
    assert label_tokens("Foreign Ministers’ Meeting") == label_tokens("Foreign Ministers' meeting")


# -- people, countries, organisations, initiatives -------------------------------------------


def test_people_one_to_one_with_country_and_post_attributes(lex: Lexicon) -> None:
    g = gold(people=(GoldPerson("Park Jin", "KOR", ("Minister of Foreign Affairs", "Envoy")), WANG))
    f = facts(
        people=(
            person("Mr. Park Jin", "KOR", "Minister of Foreign Affairs"),
            person("Jin Park", "KOR"),
            person("Wang Yi", "CHN"),
            person("Xi Jinping", "CHN"),
        )
    )
    report = score(g, f, lex)
    assert counts(report, "people") == (2, 2, 0)
    assert report.attribute("person_country").value == 1.0
    assert (report.attribute("person_posts").correct, report.attribute("person_posts").total) == (1, 2)


def test_a_lexicon_alias_pairs_people(lex: Lexicon) -> None:
    report = score(
        gold(people=(GoldPerson("Joseph Biden", "USA", ()),)), facts(people=(person("Joe Biden"),)), lex
    )
    assert counts(report, "people") == (1, 0, 0)
    assert report.attribute("person_country").value == 0.0  # USA against None


def test_countries_by_iso3_set(lex: Lexicon) -> None:
    f = facts(
        countries=(Country("KOR", "Korea"), Country("USA", "United States", evidence=(ev("US dollars"),)))
    )
    report = score(gold(countries=("CHN", "KOR")), f, lex)
    assert counts(report, "countries") == (1, 1, 1)
    fp = [m for m in report.misses if m.kind == "FP"]
    assert fp[0].item == "USA" and fp[0].evidence == "US dollars"


def test_organizations_by_key_label_or_lexicon_alias(lex: Lexicon) -> None:
    g = gold(
        organizations=(
            GoldOrganization("UN", "United Nations"),
            GoldOrganization("APT", "ASEAN Plus Three"),
            GoldOrganization("ACS", "ASEAN Committee in Seoul"),
            GoldOrganization("G7", "Group of Seven"),
        )
    )
    f = facts(
        organizations=(
            Organization("UN", "United Nations"),
            Organization("ASEAN_PLUS_THREE", "ASEAN+3"),  # by the lexicon entry
            Organization("ASEAN_COMMITTEE_SEOUL", "ASEAN Committee in Seoul"),  # by label
            Organization("NATO", "North Atlantic Treaty Organization"),
        )
    )
    assert counts(score(g, f, lex), "organizations") == (3, 1, 1)


def test_initiatives_by_key_acronym_label_and_containment(lex: Lexicon) -> None:
    g = gold(
        initiatives=(
            GoldInitiative("Korea-China FTA", None, "trade-agreement", "KOREA_CHINA_FTA"),
            GoldInitiative("Regional Comprehensive Economic Partnership", "RCEP", "trade-agreement"),
            GoldInitiative("Trilateral Summit", None, "summit-series"),
            GoldInitiative("Belt and Road Initiative", None, "plan"),
            GoldInitiative("Korea-Russia strategic cooperative partnership", None, "partnership"),
            GoldInitiative("audacious plan", None, "plan"),
        )
    )
    f = facts(
        initiatives=(
            Initiative("KOREA_CHINA_FTA", "Korea–China Free Trade Agreement", "trade-agreement"),
            Initiative("rcep", "RCEP", "trade-agreement"),
            Initiative("9th-trilateral-summit", "9th Trilateral Summit", "summit-series"),
            Initiative("one-belt-one-road", "One Belt, One Road", "plan"),  # lexicon alias of BRI
            Initiative(
                "x", "strategic cooperative partnership of Korea and Russia", "partnership"
            ),  # Jaccard 5/7
            Initiative("joint-action-plan", "joint action plan", "plan"),
        )
    )
    report = score(g, f, lex)
    assert counts(report, "initiatives") == (5, 1, 1)
    assert {m.item for m in report.misses} == {
        "audacious plan (plan)",
        "joint action plan (joint-action-plan)",
    }


def test_each_gold_initiative_is_matched_once_best_first(lex: Lexicon) -> None:
    g = gold(initiatives=(GoldInitiative("Strategic Partnership", None, "partnership"),))
    f = facts(
        initiatives=(
            Initiative("a", "Special Strategic Partnership", "partnership"),
            Initiative("b", "Strategic Partnership", "partnership"),
        )
    )
    report = score(g, f, lex)
    assert counts(report, "initiatives") == (1, 1, 0)
    assert [m.item for m in report.misses] == ["Special Strategic Partnership (a)"]


# -- meetings -------------------------------------------------------------------------------


def meeting(kind: str, *actors: ActorRef, quote: str = SENTENCE, **extra: object) -> Meeting:
    return Meeting(
        kind, kind, MeetingStatus(extra.pop("status", "held")), actors, evidence=(ev(quote),), **extra
    )  # type: ignore[arg-type]


def test_meetings_pair_by_sentence_and_kind(lex: Lexicon) -> None:
    g = gold(
        people=(PARK, WANG),
        meetings=(
            GoldMeeting(
                "meeting",
                "held",
                "2022-08-09",
                "Qingdao",
                ("person:Park Jin", "person:Wang Yi"),
                "had a meeting and",
            ),
            GoldMeeting(
                "dinner",
                "held",
                "2022-08-09",
                "Qingdao",
                ("person:Park Jin", "person:Wang Yi"),
                "an official dinner",
            ),
        ),
    )
    people = (person("Park Jin", "KOR"), person("Wang Yi", "CHN"))
    where = {"date": PartialDate(2022, 8, 9), "place": Place("Qingdao, Shandong Province")}
    f = facts(
        people=people,
        meetings=(
            meeting("dinner", p("park-jin"), p("wang-yi"), **where),
            meeting("meeting", p("park-jin"), p("wang-yi"), **where),
        ),
    )
    report = score(g, f, lex)
    assert counts(report, "meetings") == (2, 0, 0)
    assert report.attribute("meeting_place").value == 1.0 and report.attribute("meeting_date").value == 1.0


def test_a_person_participant_stands_for_their_state(lex: Lexicon) -> None:
    g = gold(
        countries=("CHN", "KOR"),
        meetings=(
            GoldMeeting(
                "dialogue", "planned", "2022", None, ("country:KOR", "country:CHN"), "the Strategic Dialogue"
            ),
        ),
    )
    f = facts(
        people=(person("Park Jin", "KOR"),),
        meetings=(
            meeting(
                "meeting",
                p("park-jin"),
                quote="They will hold the Strategic Dialogue in Seoul.",
                status="held",
            ),
        ),
    )
    report = score(g, f, lex)
    assert counts(report, "meetings") == (1, 0, 0)  # other kind, but the same sentence
    assert report.attribute("meeting_status").value == 0.0
    assert report.attribute("meeting_date").value == 0.0  # "2022" against None
    assert report.attribute("meeting_place").value == 1.0  # null and None


def test_meetings_need_shared_participants_and_kind_or_sentence(lex: Lexicon) -> None:
    g = gold(
        people=(PARK, WANG),
        meetings=(
            GoldMeeting("visit", "planned", None, None, ("person:Wang Yi", "country:KOR"), "to visit Korea"),
        ),
    )
    f = facts(
        people=(person("Park Jin", "KOR"), person("Wang Yi", "CHN")),
        meetings=(
            meeting("visit", c("JPN"), quote="Wang Yi will visit Korea."),  # no shared participant
            meeting("call", p("wang-yi"), quote="They spoke on the phone."),  # other kind and sentence
        ),
    )
    assert counts(score(g, f, lex), "meetings") == (0, 2, 1)


# -- statements -----------------------------------------------------------------------------


def statement(
    act: str, speakers: tuple[ActorRef, ...], quote: str, to: tuple[ActorRef, ...] = ()
) -> Statement:
    return Statement(act, act, speakers, (ev(quote),), addressees=to)


def test_statements_need_sentence_act_and_equal_speakers(lex: Lexicon) -> None:
    line = "Foreign Minister Park asked China to support Korea's bid, and Wang agreed."
    g = gold(
        people=(PARK, WANG),
        countries=("CHN", "KOR"),
        statements=(
            GoldStatement(("person:Park Jin",), "request", ("country:CHN",), "asked China to support"),
            GoldStatement(("person:Wang Yi",), "agree", (), "Wang agreed"),
            GoldStatement(("person:Park Jin", "person:Wang Yi"), "discuss", (), "discussed"),
        ),
    )
    f = facts(
        people=(person("Park Jin", "KOR"), person("Wang Yi", "CHN")),
        statements=(
            statement("request", (p("park-jin"),), line, (c("JPN"),)),  # the wrong addressee
            statement("agree", (p("park-jin"), p("wang-yi")), line),  # one speaker too many
            statement("discuss", (p("park-jin"), p("wang-yi")), "They discussed it."),
        ),
    )
    report = score(g, f, lex)
    assert counts(report, "statements") == (2, 1, 1)
    assert report.attribute("statement_addressees").value == 0.5


def test_speakers_as_states_and_redundant_states(lex: Lexicon) -> None:
    g = gold(
        people=(GoldPerson("Kang Kyung-wha", "KOR", ()), GoldPerson("Taro Kono", "JPN", ())),
        countries=("IND", "JPN", "KOR"),
        statements=(
            GoldStatement(("person:Kang Kyung-wha", "country:IND"), "discuss", (), "Kang and I reviewed"),
            GoldStatement(
                ("person:Taro Kono", "person:Kang Kyung-wha"), "reaffirm", (), "ministers confirmed"
            ),
        ),
    )
    f = facts(
        people=(person("Kang Kyung-wha", "KOR"), person("Taro Kono", "JPN"), person("Sushma Swaraj", "IND")),
        statements=(
            statement(
                "discuss",
                (p("kang-kyung-wha"), p("sushma-swaraj")),
                "Foreign Minister Kang and I reviewed it.",
            ),
            statement(
                "reaffirm",
                (p("taro-kono"), p("kang-kyung-wha"), c("JPN"), c("KOR")),
                "The two ministers confirmed it.",
            ),
        ),
    )
    assert counts(score(g, f, lex), "statements") == (2, 0, 0)


def test_org_speakers_match_through_the_gold_label(lex: Lexicon) -> None:
    g = gold(
        organizations=(GoldOrganization("APT", "ASEAN Plus Three"),),
        statements=(GoldStatement(("org:APT",), "agree", (), "the Leaders agreed"),),
    )
    f = facts(
        organizations=(Organization("ASEAN_PLUS_THREE", "ASEAN Plus Three"),),
        statements=(statement("agree", (o("ASEAN_PLUS_THREE"),), "The  Leaders  agreed on it."),),
    )
    assert counts(score(g, f, lex), "statements") == (1, 0, 0)


# -- scores and report ----------------------------------------------------------------------


def test_scores_with_empty_denominators() -> None:
    assert FieldScore("x", 0, 0, 0).f1 == 1.0
    assert FieldScore("x", 0, 0, 3).f1 == 0.0 and FieldScore("x", 0, 0, 3).precision == 1.0
    half = FieldScore("x", 1, 1, 1)
    assert (half.precision, half.recall, half.f1) == (0.5, 0.5, 0.5)


def test_macro_f1_and_formats(lex: Lexicon) -> None:
    report = score(gold(countries=("KOR",)), facts(countries=(Country("CHN", "China"),)), lex)
    assert report.field("countries").f1 == 0.0
    assert report.macro_f1 == pytest.approx(5 / 6)
    table = format_report(report, "table", misses=True)
    assert "macro-F1" in table and "FN    r  countries" in table and "FP    r  countries" in table
    data = json.loads(format_report(report, "json"))
    assert set(data["fields"]) == set(FIELDS) and "misses" not in data
    assert data["attributes"]["meeting_date"] == {"correct": 0, "total": 0, "accuracy": None}


# -- gold files -----------------------------------------------------------------------------


def copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "gold"
    shutil.copytree(FIXTURE, target)
    return target


def test_the_fixture_gold_loads() -> None:
    loaded = load_gold(FIXTURE)
    assert list(loaded) == [FIXTURE_STEM]
    assert loaded[FIXTURE_STEM].meetings[1].participants == ("country:KOR", "country:NOR")
    assert split_stems(FIXTURE, loaded, "dev") == [FIXTURE_STEM]
    assert split_stems(FIXTURE, loaded, "heldout") == []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.pop("meetings"), "missing required key 'meetings'"),
        (lambda d: d["statements"][0].pop("act"), "missing required key 'statements[0].act'"),
        (lambda d: d["people"][0].update(posts="Minister"), "'people[0].posts' must be a list"),
        (lambda d: d["meetings"][0]["participants"].append("person:Nobody"), "'person:Nobody'"),
        (lambda d: d.update(file="other.txt"), "key 'file'"),
    ],
)
def test_bad_gold_names_the_file_and_key(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = copy_fixture(tmp_path)
    path = folder / f"{FIXTURE_STEM}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GoldError) as raised:
        load_gold(folder)
    assert str(path) in str(raised.value) and message in str(raised.value)


def test_split_listing_an_unknown_stem_is_bad_gold(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    (folder / "split.json").write_text('{"dev": ["nope"], "heldout": []}', encoding="utf-8")
    with pytest.raises(GoldError, match=re.escape("split.json: key 'dev' lists 'nope'")):
        split_stems(folder, load_gold(folder), "dev")


def test_a_manifest_wins_over_the_bare_file(tmp_path: Path) -> None:
    bare = FIXTURE / f"{FIXTURE_STEM}.txt"
    found = find_sources([bare, FIXTURE / "index.jsonl"], [FIXTURE_STEM])
    assert found[FIXTURE_STEM].published == "2031-05-12" and found[FIXTURE_STEM].publisher == "mofa-kr"
    assert find_sources([bare], ["other"]) == {}


# -- the command ----------------------------------------------------------------------------


def kg_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "eval", *args], capture_output=True, text=True, check=False
    )


def test_cli_table_on_the_fixture() -> None:
    result = kg_eval(str(FIXTURE), str(FIXTURE / "index.jsonl"), "--split", "dev", "--misses")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1 release, split dev"
    assert lines[2].split() == ["field", "gold", "found", "tp", "fp", "fn", "P", "R", "F1"]
    assert lines[3].split() == ["people", "2", "2", "2", "0", "0", "1.000", "1.000", "1.000"]
    assert lines[4].split()[-1] == "1.000"  # countries
    rows = [line.split() for line in lines[3:9]]
    assert sum(line.startswith("FN ") for line in lines) == sum(int(row[5]) for row in rows)
    assert sum(line.startswith("FP ") for line in lines) == sum(int(row[4]) for row in rows)


def test_cli_json_on_the_fixture() -> None:
    result = kg_eval(str(FIXTURE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["releases"] == [FIXTURE_STEM] and data["split"] == "all"
    assert data["fields"]["countries"] == {
        "gold": 2, "extracted": 2, "tp": 2, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0
    }  # fmt: skip
    assert data["fields"]["statements"]["gold"] == 4


def test_cli_bad_gold_exits_2_and_names_the_file(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    path = folder / f"{FIXTURE_STEM}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["people"][0]["name"]
    path.write_text(json.dumps(data), encoding="utf-8")
    result = kg_eval(str(folder))
    assert result.returncode == 2
    assert str(path) in result.stderr and "'people[0].name'" in result.stderr


def test_cli_no_release_found_exits_2(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    result = kg_eval(str(folder), str(tmp_path / "empty.jsonl"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    (tmp_path / "elsewhere").mkdir()
    result = kg_eval(str(folder), str(tmp_path / "elsewhere"))
    assert result.returncode == 2 and "no release found" in result.stderr


# -- the corpus -----------------------------------------------------------------------------

# A ratchet: each floor is the F1 measured by `kg eval tests/gold <corpus>/index.jsonl
# --split dev` minus 0.05, rounded down to 0.05 (people 0.976, countries 1.000,
# organizations 0.966, initiatives 0.960, meetings 0.862, statements 0.950; macro-F1 0.952).
# Raise a floor when extraction improves, so that a later change cannot quietly give the gain
# back; never lower one to make a change pass. The held-out split, never tuned on, is held to
# its macro-F1 (0.850) the same way, so a dev gain that hurts unseen text shows.
DEV_FLOORS = {
    "people": 0.90,
    "countries": 0.95,
    "organizations": 0.90,
    "initiatives": 0.90,
    "meetings": 0.80,
    "statements": 0.90,
}
DEV_MACRO_FLOOR = 0.90
HELDOUT_MACRO_FLOOR = 0.80


def test_dev_split_scores_stay_above_the_floors(pipeline) -> None:  # type: ignore[no-untyped-def]
    if not (CORPUS / "index.jsonl").is_file():
        pytest.skip(f"the shared corpus is not beside the clone ({CORPUS})")
    report = run_eval(GOLD, [CORPUS / "index.jsonl"], "dev", pipeline)
    assert report.missing == () and report.failed == ()
    assert len(report.releases) == 17
    below = {f.field: round(f.f1, 3) for f in report.fields if f.f1 < DEV_FLOORS[f.field]}
    assert below == {}, f"F1 under the floor {DEV_FLOORS}"
    assert report.macro_f1 >= DEV_MACRO_FLOOR


def test_heldout_split_macro_f1_stays_above_its_floor(pipeline) -> None:  # type: ignore[no-untyped-def]
    if not (CORPUS / "index.jsonl").is_file():
        pytest.skip(f"the shared corpus is not beside the clone ({CORPUS})")
    report = run_eval(GOLD, [CORPUS / "index.jsonl"], "heldout", pipeline)
    assert len(report.releases) == 8
    assert report.macro_f1 >= HELDOUT_MACRO_FLOOR
