"""Networks projected from the store, their file formats, the explorer page and analysis.

:func:`build_view` answers SPARQL over the store and returns a :class:`View`: a networkx
graph (see :mod:`kg.network.projections` for what each view holds) with the events and
releases its edges cite. Writers live in :mod:`kg.network.writers` (graph files),
:mod:`kg.network.graphviz` (DOT, PNG, SVG), :mod:`kg.network.explorer` (the HTML page);
:mod:`kg.network.analysis` computes centralities, communities and strongest dyads.
"""

from kg.network.model import VIEWS, Event, Filters, ReleaseRef, View
from kg.network.projections import build_view

__all__ = ["VIEWS", "Event", "Filters", "ReleaseRef", "View", "build_view"]
