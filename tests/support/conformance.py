"""Verdict-comparison harness: teitools schemas vs. the TEI Consortium's reference.

The corpus is built from seed documents (the ``egXML`` examples of
p5subset.xml, turned into TEI-namespace fragments; small documents under
tests/data/odd/docs; the project's tei/*.xml when present) and systematic
mutations of each seed: a child removed, an element from outside the
customisation inserted, a closed-list attribute value changed, an attribute
dropped, text inserted where only elements may be.  Fragments are validated
with a copy of each grammar whose ``start`` accepts any element it defines.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from teitools.odd.attributes import AttributeResolver
from teitools.odd.compile import Schema

from .paths import DATA, REPO

# Re-exported: the conformance tests read them as conformance.EXEMPLARS, ….
from .paths import EXEMPLARS as EXEMPLARS
from .paths import REFERENCE as REFERENCE
from .paths import TEI_P5 as TEI_P5

DOCS = DATA / "odd" / "docs"
TEI = "http://www.tei-c.org/ns/1.0"
TEIX = "http://www.tei-c.org/ns/Examples"
RNG = "http://relaxng.org/ns/structure/1.0"
SCH = "http://purl.oclc.org/dsdl/schematron"
INVALID = "zz-not-a-listed-value"


@dataclass
class Sample:
    label: str
    doc: etree._ElementTree
    fragment: bool


@dataclass
class Report:
    odd: str
    total: int = 0
    agree: int = 0
    disagreements: list[tuple[str, bool, bool]] = field(default_factory=list)
    known: list[tuple[str, bool, bool]] = field(default_factory=list)
    fired: int = 0

    @property
    def ratio(self) -> float:
        return self.agree / self.total if self.total else 1.0

    def tally(self, label: str, ours: bool, ref: bool) -> None:
        """Count one sample's two verdicts (a documented difference is kept apart)."""
        self.total += 1
        if ours == ref:
            self.agree += 1
        elif is_known_difference(label):
            self.known.append((label, ours, ref))
        else:
            self.disagreements.append((label, ours, ref))


# ----------------------------------------------------------------------------- seeds


@lru_cache(maxsize=1)
def example_fragments() -> tuple[bytes, ...]:
    """Valid egXML examples of p5subset.xml with one root element, TEI namespace."""
    tree = etree.parse(str(TEI_P5 / "p5subset.xml"))
    out: list[bytes] = []
    seen: set[bytes] = set()
    for eg in tree.iter(f"{{{TEIX}}}egXML"):
        if eg.get("valid", "true") != "true":
            continue
        kids = [c for c in eg if isinstance(c.tag, str)]
        if len(kids) != 1 or (eg.text or "").strip() or (kids[0].tail or "").strip():
            continue
        root = copy.deepcopy(kids[0])
        ok = True
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            q = etree.QName(el)
            if q.namespace == TEIX:
                el.tag = f"{{{TEI}}}{q.localname}"
            elif q.namespace != TEI:
                ok = False
        if not ok:
            continue
        etree.cleanup_namespaces(root, top_nsmap={None: TEI})
        data = etree.tostring(root)
        if data not in seen:
            seen.add(data)
            out.append(data)
    return tuple(out)


def document_seeds(extra: Iterable[Path] = ()) -> list[tuple[str, bytes]]:
    paths = sorted(DOCS.glob("*.xml"))
    paths += sorted((REPO / "tei").glob("*.xml")) if (REPO / "tei").is_dir() else []
    paths += list(extra)
    return [(p.name, p.read_bytes()) for p in paths]


# ----------------------------------------------------------------------------- grammars


def any_root(rng: etree._ElementTree) -> etree._ElementTree:
    """A copy of a grammar whose start accepts every element it defines."""
    tree = copy.deepcopy(rng)
    root = tree.getroot()
    names = [
        d.get("name")
        for d in root.iterchildren(f"{{{RNG}}}define")
        if d.find(f"{{{RNG}}}element") is not None
        and d.find(f"{{{RNG}}}element").get("name") is not None
        and not (d.get("name") or "").startswith("anyElement")
    ]
    for start in root.findall(f"{{{RNG}}}start"):
        root.remove(start)
    start = etree.SubElement(root, f"{{{RNG}}}start")
    choice = etree.SubElement(start, f"{{{RNG}}}choice")
    for n in names:
        etree.SubElement(choice, f"{{{RNG}}}ref", name=n)
    return tree


def defined_elements(rng: etree._ElementTree) -> set[str]:
    out = set()
    for el in rng.getroot().iter(f"{{{RNG}}}element"):
        name = el.get("name")
        if name and el.get("ns") in (None, TEI):
            out.add(name)
    return out


# ----------------------------------------------------------------------------- mutations


def closed_lists(schema: Schema) -> dict[str, dict[str, list[str]]]:
    """element -> attribute -> allowed values, for closed value lists."""
    res = AttributeResolver(schema)
    out: dict[str, dict[str, list[str]]] = {}
    for spec in schema.specs.values():
        if spec.kind != "element":
            continue
        for name, att in res.effective(spec).items():
            if att.vallist is not None and att.vallist.type == "closed" and att.vallist.items:
                if name.startswith("xml:"):
                    name = "{http://www.w3.org/XML/1998/namespace}" + name[4:]
                elif ":" in name:
                    continue
                out.setdefault(spec.ident, {})[name] = [i.ident for i in att.vallist.items]
    return out


def semi_lists(schema: Schema) -> dict[str, set[str]]:
    """element -> attributes with a semi-open value list (mutant: a value that is no name)."""
    res = AttributeResolver(schema)
    out: dict[str, set[str]] = {}
    for spec in schema.specs.values():
        if spec.kind != "element":
            continue
        for name, att in res.effective(spec).items():
            if att.vallist is not None and att.vallist.type == "semi" and ":" not in name:
                out.setdefault(spec.name, set()).add(att.alt or name)
    return out


SEMI_INVALID = "zz zz 1"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def mutate(
    root: etree._Element,
    rnd: random.Random,
    outsiders: list[str],
    closed: dict[str, dict[str, list[str]]],
    semi: dict[str, set[str]] | None = None,
) -> list[tuple[str, etree._Element]]:
    """Systematic invalid (or possibly still valid) variants of one document."""
    out: list[tuple[str, etree._Element]] = []
    elements = [e for e in root.iter() if isinstance(e.tag, str)]

    def variant(kind: str, fn: object) -> None:
        new = copy.deepcopy(root)
        news = [e for e in new.iter() if isinstance(e.tag, str)]
        if fn(news):  # type: ignore[operator]
            out.append((kind, new))

    parents = [i for i, e in enumerate(elements) if len(e)]
    if parents:
        i = rnd.choice(parents)

        def remove_child(news: list[etree._Element], i: int = i) -> bool:
            kids = [c for c in news[i] if isinstance(c.tag, str)]
            if not kids:
                return False
            news[i].remove(rnd.choice(kids))
            return True

        variant("remove-child", remove_child)
    if outsiders:
        i = rnd.randrange(len(elements))
        name = rnd.choice(outsiders)

        def insert_outsider(news: list[etree._Element], i: int = i, name: str = name) -> bool:
            news[i].insert(0, etree.Element(f"{{{TEI}}}{name}"))
            return True

        variant(f"outsider-{name}", insert_outsider)
    def set_value(kind: str, pairs: list[tuple[int, str]], value: str, name: object) -> None:
        """A variant with one of ``pairs`` (element index, attribute) set to ``value``."""
        if not pairs:
            return
        i, a = rnd.choice(pairs)

        def setter(news: list[etree._Element], i: int = i, a: str = a) -> bool:
            news[i].set(a, value)
            return True

        variant(f"{kind}-{_local(elements[i])}@{name(a)}", setter)  # type: ignore[operator]

    with_closed = [
        (i, a) for i, e in enumerate(elements) for a in closed.get(_local(e), {}) if e.get(a)
    ]
    set_value("closed-value", with_closed, INVALID, lambda a: etree.QName(a).localname)
    with_semi = [
        (i, a) for i, e in enumerate(elements) for a in sorted((semi or {}).get(_local(e), ()))
    ]
    set_value("semi-value", with_semi, SEMI_INVALID, str)
    candidates = [e for e in elements if isinstance(e.tag, str)]
    can_have = [
        (i, a) for i, e in enumerate(elements) for a in closed.get(_local(e), {}) if not e.get(a)
    ]
    if can_have:
        i, a = rnd.choice(can_have)
        value = rnd.choice(closed[_local(elements[i])][a])

        def good_value(news: list[etree._Element], i: int = i, a: str = a, v: str = value) -> bool:
            news[i].set(a, v)
            return True

        variant(f"listed-value-{a}", good_value)
    with_atts = [(i, k) for i, e in enumerate(candidates) for k in e.attrib]
    if with_atts:
        i, k = rnd.choice(with_atts)

        def drop_att(news: list[etree._Element], i: int = i, k: str = k) -> bool:
            del news[i].attrib[k]
            return True

        variant(f"drop-att-{etree.QName(k).localname}", drop_att)
    element_only = [
        i
        for i, e in enumerate(elements)
        if len(e) and not (e.text or "").strip() and all(not (c.tail or "").strip() for c in e)
    ]
    if element_only:
        i = rnd.choice(element_only)

        def add_text(news: list[etree._Element], i: int = i) -> bool:
            news[i].text = "stray text"
            return True

        variant("text", add_text)
    i = rnd.randrange(len(elements))

    def unknown_att(news: list[etree._Element], i: int = i) -> bool:
        news[i].set("bogusAttribute", "x")
        return True

    variant("unknown-att", unknown_att)
    return out


def build_corpus(
    schema: Schema,
    ours: etree._ElementTree,
    ref: etree._ElementTree,
    all_elements: set[str],
    *,
    max_fragments: int = 300,
    seed: int = 5,
) -> list[Sample]:
    rnd = random.Random(seed)
    mine = defined_elements(ours) & defined_elements(ref)
    outsiders = sorted(all_elements - defined_elements(ours) - defined_elements(ref))
    closed = closed_lists(schema)
    samples: list[Sample] = []
    for name, data in document_seeds():
        root = etree.fromstring(data)
        samples.append(Sample(name, root.getroottree(), False))
        for kind, new in mutate(root, rnd, outsiders, closed):
            samples.append(Sample(f"{name}:{kind}", new.getroottree(), False))
    frags = [etree.fromstring(d) for d in example_fragments()]
    frags = [f for f in frags if _local(f) in mine]
    if len(frags) > max_fragments:
        step = len(frags) / max_fragments
        frags = [frags[int(i * step)] for i in range(max_fragments)]
    for n, root in enumerate(frags):
        label = f"eg{n}-{_local(root)}"
        samples.append(Sample(label, root.getroottree(), True))
        for kind, new in mutate(root, rnd, outsiders, closed):
            samples.append(Sample(f"{label}:{kind}", new.getroottree(), True))
    return samples


# ----------------------------------------------------------------------------- verdicts


def compare_rng(
    odd: str, ours: etree._ElementTree, ref: etree._ElementTree, samples: list[Sample]
) -> Report:
    doc_ours, doc_ref = etree.RelaxNG(ours), etree.RelaxNG(ref)
    frag_ours, frag_ref = etree.RelaxNG(any_root(ours)), etree.RelaxNG(any_root(ref))
    rep = Report(odd)
    for s in samples:
        a = (frag_ours if s.fragment else doc_ours).validate(s.doc)
        b = (frag_ref if s.fragment else doc_ref).validate(s.doc)
        rep.tally(s.label, a, b)
    return rep


@lru_cache(maxsize=1)
def stylesheet_dropped_lists() -> frozenset[str]:
    """``element@attribute`` whose closed list the TEI Stylesheets drop.

    In p5subset.xml an element may override an inherited attribute with
    ``attDef mode="change"`` carrying a ``valList`` without ``@mode``.  The
    Guidelines define those lists (e.g. ``factuality/@type`` is closed), but
    odd2odd discards such a valList, so the reference schemas accept any
    value there.  teitools keeps the list: a documented, justified difference.
    """
    tree = etree.parse(str(TEI_P5 / "p5subset.xml"))
    out = set()
    ns = {"t": TEI}
    for ad in tree.xpath(
        "//t:elementSpec/t:attList//t:attDef[@mode='change'][t:valList[@type='closed']"
        "[not(@mode)]]",
        namespaces=ns,
    ):
        el = ad.xpath("ancestor::t:elementSpec/@ident", namespaces=ns)[0]
        out.add(f"{el}@{ad.get('ident')}")
    return frozenset(out)


def is_known_difference(label: str) -> bool:
    m = re.search(r":closed-value-(.+)$", label)
    return bool(m and m.group(1) in stylesheet_dropped_lists())


PATTERN_ID = re.compile(r"^schematron-constraint-[^-]+-(.*)-\d+$")


JING = "/usr/bin/jing"
_JING_LINE = re.compile(r"^(.*?):\d+:\d+: (?:error|fatal)")


def jing_verdicts(rng: etree._ElementTree, docs: list[etree._ElementTree]) -> list[bool]:
    """Validate many documents against one grammar in a single jing run."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        schema = Path(tmp) / "schema.rng"
        rng.write(str(schema))
        paths = []
        for i, d in enumerate(docs):
            p = Path(tmp) / f"d{i}.xml"
            d.write(str(p))
            paths.append(str(p))
        proc = subprocess.run(
            [JING, str(schema), *paths], capture_output=True, text=True, check=False
        )
        bad = set()
        for line in proc.stdout.splitlines():
            m = _JING_LINE.match(line)
            if m:
                bad.add(m.group(1))
        if str(schema) in bad:
            raise RuntimeError(f"jing rejects the schema: {proc.stdout[:500]}")
        return [p not in bad for p in paths]


def compare_rng_jing(
    odd: str, ours: etree._ElementTree, ref: etree._ElementTree, samples: list[Sample]
) -> Report:
    full = [s for s in samples if not s.fragment]
    ours_any, ref_any = (
        jing_verdicts(any_root(ours), [s.doc for s in samples]),
        jing_verdicts(any_root(ref), [s.doc for s in samples]),
    )
    ours_doc, ref_doc = (
        jing_verdicts(ours, [s.doc for s in full]),
        jing_verdicts(ref, [s.doc for s in full]),
    )
    doc_verdict = {id(s): (a, b) for s, a, b in zip(full, ours_doc, ref_doc, strict=False)}
    rep = Report(odd)
    for s, a, b in zip(samples, ours_any, ref_any, strict=False):
        if not s.fragment:
            a, b = doc_verdict[id(s)]
        rep.tally(s.label, a, b)
    return rep


def _pattern_key(rule: str | None) -> str:
    m = PATTERN_ID.match(rule or "")
    return m.group(1) if m else (rule or "")


def schematron_failures(sch_path: Path, samples: list[Sample]) -> list[set[tuple[str, int | None]]]:
    """For each sample, the failed constraints as (pattern key, element line)."""
    from teitools.validate.locate import Locator
    from teitools.validate.schematron import Schematron

    sch = Schematron(sch_path)
    out = []
    for s in samples:
        text = etree.tostring(s.doc, encoding="unicode")
        tree = etree.fromstring(text).getroottree()
        diags = sch.run(tree, s.label, Locator(tree, text))
        out.append({(_pattern_key(d.rule), d.line) for d in diags})
    return out


def deprecated_value_lines(doc: etree._ElementTree) -> set[int]:
    """Lines of elements carrying a value validuntil.odd deprecates (kind="gone")."""
    return {
        el.sourceline for el in doc.iter() if isinstance(el.tag, str) and el.get("kind") == "gone"
    }


def schematron_known_difference(
    odd: str, sample: Sample, ours: set[tuple[str, int | None]], ref: set[tuple[str, int | None]]
) -> bool:
    """Documented Schematron differences (docs/odd.md).

    * validuntil: the TEI Stylesheets write the deprecation rule of a valItem with an
      unprefixed context (``p``), which never matches a TEI element; teitools' rule fires.
    * an attDef ``mode="change"`` on an attribute class: the Stylesheets emit the
      attribute's constraint twice, once more as if on the class (``att.x-C`` beside
      ``att.x-a-C``), firing on the same elements; teitools emits it once.
    """
    ours_only, ref_only = ours - ref, ref - ours
    if odd == "validuntil" and not ref_only:
        text = etree.tostring(sample.doc, encoding="unicode")
        lines = deprecated_value_lines(etree.fromstring(text).getroottree())
        return bool(ours_only) and all(key == "" and line in lines for key, line in ours_only)
    if ours_only or not ref_only:
        return False
    for key, line in ref_only:
        spec, _, constraint = key.rpartition("-")
        if not any(
            k.startswith(f"{spec}-") and k.endswith(f"-{constraint}") and k != key and ln == line
            for k, ln in ours
        ):
            return False
    return True


def compare_schematron(odd: str, ours: Path, ref: Path, samples: list[Sample]) -> Report:
    a_all = schematron_failures(ours, samples)
    b_all = schematron_failures(ref, samples)
    rep = Report(odd)
    for s, a, b in zip(samples, a_all, b_all, strict=False):
        rep.total += 1
        rep.fired += bool(a or b)
        if a == b:
            rep.agree += 1
        elif schematron_known_difference(odd, s, a, b):
            rep.known.append((s.label, bool(a), bool(b)))
        else:
            rep.disagreements.append(
                (
                    f"{s.label}: ours-only {sorted(a - b, key=str)} "
                    f"ref-only {sorted(b - a, key=str)}",
                    bool(a),
                    bool(b),
                )
            )
    return rep


FEATURES = DATA / "odd" / "features"
FEATURE_REFERENCE = DATA / "odd" / "reference"


def feature_corpus(
    name: str,
    schema: Schema,
    ours: etree._ElementTree,
    ref: etree._ElementTree,
    all_elements: set[str],
) -> list[Sample]:
    """Generic corpus plus the feature's own documents: whole, every subtree, mutations."""
    samples = build_corpus(schema, ours, ref, all_elements, max_fragments=150)
    rnd = random.Random(11)
    outsiders = sorted(all_elements - defined_elements(ours))
    closed = closed_lists(schema)
    semi = semi_lists(schema)
    for path in sorted((FEATURES / "docs").glob(f"{name}-*.xml")):
        root = etree.parse(str(path)).getroot()
        samples.append(Sample(path.name, root.getroottree(), False))
        for kind, new in mutate(root, rnd, outsiders, closed, semi):
            samples.append(Sample(f"{path.name}:{kind}", new.getroottree(), False))
        for i, el in enumerate(root.iter()):
            if not isinstance(el.tag, str) or el is root:
                continue
            frag = copy.deepcopy(el)
            frag.tail = None
            samples.append(Sample(f"{path.name}#{i}-{_local(el)}", frag.getroottree(), True))
            for kind, new in mutate(frag, rnd, outsiders, closed, semi):
                samples.append(
                    Sample(f"{path.name}#{i}-{_local(el)}:{kind}", new.getroottree(), True)
                )
    return samples
