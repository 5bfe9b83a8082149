#!/usr/bin/env python3
"""Benchmark the editions: each transform of the article as a whole process.

    python benchmarks/bench_render.py [DOCUMENT] [--runs N] [--json]

Times, as separate processes (start-up included, the way a user runs them):

* ``teitools html DOC -o OUT`` and ``teitools text DOC -o OUT`` — the command
  line, with its TEI check and validation;
* the bare transforms through the library (``render_html`` / ``render_text``
  in a fresh ``python -c``), i.e. without validation;
* the peer under Java Saxon in the same run: the TEI Stylesheets' ``teitohtml``
  / ``teitotxt`` when a full TEI Stylesheets distribution is found (its
  ``bin/`` scripts, or ``html/html.xsl`` and ``txt/tei-to-text.xsl``); else
  ``java -jar Saxon-HE.jar`` running the stylesheet teitools runs (the behaviour
  library with the document's processing model), which shows what the same XSLT
  costs on the JVM.

Prints median and best of N runs and the ratio to the Java peer; the target
is under 0.5 s per transform (``--check`` exits 1 when a teitools run misses it).
"""

from __future__ import annotations

import argparse
import json
import os
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
SAMPLE = REPO / "tests" / "data" / "render" / "sample.xml"
TEI_STYLESHEETS = Path(os.environ.get("TEI_STYLESHEETS",
                                      REPO.parent / "shared" / "tei-stylesheets"))
SAXON_JAR = Path(os.environ.get("SAXON_JAR", "/usr/share/java/Saxon-HE.jar"))
TARGET_SECONDS = 0.5
DEFAULT_RUNS = 5


@dataclass
class Timing:
    name: str
    command: str
    median: float
    best: float
    runs: int


def time_command(name: str, argv: list[str], runs: int) -> Timing:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO)
        samples.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"bench: {name} failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    shown = " ".join(a if len(a) < 60 else "…" + a[-40:] for a in argv)
    return Timing(name, shown, statistics.median(samples), min(samples), runs)


def teitools_command() -> list[str]:
    script = Path(sys.executable).with_name("teitools")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "teitools"]


def tei_stylesheets_peer(kind: str, doc: Path, out: Path) -> list[str] | None:
    """The TEI Stylesheets' teitohtml / teitotxt, if a full distribution is installed."""
    script = TEI_STYLESHEETS / "bin" / ("teitohtml" if kind == "html" else "teitotxt")
    if script.is_file():
        return [str(script), str(doc), str(out)]
    xsl = TEI_STYLESHEETS / ("html/html.xsl" if kind == "html" else "txt/tei-to-text.xsl")
    if xsl.is_file() and SAXON_JAR.is_file():
        return ["java", "-jar", str(SAXON_JAR), f"-s:{doc}", f"-xsl:{xsl}", f"-o:{out}"]
    return None


def java_stylesheet(doc: Path, kind: str, out: Path) -> Path:
    """The stylesheet teitools runs on ``doc``, as a file Java Saxon can run: the
    behaviour library and the document's processing model (teitools.model.driver_text)."""
    from teitools.model import driver_text, find_model

    choice = find_model(doc, kind)
    if not choice.is_model:
        return choice.path
    driver = out / f"{choice.path.name.removesuffix('.xsl')}.driver.xsl"
    driver.write_text(driver_text(choice.path, kind), encoding="utf-8")
    return driver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("document", nargs="?", type=Path,
                        default=ARTICLE if ARTICLE.is_file() else SAMPLE)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--json", action="store_true", help="print the timings as JSON")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if a teitools transform takes {TARGET_SECONDS} s or more")
    args = parser.parse_args()
    doc: Path = args.document.resolve()
    notes: list[str] = []
    timings: list[Timing] = []
    peers: dict[str, Timing] = {}
    java = shutil.which("java")
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        out = Path(tmp)
        for kind in ("html", "text"):
            ext = "html" if kind == "html" else "txt"
            timings.append(time_command(
                f"teitools {kind}", [*teitools_command(), kind, str(doc), "-o",
                                     str(out / f"cli.{ext}")], args.runs))
            call = (f"from teitools.render import render_{kind}; "
                    f"render_{kind}({str(doc)!r}, {str(out / f'lib.{ext}')!r})")
            timings.append(time_command(f"render_{kind}() (no validation)",
                                        [sys.executable, "-c", call], args.runs))
            peer = tei_stylesheets_peer(kind, doc, out / f"tei.{ext}")
            if peer is not None:
                peers[kind] = time_command(f"TEI Stylesheets teito{ext[:4]}", peer, args.runs)
            elif java and SAXON_JAR.is_file():
                if not notes:
                    notes.append(f"TEI Stylesheets' teitohtml/teitotxt not available "
                                 f"({TEI_STYLESHEETS} has no bin/, html/ or txt/): the Java "
                                 f"peer is Saxon-HE (Java) running teitools' own stylesheets")
                xsl = java_stylesheet(doc, kind, out)
                peers[kind] = time_command(
                    f"java Saxon-HE {xsl.name}",
                    ["java", "-jar", str(SAXON_JAR), f"-s:{doc}", f"-xsl:{xsl}",
                     f"-o:{out / f'java.{ext}'}"],
                    args.runs)
            else:
                notes.append("no Java / Saxon-HE.jar: no peer measured")
            if kind in peers:
                timings.append(peers[kind])
    slow = [t for t in timings if not t.name.startswith(("java", "TEI")) and
            t.median >= TARGET_SECONDS]
    if args.json:
        print(json.dumps({"document": str(doc), "target_seconds": TARGET_SECONDS, "notes": notes,
                          "timings": [asdict(t) for t in timings]}, indent=2))
    else:
        print(f"document: {doc.relative_to(REPO) if doc.is_relative_to(REPO) else doc} "
              f"({doc.stat().st_size / 1024:.0f} kB), {args.runs} runs each, whole processes")
        for note in notes:
            print(f"note: {note}")
        print(f"{'':36} {'median':>8} {'best':>8} {'vs Java':>8}")
        for t in timings:
            kind = "html" if "html" in t.name else "text"
            peer = peers.get(kind)
            ratio = f"{peer.median / t.median:7.1f}x" if peer and peer is not t else ""
            flag = "" if t.median < TARGET_SECONDS or t in peers.values() else "  (over target)"
            print(f"{t.name:36} {t.median:7.3f}s {t.best:7.3f}s {ratio:>8}{flag}")
        print(f"target: under {TARGET_SECONDS} s per teitools transform: "
              f"{'met' if not slow else 'MISSED by ' + ', '.join(t.name for t in slow)}")
    return 1 if (args.check and slow) else 0


if __name__ == "__main__":
    sys.exit(main())
