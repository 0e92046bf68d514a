"""Data built once and read back from the cache folder: same result, rebuilt when missing or unreadable."""
import pickle

from didban import disk_cache
from didban.disk_cache import cached


def test_a_build_is_written_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"word": 3}

    assert cached("thing", "abc", build) == {"word": 3}
    assert cached("thing", "abc", build) == {"word": 3}
    assert len(calls) == 1
    assert (tmp_path / "thing-abc.pickle").exists()


def test_an_unreadable_cache_is_rebuilt_not_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    (tmp_path / "thing-abc.pickle").write_bytes(b"not a pickle")
    assert cached("thing", "abc", lambda: [1, 2]) == [1, 2]
    assert pickle.loads((tmp_path / "thing-abc.pickle").read_bytes()) == [1, 2]


def test_a_cache_folder_that_cannot_be_written_still_gives_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(blocker / "sub"))
    assert cached("thing", "abc", lambda: "built") == "built"


def test_old_builds_of_a_kind_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    for n in range(disk_cache.KEPT_PER_KIND + 3):
        cached("thing", f"v{n}", lambda: n)
    cached("other", "x", lambda: 0)
    assert len(list(tmp_path.glob("thing-*.pickle"))) == disk_cache.KEPT_PER_KIND
    assert (tmp_path / "other-x.pickle").exists()


def test_the_lexicon_and_codebook_come_back_equal_from_the_cache(tmp_path, monkeypatch):
    from didban.events import codebook
    from didban.text import lexicon

    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    built = lexicon.load.__wrapped__()
    again = lexicon.load.__wrapped__()
    assert list(tmp_path.glob("lexicon-*.pickle"))
    assert again == built and again.classes

    files = tuple(str(f) for f in codebook._shipped_files())
    first = codebook._load.__wrapped__(files)
    second = codebook._load.__wrapped__(files)
    assert list(tmp_path.glob("codebook-*.pickle"))
    assert [e.to_dict() for e in second.entries] == [e.to_dict() for e in first.entries]
    assert [e.regex.pattern for e in second.entries] == [e.regex.pattern for e in first.entries]
    assert second.by_anchor.keys() == first.by_anchor.keys()


def test_the_collector_runs_again_after_a_load_good_or_bad(tmp_path, monkeypatch):
    import gc

    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    disk_cache.write("thing", "abc", {"a": [1]})
    (tmp_path / "thing-bad.pickle").write_bytes(b"not a pickle")
    assert gc.isenabled()
    assert disk_cache.read("thing", "abc") == {"a": [1]}
    assert gc.isenabled()
    assert disk_cache.read("thing", "bad", "missing") == "missing"
    assert gc.isenabled()


def test_the_verb_stems_come_back_equal_from_the_cache(tmp_path, monkeypatch):
    from didban.text import verbs

    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(tmp_path))
    built = verbs._read_stems()
    assert verbs.stems.__wrapped__() == built  # built and written
    assert list(tmp_path.glob("verbs-*.pickle"))
    assert verbs.stems.__wrapped__() == built and built.past  # read back


def test_the_codebook_s_kept_patterns_live_beside_it_and_are_made_again_when_removed(tmp_path, monkeypatch):
    from didban.events import codebook

    folder = tmp_path / "not-yet"  # a first run ever: the cache folder is made
    monkeypatch.setenv("DIDBAN_CACHE_DIR", str(folder))
    files = tuple(str(f) for f in codebook._shipped_files())
    codebook._load.__wrapped__(files)
    (kept,) = folder.glob("codebook-*.kept")
    kept.unlink()
    again = codebook._load.__wrapped__(files)  # the codebook from the cache, its kept patterns made anew
    assert kept.is_file()
    sample = again.entries[:: max(1, len(again.entries) // 10)]
    assert all(e.regex.compiled.pattern == e.regex.pattern for e in sample)
