"""The lexicon's word classes, kept as one sorted text, answer exactly as the dict they were built from."""
import pickle

from didban.text.lexicon import WordClasses, load

WORDS = {"کتاب": 5, "کتاب‌ها": 4, "کتابخانه": 3, "آب": 6, "ب": 0, "zebra": 2, "اطلاع‌رسانی": 4}


def test_lookups_answer_as_the_dict_does():
    classes = WordClasses(WORDS)
    probes = list(WORDS) + ["", "کتا", "کتابها", "کتاب‌", "آ", "ی", "zebr", "zebras", "\uffff", 3, None]
    for word in probes:
        assert (word in classes) == (word in WORDS)
        assert classes.get(word, -1) == WORDS.get(word, -1)
    assert [classes[w] for w in WORDS] == list(WORDS.values())
    assert len(classes) == len(WORDS) and sorted(classes) == sorted(WORDS) and dict(classes) == WORDS


def test_a_missing_word_is_a_key_error_and_a_pickled_copy_answers_the_same():
    classes = pickle.loads(pickle.dumps(WordClasses(WORDS)))
    assert dict(classes.items()) == WORDS
    try:
        classes["کتا"]
    except KeyError:
        pass
    else:
        raise AssertionError("a word not in the lexicon must raise KeyError")


def test_the_shipped_lexicon_knows_common_words_and_not_made_up_ones():
    lexicon = load()
    assert lexicon.known("کتاب") and lexicon.frequency_class("کتاب") >= 1
    assert not lexicon.known("کتابببب") and lexicon.frequency_class("کتابببب") == -1


def test_word_classes_answer_the_same_from_their_memo(monkeypatch):
    # lookups are remembered (and forgotten when the memo is full): the answers never change
    from didban.text import lexicon as mod

    classes = mod.WordClasses({"کتاب": 5, "کتابها": 3, "آب": 7, "ب": 0})
    monkeypatch.setattr(mod, "_MEMO_MAX", 3)
    asked = ["کتاب", "کتابها", "آب", "ب", "کتا", "کتابهای", "", "کتاب", "آب", "zzz"] * 3
    answers = [(w in classes, classes.get(w)) for w in asked]
    expected = [(True, 5), (True, 3), (True, 7), (True, 0), (False, None), (False, None), (False, None), (True, 5),
                (True, 7), (False, None)] * 3
    assert answers == expected and len(classes._memo) <= 3
