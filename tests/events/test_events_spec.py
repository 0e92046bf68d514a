"""Spec-like event tests: (Persian text, what an analyst would record). Sentences are written for these tests,
not taken from the evaluation set."""
from __future__ import annotations

import pytest

from tests.events.conftest import entity_names


def meetings(doc):
    return [e for e in doc.events if e.cameo.startswith("04")]


def statements(doc):
    return [e for e in doc.events if not e.cameo.startswith("04")]


@pytest.mark.parametrize("text, participants", [
    # X با Y دیدار کرد: both people named in full, with an office in apposition
    ("سید عباس عراقچی وزیر امور خارجه کشورمان با هاکان فیدان وزیر امور خارجه ترکیه در آنکارا دیدار کرد.",
     ["Abbas Araghchi", "Hakan Fidan"]),
    # X و Y ... دیدار کردند: a coordinated subject meets itself
    ("عباس عراقچی و سرگئی لاوروف در مسکو دیدار و گفت‌وگو کردند.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # an office alone is its holder on the article's date; the counterpart is the same office of the other country
    ("وزیر امور خارجه کشورمان با همتای مصری خود دیدار کرد.", ["Abbas Araghchi", "Badr Abdelatty"]),
    # "در دیدار با": the meeting is presupposed by what was said in it
    ("لاوروف در دیدار با عراقچی از گسترش روابط استقبال کرد.", ["Abbas Araghchi", "Sergey Lavrov"]),
])
def test_one_meeting_with_its_participants(run, text, participants):
    doc = run(text)
    found = meetings(doc)
    assert len(found) == 1, [(e.cameo, e.actors, e.recipients) for e in doc.events]
    assert entity_names(doc, found[0].actors + found[0].recipients) == sorted(participants)


def test_an_unnamed_office_holder_acts_for_their_country(run):
    # "سفیر ایران در بغداد": nobody names the ambassador; the meeting is Iran's, as CAMEO codes actors
    doc = run("سفیر ایران در بغداد با فواد حسین وزیر خارجه عراق دیدار کرد.")
    [meeting] = meetings(doc)
    by_id = {e.id: e for e in doc.entities}
    assert sorted(by_id[p].name_en for p in meeting.actors + meeting.recipients)[0] == "Fuad Hussein"
    assert {by_id[p].country for p in meeting.actors} == {"IRN"}
    assert any(s.text == "سفیر ایران" for s in meeting.evidence)


def test_a_word_and_a_conjunction_are_not_a_name(run):
    # "خبر داد و" must not become the Pakistani town "دادو"
    doc = run("رئیس‌جمهور آمریکا از تحریم‌های جدید خبر داد و ایران را متهم کرد.")
    assert not [m for m in doc.mentions if m.text.startswith("داد")]


def test_a_list_after_with_is_one_meeting_per_person(run):
    # "با همتایان پاکستانی و مصری": two bilateral meetings, not one
    doc = run("عراقچی در حاشیه اجلاس با همتایان ترکیه‌ای و مصری دیدار کرد.")
    pairs = sorted(tuple(entity_names(doc, e.actors + e.recipients)) for e in meetings(doc))
    assert pairs == [("Abbas Araghchi", "Badr Abdelatty"), ("Abbas Araghchi", "Hakan Fidan")]


@pytest.mark.parametrize("text", [
    "عراقچی با لاوروف دیدار نکرد.",  # negated: nothing happened
    "عراقچی هفته آینده با لاوروف دیدار خواهد کرد.",  # announced: not a meeting that happened
    "تیم ملی فوتبال ایران در دیدار با کره جنوبی به پیروزی رسید.",  # a football match is not a meeting
    "قیمت دلار در بازار آزاد تهران امروز افزایش یافت.",  # economy news: no political event
])
def test_no_meeting(run, text):
    assert meetings(run(text)) == []


def test_an_announced_meeting_is_an_intent_to_meet(run):
    doc = run("عراقچی هفته آینده با لاوروف در مسکو دیدار خواهد کرد.")
    [intent] = doc.events
    assert intent.cameo == "036" and intent.plover == "AGREE"
    assert entity_names(doc, intent.actors + intent.recipients) == ["Abbas Araghchi", "Sergey Lavrov"]


def test_phone_call_is_041_without_a_place(run):
    doc = run("وزیر امور خارجه در تماس تلفنی با همتای ترکیه‌ای خود درباره تحولات منطقه گفتگو کرد.")
    [call] = meetings(doc)
    assert call.cameo == "041" and call.mode == "phone" and call.location is None
    assert entity_names(doc, call.actors + call.recipients) == ["Abbas Araghchi", "Hakan Fidan"]


def test_sidelines_meeting_is_044_with_place_occasion_and_relative_date(run):
    doc = run("عراقچی که برای شرکت در اجلاس سازمان همکاری اسلامی به جده سفر کرده است، روز گذشته در حاشیه این "
              "اجلاس با هاکان فیدان دیدار کرد.", published="2025-03-08")
    [meeting] = meetings(doc)
    assert meeting.cameo == "044" and meeting.plover == "CONSULT" and meeting.mode == "third-party"
    place = {e.id: e for e in doc.entities}[meeting.location]
    assert place.name_en == "Jeddah" and place.country == "SAU" and place.latitude is not None
    assert meeting.occasion is not None and "اجلاس" in meeting.occasion.text
    assert meeting.date == "2025-03-07" and meeting.date_reason == "relative"


@pytest.mark.parametrize("text, cameo_root, speakers", [
    # خواستار ... شد: an appeal
    ("عراقچی خواستار توقف فوری حملات رژیم صهیونیستی به لبنان شد.", "02", ["Abbas Araghchi"]),
    # محکوم کرد: condemnation
    ("سخنگوی وزارت امور خارجه حمله رژیم صهیونیستی به سوریه را محکوم کرد.", "11", None),
    # با رد ...: rejection, with a joint speaker (a plural office and two countries)
    ("وزرای خارجه ایران و مصر با رد هرگونه طرح کوچاندن مردم غزه بر حقوق مردم فلسطین تاکید کردند.", "12",
     ["Abbas Araghchi", "Badr Abdelatty"]),
    # استقبال کرد: welcome
    ("فیدان از تصمیم سازمان همکاری اسلامی استقبال کرد.", "05", ["Hakan Fidan"]),
    # آماده ... است: intent to cooperate
    ("لاوروف گفت روسیه آماده گسترش همکاری‌ها با ایران است.", "03", ["Sergey Lavrov"]),
    # "X ایران را ... متهم کرد": the country before "را" is the object, not a second speaker
    ("سخنگوی وزارت امور خارجه آمریکا ایران را به حمایت از تروریسم متهم کرد.", "11", None),
    # a plain verb coded by what is said: "بر ضرورت ... تاکید کرد" is an appeal
    ("عراقچی بر ضرورت اقدام فوری کشورهای اسلامی برای توقف جنایات تاکید کرد.", "02", ["Abbas Araghchi"]),
])
def test_statements_are_coded_by_what_the_speaker_does(run, text, cameo_root, speakers):
    doc = run(text)
    found = [e for e in statements(doc) if e.cameo.startswith(cameo_root)]
    assert len(found) == 1, [(e.cameo, e.actors) for e in doc.events]
    if speakers:
        assert entity_names(doc, found[0].actors) == sorted(speakers)


def test_an_object_is_not_a_speaker_and_a_nationality_is_its_country(run):
    doc = run("سخنگوی وزارت امور خارجه آمریکا ایران را متهم کرد.\n"
              "محمدباقر قالیباف رئیس مجلس اظهارات مقامات آمریکایی را مداخله‌جویانه خواند.")
    accuse = [e for e in doc.events if e.cameo.startswith("11")]
    assert len(accuse) == 2
    by_id = {e.id: e for e in doc.entities}
    assert [by_id[a].country for a in accuse[0].actors] == ["USA"] and by_id[accuse[0].recipients[0]].country == "IRN"
    assert entity_names(doc, accuse[1].actors) == ["Mohammad Bagher Ghalibaf"]
    assert [by_id[r].country for r in accuse[1].recipients] == ["USA"]


def test_a_subjunctive_meeting_is_not_a_meeting(run):
    # "قرار است ... دیدار کنند": planned
    assert meetings(run("قرار است عراقچی و لاوروف هفته آینده در مسکو دیدار کنند.")) == []


def test_pronoun_speaker_is_the_last_subject(run):
    doc = run("وزیر خارجه ترکیه نیز بر اهمیت روابط دو کشور تأکید کرد.\nوی همچنین خواستار توقف جنگ شد.")
    [appeal] = [e for e in doc.events if e.cameo.startswith("02")]
    assert entity_names(doc, appeal.actors) == ["Hakan Fidan"]


def test_headline_and_body_report_one_meeting(run):
    doc = run("دیدار عراقچی با فیدان\n\nعباس عراقچی با هاکان فیدان وزیر امور خارجه ترکیه در آنکارا دیدار کرد.")
    [meeting] = meetings(doc)
    assert len(meeting.sentences) == 2  # evidence from both


def test_every_event_has_evidence_that_slices_the_original(run):
    text = "دیدار عراقچی با فیدان\n\nعراقچی با «هاکان فیدان» وزیر امور خارجه ترکیه دیدار کرد و خواستار توقف جنگ شد."
    doc = run(text)
    assert doc.events
    for ev in doc.events:
        assert ev.evidence and any(s.label == "trigger" for s in ev.evidence)
        for span in ev.evidence:
            assert text[span.start:span.end] == span.text
        assert ev.id and len(ev.id) == 16 and isinstance(ev.cameo, str)


def test_event_ids_are_stable(run):
    text = "عراقچی با لاوروف در مسکو دیدار کرد."
    assert [e.id for e in run(text).events] == [e.id for e in run(text).events]


def test_coding_tables():
    from didban.events.coding import coding

    assert coding("044").plover == "CONSULT" and coding("044").mode == "third-party"
    assert coding("041").mode == "phone"
    assert coding("111").plover == "ACCUSE" and coding("111").quad_class == 3
    assert coding("020").plover == "APPEAL"  # the extension codebook: PLOVER has no appeal type
    assert coding("010").plover == "STATEMENT"
    assert coding("120").intensity < 0 < coding("051").intensity
