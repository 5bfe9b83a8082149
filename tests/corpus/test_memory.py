"""What a corpus run keeps per document stays small: no bytes of the document in its
state; for ``validate``, nothing in memory at all (the documents wait in the run's
store on disk), so its memory does not grow with the corpus.
(benchmarks/bench_corpus_memory.py measures the client's peak RSS at scale.)"""

from __future__ import annotations

import dataclasses
import os
import tracemalloc
from pathlib import Path

import pytest

from teitools.corpus import pointers, store
from teitools.corpus.config import load_config
from teitools.corpus.run import CheckedCorpus, check_corpus, validate_corpus
from teitools.corpus.runners import LocalRunner
from teitools.corpus.store import RunStore
from teitools.validate import ValidationOptions
from teitools.validate.reporting import tally

from .generate import make_corpus


def _run(root: Path, stored: bool) -> CheckedCorpus:
    files = [(p.name, p, p.relative_to(root / "tei").as_posix())
             for p in sorted((root / "tei").rglob("*.xml"))]
    runner = LocalRunner(1)
    try:
        return check_corpus(files, ValidationOptions(), load_config(root), runner,
                            stored=stored)
    finally:
        runner.close()


def test_a_build_state_holds_no_bytes(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=6, folders=1, clean=True)
    from teitools.corpus.run import DocState

    assert "__slots__" in vars(DocState)  # slotted: no dict per instance
    names = {f.name for f in dataclasses.fields(DocState)}
    for cached in (False, True):  # fresh results, then the cache's
        states = _run(info.root, stored=False).states
        assert len(states) == 8 and all(st.cached == cached for st in states)
        for st in states:
            assert not hasattr(st, "__dict__")
            assert not any(isinstance(getattr(st, n), bytes | bytearray) for n in names)
            assert st.check.depends == []
        letter = next(s for s in states if s.name.startswith("letter"))
        # build's site needs the site's fields
        assert letter.check.data is not None and letter.check.data.mentions \
            and letter.check.data.title


def test_validate_keeps_its_documents_in_the_store(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=6, folders=1, clean=True)
    for cached in (False, True):
        checked = _run(info.root, stored=True)
        assert checked.states == []  # nothing held in memory
        rows = list(checked.store.rows())
        assert len(rows) == len(checked.store) == 8
        assert [r.cached for r in rows] == [cached] * 8
        assert [r.name for r in checked.store.rows("register")] == ["persons.xml",
                                                                    "places.xml"]
        for row in rows:
            data = row.packed.document_data()
            assert data is not None and row.key
            assert row.packed.kind_and_ids() == (data.kind, data.ids)
            assert row.packed.file_result().name == row.name
        directory = checked.store._dir
        assert os.path.isdir(directory)
        checked.store.close()
        assert not os.path.exists(directory)  # the scratch database goes with it


def test_a_store_is_removed_when_it_is_collected() -> None:
    store = RunStore()
    directory = store._dir
    del store
    assert not os.path.exists(directory)


def _peak(root: Path) -> int:
    os.chdir(root)
    validate_corpus(["tei"], ValidationOptions(jobs=1), runner=LocalRunner(1))  # cached
    tracemalloc.start()
    try:
        result = validate_corpus(["tei"], ValidationOptions(jobs=1), runner=LocalRunner(1))
        assert tally(result).exit_code == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_validates_memory_does_not_grow_with_the_corpus(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the look-up memos and the store's read batches are bounded: small here, so that
    # 160 letters are past them
    monkeypatch.setattr(pointers, "MEMO_SIZE", 16)
    monkeypatch.setattr(store, "_BATCH", 16)
    small = make_corpus(tmp_path / "small", letters=40, clean=True).root
    large = make_corpus(tmp_path / "large", letters=160, clean=True).root
    cwd = os.getcwd()
    try:
        _peak(small)  # imports and first-use caches
        growth = (_peak(large) - _peak(small)) / 120
    finally:
        os.chdir(cwd)
    # what remains per document is its name and path (~0.5 KB); it was ~5 KB when the
    # results were held in memory
    assert growth < 1500, f"{growth:.0f} bytes a document"
