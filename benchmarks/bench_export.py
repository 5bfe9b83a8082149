#!/usr/bin/env python3
"""Benchmark the corpus exports: a generated corpus of letters, as ``teitools export DIR``.

    python benchmarks/bench_export.py [--letters 1000] [--runs 3] [--json] [--check]

Writes N generated letters with their shared person register (the generator of
``tests/harvest/letters.py``: correspDesc, del/add, a postscript without id,
every name pointing into ``persons.xml``) into a temporary directory, then times:

* ``teitools export DIR -o OUT`` as a whole process (start-up, reading and
  parsing every file, every table and its schema written) — the figure the
  target is about: **a few seconds for 1,000 letters** (``--check`` exits 1
  above ``TARGET_SECONDS``);
* the phases in one process: reading the corpus (``load_corpus``), collecting
  the tables (``export_corpus``), writing them;
* for information, ``teitools dts`` (the static DTS site) and the OAI-PMH
  static repository of the same corpus (their cost is mostly creating files).

Prints median and best of N runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 5.0


def _generator() -> Callable[[Path, int], list[Path]]:
    spec = importlib.util.spec_from_file_location("letters", REPO / "tests" / "harvest" /
                                                  "letters.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    write: Callable[[Path, int], list[Path]] = module.write_letters
    return write


def _teitools() -> list[str]:
    exe = Path(sys.executable).with_name("teitools")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "teitools"]


def _time(runs: int, action: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if the export takes more than {TARGET_SECONDS} s")
    args = parser.parse_args()

    from teitools.export.corpus import export_corpus, load_corpus, write_corpus
    from teitools.harvest.dts import write_dts
    from teitools.harvest.oai import write_oai

    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp) / "tei"
        _generator()(root, args.letters)
        out = Path(tmp) / "export"
        command = [*_teitools(), "export", str(root), "-o", str(out)]

        def cli() -> None:
            subprocess.run(command, check=True, capture_output=True,
                           env={**os.environ, "PYTHONWARNINGS": "ignore"})

        results["teitools export DIR (process)"] = _time(args.runs, cli)
        corpus_box: list[object] = []
        results["  read + parse (load_corpus)"] = _time(
            args.runs, lambda: corpus_box.append(load_corpus([root])))
        corpus = load_corpus([root])
        export_box: list[object] = []
        results["  collect (export_corpus)"] = _time(
            args.runs, lambda: export_box.append(export_corpus(load_corpus([root]))))
        results["  collect, minus read"] = [
            c - r for c, r in zip(results["  collect (export_corpus)"],
                                  results["  read + parse (load_corpus)"], strict=True)]
        exported = export_corpus(corpus)
        results["  write (write_corpus)"] = _time(args.runs,
                                                  lambda: write_corpus(exported, out))
        results["teitools dts (library, files)"] = _time(
            1, lambda: write_dts(corpus.all, Path(tmp) / "dts"))
        results["OAI static repository (library)"] = _time(
            1, lambda: write_oai(corpus.all, Path(tmp) / "oai.xml"))
        files = sum(1 for _ in (Path(tmp) / "dts").rglob("*") if _.is_file())

    if args.json:
        print(json.dumps({"letters": args.letters, "dts_files": files,
                          "results": {k: {"median": statistics.median(v), "best": min(v)}
                                      for k, v in results.items()}}, indent=2))
    else:
        print(f"corpus: {args.letters} letters + 1 register; {args.runs} runs "
              f"(DTS and OAI: 1 run; DTS wrote {files} files)")
        for name, values in results.items():
            print(f"{name:34} median {statistics.median(values):6.2f} s   "
                  f"best {min(values):6.2f} s")
    export_time = statistics.median(results["teitools export DIR (process)"])
    if args.check and export_time > TARGET_SECONDS:
        print(f"target missed: {export_time:.2f} s > {TARGET_SECONDS} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
