"""Shared fixtures: the corpus beside the clone, a packaged lexicon, a pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "releases"
SEED = "mofa-kr-2022-08-09-korea-china-fm-qingdao.txt"

# Real SPARQL servers (Oxigraph, Virtuoso) as session fixtures, stopped at the end.
pytest_plugins = ["servers"]


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "index.jsonl").is_file():
        pytest.skip(f"the shared corpus is not beside the clone ({CORPUS})")
    return CORPUS


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from kg.pipeline import make_pipeline

    return make_pipeline()


@pytest.fixture(scope="session")
def lexicon(pipeline):  # type: ignore[no-untyped-def]
    return pipeline.lexicon


def require_program(name: str) -> str:
    """The path of an external program a test needs; skip without it, fail under CI.

    .ci/run sets KG_REQUIRE_SERVERS=1 after installing .ci/packages.txt, so a test that
    would silently skip on a developer's machine fails in CI if the program is missing.
    """
    import os
    import shutil

    path = shutil.which(name)
    if path is None:
        if os.environ.get("KG_REQUIRE_SERVERS"):
            pytest.fail(f"{name} is required here (add its Debian package to .ci/packages.txt)")
        pytest.skip(f"{name} is not installed")
    return path
