"""The real ``pre-commit try-repo`` with this repository's tei-validate hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, REPO

NETWORK_TROUBLE = ("Could not find a version", "Failed to establish a new connection",
                   "Temporary failure in name resolution", "No matching distribution",
                   "ConnectTimeoutError", "Network is unreachable")


def _pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if exe.is_file():
        return str(exe)
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    return found


@pytest.mark.slow
def test_try_repo_valid_passes_invalid_fails(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    work = tmp_path / "project"
    (work / "tei").mkdir(parents=True)
    shutil.copytree(DATA / "schema", work / "schema")
    good = (DATA / "doc-mini.xml").read_text().replace('href="schema/', 'href="../schema/')
    (work / "tei" / "good doc.xml").write_text(good)
    (work / "tei" / "bad.xml").write_text(
        good.replace("<list><item>one</item></list>", "<list><p>one</p></list>"))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [_pre_commit(), "try-repo", str(REPO), "tei-validate", "--verbose", "--files",
             *files], cwd=work, env=env, capture_output=True, text=True, timeout=600)

    ok = try_repo("tei/good doc.xml")
    if ok.returncode != 0 and any(t in ok.stdout + ok.stderr for t in NETWORK_TROUBLE):
        pytest.skip("pre-commit could not install the hook (no package index reachable)")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "validate TEI (teitools)" in ok.stdout and "Passed" in ok.stdout

    bad = try_repo("tei/good doc.xml", "tei/bad.xml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert ("tei/bad.xml:8:13: error: <p> is not allowed in <list>; <list> allows: item "
            "[element-not-allowed]") in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


@pytest.mark.slow
def test_try_repo_all_files_in_a_fresh_project(tmp_path: Path) -> None:
    """A fresh project: schema/ holds .rng and .xsd, build/ holds exports (XML, not TEI).
    ``--all-files`` hands all of them to the hook, which checks the TEI documents only."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    work = tmp_path / "fresh"
    (work / "tei").mkdir(parents=True)
    (work / "schema").mkdir()
    shutil.copy(DATA / "schema" / "mini.rng", work / "schema" / "project.rng")
    (work / "schema" / "project.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n')
    (work / "build" / "export").mkdir(parents=True)
    (work / "build" / "export" / "doc.dc.xml").write_text(
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"/>\n')
    (work / "build" / "export" / "entities.json").write_text("[]\n")
    doc = (DATA / "doc-mini.xml").read_text().replace('href="schema/', 'href="../schema/')
    (work / "tei" / "doc.xml").write_text(doc.replace("mini.rng", "project.rng").replace(
        '<?xml-model href="../schema/mini.sch" type="application/xml" '
        'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n', ""))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=work, check=True, env=env)
    run = subprocess.run(
        [_pre_commit(), "try-repo", str(REPO), "tei-validate", "--verbose", "--all-files"],
        cwd=work, env=env, capture_output=True, text=True, timeout=600)
    if run.returncode != 0 and any(t in run.stdout + run.stderr for t in NETWORK_TROUBLE):
        pytest.skip("pre-commit could not install the hook (no package index reachable)")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
    assert "not a TEI document" not in run.stdout
    assert "1 valid, 0 invalid" in run.stdout and "3 skipped (not TEI)" in run.stdout, run.stdout
