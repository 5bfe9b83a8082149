"""Shared fixtures for the checks on the hand-encoded article."""

from __future__ import annotations

import pytest
from lxml import etree

from support.paths import ARTICLE, SEED
from support.paths import NS as NS
from teitools.xmlio import parse


@pytest.fixture(scope="session")
def article() -> etree._ElementTree:
    return parse(ARTICLE)


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()
