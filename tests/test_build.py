"""``teitools build``: the main job on a copy of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.cli import invoke
from support.paths import REPO


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    for sub in ("tei", "schema", "xslt"):  # xslt: the modules the ODD's model imports
        shutil.copytree(REPO / sub, root / sub)
    return root


def test_build_writes_editions_and_summary(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = (root / "tei" / "kotkin-1991-rustbelt.xml").read_bytes()
    result = invoke("build", "--root", str(root))
    assert result.code == 0, result.output
    html = root / "build" / "html" / "kotkin-1991-rustbelt.html"
    text = root / "build" / "text" / "kotkin-1991-rustbelt.txt"
    assert html.read_text(encoding="utf-8").lower().startswith("<!doctype html>")
    assert "Perestroika in the Soviet Rustbelt" in text.read_text(encoding="utf-8")
    assert "build: 1 document, 0 invalid, 0 errors" in result.output
    assert (root / "tei" / "kotkin-1991-rustbelt.xml").read_bytes() == before


def test_invalid_document_exits_1_and_valid_ones_still_build(tmp_path: Path) -> None:
    root = _project(tmp_path)
    article = (root / "tei" / "kotkin-1991-rustbelt.xml").read_text(encoding="utf-8")
    broken = article.replace('<pb n="7"/>', '<pb n="70"/>', 1)
    assert broken != article
    (root / "tei" / "broken.xml").write_text(broken, encoding="utf-8")
    result = invoke("build", "--root", str(root))
    assert result.code == 1, result.output
    assert "broken.xml:" in result.output
    assert (root / "build" / "html" / "kotkin-1991-rustbelt.html").is_file()
    assert not (root / "build" / "html" / "broken.html").exists()


def test_no_tei_directory_is_a_one_line_error(tmp_path: Path) -> None:
    result = invoke("build", "--root", str(tmp_path))
    assert result.code == 2
    assert result.output.count("\n") == 1
    assert "no tei/ directory" in result.output


def test_empty_tei_directory(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    result = invoke("build", "--root", str(tmp_path))
    assert result.code == 2
    assert "no *.xml documents" in result.output
