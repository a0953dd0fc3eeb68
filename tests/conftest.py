from __future__ import annotations

from pathlib import Path

import pytest

from gapmodel.corpus import load_corpus
from gapmodel.model import Model, build_model
from gapmodel.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current model (read the diff before committing)")


@pytest.fixture(autouse=True)
def workspace(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty workspace: nothing a test does reaches the user's."""
    home = tmp_path_factory.mktemp("workspace")
    monkeypatch.setenv("GAPMODEL_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy(DATA / "taxonomy.yaml", "data/taxonomy.yaml")


@pytest.fixture(scope="session")
def seed_model(taxonomy: Taxonomy) -> Model:
    return build_model(load_corpus(DATA), taxonomy)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def mini_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages read the two-document test corpus (tests/fixtures/mini)."""
    monkeypatch.setenv("GAPMODEL_CORPUS", str(FIXTURES / "mini"))


@pytest.fixture(scope="module")
def mini(taxonomy: Taxonomy) -> Model:
    return build_model(load_corpus(FIXTURES / "mini"), taxonomy)
