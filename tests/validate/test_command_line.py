"""The command line of issue 13 §3: the command line beats <?xml-model?>, --stdin-filename,
-j 0, the pre-commit hook's mode (--skip-non-tei)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DATA, run_cli

MINI = DATA / "schema" / "mini.rng"
TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
RNG_NS = "http://relaxng.org/ns/structure/1.0"


def _doc(body: str = "<p>x</p>", href: str | None = None) -> bytes:
    pi = f'<?xml-model href="{href}" schematypens="{RNG_NS}"?>\n' if href else ""
    return f"{pi}<TEI {TEI}><text><body>{body}</body></text></TEI>\n".encode()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "tei").mkdir(parents=True)
    shutil.copytree(DATA / "schema", root / "elsewhere")
    (root / "pyproject.toml").write_text('[tool.teitools]\nrng = "elsewhere/mini.rng"\n')
    return root


# --------------------------------------------------------------------------- --stdin-filename

@pytest.mark.parametrize(("href", "stdin_name", "code", "fragment"), [
    ("../elsewhere/mini.rng", "tei/unsaved.xml", 0, "named by the document's <?xml-model?>"),
    ("../elsewhere/mini.rng", None, 2, "points to a missing file"),
    (None, "tei/unsaved.xml", 0, "[tool.teitools] in"),  # the nearest pyproject.toml
    (None, "tei/deeper/still/unsaved.xml", 0, "[tool.teitools] in"),
], ids=["relative-pi", "relative-pi-without-name", "pyproject", "pyproject-from-subdir"])
def test_stdin_resolved_as_if_at_path(project: Path, tmp_path: Path, href: str | None,
                                      stdin_name: str | None, code: int, fragment: str) -> None:
    args = ["-v", "-"] + (["--stdin-filename", str(project / stdin_name)] if stdin_name else [])
    # run from elsewhere: only --stdin-filename can lead to the project
    run = run_cli(*args, stdin=_doc(href=href), cwd=tmp_path)
    assert run.code == code, (run.out, run.err)
    assert fragment in run.out + run.err
    if stdin_name is not None:
        assert run.err.startswith(str(project / stdin_name)), run.err  # reports name PATH


def test_stdin_filename_names_diagnostics(project: Path) -> None:
    name = project / "tei" / "unsaved.xml"
    run = run_cli("-", "--stdin-filename", name, stdin=_doc("<q/>"), cwd=project)
    assert run.code == 1
    assert run.lines[0].startswith(f"{name}:1:"), run.lines


# --------------------------------------------------------------------------- the command line wins

@pytest.mark.parametrize(("option", "schema", "code"), [
    ("--rng", "ANY", 0),                   # the command-line grammar accepts <q>
    ("--rng", MINI, 1),                    # the same grammar as the PI: still used, invalid
    ("--xsd", None, 1),                    # --xsd alone adds to the PI's schemas
], ids=["rng-beats-pi", "rng-same", "xsd-adds"])
def test_command_line_beats_xml_model(tmp_path: Path, option: str, schema: Path | str | None,
                                      code: int) -> None:
    shutil.copytree(DATA / "schema", tmp_path / "schema")
    doc = tmp_path / "d.xml"
    doc.write_bytes(_doc("<q/>", href="schema/mini.rng"))
    if schema is None:
        xsd = tmp_path / "any.xsd"
        xsd.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                       'targetNamespace="http://www.tei-c.org/ns/1.0"><xs:element name="TEI">'
                       '<xs:complexType><xs:sequence><xs:any processContents="skip"/>'
                       "</xs:sequence></xs:complexType></xs:element></xs:schema>")
        schema = xsd
    elif schema == "ANY":
        schema = tmp_path / "any.rng"
        schema.write_text(f'<grammar xmlns="{RNG_NS}"><start><ref name="any"/></start>'
                          '<define name="any"><element><anyName/><zeroOrMore><choice>'
                          '<attribute><anyName/></attribute><text/><ref name="any"/></choice>'
                          "</zeroOrMore></element></define></grammar>")
    run = run_cli("-v", option, schema, doc)
    assert run.code == code, (run.out, run.err)
    overridden = "the document's <?xml-model?> ('schema/mini.rng') overridden by --rng/--sch"
    assert (overridden in run.err) == (option != "--xsd"), run.err


# --------------------------------------------------------------------------- -j 0

@pytest.mark.parametrize("jobs", ["0", "1", "2"])
def test_jobs_zero_means_all_cores(tmp_path: Path, jobs: str) -> None:
    for i in range(10):  # enough files to go parallel
        (tmp_path / f"d{i}.xml").write_bytes(_doc())
    run = run_cli("-j", jobs, "--rng", MINI, tmp_path, timeout=120)
    assert run.code == 0, (run.out, run.err)
    assert run.lines[-1].startswith("10 files, 10 valid"), run.lines


def test_negative_jobs_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("-j", "-1", "--rng", MINI, tmp_path)
    assert run.code == 2


# --------------------------------------------------------------------------- hook mode

NOT_TEI = {
    "schema/project.rng": (DATA / "schema" / "mini.rng").read_bytes(),
    "schema/project.xsd": b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
    "build/export/doc.dc.xml": b'<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/'
                               b'2.0/oai_dc/"/>',
    "notes.xml": b"<notes/>",
}


@pytest.mark.parametrize("skip", [True, False], ids=["hook-mode", "default"])
def test_non_tei_xml_is_skipped_in_hook_mode(tmp_path: Path, skip: bool) -> None:
    for rel, data in NOT_TEI.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "tei").mkdir()
    (tmp_path / "tei" / "good.xml").write_bytes(_doc())
    (tmp_path / "tei" / "bad.xml").write_bytes(_doc("<q/>"))
    files = sorted(str(p) for p in tmp_path.rglob("*") if p.is_file())  # as pre-commit does
    run = run_cli(*(["--skip-non-tei"] if skip else []), "--rng", MINI, *files)
    assert run.code == 1, run.out  # bad.xml is invalid either way
    not_tei = [ln for ln in run.lines if "not a TEI document" in ln]
    if skip:
        assert not not_tei, run.out
        assert run.lines[-1].startswith("6 files, 1 valid, 1 invalid"), run.lines[-1]
        assert f"{len(NOT_TEI)} skipped (not TEI)" in run.lines[-1], run.lines[-1]
    else:
        assert len(not_tei) == len(NOT_TEI), run.out


def test_hook_mode_still_reports_broken_xml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<notes>")
    run = run_cli("--skip-non-tei", "--rng", MINI, broken)
    assert run.code == 1 and "not well-formed" in run.lines[0]
