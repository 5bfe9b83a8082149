"""``publish(incremental=True)`` (what ``teitools build`` calls): after a change only the changed
documents' DTS files are rewritten, and the result is what a full rewrite gives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from teitools.export.corpus import load_corpus
from teitools.harvest.dts import write_dts
from teitools.harvest.publish import publish

from .letters import write_letters


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_incremental_publish_redoes_only_the_changed_letter(tmp_path: Path) -> None:
    letters = write_letters(tmp_path / "tei", 5)
    paths = sorted((tmp_path / "tei").rglob("*.xml"))
    out = tmp_path / "build"
    first = publish(paths, out, incremental=True)
    assert len(first.redone) == 6  # 5 letters + the register
    dts = out / "dts"
    stamps = {p: p.stat().st_mtime_ns for p in dts.rglob("*") if p.is_file()}

    changed = letters[2]
    changed.write_text(changed.read_text().replace("</closer>", " again</closer>", 1),
                       encoding="utf-8")
    second = publish(paths, out, incremental=True)
    assert second.redone == ["letter-0003"]
    touched = {p.relative_to(dts).as_posix() for p, t in stamps.items()
               if not p.exists() or p.stat().st_mtime_ns != t}
    assert touched and all("letter-0003" in t or not t.startswith(("navigation/", "document/"))
                           for t in touched), sorted(touched)
    assert "document/letter-0001.xml" not in touched
    fresh = write_dts(load_corpus(paths).all, tmp_path / "fresh", base_url=
                      "http://localhost:8000/dts/")
    assert _tree(dts) == _tree(fresh.out_dir)

    # a removed letter: its files go, the corpus collection (and every parents.json) follow
    os.unlink(letters[4])
    paths = sorted((tmp_path / "tei").rglob("*.xml"))
    third = publish(paths, out, incremental=True)
    assert third.redone == []
    assert not list(dts.glob("navigation/letter-0005*"))
    fresh = write_dts(load_corpus(paths).all, tmp_path / "fresh2", base_url=
                      "http://localhost:8000/dts/")
    assert _tree(dts) == _tree(fresh.out_dir)


def test_publish_reads_a_batch_at_a_time_and_writes_what_the_whole_corpus_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import weakref

    from teitools.export.document import TeiDocument
    from teitools.harvest import publish as publish_module
    from teitools.harvest.oai import write_oai

    write_letters(tmp_path / "tei", 7)
    paths = sorted((tmp_path / "tei").rglob("*.xml"))
    monkeypatch.setattr(publish_module, "BATCH", 2)
    refs: list[weakref.ref[TeiDocument]] = []
    most = 0
    reading = publish_module.iter_corpus

    def watched(*args: Any, **kwargs: Any) -> Iterator[list[TeiDocument]]:
        nonlocal most
        for docs in reading(*args, **kwargs):
            gc.collect()
            # the documents of the batches before this one still held
            most = max(most, sum(1 for r in refs if r() is not None))
            refs.extend(weakref.ref(d) for d in docs)
            yield docs

    monkeypatch.setattr(publish_module, "iter_corpus", watched)
    for incremental in (False, True):
        out = tmp_path / f"build-{incremental}"
        published = publish(paths, out, incremental=incremental)
        assert len(published.redone) == 8  # 7 letters and the register
        assert most <= 2, most  # at most the batch before: never the corpus's 8
        corpus = load_corpus(paths)
        whole = write_dts(corpus.all, tmp_path / f"whole-{incremental}",
                          base_url="http://localhost:8000/dts/")
        assert _tree(out / "dts") == _tree(whole.out_dir)
        oai = write_oai(corpus.all, tmp_path / f"whole-{incremental}.xml",
                        url="http://localhost:8000/oai.xml")
        assert oai.written and (out / "oai.xml").read_bytes() == oai.path.read_bytes()
