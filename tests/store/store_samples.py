"""Synthetic documents with entities and events (offsets are real), shared by the store, server and web tests."""
from __future__ import annotations

from didban.document import Document, Entity, Event, Mention, Segment, Sentence, Span  # noqa: F401


# --- synthetic documents ------------------------------------------------------------------------------------------

def make_doc(text: str, *, title: str, outlet: str, published: str, people: list[tuple],
             events: list[tuple], place: tuple | None = None) -> Document:
    """A document with entities and events built by hand.

    people: (surface, name, name_en, country, kb_id); events: (cameo, plover, actor surface, recipient surface,
    trigger surface). Every span is found in `text`, so offsets are real.
    """
    doc = Document(text=text, title=title, outlet=outlet, published=published, source=f"{outlet}.txt")
    doc.segments = [Segment("paragraph", 0, len(text))]
    doc.sentences = [Sentence(0, len(text), 0)]
    doc.attribution = []
    doc.mentions, doc.entities, doc.events = [], [], []

    def span(surface, label=None):
        start = text.index(surface)
        return doc.span(start, start + len(surface), label)

    for i, (surface, name, name_en, country, kb_id) in enumerate(people):
        sp = span(surface)
        doc.mentions.append(Mention(sp.start, sp.end, sp.text, "PER", 0, entity=f"e{i}", kb_id=kb_id))
        doc.entities.append(Entity(f"e{i}", "PER", name, name_en, country, kb_id, "GOV", aliases=[surface],
                                   mentions=[sp]))
    by_surface = {p[0]: f"e{i}" for i, p in enumerate(people)}
    if place:
        surface, name, name_en, country, lat, lon = place
        sp = span(surface)
        doc.entities.append(Entity("loc", "GPE", name, name_en, country, None, None, mentions=[sp],
                                   latitude=lat, longitude=lon))
    for j, (cameo, plover, actor, recipient, trigger) in enumerate(events):
        doc.events.append(Event(
            id=f"{doc.id}-ev{j}", cameo=cameo, plover=plover, actors=[by_surface[actor]],
            recipients=[by_surface[recipient]] if recipient else [], location="loc" if place else None,
            date=published, date_reason="published", confidence=0.9, sentences=[0],
            evidence=[span(trigger, "trigger"), span(actor, "actor")]))
    return doc


def build_meeting_doc() -> Document:
    # a meeting (CAMEO 040) in Tehran and a praise (051)
    text = ("عراقچی وزیر امور خارجه ایران با لاوروف در تهران دیدار و گفت‌وگو کرد. "
            "لاوروف از ایران تمجید کرد.")
    return make_doc(text, title="دیدار عراقچی و لاوروف", outlet="irna", published="2025-03-07",
                    people=[("عراقچی", "عباس عراقچی", "Abbas Araghchi", "IRN", "Q_araghchi"),
                            ("لاوروف", "سرگئی لاوروف", "Sergey Lavrov", "RUS", "Q_lavrov")],
                    place=("تهران", "تهران", "Tehran", "IRN", 35.69, 51.39),
                    events=[("040", "CONSULT", "عراقچی", "لاوروف", "دیدار"),
                            ("051", "COOPERATE", "لاوروف", None, "تمجید")])


def build_other_doc() -> Document:
    # the same meeting told by another outlet, written without ZWNJ ("گفتوگو"), and a phone call (CAMEO 043)
    text = "عراقچی و لاوروف گفتوگو کردند. عراقچی با فیدان تلفنی صحبت کرد."
    return make_doc(text, title="گفتوگوی وزیران", outlet="isna", published="2025-03-08",
                    people=[("عراقچی", "عباس عراقچی", "Abbas Araghchi", "IRN", "Q_araghchi"),
                            ("لاوروف", "سرگئی لاوروف", "Sergey Lavrov", "RUS", "Q_lavrov"),
                            ("فیدان", "هاکان فیدان", "Hakan Fidan", "TUR", "Q_fidan")],
                    events=[("040", "CONSULT", "عراقچی", "لاوروف", "گفتوگو"),
                            ("043", "CONSULT", "عراقچی", "فیدان", "تلفنی")])
