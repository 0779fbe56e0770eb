"""The chunks of a run depend on the sources' sizes and the [run] chunk settings alone (not on the workers, the cores or
the executor), so the output's store (one Parquet part per chunk) is the same bytes on a laptop, in CI and on a Dask
cluster. A small corpus is cut into about 16 chunks by its page count; a large one into chunks of ~[run] chunk_bytes
of source (#14: the per-chunk costs paid per ~1.5 MB, not per 256 pages, whatever the pages' length)."""
import inspect
import json
from pathlib import Path

import pytest

import audit
from audit.config import ConfigError, RunSettings, Settings
from audit.engine.chunks import chunks_of
from audit.ingest.load import discover

REAL = Path(__file__).parent / "fixtures" / "real_sites"  # 19 real pages (sources and licences: fixtures/README.md)
RUN = RunSettings()


def test_chunks_are_a_function_of_the_sources_sizes_and_the_chunk_settings_alone():
    assert list(inspect.signature(chunks_of).parameters) == ["sizes", "run"]


def test_chunks_cover_every_page_once_in_order():
    for n in (1, 7, 104, 2011, 4096, 10_000, 100_000):
        for size in (0, 200, 1_750, 6_500, 150_000):
            chunks = chunks_of([size] * n, RUN)
            assert [i for c in chunks for i in c] == list(range(n))


def test_small_corpora_are_cut_by_their_page_count_whatever_the_bytes():
    for size in (0, 1_750, 150_000):
        assert [len(c) for c in chunks_of([size] * 3, RUN)] == [3]  # a small corpus is one chunk
        assert [len(c) for c in chunks_of([size] * 104, RUN)] == [8] * 13  # at least 8 pages a chunk
        assert [len(c) for c in chunks_of([size] * 2011, RUN)] == [125] * 16 + [11]  # about 16 chunks
        assert [len(c) for c in chunks_of([size] * 4095, RUN)] == [255] * 16 + [15]


def test_large_corpora_are_cut_by_bytes_within_the_page_bounds():
    assert (RUN.chunk_bytes, RUN.chunk_min_pages, RUN.chunk_max_pages) == (1_500_000, 256, 1024)
    # newsgroup posts (~1.75 KB): the chunk that reaches 1.5 MB, 858 posts (857 hold 1,499,750 bytes)
    assert [len(c) for c in chunks_of([1_750] * 20_000, RUN)] == [858] * 23 + [266]
    # site pages (~6.5 KB): 256 pages hold 1.66 MB, as the chunks of 256 pages before
    assert {len(c) for c in chunks_of([6_500] * 100_000, RUN)[:-1]} == {256}
    assert len(chunks_of([6_500] * 100_000, RUN)) == 391
    assert {len(c) for c in chunks_of([150_000] * 10_000, RUN)[:-1]} == {256}  # long HTML pages: never fewer pages
    assert {len(c) for c in chunks_of([200] * 10_000, RUN)[:-1]} == {1024}  # very short pages: at most 1024 a chunk
    assert [len(c) for c in chunks_of([0] * 5_000, RUN)] == [1024] * 4 + [904]  # sizes unknown (0): the most pages
    # mixed: short pages fill longer chunks, long ones shorter ones: 1.5 MB each, or 1024 pages
    sizes = [1_000] * 3_000 + [10_000] * 3_000
    chunks = chunks_of(sizes, RUN)
    assert [len(c) for c in chunks] == [1024, 1024, 1007] + [256] * 11 + [129]  # (952 short + 55 long: 1.507 MB)
    assert all(sum(sizes[i] for i in c) >= 1_500_000 or len(c) == 1024 for c in chunks[:-1])
    # a chunk holds at least 256 pages however large they are; the one after them starts anew
    assert [len(c) for c in chunks_of([1_500_000] * 300 + [1] * 3_800, RUN)] == [256, 256, 1024, 1024, 1024, 516]


def test_the_chunk_settings_are_checked():
    assert Settings().replace(run={"chunk_bytes": 4_000_000}).run.chunk_bytes == 4_000_000
    with pytest.raises(ConfigError, match=r"\[run\] chunk_max_pages: must be at least chunk_min_pages"):
        Settings().replace(run={"chunk_min_pages": 512, "chunk_max_pages": 300})
    with pytest.raises(ConfigError, match=r"\[run\] chunk_bytes: must be >= 1"):
        Settings().replace(run={"chunk_bytes": 0})


def test_sources_know_their_sizes(tmp_path):
    settings = Settings()
    sources, _ = discover([REAL], settings.load, settings.crawl)
    assert len(sources) == 19
    assert [s.size for s in sources] == [s.path.stat().st_size for s in sources]
    from .test_crawl import _warc

    bodies = [b"<html><body><article><p>Walking every day helps.</p></article></body></html>",
              b"<html><body><article><p>" + b"Sleep well. " * 500 + b"</p></article></body></html>"]
    warc = _warc(tmp_path / "two.warc.gz", [(f"https://a.example/{k}", "200 OK", "text/html", body)
                                            for k, body in enumerate(bodies)])
    sources, _ = discover([warc], settings.load, settings.crawl)
    assert [s.size for s in sources] == [len(b) for b in bodies]  # a web archive's page: its HTTP body


def test_chunks_cut_by_bytes_write_the_same_tables(tmp_path):
    """Real pages cut by their bytes (the large-corpus rule, brought down to 19 pages: at least 1 page and 20,000
    bytes a chunk, at most 8 pages) and by their count (about 16 chunks): the same files, the store's parts aside."""
    settings = Settings()
    sources, _ = discover([REAL], settings.load, settings.crawl)
    small = {"chunk_bytes": 20_000, "chunk_min_pages": 1, "chunk_max_pages": 8, "workers": 2, "parallel_min_pages": 1}
    by_bytes = chunks_of([s.size for s in sources], settings.replace(run=small).run)
    # 11 short essays (0.8-2.0 KB) fill a chunk to its 8 pages; web pages of ~19 KB go two by two; by count: 8, 8, 3
    assert [len(c) for c in by_bytes] == [8, 4, 2, 2, 3]
    outs = {}
    for name, run in (("pages", {"workers": 2, "parallel_min_pages": 1}), ("bytes", small)):
        outs[name] = tmp_path / name
        audit.run(REAL, settings.replace(run=run), progress=False).write(outs[name])
    a, b = outs["pages"], outs["bytes"]
    assert len(list((b / "store" / "blocks").iterdir())) == len(by_bytes)
    assert len(list((a / "store" / "blocks").iterdir())) == 3 != len(by_bytes)
    names = sorted(p.name for p in a.iterdir() if p.is_file())
    assert names == sorted(p.name for p in b.iterdir() if p.is_file()) and "pages.csv" in names
    for name in names:
        if name == ".audit-output.json":  # (lists the store's parts)
            continue
        assert (a / name).read_bytes() == (b / name).read_bytes(), name  # summary.json: chunk settings not echoed
    summary = json.loads((b / "summary.json").read_text())
    assert "chunk_bytes" not in summary["settings"]["run"] and "workers" in summary["settings"]["run"]
