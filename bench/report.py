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
    if report["growth"]:
        lines += ["", "## Growth: cost at the larger size / cost at the smaller, and k in cost ~ size^k", ""]
        lines += ["| cost | sizes | ratio | k |", "| --- | --- | ---: | ---: |"]
        for g in report["growth"]:
            lines.append(f"| {g['cost']} | {g['from']:,} -> {g['to']:,} | {g['ratio']:.2f} | {g['k']:.2f} |")
    return "\n".join(lines) + "\n"
