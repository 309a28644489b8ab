"""The documentation is true: the README's two set-up commands are the ones CI runs, every
saved query is documented, and every documented `kg query` command runs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kg.queries import load_queries

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
QUERIES_README = (REPO / "queries" / "README.md").read_text(encoding="utf-8")


def _first_block(text: str) -> list[str]:
    block = text.split("```", 2)[1]
    return [line for line in block.splitlines()[1:] if line.strip() and not line.lstrip().startswith("#")]


def test_readme_starts_with_exactly_two_commands_and_ci_runs_the_second() -> None:
    setup, tests = _first_block(README)
    assert "kg ingest samples/" in setup and "kg query" in setup
    assert "pytest" in tests
    assert tests in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_saved_query_is_documented() -> None:
    documented = set(re.findall(r"^\| `([\w-]+)` \|", QUERIES_README, re.MULTILINE))
    assert documented == set(load_queries())


def _documented_commands() -> list[str]:
    commands = []
    for text in (README, QUERIES_README):
        commands += [line.strip() for line in re.findall(r"^kg query [^\n]+$", text, re.MULTILINE)]
    # commands against a remote store are exercised by tests/test_push.py with real servers
    return sorted({c for c in commands if "--endpoint" not in c})


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "store"
    result = subprocess.run(
        [sys.executable, "-m", "kg", "ingest", str(REPO / "samples"), "--store", str(path), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("command", _documented_commands())
def test_documented_query_command_runs(store: Path, command: str) -> None:
    args = shlex.split(command)[1:]
    result = subprocess.run(
        [sys.executable, "-m", "kg", *args, "--store", str(store)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"
    assert result.stdout.strip()
