"""A small library (four shared statutes) indexed once per test session."""
from __future__ import annotations

import pytest

from bot.library.evaluation import folder_documents
from bot.library.live import build_index
from bot.settings import Settings
from tests.conftest import TODAY
from tests.library.corpus import small_library


@pytest.fixture(scope="session")
def small_laws(tmp_path_factory):
    return small_library(tmp_path_factory.mktemp("laws"))


@pytest.fixture(scope="session")
def library_settings(tmp_path_factory):
    return Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path_factory.mktemp("var"))}, environ={})


@pytest.fixture(scope="session")
def small_index(small_laws, library_settings, embedder):
    documents, problems = folder_documents(small_laws)
    assert not problems
    return build_index(documents, library_settings, embedder)[0]


@pytest.fixture(scope="session")
def built_library(small_laws, tmp_path_factory, embedder):
    """A live library of the four statutes (catalogue, files, index) and its caches, built once; each
    console test gets a copy."""
    from bot.library.catalogue import documents_in
    from bot.library.live import LibraryService

    data = tmp_path_factory.mktemp("library-data")
    settings = Settings.load({"data_dir": str(data)}, environ={})
    service = LibraryService(settings, embedder)
    for path, doc_id in documents_in(small_laws):
        service.library.add(path, doc_id, by="setup")
    service.rebuild()
    return data
