"""`Gazetteer.longest_at` (what most lookups need) gives exactly the first of `matches_at`, on every word."""
from didban.entities.gazetteer import Gazetteer
from didban.text.keys import token_key

PHRASES = [("عمان", "OMN"), ("دریای عمان", "sea"), ("وزیر امور خارجه", "fm"), ("وزیر", "minister"),
           ("گفت و گو", "talk"), ("امیر عبداللهیان", "per"), ("آق دام", "place")]
SENTENCES = [
    "وزیر امور خارجه در دریای عمان با امیرعبداللهیان گفت و گو کرد .",
    "اقدام وزیر ، عمان و دریای عمان ؛ گفتوگو",
    "خبر داد و عمان",
]


def test_longest_at_is_the_first_of_matches_at_everywhere():
    gazetteer = Gazetteer().add_all(PHRASES)
    seen = 0
    for sentence in SENTENCES:
        keys = [token_key(w) for w in sentence.split()]
        for start in range(-1, len(keys) + 1):
            every = list(gazetteer.matches_at(keys, start))
            longest = gazetteer.longest_at(keys, start)
            assert longest == (every[0] if every else None)
            seen += bool(every)
    assert seen >= 6  # the sentences do hit phrases, several of them at words that start longer ones


def test_longest_at_prefers_the_longest_phrase_and_refuses_fewer_words():
    gazetteer = Gazetteer().add_all(PHRASES)
    keys = [token_key(w) for w in "وزیر امور خارجه گفت".split()]
    assert gazetteer.longest_at(keys, 0).payloads == ("fm",)
    assert gazetteer.longest_at([token_key("اقدام")], 0) is None  # "آق دام" has two words


def test_starts_marks_every_word_where_a_match_starts():
    # the matcher skips the words `starts` marks False without asking `matches_at`: none of them starts a match
    gazetteer = Gazetteer().add_all(PHRASES)
    for sentence in SENTENCES:
        keys = [token_key(w) for w in sentence.split()]
        can = gazetteer.starts(keys)
        assert len(can) == len(keys)
        for start, marked in enumerate(can):
            if not marked:
                assert list(gazetteer.matches_at(keys, start)) == [] and gazetteer.longest_at(keys, start) is None
        assert any(can) and not all(can)
