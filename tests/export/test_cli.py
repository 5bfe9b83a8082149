"""``teitools export`` as a user meets it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import Run, invoke
from teitools.export import FORMATS, export_file

from .conftest import ARTICLE, DATA


def run(*args: str, input: bytes | None = None) -> Run:
    """``teitools export ARGS`` (unpacks as ``code, out, err``)."""
    return invoke("export", *args, input=input)


@pytest.mark.parametrize("fmt", ["quotations-csv", "metadata-dc"])
def test_single_format_goes_to_stdout(fmt: str) -> None:
    code, out, err = run(str(ARTICLE), "-f", fmt)
    assert (code, err) == (0, "")
    assert out == export_file(ARTICLE, [fmt]).outputs[fmt]


def test_stdin_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "units.jsonl"
    code, _, err = run("-", "-f", "units-jsonl", "-o", str(target),
                       input=(DATA / "small.xml").read_bytes())
    assert code == 0 and str(target) in err  # "wrote PATH": stderr, as for every command
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["id"] == "s1-p01"


def test_all_writes_every_format_deterministically(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        code, out_text, err = run(str(ARTICLE), "-o", str(out))
        assert (code, out_text) == (0, "")
        # nothing but the "wrote PATH" lines, on stderr as for every command
        assert [ln for ln in err.splitlines() if not ln.startswith(f"wrote {out}")] == []
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(ARTICLE.stem + spec.suffix for spec in FORMATS.values())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_warnings_go_to_stderr_and_the_export_succeeds() -> None:
    code, out, err = run(str(DATA / "bare.xml"), "-f", "quotations-csv")
    assert code == 0
    assert "warning" in err and "[export-missing-id]" in err  # the quote without an id
    assert len(out.splitlines()) == 3  # header + the two quotations with ids


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["-f", "rdf"], 2),  # unknown format
        ([], 2),  # --format all needs -o DIR
        (["-f", "units-jsonl", "-o", "{file}/x.jsonl"], 2),  # cannot write
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], code: int, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    args = [a.replace("{file}", str(blocker)) for a in args]
    got, out, err = run(str(ARTICLE), *args)
    assert got == code
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("teitools: error:")


@pytest.mark.parametrize(
    ("name", "code"), [("broken.xml", 1), ("not-tei.xml", 1), ("no-such-file.xml", 2)]
)
def test_bad_input_is_one_line_and_the_right_exit_code(name: str, code: int) -> None:
    got, out, err = run(str(DATA / name), "-f", "entities-json")
    assert got == code
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and str(DATA / name) in err


def test_single_format_into_an_existing_directory(tmp_path: Path) -> None:
    code, _, _ = run(str(ARTICLE), "-f", "metadata-jsonld", "-o", str(tmp_path))
    assert code == 0
    written = tmp_path / (ARTICLE.stem + FORMATS["metadata-jsonld"].suffix)
    assert json.loads(written.read_text(encoding="utf-8"))["@type"] == "ScholarlyArticle"
