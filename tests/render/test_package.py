"""The stylesheets ship inside the package: one copy, found from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from teitools.render import stylesheet_dir

from .conftest import REPO, SAMPLE


def test_one_copy_of_the_stylesheets() -> None:
    packaged = stylesheet_dir()
    assert (packaged / "html" / "pm.xsl").is_file() and (packaged / "text" / "pm.xsl").is_file()
    # the article's modules, which schema/rustbelt.odd's compiled model imports
    assert (packaged / "rustbelt-html.xsl").is_file() and (packaged / "rustbelt-text.xsl").is_file()
    # xslt/ at the repository root is the packaged directory itself, not a copy
    assert (REPO / "xslt").resolve() == packaged.resolve()
    modules = {p.relative_to(packaged).as_posix() for p in packaged.rglob("*.xsl")}
    assert {"common/header.xsl", "common/names.xsl", "common/pages.xsl",
            "common/corrections.xsl", "common/quotations.xsl"} <= modules


def test_every_param_is_typed_and_documented() -> None:
    for path in stylesheet_dir().rglob("*.xsl"):
        text = path.read_text(encoding="utf-8")
        for chunk in text.split("<xsl:param ")[1:]:
            head = chunk.split(">", 1)[0]
            if "tunnel=" in head:
                continue
            assert ' as="' in head, f"{path.name}: untyped param {head}"
        # a global param is preceded by a comment naming it
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("<xsl:param ") and line.startswith("  <xsl:param"):
                name = stripped.split('name="', 1)[1].split('"', 1)[0]
                assert f"Param {name}:" in text, f"{path.name}: param {name} undocumented"


@pytest.mark.slow
def test_wheel_works_outside_the_repository(tmp_path: Path) -> None:
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                            str(tmp_path / "dist"), str(REPO)], capture_output=True, text=True,
                           timeout=300)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip().splitlines()[-1:]}")
    wheel = next((tmp_path / "dist").glob("teitools-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "teitools/data/xslt/html/pm.xsl" in names
    assert "teitools/data/xslt/rustbelt-html.xsl" in names
    assert "teitools/data/xslt/common/names.xsl" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    out = tmp_path / "out.html"
    code = ("import teitools.render as r, sys; "
            "assert str(r.stylesheet_dir()).startswith(sys.argv[1]); "
            "r.render_html(sys.argv[2], sys.argv[3])")
    run = subprocess.run([sys.executable, "-c", code, str(target), str(SAMPLE), str(out)],
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE HTML>")
