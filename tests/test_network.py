"""The three views on a store built from four short fictional releases: weights, dates,
sub-events, typed initiative ties, every filter, and the analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.network import Filters, build_view
from kg.network.analysis import analyze
from kg.network.writers import plain
from kg.pipeline import ingest
from kg.store import EmbeddedStore

ID = "https://w3id.org/kg-diplo/id/"
KIM, SILVA, ROJAS = ID + "person/kim-min-jun", ID + "person/ana-silva", ID + "person/pablo-rojas"
KOR, NOR, CHL = ID + "country/KOR", ID + "country/NOR", ID + "country/CHL"
SHIPPING = ID + "initiative/korea-norway-green-shipping-partnership"

# Fictional releases, written for these tests.
RELEASES = {
    "r1.txt": (
        "Outcome of Korea-Norway Foreign Ministers' Meeting\n\n"
        "1. Minister of Foreign Affairs Kim Min-jun of the Republic of Korea had a meeting and an official "
        "dinner with Foreign Minister Ana Silva of Norway in Oslo on May 2, 2030.\n\n"
        "2. The two ministers agreed to launch the Korea-Norway Green Shipping Partnership.\n\n"
        "3. Minister Kim asked Norway to support Korea's bid to host the 2035 World Expo.\n"
    ),
    "r2.txt": (
        "Korea-Norway Foreign Ministers' Telephone Call\n\n"
        "1. Minister of Foreign Affairs Kim Min-jun had a telephone call with Foreign Minister Ana Silva "
        "of Norway on June 9, 2031.\n\n"
        "2. Minister Kim proposed the Korea-Norway Green Shipping Partnership.\n"
    ),
    "r3.txt": (
        "Korea-Chile Foreign Ministers' Meeting\n\n"
        "1. Minister of Foreign Affairs Kim Min-jun met with Foreign Minister Pablo Rojas of Chile in "
        "Seoul on March 3, 2031.\n"
    ),
    "r4.txt": (
        "Korea-Chile Foreign Ministers Meet on the Sidelines of the G20\n\n"
        "1. Minister of Foreign Affairs Kim Min-jun met with Foreign Minister Pablo Rojas of Chile on the "
        "sidelines of the G20 Foreign Ministers' Meeting.\n"
    ),
}
MANIFEST = [
    {"file": "r1.txt", "published": "2030-05-02", "publisher": "mofa-kr", "url": "https://example.org/r1"},
    {"file": "r2.txt", "published": "2031-06-09", "publisher": "mofa-kr"},
    {"file": "r3.txt", "published": "2031-03-03", "publisher": "mofa-kr"},
    {"file": "r4.txt"},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, pipeline) -> EmbeddedStore:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fictional")
    for name, text in RELEASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "index.jsonl").write_text("\n".join(json.dumps(m) for m in MANIFEST) + "\n", encoding="utf-8")
    store = EmbeddedStore(folder / "store")
    report = ingest([folder / "index.jsonl"], store, pipeline)
    assert not report.failed and len(report.stored) == 4
    return store


def test_actor_view_counts_meetings_once_with_their_dinners_and_dates(store: EmbeddedStore) -> None:
    graph = build_view(store, "actor").graph
    assert set(graph) == {KIM, SILVA, ROJAS}
    kim_silva = graph.edges[KIM, SILVA]
    assert kim_silva["weight"] == 2  # the meeting with its dinner, and the call
    assert (kim_silva["first"], kim_silva["last"]) == ("2030-05-02", "2031-06-09")
    assert kim_silva["by_year"] == {"2030": 1, "2031": 1} and len(kim_silva["meetings"]) == 2
    kim_rojas = graph.edges[KIM, ROJAS]
    assert kim_rojas["weight"] == 2 and kim_rojas["undated"] == 1 and kim_rojas["by_year"] == {"2031": 1}
    assert graph.nodes[KIM] | {"degree": 2} == {
        "iri": KIM,
        "type": "person",
        "label": "Kim Min-jun",
        "country": "KOR",
        "represents": "Republic of Korea",
        "posts": ["Minister of Foreign Affairs"],
        "degree": 2,
        "strength": 4,
    }


def test_state_view_adds_statements_addressed_to_the_other_state(store: EmbeddedStore) -> None:
    view = build_view(store, "state")
    graph = view.graph
    assert set(graph) == {KOR, NOR, CHL}
    assert graph.nodes[NOR]["type"] == "state" and graph.nodes[NOR]["label"] == "Norway"
    kor_nor = graph.edges[KOR, NOR]
    assert (kor_nor["meeting_count"], kor_nor["statement_count"], kor_nor["weight"]) == (2, 1, 3)
    assert kor_nor["by_year"] == {"2030": 2, "2031": 1}
    request = view.events[kor_nor["statements"][0]]
    assert request.kind == "request" and request.quotes == (
        "Minister Kim asked Norway to support Korea's bid to host the 2035 World Expo.",
    )
    assert view.releases[request.release].url == "https://example.org/r1"


def test_initiative_view_types_each_tie_by_act(store: EmbeddedStore) -> None:
    graph = build_view(store, "initiative").graph
    assert graph.is_multigraph()
    ties = {(u, v, key) for u, v, key in graph.edges(keys=True)}
    assert (KIM, SHIPPING, "proposed") in ties or (SHIPPING, KIM, "proposed") in ties
    assert {(n, "agreed") for n in (KIM, SILVA)} <= {
        (u if v == SHIPPING else v, k) for u, v, k in ties if SHIPPING in (u, v)
    }
    asked = [(u, v) for u, v, k in ties if k == "asked to support"]
    assert len(asked) == 1 and NOR in asked[0]
    assert graph.nodes[SHIPPING]["type"] == "initiative" and graph.nodes[SHIPPING]["bipartite"] == 1
    assert graph.nodes[KIM]["bipartite"] == 0


@pytest.mark.parametrize(
    ("filters", "edges"),
    [
        (Filters(since="2031"), {(KIM, SILVA): 1, (KIM, ROJAS): 1}),
        (Filters(until="2030"), {(KIM, SILVA): 1}),
        (Filters(since="2031-06"), {(KIM, SILVA): 1}),
        (Filters(since="2030-05-02", until="2030-05-02"), {(KIM, SILVA): 1}),
        (Filters(country="CHL"), {(KIM, ROJAS): 2}),
        (Filters(country="nor"), {(KIM, SILVA): 2}),
        (Filters(min_weight=3), {}),
    ],
)
def test_actor_filters(store: EmbeddedStore, filters: Filters, edges: dict[tuple[str, str], int]) -> None:
    graph = build_view(store, "actor", filters).graph
    assert {tuple(sorted((u, v))): w for u, v, w in graph.edges(data="weight")} == {
        tuple(sorted(k)): w for k, w in edges.items()
    }
    assert set(graph) == {n for pair in edges for n in pair}  # nodes without an edge are dropped


def test_state_filters_by_act_and_weight(store: EmbeddedStore) -> None:
    requests = build_view(store, "state", Filters(act="request")).graph
    assert list(requests.edges(data="weight")) in ([(KOR, NOR, 1)], [(NOR, KOR, 1)])
    assert requests.edges[KOR, NOR]["meeting_count"] == 0
    heavy = build_view(store, "state", Filters(min_weight=3)).graph
    assert set(heavy) == {KOR, NOR}
    proposals = build_view(store, "initiative", Filters(act="propose")).graph
    assert [k for *_, k in proposals.edges(keys=True)] == ["proposed"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "May 2030"}, "YYYY"),
        ({"since": "2031", "until": "2030-12"}, "before"),
        ({"country": "Korea"}, "alpha-3"),
        ({"act": "shout"}, "use one of"),
        ({"min_weight": 0}, "at least 1"),
    ],
)
def test_bad_filters_say_what_to_give(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        Filters(**kwargs)  # type: ignore[arg-type]


def test_analysis_finds_the_broker_and_the_strongest_dyads(store: EmbeddedStore) -> None:
    result = analyze(build_view(store, "state"), top=1)
    assert result.nodes[0].label == "Republic of Korea" and result.nodes[0].betweenness == 1.0
    assert [(d.period, d.a, d.b, d.weight) for d in result.dyads] == [
        ("2030", "Norway", "Republic of Korea", 2),
        ("2031", "Chile", "Republic of Korea", 1),
    ]
    assert result.communities == 1 and result.betweenness_pivots is None


def test_plain_values_for_graphml_gexf_and_dot() -> None:
    assert plain(["a", "b"]) == "a; b"
    assert plain({"2031": 1, "2030": 2}) == "2030:2; 2031:1"
    assert plain(None) is None and plain([]) is None and plain("") is None
    assert plain(3) == 3 and plain(True) is True and plain(0.5) == 0.5
    assert plain(Path("x")) == "x"
