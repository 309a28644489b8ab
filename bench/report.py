"""The benchmark's JSON as Markdown tables: ingest, queries side by side with rdflib, growth."""

from __future__ import annotations

import statistics
from typing import Any


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def _mb(size: float) -> str:
    return f"{size / 2**20:.0f} MB"


def _rdflib_cell(entry: dict[str, Any] | None, oxigraph_p50: float) -> tuple[str, str]:
    if entry is None:
        return "", ""
    if entry["timed_out"]:
        limit = entry["timeout"]
        return f">{limit:.0f} s", f">{limit / oxigraph_p50:,.0f}x"
    p50 = statistics.median(entry["timings"])
    return _ms(p50), f"{p50 / oxigraph_p50:,.0f}x"


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"# kg benchmark, {report['date']}",
        "",
        f"Machine: {m['host']}, {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}. "
        f"Settings: {report['settings']}. Total {report['seconds'] / 60:.1f} min.",
        "",
        "## Ingest (kg ingest -j N -q, end to end, with validation)",
        "",
        "| releases | seconds | releases/s | triples/s | quads | peak RSS (tree) | peak RSS (one process) "
        "| store on disk | add one release (wall / ingest) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["sizes"]:
        i, one = r["ingest"], r["add_one_release"]
        lines.append(
            f"| {r['size']:,} | {i['seconds']:.1f} | {i['releases_per_s']:.1f} | {i['quads_per_s']:,.0f} "
            f"| {i['quads']:,} | {_mb(i['peak_rss_bytes'])} | {_mb(i['peak_rss_one_process_bytes'])} "
            f"| {_mb(i['store_bytes'])} | {one['wall_seconds']:.2f} s / {one['ingest_seconds']:.2f} s |"
        )
    lines += ["", "## Saved queries: p50 / p95 ms on Oxigraph; rdflib memory store p50 and ratio", ""]
    header = "| query | kind |"
    rule = "| --- | --- |"
    for r in report["sizes"]:
        header += f" {r['size']:,} p50 | p95 | rows |"
        rule += " ---: | ---: | ---: |"
        if "rdflib" in r:
            header += f" rdflib {r['size']:,} | ratio |"
            rule += " ---: | ---: |"
    lines += [header, rule]
    for name in report["sizes"][0]["queries"]:
        row = f"| {name} | {report['sizes'][0]['queries'][name]['kind']} |"
        for r in report["sizes"]:
            q = r["queries"][name]
            if q["timed_out"]:
                row += f" >{q['timeout']:.0f} s | | |"
                if "rdflib" in r:
                    row += " | |"
                continue
            row += f" {_ms(q['p50'])} | {_ms(q['p95'])} | {q['rows']:,} |"
            if "rdflib" in r:
                cell, ratio = _rdflib_cell(r["rdflib"]["queries"].get(name), q["p50"])
                row += f" {cell} | {ratio} |"
        lines.append(row)
    for r in report["sizes"]:
        if "rdflib" in r:
            lines.append(
                f"\nrdflib at {r['size']:,}: {r['rdflib']['quads']:,} quads loaded in "
                f"{r['rdflib']['load_seconds']:.0f} s (not counted above)."
            )
    startup = ", ".join(f"`kg {c}` {t:.2f} s" for c, t in report.get("startup_seconds", {}).items())
    lines += ["", f"Start-up (median wall time, whole process): {startup}."]
    lines += _targets(report)
    if report["growth"]:
        lines += ["", "## Growth: cost at the larger size / cost at the smaller, and k in cost ~ size^k", ""]
        lines += ["| cost | sizes | ratio | k |", "| --- | --- | ---: | ---: |"]
        for g in report["growth"]:
            lines.append(f"| {g['cost']} | {g['from']:,} -> {g['to']:,} | {g['ratio']:.2f} | {g['k']:.2f} |")
    return "\n".join(lines) + "\n"


def _at(report: dict[str, Any], size: int) -> dict[str, Any] | None:
    return next((r for r in report["sizes"] if r["size"] == size), None)


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _query_target(
    result: dict[str, Any] | None, kinds: tuple[str, ...], limit: float, size: int
) -> tuple[str, str] | None:
    """How many queries of ``kinds`` have p50 under ``limit`` s, and which do not."""
    if result is None:
        return None
    chosen = {n: q for n, q in result["queries"].items() if q["kind"] in kinds}
    if not chosen:
        return None
    slow = [n for n, q in chosen.items() if q["timed_out"] or q["p50"] >= limit]
    figure = f"{len(chosen) - len(slow)} of {len(chosen)} under {limit * 1000:.0f} ms at {size:,}"
    if slow:
        figure += " (over: " + ", ".join(slow) + ")"
    return figure, _verdict(not slow)


def _ratio_target(result: dict[str, Any] | None) -> tuple[str, str] | None:
    """Queries at least 50x faster than rdflib (a timed-out rdflib run counts as its timeout)."""
    if result is None or "rdflib" not in result:
        return None
    ok, total, short = 0, 0, []
    for name, q in result["queries"].items():
        side = result["rdflib"]["queries"].get(name)
        if side is None or q["timed_out"]:
            continue
        total += 1
        slower = (side["timeout"] if side["timed_out"] else statistics.median(side["timings"])) / q["p50"]
        if slower >= 50:
            ok += 1
        else:
            short.append(f"{name} {'>' if side['timed_out'] else ''}{slower:.0f}x")
    figure = f"{ok} of {total} at least 50x (lower bounds where rdflib timed out)"
    if short:
        figure += " (under: " + ", ".join(short) + ")"
    return figure, _verdict(not short)


def _targets(report: dict[str, Any]) -> list[str]:
    """Issue 6's targets against the figures above, at the sizes the issue names."""
    rows: list[tuple[str, tuple[str, str] | None]] = []
    for r in report["sizes"]:
        rate = r["ingest"]["releases_per_s"]
        rows.append((f"ingest >= 200 releases/s ({r['size']:,})", (f"{rate:.0f}/s", _verdict(rate >= 200))))
    big = _at(report, 100_000)
    if big is not None:
        rss = big["ingest"]["peak_rss_bytes"]
        rows.append(("peak RSS < 600 MB (100,000, process tree)", (_mb(rss), _verdict(rss < 600 * 2**20))))
        wall = big["add_one_release"]["wall_seconds"]
        rows.append(("add one release < 1 s (100,000, wall)", (f"{wall:.2f} s", _verdict(wall < 1))))
    ten = _at(report, 10_000)
    rows.append(("listing p50 < 100 ms (10,000, all rows)", _query_target(ten, ("listing",), 0.1, 10_000)))
    rows.append(("listing p50 < 100 ms (10,000, first page)", _query_target(ten, ("page",), 0.1, 10_000)))
    rows.append(
        ("relationship p50 < 300 ms (100,000)", _query_target(big, ("relationship",), 0.3, 100_000))
    )
    rows.append((">= 50x faster than rdflib (10,000)", _ratio_target(ten)))
    help_seconds = report.get("startup_seconds", {}).get("--help")
    if help_seconds is not None:
        rows.append(("`kg --help` < 0.3 s", (f"{help_seconds:.2f} s", _verdict(help_seconds < 0.3))))
    shown = [(target, cell) for target, cell in rows if cell is not None]
    if not shown:
        return []
    lines = ["", "## Targets (issue 6)", "", "| target | measured | |", "| --- | --- | --- |"]
    lines += [f"| {target} | {figure} | {verdict} |" for target, (figure, verdict) in shown]
    return lines
