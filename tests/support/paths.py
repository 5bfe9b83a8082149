"""Where things are: the repository, its data, and ``../shared`` beside it.

Defined once here; no test module computes the repository path itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: The repository root (the directory holding pyproject.toml).
REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
#: Test documents, by test package: ``DATA / "render"``, ``DATA / "odd" / "docs"``, …
DATA = TESTS / "data"
#: The hand-encoded article and the seed OCR it was encoded from.
ARTICLE = REPO / "tei" / "kotkin-1991-rustbelt.xml"
SEED = DATA / "seed" / "000_f335d02ba0cb1569.txt"
SCHEMA = REPO / "schema"
P5SUBSET = REPO / "src" / "teitools" / "data" / "p5subset.xml.gz"

#: ``../shared``: the TEI Consortium's sources, reference schemas and tools.  Tests that
#: need it skip (saying why) when it is absent.
SHARED = REPO.parent / "shared"
TEI_P5 = SHARED / "tei-p5"
EXEMPLARS = TEI_P5 / "exemplars"
REFERENCE = TEI_P5 / "reference"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: Prefixes for XPath over TEI documents.
NS = {"tei": TEI_NS, "xml": XML_NS}


def reference(name: str) -> Path:
    """A reference schema of ``../shared/tei-p5/reference`` (``tei_all.rng``), or skip."""
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"TEI reference schema {path} not available")
    return path
