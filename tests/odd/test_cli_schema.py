"""`teitools schema build` / `schema check`: outputs, determinism, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from teitools.cli import main

FEATURES = Path(__file__).resolve().parents[1] / "data" / "odd" / "features"


def test_build_then_check(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    runner = CliRunner()
    r = runner.invoke(main, ["schema", "build", str(FEATURES / "modes.odd"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    # the schemas, and the processing model compiled to XSLT (issue 14)
    assert names == ["modes.html.xsl", "modes.rng", "modes.sch", "modes.text.xsl", "modes.xsd"]
    first = {n: (out / n).read_bytes() for n in names}
    r = runner.invoke(main, ["schema", "build", str(FEATURES / "modes.odd"), "--out", str(out)])
    assert {n: (out / n).read_bytes() for n in names} == first  # byte-identical rerun
    r = runner.invoke(main, ["schema", "check", str(FEATURES / "modes.odd"), "--out", str(out)])
    assert r.exit_code == 0 and "up to date" in r.output
    (out / "modes.sch").write_bytes(first["modes.sch"] + b"\n")
    (out / "modes.xsd").unlink()
    r = runner.invoke(main, ["schema", "check", str(FEATURES / "modes.odd"), "--out", str(out)])
    assert r.exit_code == 1
    assert "modes.sch: stale" in r.output and "modes.xsd: missing" in r.output


def test_default_odd_and_out_dir(tmp_path: Path, monkeypatch: object) -> None:
    (tmp_path / "schema").mkdir()
    shutil.copy(FEATURES / "ns.odd", tmp_path / "schema" / "ns.odd")
    runner = CliRunner()
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = runner.invoke(main, ["schema", "build"])
        assert r.exit_code == 0, r.output
        assert (tmp_path / "schema" / "ns.rng").is_file()
        assert runner.invoke(main, ["schema", "check"]).exit_code == 0
        (tmp_path / "schema" / "other.odd").write_text("<x/>")
        r = runner.invoke(main, ["schema", "check"])
        assert r.exit_code == 2 and "several" in r.output
    finally:
        os.chdir(cwd)
