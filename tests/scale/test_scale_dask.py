"""The Dask engine on a LocalCluster stores exactly what the single-process run stores."""
from __future__ import annotations

import pytest

from didban.batch import ingest_inputs
from didban.options import Options
from scale_helpers import ARTICLES, MemoryStore

pytest.importorskip("distributed")


@pytest.mark.timeout(120)
def test_dask_local_cluster_matches_single_process(tmp_path):
    paths = []
    for i, text in enumerate([*ARTICLES, "گزارش " + ARTICLES[0]]):
        path = tmp_path / f"a{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    missing = str(tmp_path / "missing.txt")
    single, on_dask = MemoryStore(), MemoryStore()
    # normalize and segment only: every Dask worker is a fresh process that would otherwise spend ~10 s loading the
    # entity gazetteer (the local workers=2 test compares the whole pipeline)
    options = Options(stages=("normalize", "segment"))
    expected = ingest_inputs([*paths, missing], single, options, workers=1, progress=False)
    got = ingest_inputs([*paths, missing], on_dask, options, workers=2, engine="dask", progress=False,
                        chunk_size=2)
    assert (got.read, got.new, len(got.failed)) == (expected.read, expected.new, len(expected.failed))
    assert (got.read, got.new) == (10, 9)  # 9 documents and a missing file
    assert [f.to_dict() for f in got.failed] == [f.to_dict() for f in expected.failed]
    assert got.engine == "dask"
    assert on_dask.dump() == single.dump()
