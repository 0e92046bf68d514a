"""The event codebook's own tests: every entry's example sentences, run through the whole pipeline, give the event the
entry describes (or nothing, for an example marked "=> -"); and the codebook files are well formed.

The sentences are written for the codebook, never taken from the evaluation set."""
from __future__ import annotations

import pytest

from didban.events.codebook import default_codebook, load_codebook
from didban.text.keys import word_key

CODEBOOK = load_codebook(user=False)
EXAMPLES = [(entry, ex) for entry in CODEBOOK.entries for ex in entry.examples]


def _fold(s: str) -> str:
    return word_key(s).replace("\u200c", "")


def _names(doc, ids) -> list[set[str]]:
    by_id = {e.id: e for e in doc.entities}
    out = []
    for i in ids:
        ent = by_id[i]
        names = {ent.name, ent.name_en or "", *ent.aliases, *(m.text for m in ent.mentions)}
        out.append({_fold(n) for n in names if n})
    return out


def _covers(found: list[set[str]], wanted: tuple[str, ...], exact: bool = True) -> bool:
    """Each wanted name is one of the entities' names (or part of one); with exact, nothing else is there."""
    if exact and len(found) != len(wanted):
        return False
    remaining = list(found)
    for name in wanted:
        hit = next((f for f in remaining if any(_fold(name) in n for n in f)), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


@pytest.mark.parametrize("entry, example", EXAMPLES, ids=[f"{e.id}:{n}" for n, (e, _) in enumerate(EXAMPLES)])
def test_codebook_example(run, entry, example):
    doc = run(example.text)
    # a content cue codes the saying verb's event: look for its code; any other entry: for the events it coded
    by_entry = [e for e in doc.events if (e.cameo[:2] == entry.cameo[:2] if entry.frame == "content"
                                         else e.rule == entry.id)]
    described = [(e.cameo, e.rule, _names(doc, e.actors), _names(doc, e.recipients)) for e in doc.events]
    if example.actors is None:
        assert not by_entry, described
        return
    for ev in by_entry:
        if entry.cameo.startswith("04") and ev.cameo.startswith("04"):
            # a meeting: who visits and who hosts is the extractor's call (place, occasion), not the example's
            if _covers(_names(doc, ev.actors + ev.recipients), example.actors + example.recipients):
                return
        elif _covers(_names(doc, ev.actors), example.actors) and \
                _covers(_names(doc, ev.recipients), example.recipients, exact=False):
            return
    pytest.fail(f"{entry.id} ({entry.cameo}): no event of this entry with actors {example.actors} and recipients "
                f"{example.recipients} in {example.text!r}; found {described}")


def test_every_entry_has_an_example():
    missing = [e.id for e in CODEBOOK.entries if not any(x.actors is not None for x in e.examples)]
    assert not missing, f"entries without a positive example: {missing}"


def test_every_cameo_root_has_entries():
    roots = {e.cameo[:2] for e in CODEBOOK.entries}
    assert roots >= {f"{n:02d}" for n in range(1, 21)}, sorted({f"{n:02d}" for n in range(1, 21)} - roots)


def test_the_default_codebook_loads_once():
    assert default_codebook() is default_codebook()


def test_a_group_reads_its_longest_alternative():
    # a regular expression takes the first alternative that fits; the codebook means the longest phrase written
    from didban.events.codebook import build_entry
    from didban.text.keys import word_key

    entry = build_entry({"id": "t", "cameo": "040", "frame": "meeting", "pattern": "(دیدار|دیدار و گفتگو) [با]"},
                        {}, "test")
    text = " ".join(word_key(w) for w in "دیدار و گفتگو با".split())
    found = entry.regex.search(text)
    assert found is not None and found.group(0) == text
