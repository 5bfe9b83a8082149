"""The command line as a user meets it: help, version, exit codes, one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.cli import invoke, run_process
from support.paths import REPO
from teitools import __version__

COMMANDS = ["build", "validate", "schema", "html", "text", "export", "cache"]


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.code == 0
    listed = re.findall(r"^  (\w+)\s", result.output, flags=re.M)
    assert set(COMMANDS) <= set(listed), listed


def test_version() -> None:
    result = invoke("--version")
    assert result.code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.code == 0, result.output
    assert "Example" in result.output


def test_unknown_command_is_a_usage_error() -> None:
    result = invoke("frobnicate")
    assert result.code == 2


def test_console_script_runs_as_a_process() -> None:
    proc = run_process("--version")
    assert proc.code == 0
    assert __version__ in proc.out


def test_readme_setup_commands_are_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    block = re.search(r"## Set-up\n.*?```(?:sh|bash)?\n(.*?)```", readme, flags=re.S)
    assert block, "README.md needs a '## Set-up' section with a code block"
    lines = block.group(1).splitlines()
    commands = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    assert len(commands) == 2
    for command in commands:
        assert command in ci, f"{command!r} is not what .ci/run runs"


# ------------------------------------------------------------------ one error policy

ARTICLE = REPO / "tei" / "kotkin-1991-rustbelt.xml"
INTERNAL = ("teitools: internal error: RuntimeError: boom; run with --debug for the "
            "traceback\n")

#: (command line, the library function it calls), for every command.
CALLS = [
    (["build", "--root", str(REPO)], "teitools.build.run_build"),
    (["validate", str(ARTICLE)], "teitools.corpus.validate_corpus"),
    (["init", "new-project", "--base", "tei_simplePrint"], "teitools.corpus.scaffold.init_project"),
    (["xml-model", str(ARTICLE)], "teitools.corpus.xmlmodel.add_xml_model"),
    (["export", str(ARTICLE), "-f", "units-jsonl"], "teitools.export.export_document"),
    (["html", str(ARTICLE)], "teitools.render.load_tei"),
    (["text", str(ARTICLE)], "teitools.render.load_tei"),
    (["schema", "build"], "teitools.odd.derive.build_schemas"),
    (["schema", "check"], "teitools.odd.derive.check_schemas"),
    (["export", str(REPO / "tei"), "-o", "out"], "teitools.export.corpus.load_corpus"),
    (["dts", str(REPO / "tei")], "teitools.export.corpus.load_corpus"),
    (["lsp"], "teitools.lsp.serve"),
    (["cache", "info"], "teitools.validate.cache.DiskCache.info"),
    (["cache", "clear"], "teitools.validate.cache.DiskCache.clear"),
]


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize(("args", "target"), CALLS, ids=[t for _, t in CALLS])
def test_an_unexpected_exception_is_one_line_and_exit_3(
        args: list[str], target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(target, _boom)
    result = invoke(*args)
    assert result.code == 3, result.output
    assert result.err == INTERNAL and result.out == ""
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("teitools.corpus.validate_corpus", _boom)
    result = invoke("--debug", "validate", ARTICLE)
    assert result.code == 3
    assert result.err.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom")' in result.err
    assert result.err.endswith(INTERNAL)


def test_a_teitools_error_is_still_its_one_line_and_exit_code(tmp_path: Path) -> None:
    result = invoke("build", "--root", tmp_path)
    assert result.code == 2
    assert result.err.startswith("teitools: error: ") and result.err.count("\n") == 1


def test_commands_return_their_exit_code_without_sys_exit() -> None:
    source = (REPO / "src" / "teitools" / "cli.py").read_text(encoding="utf-8")
    assert "sys.exit" not in source


def test_wrote_goes_to_stderr_for_every_command(tmp_path: Path) -> None:
    outputs = [
        (["html", str(ARTICLE), "-o", str(tmp_path / "a.html")], tmp_path / "a.html"),
        (["text", str(ARTICLE), "-o", str(tmp_path / "a.txt")], tmp_path / "a.txt"),
        (["export", str(ARTICLE), "-f", "units-jsonl", "-o", str(tmp_path / "u.jsonl")],
         tmp_path / "u.jsonl"),
        (["schema", "build", str(REPO / "schema" / "rustbelt.odd"), "--out",
          str(tmp_path / "schema")], tmp_path / "schema" / "rustbelt.rng"),
    ]
    for args, path in outputs:
        result = invoke(*args)
        assert result.code == 0, result.output
        assert f"wrote {path}" in result.err and "wrote" not in result.out, args


# ------------------------------------------------------------------ teitools cache


def test_cache_info_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools.validate.cache import DiskCache

    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(tmp_path))
    DiskCache().store("schematron", "k", b"x" * 2048, ".xsl")
    result = invoke("cache", "info")
    assert result.code == 0
    assert result.out.splitlines()[0] == f"{tmp_path} (on, at most 256 MB)"
    assert "  schematron: 1 entries, 0.0 MB" in result.out
    result = invoke("cache", "clear")
    assert (result.code, result.out) == (0, f"removed 1 entry from {tmp_path}\n")
    assert not list((tmp_path / "schematron").iterdir())
    result = invoke("--no-cache", "cache", "info")
    assert "(off, " in result.out.splitlines()[0]


def test_no_cache_writes_nothing_and_is_undone_after_the_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from teitools.validate import default_validator

    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TEITOOLS_CACHE", raising=False)
    default_validator().clear()
    result = invoke("--no-cache", "validate", ARTICLE)
    assert result.code == 0, result.output
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert "TEITOOLS_CACHE" not in os.environ
