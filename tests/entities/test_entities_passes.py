"""`find_mentions`'s second pass resumes each sentence from the state its first pass left after the passes that do
not read the article's learned names: the same mentions as running every pass again (what it did before)."""
from __future__ import annotations

from dataclasses import asdict

import pytest


def _full_rerun(doc, res, home):
    """The second pass as it was: every pass run again on each sentence that holds a word of a learned name."""
    from didban.entities import matcher as mod
    from didban.entities.gazetteer import Gazetteer
    from didban.text.keys import token_key

    tokens = doc.tokens or []
    sentences = [(si, tokens[s.token_start:s.token_end]) for si, s in enumerate(doc.sentences or [])
                 if not s.boilerplate]
    first = [m for si, toks in sentences for m in mod.SentenceMatcher(res, doc, toks, si, home).run()]
    learned = Gazetteer()
    for m in first:
        if m.kb_id is None and m.type in ("PER", "ORG", "LOC") and m.source in ("quote", "pattern", "tagger") \
                and m.name_start is None:
            learned.add(m.text, (m.type,))
    surnames = mod._surnames_of_named_people(first)
    for surname, owner in surnames.items():
        learned.add(surname, ("PER", owner) if ":" in owner else ("PER",))
    if not len(learned):
        return mod._supported_surnames(first, res, home, dict(sentences))
    words = {token_key(w) for m in first if m.kb_id is None for w in m.text.split()} | \
        {token_key(w) for w in surnames}
    out = []
    for si, toks in sentences:
        if any(t.key in words for t in toks):
            out.extend(mod.SentenceMatcher(res, doc, toks, si, home, learned).run())
        else:
            out.extend(m for m in first if m.sentence == si)
    return mod._supported_surnames(out, res, home, dict(sentences))


# (article) - each has a name learned in one sentence (quoted, after a title, a known person's surname) that comes
# back in others, so that the second pass runs
@pytest.mark.parametrize("text", [
    # a quoted unknown name, then the name bare, next to an office
    "«هارالد پنجم» پادشاه نروژ به تهران آمد. هارالد پنجم با رئیس‌جمهور دیدار کرد. وی گفت روابط خوب است.",
    # a title before an unknown name, then the name alone
    "سردار علی شکارچی سخنگوی ستاد کل گفت. شکارچی افزود که ارتش آماده است.",
    # a known person named in full, then by surname, with an office and a counterpart around
    "عباس عراقچی وزیر امور خارجه کشورمان با همتای ترکیه‌ای خود دیدار کرد. عراقچی گفت دو کشور همکاری می‌کنند.",
])
def test_second_pass_resumes_with_the_same_mentions(text, monkeypatch):
    import didban
    from didban.entities.matcher import SentenceMatcher, find_mentions
    from didban.kb.home import home_country
    from didban.options import Options
    from didban.resources import shared

    options = Options(on_error="raise", tagger=False)
    doc = didban.extract(text, published="2025-03-07", on_error="raise", tagger=False)
    res = shared().gazetteer(False)
    home = home_country(doc, options, shared().kb)
    expected = [asdict(m) for m in _full_rerun(doc, res, home)]
    resumed = []
    resume = SentenceMatcher.resume
    monkeypatch.setattr(SentenceMatcher, "resume", lambda self, state: resumed.append(1) or resume(self, state))
    found = [asdict(m) for m in find_mentions(doc, res, home)]
    assert found == expected and found
    assert resumed  # the second pass ran
