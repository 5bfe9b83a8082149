"""The run store: a validate run's documents on disk, read back in order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from teitools.corpus import store as store_module
from teitools.corpus.extract import DocumentData
from teitools.corpus.run import validate_corpus
from teitools.corpus.store import RunStore, StoredFiles
from teitools.corpus.work import CheckResult, PackedCheck
from teitools.diagnostics import Diagnostic, Severity
from teitools.validate import FileResult

from .generate import make_corpus


def _result(name: str, kind: str = "letter", errors: int = 0) -> CheckResult:
    diags = [Diagnostic(name, n + 1, 1, Severity.ERROR, f"error {n}", "r", "relaxng")
             for n in range(errors)]
    return CheckResult(FileResult(name, diags), DocumentData(kind=kind, ids={
        f"{name}-p": ("p", 3)}))


@pytest.fixture
def filled(monkeypatch: pytest.MonkeyPatch) -> RunStore:
    monkeypatch.setattr(store_module, "_BATCH", 3)  # several batches for seven documents
    st = RunStore()
    kinds = ["register", "letter", "letter", "register", "letter", "letter", "letter"]
    for i in reversed(range(7)):  # added out of order, as a cache hit may come first
        packed = PackedCheck.pack(_result(f"d{i}", kinds[i], errors=i % 2))
        assert packed.kind == kinds[i]
        st.add(i, f"d{i}", Path(f"d{i}.xml"), f"/k/d{i}.xml", f"d{i}.xml", f"key{i}",
               i % 3 == 0, packed)
    st.ready()
    return st


def test_rows_come_back_in_order_and_by_kind(filled: RunStore) -> None:
    assert [r.name for r in filled.rows()] == [f"d{i}" for i in range(7)]
    assert [r.ord for r in filled.rows("register")] == [0, 3]
    row = next(iter(filled.rows()))
    assert row.cached and row.key == "key0" and row.path == Path("d0.xml")
    data = row.packed.document_data()
    assert data is not None and data.ids == {"d0-p": ("p", 3)}
    assert row.packed.kind_and_ids() == ("register", {"d0-p": ("p", 3)})


def test_find_by_path_key(filled: RunStore) -> None:
    hit = filled.find("/k/d4.xml")
    assert hit is not None and hit[0] == "d4"
    assert hit[1].kind_and_ids() == ("letter", {"d4-p": ("p", 3)})
    assert filled.find("/k/nope.xml") is None


def test_corpus_diagnostics_are_added_to_a_documents_own(filled: RunStore) -> None:
    extra = [Diagnostic("d1", 9, None, Severity.ERROR, "dangling", "corpus-pointer", "corpus")]
    filled.add_diagnostics(1, extra)
    filled.add_diagnostics(1, extra)
    filled.add_diagnostics(2, [])
    files = dict(filled.files())
    assert [d.message for d in files[1].diagnostics] == ["error 0", "dangling", "dangling"]
    assert files[2].diagnostics == [] and files[0].diagnostics == []
    assert [d.message for d in filled.file(1).diagnostics] == ["error 0", "dangling",
                                                               "dangling"]


def test_stored_files_interleave_the_unreadable_paths(filled: RunStore) -> None:
    problem = FileResult.unreadable("missing.xml", "no such file")
    slots = [0, 1, -1, 2, 3, 4, 5, 6]
    files = StoredFiles(filled, slots, {2: problem})
    names = ["d0", "d1", "missing.xml", "d2", "d3", "d4", "d5", "d6"]
    assert len(files) == 8
    assert [f.name for f in files] == names  # iterated: one query a batch
    assert [files[i].name for i in range(8)] == names  # indexed
    assert files[-1].name == "d6" and [f.name for f in files[1:3]] == ["d1", "missing.xml"]
    with pytest.raises(IndexError):
        files[8]


def test_the_seen_map_keeps_the_first_value(filled: RunStore) -> None:
    seen = filled.seen()
    assert seen.setdefault("id:a", ("d1", 4)) == ("d1", 4)
    assert seen.setdefault("id:a", ("d5", 7)) == ("d1", 4)
    assert seen.get("id:b") is None


def test_validate_reports_a_missing_path_among_the_stored(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    info = make_corpus(tmp_path / "p", letters=3, folders=1, clean=True)
    monkeypatch.chdir(info.root)
    result = validate_corpus(["tei/persons.xml", "tei/none.xml", "tei/1870"])
    names = [f.name for f in result.files]
    assert names[:2] == ["tei/persons.xml", "tei/none.xml"] and len(names) == 5
    assert sorted(names[2:]) == sorted(f"tei/1870/{n}"
                                       for n in os.listdir(info.root / "tei" / "1870"))
    assert result.files[1].failed and not result.files[0].failed
    assert all(f.valid() for f in result.files[2:])
    assert result.exit_code() == 2


def test_no_room_for_the_store_is_one_line_and_exit_2(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from teitools.cli import main

    info = make_corpus(tmp_path / "p", letters=2, folders=1, clean=True)
    monkeypatch.chdir(info.root)

    def full(*_args: object, **_kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.tempfile, "mkdtemp", full)
    run = CliRunner().invoke(main, ["validate", "tei"])
    assert run.exit_code == 2, run.output
    lines = [line for line in run.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "No space left on device" in lines[0] and "TMPDIR" in lines[0]
    assert "Traceback" not in run.output


def test_validates_stored_checks_agree_with_builds_in_memory_ones(tmp_path: Path) -> None:
    from teitools.corpus.config import load_config
    from teitools.corpus.run import check_corpus
    from teitools.corpus.runners import LocalRunner
    from teitools.validate import ValidationOptions

    info = make_corpus(tmp_path / "p", letters=12, folders=2)  # broken file, dangling, unused
    tei = info.root / "tei"
    # a register file the settings do not name, pointed into by path: o1 used, o2 not
    (tei / "orgs.xml").write_text(
        (tei / "persons.xml").read_text(encoding="utf-8").split("<text>")[0]
        .replace('xml:id="persons"', 'xml:id="orgs"').replace(">persons<", ">orgs<")
        + '<text><body><listOrg><org xml:id="o1"><orgName>Union</orgName></org>'
        '<org xml:id="o2"><orgName>Guild</orgName></org></listOrg></body></text>\n</TEI>\n',
        encoding="utf-8")
    letter = info.letters[3]
    letter.write_text(letter.read_text(encoding="utf-8").replace(
        "</body>", '<p><orgName ref="../orgs.xml#o1">the union</orgName></p></body>', 1),
        encoding="utf-8")
    dup = info.letters[5]  # a second document with letter 4's id
    dup.write_text(dup.read_text(encoding="utf-8").replace(
        f'xml:id="{info.letters[5].stem}"', f'xml:id="{info.letters[4].stem}"', 1),
        encoding="utf-8")
    files = [(p.relative_to(info.root).as_posix(), p, p.relative_to(tei).as_posix())
             for p in sorted(tei.rglob("*.xml"))]
    seen: dict[bool, list[str]] = {}
    for stored in (True, False):
        runner = LocalRunner(1)
        try:
            checked = check_corpus(files, ValidationOptions(), load_config(info.root), runner,
                                   use_cache=False, stored=stored)
        finally:
            runner.close()
        results = ([f for _, f in checked.store.files()] if stored
                   else [s.check.file for s in checked.states])
        seen[stored] = [str(d) for f in results for d in f.diagnostics if d.phase == "corpus"]
    corpus = seen[True]
    assert corpus == seen[False]
    assert any("'o2'" in d and "corpus-unused-entry" in d for d in corpus), corpus
    assert not any("'o1'" in d for d in corpus), corpus
    assert any("corpus-duplicate-id" in d for d in corpus), corpus
    assert any("corpus-pointer]" in d for d in corpus), corpus
