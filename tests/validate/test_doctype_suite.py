"""TEI's own test documents that open with a DOCTYPE (10 of 64) parse and validate, with
jing's verdict and jing's line numbers (jing reads the DTD, so it gets an empty one)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import SHARED, reference, run_cli

TEST_DOCUMENTS = SHARED / "tei-p5" / "test-documents"
DOCTYPED = sorted(p for p in TEST_DOCUMENTS.glob("*.xml")
                  if b"<!DOCTYPE" in p.read_bytes()[:2000]) if TEST_DOCUMENTS.is_dir() else []
_SYSTEM = re.compile(rb'<!DOCTYPE\s+\S+\s+SYSTEM\s+"([^"]+)"')
_LINE = re.compile(r":(\d+):(\d+): error:")
#: The corpus checks' diagnostics (pointers, ids): jing, checking the schema only, has none.
_CORPUS = re.compile(r"\[corpus-[\w-]+\]$")


def test_the_suite_is_complete() -> None:
    if not TEST_DOCUMENTS.is_dir():
        pytest.skip(f"{TEST_DOCUMENTS} not available")
    assert len(DOCTYPED) == 10, [p.name for p in DOCTYPED]


def _jing(doc: Path, schema: Path, tmp: Path) -> tuple[bool, set[int]] | None:
    """jing's verdict and error lines, on a copy whose DTD exists (and is empty)."""
    jing = shutil.which("jing")
    if jing is None:
        return None
    copy = tmp / "x" / "y" / doc.name
    copy.parent.mkdir(parents=True)
    data = doc.read_bytes()
    copy.write_bytes(data)
    m = _SYSTEM.search(data)
    if m is not None:
        dtd = copy.parent / m.group(1).decode()
        dtd.parent.mkdir(parents=True, exist_ok=True)
        dtd.write_text("")
    run = subprocess.run([jing, str(schema), str(copy)], capture_output=True, text=True,
                         timeout=300)
    lines = {int(m.group(1)) for m in _LINE.finditer(run.stdout)}
    return run.returncode == 0, lines


@pytest.mark.conformance
@pytest.mark.parametrize("doc", DOCTYPED, ids=[p.name for p in DOCTYPED])
def test_doctype_documents_validate_beside_jing(doc: Path, tmp_path: Path) -> None:
    schema = reference("tei_all.rng")
    run = run_cli("-v", "--rng", schema, doc, timeout=300)
    assert "Traceback" not in run.out + run.err
    assert run.code in (0, 1), (run.out, run.err)  # a verdict, never "cannot be checked"
    not_tei = "[not-tei]" in run.out  # TEI.2 (P4) and no-namespace roots: parsed, then refused
    if not not_tei:
        assert "DOCTYPE" in run.err and "ignored" in run.err and "was not read" in run.err
    assert "external DTD or entity" not in run.out
    lines = [int(m.group(1)) for line in run.out.splitlines() if not _CORPUS.search(line)
             for m in _LINE.finditer(line)]
    if run.code == 0:
        assert not lines
    jing = _jing(doc, schema, tmp_path)
    if jing is None:
        pytest.skip("jing is not installed (apt-get install jing, as .ci/run does)")
    valid, jing_lines = jing
    assert (run.code == 0) == valid, (run.out, jing_lines)
    # the DOCTYPE moved nothing: teitools reports on lines jing reports (or on the root's
    # line, when the root itself is wrong: jing names it on the line of its first child)
    assert not_tei or set(lines) <= jing_lines, (lines, jing_lines)


@pytest.mark.conformance
@pytest.mark.parametrize("doc", [p for p in DOCTYPED if p.name in ("testdrama.xml",
                                                                  "testcorpus.xml")],
                         ids=["testdrama.xml", "testcorpus.xml"])
def test_doctype_documents_against_the_shipped_tei_all(doc: Path) -> None:
    reference_run = run_cli("--rng", reference("tei_all.rng"), doc, timeout=300)
    shipped_run = run_cli("--rng", "tei_all", doc, timeout=300)
    assert shipped_run.code == reference_run.code, (shipped_run.out, reference_run.out)
