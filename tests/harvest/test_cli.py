"""``teitools dts`` and what ``teitools build`` publishes for harvesters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lxml import etree

from support.cli import invoke

from .conftest import REPO


def test_dts_writes_the_site_with_the_base_url(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "dts"
    result = invoke("dts", str(corpus_dir), "-o", str(out), "--base-url",
                                       "https://example.org/ed/dts")
    assert result.code == 0, result.output
    assert result.out.startswith("dts: 11 documents, ") and str(out) in result.out
    entry = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert entry["collection"] == "https://example.org/ed/dts/collection{/id,nav}.json"


def test_dts_reports_a_broken_file_and_writes_the_others(corpus_dir: Path,
                                                         tmp_path: Path) -> None:
    root = tmp_path / "tei"
    shutil.copytree(corpus_dir, root)
    (root / "bad.xml").write_text("<TEI", encoding="utf-8")
    result = invoke("dts", str(root), "-o", str(tmp_path / "dts"))
    assert result.code == 1
    assert "bad.xml:" in result.err and "not well-formed" in result.err
    assert (tmp_path / "dts" / "collection" / "letter-0001.json").is_file()


def test_dts_without_documents_is_a_one_line_error(tmp_path: Path) -> None:
    result = invoke("dts", str(tmp_path), "-o", str(tmp_path / "dts"))
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert not (tmp_path / "dts").exists()


def test_build_publishes_dts_and_oai(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    for sub in ("tei", "schema", "xslt"):  # xslt: the modules the ODD's model imports
        shutil.copytree(REPO / sub, root / sub)
    result = invoke("build", "--root", str(root))
    assert result.code == 0, result.output
    build = root / "build"
    assert f"wrote {build / 'dts'}" in result.output
    assert f"wrote {build / 'oai.xml'}" in result.output
    collection = json.loads((build / "dts" / "collection.json").read_text(encoding="utf-8"))
    assert [m["@id"] for m in collection["member"]] == ["kotkin-1991-rustbelt"]
    records = etree.parse(str(build / "oai.xml")).getroot()
    assert records.tag.endswith("}Repository")


def test_build_uses_the_configured_base_url(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    for sub in ("tei", "schema", "xslt"):  # xslt: the modules the ODD's model imports
        shutil.copytree(REPO / sub, root / sub)
    (root / "pyproject.toml").write_text(
        '[tool.teitools]\nbase-url = "https://you.github.io/edition"\n', encoding="utf-8")
    result = invoke("build", "--root", str(root))
    assert result.code == 0, result.output
    entry = json.loads((root / "build" / "dts" / "index.json").read_text(encoding="utf-8"))
    assert entry["@id"] == "https://you.github.io/edition/dts/index.json"
    oai = etree.parse(str(root / "build" / "oai.xml"))
    assert oai.findtext(".//{http://www.openarchives.org/OAI/2.0/}baseURL") == \
        "https://you.github.io/edition/oai.xml"
    (root / "pyproject.toml").write_text('[tool.teitools]\nbase-url = "edition"\n',
                                         encoding="utf-8")
    result = invoke("build", "--root", str(root))
    assert result.code == 2 and "base-url = 'edition'" in result.output
