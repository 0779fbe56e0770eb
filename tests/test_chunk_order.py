"""#14 wall time, the end of the analyse pool: the chunks are handed to the workers costliest first
(`pipeline.longest_first`, `Engine.map(order=...)`), so that no worker is left alone with a long last chunk. The
results come back in chunk order and the files are the same bytes as in page order."""
from __future__ import annotations

from pathlib import Path

import pytest

import audit
from audit.config import Settings
from audit.engine import chunks, pipeline
from audit.engine.executors import Engine
from audit.ingest.load import discover

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)
ONE = {"workers": 1}
LOCAL = {"workers": 2, "parallel_min_pages": 1}

ran: list[int] = []  # (inline tasks only: this process)


def _record(k: int) -> int:
    ran.append(k)
    return k * k


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_map_hands_tasks_over_in_the_given_order_and_returns_them_in_argument_order():
    order = [3, 0, 4, 1, 2]
    sizes = [10, 11, 12, 13, 14]
    done: list[int] = []
    ran.clear()
    with Engine(Settings().replace(run=ONE), 5, jobs=0) as engine:  # (inline: run as handed over)
        got = engine.map(_record, [(k,) for k in range(5)], done.append, sizes, order=order)
    assert ran == order
    assert got == [0, 1, 4, 9, 16]
    assert done == [13, 10, 14, 11, 12]  # progress as each task is done, in the order handed over


def test_map_with_worker_processes_returns_results_in_argument_order():
    with Engine(Settings().replace(run=LOCAL), 8, jobs=0) as engine:
        assert engine.local_processes
        got = engine.map(pow, [(k, 2) for k in range(8)], None, [1] * 8, order=[7, 6, 5, 4, 3, 2, 1, 0])
    assert got == [k * k for k in range(8)]


@pytest.mark.parametrize("order", [[0, 1], [0, 0, 1], [2, 1, 0, 3]])
def test_map_refuses_an_order_that_is_not_every_task_once(order):
    with Engine(Settings().replace(run=ONE), 3, jobs=0) as engine:
        with pytest.raises(ValueError, match="every task once"):
            engine.map(pow, [(k, 2) for k in range(3)], None, [1] * 3, order=order)


def test_longest_first_orders_real_chunks_by_their_distinct_block_texts(tmp_path):
    settings = Settings()
    sources, _ = discover([REAL], settings.load, settings.crawl)
    parts = chunks.chunks_of([s.size for s in sources], settings.run)
    assert [len(c) for c in parts] == [8, 8, 3]
    loaded = [chunks.load_chunk(pipeline._guarded_load, settings, str(tmp_path), k, [sources[i] for i in c])
              for k, c in enumerate(parts)]
    weight = [sum(len(r.keys) for r in part if r.page.status == "ok") for part in loaded]
    assert all(w > 0 for w in weight)
    order = pipeline.longest_first(loaded)
    assert sorted(order) == [0, 1, 2]
    assert [weight[k] for k in order] == sorted(weight, reverse=True)
    assert order[-1] == 2  # the 3-page chunk: fewest block texts, handed over last
    tied = [[PageResultLike(3)], [PageResultLike(5)], [PageResultLike(3)]]
    assert pipeline.longest_first(tied) == [1, 0, 2]  # ties in page order


class PageResultLike:
    """A loaded page's light result as `longest_first` reads it: status ok and `keys` (its distinct block hashes)."""

    class _Page:
        status = "ok"

    def __init__(self, n: int):
        self.page, self.keys = self._Page(), list(range(n))


def test_files_are_the_same_bytes_when_chunks_are_analysed_out_of_page_order(tmp_path, monkeypatch):
    orders: list[list[int]] = []
    longest = pipeline.longest_first

    def recorded(loaded):
        orders.append(longest(loaded))
        return orders[-1]

    monkeypatch.setattr(pipeline, "longest_first", recorded)
    with audit.run(REAL, Settings().replace(run=LOCAL), progress=False) as a:
        a.write(tmp_path / "longest")
    assert len(orders) == 1 and orders[0] != sorted(orders[0])  # the chunks were handed over out of page order
    monkeypatch.setattr(pipeline, "longest_first", lambda loaded: list(range(len(loaded))))  # page order
    with audit.run(REAL, Settings().replace(run=LOCAL), progress=False) as a:
        a.write(tmp_path / "in-order")
    assert _files(tmp_path / "longest") == _files(tmp_path / "in-order")
