"""The project's customisation, schema/rustbelt.odd, and the article it must validate.

(a) the ODD is a well-formed TEI ODD with the shape the project relies on (modules
    with include lists, closed value lists taken from the article, Schematron rules
    with idents, restrictions only);
(b) the article is valid against the TEI Consortium's derivation of the ODD, committed
    under tests/data/odd/reference/rustbelt/ (RELAX NG through jing when it is
    installed, Schematron through a small saxonche evaluator below), and against the
    RELAX NG teitools derives (schema/rustbelt.rng, through lxml);
(c) mutated copies of the article (wrong speaker, unused entry, pages out of order,
    closed-list value changed, element outside the customisation, ...) are rejected
    by the reference grammar or by the reference Schematron, as expected.

libxml2 (lxml) cannot compile the reference rustbelt.rng in reasonable time (it spends
minutes in its content-model checks; jing takes a second), so the reference grammar is
run with jing; lxml runs the teitools-derived grammar, whose verdicts must agree.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from support.paths import ARTICLE, DATA, P5SUBSET, SCHEMA

ODD = SCHEMA / "rustbelt.odd"
REF_DIR = DATA / "odd" / "reference" / "rustbelt"
REF_RNG = REF_DIR / "rustbelt.rng"
REF_SCH = REF_DIR / "rustbelt.sch"
NATIVE_RNG = SCHEMA / "rustbelt.rng"

TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
T = f"{{{TEI_NS}}}"
S = f"{{{SCH_NS}}}"
NS = {"t": TEI_NS, "sch": SCH_NS}

MODULES = {"tei", "core", "header", "textstructure", "namesdates", "corpus", "tagdocs"}

#: (element, attribute) pairs whose values the ODD closes; checked against the article.
CLOSED = [
    ("div", "type"), ("corr", "type"), ("title", "level"), ("title", "type"),
    ("quote", "type"), ("foreign", "xml:lang"), ("pb", "break"), ("place", "type"),
    ("org", "type"), ("person", "sex"), ("biblStruct", "type"), ("idno", "type"),
    ("schemaRef", "type"), ("persName", "type"), ("placeName", "type"),
    ("orgName", "type"), ("biblScope", "unit"), ("measure", "unit"),
    ("note", "type"), ("relatedItem", "type"),
]

CONSTRAINTS = {
    "ids-in-text", "pb-sequence", "corr-type", "said-who", "said-not-written",
    "quote-source", "next-prev", "name-has-ref", "persName-ref", "placeName-ref",
    "orgName-ref", "responsibility-ref", "standoff-used", "title-level",
    "lang-declared", "markup-names-in-header",
}


@lru_cache(maxsize=1)
def odd() -> etree._ElementTree:
    return etree.parse(str(ODD))


@lru_cache(maxsize=1)
def article_bytes() -> bytes:
    return ARTICLE.read_bytes()


def article() -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(article_bytes()))


@lru_cache(maxsize=1)
def p5_specs() -> dict[str, etree._Element]:
    with gzip.open(P5SUBSET) as fh:
        tree = etree.parse(fh)
    return {e.get("ident"): e for e in tree.iter(T + "elementSpec", T + "classSpec")}


def schema_spec() -> etree._Element:
    specs = odd().findall(".//t:schemaSpec", NS)
    assert len(specs) == 1
    return specs[0]


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


def attr_name(name: str) -> str:
    return XML_LANG if name == "xml:lang" else name


# ------------------------------------------------------------------- (a) the ODD itself


def test_odd_is_a_tei_odd_with_a_schema_spec() -> None:
    root = odd().getroot()
    assert root.tag == T + "TEI"
    assert root.find("t:teiHeader", NS) is not None
    spec = schema_spec()
    assert spec.get("ident") == "rustbelt"
    assert spec.get("start") == "TEI"
    # it is also the manual: prose around the specifications
    assert len(odd().findall(".//t:body/t:div/t:p", NS)) >= 20


def test_modules_have_include_lists_covering_the_article() -> None:
    refs = {m.get("key"): m for m in schema_spec().findall("t:moduleRef", NS)}
    assert set(refs) == MODULES
    included: set[str] = set()
    for key, ref in refs.items():
        if key == "tei":
            continue
        assert ref.get("include"), f"moduleRef {key} has no @include"
        assert ref.get("except") is None
        included |= set(ref.get("include", "").split())
    specs = p5_specs()
    for name in included:
        assert name in specs, f"{name} is not a TEI element"
        assert specs[name].get("module") in refs, name
    used = {local(e) for e in article().iter(etree.Element)}
    assert used <= included, f"elements the ODD does not include: {used - included}"
    # deliberately left out
    assert not included & {"q", "cit", "rs", "hi", "lb", "cb", "fw", "seg", "ab", "supplied"}
    assert 100 <= len(included) <= 130
    assert [c.get("key") for c in schema_spec().findall("t:classRef", NS)] == ["att.global.linking"]


def test_specification_groups_are_all_referenced() -> None:
    groups = {g.get(XML_ID) for g in odd().iter(T + "specGrp")}
    refs = {r.get("target", "").lstrip("#") for r in schema_spec().findall("t:specGrpRef", NS)}
    assert groups == refs


def test_restrictions_only() -> None:
    """No element, class or attribute is added: a pure subset of TEI."""
    specs = p5_specs()
    for el in odd().iter(T + "elementSpec", T + "classSpec", T + "macroSpec", T + "dataSpec"):
        assert el.get("mode") in {"change", "delete", "replace"}, el.get("ident")
        assert el.get("ident") in specs, el.get("ident")
    for att in odd().iter(T + "attDef"):
        assert att.get("mode") in {"change", "delete", "replace"}, att.get("ident")
    for vl in odd().iter(T + "valList"):
        assert vl.get("type") == "closed"
    # the only content change narrows choice to sic + corr (a subset of TEI's choice)
    contents = [c.getparent().get("ident") for c in odd().iter(T + "content")]
    assert contents == ["choice"]


def _closed_values(element: str, attribute: str) -> list[str]:
    for spec in odd().iter(T + "elementSpec"):
        if spec.get("ident") != element:
            continue
        for att in spec.iter(T + "attDef"):
            if att.get("ident") == attribute:
                vl = att.find("t:valList", NS)
                assert vl is not None and vl.get("type") == "closed"
                return [v.get("ident", "") for v in vl.findall("t:valItem", NS)]
    raise AssertionError(f"no closed list for {element}/@{attribute}")


@pytest.mark.parametrize(("element", "attribute"), CLOSED, ids=lambda x: x)
def test_closed_list_matches_the_article(element: str, attribute: str) -> None:
    values = _closed_values(element, attribute)
    assert len(values) == len(set(values))
    used = Counter(e.get(attr_name(attribute)) for e in article().iter(T + element)
                   if e.get(attr_name(attribute)) is not None)
    assert set(used) == set(values), (element, attribute, dict(used))


def test_every_value_is_documented() -> None:
    for item in odd().iter(T + "valItem"):
        desc = item.find("t:desc", NS)
        assert desc is not None and len("".join(desc.itertext()).split()) >= 2, item.get("ident")


def test_global_language_list() -> None:
    for spec in odd().iter(T + "classSpec"):
        if spec.get("ident") == "att.global":
            items = spec.findall(".//t:attDef[@ident='xml:lang']/t:valList/t:valItem", NS)
            declared = {e.get("ident") for e in article().iter(T + "language")}
            assert {i.get("ident") for i in items} == declared
            return
    raise AssertionError("att.global/@xml:lang is not closed")


def test_constraints() -> None:
    specs = list(odd().iter(T + "constraintSpec"))
    idents = [c.get("ident") for c in specs]
    assert len(idents) == len(set(idents))
    assert set(idents) == CONSTRAINTS
    for c in specs:
        assert c.get("scheme") == "schematron"
        assert c.find("t:desc", NS) is not None
        rules = c.findall("t:constraint/sch:rule", NS)
        assert len(rules) == 1 and rules[0].get("context")
        checks = rules[0].findall("sch:assert", NS) + rules[0].findall("sch:report", NS)
        assert checks
        for check in checks:
            message = " ".join("".join(check.itertext()).split())
            assert len(message.split()) >= 8, (c.get("ident"), message)


# --------------------------------------------------- a small ISO Schematron evaluator


class MiniSchematron:
    """Just enough ISO Schematron (ns, pattern, rule, let, assert, report) to run the
    reference .sch with saxonche's XPath 3.1: one query per assertion, first-match rule
    semantics within a pattern.  Returns the ids of the patterns that fail."""

    def __init__(self, path: Path) -> None:
        from teitools import saxon

        # The process's one Saxon: a second PySaxonProcessor re-configures the runtime
        # under trees and stylesheets other tests still hold ("wrong Configuration").
        self.proc = saxon.processor()
        root = etree.parse(str(path)).getroot()
        self.ns = {n.get("prefix"): n.get("uri") for n in root.iter(S + "ns")}
        self.checks: list[tuple[str, str]] = []
        for pattern in root.iter(S + "pattern"):
            earlier: list[str] = []
            for rule in pattern.iter(S + "rule"):
                ctx = rule.get("context", "")
                nodes = f"(//({ctx}))"
                if earlier:
                    nodes += " except (" + " | ".join(f"//({c})" for c in earlier) + ")"
                earlier.append(ctx)
                lets = "".join(
                    f"let ${let.get('name')} := ({self._fix(let.get('value', ''))}) return "
                    for let in rule.findall(S + "let"))
                for check in rule:
                    if check.tag not in (S + "assert", S + "report"):
                        continue
                    test = self._fix(check.get("test", ""))
                    fails = f"not({test})" if check.tag == S + "assert" else f"({test})"
                    query = (f"count(({nodes}) ! (let $current := . return {lets}"
                             f"(if ({fails}) then 1 else ())))")
                    self.checks.append((pattern.get("id", ""), query))

    @staticmethod
    def _fix(expr: str) -> str:
        return expr.replace("current()", "$current")

    def failures(self, xml: bytes) -> set[str]:
        doc = self.proc.parse_xml(xml_text=xml.decode("utf-8"))
        xp = self.proc.new_xpath_processor()
        xp.set_language_version("3.1")
        for prefix, uri in self.ns.items():
            xp.declare_namespace(prefix, uri)
        xp.set_context(xdm_item=doc)
        out: set[str] = set()
        for pattern_id, query in self.checks:
            if int(str(xp.evaluate_single(query))) > 0:
                out.add(pattern_id)
        return out


@lru_cache(maxsize=1)
def reference_schematron() -> MiniSchematron:
    return MiniSchematron(REF_SCH)


def constraint_idents(pattern_ids: set[str]) -> set[str]:
    """Pattern ids of extract-isosch look like schematron-constraint-rustbelt-IDENT-N."""
    out = set()
    for pid in pattern_ids:
        m = re.fullmatch(r"schematron-constraint-rustbelt-(.+)-\d+", pid)
        out.add(m.group(1) if m else pid)
    return out


# ------------------------------------------------------------------------- mutations


def _first(tree: etree._ElementTree, xpath: str) -> etree._Element:
    hits = tree.xpath(xpath, namespaces=NS)
    assert hits, xpath
    return hits[0]  # type: ignore[no-any-return]


def _set(xpath: str, attribute: str, value: str | None) -> Callable[[etree._ElementTree], None]:
    def mutate(tree: etree._ElementTree) -> None:
        el = _first(tree, xpath)
        if value is None:
            del el.attrib[attribute]
        else:
            el.set(attribute, value)
    return mutate


def _insert(xpath: str, xml: str) -> Callable[[etree._ElementTree], None]:
    def mutate(tree: etree._ElementTree) -> None:
        el = _first(tree, xpath)
        new = etree.fromstring(f'<wrap xmlns="{TEI_NS}">{xml}</wrap>')[0]
        new.tail = " "
        el.insert(0, new)
    return mutate


def _append(xpath: str, xml: str) -> Callable[[etree._ElementTree], None]:
    def mutate(tree: etree._ElementTree) -> None:
        el = _first(tree, xpath)
        el.append(etree.fromstring(f'<wrap xmlns="{TEI_NS}">{xml}</wrap>')[0])
    return mutate


def _remove(xpath: str) -> Callable[[etree._ElementTree], None]:
    def mutate(tree: etree._ElementTree) -> None:
        el = _first(tree, xpath)
        parent = el.getparent()
        assert parent is not None
        parent.remove(el)
    return mutate


def _swap_pages(tree: etree._ElementTree) -> None:
    a = _first(tree, "//t:pb[@n='3']")
    b = _first(tree, "//t:pb[@n='4']")
    a.set("n", "4")
    b.set("n", "3")


def _next_to_other_kind(tree: etree._ElementTree) -> None:
    said = _first(tree, "//t:said[@next]")
    quote = _first(tree, "//t:quote[@xml:id][not(@next) and not(@prev)]")
    said.set("next", "#" + quote.get(XML_ID, ""))


BODY_P = "//t:body//t:p[@xml:id][1]"

#: id -> (mutation, rejected by the grammar?, Schematron constraints that must fail)
MUTATIONS: dict[str, tuple[Callable[[etree._ElementTree], None], bool, set[str]]] = {
    # speakers
    "who-not-a-speaker": (_set("//t:said[1]", "who", "#kotkin"), False, {"said-who"}),
    "who-missing": (_set("//t:said[1]", "who", None), True, {"said-who"}),
    "said-with-source": (_set("//t:said[1]", "source", "#src-pravda-1987"), False,
                         {"said-not-written"}),
    # standoff entries and pointers
    "unused-person": (_insert("//t:back//t:listPerson",
                              '<person xml:id="nobody"><persName>Nobody</persName></person>'),
                      False, {"standoff-used"}),
    "persName-to-place": (_set("//t:body//t:persName[@ref='#stalin']", "ref", "#moscow"),
                          False, {"persName-ref"}),
    "placeName-to-org": (_set("//t:body//t:placeName[@ref='#moscow']", "ref", "#works"),
                         False, {"placeName-ref"}),
    "orgName-to-person": (_set("//t:body//t:orgName[@ref='#works']", "ref", "#stalin"),
                          False, {"orgName-ref"}),
    "name-without-ref": (_set("//t:body//t:placeName[@ref='#moscow']", "ref", None),
                         False, {"name-has-ref"}),
    "author-to-nowhere": (_set("//t:titleStmt/t:author", "ref", "#nobody"), False,
                          {"responsibility-ref"}),
    "quote-source-to-person": (_set("//t:quote[@source][1]", "source", "#levin"), False,
                               {"quote-source"}),
    "quote-without-source": (_set("//t:quote[@source][not(@type)][1]", "source", None),
                             False, {"quote-source"}),
    # interrupted quotations
    "next-to-other-kind": (_next_to_other_kind, False, {"next-prev"}),
    "prev-missing": (_set("//t:said[@prev][1]", "prev", None), False, {"next-prev"}),
    # pages
    "pages-swapped": (_swap_pages, False, {"pb-sequence"}),
    "page-not-a-number": (_set("//t:pb[@n='5']", "n", "v"), False, {"pb-sequence"}),
    # identifiers, corrections, titles, languages
    "p-without-id": (_set(BODY_P, XML_ID, None), False, {"ids-in-text"}),
    "corr-without-type": (_set("//t:corr[1]", "type", None), True, {"corr-type"}),
    "title-without-level": (_set("//t:body//t:title[1]", "level", None), False,
                            {"title-level"}),
    "language-undeclared": (_remove("//t:langUsage/t:language[@ident='la']"), False,
                            {"lang-declared"}),
    "markup-name-in-text": (_insert(BODY_P, "<gi>p</gi>"), False, {"markup-names-in-header"}),
    # closed lists
    "div-type-value": (_set("//t:div[@type='section'][1]", "type", "chapter"), True, set()),
    "corr-type-value": (_set("//t:corr[1]", "type", "spelling"), True, set()),
    "foreign-lang-value": (_set("//t:foreign[1]", XML_LANG, "de"), True, {"lang-declared"}),
    "title-level-value": (_set("//t:body//t:title[1]", "level", "s"), True, set()),
    "place-type-value": (_set("//t:place[1]", "type", "town"), True, set()),
    "pb-break-value": (_set("//t:pb[@break]", "break", "yes"), True, set()),
    "quote-type-value": (_set("//t:quote[@type]", "type", "proverb"), True, set()),
    "person-sex-value": (_set("//t:person[@sex][1]", "sex", "1"), True, set()),
    "idno-type-value": (_set("//t:idno[1]", "type", "DOI"), True, set()),
    "global-lang-value": (_set(BODY_P, XML_LANG, "de"), True, {"lang-declared"}),
    "foreign-without-lang": (_set("//t:foreign[1]", XML_LANG, None), True, set()),
    # outside the customisation
    "element-q": (_insert(BODY_P, "<q>so to speak</q>"), True, set()),
    "element-hi": (_insert(BODY_P, '<hi>so to speak</hi>'), True, set()),
    "element-lb": (_insert(BODY_P, "<lb/>"), True, set()),
    "element-seg": (_insert(BODY_P, "<seg>so to speak</seg>"), True, set()),
    "element-rs": (_insert(BODY_P, '<rs ref="#stalin">the leader</rs>'), True, set()),
    "attribute-rend": (_set(BODY_P, "rend", "italic"), True, set()),
    "attribute-subtype": (_set("//t:div[@type='section'][1]", "subtype", "x"), True, set()),
    "choice-without-sic": (_remove("//t:choice[1]/t:sic"), True, set()),
    # control: a harmless edit stays valid
    "control-new-paragraph": (_append("//t:div[@xml:id='econ']",
                                      '<p xml:id="econ-p00">An added paragraph about '
                                      '<placeName ref="#moscow">Moscow</placeName>.</p>'),
                              False, set()),
}


def mutated(name: str) -> bytes:
    tree = article()
    MUTATIONS[name][0](tree)
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True)


@pytest.fixture(scope="module")
def jing_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool] | None:
    """Validity of the article and of every mutation against the reference grammar."""
    jing = shutil.which("jing")
    if jing is None:
        return None
    tmp = tmp_path_factory.mktemp("mutations")
    files = {"article": tmp / "article.xml"}
    files["article"].write_bytes(article_bytes())
    for name in MUTATIONS:
        files[name] = tmp / f"{name}.xml"
        files[name].write_bytes(mutated(name))
    run = subprocess.run([jing, str(REF_RNG), *map(str, files.values())],
                         capture_output=True, text=True, timeout=300)
    bad = {line.split(":", 1)[0] for line in run.stdout.splitlines() if ": error:" in line}
    return {name: str(path) not in bad for name, path in files.items()}


@lru_cache(maxsize=1)
def native_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(NATIVE_RNG)))


# ---------------------------------------------------------------- (b) the article


def test_reference_files_are_committed() -> None:
    for path in (REF_RNG, REF_SCH, REF_DIR / "README.md"):
        assert path.is_file(), path
    sch = etree.parse(str(REF_SCH)).getroot()
    assert sch.get("queryBinding") == "xslt2"
    ids = constraint_idents({p.get("id", "") for p in sch.iter(S + "pattern")})
    assert ids >= CONSTRAINTS


def test_article_valid_against_reference_grammar(jing_verdicts: dict[str, bool] | None) -> None:
    if jing_verdicts is None:
        pytest.skip("jing is not installed")
    assert jing_verdicts["article"]


def test_article_valid_against_teitools_grammar() -> None:
    grammar = native_grammar()
    assert grammar.validate(article()), grammar.error_log


def test_article_passes_reference_schematron() -> None:
    assert reference_schematron().failures(article_bytes()) == set()


# ----------------------------------------------------------------- (c) mutations


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_rejected(name: str, jing_verdicts: dict[str, bool] | None) -> None:
    _, grammar_rejects, constraints = MUTATIONS[name]
    doc = mutated(name)
    failed = constraint_idents(reference_schematron().failures(doc))
    assert constraints <= failed, f"expected {constraints}, Schematron reported {failed}"
    if not constraints:
        assert not failed & CONSTRAINTS or grammar_rejects, failed
    if jing_verdicts is not None:
        assert jing_verdicts[name] is not grammar_rejects, "reference grammar verdict"
    native = native_grammar().validate(etree.ElementTree(etree.fromstring(doc)))
    assert native is not grammar_rejects, "teitools grammar verdict"
    if name.startswith("control"):
        assert failed == set()
    else:
        assert grammar_rejects or failed, "mutation not rejected at all"
