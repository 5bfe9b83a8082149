"""``teitools init``: a project that works at once (schema build, validate, build, pre-commit)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.corpus.scaffold import exemplars, init_project, missing_elements, usable_bases

BIN = Path(sys.executable).parent


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **env}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=environ,
                          timeout=600)


def test_init_makes_a_project_that_validates_builds_and_passes_pre_commit(
        tmp_path: Path) -> None:
    root = tmp_path / "letters"
    result = CliRunner().invoke(main, ["init", str(root), "--base", "tei_lite"])
    assert result.exit_code == 0, result.output
    for rel in ("tei/sample.xml", "schema/letters.odd", "schema/base/tei_lite.odd",
                "schema/letters.rng", "schema/letters.sch", "schema/letters.xsd",
                "pyproject.toml", ".pre-commit-config.yaml", ".github/workflows/tei.yml",
                ".gitignore", "README.md"):
        assert (root / rel).is_file(), rel
    odd = (root / "schema" / "letters.odd").read_text(encoding="utf-8")
    assert 'source="base/tei_lite.odd"' in odd and "<model " in odd
    assert (root / "schema/base/tei_lite.odd").read_bytes() == \
        (Path(__file__).parents[2] / "src/teitools/data/exemplars/tei_lite.odd").read_bytes()
    assert "build/" in (root / ".gitignore").read_text()
    assert "teitools validate --format github" in \
        (root / ".github/workflows/tei.yml").read_text()

    teitools = str(BIN / "teitools")
    check = _run([teitools, "schema", "check"], root)
    assert check.returncode == 0, check.stdout + check.stderr
    rebuilt = _run([teitools, "schema", "build"], root)
    assert rebuilt.returncode == 0, rebuilt.stderr
    valid = _run([teitools, "validate"], root)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "1 valid" in valid.stdout
    built = _run([teitools, "build"], root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (root / "build" / "index.html").is_file()
    assert (root / "build" / "html" / "sample.html").is_file()

    # the customisation is in force: hi/@rend is a closed list
    sample = root / "tei" / "sample.xml"
    sample.write_text(sample.read_text().replace('rend="italic"', 'rend="underline"'),
                      encoding="utf-8")
    invalid = _run([teitools, "validate"], root)
    assert invalid.returncode == 1 and "tei/sample.xml:" in invalid.stdout

    # the real pre-commit, offline: local hooks on the teitools installed here
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed by pre-commit (apt-get install git, as .ci/run does)")
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org"}
    assert _run([git, "init", "-q"], root, **home).returncode == 0
    assert _run([git, "add", "-A"], root, **home).returncode == 0
    pre_commit = str(BIN / "pre-commit")
    failing = _run([pre_commit, "run", "--all-files"], root, **home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout and "tei/sample.xml:" in failing.stdout
    sample.write_text(sample.read_text().replace('rend="underline"', 'rend="italic"'),
                      encoding="utf-8")
    _run([git, "add", "-A"], root, **home)
    passing = _run([pre_commit, "run", "--all-files"], root, **home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "validate TEI (teitools)" in passing.stdout and "Passed" in passing.stdout


def test_init_never_overwrites_a_file(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "tei").mkdir(parents=True)
    (root / "README.md").write_text("mine\n")
    result = CliRunner().invoke(main, ["init", str(root), "--name", "p"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "README.md: exists already" in result.output
    assert (root / "README.md").read_text() == "mine\n"
    assert not (root / "tei" / "sample.xml").exists()  # nothing half-written


def test_init_rejects_an_unknown_base_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--base", "tei_nope"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "tei_nope" in result.output
    assert "tei_lite" in exemplars() and "tei_all" in exemplars()


# Every shipped exemplar init can chain on, cheaply: the ODD init writes is compiled in-process
# to RELAX NG, and teitools' validator (the grammar reduced to the document's elements, as
# `teitools validate` does) takes the sample and refuses a hi/@rend outside the customisation's
# closed list.  The whole round (schema build, validate, build, the real pre-commit) runs once,
# above, on tei_lite.
@pytest.mark.parametrize("base", usable_bases())
def test_init_chains_on_every_usable_exemplar(tmp_path: Path, base: str) -> None:
    from lxml import etree

    from teitools.odd.compile import compile_odd
    from teitools.odd.emit.relaxng import emit_rng
    from teitools.validate import SchemaOptions, ValidationOptions, validate_bytes

    root = tmp_path / "p"
    init_project(root, base=base, name="proj", derive=False)
    schema = compile_odd(root / "schema" / "proj.odd")
    assert "TEI" in schema.specs and "teiHeader" in schema.specs, base
    rng = root / "schema" / "proj.rng"
    rng.write_bytes(etree.tostring(emit_rng(schema)))
    options = ValidationOptions(SchemaOptions(rng=rng))
    sample = root / "tei" / "sample.xml"
    good = validate_bytes(sample.read_bytes(), "sample.xml", sample, options)
    assert good.valid(), [str(d) for d in good.diagnostics]
    bad = validate_bytes(sample.read_bytes().replace(b'rend="italic"', b'rend="underline"'),
                         "sample.xml", sample, options)
    assert not bad.valid() and any("underline" in d.message for d in bad.diagnostics), \
        [str(d) for d in bad.diagnostics]


def test_usable_exemplars_include_simple_print_not_the_ones_without_a_header() -> None:
    usable = usable_bases()
    assert {"tei_lite", "tei_all", "tei_simplePrint"} <= set(usable)
    # tei_tite has no teiHeader (start="text"), tei_bare/tei_minimal no hi, name, idno
    assert not {"tei_tite", "tei_bare", "tei_minimal"} & set(usable)
    assert "teiHeader" in missing_elements("tei_tite")
    assert "hi" in missing_elements("tei_bare")


def test_init_on_an_exemplar_it_cannot_use_says_why_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "p"), "--base", "tei_minimal"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "'tei_minimal': it has no author, hi" in result.output
    assert "tei_simplePrint" in result.output
    assert not (tmp_path / "p").exists()
