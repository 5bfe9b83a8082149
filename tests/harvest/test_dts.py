"""Static DTS 1.0: every file against the specification's required members and its context.

The required members are the specification's tables (checked against
``../shared/dts-1.0/specification.md`` where it is present); every key must be
a term of the JSON-LD context (a copy of ``context/v1.0.json``); every
``CitableUnit`` of every navigation response must resolve, through the
``document`` URI template, to a document response holding it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from teitools.export.corpus import Corpus, load_corpus
from teitools.harvest.dts import CONTEXT, DTS_NS, write_dts

from .conftest import CONTEXT as CONTEXT_FILE
from .conftest import SHARED_TESTS, SPEC, needs_shared
from .uritemplate import expand

BASE = "https://example.org/edition/dts/"
TEI = "http://www.tei-c.org/ns/1.0"

# The specification's "Required: Y" members, by object type (top-level objects add dtsVersion).
REQUIRED: dict[str, set[str]] = {
    "EntryPoint": {"@id", "@type", "dtsVersion", "collection", "navigation", "document"},
    "Collection": {"@id", "@type", "title", "totalParents", "totalChildren", "collection"},
    "Resource": {"@id", "@type", "title", "totalParents", "collection", "navigation",
                 "document"},
    "Navigation": {"@id", "@type", "dtsVersion", "resource"},
    "CitableUnit": {"identifier", "@type", "level", "parent"},
    "CitationTree": {"@type"},
    "CiteStructure": {"citeType"},
}
# A Resource inside a Navigation response also needs its citation trees.
NAVIGATION_RESOURCE = {"@id", "@type", "collection", "navigation", "document", "citationTrees"}


def test_expander_follows_rfc_6570() -> None:
    assert expand("{/var,x}", var="value", x=1024) == "/value/1024"
    assert expand("{;x,y}", x=1024, y=768) == ";x=1024;y=768"
    assert expand("{?var,x,null}", var="value", x=1024) == "?var=value&x=1024"
    assert expand("X{/undef}Y") == "XY"


@pytest.fixture(scope="module")
def site(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "dts"
    result = write_dts(corpus.all, out, base_url=BASE, title="Test corpus")
    assert result.resources == len(corpus.all) and result.files > 100
    return out


def local(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    from urllib.parse import unquote

    return site / unquote(url[len(BASE):])


def json_files(site: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(site.rglob("*.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def terms() -> set[str]:
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    return set(context)


def objects(data: Any, kind: str = "top") -> Iterator[tuple[str, dict[str, Any]]]:
    """(role, object) of every JSON object, dublinCore/extensions contents not descended."""
    if isinstance(data, dict):
        yield kind, data
        for key, value in data.items():
            if key in ("dublinCore", "extensions"):
                continue
            if isinstance(value, dict):
                yield from objects(value, key)
            elif isinstance(value, list):
                for item in value:
                    yield from objects(item, key)


def test_every_file_has_the_required_members_and_only_context_terms(site: Path) -> None:
    assert check_members(site) > 100


def check_members(site: Path) -> int:
    known = terms() | {"@context", "@id", "@type"}
    seen_types: set[str] = set()
    count = 0
    for path, data in json_files(site):
        count += 1
        assert data["@context"] == CONTEXT, path
        assert data["dtsVersion"] == "1.0", path
        for role, obj in objects(data):
            unknown = set(obj) - known
            assert not unknown, (path, role, unknown)
            kind = obj.get("@type") or ("CiteStructure" if "citeType" in obj and
                                        "identifier" not in obj else None)
            assert kind in REQUIRED, (path, role, obj)
            seen_types.add(kind)
            missing = REQUIRED[kind] - set(obj)
            assert not missing, (path, role, missing)
            if kind == "Collection":
                assert obj["totalChildren"] >= 0
            if kind == "Resource" and role == "resource":
                assert not NAVIGATION_RESOURCE - set(obj), path
            if kind == "CitationTree":
                for structure in obj.get("citeStructure", []):
                    assert structure["@type"] == "CiteStructure"
            for key in ("dublinCore", "extensions"):
                if key in obj:
                    check_metadata_object(obj[key], path, key)
    assert seen_types == set(REQUIRED), seen_types
    return count


def check_metadata_object(value: Any, path: Path, key: str) -> None:
    """MetadataObject: literals, URIs, arrays of {lang, value} or of URIs (the spec)."""
    assert isinstance(value, dict), path
    if key == "extensions":
        assert isinstance(value.get("@context"), dict), (path, "extensions needs a @context")
    for name, item in value.items():
        if name == "@context":
            continue
        if isinstance(item, list):
            for element in item:
                assert isinstance(element, str) or (
                    isinstance(element, dict) and set(element) == {"lang", "value"}), (
                    path, name, element)
        else:
            assert isinstance(item, (str, int, float)), (path, name, item)


@needs_shared(SPEC)
def test_required_members_are_the_specifications() -> None:
    """Each table of the specification, rows with Required = Y, equals REQUIRED above."""
    spec = SPEC.read_text(encoding="utf-8")

    def required_in(section: str) -> set[str]:
        lines = spec[spec.index(section):].splitlines()
        header = next(i for i, line in enumerate(lines) if line.startswith("| Name"))
        found = set()
        for row in lines[header + 2:]:
            if not row.startswith("|"):
                break
            cells = [c.strip() for c in row.strip("|").split("|")]
            if cells[2].upper().startswith("Y") and "(if" not in cells[2]:
                found.add(cells[0].strip("`"))
        return found

    assert required_in("### Scheme for Entry Endpoint Responses") == REQUIRED["EntryPoint"]
    collection = required_in("### Scheme for Collection API Responses")
    assert collection - {"dtsVersion"} <= REQUIRED["Collection"] | REQUIRED["Resource"]
    assert required_in("#### `Navigation` Object") == REQUIRED["Navigation"]
    assert required_in("#### CitableUnit") == REQUIRED["CitableUnit"]
    assert required_in("#### CitationTree") == REQUIRED["CitationTree"]
    assert required_in("#### CiteStructure") == REQUIRED["CiteStructure"]
    resource = required_in("#### Resource\n")
    assert resource == NAVIGATION_RESOURCE


def test_the_context_copy_is_the_specifications() -> None:
    shared = SPEC.parent / "context-v1.0.json"
    if shared.exists():
        assert shared.read_bytes() == CONTEXT_FILE.read_bytes()
    assert "CitableUnit" in terms()


def test_entry_collection_and_resources(site: Path, corpus: Corpus) -> None:
    entry = json.loads((site / "index.json").read_text(encoding="utf-8"))
    assert entry["@type"] == "EntryPoint" and entry["@id"] == BASE + "index.json"
    root = json.loads(local(site, expand(entry["collection"])).read_text(encoding="utf-8"))
    assert root["totalChildren"] == len(root["member"]) == len(corpus.all)
    ids = [m["@id"] for m in root["member"]]
    assert ids == [d.local_id for d in corpus.all]
    by_id = {m["@id"]: m for m in root["member"]}
    letter = by_id["letter-0002"]
    assert letter["title"] == "Marie Probe an Emil Konzept, 1870-01-03"
    assert letter["dublinCore"]["creator"] == ["Marie Probe"]
    assert letter["dublinCore"]["contributor"][0] == "Emil Konzept"
    assert letter["dublinCore"]["date"] == ["1870-01-03"]
    assert letter["extensions"]["additionalType"] == "Message"
    assert by_id["testdrama"]["extensions"]["additionalType"] == "Play"
    assert by_id["kotkin-1991-rustbelt"]["extensions"]["additionalType"] == "ScholarlyArticle"
    # the collection endpoint of each resource, with nav=parents
    for member in root["member"]:
        single = json.loads(local(site, expand(member["collection"])).read_text("utf-8"))
        assert single["@id"] == member["@id"] and single["@type"] == "Resource"
        parents = json.loads(local(site, expand(member["collection"], nav="parents"))
                             .read_text("utf-8"))
        assert [p["@id"] for p in parents["member"]] == [root["@id"]]


def test_letter_citation_tree_has_its_natural_parts(site: Path) -> None:
    entry = json.loads((site / "index.json").read_text(encoding="utf-8"))
    url = expand(entry["navigation"], resource="letter-0003", down=-1)
    nav = json.loads(local(site, url).read_text(encoding="utf-8"))
    units = [(u["identifier"], u["citeType"], u["level"], u["parent"]) for u in nav["member"]]
    assert units == [
        ("letter-0003-letter", "letter", 1, None),
        ("letter-0003-letter.opener1", "opener", 2, "letter-0003-letter"),
        ("letter-0003-p1", "paragraph", 2, "letter-0003-letter"),
        ("letter-0003-p2", "paragraph", 2, "letter-0003-letter"),
        ("letter-0003-p3", "paragraph", 2, "letter-0003-letter"),
        ("letter-0003-letter.closer1", "closer", 2, "letter-0003-letter"),
        ("letter-0003-letter.postscript1", "postscript", 2, "letter-0003-letter"),
    ]
    pages = json.loads(local(site, expand(entry["navigation"], resource="letter-0003",
                                          tree="pages", down=1)).read_text("utf-8"))
    assert [u["identifier"] for u in pages["member"]] == ["1", "2"]
    page2 = etree.parse(str(local(site, expand(entry["document"], resource="letter-0003",
                                               tree="pages", ref="2"))))
    text = " ".join("".join(page2.getroot().itertext()).split())
    assert text.startswith("Dies ist Brief Nummer 3.") and "Lieber" not in text


def test_play_citation_tree_acts_scenes_speeches(site: Path) -> None:
    nav = json.loads((site / "navigation" / "testdrama;down=-1.json").read_text("utf-8"))
    types = [u["citeType"] for u in nav["member"]]
    assert types[0] == "cast list" and "act" in types and "scene" in types
    speeches = [u for u in nav["member"] if u["citeType"] == "speech"]
    assert len(speeches) > 40 and all(u["level"] == 3 for u in speeches)
    assert speeches[0]["dublinCore"]["title"] == [{"lang": "en", "value": "Bernardo"}]


def navigation_responses(site: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path, data in json_files(site):
        if data["@type"] == "Navigation":
            yield path, data


def test_every_reference_resolves_to_a_document_response(site: Path) -> None:
    assert check_references(site) > 1000


def check_references(site: Path) -> int:
    checked = 0
    cache: dict[Path, etree._ElementTree] = {}
    for path, nav in navigation_responses(site):
        tree = re.search(r";tree=([^;/]+)", path.name + str(path.parent.name))
        tree_id = tree.group(1) if tree else None
        template = nav["resource"]["document"]
        units = [*nav.get("member", []), *([nav["ref"]] if "ref" in nav else [])]
        for unit in units:
            target = local(site, expand(template, ref=unit["identifier"], tree=tree_id))
            if target not in cache:
                assert target.is_file(), (path, unit["identifier"], target)
                cache[target] = etree.parse(str(target))
            root = cache[target].getroot()
            assert root.tag == f"{{{TEI}}}TEI"
            wrapper = root.find(f"{{{DTS_NS}}}wrapper")
            assert wrapper is not None and (len(wrapper) or (wrapper.text or "").strip())
            checked += 1
        full = local(site, expand(template))  # the whole document, too
        if full not in cache:
            cache[full] = etree.parse(str(full))
            assert cache[full].getroot().tag == f"{{{TEI}}}TEI"
    return checked


@pytest.mark.slow  # ~40,000 files: seconds on an idle machine, a minute on a busy one
@needs_shared(SHARED_TESTS)
def test_all_of_teis_test_documents_give_valid_dts(tmp_path: Path) -> None:
    corpus = load_corpus([SHARED_TESTS])
    # the files that are not TEI documents (<TEI.2>, <teiCorpus>, fragments) are reported
    assert corpus.failed == len(corpus.diagnostics) and corpus.failed < 20
    assert len(corpus.all) > 40
    write_dts(corpus.all, tmp_path / "dts", base_url=BASE)
    assert check_members(tmp_path / "dts") > 500
    assert check_references(tmp_path / "dts") > 1000


def test_members_are_in_document_order_with_consistent_parents(site: Path) -> None:
    for path, nav in navigation_responses(site):
        members = nav.get("member", [])
        seen: dict[str, int] = {}
        for unit in members:
            parent = unit["parent"]
            if parent is not None and parent in seen:
                assert unit["level"] == seen[parent] + 1, (path, unit)
            seen[unit["identifier"]] = unit["level"]
        if "down=-1" in path.name and "ref" not in nav:
            # pre-order: a unit's parent always comes before it
            order = [u["identifier"] for u in members]
            for i, unit in enumerate(members):
                if unit["parent"] is not None:
                    assert order.index(unit["parent"]) < i, (path, unit)


def test_down_zero_gives_the_siblings_and_down_n_the_subtree(site: Path) -> None:
    nav_dir = site / "navigation"
    zero = json.loads((nav_dir / "letter-0001;down=0" / "letter-0001-p2.json")
                      .read_text("utf-8"))
    assert zero["ref"]["identifier"] == "letter-0001-p2"
    assert len(zero["member"]) == 6 and all(u["parent"] == "letter-0001-letter"
                                            for u in zero["member"])
    one = json.loads((nav_dir / "letter-0001;down=1" / "letter-0001-letter.json")
                     .read_text("utf-8"))
    assert one["member"][0]["identifier"] == "letter-0001-letter"
    assert len(one["member"]) == 7
    alone = json.loads((nav_dir / "letter-0001" / "letter-0001-p2.json").read_text("utf-8"))
    assert "member" not in alone and alone["ref"]["level"] == 2


def test_document_of_a_unit_is_the_unit(site: Path) -> None:
    doc = etree.parse(str(site / "document" / "letter-0001" / "letter-0001-p1.xml"))
    wrapper = doc.getroot()[0]
    assert wrapper.tag == f"{{{DTS_NS}}}wrapper"
    (p,) = list(wrapper)
    assert p.tag == f"{{{TEI}}}p"
    assert p.get("{http://www.w3.org/XML/1998/namespace}id") == "letter-0001-p1"
    assert wrapper.get("ref") == "/TEI[1]/text[1]/body[1]/div[1]/p[1]"


def test_writing_replaces_the_directory_and_refuses_duplicate_ids(
        corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "dts"
    (out / "stale").mkdir(parents=True)
    write_dts(corpus.documents[:1], out, base_url=BASE)
    assert not (out / "stale").exists() and (out / "index.json").is_file()
    from teitools.errors import OutputError

    with pytest.raises(OutputError, match="two documents have the identifier"):
        write_dts([corpus.documents[0], corpus.documents[0]], out, base_url=BASE)
    assert (out / "index.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
