"""Fixtures of the corpus tests: generated corpora, each in its own cache."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .generate import CorpusInfo, make_corpus


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
               request: pytest.FixtureRequest) -> None:
    if "corpus_cache" not in request.fixturenames:
        monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def corpus_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("corpus-cache")
    old = os.environ.get("TEITOOLS_CACHE_DIR")
    os.environ["TEITOOLS_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("TEITOOLS_CACHE_DIR", None)
    else:
        os.environ["TEITOOLS_CACHE_DIR"] = old


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory, corpus_cache: Path) -> CorpusInfo:
    """≥ 200 letters in three year folders, two registers, one broken file."""
    return make_corpus(tmp_path_factory.mktemp("letters"), letters=210)


class Links(HTMLParser):
    """Every href and every id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        for name in ("href", "src"):
            value = a.get(name)
            if value is None:
                continue
            if re.match(r"^[a-z]+:", value):
                self.external.append(value)
            elif tag != "link" or name == "href":
                self.hrefs.append(value)


def page_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(page: Path, cache: dict[Path, Links] | None = None) -> list[str]:
    """Relative links of ``page`` whose file or fragment does not exist."""
    cache = cache if cache is not None else {}
    links = cache.setdefault(page, page_links(page))
    bad = []
    for href in links.hrefs:
        parts = urlsplit(href)
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.is_file():
            bad.append(f"{href} (no file)")
            continue
        if parts.fragment:
            other = cache.setdefault(target, page_links(target))
            if unquote(parts.fragment) not in other.ids:
                bad.append(f"{href} (no #{parts.fragment})")
    return bad
