"""``kg link``: link actors without a Wikidata ID to items of a SPARQL endpoint."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kg.commands._common import EXIT_OK, EXIT_USAGE, add_store_option, store_path

if TYPE_CHECKING:
    from kg.linking import Actor

_COLUMNS = ["status", "kind", "actor", "name", "score", "item", "itemLabel", "note"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "link",
        help="reconcile actors without a Wikidata ID against a SPARQL endpoint (owl:sameAs)",
        description="Look up people, states and organisations that have no owl:sameAs yet by name "
        "and type, score the candidates, and write accepted links into their own named graph "
        "(https://w3id.org/kg-diplo/id/graph/links). Ambiguous actors are listed for you to decide "
        "with --accept. Credentials, if the endpoint needs any, come from ~/.netrc.",
    )
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="SPARQL endpoint (default: Wikidata's, https://query.wikidata.org/sparql)",
    )
    p.add_argument(
        "--min-score",
        type=float,
        default=0.7,
        metavar="X",
        help="accept a candidate from this score (0-1, default %(default)s)",
    )
    p.add_argument("--dry-run", action="store_true", help="show the decisions, write nothing")
    p.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="ACTOR=ITEM",
        help="record your decision: actor IRI (or name) = item IRI (repeatable)",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="per request")
    p.add_argument(
        "--max-time",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="give up after this long in total (default %(default)s)",
    )
    p.add_argument(
        "--delay",
        type=float,
        default=None,
        metavar="SECONDS",
        help="pause between requests (default 1 for a remote endpoint, 0 on this machine)",
    )
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from kg.formats import render
    from kg.linking import actors, coverage, link_quads, manual, reconcile, unlinked, write_links
    from kg.remote import WIKIDATA_SPARQL, Budget, SparqlEndpoint, check_url, credentials_for, is_loopback
    from kg.store import EmbeddedStore

    args.endpoint = args.endpoint or WIKIDATA_SPARQL

    if not 0 <= args.min_score <= 1:
        print(f"kg: --min-score {args.min_score}: give a score between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    check_url(args.endpoint)
    store = EmbeddedStore(store_path(args), read_only=args.dry_run)
    everyone = actors(store)
    decisions = [manual(*pair) for pair in _accepted(args.accept, everyone)]
    decided = {d.actor.iri for d in decisions}
    todo = [a for a in unlinked(everyone) if a.iri not in decided]
    if todo:
        delay = args.delay if args.delay is not None else (0.0 if is_loopback(args.endpoint) else 1.0)
        endpoint = SparqlEndpoint(
            args.endpoint,
            budget=Budget(seconds=args.max_time, interval=delay),
            timeout=args.timeout,
            credentials=credentials_for(args.endpoint, use_env=False),
        )
        decisions += reconcile(endpoint, todo, args.min_score)
    rows = [
        {
            "status": d.status,
            "kind": d.actor.kind,
            "actor": d.actor.iri,
            "name": d.actor.label,
            "score": f"{c.score:.2f}" if c else "",
            "item": c.item if c else "",
            "itemLabel": c.label if c else "",
            "note": d.note,
        }
        for d in decisions
        for c in (d.candidates or (None,))
    ]
    sys.stdout.write(render(_COLUMNS, rows, args.format))
    counts = {
        s: sum(1 for d in decisions if d.status == s)
        for s in ("accepted", "manual", "ambiguous", "unmatched")
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    print(f"{len(todo)} actors without a link looked up at {args.endpoint}: {summary}", file=sys.stderr)
    if args.dry_run:
        print("dry run: nothing written", file=sys.stderr)
        return EXIT_OK
    links = write_links(store, link_quads(decisions, args.endpoint, dt.date.today()))
    linked, total = coverage(actors(store))["all"]
    print(f"links graph holds {links} links; {linked} of {total} actors now have owl:sameAs", file=sys.stderr)
    return EXIT_OK


def _accepted(pairs: list[str], everyone: list[Actor]) -> list[tuple[Actor, str]]:
    """The ``--accept ACTOR=ITEM`` decisions, each naming exactly one actor of the store."""
    import pyoxigraph as ox

    from kg.errors import InputError

    chosen: list[tuple[Actor, str]] = []
    for pair in pairs:
        who, sep, item = pair.partition("=")
        try:
            valid = bool(sep) and ox.NamedNode(item).value.startswith(("http://", "https://"))
        except ValueError:
            valid = False
        if not valid:
            raise InputError(
                "--accept",
                f"{pair!r} is not ACTOR=ITEM_IRI",
                "e.g. --accept 'Park Jin=http://www.wikidata.org/entity/Q…'",
            )
        matches = [a for a in everyone if who in {a.iri, *a.names}]
        if len(matches) != 1:
            found = "no actor" if not matches else f"{len(matches)} actors"
            raise InputError(
                "--accept", f"{who!r} names {found}", "give the actor IRI from `kg link --dry-run`"
            )
        chosen.append((matches[0], item))
    return chosen
