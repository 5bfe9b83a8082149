"""Test material for the harvesting interfaces: a generated letter corpus, the article, TEI's tests.

The corpus every DTS/OAI test runs on is built once per session in a temporary
directory: 6 generated letters with their shared register (``letters.py``),
the article, and three of TEI's own test documents copied under
``tests/data/harvest/`` (a play, speech, a transcription with del/add).  The
whole set of TEI test documents is used where ``../shared`` is present.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import paths
from support.paths import ARTICLE as ARTICLE
from support.paths import REPO as REPO
from teitools.export.corpus import Corpus, load_corpus

from .letters import write_letters

DATA = paths.DATA / "harvest"
TEI_TESTS = DATA / "tei-test-documents"
SHARED_TESTS = paths.TEI_P5 / "test-documents"
CONTEXT = DATA / "dts-context-v1.0.json"
SPEC = paths.SHARED / "dts-1.0" / "specification.md"
LETTERS = 6


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(),
                              reason=f"{path} is absent (../shared is not checked out here)")


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "tei"
    write_letters(root, LETTERS)
    shutil.copy(ARTICLE, root / ARTICLE.name)
    shutil.copytree(TEI_TESTS, root / "tei-tests")
    return root


@pytest.fixture(scope="session")
def corpus(corpus_dir: Path) -> Corpus:
    loaded = load_corpus([corpus_dir])
    assert loaded.diagnostics == []
    return loaded
