"""``teitools html`` / ``teitools text``: exit codes, --force, atomic output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.cli import invoke
from teitools.render import html_edition, text_edition

from .conftest import DATA, SAMPLE

VALID = DATA / "valid.xml"
INVALID = DATA / "invalid.xml"


run = invoke  # unpacks as ``code, out, err``; an uncaught exception fails the test


@pytest.mark.parametrize("command", ["html", "text"])
def test_writes_valid_document(command: str, tmp_path: Path) -> None:
    out = tmp_path / "sub" / f"out.{command}"
    code, stdout, stderr = run(command, str(VALID), "-o", str(out))
    assert code == 0, stderr
    assert stdout == "" and f"wrote {out}" in stderr and "warning" not in stderr
    expected = html_edition(VALID) if command == "html" else text_edition(VALID)
    assert out.read_text(encoding="utf-8") == expected
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_text_options_to_stdout() -> None:
    code, stdout, _ = run("text", str(VALID), "--width", "0", "--page-markers")
    assert code == 0
    assert stdout == text_edition(VALID, width=0, page_markers=True)


def test_unchecked_document_warns(tmp_path: Path) -> None:
    """A TEI document without a usable schema is transformed, with a warning."""
    # Outside the repository, so the project's schema/ is not found as a fallback.
    sample = tmp_path / "doc" / "sample.xml"
    sample.parent.mkdir()
    shutil.copy(SAMPLE, sample)
    code, _, stderr = run("html", str(sample), "-o", str(tmp_path / "s.html"))
    assert code == 0
    assert "warning" in stderr and "not validated" in stderr


@pytest.mark.parametrize("command", ["html", "text"])
def test_invalid_document(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("previous edition", encoding="utf-8")
    code, _, stderr = run(command, str(INVALID), "-o", str(out))
    assert code == 1
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"teitools: error: {INVALID}: invalid TEI (") and "--force" in last
    assert "invalid.xml:" in stderr.splitlines()[0]  # the first error, located
    assert len(stderr.splitlines()) <= 12, "a long list of errors is cut short"
    assert out.read_text(encoding="utf-8") == "previous edition"
    code, _, stderr = run(command, str(INVALID), "-o", str(out), "--force")
    assert code == 0
    assert "warning" in stderr and "transforming anyway (--force)" in stderr
    assert out.read_text(encoding="utf-8") != "previous edition"


@pytest.mark.parametrize("content, message, exit_code", [
    ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>',
     "not a TEI document: the root element <html> is in namespace "
     "'http://www.w3.org/1999/xhtml'; expected <TEI> or <teiCorpus>", 2),
    ("<TEI/>", "not a TEI document: the root element <TEI> is in no namespace", 2),
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>', "not well-formed XML", 1),
    ("", "empty file", 1),
], ids=["xhtml", "no-namespace", "not-well-formed", "empty"])
@pytest.mark.parametrize("force", [False, True])
def test_not_tei(tmp_path: Path, content: str, message: str, exit_code: int,
                 force: bool) -> None:
    # a root that is not TEI cannot be rendered at all (a usage error, exit 2, as issue 14
    # asks); a broken TEI document is an invalid one (exit 1)
    bad = tmp_path / "bad.xml"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out.html"
    code, stdout, stderr = run("html", str(bad), "-o", str(out), *(["--force"] if force else []))
    assert code == exit_code
    assert stderr.startswith(f"teitools: error: {bad}") and message in stderr
    assert len(stderr.strip().splitlines()) == 1 and stdout == ""
    assert not out.exists()


@pytest.mark.parametrize("command", ["html", "text"])
def test_unwritable_output(command: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.html"  # its parent is a file
    code, _, stderr = run(command, str(VALID), "-o", str(target))
    assert code == 2
    assert stderr.startswith(f"teitools: error: {target}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_output_is_a_directory(tmp_path: Path) -> None:
    code, _, stderr = run("text", str(VALID), "-o", str(tmp_path))
    assert code == 2 and "is a directory" in stderr


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """A failure in the middle of writing (disk full) leaves neither the file nor a temp file."""
    import os

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out.html"
    code, _, stderr = run("html", str(VALID), "-o", str(out))
    assert code == 2 and "no space left on device" in stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["--width", "-1"], ["--width", "x"]])
def test_usage_errors(args: list[str]) -> None:
    code, _, _ = run("text", str(VALID), *args)
    assert code == 2


def test_missing_input(tmp_path: Path) -> None:
    code, _, stderr = run("html", str(tmp_path / "nope.xml"))
    assert code == 2 and "no such file" in stderr


def test_input_never_modified(tmp_path: Path) -> None:
    copy = tmp_path / "valid.xml"
    shutil.copy(VALID, copy)
    shutil.copy(DATA / "strict.rng", tmp_path / "strict.rng")
    before = copy.read_bytes()
    run("html", str(copy), "-o", str(tmp_path / "o.html"))
    run("text", str(copy), "-o", str(tmp_path / "o.txt"))
    assert copy.read_bytes() == before
