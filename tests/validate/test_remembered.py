"""The editions' gate remembers its verdict on an unchanged document and schemas
(:mod:`teitools.validate.remembered`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import teitools.validate.remembered as remembered
from support.cli import invoke
from support.paths import DATA as ALL_DATA

DATA = ALL_DATA / "render"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("valid.xml", "strict.rng"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path / "valid.xml"


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the documents actually validated."""
    seen: list[str] = []
    real = remembered.validate_bytes

    def counting(data: bytes, name: str, *args: object, **kwargs: object) -> object:
        seen.append(name)
        return real(data, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(remembered, "validate_bytes", counting)
    return seen


@pytest.mark.parametrize("command", ["html", "text"])
def test_an_unchanged_document_is_validated_once(command: str, project: Path,
                                                 validations: list[str]) -> None:
    for _ in range(2):
        result = invoke(command, str(project), "-o", str(project.with_suffix(".out")))
        assert result.code == 0, result.err
    assert validations == [str(project)]


def test_a_changed_schema_is_used_at_once(project: Path, validations: list[str]) -> None:
    assert invoke("html", str(project), "-o", str(project.with_suffix(".html"))).code == 0
    rng = project.with_name("strict.rng")
    # the schema now wants an attribute the document does not have
    rng.write_text(rng.read_text(encoding="utf-8").replace(
        '<optional><attribute name="xml:lang" ns=""><text/></attribute></optional>',
        '<attribute name="n"><text/></attribute>'), encoding="utf-8")
    result = invoke("html", str(project), "-o", str(project.with_suffix(".html")))
    assert result.code == 1 and "invalid TEI" in result.err
    assert len(validations) == 2


def test_a_changed_document_is_validated_again(project: Path,
                                               validations: list[str]) -> None:
    assert invoke("text", str(project), "-o", str(project.with_suffix(".txt"))).code == 0
    project.write_bytes(project.read_bytes().replace(b"</TEI>", b"<bogus/></TEI>"))
    result = invoke("text", str(project), "-o", str(project.with_suffix(".txt")))
    assert result.code == 1 and "bogus" in result.err
    assert len(validations) == 2


def test_no_cache_validates_every_time(project: Path, validations: list[str]) -> None:
    for _ in range(2):
        assert invoke("--no-cache", "html", str(project), "-o",
                      str(project.with_suffix(".html"))).code == 0
    assert len(validations) == 2


def test_an_invalid_verdict_is_remembered_too(project: Path, validations: list[str]) -> None:
    project.write_bytes(project.read_bytes().replace(b"</TEI>", b"<bogus/></TEI>"))
    first = invoke("html", str(project), "-o", str(project.with_suffix(".html")))
    second = invoke("html", str(project), "-o", str(project.with_suffix(".html")))
    assert first.code == second.code == 1
    assert first.err == second.err  # the same messages, located the same way
    assert len(validations) == 1


def test_a_remembered_result_is_the_result() -> None:
    from teitools.diagnostics import Diagnostic, Severity
    from teitools.validate import FileResult

    result = FileResult("a.xml", [
        Diagnostic("a.xml", 3, 7, Severity.ERROR, "bad value", "value", "relaxng",
                   ("left", "right"), "rend"),
        Diagnostic("a.xml", None, None, Severity.WARNING, "note", None, None)],
        schemas="x.rng", notes=["n"], seconds=0.5)
    assert FileResult.from_dict(result.to_dict()) == result
