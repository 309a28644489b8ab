"""The packaged lexicon, user extensions and the checks that guard both."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg import lexicon as lexicon_module
from kg.errors import DataFileError
from kg.lexicon import Lexicon, load_lexicon, surface_key

LOD = Path(__file__).resolve().parents[2] / "shared" / "lod"

DESIGN_ACTS = [
    "agree",
    "decide",
    "propose",
    "request",
    "invite",
    "support",
    "welcome",
    "appreciate",
    "emphasize",
    "concern",
    "condemn",
    "hope",
    "state",
    "discuss",
    "reaffirm",
    "offer",
]

# The 193 member states of the United Nations (ISO 3166-1 alpha-3).
UN_MEMBERS = frozenset(
    re.findall(
        "[A-Z]{3}",
        """
        AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
        BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB
        CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA
        GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN
        KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX
        FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA PRK MKD NOR OMN PAK PLW
        PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
        SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO
        TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
        """,
    )
)


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def _lod(name: str) -> list[dict[str, str]]:
    if not LOD.is_dir():
        pytest.skip(f"the verified Wikidata tables are not at {LOD}")
    with (LOD / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


# -- the packaged lexicon --------------------------------------------------------------------


def test_countries_are_the_193_un_members_and_four_others(lex: Lexicon) -> None:
    assert len(UN_MEMBERS) == 193
    iso3s = {c.iso3 for c in lex.countries}
    assert len(lex.countries) == 197
    assert iso3s - UN_MEMBERS == {"TWN", "PSE", "VAT", "XKX"}
    assert iso3s >= UN_MEMBERS


def test_preferred_names(lex: Lexicon) -> None:
    names = {iso3: lex.country(iso3).name for iso3 in ("KOR", "CHN", "USA", "GBR", "JPN")}
    assert names == {
        "KOR": "Republic of Korea",
        "CHN": "China",
        "USA": "United States",
        "GBR": "United Kingdom",
        "JPN": "Japan",
    }
    with pytest.raises(KeyError):
        lex.country("XXX")


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [
        ("ROK", "KOR"),
        ("R.O.K.", "KOR"),
        ("Korea", "KOR"),
        ("South Korea", "KOR"),
        ("DPRK", "PRK"),
        ("North Korea", "PRK"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("America", "USA"),
        ("UNITED STATES", "USA"),
        ("UAE", "ARE"),
        ("PRC", "CHN"),
        ("Britain", "GBR"),
        ("Russian Federation", "RUS"),
        ("Burma", "MMR"),
        ("Viet Nam", "VNM"),
        ("Lao PDR", "LAO"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Czechia", "CZE"),
        ("Holy See", "VAT"),
        ("Côte d’Ivoire", "CIV"),
    ],
)
def test_country_aliases_resolve(lex: Lexicon, surface: str, iso3: str) -> None:
    assert lex.country_by_alias[surface] == iso3


def test_acronyms_match_only_in_capitals(lex: Lexicon) -> None:
    assert "us" not in lex.country_by_alias
    assert "Us" not in lex.country_by_alias
    assert lex.org_by_alias.get("who") is None
    assert lex.org_by_alias["WHO"] == "WHO"


@pytest.mark.parametrize(
    ("demonym", "iso3"),
    [("Chinese", "CHN"), ("Korean", "KOR"), ("North Korean", "PRK"), ("Emirati", "ARE")],
)
def test_demonyms_resolve(lex: Lexicon, demonym: str, iso3: str) -> None:
    assert lex.demonym_to_iso3[demonym] == iso3


def test_no_surface_form_names_two_countries_organisations_or_initiatives(lex: Lexicon) -> None:
    owners: dict[str, set[str]] = {}
    for c in lex.countries:
        for s in (c.name, *c.aliases, *c.demonyms):
            owners.setdefault(surface_key(s), set()).add(c.iso3)
    for o in lex.organizations:
        for s in (o.name, *o.aliases):
            owners.setdefault(surface_key(s), set()).add(o.key)
    for i in lex.initiatives:
        for s in (i.name, *i.aliases):
            owners.setdefault(surface_key(s), set()).add(i.key)
    assert {s: keys for s, keys in owners.items() if len(keys) > 1} == {}


def test_organisations_and_initiatives(lex: Lexicon) -> None:
    assert "CENTRAL_ASIA" not in {o.key for o in lex.organizations}
    assert lex.org_by_alias["ARF"] == "ARF"
    assert lex.org_by_alias["Chinese Communist Party"] == "CPC"
    assert lex.organization("CPC").kind == "party"
    for dropped in ("EC", "WB", "EP", "HRC", "CoE"):
        assert dropped not in lex.org_by_alias
    assert lex.initiative("KOREA_INDO_PACIFIC_STRATEGY").kind == "strategy"
    assert lex.initiative("CAMP_DAVID_SUMMIT_2023").kind == "summit-series"
    assert lex.initiative_by_alias["FOIP"] == "FOIP"
    assert lex.initiative_by_alias["Korea–China FTA"] == "KOREA_CHINA_FTA"
    assert {i.kind for i in lex.initiatives} <= lex.initiative_kind_names


def test_people(lex: Lexicon) -> None:
    assert lex.person_by_alias["KONO Taro"] == "Taro Kono"
    assert lex.person_by_alias["Yun Byung Se"] == "Yun Byung-se"
    assert lex.person_by_alias["Kang, Kyung-wha"] == "Kang Kyung-wha"
    assert lex.person_by_alias["Antony J. Blinken"] == "Antony Blinken"
    borrell = lex.person("Josep Borrell")
    assert (borrell.wikidata, borrell.organization) == (None, "EU")
    assert lex.person("Park Jin").country == "KOR"


def test_posts(lex: Lexicon) -> None:
    fm = lex.post("minister for foreign affairs")
    assert (fm.title, fm.role, fm.country) == (
        "Minister of Foreign Affairs",
        "foreign-minister",
        None,
    )
    assert lex.post("Secretary of State").country == "USA"
    assert lex.post("External Affairs Minister").title == "Minister of External Affairs"
    assert lex.post("HR/VP").organization == "EU"
    assert lex.post("State Councilor").country == "CHN"
    idcpc = lex.post("Minister of the International Department of the Communist Party of China")
    assert (idcpc.role, idcpc.organization) == ("party-official", "CPC")


def test_acts_are_the_sixteen_of_the_design(lex: Lexicon) -> None:
    assert [a.act for a in lex.acts] == DESIGN_ACTS
    assert tuple(DESIGN_ACTS) == lexicon_module.ACTS
    assert lex.act_names == frozenset(DESIGN_ACTS)
    assert all(a.cameo.isdigit() for a in lex.acts)
    assert lex.acts[DESIGN_ACTS.index("condemn")].plover == "ACCUSE"


def test_act_verbs(lex: Lexicon) -> None:
    assert {v.act for v in lex.act_verbs} == set(DESIGN_ACTS)
    assert lex.act_by_form["agreed"].act == "agree"
    assert lex.act_by_form["emphasised"].act == "emphasize"
    assert lex.act_by_form["expressed concern"].act == "concern"
    assert lex.act_by_form["called on"].takes_addressee
    assert not lex.act_by_form["welcomed"].takes_addressee
    assert "states" not in lex.act_by_form  # "the United States" is not a verb


def test_meetings_and_initiative_kinds(lex: Lexicon) -> None:
    assert [k.kind for k in lex.meeting_kinds] == [
        "meeting",
        "call",
        "videoconference",
        "visit",
        "summit",
        "dialogue",
        "dinner",
        "lunch",
        "conference",
    ]
    assert lex.meeting_kind_by_trigger["telephone talk"] == "call"
    assert lex.meeting_kind_by_trigger["luncheon meeting"] == "lunch"
    assert {t.kind for t in lex.meeting_triggers} == lex.meeting_kind_names
    assert len(lex.initiative_kinds) == 16
    assert lex.initiative_kind_by_suffix["FTA"] == "trade-agreement"
    assert "Mr." in lex.abbreviations and "etc." not in lex.abbreviations


# -- the verified Wikidata IDs ---------------------------------------------------------------


def test_country_qids_are_the_verified_ones(lex: Lexicon) -> None:
    lod = _lod("countries.csv")
    verified = {r["iso3"]: (r["wikidata"], r["wikidata_alt"] or None) for r in lod}
    assert {c.iso3: (c.wikidata, c.wikidata_alt) for c in lex.countries} == verified


def test_organisation_qids_are_the_verified_ones(lex: Lexicon) -> None:
    verified = {r["key"]: r["wikidata"] for r in _lod("organizations.csv")}
    del verified["CENTRAL_ASIA"]
    ours = {o.key: o.wikidata for o in lex.organizations if o.wikidata}
    assert ours == verified


def test_initiative_qids_are_the_verified_ones(lex: Lexicon) -> None:
    lod = _lod("initiatives.csv")
    assert {r["key"] for r in lod} <= {i.key for i in lex.initiatives}
    verified = {r["key"]: r["wikidata"] for r in lod if r["wikidata"]}
    assert {i.key: i.wikidata for i in lex.initiatives if i.wikidata} == verified


def test_people_qids_are_the_verified_ones(lex: Lexicon) -> None:
    verified = {r["name"]: r["wikidata"] for r in _lod("people.csv")}
    assert len(verified) == 77
    assert {p.name: p.wikidata for p in lex.people if p.wikidata} == verified
    lod_countries = {r["name"]: r["country_iso3"] for r in _lod("people.csv")}
    assert all(lex.person(name).country == iso3 for name, iso3 in lod_countries.items())


# -- user files ------------------------------------------------------------------------------


def test_a_user_folder_adds_a_person_and_overrides_a_post(tmp_path: Path) -> None:
    _write(
        tmp_path / "people.csv",
        "name,wikidata,country,organization,posts,aliases",
        "Hong Gil-dong,,KOR,,Ambassador of the Republic of Korea (2030–),Hong Gil Dong",
    )
    _write(
        tmp_path / "posts.csv",
        "surface,title,role,country,organization",
        "foreign secretary,Foreign Secretary,official,IND,",
    )
    lex = load_lexicon([tmp_path])
    assert lex.person_by_alias["Hong Gil Dong"] == "Hong Gil-dong"
    assert lex.person("Hong Gil-dong").country == "KOR"
    post = lex.post("Foreign Secretary")
    assert (post.role, post.country) == ("official", "IND")
    assert sum(p.surface.casefold() == "foreign secretary" for p in lex.posts) == 1
    assert len(lex.people) == len(load_lexicon().people) + 1


def test_a_single_user_file_is_accepted(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "organizations.csv",
        "key,wikidata,name,aliases,kind",
        "KOICA,,Korea International Cooperation Agency,KOICA,other",
    )
    assert load_lexicon([path]).org_by_alias["KOICA"] == "KOICA"


PEOPLE = "name,wikidata,country,organization,posts,aliases"


@pytest.mark.parametrize(
    ("name", "header", "rows", "line", "words"),
    [
        ("people.csv", PEOPLE, ["Hong Gil-dong,,KR,,,"], 2, "ISO 3166-1 alpha-3"),
        ("people.csv", PEOPLE, ["Hong Gil-dong,,ZZZ,,,"], 2, "unknown country 'ZZZ'"),
        ("people.csv", PEOPLE, ["Hong Gil-dong,Q12x,KOR,,,"], 2, "Wikidata QID"),
        (
            "people.csv",
            PEOPLE,
            ["A B,,KOR,,,", "Hong Gil-dong,,KOR,,,", "hong gil-dong,,,,,"],
            4,
            "duplicate",
        ),
        ("people.csv", PEOPLE, ["Hong Gil-dong,,KOR,,,Wang Yi"], 2, "would name both"),
        ("people.csv", PEOPLE, [",,KOR,,,"], 2, "column 'name' is empty"),
        ("people.csv", PEOPLE, ["Hong Gil-dong,,KOR,,"], 2, "5 cells"),
        (
            "act_verbs.csv",
            "phrase,act,forms,takes_addressee",
            ["laud it,praise,lauds it,no"],
            2,
            "unknown act 'praise'",
        ),
        (
            "act_verbs.csv",
            "phrase,act,forms,takes_addressee",
            ["x,agree,agreed,no"],
            2,
            "would name both",
        ),
        ("posts.csv", "surface,title,country,organization", [], 1, "missing column(s) role"),
        (
            "posts.csv",
            "surface,title,role,country,organization,extra",
            [],
            1,
            "unknown column(s) extra",
        ),
        (
            "posts.csv",
            "surface,title,role,country,organization",
            ["Envoy X,Envoy,spy,,"],
            2,
            "unknown role 'spy'",
        ),
        (
            "organizations.csv",
            "key,wikidata,name,aliases,kind",
            ["KOR_GOV,,Korea Gov,Korea,other"],
            2,
            "would name both",
        ),
        (
            "organizations.csv",
            "key,wikidata,name,aliases,kind",
            ["kor,,Korea Gov,,other"],
            2,
            "key of capitals",
        ),
        ("meeting_triggers.csv", "phrase,kind", ["Met Up,meeting"], 2, "lower case"),
        ("meeting_triggers.csv", "phrase,kind", ["met up,party"], 2, "unknown kind 'party'"),
    ],
)
def test_user_file_errors_name_the_file_and_line(
    tmp_path: Path, name: str, header: str, rows: list[str], line: int, words: str
) -> None:
    _write(tmp_path / name, header, *rows)
    with pytest.raises(DataFileError) as raised:
        load_lexicon([tmp_path])
    message = str(raised.value)
    assert name in message
    assert f"line {line}:" in message
    assert words in message


def test_non_utf8_bytes_are_reported_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(PEOPLE.encode() + b"\nHong Gil-d\xf6ng,,KOR,,,\n")
    with pytest.raises(DataFileError, match=r"people\.csv, line 2: .*UTF-8"):
        load_lexicon([tmp_path])


def test_unknown_and_missing_user_files(tmp_path: Path) -> None:
    _write(tmp_path / "persons.csv", PEOPLE)
    with pytest.raises(DataFileError, match=r"persons\.csv: unknown lexicon file name"):
        load_lexicon([tmp_path])
    with pytest.raises(DataFileError, match="no such file or folder"):
        load_lexicon([tmp_path / "absent"])
