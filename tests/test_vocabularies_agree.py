"""The act scheme is written twice, as data for the extractor and as SKOS for the graph.

lexicon/acts.csv drives extraction; ontology/diplo.ttl is what the graph publishes. A
change to one without the other would make queries and CAMEO codes disagree.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg import iris
from kg.lexicon import load_lexicon
from kg.resources import data_dir
from kg.vocab import ACTS, DIP, INITIATIVE_KINDS, MEETING_KINDS


def test_acts_names_order_cameo_and_plover_agree() -> None:
    lexicon = load_lexicon()
    ontology = Graph().parse(data_dir("ontology") / "diplo.ttl")
    assert tuple(a.act for a in lexicon.acts) == tuple(ACTS)
    for act in lexicon.acts:
        concept = iris.act_iri(act.act)
        notations = {str(n) for n in ontology.objects(concept, SKOS.notation)}
        assert notations == {act.cameo}, act.act
        plover = {str(p) for p in ontology.objects(concept, DIP.plover)}
        assert plover == ({act.plover} if act.plover else set()), act.act
        assert (concept, SKOS.prefLabel, Literal(act.act, lang="en")) in ontology


def test_meeting_and_initiative_kinds_agree() -> None:
    lexicon = load_lexicon()
    assert set(lexicon.meeting_kind_names) == set(MEETING_KINDS)
    assert set(lexicon.initiative_kind_names) == set(INITIATIVE_KINDS)
    for kind in MEETING_KINDS:
        assert isinstance(iris.meeting_kind_iri(kind), URIRef)
