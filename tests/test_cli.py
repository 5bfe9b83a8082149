"""The command line as a user meets it: help, version, exit codes, one-line errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools import __version__
from teitools.cli import main

REPO = Path(__file__).resolve().parents[1]
COMMANDS = ["build", "validate", "schema", "html", "text", "export"]


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  (\w+)\s", result.output, flags=re.M)
    assert set(COMMANDS) <= set(listed), listed


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2


def test_console_script_runs_as_a_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "teitools", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert __version__ in proc.stdout


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
