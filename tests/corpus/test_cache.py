"""The corpus cache: one index of check records per project, pruned; edition records bounded
and dropped when their document changes or goes; records never cross projects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.build import run_build
from teitools.cli import main
from teitools.corpus import cache
from teitools.corpus.config import load_config
from teitools.corpus.run import validate_corpus
from teitools.validate import ValidationOptions

from .generate import make_corpus


def _entries(kind: str) -> set[str]:
    folder = Path(os.environ["TEITOOLS_CACHE_DIR"]) / kind
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _index(root: Path) -> cache.CheckIndex:
    config = load_config(root)
    scope = (f"{os.path.abspath(config.root)}\0{ValidationOptions().fingerprint()}\0"
             f"{config.fingerprint()}")
    return cache.CheckIndex(scope)


def test_records_of_changed_and_removed_documents_are_dropped(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=4, folders=1, clean=True)
    first = run_build(info.root, Path("build"), jobs=1)
    assert first.parsed == 6 and len(_index(info.root)) == 6
    assert len(_entries(cache.INDEX)) == 1  # one file for the whole corpus
    editions = _entries(cache.EDITION)
    assert len(editions) == 6

    changed, removed = info.letters[1], info.letters[3]
    changed.write_text(changed.read_text().replace("Yesterday", "Only yesterday"),
                       encoding="utf-8")
    removed.unlink()
    second = run_build(info.root, Path("build"), jobs=1)
    assert second.parsed == 1
    assert len(_index(info.root)) == 5  # the removed letter's record went
    after = _entries(cache.EDITION)
    # letter 3 lost its "next" letter, so its links changed too: two new, three gone
    assert len(after) == 5 and len(after - editions) == 2, (editions, after)

    warm = run_build(info.root, Path("build"), jobs=1)
    assert warm.parsed == 0 and warm.outputs == [] and warm.rendered == 0

    out = CliRunner().invoke(main, ["cache", "info"])
    assert f"{cache.INDEX}: 1 entries" in out.output and f"{cache.EDITION}: 5 entries" \
        in out.output, out.output
    cleared = CliRunner().invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and not _entries(cache.INDEX) and not _entries(cache.EDITION)


def test_the_same_document_in_another_project_is_checked_against_that_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = make_corpus(tmp_path / "a", letters=2, folders=1, clean=True)
    other = tmp_path / "b"
    shutil.copytree(info.root, other)  # the same bytes under the same names ...
    rng = other / "schema" / "letters.rng"  # ... but a schema that wants <nope/>
    rng.write_text(rng.read_text().replace('<element name="TEI">', '<element name="nope">'),
                   encoding="utf-8")
    monkeypatch.chdir(info.root)
    assert all(f.valid() for f in validate_corpus(["tei"]).files)
    monkeypatch.chdir(other)
    result = validate_corpus(["tei"])
    assert all(not f.valid() for f in result.files)


def test_the_index_is_a_bounded_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    info = make_corpus(tmp_path / "p", letters=2, folders=1, clean=True)
    monkeypatch.chdir(info.root)
    validate_corpus(["tei"])
    assert len(_entries(cache.INDEX)) == 1
    monkeypatch.setenv("TEITOOLS_CACHE_MAX_MB", "0")  # every store prunes all but itself
    cache._disks.clear()
    info.letters[0].write_text(info.letters[0].read_text().replace("Yesterday", "Today"),
                               encoding="utf-8")
    validate_corpus(["tei"])
    folder = Path(os.environ["TEITOOLS_CACHE_DIR"])
    left = [p for p in folder.rglob("*") if p.is_file()]
    assert [p.parent.name for p in left] == [cache.INDEX], left


def test_an_index_locked_by_another_run_costs_a_miss_not_a_wait(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3
    import time

    info = make_corpus(tmp_path / "p", letters=3, folders=1, clean=True)
    monkeypatch.chdir(info.root)
    validate_corpus(["tei"])  # the index exists
    index = _index(info.root)
    path = index._path
    index.close()
    monkeypatch.setattr(cache, "LOCK_SECONDS", 0.2)
    monkeypatch.setattr(cache, "PUT_BATCH", 1)  # a transaction a record: each would wait
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run, writing
    try:
        start = time.perf_counter()
        result = validate_corpus(["tei"], use_cache=False)  # reads nothing, writes all
        assert time.perf_counter() - start < 5  # not LOCK_SECONDS for each of them for ever
        assert len(result.files) == 5 and all(f.valid() for f in result.files)
    finally:
        other.execute("ROLLBACK")
        other.close()
    again = _index(info.root)
    assert len(again) == 5  # the earlier records are still there, readable


def test_an_index_of_an_older_format_is_started_again(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    info = make_corpus(tmp_path / "p", letters=2, folders=1, clean=True)
    monkeypatch.chdir(info.root)
    index = _index(info.root)
    path = index._path
    index.close()
    old = sqlite3.connect(path, isolation_level=None)  # an earlier teitools' index
    old.execute("DROP TABLE records")
    old.execute("CREATE TABLE records (path TEXT PRIMARY KEY, key TEXT, record BLOB)")
    old.execute("PRAGMA user_version=1")
    old.close()
    assert validate_corpus(["tei"]).exit_code() == 0
    assert len(_index(info.root)) == 4  # its records written in the new format
    warm = validate_corpus(["tei"])
    assert all(f.valid() for f in warm.files) and len(_index(info.root)) == 4
