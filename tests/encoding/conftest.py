"""Shared fixtures for the checks on the hand-encoded article."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from teitools.xmlio import parse

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "tei" / "kotkin-1991-rustbelt.xml"
SEED = REPO / "tests" / "data" / "seed" / "000_f335d02ba0cb1569.txt"
NS = {"tei": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}


@pytest.fixture(scope="session")
def article() -> etree._ElementTree:
    return parse(ARTICLE)


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()
