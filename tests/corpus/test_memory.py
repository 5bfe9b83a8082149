"""What a corpus run keeps per document stays small: no bytes of the document in its
state, and, for ``validate``, of its data only what the corpus checks read.  (The
client's memory is then flat in the corpus's bytes; benchmarks/bench_corpus_memory.py
measures it.)"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

from teitools.corpus.config import load_config
from teitools.corpus.run import DocState, check_corpus
from teitools.corpus.runners import LocalRunner
from teitools.validate import ValidationOptions

from .generate import make_corpus


def _run(root: Path, compact: bool) -> list[DocState]:
    files = [(p.name, p, p.relative_to(root / "tei").as_posix())
             for p in sorted((root / "tei").rglob("*.xml"))]
    runner = LocalRunner(1)
    try:
        return check_corpus(files, ValidationOptions(), load_config(root), runner,
                            compact=compact).states
    finally:
        runner.close()


def test_a_document_state_holds_no_bytes_and_validate_keeps_little(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=6, folders=1, clean=True)
    assert "__slots__" in vars(DocState)  # slotted: no dict per instance
    names = {f.name for f in dataclasses.fields(DocState)}
    assert "data" not in names
    for cached in (False, True):  # fresh results, then the cache's
        states = _run(info.root, compact=True)
        assert all(st.cached == cached for st in states)
        for st in states:
            assert not hasattr(st, "__dict__")
            assert not any(isinstance(getattr(st, n), bytes | bytearray) for n in names)
            assert st.check.depends == []
            data = st.check.data
            assert data is not None
            # the site's fields are gone; what the pointer checks read is there
            assert data.mentions == [] and data.sender == [] and data.title == ""
            assert data.pointers or data.kind == "register"
            if data.kind == "letter":  # was ~1,800 bytes with the site's fields
                assert len(pickle.dumps(st.check)) < 1300, (cached, st.name)
        letter = next(s for s in states if s.name.startswith("letter"))
        assert letter.check.data is not None and letter.check.data.ids
    full = _run(info.root, compact=False)  # build: the site needs them
    letter = next(s for s in full if s.name.startswith("letter"))
    assert letter.check.data is not None and letter.check.data.mentions \
        and letter.check.data.title
