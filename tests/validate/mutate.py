"""Verdicts on damaged copies of valid documents, beside jing's.

The damaged copies themselves come from :mod:`support.mutate` (re-exported here).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from lxml import etree

from support.mutate import mutants as mutants
from support.mutate import sources as sources
from teitools.validate import relaxng


def verdicts_beside_jing(schema: Path, out: Path, count: int, seed: int
                         ) -> list[tuple[Path, bool, bool]]:
    """(file, teitools' verdict, jing's) for the sources and ``count`` mutants of each.

    teitools' verdict is the production path: the grammar :class:`relaxng.Grammar`
    compiles for the document (reduced and simplified as it would be).
    """
    files: list[Path] = []
    for src in sources():
        for i, tree in enumerate(mutants(src, count, seed=seed)):
            if any(not str(v)[:1].isalpha() for v in
                   tree.xpath("//@xml:id")):  # type: ignore[union-attr]
                continue  # lxml refuses to read a malformed xml:id back
            path = out / f"{src.stem}-{i:02}.xml"
            tree.write(str(path), encoding="UTF-8", xml_declaration=True)
            files.append(path)
    proc = subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True,
                          text=True, timeout=120)
    jing_invalid = {Path(line.split(":", 1)[0]) for line in proc.stdout.splitlines()
                    if ": error:" in line}
    grammar = relaxng.Grammar(schema)
    verdicts = []
    for f in files:
        tree = etree.parse(str(f))
        ok = grammar.validator(relaxng.element_names(tree)).validate(tree)
        verdicts.append((f, bool(ok), f not in jing_invalid))
    return verdicts
