"""Saved queries: ``queries/*.rq`` files with a ``#+`` YAML header, checked on load.

Header keys (grlc style)::

    #+ summary: Meetings, one row per participant
    #+ tags: [listing, meetings]
    #+ params:
    #+   country: {type: country, doc: "ISO alpha-3 of a participant's state"}

Parameter types and the RDF term a value becomes:

* ``country``  ISO alpha-3 -> the country IRI
* ``person``   a name ("Park Jin") or a person IRI -> the person IRI
* ``iri``      an absolute IRI
* ``act``      one of the 16 act names -> the act concept IRI
* ``status``   held | planned -> the status concept IRI
* ``initiative`` a key or label -> the initiative IRI
* ``date``     YYYY, YYYY-MM or YYYY-MM-DD -> an xsd:string literal compared by prefix
* ``string``, ``int``

A parameter binds the SPARQL variable named by its ``var`` (default: its own name), left
unbound when the user omits it. A value becomes an RDF term, serialised by pyoxigraph
into a ``VALUES`` block at the top of the ``WHERE`` group, so FILTERs see it and the same
text runs on any SPARQL 1.1 endpoint; user text is never spliced into the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import DataFileError, QueryError
from kg.resources import data_dir

PARAM_TYPES = frozenset({"country", "person", "iri", "act", "status", "initiative", "date", "string", "int"})


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str
    required: bool = False
    var: str = ""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    summary: str
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    text: str


def _header(path: Path, source: str) -> dict[str, Any]:
    lines = [line[2:].removeprefix(" ") for line in source.splitlines() if line.startswith("#+")]
    if not lines:
        raise DataFileError(f"{path}: no '#+' header (add '#+ summary: ...' at the top)")
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: the '#+' header is not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: the '#+' header must be a YAML mapping")
    return data


def load_query(path: Path) -> SavedQuery:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc
    header = _header(path, source)
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise DataFileError(f"{path}: the header needs a 'summary' line")
    unknown = set(header) - {"summary", "tags", "params", "description"}
    if unknown:
        raise DataFileError(f"{path}: unknown header keys {sorted(unknown)} (use summary, tags, params)")
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise DataFileError(f"{path}: 'tags' must be a list of words")
    params: list[Param] = []
    raw_params = header.get("params") or {}
    if not isinstance(raw_params, dict):
        raise DataFileError(f"{path}: 'params' must map names to {{type: ..., doc: ...}}")
    body = "\n".join(line for line in source.splitlines() if not line.startswith("#+"))
    for name, spec in raw_params.items():
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
            raise DataFileError(f"{path}: param {name!r} needs a type among {sorted(PARAM_TYPES)}")
        var = str(spec.get("var") or name)
        if not re.search(rf"\?{re.escape(var)}\b", body):
            raise DataFileError(f"{path}: param {name!r} is declared but ?{var} is not used")
        params.append(
            Param(
                str(name),
                str(spec["type"]),
                str(spec.get("doc", "")),
                bool(spec.get("required", False)),
                var,
            )
        )
    _check_parses(path, body)
    return SavedQuery(path.stem, path, summary.strip(), tuple(tags), tuple(params), body)


def _check_parses(path: Path, body: str) -> None:
    import pyoxigraph as ox

    try:
        ox.Store().query(body)
    except SyntaxError as exc:
        raise DataFileError(f"{path}: the query does not parse ({exc})") from exc


def load_queries(folder: Path | None = None) -> dict[str, SavedQuery]:
    folder = folder or data_dir("queries")
    return {q.name: q for q in (load_query(p) for p in sorted(folder.glob("*.rq")))}


def list_queries(folder: Path | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    """Name, summary and tags of each saved query, reading only the headers (fast start)."""
    folder = folder or data_dir("queries")
    listing: list[tuple[str, str, tuple[str, ...]]] = []
    for path in sorted(folder.glob("*.rq")):
        header = _header(path, path.read_text(encoding="utf-8"))
        listing.append((path.stem, str(header.get("summary", "")), tuple(header.get("tags") or [])))
    return listing


def parse_params(query: SavedQuery, pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    known = {p.name for p in query.params}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"parameter {pair!r} must be KEY=VALUE")
        key, value = pair.split("=", 1)
        if key not in known:
            hint = ", ".join(sorted(known)) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {key!r} (it takes: {hint})")
        if len(value) > 2000:
            raise QueryError(f"parameter {key!r} is longer than 2000 characters")
        values[key] = value
    for param in query.params:
        if param.required and param.name not in values:
            raise QueryError(f"query {query.name!r} needs -p {param.name}=... ({param.doc})")
    return values


def bind(query: SavedQuery, values: dict[str, str]) -> dict[str, Any]:
    """Turn parameter strings into pyoxigraph terms, checking each against its type."""
    import pyoxigraph as ox

    from kg import iris
    from kg.vocab import ACTS

    types = {p.name: p.type for p in query.params}
    variables = {p.name: p.var or p.name for p in query.params}
    bound: dict[str, Any] = {}
    for name, value in values.items():
        kind = types[name]
        try:
            if kind == "country":
                if not re.fullmatch(r"[A-Za-z]{3}", value):
                    raise QueryError(f"{name}={value!r}: give an ISO 3166 alpha-3 code such as CHN")
                bound[name] = ox.NamedNode(str(iris.country_iri(value.upper())))
            elif kind == "person":
                bound[name] = ox.NamedNode(
                    value if _is_iri(value) else str(iris.person_iri(iris.slugify(value)))
                )
            elif kind == "initiative":
                bound[name] = ox.NamedNode(
                    value if _is_iri(value) else str(iris.initiative_iri(iris.slugify(value)))
                )
            elif kind == "iri":
                if not _is_iri(value):
                    raise QueryError(f"{name}={value!r}: give an absolute IRI without spaces or <>")
                bound[name] = ox.NamedNode(value)
            elif kind == "act":
                if value not in ACTS:
                    raise QueryError(f"{name}={value!r}: use one of {', '.join(ACTS)}")
                bound[name] = ox.NamedNode(str(iris.act_iri(value)))
            elif kind == "status":
                if value not in {"held", "planned"}:
                    raise QueryError(f"{name}={value!r}: use held or planned")
                bound[name] = ox.NamedNode(str(iris.status_iri(value)))
            elif kind == "date":
                if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", value):
                    raise QueryError(f"{name}={value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
                bound[name] = ox.Literal(value)
            elif kind == "int":
                bound[name] = ox.Literal(
                    str(int(value)),
                    datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"),
                )
            else:
                bound[name] = ox.Literal(value)
        except ValueError as exc:
            raise QueryError(f"{name}={value!r}: {exc}") from exc
    return {variables[name]: term for name, term in bound.items()}


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(text: str, bindings: dict[str, Any]) -> str:
    """Put ``VALUES (?a ?b) { (term term) }`` first in the query's outer WHERE group.

    Terms are serialised by pyoxigraph (``str(term)`` is N-Triples syntax with escaping),
    so a value can never close the block or add query text.
    """
    if not bindings:
        return text
    match = _WHERE.search(text)
    if match is None:
        raise QueryError("a saved query with parameters needs a WHERE { ... } group")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"{text[: match.end()]}\n  VALUES ({names}) {{ ({terms}) }}{text[match.end() :]}"


def page(text: str, limit: int | None, offset: int = 0) -> str:
    """The query with ``LIMIT``/``OFFSET`` after its ORDER BY: one page of its rows.

    Pages of a saved query follow its ORDER BY, so consecutive pages join up into the
    full answer (on an unchanged store). Only integers are added to the text.
    """
    if limit is None and not offset:
        return text
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset take whole numbers, 0 or more")
    tail = text[text.rfind("}") + 1 :]
    if re.search(r"\b(?:LIMIT|OFFSET)\b", tail, re.IGNORECASE):
        raise QueryError("this query sets its own LIMIT or OFFSET; it cannot be paged")
    return text.rstrip() + (f"\nLIMIT {limit}" if limit is not None else "") + (
        f"\nOFFSET {offset}" if offset else ""
    )


def _is_iri(value: str) -> bool:
    return re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+", value) is not None
