"""The chunks of a run depend on the number of pages alone (not on the workers, the cores or the executor), so the
output's store (one Parquet part per chunk) is the same bytes on a laptop, in CI and on a Dask cluster."""
import inspect

from audit.engine.chunks import chunks_of


def test_chunks_are_a_function_of_the_page_count_alone():
    assert list(inspect.signature(chunks_of).parameters) == ["n"]


def test_chunks_cover_every_page_once_in_order():
    for n in (1, 7, 104, 2011, 10_000, 100_000):
        chunks = chunks_of(n)
        assert [i for c in chunks for i in c] == list(range(n))


def test_chunk_sizes():
    assert [len(c) for c in chunks_of(3)] == [3]  # a small corpus is one chunk
    assert [len(c) for c in chunks_of(104)] == [8] * 13  # at least 8 pages a chunk
    assert [len(c) for c in chunks_of(2011)] == [125] * 16 + [11]  # about 16 chunks
    assert {len(c) for c in chunks_of(100_000)[:-1]} == {256}  # at most 256 pages a chunk
