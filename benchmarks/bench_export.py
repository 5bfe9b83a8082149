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

Prints median and best of N runs, as wall-clock time and as CPU time (user +
system, of the process and its children): on a machine shared with other work the
wall time mostly measures the others, the CPU time what the export itself costs.
``--dts`` adds the DTS site and the OAI file (slow where creating files is slow).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Time processes as a user's install runs them: with their bytecode cached, not recompiled
# on every start (some shells and containers export PYTHONDONTWRITEBYTECODE).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

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


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _time(runs: int, action: Callable[[], object]) -> tuple[list[float], list[float]]:
    """(wall times, CPU times) of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if the export takes more than {TARGET_SECONDS} s (CPU)")
    parser.add_argument("--dts", action="store_true", help="also time DTS and OAI")
    args = parser.parse_args()

    from teitools.export.corpus import export_corpus, load_corpus, write_corpus
    from teitools.harvest.dts import write_dts
    from teitools.harvest.oai import write_oai

    results: dict[str, tuple[list[float], list[float]]] = {}
    files = 0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp) / "tei"
        _generator()(root, args.letters)
        out = Path(tmp) / "export"
        command = [*_teitools(), "export", str(root), "-o", str(out)]

        def cli() -> None:
            subprocess.run(command, check=True, capture_output=True,
                           env={**os.environ, "PYTHONWARNINGS": "ignore"})

        results["teitools export DIR (process)"] = _time(args.runs, cli)
        results["  read + parse (load_corpus)"] = _time(args.runs,
                                                        lambda: load_corpus([root]))
        results["  read + collect (export_corpus)"] = _time(
            args.runs, lambda: export_corpus(load_corpus([root])))
        corpus = load_corpus([root])
        exported = export_corpus(corpus)
        results["  write (write_corpus)"] = _time(args.runs, lambda: write_corpus(exported, out))
        if args.dts:
            results["teitools dts (library)"] = _time(
                1, lambda: write_dts(corpus.all, Path(tmp) / "dts"))
            results["OAI static repository (library)"] = _time(
                1, lambda: write_oai(corpus.all, Path(tmp) / "oai.xml"))
            files = sum(1 for p in (Path(tmp) / "dts").rglob("*") if p.is_file())
        load = os.getloadavg()[0]

    if args.json:
        print(json.dumps({"letters": args.letters, "dts_files": files, "load": load,
                          "results": {k: {"wall_median": statistics.median(w), "wall_best": min(w),
                                          "cpu_median": statistics.median(c), "cpu_best": min(c)}
                                      for k, (w, c) in results.items()}}, indent=2))
    else:
        print(f"corpus: {args.letters} letters + 1 register; {args.runs} runs; "
              f"load average {load:.1f} on {os.cpu_count()} CPUs"
              + (f"; DTS: 1 run, {files} files" if args.dts else ""))
        for name, (wall, cpu) in results.items():
            print(f"{name:34} wall median {statistics.median(wall):6.2f} s, best {min(wall):6.2f}"
                  f" s | CPU median {statistics.median(cpu):6.2f} s")
    export_time = statistics.median(results["teitools export DIR (process)"][1])
    if args.check and export_time > TARGET_SECONDS:
        print(f"target missed: {export_time:.2f} s > {TARGET_SECONDS} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
