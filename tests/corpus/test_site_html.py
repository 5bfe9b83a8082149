"""The site pages and a letter's edition pass the Nu HTML checker (errors only)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from teitools.build import run_build

from .generate import make_corpus

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / ".ci/node_modules/vnu-jar/build/dist/vnu.jar"))


def test_every_site_page_is_nu_valid(tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip(f"Nu HTML checker not installed (java + {VNU_JAR}; .ci/run installs it)")
    info = make_corpus(tmp_path / "p", letters=6, folders=2)
    run_build(info.root, Path("build"), jobs=1)
    site = info.root / "build"
    pages = [site / n for n in ("index.html", "persons.html", "places.html", "letters.html")]
    pages.append(site / "html" / "1870" / "letter-0001.html")
    assert all(p.is_file() for p in pages)
    proc = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", *map(str, pages)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr + proc.stdout
