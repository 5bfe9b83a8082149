#!/usr/bin/env python3
"""Benchmark ``teitools validate --xsd``: cold cache, warm cache, warm cache + a changed document.

    python benchmarks/bench_xsd.py [DOCUMENT] [--xsd X] [--repeat 5]

DOCUMENT defaults to the article, the schema to ``schema/rustbelt.xsd``.
Each time is process start to exit (median of --repeat runs):

* cold: an empty cache directory (xmlschema imported, the schema built);
* warm: the same document again (its XSD result is in the cache);
* warm, changed document: the schema unpickled from the cache, the document validated;
* without --xsd: the same document with RELAX NG + Schematron only, for scale.
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"bench_xsd: {' '.join(cmd)} failed:\n{proc.stderr.decode()}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", type=Path,
                        default=REPO / "tei" / "kotkin-1991-rustbelt.xml")
    parser.add_argument("--xsd", type=Path, default=REPO / "schema" / "rustbelt.xsd")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    teitools = shutil.which("teitools", path=str(Path(sys.executable).parent)) or \
        shutil.which("teitools")
    if teitools is None:
        print("bench_xsd: teitools is not installed", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-xsd-"))
    cache = work / "cache"
    env = {**os.environ, "TEITOOLS_CACHE_DIR": str(cache)}
    # the copy sits where the original does relative to its schemas: ../schema/
    (work / "tei").mkdir()
    (work / "schema").symlink_to(args.document.resolve().parent.parent / "schema")
    doc = work / "tei" / args.document.name
    shutil.copy(args.document, doc)
    ours = [teitools, "validate", "--xsd", str(args.xsd.resolve()), str(doc)]

    def median(run: Callable[[], float]) -> float:
        return statistics.median(run() for _ in range(args.repeat))

    def cold() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return timed(ours, env)

    counter = iter(range(10**6))

    def changed() -> float:
        data = args.document.read_bytes().replace(b"</TEI>", f"<!-- {next(counter)} --></TEI>"
                                                  .encode(), 1)
        doc.write_bytes(data)
        return timed(ours, env)

    results = {"cold cache": median(cold)}
    timed(ours, env)
    results["warm cache, same document"] = median(lambda: timed(ours, env))
    results["warm cache, changed document"] = median(changed)
    shutil.copy(args.document, doc)
    timed(ours[:2] + ours[4:], env)
    results["without --xsd (warm)"] = median(lambda: timed(ours[:2] + ours[4:], env))
    print(f"document: {args.document}\nschema:   {args.xsd}\n"
          f"machine:  {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
          f"median of {args.repeat} runs, process start to exit\n")
    for name, secs in results.items():
        print(f"  {name:<30} {secs:7.3f} s")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
