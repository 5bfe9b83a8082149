#!/usr/bin/env python3
"""Benchmark corpus runs: cold and warm ``build`` and ``validate``; local vs a Dask cluster.

    python benchmarks/bench_corpus.py [--docs 1000] [--jobs N] [--dask-docs 0[,N…]] [--json]

Generates a corpus of letters (tests/corpus/generate.py: year folders, two
register files, cross-document pointers) in a temporary directory and times,
each as a separate ``teitools`` process (start-up included):

* ``teitools build`` cold (empty cache), then warm (nothing changed: the
  target is ≤ 1 s for 1,000 documents, i.e. nothing parsed), then after one
  letter changed;
* ``teitools validate`` cold and warm;
* with ``--dask-docs N[,M…]``: ``teitools validate --no-cache`` over N (then M…)
  documents with ``--jobs`` (local processes) and with ``--dask`` on a
  ``distributed.LocalCluster`` started here (processes, one thread each, as many
  workers as ``--jobs``; started once, before the first run, and warmed on a
  small corpus so that its start-up is not in the figures).  ``--docs 0`` skips
  the build/validate steps above.

Each row gives the wall time, the CPU time of the ``teitools`` process and the
descendants it waited for (the pool of ``--jobs``; not the Dask workers, which
are this script's), and that process's peak RSS (with ``--dask``: the client's,
which must stay flat in the corpus size).  The load average is printed at the
start and the end: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.corpus.generate import make_corpus  # noqa: E402

TEITOOLS = [sys.executable, "-m", "teitools"]


@dataclass
class Timing:
    seconds: float  # wall
    cpu: float  # user + system of the process and the children it waited for
    rss_mb: float  # peak resident set of the process (or its largest waited child)
    summary: str  # the last line it printed


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> Timing:
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([*TEITOOLS, *args], cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"teitools {' '.join(args)} failed:\n{text}")
    lines = text.strip().splitlines()
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  lines[-1] if lines else "")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000,
                    help="letters in the corpus of the build/validate steps (0: skip them)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dask-docs", default="0",
                    help="also compare --jobs and --dask (LocalCluster) on this many letters "
                         "(comma-separated sizes: 1000,10000)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sizes = [int(n) for n in args.dask_docs.split(",") if int(n) > 0]
    rows: list[dict[str, object]] = []
    if not args.json:
        print(f"teitools bench_corpus: {os.cpu_count()} cores, load average {load()} "
              f"at {time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)
    with tempfile.TemporaryDirectory(prefix="teitools-bench-corpus-") as tmp:
        env = {**os.environ, "TEITOOLS_CACHE_DIR": str(Path(tmp) / "cache")}
        # as installed: bytecode cached (a sandbox may switch that off; a user's has it)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        jobs = ["-j", str(args.jobs)]

        def run(label: str, cmd: list[str], root: Path, documents: int) -> None:
            t = timed(cmd, root, env)
            rows.append({"run": label, "documents": documents, "seconds": round(t.seconds, 3),
                         "cpu_seconds": round(t.cpu, 3), "peak_rss_mb": round(t.rss_mb, 1),
                         "load": load(), "summary": t.summary})
            if not args.json:
                print(f"{label:<44} {t.seconds:8.2f} s  CPU {t.cpu:7.2f} s  "
                      f"{t.rss_mb:6.0f} MB   {t.summary}", flush=True)

        if args.docs:
            root = Path(tmp) / "corpus"
            make_corpus(root, letters=args.docs, folders=10, clean=True)
            n = args.docs + 2
            run("validate cold", ["validate", *jobs], root, n)
            run("validate warm", ["validate", *jobs], root, n)
            run("build cold (validation cached)", ["build", *jobs], root, n)
            run("build warm", ["build", *jobs], root, n)
            letter = next((root / "tei").rglob("letter-0001.xml"))
            letter.write_text(letter.read_text().replace("Yesterday", "Only yesterday"))
            run("build after one letter changed", ["build", *jobs], root, n)
            run("build warm again", ["build", *jobs], root, n)
            run("build --no-cache", ["build", "--no-cache", *jobs], root, n)

        if sizes:
            from distributed import LocalCluster

            with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster:
                address = cluster.scheduler_address
                warm = Path(tmp) / "warm-up"
                make_corpus(warm, letters=4 * args.jobs, folders=1, clean=True)
                timed(["validate", "--no-cache", "--dask", address], warm, env)
                for size in sizes:
                    big = Path(tmp) / f"big-{size}"
                    make_corpus(big, letters=size, folders=20, clean=True)
                    n = size + 2
                    run(f"validate --no-cache -j {args.jobs} ({n} docs)",
                        ["validate", "--no-cache", *jobs], big, n)
                    run(f"validate --no-cache --dask LocalCluster ({n} docs)",
                        ["validate", "--no-cache", "--dask", address], big, n)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"load average at the end: {load()} at "
              f"{time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)


if __name__ == "__main__":
    main()
