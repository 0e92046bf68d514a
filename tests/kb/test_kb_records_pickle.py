"""Knowledge-base records pickle as their fields (fast to load from the cache folder) and come back equal."""
import copy
import pickle

from didban.kb.model import KBEntity, Role


def _person() -> KBEntity:
    return KBEntity("PER:x", "PER", "نام", name_en="Name", country="IRN", sector="GOV", latitude=None,
                    aliases=["نام", "Name"], roles=[Role("foreign_minister", "IRN", "2024-08-21", None, "kb",
                                                         uncertain=True, note="n", kind="observed")],
                    source="test", extra={"ambiguous_word": True})


def test_an_entity_with_roles_comes_back_equal_from_pickle_and_deepcopy():
    person = _person()
    for copied in (pickle.loads(pickle.dumps(person, protocol=pickle.HIGHEST_PROTOCOL)), copy.deepcopy(person)):
        assert copied == person and copied is not person
        assert copied.roles[0] == person.roles[0] and copied.ambiguous_word


def test_a_pickled_entity_is_independent_of_the_original():
    person = _person()
    copied = pickle.loads(pickle.dumps(person))
    copied.aliases.append("دیگر")
    copied.roles[0].end = "2025-01-01"
    assert person.aliases == ["نام", "Name"] and person.roles[0].end is None
