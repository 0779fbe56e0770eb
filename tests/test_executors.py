"""#15: one path, two executors. The same chunks run in local worker processes or on a Dask distributed cluster
(here a `LocalCluster` on 127.0.0.1, its worker a thread of this process) and every output file is byte for byte
the same; the measures are the registered `Measure`s, nothing probed."""
from __future__ import annotations

from pathlib import Path

import pytest

import audit
from audit.engine import measures
from audit.config import Settings
from audit.engine.protocol import Measure

from .conftest import CORPUS

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)
LOCAL = {"workers": 2, "parallel_min_pages": 1}  # worker processes, several chunks


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, host="127.0.0.1",
                                  protocol="tcp://", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


@pytest.mark.parametrize("corpus", [CORPUS, REAL], ids=["seeds", "real_sites"])
def test_dask_executor_writes_the_same_files_as_local_processes(corpus, scheduler, tmp_path):
    settings = Settings().replace(run={**LOCAL, "xlsx": True})
    local = audit.run(corpus, settings, progress=False)
    on_dask = audit.run(corpus, settings.replace(run={"scheduler": scheduler}), progress=False)
    assert len(local.spill.parts) == len(on_dask.spill.parts) >= 1
    from audit.present.report import write_report

    for run, folder in ((local, tmp_path / "local"), (on_dask, tmp_path / "dask")):
        run.write(folder)
        write_report(run, folder / "report")  # the editor's report and every page view, too
    a, b = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert sorted(a) == sorted(b)
    assert {"pages.csv", "sentences.csv", "passages.csv", "summary.json", "audit.xlsx", "report/index.html"} <= set(a)
    store = sorted(name for name in a if name.startswith("store/"))  # the Parquet store (#15 item 3), too
    assert {"store/blocks/part-000000.parquet", "store/sentences/part-000000.parquet",
            "store/pages/part-000000.parquet"} <= set(store)
    assert [name for name in a if a[name] != b[name]] == []
    assert scheduler not in b["summary.json"].decode()  # where the chunks ran is not what the audit found
    if corpus == REAL:
        assert len(local.pages) == 19 and (local.pages["status"] == "ok").sum() >= 18
        assert len(local.tables["passages"]) > 0  # the Clough answers copy their source: shared passages


def test_measures_are_registered_with_what_they_assign():
    names = [m.name for m in measures.registered()]
    assert names == ["readability", "duplication", "terms"]
    for m in measures.registered():
        assert isinstance(m, Measure) and m.assigns["pages"]
        assert set(m.page_tables) <= set(m.assigns)
    dup = dict((m.name, m) for m in measures.registered())["duplication"]
    assert dup.corpus_jobs and dup.chunk_data is not None
    assert "grade" in dict((m.name, m) for m in measures.registered())["readability"].assigns["pages"]
    with pytest.raises(ValueError):
        measures.register(dup)  # one measure per name


def test_no_module_globals_hand_data_to_workers():
    import audit.engine.chunks as chunks
    import audit.engine.executors as executors
    import audit.engine.pipeline as pipeline

    for module in (chunks, executors, pipeline):
        source = Path(module.__file__).read_text()
        for trick in ("_INHERITED", "_BACKGROUND", "_STATE", "gc.freeze", "malloc_trim", "python -c", "hasattr("):
            assert trick not in source, (module.__name__, trick)
