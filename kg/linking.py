"""Reconcile actors that have no Wikidata link yet against a SPARQL endpoint.

Actors (people, states, international organisations) whose IRI has no ``owl:sameAs`` in
any graph are looked up by name among the endpoint's labels and aliases (``rdfs:label``
and ``skos:altLabel``, in ``en`` and Wikidata's language-neutral ``mul``), restricted by
type and scored by what else agrees:

============  ===============================================================  =====
kind          evidence                                                         score
============  ===============================================================  =====
any           the name is the item's label / one of its aliases                .5/.4
person        the item is a human (``wdt:P31 wd:Q5``)                          required
person        it holds a post (``wdt:P39``)                                    +.2
person        its citizenship (``wdt:P27``) is the state the person represents +.2
person        one of its posts is named like the person's post in kg           +.1
state         it is a sovereign state (``wdt:P31 wd:Q3624078``)                +.2
state         its ISO 3166-1 alpha-3 code (``wdt:P298``) is the state's        +.5
organisation  it is an instance of a class named like an organisation          +.3
============  ===============================================================  =====

A candidate at or above ``min_score`` is accepted when no other candidate comes within
``margin`` of it; otherwise the actor is *ambiguous* and its candidates are listed for a
person to decide (``kg link --accept ACTOR=ITEM``). Accepted links go into one named
graph of their own (:data:`LINKS_GRAPH`), never into release graphs: ``owl:sameAs`` plus
an OWL annotation axiom carrying the score, the endpoint, the date and the SSSOM mapping
justification, so every link says where it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import __version__, iris
from kg.remote import Row, SparqlEndpoint
from kg.store import EmbeddedStore

LINKS_GRAPH = iris.ID + "graph/links"
KINDS = ("person", "country", "organization")

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
SSSOM = "https://w3id.org/sssom/"
SEMAPV = "https://w3id.org/semapv/vocab/"
LEXICAL, MANUAL = SEMAPV + "LexicalMatching", SEMAPV + "ManualMappingCuration"

#: Words in the English label of an item's class that make it an organisation.
_ORG_CLASS = re.compile(
    r"\b(organi[sz]ation|union|alliance|forum|association|community|council|bloc|secretariat"
    r"|centre|center|group|bank|fund|agency)\b",
    re.IGNORECASE,
)
_STOP = frozenset({"of", "the", "and", "for", "to", "in", "on", "a", "an"})
_BATCH = 20

_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_MATCH = """{ ?item rdfs:label ?name . BIND("label" AS ?how) }
  UNION { ?item skos:altLabel ?name . BIND("alias" AS ?how) }"""
_ITEM_LABEL = 'OPTIONAL { ?item rdfs:label ?itemLabel . FILTER(LANG(?itemLabel) IN ("en", "mul")) }'
_CANDIDATES = {
    "person": f"""SELECT DISTINCT ?name ?item ?how ?itemLabel ?post ?postLabel ?citizenship WHERE {{
  VALUES ?name {{ %s }}
  {_MATCH}
  ?item wdt:P31 wd:Q5 .
  {_ITEM_LABEL}
  OPTIONAL {{ ?item wdt:P39 ?post .
             OPTIONAL {{ ?post rdfs:label ?postLabel . FILTER(LANG(?postLabel) = "en") }} }}
  OPTIONAL {{ ?item wdt:P27 ?citizenship }}
}} LIMIT 5000""",
    "country": f"""SELECT DISTINCT ?name ?item ?how ?itemLabel ?sovereign ?code WHERE {{
  VALUES ?name {{ %s }}
  {_MATCH}
  {_ITEM_LABEL}
  OPTIONAL {{ ?item wdt:P31 wd:Q3624078 . BIND(true AS ?sovereign) }}
  OPTIONAL {{ ?item wdt:P298 ?code }}
}} LIMIT 5000""",
    "organization": f"""SELECT DISTINCT ?name ?item ?how ?itemLabel ?classLabel WHERE {{
  VALUES ?name {{ %s }}
  {_MATCH}
  {_ITEM_LABEL}
  OPTIONAL {{ ?item wdt:P31 ?class . ?class rdfs:label ?classLabel . FILTER(LANG(?classLabel) = "en") }}
}} LIMIT 5000""",
}
#: States are also found by their ISO code alone, whatever the endpoint calls them.
_BY_CODE = f"""SELECT DISTINCT ?code ?item ?itemLabel ?sovereign WHERE {{
  VALUES ?code {{ %s }}
  ?item wdt:P298 ?code .
  {_ITEM_LABEL}
  OPTIONAL {{ ?item wdt:P31 wd:Q3624078 . BIND(true AS ?sovereign) }}
}} LIMIT 1000"""

_ACTORS = """PREFIX schema: <https://schema.org/>
PREFIX dip: <https://w3id.org/kg-diplo/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?kind ?label ?iso3 ?post ?stateItem ?item WHERE {
  VALUES (?type ?kind) { (schema:Person "person") (schema:Country "country")
                         (dip:InternationalOrganization "organization") }
  GRAPH ?g {
    ?actor a ?type ; rdfs:label ?label .
    OPTIONAL { ?actor dip:iso3 ?iso3 }
    OPTIONAL { ?actor org:holds/rdfs:label ?post }
  }
  OPTIONAL {
    GRAPH ?rg { ?actor dip:represents ?state }
    OPTIONAL { GRAPH ?sg { ?state owl:sameAs ?stateItem } }
  }
  OPTIONAL { GRAPH ?lg { ?actor owl:sameAs ?item } }
}"""


@dataclass
class Actor:
    iri: str
    kind: str
    names: set[str] = field(default_factory=set)
    iso3: str | None = None
    posts: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return min(self.names, key=lambda n: (len(n), n)) if self.names else self.iri


@dataclass
class Candidate:
    item: str
    label: str = ""
    how: set[str] = field(default_factory=set)
    posts: set[str] = field(default_factory=set)
    citizenships: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    sovereign: bool = False
    score: float = 0.0


@dataclass(frozen=True)
class Decision:
    actor: Actor
    status: str  # accepted | ambiguous | unmatched | manual
    candidates: tuple[Candidate, ...]
    note: str = ""

    @property
    def chosen(self) -> Candidate | None:
        return self.candidates[0] if self.status in {"accepted", "manual"} else None


def actors(store: EmbeddedStore) -> list[Actor]:
    """Every person, state and international organisation in the store, with what kg knows."""
    _, rows = store.select(_ACTORS)
    found: dict[str, Actor] = {}
    for row in rows:
        iri = _value(row, "actor")
        actor = found.setdefault(iri, Actor(iri, _value(row, "kind")))
        actor.names.add(_value(row, "label"))
        for attribute, var in (("posts", "post"), ("states", "stateItem"), ("items", "item")):
            if row.get(var) is not None:
                getattr(actor, attribute).add(_value(row, var))
        if row.get("iso3") is not None:
            actor.iso3 = _value(row, "iso3")
    return sorted(found.values(), key=lambda a: (KINDS.index(a.kind), a.iri))


def unlinked(all_actors: Iterable[Actor]) -> list[Actor]:
    return [a for a in all_actors if not a.items]


def coverage(all_actors: Sequence[Actor]) -> dict[str, tuple[int, int]]:
    """Per kind (and ``all``): (actors with an ``owl:sameAs``, actors)."""
    table: dict[str, tuple[int, int]] = {}
    for kind in (*KINDS, "all"):
        group = [a for a in all_actors if kind in {"all", a.kind}]
        table[kind] = (sum(1 for a in group if a.items), len(group))
    return table


def candidates(endpoint: SparqlEndpoint, batch: Sequence[Actor], kind: str) -> dict[str, list[Candidate]]:
    """Candidates per actor IRI for actors of one kind, from one request per batch of names."""
    by_name: dict[str, list[Actor]] = defaultdict(list)
    for actor in batch:
        for name in actor.names:
            by_name[name].append(actor)
    terms = " ".join(str(ox.Literal(n, language=lang)) for n in sorted(by_name) for lang in ("en", "mul"))
    _, rows = endpoint.select(_PREFIXES + _CANDIDATES[kind] % terms)
    found: dict[str, dict[str, Candidate]] = defaultdict(dict)
    for row in rows:
        for actor in by_name.get(_value(row, "name"), []):
            _collect(found[actor.iri], row).how.add(_value(row, "how"))
    if kind == "country":
        codes = {a.iso3: a for a in batch if a.iso3}
        if codes:
            values = " ".join(str(ox.Literal(code)) for code in sorted(codes))
            _, rows = endpoint.select(_PREFIXES + _BY_CODE % values)
            for row in rows:
                _collect(found[codes[_value(row, "code")].iri], row)
    return {iri: list(items.values()) for iri, items in found.items()}


def _collect(items: dict[str, Candidate], row: Row) -> Candidate:
    item = _value(row, "item")
    if item.startswith(iris.BASE):
        # kg's own resource, on an endpoint kg has pushed to: never a candidate for itself
        return Candidate(item)
    candidate = items.setdefault(item, Candidate(item))
    label = row.get("itemLabel")
    if isinstance(label, ox.Literal) and (not candidate.label or label.language == "en"):
        candidate.label = label.value
    for attribute, var in (
        ("posts", "postLabel"),
        ("citizenships", "citizenship"),
        ("classes", "classLabel"),
        ("codes", "code"),
    ):
        if row.get(var) is not None:
            getattr(candidate, attribute).add(_value(row, var))
    if row.get("post") is not None and row.get("postLabel") is None:
        candidate.posts.add("")
    if row.get("sovereign") is not None:
        candidate.sovereign = True
    return candidate


def score(actor: Actor, candidate: Candidate) -> float:
    """The evidence table of the module docstring, capped at 1."""
    total = 0.5 if "label" in candidate.how else 0.4 if "alias" in candidate.how else 0.0
    if actor.kind == "person":
        if candidate.posts:
            total += 0.2
        if actor.states & candidate.citizenships:
            total += 0.2
        if any(_title_matches(post, held) for post in actor.posts for held in candidate.posts):
            total += 0.1
    elif actor.kind == "country":
        if candidate.sovereign:
            total += 0.2
        if actor.iso3 and actor.iso3 in candidate.codes:
            total += 0.5
    elif any(_ORG_CLASS.search(c) for c in candidate.classes):
        total += 0.3
    return round(min(total, 1.0), 2)


def _title_matches(post: str, held: str) -> bool:
    """Whether every significant word of kg's post title is in the item's post label."""
    words = {w for w in re.findall(r"\w+", post.casefold()) if w not in _STOP}
    return bool(words) and words <= set(re.findall(r"\w+", held.casefold()))


def decide(actor: Actor, found: Iterable[Candidate], min_score: float, margin: float = 0.1) -> Decision:
    ranked = sorted(found, key=lambda c: (-c.score, c.item))
    contenders = [c for c in ranked if c.score >= min_score]
    if not contenders:
        return Decision(actor, "unmatched", tuple(ranked[:3]))
    if len(contenders) > 1 and contenders[0].score - contenders[1].score < margin:
        close = [c for c in contenders if contenders[0].score - c.score < margin]
        return Decision(actor, "ambiguous", tuple(close), f"{len(close)} candidates within {margin:g}")
    return Decision(actor, "accepted", (contenders[0],))


def reconcile(endpoint: SparqlEndpoint, todo: Sequence[Actor], min_score: float = 0.7) -> list[Decision]:
    """Look every actor up, score and decide; an item chosen for two actors decides neither."""
    decisions: list[Decision] = []
    for kind in KINDS:
        group = [a for a in todo if a.kind == kind]
        for start in range(0, len(group), _BATCH):
            batch = group[start : start + _BATCH]
            found = candidates(endpoint, batch, kind)
            for actor in batch:
                options = found.get(actor.iri, [])
                for candidate in options:
                    candidate.score = score(actor, candidate)
                decisions.append(decide(actor, options, min_score))
    chosen: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        if decision.chosen is not None:
            chosen[decision.chosen.item].append(decision)
    clashes = {id(d): item for item, ds in chosen.items() if len(ds) > 1 for d in ds}
    return [
        Decision(d.actor, "ambiguous", d.candidates, f"{clashes[id(d)]} also fits another actor")
        if id(d) in clashes
        else d
        for d in decisions
    ]


def manual(actor: Actor, item: str) -> Decision:
    """A link a person decided (``--accept``): score 1, justification manual curation."""
    return Decision(actor, "manual", (Candidate(item, score=1.0),))


def link_quads(decisions: Iterable[Decision], endpoint: str, today: dt.date) -> list[ox.Quad]:
    """``owl:sameAs`` and its annotation axiom for each accepted or manual decision."""
    graph = ox.NamedNode(LINKS_GRAPH)
    quads: list[ox.Quad] = []
    for decision in decisions:
        chosen = decision.chosen
        if chosen is None:
            continue
        actor, item = ox.NamedNode(decision.actor.iri), ox.NamedNode(chosen.item)
        axiom = ox.NamedNode(iris.ID + "link/" + decision.actor.iri.removeprefix(iris.ID))
        justification = MANUAL if decision.status == "manual" else LEXICAL
        facts: list[tuple[ox.NamedNode, str, ox.NamedNode | ox.Literal]] = [
            (actor, OWL + "sameAs", item),
            (axiom, RDF_TYPE, ox.NamedNode(OWL + "Axiom")),
            (axiom, OWL + "annotatedSource", actor),
            (axiom, OWL + "annotatedProperty", ox.NamedNode(OWL + "sameAs")),
            (axiom, OWL + "annotatedTarget", item),
            (
                axiom,
                SSSOM + "confidence",
                ox.Literal(f"{chosen.score:g}", datatype=ox.NamedNode(XSD + "double")),
            ),
            (axiom, SSSOM + "mapping_justification", ox.NamedNode(justification)),
            (axiom, SSSOM + "mapping_tool", ox.Literal(f"kg {__version__}")),
            (axiom, DCTERMS + "created", ox.Literal(today.isoformat(), datatype=ox.NamedNode(XSD + "date"))),
        ]
        if decision.status != "manual":
            facts.append((axiom, DCTERMS + "source", ox.NamedNode(endpoint)))
        quads += [ox.Quad(s, ox.NamedNode(p), o, graph) for s, p, o in facts]
    return quads


def write_links(store: EmbeddedStore, quads: Sequence[ox.Quad]) -> int:
    """Add ``quads`` to the links graph (kept links stay); return the graph's link count."""
    merged = set(store.quads(LINKS_GRAPH)) | set(quads)
    text = ox.serialize(sorted(merged, key=str), format=ox.RdfFormat.N_QUADS)
    assert text is not None
    store.replace_graph(LINKS_GRAPH, text.decode("utf-8"))
    return sum(1 for q in merged if q.predicate.value == OWL + "sameAs")


def _value(row: Row, var: str) -> str:
    term = row[var]
    assert term is not None, var
    return str(getattr(term, "value", term))
