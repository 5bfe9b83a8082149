"""`teitools schema build` / `schema check`: outputs, determinism, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import paths
from support.cli import invoke

FEATURES = paths.DATA / "odd" / "features"


def test_build_then_check(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    r = invoke("schema", "build", str(FEATURES / "modes.odd"), "--out", str(out))
    assert r.code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    # the schemas, and the processing model compiled to XSLT (issue 14)
    assert names == ["modes.html.xsl", "modes.rng", "modes.sch", "modes.text.xsl", "modes.xsd"]
    first = {n: (out / n).read_bytes() for n in names}
    r = invoke("schema", "build", str(FEATURES / "modes.odd"), "--out", str(out))
    assert {n: (out / n).read_bytes() for n in names} == first  # byte-identical rerun
    r = invoke("schema", "check", str(FEATURES / "modes.odd"), "--out", str(out))
    assert r.code == 0 and "up to date" in r.output
    (out / "modes.sch").write_bytes(first["modes.sch"] + b"\n")
    (out / "modes.xsd").unlink()
    r = invoke("schema", "check", str(FEATURES / "modes.odd"), "--out", str(out))
    assert r.code == 1
    assert "modes.sch: stale" in r.output and "modes.xsd: missing" in r.output


def test_default_odd_and_out_dir(tmp_path: Path, monkeypatch: object) -> None:
    (tmp_path / "schema").mkdir()
    shutil.copy(FEATURES / "ns.odd", tmp_path / "schema" / "ns.odd")
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = invoke("schema", "build")
        assert r.code == 0, r.output
        assert (tmp_path / "schema" / "ns.rng").is_file()
        assert invoke("schema", "check").code == 0
        (tmp_path / "schema" / "other.odd").write_text("<x/>")
        r = invoke("schema", "check")
        assert r.code == 2 and "several" in r.output
    finally:
        os.chdir(cwd)
