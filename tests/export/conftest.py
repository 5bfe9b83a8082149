"""Fixtures for the export tests: the article, its exports, small test documents.

Expectations are computed from the TEI with plain lxml/XPath, never from
teitools' own helpers and never hard-coded (the article is still proof-read).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from lxml import etree

from support import paths
from support.paths import ARTICLE as ARTICLE
from support.paths import NS as NS
from teitools.export import ExportResult, export_file

DATA = paths.DATA / "export"

# Names that are the editors' descriptions (standoff lists) or not the edited reading (sic).
IN_TEXT = (
    "not(ancestor::tei:listPerson or ancestor::tei:listPlace or ancestor::tei:listOrg"
    " or ancestor::tei:listBibl or ancestor::tei:sic or ancestor::tei:note)"
)


def xp(node: Any, path: str) -> list[Any]:
    result = node.xpath(path, namespaces=NS)
    assert isinstance(result, list)
    return result


@pytest.fixture(scope="session")
def tree() -> etree._ElementTree:
    return etree.parse(str(ARTICLE))


@pytest.fixture(scope="session")
def exported() -> ExportResult:
    return export_file(ARTICLE, ["all"])


@pytest.fixture(scope="session")
def entities(exported: ExportResult) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(exported.outputs["entities-json"])["entities"]
    return data


@pytest.fixture(scope="session")
def quotations(exported: ExportResult) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(exported.outputs["quotations-json"])["quotations"]
    return data


@pytest.fixture(scope="session")
def units(exported: ExportResult) -> list[dict[str, Any]]:
    return [json.loads(line) for line in exported.outputs["units-jsonl"].splitlines()]
