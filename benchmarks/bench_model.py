#!/usr/bin/env python3
"""Benchmark the processing model: compiling tei_simplePrint's, and rendering with it.

    python benchmarks/bench_model.py [--runs N] [--json]

* compiling tei_simplePrint's processing model (ODD merge, XSLT generation, the check
  compile with the behaviour library), in a fresh process each run, without and with
  the content-hash cache (target: at most 1 s);
* rendering the article and three of TEI's test documents to HTML and text with the
  default model, as whole processes (``render_html`` / ``render_text`` in ``python -c``);
* beside the TEI Stylesheets' ``teitohtml`` / ``teitotxt`` when a full distribution is
  found (``$TEI_STYLESHEETS/bin``); else Java Saxon-HE running the same generated
  stylesheet (what this XSLT costs on the JVM).  Target: at least 5x faster.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# Time processes as a user's install runs them: with their bytecode cached, not recompiled
# on every start (some shells and containers export PYTHONDONTWRITEBYTECODE).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "tei" / "kotkin-1991-rustbelt.xml"
TESTS = REPO.parent / "shared" / "tei-p5" / "test-documents"
LOCAL = REPO / "tests" / "data" / "render" / "tei-test-documents"
TEI_STYLESHEETS = Path(os.environ.get("TEI_STYLESHEETS",
                                      REPO.parent / "shared" / "tei-stylesheets"))
SAXON_JAR = Path(os.environ.get("SAXON_JAR", "/usr/share/java/Saxon-HE.jar"))
COMPILE_TARGET = 1.0
SPEED_TARGET = 5.0


@dataclass
class Timing:
    name: str
    median: float
    best: float
    runs: int


def run(name: str, argv: list[str], runs: int, env: dict[str, str] | None = None) -> Timing:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, env=env)
        samples.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"bench: {name} failed: {proc.stderr.strip()[-800:]}")
    return Timing(name, statistics.median(samples), min(samples), runs)


def documents() -> list[Path]:
    names = ("testdrama.xml", "testspoken.xml", "testtranscr.xml")
    base = TESTS if TESTS.is_dir() else LOCAL
    return [ARTICLE, *(base / n for n in names if (base / n).is_file())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    py = sys.executable
    rows: list[tuple[Timing, Timing | None]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-model-") as tmp:
        out = Path(tmp)
        env = dict(os.environ, TEITOOLS_CACHE_DIR=str(out / "cache"))
        compile_code = ("import time; from teitools.model.stylesheet import compile_model; "
                        "from teitools.model.generate import exemplar_dir; "
                        "t = time.perf_counter(); compile_model(exemplar_dir() / "
                        "'tei_simplePrint.odd', use_cache={cache}); "
                        "print(time.perf_counter() - t)")  # in-process: the call, not start-up
        compiles: dict[str, list[float]] = {"cold": [], "cached": []}
        subprocess.run([py, "-c", compile_code.format(cache="True")], env=env, check=True,
                       capture_output=True)  # fill the cache once
        for _ in range(args.runs):
            for label, cache in (("cold", "False"), ("cached", "True")):
                proc = subprocess.run([py, "-c", compile_code.format(cache=cache)],
                                      capture_output=True, text=True, env=env, check=True)
                compiles[label].append(float(proc.stdout.strip()))
        compile_rows = [Timing(f"compile tei_simplePrint ({label})", statistics.median(v),
                               min(v), len(v)) for label, v in compiles.items()]
        from teitools.model import default_module, driver_text

        java = shutil.which("java")
        for output, ext in (("html", "html"), ("text", "txt")):
            driver = out / f"driver-{output}.xsl"
            driver.write_text(driver_text(default_module(output), output), encoding="utf-8")
            for source in documents():
                # both sides read the same copy, without a DOCTYPE naming an absent DTD
                doc = out / source.name
                if not doc.exists():
                    text = source.read_text(encoding="utf-8")
                    doc.write_text(re.sub(r"<!DOCTYPE[^>\[]*(\[[^\]]*\])?>", "", text, count=1),
                                   encoding="utf-8")
                call = (f"from teitools.render import render_{output}; from teitools.model "
                        f"import default_module as d; render_{output}({str(doc)!r}, "
                        f"{str(out / ('o.' + ext))!r}, model=d({output!r}))")
                mine = run(f"teitools {output} {doc.name}", [py, "-c", call], args.runs, env)
                peer_script = TEI_STYLESHEETS / "bin" / ("teitohtml" if output == "html"
                                                         else "teitotxt")
                peer: Timing | None = None
                if peer_script.is_file():
                    peer = run(f"{peer_script.name} {doc.name}",
                               [str(peer_script), str(doc), str(out / f"p.{ext}")], args.runs)
                elif java and SAXON_JAR.is_file():
                    note = (f"TEI Stylesheets' teitohtml/teitotxt not found ({TEI_STYLESHEETS}"
                            "/bin): the peer is Java Saxon-HE running the same stylesheet")
                    if note not in notes:
                        notes.append(note)
                    peer = run(f"java Saxon-HE {output} {doc.name}",
                               ["java", "-jar", str(SAXON_JAR), f"-s:{doc}", f"-xsl:{driver}",
                                f"-o:{out / ('p.' + ext)}"], args.runs)
                rows.append((mine, peer))
    ratios = [p.median / m.median for m, p in rows if p is not None]
    compile_ok = compile_rows[0].median <= COMPILE_TARGET
    if args.json:
        print(json.dumps({"compile": [asdict(t) for t in compile_rows], "notes": notes,
                          "render": [{"teitools": asdict(m), "peer": asdict(p) if p else None}
                                     for m, p in rows]}, indent=2))
        return 0
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores; ratios are measured "
          "in the same run)")
    for t in compile_rows:
        print(f"{t.name:44} {t.median:7.3f}s (best {t.best:.3f}s)")
    print(f"compile target <= {COMPILE_TARGET} s: {'met' if compile_ok else 'MISSED'}")
    for note in notes:
        print(f"note: {note}")
    print(f"{'':44} {'median':>8} {'peer':>8} {'ratio':>7}")
    for mine, peer in rows:
        ratio = f"{peer.median / mine.median:6.1f}x" if peer else ""
        print(f"{mine.name:44} {mine.median:7.3f}s {peer.median if peer else 0:7.3f}s {ratio}")
    if ratios:
        low = min(ratios)
        print(f"speed target >= {SPEED_TARGET}x: {'met' if low >= SPEED_TARGET else 'MISSED'} "
              f"(lowest {low:.1f}x, median {statistics.median(ratios):.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
