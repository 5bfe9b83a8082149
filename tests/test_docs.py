"""The documentation shows real output: every ``console`` block of README.md,
CONTRIBUTING.md and docs/*.md is run and compared with what it shows.

In a ```console block, a line ``$ teitools ARGS`` is run (in this process) and the lines
after it, up to the next ``$``, are its output (standard output and error as a terminal
shows them).  Timings (``0.38s``, ``[32 ms]``) match any number; a line ``…`` matches
any run of lines, so a long output can be shown in part.  Each block runs in a fresh
copy of the project (``tei/``, ``schema/``, ``docs/``; ``tests/``, ``xslt/`` and
``../shared`` linked), so
``build/`` and other outputs are written there, never into the repository.  Blocks
tagged ``sh``, ``text`` and the rest are not run.

Internal links between the documents must resolve, and every document is linked from
the README.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.cli import invoke
from support.paths import REPO, SHARED

DOCUMENTS = [REPO / "README.md", REPO / "CONTRIBUTING.md",
             *sorted((REPO / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.M | re.S)
_TIME = re.compile(r"\d+(?:\.\d+)?\s?(?:ms|s)\b")


@dataclass
class Example:
    doc: Path
    line: int
    command: str
    expected: list[str]

    @property
    def id(self) -> str:
        return f"{self.doc.relative_to(REPO)}:{self.line}"


def examples() -> list[list[Example]]:
    """The console blocks of every document, each a list of its commands."""
    blocks: list[list[Example]] = []
    for doc in DOCUMENTS:
        if not doc.is_file():
            continue
        text = doc.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            first = text.count("\n", 0, match.start(1)) + 1
            block: list[Example] = []
            for offset, line in enumerate(match.group(1).splitlines()):
                if line.startswith("$ "):
                    block.append(Example(doc, first + offset, line[2:], []))
                elif block:
                    block[-1].expected.append(line)
                else:
                    raise AssertionError(
                        f"{doc}:{first + offset}: a console block starts with `$ teitools …`; "
                        "show output that is not run as ```text")
            blocks.append(block)
    return blocks


def _normal(line: str) -> str:
    return _TIME.sub("<t>", line.rstrip())


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line equality, timings normalised, ``…`` matching any run of lines."""
    exp = [_normal(e) for e in expected]
    act = [_normal(a) for a in actual]

    # reachable[j]: the expected lines so far can match the first j actual lines
    reachable = [True] + [False] * len(act)
    for line in exp:
        if line in ("…", "..."):
            for j in range(1, len(act) + 1):
                reachable[j] = reachable[j] or reachable[j - 1]
        else:
            reachable = [False] + [reachable[j] and act[j] == line for j in range(len(act))]
    return reachable[len(act)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "teitools"
    work.mkdir()
    for sub in ("tei", "schema", "docs"):
        shutil.copytree(REPO / sub, work / sub)
    (work / "tests").symlink_to(REPO / "tests")
    (work / "xslt").symlink_to((REPO / "xslt").resolve())
    (work / "pyproject.toml").write_bytes((REPO / "pyproject.toml").read_bytes())
    if SHARED.exists():
        (tmp_path / "shared").symlink_to(SHARED.resolve())
    monkeypatch.chdir(work)
    monkeypatch.setenv("NO_COLOR", "1")
    return work


BLOCKS = examples()


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0].id if b else "empty" for b in BLOCKS])
def test_console_example_is_real_output(block: list[Example], project: Path) -> None:
    assert block, "an empty console block"
    for example in block:
        argv = shlex.split(example.command)
        assert argv[0] == "teitools", f"{example.id}: only teitools commands are run"
        if any("../shared" in a for a in argv) and not SHARED.exists():
            pytest.skip(f"{example.id} needs ../shared")
        result = invoke(*argv[1:])
        actual = result.output.splitlines()
        assert matches(example.expected, actual), (
            f"{example.id}: `{example.command}` printed (exit {result.code}):\n"
            + "\n".join(actual[:40]) + "\n--- the document shows:\n"
            + "\n".join(example.expected))


def test_there_are_examples_in_every_manual() -> None:
    documented = {b[0].doc.name for b in BLOCKS if b}
    assert "README.md" in documented
    for name in ("validate.md", "odd.md", "editions.md"):
        assert name in documented, f"docs/{name} has no console example"


_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("doc", [d for d in DOCUMENTS if d.is_file()],
                         ids=lambda d: str(d.relative_to(REPO)))
def test_links_resolve(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # a URL
        assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"


def test_every_doc_is_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for doc in (REPO / "docs").glob("*.md"):
        assert f"docs/{doc.name}" in readme, f"README.md does not link docs/{doc.name}"
    assert "CONTRIBUTING.md" in readme


def test_matching_rules() -> None:
    assert matches(["a", "…", "c"], ["a", "b", "b", "c"])
    assert matches(["a", "…"], ["a"])
    assert not matches(["a", "…", "c"], ["a", "b"])
    assert matches(["in 0.3s [32 ms]"], ["in 12.04s [1137 ms]"])
    assert not matches(["a"], ["a", "b"])
    assert not matches(["1 file, 1 valid"], ["1 file, 0 valid"])


def test_the_readme_stays_short() -> None:
    """≤ 250 lines: what it is, set-up, each command in a few lines; manuals go to docs/."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= 250, f"README.md has {lines} lines; move detail into docs/TOPIC.md"


def test_the_package_map_names_real_paths() -> None:
    """docs/design.md's package map: every path and module it names exists."""
    text = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    table = text[text.index("## Package map"):text.index("\n## ", text.index("## Package map") + 5)]
    for row in re.findall(r"^\| `([^`]+)` \| (.*) \|$", table, flags=re.M):
        path, concern = row
        assert (REPO / path).exists(), f"docs/design.md names {path}, which does not exist"
        if path.endswith("/") and path.startswith("src/"):
            for module in re.findall(r"`(\w+\.py)`", concern):
                assert (REPO / path / module).is_file(), f"{path}{module} does not exist"
