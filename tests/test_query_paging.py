"""`kg query --limit/--offset`: pages follow the query's order and join up into the whole answer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import SAMPLES, run_kg

from kg.errors import QueryError
from kg.queries import page

REPO = Path(__file__).resolve().parents[1]


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kg(*args)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paging") / "store"
    assert kg("ingest", str(SAMPLES), "--store", str(path), "-q").returncode == 0
    return path


def rows(store: Path, *args: str) -> list[dict[str, str]]:
    done = kg("query", "meetings", "--store", str(store), "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_pages_join_up_into_the_whole_answer(store: Path) -> None:
    whole = rows(store)
    assert len(whole) > 7
    pages = [rows(store, "--limit", "3", "--offset", str(start)) for start in range(0, len(whole), 3)]
    assert [len(p) for p in pages[:-1]] == [3] * (len(pages) - 1)
    assert [row for p in pages for row in p] == whole


def test_an_offset_past_the_end_gives_no_rows(store: Path) -> None:
    assert rows(store, "--limit", "5", "--offset", "100000") == []


@pytest.mark.parametrize("value", ["-1", "2.5", "ten", "1e3"])
def test_limit_and_offset_take_whole_numbers(store: Path, value: str) -> None:
    for option in ("--limit", "--offset"):
        done = kg("query", "meetings", "--store", str(store), option, value)
        assert done.returncode == 2
        assert "whole number" in done.stderr


def test_only_integers_are_added_to_the_text() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert page(text, None) == text
    assert page(text, 10, 20).endswith("ORDER BY ?s\nLIMIT 10\nOFFSET 20")
    with pytest.raises(QueryError, match="own LIMIT"):
        page(text + " LIMIT 5", 10)
