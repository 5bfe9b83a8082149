#!/usr/bin/env python3
"""Benchmark corpus runs: cold and warm ``build`` and ``validate``; local vs a Dask cluster.

    python benchmarks/bench_corpus.py [--docs 1000] [--jobs N] [--dask-docs 0] [--json]

Generates a corpus of letters (tests/corpus/generate.py: year folders, two
register files, cross-document pointers) in a temporary directory and times,
each as a separate ``teitools`` process (start-up included):

* ``teitools build`` cold (empty cache), then warm (nothing changed: the
  target is ≤ 1 s for 1,000 documents, i.e. nothing parsed), then after one
  letter changed;
* ``teitools validate`` cold and warm;
* with ``--dask-docs N``: ``teitools validate --no-cache`` over N documents with
  ``--jobs`` (local processes) and with ``--dask`` on a ``distributed.LocalCluster``
  started here (processes, one thread each, as many workers as ``--jobs``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.corpus.generate import make_corpus  # noqa: E402

TEITOOLS = [sys.executable, "-m", "teitools"]


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([*TEITOOLS, *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"teitools {' '.join(args)} failed:\n{proc.stderr}")
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return elapsed, lines[-1] if lines else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="letters in the corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dask-docs", type=int, default=0,
                    help="also compare --jobs and --dask (LocalCluster) on this many letters")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="teitools-bench-corpus-") as tmp:
        root = Path(tmp) / "corpus"
        make_corpus(root, letters=args.docs, folders=10, clean=True)
        env = {**os.environ, "TEITOOLS_CACHE_DIR": str(Path(tmp) / "cache")}
        jobs = ["-j", str(args.jobs)]

        def run(label: str, cmd: list[str]) -> None:
            seconds, summary = timed(cmd, root, env)
            rows.append({"run": label, "documents": args.docs + 2, "seconds": round(seconds, 3),
                         "summary": summary})
            if not args.json:
                print(f"{label:<34} {seconds:8.2f} s   {summary}", flush=True)

        run("validate cold", ["validate", *jobs])
        run("validate warm", ["validate", *jobs])
        run("build cold (validation cached)", ["build", *jobs])
        run("build warm", ["build", *jobs])
        letter = next((root / "tei").rglob("letter-0001.xml"))
        letter.write_text(letter.read_text().replace("Yesterday", "Only yesterday"))
        run("build after one letter changed", ["build", *jobs])
        run("build --no-cache", ["build", "--no-cache", *jobs])

        if args.dask_docs:
            from distributed import LocalCluster

            big = Path(tmp) / "big"
            make_corpus(big, letters=args.dask_docs, folders=20, clean=True)
            n = args.dask_docs + 2
            for label, extra in (("validate --jobs", jobs),):
                seconds, summary = timed(["validate", "--no-cache", *extra], big, env)
                rows.append({"run": label, "documents": n, "seconds": round(seconds, 3),
                             "summary": summary})
                if not args.json:
                    print(f"{label + f' ({n} docs)':<34} {seconds:8.2f} s   {summary}",
                          flush=True)
            with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster:
                label = "validate --dask LocalCluster"
                seconds, summary = timed(["validate", "--no-cache", "--dask",
                                          cluster.scheduler_address], big, env)
                rows.append({"run": label, "documents": n, "seconds": round(seconds, 3),
                             "summary": summary})
                if not args.json:
                    print(f"{label + f' ({n} docs)':<34} {seconds:8.2f} s   {summary}",
                          flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
