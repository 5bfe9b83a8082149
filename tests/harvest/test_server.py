"""A DTS client against ``build/`` served by a plain static web server (``http.server``).

The test starts Python's own file server on 127.0.0.1 (a free port), writes the
site with that address as its base URL, and then behaves like a client: it
knows only the entry point and expands the URI templates it is given.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from lxml import etree

from teitools.export.corpus import Corpus
from teitools.harvest.dts import DTS_NS
from teitools.harvest.publish import publish

from .uritemplate import expand


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("served")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    published = publish([Path(d.name) for d in corpus.all], root, base_url=base)
    assert [p.name for p in published.outputs] == ["dts", "oai.xml"]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()


def get(url: str) -> tuple[str, bytes]:
    with urlopen(url, timeout=10) as response:
        return response.headers.get_content_type(), response.read()


def get_json(url: str) -> dict[str, Any]:
    kind, body = get(url)
    assert kind == "application/json", url
    data: dict[str, Any] = json.loads(body)
    return data


def test_a_client_walks_the_api_from_the_entry_point(server: str, corpus: Corpus) -> None:
    entry = get_json(server + "dts/index.json")
    root = get_json(expand(entry["collection"]))
    assert root["totalChildren"] == len(corpus.all)
    documents = 0
    for member in root["member"]:
        resource = get_json(expand(member["collection"]))
        assert resource["@id"] == member["@id"]
        for tree in resource["citationTrees"]:
            name = tree.get("identifier")
            top = get_json(expand(resource["navigation"], tree=name, down=1))
            assert top["@id"] == expand(resource["navigation"], tree=name, down=1)
            for unit in top["member"][:3]:
                ref = get_json(expand(resource["navigation"], tree=name, ref=unit["identifier"]))
                assert ref["ref"]["identifier"] == unit["identifier"]
                kind, body = get(expand(resource["document"], tree=name, ref=unit["identifier"]))
                assert kind in ("application/xml", "text/xml")
                wrapper = etree.fromstring(body).find(f"{{{DTS_NS}}}wrapper")
                assert wrapper is not None
                documents += 1
        kind, body = get(expand(resource["document"]))
        assert etree.fromstring(body).tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert documents > 10


def test_the_entry_templates_expand_like_the_resource_ones(server: str) -> None:
    entry = get_json(server + "dts/index.json")
    url = expand(entry["navigation"], resource="letter-0001", ref="letter-0001-p1", down=0)
    assert get_json(url)["ref"]["identifier"] == "letter-0001-p1"
    assert get_json(expand(entry["collection"], id="letter-0001", nav="parents"))["member"]


def test_what_a_static_host_cannot_answer_is_a_404(server: str) -> None:
    entry = get_json(server + "dts/index.json")
    for url in (expand(entry["navigation"], resource="letter-0001"),  # 400 in DTS
                expand(entry["document"], resource="letter-0001", ref="no-such-unit"),
                expand(entry["collection"], id="no-such-document")):
        with pytest.raises(HTTPError) as err:
            get(url)
        assert err.value.code == 404


def test_the_oai_file_is_served_too(server: str) -> None:
    kind, body = get(server + "oai.xml")
    assert kind in ("application/xml", "text/xml")
    assert etree.fromstring(body).tag == "{http://www.openarchives.org/OAI/2.0/static-repository}Repository"
