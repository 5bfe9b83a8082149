#!/usr/bin/env python3
"""Benchmark the client's peak memory of corpus runs against the corpus size.

    python benchmarks/bench_corpus_memory.py [--docs 1000,5000] [--jobs 2] [--dask]
                                             [--src OTHER/src …] [--steps …] [--json]

For each size, generates a corpus of letters (tests/corpus/generate.py) and runs,
each as a separate process with a cache of its own: ``validate -j N`` cold,
``build -j N`` cold (validation cached by the validate before it), ``build -j N``
warm, and with ``--dask`` ``validate --no-cache --dask`` on a ``LocalCluster``.
The figure is the **client's** peak RSS alone (``VmHWM`` of the ``teitools``
process on Linux, written at its exit): the pool's workers and the Dask workers
are not counted, which ``wait4``'s figure (bench_corpus.py) would mix in, nor is
this script's own memory, which ``getrusage``'s ``ru_maxrss`` of a child carries
over from the fork.

``--src`` names other source trees (e.g. an export of the previous commit:
``git archive HEAD src | tar -x -C /tmp/base``) to run the same steps with, one
after the other in the same run, so that before/after figures share the load.
The load average is printed with every row: the machine is shared.  The
``LocalCluster``'s workers import this script's teitools whatever ``--src``
says: compare ``--dask`` rows across sources only when their records agree.
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

#: Runs the command line and, at the exit of this process only (not of forked
#: workers, which leave by os._exit), writes its own peak RSS in KiB.
#: On Linux the figure is VmHWM, the peak of this process's own memory: ``ru_maxrss``
#: would include the benchmark's, which the child is forked from (exec keeps the larger).
WRAPPER = """
import atexit, os, resource, sys
out, me = os.environ["BENCH_RSS_FILE"], os.getpid()
def peak_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def dump():
    if os.getpid() == me:
        with open(out, "w") as f:
            f.write(str(peak_kib()))
atexit.register(dump)
sys.argv = ["teitools", *sys.argv[1:]]
from teitools.cli import main
main()
"""


def client_run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, client peak RSS in MB, last line printed)."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=cwd,
                              env={**env, "BENCH_RSS_FILE": str(rss_file)},
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1) or not rss_file.is_file():
            raise SystemExit(f"teitools {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        return elapsed, int(rss_file.read_text()) / 1024, lines[-1] if lines else ""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", default="1000,5000", help="corpus sizes, comma-separated")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dask", action="store_true", help="also validate on a LocalCluster")
    ap.add_argument("--src", action="append", default=[],
                    help="another source tree to compare (PYTHONPATH); this checkout first")
    ap.add_argument("--steps", default="validate cold,validate warm,build cold,build warm",
                    help="which runs, comma-separated (default: all but --dask's)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    wanted = {*args.steps.split(","), "validate --dask"}
    sources = [("this", str(REPO / "src")),
               *((f"src{i}", str(Path(s).resolve())) for i, s in enumerate(args.src, 1))]
    rows: list[dict[str, object]] = []
    jobs = ["-j", str(args.jobs)]
    cluster = None
    if args.dask:
        from distributed import LocalCluster

        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=args.jobs, threads_per_worker=1, processes=True,
            dashboard_address=None)
    if not args.json:
        print(f"bench_corpus_memory: {os.cpu_count()} cores, load {load()} at "
              f"{time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="teitools-bench-mem-") as tmp:
            for size in (int(n) for n in args.docs.split(",")):
                root = Path(tmp) / f"corpus-{size}"
                make_corpus(root, letters=size, folders=20, clean=True)
                for label, src in sources:
                    env = {**os.environ, "PYTHONPATH": src,
                           "TEITOOLS_CACHE_DIR": str(Path(tmp) / f"cache-{label}-{size}")}
                    env.pop("PYTHONDONTWRITEBYTECODE", None)
                    steps = [("validate cold", ["validate", *jobs]),
                             ("validate warm", ["validate", *jobs]),
                             ("build cold", ["build", *jobs, "--out", f"{tmp}/out-{label}"]),
                             ("build warm", ["build", *jobs, "--out", f"{tmp}/out-{label}"])]
                    if cluster is not None:
                        steps.append(("validate --dask", ["validate", "--no-cache", "--dask",
                                                          cluster.scheduler_address]))
                    for step, cmd in (s for s in steps if s[0] in wanted):
                        seconds, rss, summary = client_run(cmd, root, env)
                        rows.append({"source": label, "documents": size + 2, "run": step,
                                     "seconds": round(seconds, 2),
                                     "client_peak_rss_mb": round(rss, 1), "load": load(),
                                     "summary": summary})
                        if not args.json:
                            print(f"{label:<6} {size + 2:>6} {step:<16} {seconds:7.2f} s "
                                  f"{rss:7.1f} MB  load {load()}  {summary[:60]}", flush=True)
    finally:
        if cluster is not None:
            cluster.close()
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
