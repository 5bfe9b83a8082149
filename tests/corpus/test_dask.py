"""``--dask``: the per-document work on a dask.distributed cluster (a LocalCluster here)."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.build import run_build
from teitools.cli import main

from .generate import make_corpus

distributed = pytest.importorskip("distributed", reason="pip install -e '.[test]' (dask extra)")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c.scheduler_address


def _strip_times(text: str) -> str:
    return re.sub(r" in \d+\.\d+s", "", text)


def test_build_on_the_cluster_equals_the_local_build(tmp_path: Path, cluster: str) -> None:
    info = make_corpus(tmp_path / "p", letters=16, folders=2)
    local = run_build(info.root, Path("local"), jobs=1, use_cache=False)
    remote = run_build(info.root, Path("remote"), dask=cluster, use_cache=False)
    assert [str(d) for d in remote.diagnostics] == [str(d) for d in local.diagnostics]
    assert remote.invalid == local.invalid == 2 and remote.rendered == local.rendered
    for page in sorted((info.root / "local").rglob("*.html")):
        rel = page.relative_to(info.root / "local")
        assert (info.root / "remote" / rel).read_bytes() == page.read_bytes(), rel


def test_validate_on_the_cluster_equals_the_local_run(tmp_path: Path, cluster: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    info = make_corpus(tmp_path / "p", letters=12, folders=2)
    monkeypatch.chdir(info.root)
    runner = CliRunner()
    local = runner.invoke(main, ["validate", "--no-cache", "-j", "1"])
    remote = runner.invoke(main, ["validate", "--no-cache", "--dask", cluster])
    assert local.exit_code == remote.exit_code == 1
    assert _strip_times(remote.output) == _strip_times(local.output)
    assert "letter-9999.xml" in remote.output


def test_unreachable_scheduler_is_one_line_exit_2_and_nothing_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEITOOLS_DASK_TIMEOUT", "1")  # (default 10 s)
    info = make_corpus(tmp_path / "p", letters=4, folders=1, clean=True)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(main, ["build", "--root", str(info.root), "--dask",
                                       f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert result.output.startswith("teitools: error: cannot reach the Dask scheduler at "
                                    f"tcp://127.0.0.1:{port}")
    assert not (info.root / "build").exists()


def test_the_cluster_gets_jobs_as_the_window_frees_memory_stays_flat(cluster: str) -> None:
    from teitools.corpus.runners import DaskRunner

    runner = DaskRunner(cluster, window=2)
    pulled = 0

    def jobs() -> Iterator[int]:
        nonlocal pulled
        for i in range(600):
            pulled += 1
            yield -i

    worst = 0
    try:
        results = []
        for n, value in enumerate(runner.map(abs, jobs(), 600), start=1):
            results.append(value)
            worst = max(worst, pulled - n)
    finally:
        runner.close()
    assert results == list(range(600))
    # 600 jobs in chunks of 16, two chunks in flight + the one being handed on
    assert worst < (2 + 1) * 16, worst


def test_the_client_keeps_no_log_of_the_jobs_it_sent(tmp_path: Path, cluster: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools.corpus.run import validate_corpus
    from teitools.corpus.runners import DaskRunner

    info = make_corpus(tmp_path / "p", letters=40, folders=2, clean=True)
    monkeypatch.chdir(info.root)
    runner = DaskRunner(cluster)
    try:
        result = validate_corpus(["tei"], runner=runner, use_cache=False)
        assert len(result.files) == 42 and all(f.valid() for f in result.files)
        # distributed's BatchedSend logs what it sent (the chunks, their documents' bytes
        # in them) unless told not to: the client's memory would grow with the corpus
        log = runner.client.scheduler_comm.recent_message_log
        assert log.maxlen == 0 and len(log) == 0
    finally:
        runner.close()
