"""RELAX NG messages that name the real mistake: a mutation suite with jing as the oracle.

Each case seeds one mistake into a valid document.  teitools must report it on
the line jing reports, name the culprit (and say what is allowed), give the
rule the mistake is, and report no more errors than jing.  Without jing the
cases still run against the line of the seeded mistake.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from teitools.diagnostics import Diagnostic
from teitools.validate import SchemaOptions, ValidationOptions, validate_paths

from .conftest import DATA, REFERENCE, REPO, run_cli

ARTICLE = REPO / "tei" / "kotkin-1991-rustbelt.xml"
LETTER = DATA / "letter.xml"
PROJECT_RNG = REPO / "schema" / "rustbelt.rng"
TEI_ALL = REFERENCE / "tei_all.rng"


@dataclass(frozen=True)
class Case:
    id: str
    doc: Path
    find: str
    replace: str
    rule: str
    says: tuple[str, ...]
    #: "project" (the document's own ODD-derived schema) and/or "tei_all".
    schemas: tuple[str, ...] = ("project", "tei_all")


CASES = [
    Case("date-when", ARTICLE, '<date when="1991-02">', '<date when="1991-2-3">',
         "attribute-value", ('when="1991-2-3"', "W3C date", 'did you mean "1991-02-03"')),
    Case("div-sample", ARTICLE, '<div type="introduction" xml:id="intro">',
         '<div type="introduction" xml:id="intro" sample="partial">',
         "attribute-value", ('sample="partial"', "must be one of", "initial", "complete")),
    Case("corr-type", ARTICLE, '<corr type="character">The Harriman',
         '<corr type="typo">The Harriman',
         "attribute-value", ('type="typo"', "spacing", "character", "Letters misread"),
         ("project",)),
    Case("misspelt-element", ARTICLE, '<date when="1991">1991</date> <orgName',
         '<daet when="1991">1991</daet> <orgName',
         "unknown-element", ("<daet>", "did you mean <date>")),
    Case("module-left-out", ARTICLE, '<div type="introduction" xml:id="intro">',
         '<div type="introduction" xml:id="intro"><msDesc/>',
         "unknown-element", ("<msDesc>", "module msdescription", "rustbelt.odd"), ("project",)),
    Case("unknown-attribute", ARTICLE, '<div type="introduction" xml:id="intro">',
         '<div type="introduction" xml:id="intro" smaple="complete">',
         "attribute-not-allowed", ("smaple", "did you mean @sample")),
    Case("required-attribute", ARTICLE, '<corr type="character">The Harriman',
         "<corr>The Harriman", "attribute-required", ("<corr> requires @type",), ("project",)),
    Case("gap-quantity", ARTICLE, '<persName type="descriptive">Magnitogorsk locals</persName>',
         '<persName type="descriptive">Magnitogorsk <gap quantity="many"/>locals</persName>',
         "attribute-value", ('quantity="many"', "<gap>", "number")),
    Case("correspAction-type", LETTER, '<correspAction type="sent">',
         '<correspAction type="send">', "attribute-value",
         ('type="send"', "must be one of", "sent (the letter was written and sent)", "received",
          'did you mean "sent"'), ("project",)),
    Case("head-after-p", LETTER, '<p xml:id="p2">',
         '<head>Brief</head><p xml:id="p2">', "element-position", ("<head>", "after <p>")),
    Case("letter-date", LETTER, '<date when="1871-03-03">3 March 1871</date>',
         '<date when="3.3.1871">3 March 1871</date>', "attribute-value",
         ('when="3.3.1871"', 'did you mean "1871-03-03"')),
]


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[Path, str], Path]:
    """(document, "project" | "tei_all") -> the RELAX NG schema to validate with."""
    from teitools.odd.derive import build_schemas

    out = tmp_path_factory.mktemp("letters-schema")
    shutil.copy(DATA / "letters.odd", out / "letters.odd")
    letters = build_schemas(out / "letters.odd").outputs["rng"]
    return {(ARTICLE, "project"): PROJECT_RNG, (LETTER, "project"): letters,
            (ARTICLE, "tei_all"): TEI_ALL, (LETTER, "tei_all"): TEI_ALL}


def _params() -> list[object]:
    return [pytest.param(case, which, id=f"{case.id}-{which}")
            for case in CASES for which in case.schemas]


def _mutant(case: Case, directory: Path) -> Path:
    text = case.doc.read_text(encoding="utf-8")
    assert text.count(case.find) >= 1, f"{case.id}: {case.find!r} not in {case.doc.name}"
    # The mutant has no <?xml-model?>, so --rng decides the schema.
    text = re.sub(r"<\?xml-model[^>]*\?>\s*", "", text.replace(case.find, case.replace, 1))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{case.id}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _seeded_line(case: Case) -> int:
    text = case.doc.read_text(encoding="utf-8")
    before = text[: text.index(case.find)]
    removed = sum(m.group().count("\n") for m in re.finditer(r"<\?xml-model[^>]*\?>\s*", before))
    return before.count("\n") + 1 - removed + case.find[: _first_diff(case)].count("\n")


def _first_diff(case: Case) -> int:
    for i, (a, b) in enumerate(zip(case.find, case.replace, strict=False)):
        if a != b:
            return i
    return min(len(case.find), len(case.replace))


@pytest.fixture(scope="module")
def jing_lines(tmp_path_factory: pytest.TempPathFactory,
               schemas: dict[tuple[Path, str], Path]) -> dict[tuple[str, str], list[int]]:
    """jing's error lines for every mutant, one jing run per schema (None: no jing)."""
    jing = shutil.which("jing")
    out: dict[tuple[str, str], list[int]] = {}
    if jing is None:
        return out
    directory = tmp_path_factory.mktemp("jing-mutants")
    for schema in sorted(set(schemas.values())):
        if not schema.is_file():
            continue
        files = {_mutant(c, directory / f"{c.id}-{which}"): (c, which) for c in CASES
                 for which in c.schemas if schemas[(c.doc, which)] == schema}
        proc = subprocess.run([jing, str(schema), *map(str, files)], capture_output=True,
                              text=True, timeout=300)
        for path, (case, which) in files.items():
            lines = [int(m.group(1)) for m in re.finditer(
                rf"^{re.escape(str(path))}:(\d+):\d+: error", proc.stdout, re.M)]
            out[(case.id, which)] = lines
    return out


def _ours(case: Case, schema: Path, tmp_path: Path) -> list[Diagnostic]:
    path = _mutant(case, tmp_path)
    options = ValidationOptions(schemas=SchemaOptions(rng=schema), jobs=1)
    result = validate_paths([str(path)], options)
    assert not result.files[0].failed, result.files[0].diagnostics
    return [d for d in result.diagnostics if d.is_error]


@pytest.mark.parametrize(("case", "which"), _params())
def test_one_mistake_one_message(case: Case, which: str, tmp_path: Path,
                                 schemas: dict[tuple[Path, str], Path],
                                 jing_lines: dict[tuple[str, str], list[int]]) -> None:
    schema = schemas[(case.doc, which)]
    if not schema.is_file():
        pytest.skip(f"{schema} not available (needs ../shared)")
    ours = _ours(case, schema, tmp_path)
    assert ours, f"{case.id}: teitools found the mutant valid"
    culprit = next((d for d in ours if d.rule == case.rule), None)
    assert culprit is not None, [str(d) for d in ours]
    for phrase in case.says:
        assert phrase in culprit.message, culprit.message
    assert "not allowed" not in culprit.message or case.rule != "attribute-value"
    jing = jing_lines.get((case.id, which))
    expected_line = jing[0] if jing else _seeded_line(case)
    assert culprit.line == expected_line, (str(culprit), jing)
    if jing is not None:
        assert len(ours) <= len(jing), ([str(d) for d in ours], jing)
    else:
        assert len(ours) == 1, [str(d) for d in ours]


def test_independent_mistakes_all_in_one_run(tmp_path: Path) -> None:
    """A mistake in the header and two in the body: all three at once, nothing more."""
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng not available (needs ../shared)")
    seeded = [('<date when="2026-12-01">2026</date>', '<date when="2026-12-1">2026</date>',
               "attribute-value"),
              ("<salute>Dein</salute>", '<salute foo="1">Dein</salute>', "attribute-not-allowed"),
              ("<p>Schreib bald!</p>", "<p>Schreib bald!</p><head>PS</head>",
               "element-position")]
    text = LETTER.read_text(encoding="utf-8")
    expected = []
    for find, replace, rule in seeded:
        expected.append((text[: text.index(find)].count("\n") + 1, rule))
        text = text.replace(find, replace, 1)
    path = tmp_path / "three.xml"
    path.write_text(text, encoding="utf-8")
    result = validate_paths([str(path)], ValidationOptions(schemas=SchemaOptions(rng=TEI_ALL)))
    found = [(d.line, d.rule) for d in result.diagnostics]
    assert found == expected, [str(d) for d in result.diagnostics]


def test_json_carries_what_is_expected(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "corr-type")
    path = _mutant(case, tmp_path)
    run = run_cli("--rng", PROJECT_RNG, "--format", "json", path)
    assert run.code == 1
    [diag] = json.loads(run.out)
    assert diag["rule"] == "attribute-value"
    assert diag["attribute"] == "type"
    assert diag["expected"] == ["spacing", "character", "omission", "case", "punctuation"]
    assert diag["column"] > 1  # on the attribute, not the start of the tag


def test_misspelt_attribute_value_suggests_the_nearest(tmp_path: Path) -> None:
    case = Case("x", ARTICLE, '<corr type="character">The Harriman',
                '<corr type="charakter">The Harriman', "attribute-value", ())
    [diag] = _ours(case, PROJECT_RNG, tmp_path)
    assert 'did you mean "character"?' in diag.message


def test_an_element_in_no_namespace_is_named(tmp_path: Path) -> None:
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng not available (needs ../shared)")
    text = LETTER.read_text(encoding="utf-8").replace(
        "<salute>Dein</salute>", '<salute xmlns="">Dein</salute>')
    path = tmp_path / "nons.xml"
    path.write_text(text, encoding="utf-8")
    run = run_cli("--rng", TEI_ALL, path)
    assert run.code == 1
    assert 'error: <salute> has no namespace; this schema expects TEI elements in xmlns="' \
        in run.out, run.out


def test_a_repeated_xml_id_is_its_own_rule_naming_both_lines(tmp_path: Path) -> None:
    text = LETTER.read_text(encoding="utf-8").replace('<p xml:id="p2">', '<p xml:id="p1">')
    path = tmp_path / "dup.xml"
    path.write_text(text, encoding="utf-8")
    first = text[: text.index('xml:id="p1"')].count("\n") + 1
    second = text[: text.rindex('xml:id="p1"')].count("\n") + 1
    run = run_cli("--rng", PROJECT_RNG, path)
    result = validate_paths([str(path)], ValidationOptions(
        schemas=SchemaOptions(rng=TEI_ALL if TEI_ALL.is_file() else PROJECT_RNG)))
    dups = [d for d in result.diagnostics if d.rule == "duplicate-id"]
    assert len(dups) == 1 and dups[0].line == second, [str(d) for d in result.diagnostics]
    assert f'xml:id "p1" is already used by <p> on line {first}' in dups[0].message
    assert not [d for d in result.diagnostics if d.phase == "relaxng"], \
        [str(d) for d in result.diagnostics]
    assert run.code == 1 and "not well-formed" not in run.out
