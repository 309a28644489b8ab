"""A SPARQL 1.1 endpoint over the embedded store, and dereferenceable kg IRIs.

Routes (standard library ``http.server``; one thread per request):

* ``/sparql``: SPARQL 1.1 Protocol. ``GET ?query=``, ``POST`` form (``query=``/``update=``)
  or a ``application/sparql-query`` / ``application/sparql-update`` body;
  ``default-graph-uri`` / ``named-graph-uri`` honoured, else the default graph is the union
  of all graphs (as in ``kg query``). Results as JSON, XML, CSV or TSV (SELECT, ASK) or
  Turtle, N-Triples, RDF/XML (CONSTRUCT, DESCRIBE), by ``Accept``. A GET without a query
  returns the service description.
* ``/store``: Graph Store Protocol. ``GET ?graph=IRI`` or ``?default``; ``PUT``, ``POST``
  and ``DELETE`` only with ``--allow-update``.
* any other path: the resource ``https://w3id.org/kg-diplo`` + path (so
  ``/id/person/park-jin`` is ``https://w3id.org/kg-diplo/id/person/park-jin``), described
  by its Concise Bounded Description as Turtle, N-Triples, JSON-LD (kg's context) or HTML.

Read-only unless ``allow_update`` (the store is then opened read-only); queries have a
time cap and a result-size cap (:mod:`kg.serve.service`). :mod:`kg.serve.formats` writes
the answers, :mod:`kg.serve.handler` speaks HTTP.

Writes with an ``Origin`` header from another site are refused (a web page cannot write
to your store), and on a loopback address only loopback ``Host`` names are answered
(no DNS rebinding).
"""

from kg.serve.formats import negotiate
from kg.serve.handler import Handler, KgServer, make_server
from kg.serve.service import Options, Service

__all__ = ["Handler", "KgServer", "Options", "Service", "make_server", "negotiate"]
