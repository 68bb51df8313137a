import pathlib

import pytest

from library.demo import DEMO_FOLDER
from library.importing import import_folder

SEEDS = {path.name[:3]: path for path in DEMO_FOLDER.glob("*.pdf")}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def seed_documents(district, media):
    """The five seed documents, imported the way `make run` loads them; {"000": Document, ...}."""
    documents = import_folder(folder=DEMO_FOLDER, csv_bytes=(DEMO_FOLDER / "danh-muc.csv").read_bytes(),
                              owner=district, user=None, is_demo=True)
    return {doc.versions.get().filename[:3]: doc for doc in documents}


def seed_text(key: str) -> str:
    return pathlib.Path(str(SEEDS[key]).replace(".pdf", ".txt")).read_text(encoding="utf-8")
