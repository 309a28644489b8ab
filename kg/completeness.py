"""The completeness marker: each named graph says how many quads it was written with.

When the store writes a graph it adds one quad to it, ``<graph> kgs:quads N <graph>``,
in the same load as the graph's other quads. A graph whose write was cut short (a crash
in a bulk load the journal did not undo, a half-copied store) then either has no marker
or fewer quads than its marker says, and ``kg check`` reports it. N-Quads shards carry
the markers too (they hold what the store holds); :meth:`kg.store.EmbeddedStore.quads`
leaves them out, so dumps, pushed graphs and links never show this bookkeeping.

The count is of distinct N-Quads lines. Oxigraph normalises typed literals on the way in
(``"5"^^xsd:nonNegativeInteger`` is stored as ``"5"^^xsd:integer``), so two lines differing
only in such a form would count twice and be stored once; kg's mapping never writes both.
"""

from __future__ import annotations

from kg.iris import BASE

#: The predicate of the marker quad.
QUADS = BASE + "store#quads"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_MARKER_TERM = f"<{QUADS}>"


def with_marker(name: str, nquads: str) -> str:
    """``nquads`` (all in graph ``name``) without any old marker, plus the marker of their count.

    N-Quads that already end with their one marker (as :mod:`kg.pipeline`'s workers write
    them, off the writing process) are returned as they are.
    """
    head = f"<{name}> {_MARKER_TERM} "
    last = nquads.rfind("\n", 0, len(nquads) - 1) + 1
    if nquads.endswith("\n") and nquads.startswith(head, last) and nquads.count(_MARKER_TERM) == 1:
        return nquads
    lines = nquads.splitlines()
    if _MARKER_TERM in nquads:
        lines = [line for line in lines if not line.startswith(head)]
        nquads = "".join(line + "\n" for line in lines)
    elif nquads and not nquads.endswith("\n"):
        nquads += "\n"
    count = len({line for line in lines if line.strip()})
    return nquads + f'<{name}> {_MARKER_TERM} "{count}"^^<{_XSD_INTEGER}> <{name}> .\n'
