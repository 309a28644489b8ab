"""Render query results as table, CSV, TSV or JSON (an array of objects, one per row)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

Row = Mapping[str, object]


def cell(term: object) -> str:
    """The plain string of an RDF term (IRI, literal value), or "" when unbound."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def render(variables: Sequence[str], rows: Sequence[Row], fmt: str) -> str:
    table = [[cell(row.get(v)) for v in variables] for row in rows]
    if fmt == "json":
        return (
            json.dumps([dict(zip(variables, r, strict=True)) for r in table], ensure_ascii=False, indent=2)
            + "\n"
        )
    if fmt in {"csv", "tsv"}:
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(
            [[c.replace("\t", " ").replace("\n", " ") for c in r] if fmt == "tsv" else r for r in table]
        )
        return out.getvalue()
    return _table(variables, table)


def _table(variables: Sequence[str], table: list[list[str]], width: int = 60) -> str:
    shown = [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in table]
    widths = [max([len(v), *(len(r[i]) for r in shown)]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in shown]
    lines.append(f"({len(table)} rows)")
    return "\n".join(lines) + "\n"
