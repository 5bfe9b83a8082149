#!/usr/bin/env python3
"""Benchmark the article's editions against another revision of teitools (A/B).

    python benchmarks/bench_editions_ab.py REV [--runs N] [--document DOC] [--command]

Exports ``REV`` (``git archive``) to a temporary directory and times, interleaved run by
run so that both sides see the same load, a whole process ``render_html`` /
``render_text`` of the document with that revision's package (``PYTHONPATH``) and with
this checkout's.  With ``--command`` each run is the whole ``teitools html`` /
``teitools text`` command instead, the validation gate included (each side with its own
fresh cache directory, warmed by one run first: the loop of an encoder who renders
again and again). Each side renders the document of its own tree (the same path, so the
same project look-up: ``[tool.teitools]``, ``schema/``). Prints the median and best wall
time and the median CPU time (user + system of the process and its threads): on a
loaded machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

# Time processes as a user's install runs them: with their bytecode cached, not recompiled
# on every start (some shells and containers export PYTHONDONTWRITEBYTECODE).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
ARTICLE = Path("tei") / "kotkin-1991-rustbelt.xml"


def export(rev: str, target: Path) -> Path:
    data = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(target, filter="tar")
    return target


def one_run(root: Path, kind: str, doc: Path, out: Path, command: bool = False,
            cache: Path | None = None) -> tuple[float, float]:
    if command:
        code = ("import sys; from teitools.cli import main; "
                f"sys.argv = ['teitools', {kind!r}, {str(root / doc)!r}, '-o', {str(out)!r}]; "
                "main()")
    else:
        code = (f"from teitools.render import render_{kind}; "
                f"render_{kind}({str(root / doc)!r}, {str(out)!r})")
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    if cache is not None:
        env["TEITOOLS_CACHE_DIR"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"bench: {root}: render_{kind} failed: {proc.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the other revision (e.g. main, a commit)")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--document", type=Path, default=ARTICLE,
                        help="path inside both trees (default: the article)")
    parser.add_argument("--command", action="store_true",
                        help="time the teitools html/text commands (validation included)")
    args = parser.parse_args()
    what = "teitools {}" if args.command else "render_{}"
    print(f"load average at the start: {os.getloadavg()[0]:.1f} (2 cores)")
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as tmp:
        other = export(args.rev, Path(tmp) / "other")
        sides = {args.rev: other, "this checkout": REPO}
        caches = {name: Path(tmp) / f"cache-{i}" for i, name in enumerate(sides)}
        for kind in ("html", "text"):
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
            for run in range(args.runs + 1):
                for name, root in sides.items():
                    timing = one_run(root, kind, args.document, Path(tmp) / f"out.{kind}",
                                     args.command, caches[name])
                    if run:  # the first run of each side warms its cache
                        samples[name].append(timing)
            for name, rows in samples.items():
                walls = [w for w, _ in rows]
                cpus = [c for _, c in rows]
                print(f"{what.format(kind):13} {name:16} wall median "
                      f"{statistics.median(walls):6.3f} s best {min(walls):6.3f} s | "
                      f"CPU median {statistics.median(cpus):6.3f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
