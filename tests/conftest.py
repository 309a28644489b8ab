"""Shared fixtures: the corpus beside the clone, a packaged lexicon, a pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "releases"
SEED = "mofa-kr-2022-08-09-korea-china-fm-qingdao.txt"


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
