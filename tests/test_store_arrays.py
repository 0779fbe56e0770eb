"""One file format for every measure's per-chunk arrays in the run's store (`audit.engine.chunk_arrays`): numeric
arrays as they are, strings as UTF-8 bytes plus character offsets, no pickle. Readability's page columns, terms' hits
and candidates and duplication's shingles and units are all written and read through it."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import audit
from audit.engine import chunk_arrays, measures
from audit.engine.chunk_arrays import ChunkArrays

from .conftest import CORPUS


def test_round_trip_numbers_and_strings(tmp_path):
    strings = ["a/one", "", "b/ünï — “quoted”", "日本語", "x" * 1000]
    arrays = {"counts": np.arange(5, dtype=np.int64), "table": np.ones((3, 6), dtype=np.int32),
              "flags": np.array([1, -1, 0], dtype=np.int8), "share": np.array([0.5, np.nan]),
              "empty": np.zeros(0, dtype=np.uint64)}
    path = chunk_arrays.write(tmp_path / "000003.m", arrays, {"ids": strings, "none": []})
    assert path == tmp_path / "000003.m.npz"
    with np.load(path, allow_pickle=False) as z:  # (a plain .npz, no object array)
        assert {z[k].dtype.kind for k in z.files} <= {"i", "u", "f"}
        assert z["ids"].dtype == np.uint8 and z["ids.offsets"].tolist()[-1] == sum(map(len, strings))
    with ChunkArrays(path) as f:
        assert sorted(f.array_names) == sorted(arrays) and sorted(f.string_names) == ["ids", "none"]
        for name, values in arrays.items():
            np.testing.assert_array_equal(f[name], values)
            assert f[name].dtype == values.dtype and f[name].shape == values.shape
        assert f.strings("ids") == strings and f.strings("none") == []
        assert f.strings("ids", np.array([3, 0, 3])) == ["日本語", "a/one", "日本語"]
        text, off = f.text("ids"), f.offsets("ids")
        assert [text[a:b] for a, b in zip(off[:-1], off[1:])] == strings
        with pytest.raises(KeyError):
            f["ids"]  # (a string column is not a numeric array)


def test_refuses_object_arrays_and_clashing_names(tmp_path):
    with pytest.raises(TypeError):
        chunk_arrays.write(tmp_path / "a", {"ids": np.array(["x"], dtype=object)})
    with pytest.raises(TypeError):
        chunk_arrays.write(tmp_path / "b", {"ids": np.array(["x"])})  # (numpy unicode: a string column instead)
    with pytest.raises(ValueError):
        chunk_arrays.write(tmp_path / "c", {"ids": np.zeros(1)}, {"ids": ["x"]})
    assert not list(tmp_path.iterdir())


def test_every_measure_writes_its_chunk_data_through_chunk_arrays(monkeypatch):
    """Each registered measure's `chunk_data` step leaves exactly one `chunk_arrays` file for the chunk: numbers and
    packed string columns only (readability pickled object columns, duplication stored numpy unicode arrays)."""
    seen: dict[str, list] = {}

    def recording(name, step):
        def chunk_data(prefix, pages, settings):
            step(prefix, pages, settings)
            files = sorted(prefix.parent.glob(prefix.name + ".*"))
            assert files == [chunk_arrays.path_of(prefix)], files
            with np.load(files[0], allow_pickle=False) as z:
                assert {z[k].dtype.kind for k in z.files} <= {"b", "i", "u", "f"}, name
            with ChunkArrays(files[0]) as f:
                seen.setdefault(name, []).append({s: f.strings(s) for s in f.string_names})
        return chunk_data

    for m in measures.registered():
        if m.chunk_data is not None:
            monkeypatch.setitem(measures._REGISTRY, m.name,
                                dataclasses.replace(m, chunk_data=recording(m.name, m.chunk_data)))
    got = audit.run(CORPUS)
    assert sorted(seen) == ["duplication", "readability", "terms"]
    ids = sorted(got.pages.loc[got.pages["status"] == "ok", "page_id"])
    page_ids = {"readability": "page_id", "duplication": "ids", "terms": "page_ids"}
    for name, chunks in seen.items():
        assert sorted(p for c in chunks for p in c[page_ids[name]]) == ids, name
    texts = [t for c in seen["duplication"] for t in c["text"]]
    assert len(texts) == 3 and all(len(t) > 500 for t in texts)
