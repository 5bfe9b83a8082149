"""A real editor: headless Neovim starts `teitools lsp` and uses it (tests/lsp/nvim_check.lua)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ARTICLE, CACHE, REPO, position

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="needs Neovim (Debian package neovim)")


def test_neovim_gets_diagnostics_completion_and_hover(tmp_path: Path) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    for ext in ("rng", "sch"):  # the copy names the project's schemas by absolute path
        text = text.replace(f'href="../schema/rustbelt.{ext}"',
                            f'href="{REPO / "schema" / f"rustbelt.{ext}"}"')
    broken = '<persName ref="#zerkin">Vladimir Zerkin</persName>'
    assert broken in text
    text = text.replace(broken, '<persname ref="#zerkin">Vladimir Zerkin</persname>', 1)
    doc = tmp_path / "edited.xml"
    doc.write_text(text, encoding="utf-8")
    complete_at = position(text, text.index('<persName ref="#borodin"'))
    hover_at = position(text, text.index('<persName ref="#borodin"') + 3)
    out = tmp_path / "answers.json"
    env = {
        **os.environ,
        "TEI_LSP_CMD": "\x1f".join([sys.executable, "-m", "teitools", "lsp"]),
        "TEI_FILE": str(doc), "TEI_ROOT": str(tmp_path), "TEI_OUT": str(out),
        "TEI_LINE": str(complete_at.line), "TEI_CHAR": str(complete_at.character),
        "TEI_HOVER_LINE": str(hover_at.line), "TEI_HOVER_CHAR": str(hover_at.character),
        "TEITOOLS_CACHE_DIR": CACHE,
    }
    assert NVIM is not None
    run = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-c",
         f"luafile {Path(__file__).with_name('nvim_check.lua')}"],
        env=env, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert out.is_file(), f"Neovim wrote no answers: {run.stdout}\n{run.stderr}"
    answers = json.loads(out.read_text(encoding="utf-8"))
    assert answers["errors"] == []
    diagnostics = answers["diagnostics"]
    assert [d["code"] for d in diagnostics] == ["unknown-element"]
    start = position(text, text.index('<persname ref="#zerkin"') + 1)
    assert diagnostics[0]["range"]["start"] == {"line": start.line,
                                                "character": start.character}
    assert answers["shown"] == 1  # Neovim's own diagnostic list has it
    assert {"<persName>", "<said>", "<placeName>"} <= set(answers["completion"])
    assert "<div>" not in answers["completion"]
    assert "personal name" in answers["hover"]
