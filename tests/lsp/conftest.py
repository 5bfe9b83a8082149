"""A language server started as `teitools lsp` and a pytest-lsp client talking to it."""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from support import paths
from support.paths import ARTICLE as ARTICLE
from support.paths import REPO as REPO

ODD = paths.SCHEMA / "rustbelt.odd"
TEI_ALL = paths.REFERENCE / "tei_all.rng"
DATA = paths.DATA / "lsp"
#: The server gets a cache of its own (never the user's ~/.cache/teitools), removed at exit.
CACHE = os.environ.get("TEITOOLS_CACHE_DIR") or tempfile.mkdtemp(prefix="teitools-lsp-cache-")
if "TEITOOLS_CACHE_DIR" not in os.environ:
    atexit.register(shutil.rmtree, CACHE, ignore_errors=True)
Path(CACHE).mkdir(parents=True, exist_ok=True)  # a TEITOOLS_CACHE_DIR not created yet
#: The server's log (what tests of cancellation read), beside the cache.
LOG = Path(CACHE) / f"lsp-{os.getpid()}.log"
SERVER = [sys.executable, "-m", "teitools", "lsp", "--log", str(LOG)]
SERVER_ENV = {**os.environ, "TEITOOLS_CACHE_DIR": CACHE}


def position(text: str, offset: int) -> lsp.Position:
    """The LSP position (UTF-16 code units) of a string offset, computed independently."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return lsp.Position(line=line, character=len(text[start:offset].encode("utf-16-le")) // 2)


def offset_of(text: str, pos: lsp.Position) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: pos.line])
    units = 0
    i = start
    while units < pos.character:
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def at(text: str, needle: str, delta: int = 0, nth: int = 0) -> lsp.Position:
    """The position ``delta`` characters after the ``nth`` occurrence of ``needle``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return position(text, index + delta)


class Client(LanguageClient):
    """The test client, which also keeps every diagnostics notification with its version."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.initialized_with: lsp.InitializeResult | None = None
        #: What the client has sent of each open document: its text and version. Versions only
        #: grow (a document is never closed and opened again at a lower one), so a late answer
        #: for an earlier text can never be taken for the answer to a later one.
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}


def _record(client: Client, params: lsp.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def make_client() -> Client:
    client = Client()
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES,
                                   lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record})
    return client


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus project: a letter (tei_all), a register file and a draft."""
    if not TEI_ALL.is_file():
        pytest.skip(f"needs ../shared (TEI's reference schemas): {TEI_ALL} is missing")
    root = tmp_path_factory.mktemp("corpus")
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "corpus"\n\n[tool.teitools]\nrng = "{TEI_ALL}"\n', encoding="utf-8")
    for name in ("letter.xml", "registers.xml", "draft.xml"):
        text = (DATA / name).read_text(encoding="utf-8").replace("@TEI_ALL@", str(TEI_ALL))
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER,
                                                              server_env=SERVER_ENV,
                                                              client_factory=make_client))
async def client(lsp_client: Client, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    root: Path = request.getfixturevalue("project")
    params = lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[lsp.WorkspaceFolder(uri=REPO.as_uri(), name="teitools"),
                           lsp.WorkspaceFolder(uri=root.as_uri(), name="corpus")],
    )
    lsp_client.initialized_with = await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: Client, uri: str, version: int | None = None,
                          timeout: float = 60) -> list[lsp.Diagnostic]:
    """Wait for the diagnostics of ``uri`` (of ``version``, when given)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for params in reversed(client.published):
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no diagnostics for {uri} version {version}")
        await asyncio.sleep(0.02)


def pristine(client: Client, path: Path) -> tuple[str, str, int]:
    """Make the server hold ``path`` open with its text on disk, whatever earlier tests did
    to it (opened or not, edited or not): opened at version 1, or put back by a change at the
    next version, or left as it is. Returns its uri, text and current version, so that a test
    depends on no other test having run before it."""
    text = path.read_text(encoding="utf-8")
    uri = path.resolve().as_uri()
    if uri not in client.versions:
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="xml", version=1,
                                               text=text)))
        client.versions[uri] = 1
    elif client.texts[uri] != text:
        change_all(client, uri, text)
    client.texts[uri] = text
    return uri, text, client.versions[uri]


async def open_document(client: Client, path: Path, text: str | None = None
                        ) -> tuple[str, str, list[lsp.Diagnostic]]:
    """Open a file (or put it back to ``text``, by default its text on disk, when it is open
    already); returns its uri, text and the diagnostics of that version."""
    uri, disk, version = pristine(client, path)
    if text is not None and text != disk:
        version = change_all(client, uri, text)
    return uri, client.texts[uri], await diagnostics_for(client, uri, version)


def change_all(client: Client, uri: str, text: str) -> int:
    """Send the whole new text of an open document; returns its new version."""
    version = client.versions[uri] + 1
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
    client.texts[uri], client.versions[uri] = text, version
    return version


def replace(client: Client, uri: str, text: str, old: str, new: str, version: int) -> str:
    """Send an incremental edit replacing the first ``old`` with ``new``; returns the text.
    ``version`` must be the next one (the test counts from what `pristine` gave)."""
    assert version == client.versions[uri] + 1, (version, client.versions[uri])
    start = text.index(old)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=position(text, start), end=position(text, start + len(old))),
            text=new)]))
    text = text[:start] + new + text[start + len(old):]
    client.texts[uri], client.versions[uri] = text, version
    return text
