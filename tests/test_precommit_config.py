"""This repository's pre-commit hooks run what CI runs: the TEI checks, ruff and mypy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.paths import REPO

CONFIG = REPO / ".pre-commit-config.yaml"


def hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_hooks_are_the_ci_checks() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    found = hooks()
    assert {"tei-validate", "tei-schema-check", "ruff", "mypy"} <= set(found)
    assert str(found["ruff"]["entry"]).startswith("ruff check") and "ruff check" in ci
    assert found["mypy"]["entry"] == "mypy" and "\nmypy" in ci
    assert found["mypy"]["pass_filenames"] is False  # the whole package, as CI checks it
    for hook in found.values():
        assert hook["language"] == "system"  # the development venv's tools, no download


def test_ruff_hook_runs(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent  # the venv's tools, as with an activated venv
    pre_commit = str(bin_dir / "pre-commit") if (bin_dir / "pre-commit").is_file() \
        else shutil.which("pre-commit") or ""
    if not Path(pre_commit).is_file() or not (REPO / ".git").exists():
        pytest.skip("needs pre-commit and a git checkout")
    # --all-files: pre-commit leaves the working tree alone (no stash of unstaged work)
    proc = subprocess.run([pre_commit, "run", "ruff", "--all-files"], cwd=REPO,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path),
                               "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ruff" in proc.stdout and "Passed" in proc.stdout
