"""Benchmark: teitools' native ODD compiler vs. the TEI Stylesheets (odd-reference).

Compiles ODDs to RELAX NG + Schematron with both tools in the same run and
prints wall time and peak RSS of each, and the ratios.  Each measurement runs
in a fresh process (so the TEI source is parsed every time: no warm cache).

usage: python benchmarks/bench_odd.py [ODD ...]
       (default: ../shared/tei-p5/exemplars/tei_all.odd and tei_lite.odd, plus
        schema/*.odd when present)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Time processes as a user's install runs them: with their bytecode cached, not recompiled
# on every start (some shells and containers export PYTHONDONTWRITEBYTECODE).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
REFERENCE_TOOL = SHARED / "tools" / "odd-reference"

TEITOOLS_SNIPPET = """
import sys
from pathlib import Path
from teitools.odd.compile import compile_odd
from teitools.odd.emit.relaxng import emit_rng
from teitools.odd.emit.schematron import emit_schematron
from lxml import etree
import time
t0 = time.perf_counter()
schema = compile_odd(sys.argv[1])
out = Path(sys.argv[2])
(out / "x.rng").write_bytes(etree.tostring(emit_rng(schema), pretty_print=True))
(out / "x.sch").write_bytes(etree.tostring(emit_schematron(schema), pretty_print=True))
(out / "time").write_text(str(time.perf_counter() - t0))
"""


WRAPPER = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t0
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command's process tree, in a fresh wrapper."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def main(argv: list[str]) -> int:
    odds = [Path(a) for a in argv] or [
        SHARED / "tei-p5" / "exemplars" / "tei_all.odd",
        SHARED / "tei-p5" / "exemplars" / "tei_lite.odd",
        *sorted((REPO / "schema").glob("*.odd")),
    ]
    have_ref = REFERENCE_TOOL.exists() and Path("/usr/share/java/Saxon-HE.jar").exists()
    rows = []
    for odd in odds:
        with tempfile.TemporaryDirectory() as tmp:
            t_wall, t_rss = measure([sys.executable, "-c", TEITOOLS_SNIPPET, str(odd), tmp])
            t_in = float((Path(tmp) / "time").read_text())
            if have_ref:
                r_wall, r_rss = measure([str(REFERENCE_TOOL), str(odd), tmp])
            else:
                r_wall = r_rss = float("nan")
        rows.append((odd.name, t_wall, t_in, t_rss, r_wall, r_rss))
    print(
        f"{'ODD':<20}{'teitools s':>11}{'(in-process)':>13}{'MB':>6}{'reference s':>13}"
        f"{'MB':>6}{'speed-up':>10}{'memory':>8}"
    )
    for name, tw, ti, tr, rw, rr in rows:
        print(
            f"{name:<20}{tw:>11.2f}{ti:>13.2f}{tr:>6.0f}{rw:>13.2f}{rr:>6.0f}"
            f"{rw / tw:>9.1f}x{tr / rr:>8.0%}"
        )
    print("teitools s: whole process (interpreter start, imports, parsing p5subset, compiling,")
    print("writing .rng + .sch); in-process: compile_odd + emitters only.  MB: peak RSS of the")
    print("process tree.  reference: Java/Saxon odd2odd + odd2relax + extract-isosch.")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main(sys.argv[1:]))
