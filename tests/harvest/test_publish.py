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
