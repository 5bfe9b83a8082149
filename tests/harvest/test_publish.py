"""``publish(incremental=True)`` (what ``teitools build`` calls): after a change only the changed
documents' DTS files are rewritten, and the result is what a full rewrite gives."""

from __future__ import annotations

import os
from pathlib import Path

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


def test_publishing_in_batches_writes_what_one_pass_does(tmp_path: Path) -> None:
    """publish reads the corpus a batch at a time (its memory does not grow with the
    corpus's trees): with batches of 2, dts/ and oai.xml are byte for byte those of
    write_dts and write_oai over the whole corpus, cold and after a change."""
    from teitools.harvest.oai import write_oai

    letters = write_letters(tmp_path / "tei", 7)
    paths = sorted((tmp_path / "tei").rglob("*.xml"))
    out = tmp_path / "build"

    def expected(name: str) -> tuple[dict[str, bytes], bytes]:
        docs = load_corpus(paths).all
        fresh = write_dts(docs, tmp_path / name, base_url="http://localhost:8000/dts/")
        oai = write_oai(docs, tmp_path / f"{name}.xml", url="http://localhost:8000/oai.xml")
        assert oai.written
        return _tree(fresh.out_dir), oai.path.read_bytes()

    cold = publish(paths, out, incremental=True, batch=2)
    assert len(cold.redone) == 8 and not cold.diagnostics
    assert (_tree(out / "dts"), (out / "oai.xml").read_bytes()) == expected("one")
    letters[5].write_text(letters[5].read_text().replace("</closer>", " again</closer>", 1),
                          encoding="utf-8")
    os.unlink(letters[1])
    paths = sorted((tmp_path / "tei").rglob("*.xml"))
    again = publish(paths, out, incremental=True, batch=2)
    assert again.redone == ["letter-0006"]
    assert (_tree(out / "dts"), (out / "oai.xml").read_bytes()) == expected("two")
