"""The SPARQL that projects the store into networks; Oxigraph does the joins and counting.

Pair queries group by pair and year, so one answer gives each edge its weight, first and
last dates, event list and yearly counts (Gephi's timeline). Dates are the meeting's own
time stamp, else the issue date of the release that reports it (``kg`` extracts a stamp
only when the text gives one; a readout is issued on or just after the day it reports).
A statement takes the date of the meeting it was made at, else its release's.

A sub-event (a dinner after talks) counts as its parent meeting, so a pair that met and
dined once met once. Only held meetings count; planned ones did not happen yet.
Parameters are bound as RDF terms in ``VALUES`` blocks, never spliced as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg import iris
from kg.formats import cell
from kg.network.model import Filters
from kg.queries import with_values
from kg.store import EmbeddedStore

PREFIXES = """PREFIX dip: <https://w3id.org/kg-diplo/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX org: <http://www.w3.org/ns/org#>
"""

#: Keeps ?date when it overlaps [?since, ?until] at the coarser of the two precisions.
_DATE_FILTER = """
  FILTER(!BOUND(?since) || SUBSTR(?date, 1, STRLEN(?since)) >= SUBSTR(?since, 1, STRLEN(?date)))
  FILTER(!BOUND(?until) || SUBSTR(?date, 1, STRLEN(?until)) <= SUBSTR(?until, 1, STRLEN(?date)))
  BIND(COALESCE(SUBSTR(?date, 1, 4), "") AS ?year)"""

_PAIR_SELECT = """SELECT ?a ?b ?year (COUNT(DISTINCT ?event) AS ?n) (MIN(?date) AS ?first)
       (MAX(?date) AS ?last) (GROUP_CONCAT(DISTINCT STR(?event); separator=" ") AS ?events)"""

_MEETING_PAIRS = (
    PREFIXES
    + _PAIR_SELECT
    + """
WHERE {
  GRAPH ?release {
    ?m a dip:Meeting ; dip:status <https://w3id.org/kg-diplo/status/held> ; sem:hasActor ?x , ?y .
    #ENDPOINTS#
    OPTIONAL { ?m sem:subEventOf ?parent }
    OPTIONAL { ?m sem:hasTimeStamp ?stamp }
    OPTIONAL { ?release dcterms:issued ?issued }
  }
  FILTER(STR(?a) < STR(?b))
  BIND(COALESCE(?parent, ?m) AS ?event)
  BIND(STR(COALESCE(?stamp, ?issued)) AS ?date)"""
    + _DATE_FILTER
    + """
}
GROUP BY ?a ?b ?year"""
)

#: Meeting participants as themselves (actor view) or as the states they represent.
_ACTOR_ENDPOINTS = "BIND(?x AS ?a) BIND(?y AS ?b)"
_STATE_ENDPOINTS = (
    "?x dip:represents? ?a . ?a a schema:Country . ?y dip:represents? ?b . ?b a schema:Country ."
)

ACTOR_MEETING_PAIRS = _MEETING_PAIRS.replace("#ENDPOINTS#", _ACTOR_ENDPOINTS)
STATE_MEETING_PAIRS = _MEETING_PAIRS.replace("#ENDPOINTS#", _STATE_ENDPOINTS)

STATE_STATEMENT_PAIRS = (
    PREFIXES
    + _PAIR_SELECT
    + """
WHERE {
  GRAPH ?release {
    ?event a dip:Statement ; dip:act ?actNode ; schema:agent ?x ; schema:recipient ?y .
    ?x dip:represents? ?sa . ?sa a schema:Country .
    ?y dip:represents? ?sb . ?sb a schema:Country .
    OPTIONAL { ?event dip:atMeeting/sem:hasTimeStamp ?stamp }
    OPTIONAL { ?release dcterms:issued ?issued }
  }
  FILTER(?sa != ?sb)
  FILTER(!BOUND(?act) || ?actNode = ?act)
  BIND(IF(STR(?sa) < STR(?sb), ?sa, ?sb) AS ?a)
  BIND(IF(STR(?sa) < STR(?sb), ?sb, ?sa) AS ?b)
  BIND(STR(COALESCE(?stamp, ?issued)) AS ?date)"""
    + _DATE_FILTER
    + """
}
GROUP BY ?a ?b ?year"""
)

#: Who did what about which initiative: agents of any act, recipients of requests and invitations.
INITIATIVE_TIES = (
    PREFIXES
    + """SELECT ?a ?b ?actName ?role ?year (COUNT(DISTINCT ?event) AS ?n) (MIN(?date) AS ?first)
       (MAX(?date) AS ?last) (GROUP_CONCAT(DISTINCT STR(?event); separator=" ") AS ?events)
WHERE {
  GRAPH ?release {
    ?event a dip:Statement ; dip:act ?actNode ; schema:about ?b .
    ?b a dip:Initiative .
    { ?event schema:agent ?a . BIND("agent" AS ?role) }
    UNION
    { ?event schema:recipient ?a . BIND("recipient" AS ?role) }
    OPTIONAL { ?event dip:atMeeting/sem:hasTimeStamp ?stamp }
    OPTIONAL { ?release dcterms:issued ?issued }
  }
  FILTER(?role = "agent"
         || ?actNode IN (<https://w3id.org/kg-diplo/act/request>, <https://w3id.org/kg-diplo/act/invite>))
  FILTER(!BOUND(?act) || ?actNode = ?act)
  BIND(STRAFTER(STR(?actNode), "/act/") AS ?actName)
  BIND(STR(COALESCE(?stamp, ?issued)) AS ?date)"""
    + _DATE_FILTER
    + """
}
GROUP BY ?a ?b ?actName ?role ?year"""
)

#: One row per (node, key, value); keys: type, label, wikidata, iso3, country, represents, post.
#: A key-value union with DISTINCT, because OPTIONALs over the union of release graphs
#: would multiply every node's label by its types by its posts in every release.
NODES = (
    PREFIXES
    + """SELECT DISTINCT ?node ?key ?value
WHERE {
  #VALUES#
  { ?node a ?v . BIND("type" AS ?key) }
  UNION { ?node rdfs:label ?v . BIND("label" AS ?key) }
  UNION { ?node owl:sameAs ?v . BIND("wikidata" AS ?key) }
  UNION { ?node dip:iso3 ?v . BIND("iso3" AS ?key) }
  UNION { ?node dip:represents/dip:iso3 ?v . BIND("country" AS ?key) }
  UNION { ?node dip:represents/rdfs:label ?v . BIND("represents" AS ?key) }
  UNION { ?node org:holds/rdfs:label ?v . BIND("post" AS ?key) }
  BIND(STR(?v) AS ?value)
}"""
)

EVENTS = (
    PREFIXES
    + """SELECT ?event ?release (SAMPLE(?cat) AS ?category) (SAMPLE(?k) AS ?kind) (MIN(?lbl) AS ?label)
       (MIN(?date) AS ?day) (MIN(?placeLabel) AS ?place)
       (GROUP_CONCAT(DISTINCT ?whoName; separator="\\u001f") AS ?who)
       (GROUP_CONCAT(DISTINCT ?quote; separator="\\u001f") AS ?quotes)
WHERE {
  #VALUES#
  GRAPH ?release {
    {
      ?event a dip:Meeting ; dip:meetingKind ?kindNode ; sem:hasActor ?whoNode .
      BIND("meeting" AS ?cat) BIND(STRAFTER(STR(?kindNode), "/meeting-kind/") AS ?k)
      OPTIONAL { ?event rdfs:label ?lbl }
      OPTIONAL { ?event sem:hasTimeStamp ?stamp }
      OPTIONAL { ?event sem:hasPlace/rdfs:label ?placeLabel }
    }
    UNION
    {
      ?event a dip:Statement ; dip:act ?actNode ; schema:agent ?whoNode .
      BIND("statement" AS ?cat) BIND(STRAFTER(STR(?actNode), "/act/") AS ?k)
      OPTIONAL { ?event dip:topic ?lbl }
      OPTIONAL { ?event dip:atMeeting/sem:hasTimeStamp ?stamp }
    }
    OPTIONAL { ?whoNode rdfs:label ?whoName }
    OPTIONAL { ?event prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote }
    OPTIONAL { ?release dcterms:issued ?issued }
  }
  BIND(STR(COALESCE(?stamp, ?issued)) AS ?date)
}
GROUP BY ?event ?release"""
)

RELEASES = (
    PREFIXES
    + """SELECT ?release (MIN(?t) AS ?title) (MIN(STR(?i)) AS ?issued) (MIN(STR(?s)) AS ?url)
WHERE {
  #VALUES#
  GRAPH ?release {
    OPTIONAL { ?release dcterms:title ?t }
    OPTIONAL { ?release dcterms:issued ?i }
    OPTIONAL { ?release dcterms:source ?s }
  }
}
GROUP BY ?release"""
)

#: GROUP_CONCAT separator for fields whose values may hold spaces or semicolons.
UNIT_SEPARATOR = "\u001f"

Row = dict[str, str]


def select(store: EmbeddedStore, text: str, filters: Filters | None = None) -> list[Row]:
    """Run ``text`` with the filter bindings; return rows of plain strings (unbound: absent)."""
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    if filters is not None:
        if filters.since:
            bindings["since"] = ox.Literal(filters.since)
        if filters.until:
            bindings["until"] = ox.Literal(filters.until)
        if filters.act and "?act" in text:
            bindings["act"] = ox.NamedNode(str(iris.act_iri(filters.act)))
    variables, rows = store.select(with_values(text, bindings))
    return [{v: cell(row[v]) for v in variables if row.get(v) is not None} for row in rows]


def select_for(store: EmbeddedStore, text: str, var: str, iris_: Iterable[str]) -> list[Row]:
    """Run ``text`` for each IRI in ``iris_``, bound to ``?var`` by a multi-row ``VALUES`` block."""
    terms = " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris_)))
    if not terms:
        return []
    return select(store, text.replace("#VALUES#", f"VALUES ?{var} {{ {terms} }}"))


def as_int(row: Mapping[str, str], name: str) -> int:
    return int(row.get(name) or 0)
