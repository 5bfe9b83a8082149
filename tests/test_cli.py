"""The command line as a user meets it: help, version, exit codes, one-line errors."""

from __future__ import annotations

import re

import pytest

from support.cli import invoke, run_process
from support.paths import REPO
from teitools import __version__

COMMANDS = ["build", "validate", "schema", "html", "text", "export"]


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
