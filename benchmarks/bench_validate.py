#!/usr/bin/env python3
"""Benchmark ``teitools validate`` against jing + Java Saxon and xmllint, in one run.

    python benchmarks/bench_validate.py [DOCUMENT] [--rng R] [--sch S] [--count 1000]

DOCUMENT defaults to the article (tei/kotkin-1991-rustbelt.xml).  The schemas
default to the project's schema/rustbelt.rng + .sch, else TEI's tei_all.rng +
tei_all.sch from ../shared/tei-p5/reference (the large-schema case).

Two measurements, each for every tool available on this machine:

* one file, process start to exit, as pre-commit runs it (median of --repeat
  runs on a freshly changed copy each time, so teitools' compiled schemas are
  cached but its per-document results are not; its cold first run and the
  unchanged file, answered from the results cache, are shown too);
* --count variants of the document in one directory, each tool invoked the
  way that is fastest for it (jing and Saxon get all files in one JVM), with
  the peer's two halves also shown on their own;
* the same variants, RELAX NG only: ``teitools validate --rng`` against jing
  and ``xmllint --relaxng`` alone;
* one big file (``--big-mb``, default 100 MB: a dictionary of ``<entry>``s,
  generated in the temporary directory, never in the repository) against
  TEI's tei_all: wall time and peak memory (max RSS) of each tool
  (``--only-big`` runs just this one).

Peers: ``jing`` with the same RELAX NG plus the same Schematron (the XSLT
teitools compiles from it) run by Java Saxon-HE; ``xmllint --relaxng``.
Ratios are peer time / teitools time: > 1 means teitools is faster.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Time processes as a user's install runs them: with their bytecode cached, not recompiled
# on every start (some shells and containers export PYTHONDONTWRITEBYTECODE).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "tei-p5" / "reference"
SAXON_JARS = [Path("/usr/share/java/Saxon-HE.jar"), Path("/usr/share/java/saxon9he.jar")]
XML_MODEL = re.compile(rb"<\?xml-model[^>]*\?>\s*")


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, proc.returncode


def median_time(cmds: list[list[str]], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median over ``repeat`` runs of the commands run one after the other."""
    times = []
    for _ in range(repeat):
        total = 0.0
        for cmd in cmds:
            total += timed(cmd, env)[0]
        times.append(total)
    return statistics.median(times)


def default_schemas() -> tuple[Path, Path]:
    rng, sch = REPO / "schema" / "rustbelt.rng", REPO / "schema" / "rustbelt.sch"
    if rng.is_file() and sch.is_file():
        return rng, sch
    return REFERENCE / "tei_all.rng", REFERENCE / "tei_all.sch"


def make_variants(doc: bytes, count: int, out: Path, run: int = 0) -> None:
    """``count`` plausible variants: the same article with a few words changed (``run``
    makes every file new, so no per-document result is in teitools' cache)."""
    words = [b"Magnitogorsk", b"Soviet", b"city", b"steel", b"the"]
    for i in range(count):
        text = doc
        word = words[i % len(words)]
        text = text.replace(word, word + f" v{i}r{run}".encode(), 1 + i % 3)
        (out / f"variant-{i:04}.xml").write_bytes(text)


def median_batch(cmd: list[str], doc: bytes, count: int, batch: Path, repeat: int,
                 env: dict[str, str]) -> float:
    """Median time of ``cmd`` over the batch, its files new at every run."""
    times = []
    for run in range(1, repeat + 1):
        make_variants(doc, count, batch, run)
        times.append(timed(cmd, env)[0])
    make_variants(doc, count, batch)
    return statistics.median(times)


def teitools_xslt(sch: Path, cache: Path) -> Path | None:
    found = sorted((cache / "schematron").glob("*.xsl"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak resident memory in MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def make_big(path: Path, megabytes: int) -> int:
    """A TEI dictionary of about ``megabytes`` MB, valid against tei_all; its entry count."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
            "<teiHeader><fileDesc><titleStmt><title>A generated dictionary</title></titleStmt>"
            "<publicationStmt><p>bench_validate</p></publicationStmt><sourceDesc><p>none</p>"
            "</sourceDesc></fileDesc></teiHeader><text><body>\n")
    entry = ('<entry xml:id="e{0}"><form type="lemma"><orth>word{0}</orth></form>'
             '<gramGrp><pos>n</pos></gramGrp><sense n="1"><def>{1}</def>'
             '<cit type="example"><quote>an example of word{0} in use</quote></cit></sense>'
             "</entry>\n")
    gloss = "a plausible definition, of about the length a real one has, " * 3
    target = megabytes * 2**20
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        written = len(head)
        while written < target:
            chunk = "".join(entry.format(count + i, gloss) for i in range(1000))
            fh.write(chunk)
            written += len(chunk)
            count += 1000
        fh.write("</body></text></TEI>\n")
    return count


def bench_big(teitools: str, megabytes: int, work: Path, env: dict[str, str]) -> None:
    rng, sch = REFERENCE / "tei_all.rng", REFERENCE / "tei_all.sch"
    if not rng.is_file():
        rng, sch = Path("tei_all"), Path("tei_all")  # the exemplar teitools ships
    big = work / "big.xml"
    entries = make_big(big, megabytes)
    size = big.stat().st_size / 2**20
    print(f"one big file: {size:.0f} MB, {entries:,} <entry>s, against {rng}")
    runs: list[tuple[str, list[str], dict[str, str] | None]] = [
        ("teitools validate --rng --sch", [teitools, "validate", "--rng", str(rng), "--sch",
                                           str(sch), str(big)], env),
        ("teitools validate --rng", [teitools, "validate", "--rng", str(rng), str(big)], env),
    ]
    jing = shutil.which("jing")
    if jing and rng.is_file():
        runs.append(("jing", [jing, str(rng), str(big)], None))
    xmllint = shutil.which("xmllint")
    if xmllint and rng.is_file():
        runs.append(("xmllint --relaxng", [xmllint, "--noout", "--huge", "--relaxng", str(rng),
                                           str(big)], None))
    # Warm the schema cache with a small file of the same element names (the big file's own
    # results must not be cached: it is what is measured).
    small = work / "small.xml"
    make_big(small, 1)
    for _, cmd, _ in runs[:2]:
        timed([*cmd[:-1], str(small)], env)
    for name, cmd, run_env in runs:
        secs, peak, code = run_measured(cmd, run_env)
        verdict = {0: "valid", 1: "invalid"}.get(code, f"exit {code}")
        print(f"  {name:<30} {secs:8.2f} s   peak {peak:7.0f} MB   {verdict}")
    print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("document", nargs="?", type=Path,
                    default=REPO / "tei" / "kotkin-1991-rustbelt.xml")
    ap.add_argument("--rng", type=Path)
    ap.add_argument("--sch", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--big-mb", type=int, default=100,
                    help="size of the generated big file in MB (0: leave it out)")
    ap.add_argument("--only-big", action="store_true", help="only the big-file measurement")
    args = ap.parse_args()
    rng, sch = default_schemas()
    rng, sch = args.rng or rng, args.sch or sch
    for p in (args.document, rng, sch):
        if not p.is_file():
            print(f"bench_validate: missing {p}", file=sys.stderr)
            return 2
    teitools = shutil.which("teitools", path=str(Path(sys.executable).parent)) or \
        shutil.which("teitools")
    if teitools is None:
        print("bench_validate: teitools is not installed", file=sys.stderr)
        return 2
    jing = shutil.which("jing")
    java = shutil.which("java")
    saxon = next((j for j in SAXON_JARS if j.is_file()), None)
    xmllint = shutil.which("xmllint")

    work = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    cache = work / "cache"
    env = {**os.environ, "TEITOOLS_CACHE_DIR": str(cache)}
    # The variants name their schemas on the command line, for every tool alike.
    doc = work / "doc.xml"
    doc.write_bytes(XML_MODEL.sub(b"", args.document.read_bytes()))
    batch = work / "batch"
    batch.mkdir()
    make_variants(doc.read_bytes(), args.count, batch)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    ours = [teitools, "validate", "--rng", str(rng), "--sch", str(sch)]

    if args.only_big:
        bench_big(teitools, args.big_mb or 100, work, env)
        shutil.rmtree(work, ignore_errors=True)
        return 0
    print(f"document: {args.document} ({args.document.stat().st_size / 1024:.0f} KiB)")
    print(f"schemas:  {rng}\n          {sch}")
    print(f"machine:  {os.cpu_count()} cores; median of {args.repeat} runs\n")

    cold, code = timed([*ours, str(doc)], env)
    if code not in (0, 1):
        print(f"bench_validate: teitools failed (exit {code})", file=sys.stderr)
        return 2
    xslt = teitools_xslt(sch, cache)
    results: dict[str, dict[str, float]] = {"one": {}, "batch": {}, "rng": {}}
    # A changed document each run, as pre-commit sees it: the compiled schemas come from the
    # cache, the document's own results cannot.
    one = work / "one"
    one.mkdir()
    results["one"]["teitools validate"] = median_batch(
        [*ours, str(one / "variant-0000.xml")], doc.read_bytes(), 1, one, args.repeat, env)
    results["one"]["  unchanged (results cached)"] = median_time([[*ours, str(doc)]],
                                                                 args.repeat, env)
    if jing and java and saxon and xslt:
        results["one"]["jing + Java Saxon"] = median_time(
            [[jing, str(rng), str(doc)],
             [java, "-jar", str(saxon), f"-s:{doc}", f"-xsl:{xslt}", f"-o:{work / 'o.svrl'}"]],
            args.repeat)
    if xmllint:
        results["one"]["xmllint --relaxng"] = median_time(
            [[xmllint, "--noout", "--relaxng", str(rng), str(doc)]], max(1, args.repeat // 2))

    files = sorted(str(p) for p in batch.iterdir())
    results["batch"]["teitools validate"] = median_batch(
        [*ours, *jobs, str(batch)], doc.read_bytes(), args.count, batch,
        max(1, args.repeat // 2), env)
    if jing and java and saxon and xslt:
        out = work / "svrl"
        out.mkdir()
        alone = median_time([[jing, str(rng), *files]], 1)
        saxon_alone = median_time(
            [[java, "-jar", str(saxon), f"-s:{batch}", f"-xsl:{xslt}", f"-o:{out}"]], 1)
        results["batch"]["jing + Java Saxon"] = alone + saxon_alone
        # the parts, so the ratio can be read against each half of the peer
        results["batch"]["  jing alone"] = alone
        results["batch"]["  Java Saxon alone"] = saxon_alone
    # RELAX NG alone, like for like with the RELAX NG validators
    results["rng"]["teitools validate"] = median_batch(
        [teitools, "validate", "--rng", str(rng), *jobs, str(batch)], doc.read_bytes(),
        args.count, batch, max(1, args.repeat // 2), env)
    if jing:
        results["rng"]["jing"] = median_time([[jing, str(rng), *files]], 1)
    if xmllint:
        results["rng"]["xmllint --relaxng"] = median_time(
            [[xmllint, "--noout", "--relaxng", str(rng), *files]], 1)

    print(f"teitools, one file, cold cache (compiles the schemas): {cold:.3f} s")
    print("peers: jing RNG (one JVM, all files on one command line), then Java Saxon-HE "
          "running teitools' XSLT for the Schematron (one JVM, -s:DIR -o:DIR)\n")
    for key, title in (("one", "one file, process start to exit"),
                       ("batch", f"{args.count} documents"),
                       ("rng", f"{args.count} documents, RELAX NG only")):
        base = results[key]["teitools validate"]
        print(f"{title}:")
        for tool, secs in results[key].items():
            ratio = "" if tool.startswith(("teitools", "  unchanged")) else \
                f"   ratio {secs / base:.1f} (teitools is {secs / base:.1f}x faster)"
            print(f"  {tool:<20} {secs:8.3f} s{ratio}")
        print()
    if args.big_mb:
        bench_big(teitools, args.big_mb, work, env)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
