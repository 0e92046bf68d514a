"""Role learning (`--learn-roles`): a pass after a run, not a side effect of resolving.

The resolve stage records in each document what it states about offices ("«هاکان فیدان» وزیر امور خارجه ترکیه":
`meta["learned_roles"]`) and changes nothing. After a run, `learned_facts` collects those records from the
documents into facts, in a fixed order (by document id, then by place in the document) and without repeats, and
`apply_facts` adds them to the user's knowledge base (`KnowledgeBase.learn_role`: the overlay file and the knowledge
base in memory). No document of a run sees what another taught, so what a run outputs and what it learns are the
same whatever the order of the documents and however many workers ran them; the next run uses the facts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class LearnedRole:
    """One office a text stated: `person` held `role` (of `country`) on the date `on`."""

    person: str
    role: str
    country: str
    on: str | None
    doc: str
    start: int
    end: int

    @property
    def evidence(self) -> dict:
        return {"doc": self.doc, "start": self.start, "end": self.end}


def facts_of(doc) -> list[LearnedRole]:
    """The facts one resolved document states: offices of a stated country, one word as the knowledge base keys
    them ("foreign_minister"; a deputy's "deputy foreign_minister" is not an office of the table)."""
    out = []
    for fact in (doc.meta or {}).get("learned_roles") or []:
        if fact.get("country") and " " not in fact["role"]:
            evidence = fact.get("evidence") or {}
            out.append(LearnedRole(fact["person"], fact["role"], fact["country"], fact.get("on"), doc.id,
                                   evidence.get("start", 0), evidence.get("end", 0)))
    return out


def learned_facts(docs: Iterable) -> list[LearnedRole]:
    """The facts of a run's documents (failures and other items are skipped), sorted and without repeats: the same
    list for the same documents in any order."""
    from didban.document import Document

    return _in_order({fact for doc in docs if isinstance(doc, Document) for fact in facts_of(doc)})


def _in_order(facts: set[LearnedRole]) -> list[LearnedRole]:
    return sorted(facts, key=lambda f: (f.doc, f.start, f.end, f.person, f.role, f.country, f.on or ""))


def apply_facts(facts: Iterable[LearnedRole], resources) -> int:
    """Add the facts to the knowledge base of `resources` (and its user overlay file); how many were added. What the
    Resources compiled from the knowledge base (the gazetteer) is rebuilt when next asked for, so later runs find the
    learned names."""
    kb = resources.kb
    count = 0
    for fact in facts:
        kb.learn_role(fact.person, fact.role, fact.country, fact.on, evidence=fact.evidence)
        count += 1
    if count:
        resources.knowledge_changed()
    return count


class RoleLearning:
    """Collects the facts of the documents of a run as they come out (in any order), applies them at the end."""

    def __init__(self, options, resources=None):
        self.enabled = bool(options.learn_roles)
        self.resources = resources
        self._facts: set[LearnedRole] = set()

    def see(self, item) -> None:
        from didban.document import Document

        if self.enabled and isinstance(item, Document):
            self._facts.update(facts_of(item))

    def finish(self) -> int:
        """Apply what the run's documents stated (once); how many facts were added."""
        if not self.enabled or not self._facts:
            return 0
        from didban.resources import shared

        facts, self._facts = _in_order(self._facts), set()
        return apply_facts(facts, self.resources or shared())
