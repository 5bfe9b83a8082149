#!/usr/bin/env python3
"""Benchmark the language server: completion latency, diagnostics after an edit, memory.

    python benchmarks/bench_lsp.py [--runs N] [--json] [--check] [--large]

Starts ``teitools lsp`` as a separate process (the way an editor does) and
talks LSP to it over stdio (a bare JSON-RPC client: what is timed is the server
and the pipe), on a copy of the article that names, in turn,

* the project's schemas (``schema/rustbelt.rng`` + ``.sch``), and
* ``tei_all`` (``../shared/tei-p5/reference/tei_all.rng`` + ``.sch``).

For each: the time to the first diagnostics after opening (cold: grammar,
Schematron and ODD compiled); completion latency (p50/p95 over N requests,
each right after an edit, so every request sees a new document version) at
four kinds of position — an element after ``<`` in a ``<p>``, ``corr/@type``,
``persName/@ref`` and the attribute names of a start tag; the time from an
edit to its diagnostics (debounce included: what the user waits), making and mending a
mistake in turn (an invalid ``corr/@type`` with the project's schema, an unknown
attribute of ``corr`` with ``tei_all``, whose ``corr/@type`` takes any value); and the
peak memory (VmHWM) and resident memory at the end (VmRSS) of the server and of its
validation process.  ``--large`` adds a 10 MB document (the body repeated): the first
completion of each kind at once after opening (while the server lays its scan and
validates), then p50/p95 near the end of the document.  Targets:
completion p95 ≤ 50 ms (project) and ≤ 100 ms (tei_all), diagnostics ≤ 300 ms
after an edit, ≤ 300 MB (peak, server + validation process) with tei_all;
``--check`` exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

# Time processes as a user's install runs them: with their bytecode cached, not recompiled
# on every start (some shells and containers export PYTHONDONTWRITEBYTECODE).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "tei" / "kotkin-1991-rustbelt.xml"
REFERENCE = REPO.parent / "shared" / "tei-p5" / "reference"
TARGETS = {"project": 0.050, "tei_all": 0.100, "large": 0.100}
DIAGNOSTICS_TARGET = 0.300
MEMORY_TARGET_MB = 300
ZERKIN = '<persName ref="#zerkin">'


@dataclass
class Result:
    schema: str
    size_mb: float
    first_diagnostics: float
    completion: dict[str, dict[str, float]] = field(default_factory=dict)
    diagnostics_after_edit: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0  # the server process (grammars for completion, documents)
    worker_peak_mb: float = 0.0  # its validation process (the Validator)
    rss_mb: float = 0.0  # resident at the end (VmRSS), the server
    worker_rss_mb: float = 0.0  # and its validation process
    first_requests: dict[str, float] = field(default_factory=dict)  # ms, right after open
    hover: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(samples) * 1000, 1),
            "p95_ms": round(pct(samples, 0.95) * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1), "n": len(samples)}


class Position(NamedTuple):
    line: int
    character: int


def position(text: str, offset: int) -> Position:
    """The LSP position (UTF-16 code units) of a string offset."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return Position(line, len(text[start:offset].encode("utf-16-le")) // 2)


def document(schema: str, large: bool) -> str:
    text = ARTICLE.read_text(encoding="utf-8")
    if schema == "project":
        rng, sch = REPO / "schema" / "rustbelt.rng", REPO / "schema" / "rustbelt.sch"
    else:
        rng, sch = REFERENCE / "tei_all.rng", REFERENCE / "tei_all.sch"
    text = text.replace('href="../schema/rustbelt.rng"', f'href="{rng}"')
    text = text.replace('href="../schema/rustbelt.sch"', f'href="{sch}"')
    if large:
        start = text.index("<body>") + len("<body>")
        end = text.index("</body>")
        body = text[start:end].replace('xml:id="', 'n="')  # no duplicate ids
        copies = max(1, int(10_000_000 / max(len(body), 1)))
        text = text[:start] + body * copies + text[end:]
    return text


class Client:
    """A bare JSON-RPC client over the server's stdio: what is timed is the server and the
    pipe, not a Python client's (de)serialisation of 200 completion items."""

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self.published: dict[tuple[str, int | None], float] = {}
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._next = 0
        self._reader: asyncio.Task[None] | None = None

    async def start(self, env: dict[str, str], log: Path | None = None) -> int:
        extra = ["--log", str(log)] if log is not None else []
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "teitools", "lsp", *extra, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, env=env)
        self._reader = asyncio.ensure_future(self._read())
        return self.proc.pid

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        out = self.proc.stdout
        while True:
            length = 0
            while True:
                line = await out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            msg = json.loads(await out.readexactly(length))
            now = time.perf_counter()
            if "id" in msg and "method" not in msg:
                fut = self._waiting.pop(msg["id"], None)
                if fut is not None and not fut.done():
                    fut.set_result(msg)
            elif msg.get("method") == "textDocument/publishDiagnostics":
                params = msg["params"]
                self.published[(params["uri"], params.get("version"))] = now
            elif "id" in msg:  # a request from the server (e.g. registerCapability)
                self._send({"jsonrpc": "2.0", "id": msg["id"], "result": None})

    def _send(self, msg: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params: Any) -> Any:
        self._next += 1
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[self._next] = fut
        self._send({"jsonrpc": "2.0", "id": self._next, "method": method, "params": params})
        msg = await fut
        if "error" in msg:
            raise RuntimeError(f"{method}: {msg['error']}")
        return msg.get("result")

    async def wait(self, uri: str, version: int, timeout: float = 120) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.published:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.002)
        return self.published[(uri, version)]

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        assert self.proc is not None
        await asyncio.wait_for(self.proc.wait(), 30)
        if self._reader is not None:
            self._reader.cancel()


def change(uri: str, version: int, start: dict[str, int], end: dict[str, int], text: str
           ) -> dict[str, Any]:
    return {"textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": text}]}


async def measure(schema: str, runs: int, large: bool, log_dir: Path | None = None) -> Result:
    text = document(schema, large)
    with tempfile.TemporaryDirectory(prefix="bench-lsp-") as tmp:
        path = Path(tmp) / "article.xml"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        client = Client()
        log = log_dir / f"lsp-{schema}{'-large' if large else ''}.log" if log_dir else None
        pid = await client.start({**os.environ, "TEITOOLS_CACHE_DIR": str(Path(tmp) / "cache")},
                                 log)
        await client.request("initialize", {"processId": os.getpid(), "capabilities": {},
                                            "rootUri": Path(tmp).as_uri()})
        client.notify("initialized", {})
        start = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "xml", "version": 1, "text": text}})
        p_offset = text.index(ZERKIN)
        positions = {
            "element after <": p_offset + 1,
            "corr/@type": text.index('<corr type="spacing"') + len('<corr type="'),
            "persName/@ref": p_offset + len('<persName ref="#'),
            "attribute names": p_offset + len("<persName "),
        }
        if large:  # the last copy of the body: near the end of 10 MB
            last = text.rindex(ZERKIN)
            positions = {"element after <": last + 1,
                         "corr/@type": text.rindex('<corr type="spacing"') + len('<corr type="'),
                         "persName/@ref": last + len('<persName ref="#'),
                         "attribute names": last + len("<persName ")}
        first_requests: dict[str, float] = {}
        if large:  # the first request of each kind, at once after opening (warm-up running)
            for kind, offset in positions.items():
                pos = position(text, offset)
                t0 = time.perf_counter()
                await client.request("textDocument/completion", {
                    "textDocument": {"uri": uri},
                    "position": {"line": pos.line, "character": pos.character}})
                first_requests[kind] = round((time.perf_counter() - t0) * 1000, 1)
        # a large document's completions are timed while it is being validated
        first = 0.0 if large else await client.wait(uri, 1) - start
        result = Result(schema if not large else "large", round(len(text) / 1e6, 1),
                        round(first, 3))
        result.first_requests = first_requests
        if large:
            result.notes.append("completions timed while the first validation was running")
        version = 1
        # an edit far from the cursor (in the header), so positions stay put
        at = position(text, text.index("<titleStmt>"))
        edit_at = {"line": at.line, "character": at.character}
        after = {"line": at.line, "character": at.character + 1}
        for kind, offset in positions.items():
            samples: list[float] = []
            pos = position(text, offset)
            for i in range(runs):
                version += 1
                # type a space, then delete it: the text (and the positions) come back
                client.notify("textDocument/didChange", change(
                    uri, version, edit_at, edit_at if i % 2 == 0 else after,
                    " " if i % 2 == 0 else ""))
                t0 = time.perf_counter()
                got = await client.request("textDocument/completion", {
                    "textDocument": {"uri": uri},
                    "position": {"line": pos.line, "character": pos.character}})
                samples.append(time.perf_counter() - t0)
                items = got.get("items", []) if isinstance(got, dict) else got or []
                if not items:
                    result.notes.append(f"{kind}: no completion items")
            result.completion[kind] = summary(samples)
        everything = [s for k in result.completion.values() for s in [k["p95_ms"]]]
        result.completion["all (worst p95)"] = {"p95_ms": max(everything)}
        samples = []
        hover_at = position(text, positions["element after <"] + 2)
        for _ in range(runs):
            t0 = time.perf_counter()
            await client.request("textDocument/hover", {
                "textDocument": {"uri": uri},
                "position": {"line": hover_at.line, "character": hover_at.character}})
            samples.append(time.perf_counter() - t0)
        result.hover = summary(samples)
        if large:
            result.first_diagnostics = round(await client.wait(uri, version, 1800) - start, 3)
        # diagnostics after an edit: break and repair the article in turn
        await client.wait(uri, version, 1800)
        samples = []
        # a mistake each schema rejects: corr/@type is a closed list in the project's schema
        # only (in tei_all any value goes), an unknown attribute is one in both
        good = '<corr type="spacing">'
        bad = '<corr type="spaced">' if schema == "project" else '<corr type="spacing" typo="x">'
        current = text
        for i in range(max(4, runs // 4)):
            old, new = (good, bad) if i % 2 == 0 else (bad, good)
            where = current.index(old)
            a, b = position(current, where), position(current, where + len(old))
            version += 1
            t0 = time.perf_counter()
            client.notify("textDocument/didChange", change(
                uri, version, {"line": a.line, "character": a.character},
                {"line": b.line, "character": b.character}, new))
            current = current[:where] + new + current[where + len(old):]
            samples.append(await client.wait(uri, version, 1800) - t0)
        result.diagnostics_after_edit = summary(samples)
        result.peak_mb = peak_mb(pid)
        result.worker_peak_mb = round(sum(peak_mb(c) for c in children(pid)), 1)
        result.rss_mb = peak_mb(pid, "VmRSS")
        result.worker_rss_mb = round(sum(peak_mb(c, "VmRSS") for c in children(pid)), 1)
        if not result.peak_mb:
            result.notes.append("peak memory unknown (no /proc)")
        await client.stop()
    return result


def peak_mb(pid: int, field: str = "VmHWM") -> float:
    """VmHWM (peak resident memory; ``VmRSS``: resident now) of a process, in MB (0 when
    unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """The descendants of a process (from /proc/*/stat)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    out: list[int] = []
    todo = [pid]
    while todo:
        cur = todo.pop()
        kids = [p for p, pp in parents.items() if pp == cur]
        out.extend(kids)
        todo.extend(kids)
    return out


def cpu_of_validation(data: bytes, path: Path, runs: int) -> dict[str, float]:
    """This thread's CPU time of validating ``data`` as the validation process does."""
    from teitools.lsp.grammar import validate_here

    samples = []
    for _ in range(max(4, runs // 4)):
        t0 = time.thread_time()
        validate_here(data, str(path), path)
        samples.append(time.thread_time() - t0)
    return summary(samples)


def cpu_costs(schema: str, runs: int) -> dict[str, dict[str, float]]:
    """The CPU time (this thread's) of each request computed in-process, without the server:
    what the latency would be on an idle machine, whatever else the machine is doing."""
    from lsprotocol import types as lsp

    from teitools.lsp import completion
    from teitools.lsp.grammar import validate_here
    from teitools.lsp.workspace import Workspace

    text = document(schema, False)
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-lsp-cpu-") as tmp:
        path = Path(tmp) / "article.xml"
        path.write_text(text, encoding="utf-8")
        ws = Workspace()
        snap = ws.open(path.as_uri(), text, 1)
        p_offset = text.index(ZERKIN)
        positions = {
            "element after <": p_offset + 1,
            "corr/@type": text.index('<corr type="spacing"') + len('<corr type="'),
            "persName/@ref": p_offset + len('<persName ref="#'),
            "attribute names": p_offset + len("<persName "),
        }
        for offset in positions.values():  # compile grammar and ODD first
            completion.complete(ws, snap, snap.lines.position(offset))
        import gc

        gc.collect()  # as the server does after loading a schema
        gc.freeze()
        at = snap.lines.position(text.index("<titleStmt>"))
        for kind, offset in positions.items():
            samples = []
            for i in range(runs):
                end = at if i % 2 == 0 else lsp.Position(line=at.line, character=at.character + 1)
                snap = ws.change(snap.uri, snap.version + 1, [lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=at, end=end), text=" " if i % 2 == 0 else "")]) or snap
                t0 = time.thread_time()
                completion.complete(ws, snap, snap.lines.position(offset))
                samples.append(time.thread_time() - t0)
            out[f"completion {kind}"] = summary(samples)
        data = text.encode("utf-8")
        validate_here(data, str(path), path)
        out["validation (in the validation process)"] = cpu_of_validation(data, path, runs)
        # a mistake (an invalid corr/@type): libxml2, then the explainer's walk, Schematron;
        # the explainer readied first, as the server does after the first diagnostics
        from teitools.lsp.grammar import _child_explain_ahead

        _child_explain_ahead(data, str(path), path)
        bad = data.replace(b'<corr type="spacing"', b'<corr type="spaced"' if schema == "project"
                           else b'<corr type="spacing" typo="x"', 1)
        out["validation of a mistake (in the validation process)"] = cpu_of_validation(
            bad, path, runs)
    return out


def misses(r: Result) -> list[str]:
    out = []
    worst = r.completion["all (worst p95)"]["p95_ms"] / 1000
    if worst > TARGETS[r.schema]:
        out.append(f"{r.schema}: completion p95 {worst * 1000:.0f} ms > "
                   f"{TARGETS[r.schema] * 1000:.0f} ms")
    if r.schema != "large" and r.diagnostics_after_edit["p95_ms"] / 1000 > DIAGNOSTICS_TARGET:
        out.append(f"{r.schema}: diagnostics p95 {r.diagnostics_after_edit['p95_ms']:.0f} ms "
                   f"> {DIAGNOSTICS_TARGET * 1000:.0f} ms")
    total = r.peak_mb + r.worker_peak_mb
    if r.schema == "tei_all" and total > MEMORY_TARGET_MB:
        out.append(f"tei_all: peak memory (server + validation process) {total:.0f} MB > "
                   f"{MEMORY_TARGET_MB} MB")
    return out


def show(r: Result) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{r.schema} ({r.size_mb} MB, load average {load:.1f} on {os.cpu_count()} cores): "
          f"first diagnostics {r.first_diagnostics:.2f} s")
    print(f"  memory (MB), peak / at the end: server {r.peak_mb} / {r.rss_mb}, validation "
          f"process {r.worker_peak_mb} / {r.worker_rss_mb}, both "
          f"{r.peak_mb + r.worker_peak_mb:.1f} / {r.rss_mb + r.worker_rss_mb:.1f}")
    if r.first_requests:
        print("  first completion of each kind, at once after opening (ms): " +
              ", ".join(f"{k} {v:g}" for k, v in r.first_requests.items()))
    for kind, s in r.completion.items():
        shown = ", ".join(f"{k} {v:g}" for k, v in s.items())
        print(f"  completion {kind}: {shown}")
    print("  hover on the element: " + ", ".join(f"{k} {v:g}" for k, v in r.hover.items()))
    shown = ", ".join(f"{k} {v:g}" for k, v in r.diagnostics_after_edit.items())
    print(f"  diagnostics after an edit: {shown}")
    for note in sorted(set(r.notes)):
        print(f"  note: {note}")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="completions per kind (40)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--large", action="store_true", help="also a 10 MB document")
    parser.add_argument("--cpu", action="store_true",
                        help="also the CPU time of each request, computed in-process")
    parser.add_argument("--log", type=Path, default=None, metavar="DIR",
                        help="write each server's log (where the time of diagnostics goes) "
                             "to DIR/lsp-SCHEMA.log")
    args = parser.parse_args()
    schemas = ["project"]
    if (REFERENCE / "tei_all.rng").is_file():
        schemas.append("tei_all")
    else:
        print(f"tei_all skipped: {REFERENCE} not found", file=sys.stderr)
    runs = [(s, args.runs, False) for s in schemas]
    if args.large:
        runs.append(("project", max(20, args.runs // 2), True))
    results = []
    for schema, n, large in runs:
        if args.log is not None:
            args.log.mkdir(parents=True, exist_ok=True)
        r = asyncio.run(measure(schema, n, large, args.log))
        results.append(r)
        if not args.json:
            show(r)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    if args.cpu:
        for schema in schemas:
            costs = cpu_costs(schema, args.runs)
            print(f"{schema}: CPU time per request (in-process, thread time)")
            for kind, v in costs.items():
                print(f"  {kind}: " + ", ".join(f"{k} {x:g}" for k, x in v.items()))
    missed = [m for r in results for m in misses(r)]
    for m in missed:
        print(f"target missed: {m}", file=sys.stderr)
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
