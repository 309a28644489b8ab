"""The kg command as a user runs it: exit codes, messages, re-ingest, drop."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_kg

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def kg(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, store=store)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = kg("ingest", str(SAMPLES), store=path)
    assert result.returncode == 0, result.stderr
    return path


def test_ingest_reports_and_reingest_changes_nothing(store: Path) -> None:
    before = kg("stats", store=store).stdout
    again = kg("ingest", str(SAMPLES), store=store)
    assert again.returncode == 0 and "3 stored, 0 failed" in again.stderr
    assert kg("stats", store=store).stdout == before


def test_query_formats(store: Path) -> None:
    rows = json.loads(kg("query", "meetings", "-p", "country=CHN", "--format", "json", store=store).stdout)
    assert {"release", "meeting", "kind", "status", "date", "place", "participant"} <= set(rows[0])
    assert any(r["date"] == "2022-08-09" and r["participantName"] == "Wang Yi" for r in rows)
    csv_out = kg("query", "releases", "--format", "csv", store=store).stdout.splitlines()
    assert csv_out[0] == "release,title,published,url,file" and len(csv_out) == 4
    tsv_out = kg("query", "countries", "--format", "tsv", store=store).stdout.splitlines()
    assert tsv_out[0].split("\t") == ["release", "country", "iso3", "label"]
    table = kg("query", "statements", "-p", "act=request", store=store).stdout
    assert "Busan" in table and table.rstrip().endswith("rows)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nonesuch"], "no saved query 'nonesuch'"),
        (["query", "meetings", "-p", "country=China"], "ISO 3166 alpha-3"),
        (["query", "meetings", "-p", "colour=red"], "no parameter 'colour'"),
        (["query", "statements", "-p", "act=shout"], "use one of"),
        (["query", "meetings-between", "-p", "a=KOR"], "needs -p b="),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(store: Path, args: list[str], message: str) -> None:
    result = kg(*args, store=store)
    assert result.returncode == 2 and message in result.stderr


def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(
        "1. Foreign Minister Kim Min-jun met with Foreign Minister Ana Silva on May 2, 2024.",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (tmp_path / "latin1.txt").write_bytes("Réunion des ministres".encode("latin-1"))
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"file": "missing.txt"}) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    result = kg(
        "ingest",
        str(good),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "latin1.txt"),
        str(manifest),
        store=store,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: ")]
    assert len(lines) == 4
    assert any("empty.txt: is empty" in line for line in lines)
    assert any("binary.txt" in line and "binary" in line for line in lines)
    assert any("latin1.txt" in line and "not valid UTF-8" in line for line in lines)
    assert any("m.jsonl:1" in line and "missing.txt" in line for line in lines)
    assert "1 stored, 4 failed" in result.stderr
    assert len(json.loads(kg("query", "releases", "--format", "json", store=store).stdout)) == 1


def test_drop_removes_one_release(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert kg("ingest", str(SAMPLES), store=store).returncode == 0
    releases = json.loads(kg("query", "releases", "--format", "json", store=store).stdout)
    target = releases[0]["release"]
    assert kg("drop", target, store=store).returncode == 0
    left = json.loads(kg("query", "releases", "--format", "json", store=store).stdout)
    assert target not in {r["release"] for r in left} and len(left) == len(releases) - 1
    assert kg("drop", target, store=store).returncode == 1


def test_queries_lists_every_saved_query() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "queries"], capture_output=True, text=True, check=True
    )
    names = {line.split()[0] for line in result.stdout.splitlines()}
    assert {
        "releases",
        "people",
        "countries",
        "organizations",
        "initiatives",
        "meetings",
        "statements",
    } <= names


def test_query_on_a_missing_store_says_so(tmp_path: Path) -> None:
    result = kg("query", "releases", store=tmp_path / "nowhere")
    assert result.returncode == 2 and "no store here yet" in result.stderr
