"""Constructions the codebook engine must read, one sentence each (written for these tests, never taken from the
evaluation set): who acts in reported words, in coordinated and relative clauses, with objects and possessors, and
the spelling damage scraped news carries."""
from __future__ import annotations

import pytest

from tests.events.conftest import entity_names


def events_of(doc, root):
    return [e for e in doc.events if e.cameo.startswith(root)]


def names(doc, ids):
    by_id = {e.id: e for e in doc.entities}
    return sorted(by_id[i].name for i in ids)


@pytest.mark.parametrize("text, root, actors", [
    # reported words whose subject is another person, in the past: that person acts (the source only reports it)
    ("دفتر ریاست جمهوری روسیه اعلام کرد: امامعلی رحمان از اقدامات برای حل مناقشه استقبال کرد.", "05",
     ["Emomali Rahmon"]),
    # reported words whose subject is the speaker's country: the speaker acts ("Iran is ready" is his statement)
    ("مسعود پزشکیان گفت ایران آماده گسترش روابط با همسایگان است.", "03", ["Masoud Pezeshkian"]),
    # "we" in reported words is the person quoted, even behind an institution speaking in between
    ("سردار ابوالفضل شکارچی گفت: نیروهای مسلح اعلام می‌کنند که مرزها خط قرمز است و هشدار می‌دهیم.", "13",
     ["شکارچی"]),
    # a coordinated clause with its own subject at its start acts for itself
    ("برهم صالح این دعوت را پذیرفت و سفیر کویت نیز بر گسترش روابط تاکید کرد.", "030", ["کویت"]),
    # a name inside an object noun phrase (before "را") is not the subject; "آنها" is the last group
    ("ایران، روسیه و ترکیه بیانیه‌ای صادر کردند. آنها حملات رژیم صهیونیستی در سوریه را محکوم کردند.", "11",
     ["ایران", "روسیه", "ترکیه"]),
    # the clause after a relative clause continues its subject's
    ("وزیر خارجه عمان که به تهران سفر کرده است، از تلاش‌های ایران قدردانی کرد.", "05", ["Badr Albusaidi"]),
    # a ministry of another country is that country's body, not Iran's
    ("وزارت امور خارجه افغانستان از کمک‌های ایران قدردانی کرد.", "05", ["وزارت امور خارجه افغانستان"]),
    # an army named by its country opens the clause: it acts, and is not the possessor of the object
    ("ارتش پاکستان مواضع طالبان را در خوست بمباران کرد.", "19", ["ارتش پاکستان"]),
    # ... but inside a noun phrase before "را" the army and its country are still whose attacks were condemned
    ("عراقچی حملات ارتش اسرائیل را محکوم کرد.", "11", ["Abbas Araghchi"]),
    # a deed told in the past in someone's words is its doer's, not the speaker's
    ("عراقچی گفت: اسرائیل به سوریه حمله کرد.", "19", ["اسرائیل"]),
    ("سخنگوی وزارت خارجه گفت که آمریکا تحریم‌های جدیدی علیه ایران وضع کرد.", "16", ["آمریکا"]),
    # another country's past act in someone's words is that country's, after a phrase of time too; and the verb
    # coordinated with it is still theirs
    ("قاسم جعفری گفت: در سال‌های گذشته مقامات آمریکایی ایران را تهدید کردند و اکنون هر روز تهدید می‌کنند.", "13",
     ["آمریکا"]),
    # a member of parliament named by a constituency that is a known place, without the assembly: the person quoted
    ("آقای قاسم جعفری از دولت انتقاد کرد. نماینده مردم تبریز اظهار داشت: وزرا باید پاسخگو باشند.", "02",
     ["قاسم جعفری"]),
    # someone the knowledge base does not know, who has just met a president, speaks as news
    ("صادق خرازی با ولادیمیر پوتین در مسکو دیدار کرد. صادق خرازی در این دیدار گفت که ایران از روسیه حمایت "
     "می‌کند.", "05", ["صادق خرازی"]),
    # "این + description + demonym" is the last person named of that country, not the last person named
    ("سرگئی لاوروف با عباس عراقچی دیدار کرد. این دیپلمات ایرانی از مواضع روسیه قدردانی کرد.", "05",
     ["Abbas Araghchi"]),
    # "طرف روس": the side of the talks is the person of that country the article named
    ("در دیدار عباس عراقچی با سرگئی لاوروف، طرف روس خواستار توقف حملات شد.", "02", ["Sergey Lavrov"]),
    # "همتای عمانی وی" opening a sentence: the counterpart of the last sentence's subject
    ("عباس عراقچی روز دوشنبه با بدر البوسعیدی دیدار کرد.\nهمتای عمانی وی نیز بر ضرورت توقف جنگ تاکید کرد.", "02",
     ["Badr Albusaidi"]),
    # a paragraph that is all a quotation goes on quoting the one who just spoke
    ("عباس عراقچی روز دوشنبه در نشست خبری سخن گفت.\n«آمریکا باید تحریم‌ها را لغو کند و زیر بار زورگویی نمی‌رویم.»",
     "12", ["Abbas Araghchi"]),
    # what someone "should know" is still the speaker's word, not the one who should know it
    ("عباس عراقچی گفت: رئیس‌جمهور آمریکا باید بداند ایران تسلیم نمی‌شود.", "12", ["Abbas Araghchi"]),
    # "این وزارتخانه"، "این سازمان": the organisation named last
    ("وزارت امور خارجه روسیه حمله به کنسولگری را محکوم کرد.\nاین وزارتخانه همچنین از همه طرف‌ها خواست خویشتنداری کنند.",
     "02", ["Ministry of Foreign Affairs of Russia"]),
    # forces named with an adjective, then their country, then a counted object: the country acts
    ("نیروهای امنیتی پاکستان ده‌ها مهاجر افغان را بازداشت کردند.", "17", ["پاکستان"]),
    # welcoming an invitation is praise, not hosting the one who invited
    ("عباس عراقچی از دعوت سرگئی لاوروف برای سفر به مسکو استقبال کرد.", "05", ["Abbas Araghchi"]),
    # a person's planned meeting told in someone's words is that person's (CAMEO 036, intent to meet)
    ("اسماعیل بقائی گفت: رافائل گروسی در سفر به تهران با عباس عراقچی دیدار خواهد کرد.", "03", ["Rafael Grossi"]),
    # words quoted first and taken up by "این را": the one who said them speaks, not a name inside them
    ("«آمریکا باید تحریم‌ها را لغو کند»؛ این را عباس عراقچی روز دوشنبه گفت.", "02", ["Abbas Araghchi"]),
    # "according to X, Y thanked Z": Y thanked; X only tells it
    ("به گفته وزارت امور خارجه، عباس عراقچی از مواضع ترکیه قدردانی کرد.", "05", ["Abbas Araghchi"]),
    # a quotation opening the sentence, then its speaker: what is quoted codes the saying verb
    ("«آمریکا باید تحریم‌ها را لغو کند»، عباس عراقچی این را گفت.", "02", ["Abbas Araghchi"]),
    ("«ما حملات اسرائیل را محکوم می‌کنیم»، عباس عراقچی در نشست خبری گفت.", "11", ["Abbas Araghchi"]),
    # "این در حالی است که X …": after "که" the name opens a clause, it is no possessor of the object
    ("این در حالی است که طالبان تحریم‌های آمریکا را محکوم کردند.", "11", ["طالبان"]),
    # a subject set off by a comma, then a person described by an office and "را": the person is the object
    ("طالبان، عباس عراقچی وزیر خارجه ایران را به دخالت متهم کردند.", "112", ["Taliban"]),
    # a clause after "اما" / "ولی" with its own subject: that subject acts, not the first clause's
    ("ایران این اقدام را محکوم کرد، اما ترکیه از محکوم کردن آن خودداری کرد.", "124", ["Türkiye"]),
    ("عباس عراقچی دعوت را پذیرفت ولی سرگئی لاوروف از پذیرفتن آن خودداری کرد.", "124", ["Sergey Lavrov"]),
    # the office's own body said again right after it is no second actor ("… مجلس روسیه")
    ("رئیس شورای فدراسیون مجلس روسیه با ارسال پیامی شهادت ابراهیم رئیسی را تسلیت گفت.", "018",
     ["Valentina Matviyenko"]),
    # "the three ministers" after a session of three: all three act
    ("عباس عراقچی، سرگئی لاوروف و هاکان فیدان در نشست آستانه شرکت کردند.\nسه وزیر حملات اسرائیل را محکوم کردند.",
     "11", ["Abbas Araghchi", "Sergey Lavrov", "Hakan Fidan"]),
    # asking someone to do something whose verb opens with a preverb, in the subjunctive without "ب" ("بازگردد")
    ("ولادیمیر پوتین از ایران خواست به میز مذاکره بازگردد.", "02", ["Vladimir Putin"]),
])
def test_who_acts(run, text, root, actors):
    doc = run(text)
    found = events_of(doc, root)
    assert found, [(e.cameo, e.rule) for e in doc.events]
    by_id = {e.id: e for e in doc.entities}
    got = sorted(f"{by_id[a].name} / {by_id[a].name_en}" for a in found[0].actors)
    assert len(got) == len(actors) and [a for a in actors if not any(a in g for g in got)] == [], got


@pytest.mark.parametrize("text, participants", [
    # a glued light verb, split by the normalizer ("دیدارکرد")
    ("عباس عراقچی با سرگئی لاوروف در مسکو دیدارکرد.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # Dari contraction "درین" and delegations of countries taking part ("اشتراک داشتند")
    ("درین نشست نمایندگان روسیه، چین و ایران اشتراک داشتند.", ["China", "Iran", "Russia"]),
    # a session named by its participants, a plural office across "کشورهای"
    ("اجلاس وزیران خارجه کشورهای ایران، روسیه و ترکیه در آستانه برگزار شد.",
     ["Abbas Araghchi", "Hakan Fidan", "Sergey Lavrov"]),
    # the surname alone, once the article named the person in full
    ("برهم صالح رئیس‌جمهوری عراق به کویت رفت. سالم الزمانان سفیر کویت با صالح در کاخ دیدار کرد.",
     ["Barham Salih", "سالم الزمانان"]),
    # "با حضور" names no partner; the next "با" does
    ("سپهبد عبدالکریم محمود با حضور در ستاد کل نیروهای مسلح با سرلشکر باقری دیدار کرد.",
     ["Mohammad Bagheri", "عبدالکریم محمود"]),
    # people who sign together meet
    ("اسحاق جهانگیری و عماد خمیس یک موافقتنامه همکاری را امضا کردند.", ["Eshaq Jahangiri", "Imad Khamis"]),
    # indirect talks told at length, with a mediator; the envoy's principal is not a party
    ("گفتگوهای غیرمستقیم عباس عراقچی وزیر امور خارجه و استیو ویتکاف نماینده ویژه رئیس‌جمهور آمریکا با وساطت "
     "بدر البوسعیدی وزیر امور خارجه عمان در مسقط آغاز شد.", ["Abbas Araghchi", "Badr Albusaidi", "Steve Witkoff"]),
    # a delegation meets officials: bodies and countries meet without a person named
    ("هیئت طالبان با مقامات پاکستانی در اسلام‌آباد دیدار کردند.", ["Pakistan", "Taliban"]),
    # the head of a delegation ("به ریاست X") acts
    ("هیئتی به ریاست عراقچی با ولادیمیر پوتین دیدار کرد.", ["Abbas Araghchi", "Vladimir Putin"]),
    # ... also when the delegation names its country first
    ("هیئت ایرانی به ریاست عباس عراقچی با ولادیمیر پوتین دیدار کرد.", ["Abbas Araghchi", "Vladimir Putin"]),
    # a person and an ambassador (a country standing for its envoy) as one subject meet each other
    ("امیرخان متقی و سفیر قزاقستان در کابل دیدار کردند.", ["Amir Khan Muttaqi", "Kazakhstan"]),
    # people no knowledge base knows, each described by an office ("معاون آموزش و پژوهش وزارت امور خارجه"،
    # "وزیر ملیت‌های روسیه"): officials, so their meeting is news
    ("صادق خرازی، معاون آموزش و پژوهش وزارت امور خارجه با آقای ویچسلاو میخائیلف، وزیر ملیت‌های روسیه در مسکو "
     "دیدار کرد.", ["صادق خرازی", "میخائیلف"]),
    # "در حالی X …": the noun after "در" opens a clause; X is its subject, not a place's object
    ("در حالی عباس عراقچی با سرگئی لاوروف دیدار کرد که آمریکا تحریم‌های جدیدی وضع کرده بود.",
     ["Abbas Araghchi", "Sergey Lavrov"]),
    # a known person before another country's office is two people: the ambassador is the guest
    ("مسعود پزشکیان سفیر جدید ژاپن را به حضور پذیرفت.", ["Japan", "Masoud Pezeshkian"]),
    # going to see someone; calling someone
    ("عراقچی به دیدار ولادیمیر پوتین رفت.", ["Abbas Araghchi", "Vladimir Putin"]),
    ("عراقچی به لاوروف تلفن زد.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # a counterpart with a possessive ending glued to the demonym
    ("رئیس‌جمهور ایران و همتای ترکیه‌ای‌اش در آنکارا با یکدیگر دیدار کردند.",
     ["Masoud Pezeshkian", "Recep Tayyip Erdoğan"]),
    # negotiations between countries, with no one named, are their delegations meeting
    ("مذاکرات ایران و آمریکا در مسقط برگزار شد.", ["Iran", "United States"]),
    # a meeting told in a spokesman's words is the delegation's, not the spokesman's
    ("ذبیح‌الله مجاهد گفت که هیئت طالبان با مقامات قطری در دوحه دیدار کرده است.", ["Qatar", "Taliban"]),
    # a delegation "from" a country is that country's, and "از" does not end the partners
    ("امیرخان متقی با هیئتی تجاری از قزاقستان در کابل دیدار کرد.", ["Amir Khan Muttaqi", "Kazakhstan"]),
    # a guest right before "را" after a phrase of place ("در کاخ سعدآباد")
    ("مسعود پزشکیان روز شنبه در کاخ سعدآباد شهباز شریف را پذیرفت.", ["Masoud Pezeshkian", "Shehbaz Sharif"]),
    # an unknown name before an office is its holder, not the office's country; whose envoy he is is no partner
    ("امیرخان متقی با جان اسمیت سفیر انگلیس در کابل دیدار کرد.", ["Amir Khan Muttaqi", "جان اسمیت"]),
    ("محمد مخبر با سیزوا موکومبو نماینده ویژه رئیس‌جمهور زیمبابوه دیدار کرد.", ["Mohammad Mokhber", "سیزوا موکومبو"]),
    # the holder named beside an office of an international body is that person, whatever the country
    ("عباس عراقچی با کایا کالاس مسئول سیاست خارجی اتحادیه اروپا تلفنی گفتگو کرد.", ["Abbas Araghchi", "Kaja Kallas"]),
    # "در دیدار X با Y، …" opens a sentence: the two named in the phrase meet, whoever speaks after it
    ("در دیدار عباس عراقچی با سرگئی لاوروف، طرف روس خواستار توقف حملات شد.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # ... also when the sentence ends in a wish ("… دعوت کرد به هلند سفر کند")
    ("در ملاقات عباس عراقچی با سرگئی لاوروف، طرف روس از وی دعوت کرد به مسکو سفر کند.",
     ["Abbas Araghchi", "Sergey Lavrov"]),
    # a meeting "between" those named, in the passive; delegations named by their countries
    ("دیداری میان امیرخان متقی و عباس عراقچی در کابل صورت گرفت.", ["Abbas Araghchi", "Amir Khan Muttaqi"]),
    ("نشستی میان هیئت‌های افغانستان و پاکستان در اسلام‌آباد برگزار شد.", ["Afghanistan", "Pakistan"]),
    # the head of a delegation met is the partner ("با هیئتی به ریاست X")
    ("ولادیمیر پوتین با هیئتی به ریاست عباس عراقچی دیدار کرد.", ["Abbas Araghchi", "Vladimir Putin"]),
    # a second meeting in a coordinated clause: its partner is in its own clause
    ("مسعود پزشکیان با شیگرو ایشیبا دیدار کرد و سپس با امانوئل مکرون گفتگو کرد.",
     ["Masoud Pezeshkian", "Emmanuel Macron"]),
    # another meeting's "با" before the verb's own partner: "before meeting A, he talked with B"
    ("مسعود پزشکیان پیش از دیدار با برهم صالح با ولیعهد کویت گفتگو کرده بود.",
     ["Masoud Pezeshkian", "Sabah Al-Khalid"]),
    # an unknown name after "و نیز" / "و همچنین", then its office: one more partner
    ("رجب طیب اردوغان با عارف علوی و همچنین راشد الغنوشی رئیس پارلمان تونس تلفنی گفتگو کرد.",
     ["Recep Tayyip Erdoğan", "راشد الغنوشی"]),
    # Dari: the telephone written "تیلفون"
    ("امیرخان متقی با اسحاق دار از طریق تیلفون صحبت کرد.", ["Amir Khan Muttaqi", "Ishaq Dar"]),
    # a "با" inside an adverbial phrase a comma closes, or a companion's "همراه با", is not the meeting's partner
    ("عباس عراقچی با تاکید بر همکاری با چین، با وانگ یی دیدار کرد.", ["Abbas Araghchi", "Wang Yi"]),
    ("عباس عراقچی همراه با هیئتی از وزارت خارجه با سرگئی لاوروف دیدار کرد.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # a second "با" of the same verb after "و سپس" or a comma and a time: one more partner
    ("عباس عراقچی ابتدا با سرگئی لاوروف و سپس با ولادیمیر پوتین دیدار کرد.", ["Abbas Araghchi", "Vladimir Putin"]),
    ("عباس عراقچی روز دوشنبه با سرگئی لاوروف، روز سه‌شنبه با هاکان فیدان دیدار کرد.",
     ["Abbas Araghchi", "Hakan Fidan"]),
    # "sat down to talk"
    ("عباس عراقچی در مسکو با سرگئی لاوروف به گفت‌وگو نشست.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # a session: one meeting of all who attend, however they are told
    ("عباس عراقچی در نشستی با حضور سرگئی لاوروف و هاکان فیدان شرکت کرد.",
     ["Abbas Araghchi", "Hakan Fidan", "Sergey Lavrov"]),
    ("عباس عراقچی به همراه سرگئی لاوروف و هاکان فیدان در نشست تهران شرکت کرد.",
     ["Abbas Araghchi", "Hakan Fidan", "Sergey Lavrov"]),
    ("عباس عراقچی میزبان نشست وزرای خارجه روسیه و ترکیه در تهران بود.",
     ["Abbas Araghchi", "Hakan Fidan", "Sergey Lavrov"]),
    ("وزرای خارجه ایران، روسیه و ترکیه در مسکو گرد هم آمدند.", ["Abbas Araghchi", "Hakan Fidan", "Sergey Lavrov"]),
    # "had a meeting with": an indefinite meeting noun and "داشت"
    ("عباس عراقچی روز گذشته دیداری با سرگئی لاوروف داشت.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # a phone call with a counterpart, its topic more than a few words on
    ("عباس عراقچی در گفتگوی تلفنی با همتای عمانی خود، آخرین تحولات منطقه و روابط دوجانبه را بررسی کرد.",
     ["Abbas Araghchi", "Badr Albusaidi"]),
    # a headline whose event noun the tagger reads as a name
    ("تماس تلفنی وزیر خارجه ترکیه با عباس عراقچی", ["Abbas Araghchi", "Hakan Fidan"]),
    # a body's people met as the body, without "با"
    ("رهبر انقلاب در دیدار فرماندهان سپاه پاسداران گفت که دشمن شکست خورده است.",
     ["Ali Khamenei", "Islamic Revolutionary Guard Corps"]),
    # a delegation of a kind ("پارلمانی") of a country meets without a person named on its side
    ("هیئت پارلمانی ایران با محمود المشهدانی رئیس پارلمان عراق دیدار کرد.", ["Iran", "Mahmoud al-Mashhadani"]),
    # a many-sided session of countries, held
    ("نشست سه‌جانبه ایران، روسیه و ترکیه درباره سوریه در آستانه برگزار شد.", ["Iran", "Russia", "Türkiye"]),
    # a delegation's head named after "به رهبری" is the partner
    ("امیرخان متقی با هیئت ترکمنستان به رهبری رشید مردوف وزیر خارجه آن کشور دیدار کرد.",
     ["Amir Khan Muttaqi", "Rashid Meredov"]),
    # a party word ("مقامات", "هیئت") opening the second member of the subject's list
    ("هیئت طالبان و مقامات چینی در کابل دیدار کردند.", ["Taliban", "China"]),
    ("هیئت طالبان و هیئت چین در کابل دیدار کردند.", ["Taliban", "China"]),
    # a gap passes over a short relative clause closed by a comma (the session's place), Dari "دایر گردید"
    ("در نشست سه‌جانبه‌ای که در تهران دایر گردید، عراقچی، لاوروف و فیدان شرکت کردند.",
     ["Abbas Araghchi", "Sergey Lavrov", "Hakan Fidan"]),
    # the countries' representatives hold a four-sided session
    ("نمایندگان کشورهای روسیه، چین، ایران و پاکستان در اسلام آباد نشست چهارجانبه برگزار کردند.",
     ["Russia", "China", "Iran", "Pakistan"]),
    # people the knowledge base does not know, titled, meeting with a meeting verb
    ("حاجی محمد محقق با داکتر سلیم خان کندوزی دیدار کرد.", ["محمد محقق", "سلیم خان کندوزی"]),
    # a meeting told in a relative clause is its head's
    ("عباس عراقچی که روز دوشنبه با سرگئی لاوروف دیدار کرد، گفت ایران آماده است.", ["Abbas Araghchi", "Sergey Lavrov"]),
    # a counterpart in someone's words is the counterpart of the office-holder before it, not of the speaker
    ("اسماعیل بقائی گفت عباس عراقچی با همتای عمانی خود دیدار کرده است.", ["Abbas Araghchi", "Badr Albusaidi"]),
    # countries' representatives met together ("با نمایندگان …" is one meeting, not one per country)
    ("امیرخان متقی با نمایندگان چین، روسیه و ایران در کابل دیدار کرد.", ["Amir Khan Muttaqi", "China", "Russia", "Iran"]),
    # countries attending a session are their delegations
    ("در این نشست چین، روسیه، ایران و پاکستان شرکت داشتند.", ["China", "Russia", "Iran", "Pakistan"]),
    # the host of a session of countries' representatives
    ("امیرخان متقی میزبان نشستی با حضور نمایندگان چین، روسیه و ایران بود.",
     ["Amir Khan Muttaqi", "China", "Russia", "Iran"]),
    # who is in the session a relative clause describes takes part in it
    ("امیرخان متقی در نشستی که با شرکت نمایندگان چین، روسیه و ایران برگزار شد، سخنرانی کرد.",
     ["Amir Khan Muttaqi", "China", "Russia", "Iran"]),
    # came before the Leader
    ("شهباز شریف به حضور رهبر انقلاب رسید.", ["Shehbaz Sharif", "Ali Khamenei"]),
    # an unknown person, a given name from abroad and a surname the lexicon does not know
    ("مولوی عبدالسلام حنفی با مارکوس پوتزل سرپرست یوناما در کابل دیدار نمود.", ["Abdul Salam Hanafi", "مارکوس پوتزل"]),
])
def test_meetings_in_other_words(run, text, participants):
    doc = run(text)
    found = events_of(doc, "04")
    assert found, [(e.cameo, e.rule) for e in doc.events]
    by_id = {e.id: e for e in doc.entities}
    got = [[f"{by_id[i].name} / {by_id[i].name_en}" for i in e.actors + e.recipients] for e in found]
    assert any(all(any(p in g for g in parties) for p in participants) and len(parties) == len(participants)
               for parties in got), got


@pytest.mark.parametrize("text", [
    # a football match ("دیدار") and a coach's press conference are not politics
    "سرمربی تیم ملی فوتبال افغانستان در نشست خبری پیش از دیدار با تیم ملی ایران اظهار داشت: ما آماده‌ایم.",
    # an interview with a news agency is not a meeting
    "قاسم جعفری در گفتگو با خبرنگار خبرگزاری مهر گفت که دولت اشتباه کرده است.",
    # "ترک خواهد گفت" (will leave) is not a statement
    "رئیسی پس از بازدید، تاجیکستان را ترک خواهد گفت.",
    # handing over a message ("تسلیم کرد") is no surrender
    "عباس عراقچی پیام مسعود پزشکیان را به ولادیمیر پوتین تسلیم کرد.",
])
def test_nothing_reported(run, text):
    doc = run(text)
    assert not events_of(doc, "04"), [(e.cameo, e.rule) for e in doc.events]
    assert not [e for e in doc.events if e.cameo.startswith("01")], [(e.cameo, e.rule) for e in doc.events]


def test_a_deed_of_someone_unnamed_in_reported_words_is_not_the_speakers(run):
    # the leaders of the groups surrendered and handed over their arms: Araghchi only says so
    doc = run("عباس عراقچی گفت: سران گروهک‌ها تسلیم شده‌اند و سلاح‌های خود را به نیروهای امنیتی تحویل داده‌اند.")
    assert not [e for e in doc.events if e.cameo[:2] in ("07", "08")], [(e.cameo, e.rule) for e in doc.events]


@pytest.mark.parametrize("text", [
    # what someone always did, told in a eulogy or a profile, is a habit, no event of a day
    "ابراهیم رئیسی همواره با قاطعیت از منافع ایران دفاع کرد.",
    "عباس عراقچی همیشه از سیاست‌های آمریکا انتقاد کرده است.",
    # "خواهد" as the future of another verb is not "asked" ("از بین خواهد برد": will destroy)
    "این سیاست نظام آموزشی ایران را از بین خواهد برد.",
    # a country's press speaks for itself, not for the country
    "رسانه‌های آمریکا از سیاست‌های دونالد ترامپ انتقاد کردند.",
])
def test_no_event_at_all(run, text):
    doc = run(text)
    assert not doc.events, [(e.cameo, e.rule) for e in doc.events]


def test_a_habit_cited_is_not_a_meeting(run):
    # talks someone cites as a habit ("گفت‌وگو می‌کند") in their words did not happen in the article; his words are
    # still his statement
    doc = run("حامد کرزی گفت: روسیه با طالبان گفت‌وگو می‌کند.")
    assert not events_of(doc, "04") and [e.cameo for e in doc.events] == ["010"]


def test_a_month_after_a_day_is_a_date_not_a_name(run):
    # "۲۶ مهر": the month, not Mehr news agency
    doc = run("ذبیح‌الله مجاهد روز ۲۶ مهر در صفحه ایکس خود حملات پاکستان را محکوم کرد.")
    assert not [m for m in doc.mentions if m.text == "مهر"]
    assert [e.cameo for e in doc.events] == ["111"]


def test_a_headline_by_office_and_the_body_by_name_are_one_meeting(run):
    # the headline names the ministers by office, the body by name: one event with both reports as evidence
    doc = run("دیدار وزیر امور خارجه با همتای ترکیه‌ای در آنکارا\n"
              "عباس عراقچی وزیر امور خارجه کشورمان روز دوشنبه با هاکان فیدان در آنکارا دیدار کرد.")
    meetings = events_of(doc, "04")
    assert len(meetings) == 1, [(e.cameo, e.rule, e.actors, e.recipients) for e in meetings]
    assert entity_names(doc, meetings[0].actors + meetings[0].recipients) == ["Abbas Araghchi", "Hakan Fidan"]
    assert len(meetings[0].sentences) == 2


def test_a_headline_naming_an_unknown_by_office_merges_with_the_body(run):
    # the body names someone the knowledge base does not know; the headline only by office
    doc = run("دیدار سفیر کویت با رئیس‌جمهور عراق\n"
              "سرتیپ سالم الزمانان سفیر کویت در بغداد با برهم صالح رئیس‌جمهور عراق دیدار کرد.",
              published="2020-10-05")
    meetings = events_of(doc, "04")
    assert len(meetings) == 1, [(e.cameo, e.rule, e.actors, e.recipients) for e in meetings]


def test_an_undated_counterpart_is_of_the_named_ministers_time(run):
    # no date; Zarif named, Turkey's foreign minister by office: Zarif's time (Çavuşoğlu), not today's (Fidan)
    doc = run("محمدجواد ظریف با وزیر امور خارجه ترکیه دیدار کرد.", published=None)
    [meeting] = events_of(doc, "04")
    assert "Mevlüt Çavuşoğlu" in entity_names(doc, meeting.actors + meeting.recipients)


def test_a_surname_opening_a_sentence_is_the_person(run):
    # "ظریف" is also an adjective, but not one that opens a sentence alone
    doc = run("ظریف در حاشیه مجمع عمومی با جان کری وزیر خارجه آمریکا دیدار کرد.", published="2016-09-20")
    [meeting] = events_of(doc, "04")
    assert entity_names(doc, meeting.actors + meeting.recipients) == ["John Kerry", "Mohammad Javad Zarif"]


def test_a_noun_phrase_in_someones_words_is_a_topic_not_a_threat(run):
    # "threatening the Islamic Republic is a joke": Iran is the one threatened, and no one threatens here
    doc = run("رئیس ستاد کل نیروهای مسلح تاکید کرد: تهدید جمهوری اسلامی در خلیج فارس به شوخی شبیه است.")
    assert not events_of(doc, "13"), [(e.cameo, e.rule, e.actors) for e in doc.events]
    # a headline's "هشدار X به Y" is still X's warning
    doc = run("هشدار عراقچی به اسرائیل")
    assert [(e.cameo, names(doc, e.actors)) for e in events_of(doc, "13")] == [("130", ["عباس عراقچی"])]


@pytest.mark.parametrize("text, root", [
    # a pledge to cooperate against terrorist groups is a pledge, not a criticism ("تروریستی" names, it does not judge)
    ("وزیران خارجه ایران و روسیه بر ادامه همکاری برای ریشه‌کنی گروه‌های تروریستی تاکید کردند.", "03"),
    # the same naming word alone, in what was said, is criticism
    ("عراقچی گفت: این حملات جنایات وحشیانه رژیم صهیونیستی است.", "11"),
    # and a judging word beats a pledge's ("غیرقابل قبول")
    ("عراقچی تاکید کرد: ادامه همکاری با این رژیم غیرقابل قبول است.", "11"),
])
def test_what_was_said_codes_a_plain_saying_verb(run, text, root):
    doc = run(text)
    assert [e.cameo[:2] for e in doc.events if e.cameo[:2] in ("01", "03", "11")] == [root], \
        [(e.cameo, e.rule) for e in doc.events]


@pytest.mark.parametrize("text, root, count", [
    # two verbs of their own towards two parties: thanks to one, support for another (in the body: a headline or a
    # lead summing up tells one act)
    ("سفر عراقچی به دوحه\nوزیر امور خارجه امروز وارد دوحه شد.\nعباس عراقچی روز دوشنبه در دوحه از رهبری امیر قطر ابراز امتنان کرد و حمایت کشورش را از "
     "دولت لبنان ابراز داشت.", "05", 2),
    # a summons and the protest handed to the one summoned: one act
    ("وزارت امور خارجه ایران سفیر آلمان را احضار و اعتراض شدید ایران را به وی ابلاغ کرد.", "11", 1),
    # a warning and a threat to no one named: one act told twice
    ("سردار شکارچی گفت: هشدار می‌دهیم و تهدید می‌کنیم که پاسخ سختی خواهیم داد.", "13", 1),
    # a condemnation named by a noun right after someone inside what is thanked for is theirs, not the thanker's
    ("عباس عراقچی از موضع عربستان در محکومیت حملات رژیم صهیونیستی قدردانی کرد.", "11", 0),
    # ... but the speaker's own country's position in condemning is the speaker's condemnation
    ("فیصل بن فرحان با تشریح موضع کشورش در محکومیت حملات اسرائیل بر لزوم هماهنگی تاکید کرد.", "11", 1),
    # a rejection, then the rejected called baseless: one act, no denial beside it
    ("ذبیح‌الله مجاهد این ادعاها را رد کرد و آن را بی‌اساس خواند.", "01", 0),
])
def test_acts_of_one_speaker_in_one_sentence(run, text, root, count):
    doc = run(text)
    assert len(events_of(doc, root)) == count, [(e.cameo, e.rule) for e in doc.events]


def test_the_partners_of_with_end_where_another_word_comes(run):
    # Israel is whose attacks were condemned, not a second party to the call
    doc = run("هاکان فیدان در تماس تلفنی با عباس عراقچی، حملات اسرائیل را محکوم کرد.")
    calls = [names(doc, e.actors + e.recipients) for e in events_of(doc, "04")]
    assert calls == [["عباس عراقچی", "هاکان فیدان"]], calls


def test_an_announced_meeting_with_two_people_names_both(run):
    # the intent to meet (036) is one statement, towards everyone it names
    doc = run("عراقچی با سرگئی لاوروف و ولادیمیر پوتین در مسکو دیدار خواهد کرد.")
    intents = events_of(doc, "036")
    assert len(intents) == 1 and names(doc, intents[0].recipients) == ["سرگئی لاوروف", "ولادیمیر پوتین"], \
        [(e.cameo, names(doc, e.recipients)) for e in doc.events]


def test_words_reported_inside_reported_words_are_the_other_speakers(run):
    # the speaker reports what the minister said; the minister's criticism is not the speaker's
    doc = run("علی لاریجانی گفت: وزیر امور خارجه به خبرنگاران گفته است که اقدامات آمریکا غیرقابل قبول است.")
    larijani = [e.cameo for e in doc.events if names(doc, e.actors) == ["علی لاریجانی"]]
    assert not any(c.startswith("11") for c in larijani), larijani
    # the minister's criticism is there, and Larijani, who only passes it on, makes no remark of his own
    assert [e.cameo[:2] for e in doc.events if e.actors and names(doc, e.actors) != ["علی لاریجانی"]] == ["11"]
    assert not larijani


@pytest.mark.parametrize("text, codes", [
    ("کرملین اعلام کرد ولادیمیر پوتین و دونالد ترامپ تلفنی گفتگو کردند.", ["041"]),
    # "according to X, …" with another's act: X tells it, and says nothing of its own
    ("به گفته وزارت امور خارجه، عباس عراقچی از مواضع ترکیه قدردانی کرد.", ["051"]),
])
def test_a_source_passing_on_anothers_act_makes_no_remark(run, text, codes):
    doc = run(text)
    assert [e.cameo for e in doc.events] == codes, [(e.cameo, e.rule) for e in doc.events]


def test_he_is_not_a_name_inside_someones_words(run):
    # Zarif is only named inside what an unnamed MP said: the next sentence's "وی" is not Zarif
    doc = run("محمدباقر قالیباف از عملکرد دولت انتقاد کرد. در ادامه این نشست یک نماینده گفت: اظهارات ظریف با "
              "اصول نظام مغایر است. وی از فرانسه قدردانی کرد.")
    critics_of_france = [names(doc, e.actors) for e in events_of(doc, "05")]
    assert critics_of_france and all("محمدجواد ظریف" not in c for c in critics_of_france), critics_of_france


@pytest.mark.parametrize("text, codes", [
    # plain remarks beside an appeal of the same speaker elsewhere in the article: the appeal is the record
    ("عباس عراقچی گفت: مذاکرات هفته آینده ادامه دارد.\nعراقچی همچنین از آمریکا خواست تحریم‌ها را لغو کند.", ["020"]),
    # plain remarks alone are kept: they are all the speaker did
    ("عباس عراقچی گفت: مذاکرات هفته آینده ادامه دارد.", ["010"]),
    # another speaker's appeal does not take away the first one's remarks
    ("عباس عراقچی گفت: مذاکرات هفته آینده ادامه دارد.\nسرگئی لاوروف از آمریکا خواست تحریم‌ها را لغو کند.",
     ["010", "020"]),
])
def test_plain_remarks_give_way_to_the_speakers_acts(run, text, codes):
    doc = run(text)
    assert sorted(e.cameo[:3] for e in doc.events) == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, meetings", [
    # a welcome at the airport, then talks of three: the welcome is the start of those talks
    ("هاکان فیدان در فرودگاه تهران از سوی عباس عراقچی مورد استقبال قرار گرفت.\nعباس عراقچی، هاکان فیدان و سرگئی "
     "لاوروف سپس در تهران دیدار و گفت‌وگو کردند.", 1),
    # a welcome alone is the meeting
    ("هاکان فیدان در فرودگاه تهران از سوی عباس عراقچی مورد استقبال قرار گرفت.", 1),
    # two bilateral meetings beside a meeting of three stay meetings of their own
    ("عباس عراقچی با هاکان فیدان دیدار کرد.\nعباس عراقچی، هاکان فیدان و سرگئی لاوروف سپس دیدار و گفت‌وگو کردند.", 2),
    # a welcome by one official and a meeting with another, both in the lead: two meetings (the lead is no summary
    # of itself, so an office-only party does not stand for the other's compatriot)
    ("محمد شیاع السودانی در فرودگاه مهرآباد مورد استقبال معاون اول رئیس‌جمهور قرار گرفت. السودانی سپس با رهبر "
     "انقلاب دیدار کرد.", 2),
])
def test_a_welcome_is_the_start_of_the_talks_that_follow(run, text, meetings):
    doc = run(text)
    assert len(events_of(doc, "04")) == meetings, [(e.cameo, e.rule, e.actors, e.recipients) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # the appeal word "خواهان" is part of the wish for relations: one event, not also an appeal
    ("ذبیح‌الله مجاهد گفت که امارت اسلامی خواهان روابط خوب با همه کشورها است.", ["030"]),
    # an appeal of its own beside the wish ("باید") is still an appeal
    ("ذبیح‌الله مجاهد گفت که امارت اسلامی خواهان روابط خوب با همه کشورها است و آمریکا باید تحریم‌ها را لغو کند.",
     ["020", "030"]),
])
def test_a_saying_verb_adds_only_what_no_other_entry_read(run, text, codes):
    doc = run(text)
    assert sorted(e.cameo[:3] for e in doc.events) == codes, [(e.cameo, e.rule) for e in doc.events]


def test_a_meeting_after_setting_off_is_where_its_subject_went(run):
    # "راهی بیروت شد": set off to Beirut, so the meetings that follow are there
    doc = run("علی لاریجانی امروز در دمشق با بشار اسد دیدار کرد.\nلاریجانی سپس راهی بیروت شد و با نبیه بری دیدار کرد.",
              published="2024-11-20")
    by_id = {e.id: e for e in doc.entities}
    places = {tuple(sorted(by_id[p].name_en for p in e.actors + e.recipients)): by_id[e.location].name_en
              for e in events_of(doc, "04") if e.location}
    assert places.get(("Ali Larijani", "Nabih Berri")) == "Beirut", places


def test_a_purpose_is_not_the_partner_of_an_elliptic_meeting(run):
    # "که به منظور دیدار با مقامات لبنان … سفر کرده است": a purpose; the meeting is with the one named after its "با"
    doc = run("علی لاریجانی که به منظور دیدار با مقامات سوریه و لبنان به دمشق سفر کرده است، امروز با بشار اسد دیدار و "
              "گفت‌وگو کرد.", published="2024-11-20")
    by_id = {e.id: e for e in doc.entities}
    parties = [sorted(by_id[p].name_en for p in e.actors + e.recipients) for e in events_of(doc, "04")]
    assert parties == [["Ali Larijani", "Bashar al-Assad"]], parties
@pytest.mark.parametrize("text, codes", [
    # an opinion's holder ("به باور X،") speaks the rest, whatever the mood of its verb
    ("به باور وزیر خارجه پاکستان، طالبان باید به تعهدات خود در دوحه عمل کنند.", [("020", ["Ishaq Dar"])]),
    # what experts hold true is their view, not an act of the country they talk of
    ("به اعتقاد کارشناسان، ایران آماده مذاکره است.", []),
    # ... nor of a country in an actor's view
    ("به باور عراقچی، ایران آماده مذاکره است.", []),
    # a source's phrase ends at its comma: the country after it is no source ("به گفته کارشناسان،")
    ("به گفته کارشناسان، ایران خواستار مذاکره مستقیم است.", [("020", ["Iran"])]),
    # words said before, told in the pluperfect as background, are no event of the day
    ("دونالد ترامپ پیش از این گفته بود که ایران باید برنامه هسته‌ای خود را کنار بگذارد.", []),
    ("پیش‌تر، وزیر خارجه فرانسه ایران را به نقض تعهدات هسته‌ای متهم کرده بود.", []),
])
def test_views_and_background_are_no_acts(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


def test_countries_that_will_attend_state_no_intent(run):
    # an announced session of countries only is no one's stated intent to meet (no 036 without a person)
    doc = run("ایران، پاکستان و هند به عنوان اعضای ناظر در این اجلاس شرکت دارند.")
    assert not [e for e in doc.events if e.cameo.startswith("03")], [(e.cameo, e.rule) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # another country's deed in the present of someone's words is the speaker's charge, not a massacre of the day
    ("محمدباقر قالیباف گفت: رژیم صهیونیستی با حمایت آمریکا هر روز جنایت تازه‌ای مرتکب می‌شود.",
     [("111", ["Mohammad Bagher Ghalibaf"])]),
    # what was asked many times ("بارها") is a habit, no event of the day; "بار دیگر" is once more, today
    ("سازمان ملل بارها از طالبان خواسته است محدودیت‌ها بر زنان را لغو کند.", []),
    ("عباس عراقچی بار دیگر از آمریکا خواست به تعهدات خود عمل کند.", [("020", ["Abbas Araghchi"])]),
    # "در این بیانیه آمده است": the statement the sentence before told of speaks; a name after its verb is not
    # its issuer
    ("وزارت خارجه چین روز سه‌شنبه بیانیه‌ای صادر کرد. در این بیانیه آمده است که پکن تحریم‌های آمریکا علیه "
     "شرکت‌های چینی را به شدت محکوم می‌کند.", [("111", ["Ministry of Foreign Affairs of China"])]),
    # a statement's words coded by an entry of their own: the source's cue-coded reading ("تجاوزات") gives way
    ("در بیانیه وزارت خارجه ترکیه آمده است: ترکیه از جامعه جهانی می‌خواهد جلوی این تجاوزات را بگیرد.",
     [("020", ["Ministry of Foreign Affairs of Turkey"])]),
    # a saying verb whose words tell another's appeal: the appeal is theirs, the speaker only reports it
    ("حسین امیرعبداللهیان گفت که عربستان از ایران خواسته است در گفتگوها میانجیگری کند.",
     [("020", ["Saudi Arabia"])]),
])
def test_whose_act_reported_words_tell(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


def test_a_statements_own_act_is_its_issuers(run):
    # "در بیانیه X آمده است: ترکیه … محکوم می‌کند": the condemnation is the ministry's (one event)
    doc = run("در بیانیه وزارت امور خارجه ترکیه آمده است: ترکیه حملات اسرائیل را محکوم می‌کند.")
    got = [(e.cameo[:2], entity_names(doc, e.actors)) for e in doc.events]
    assert got == [("11", ["Ministry of Foreign Affairs of Turkey"])], got


@pytest.mark.parametrize("text, actors", [
    # an office phrase nobody's name resolves, closed by a comma, then a name: the named person speaks
    ("سفیر ایران در کابل، علیرضا بیکدلی، از همکاری‌های طالبان قدردانی کرد.", ["علیرضا بیکدلی"]),
    # ... also when the office's body is all the phrase names ("نماینده طالبان")
    ("نماینده طالبان در دوحه، سهیل شاهین، به خبرنگاران گفت: آمریکا باید دارایی‌های افغانستان را آزاد کند.",
     ["Suhail Shaheen"]),
    # a list of countries is no apposition
    ("ایران، روسیه و ترکیه حملات اسرائیل به سوریه را محکوم کردند.", ["Iran", "Russian Federation", "Türkiye"]),
    # an office that names its holder keeps them
    ("وزیر خارجه ایران، عباس عراقچی، حمله به سفارت را محکوم کرد.", ["Abbas Araghchi"]),
])
def test_the_name_an_office_phrase_is_apposed_to_speaks(run, text, actors):
    doc = run(text, tagger=True)  # (the tagger finds names the knowledge base does not know)
    got = [entity_names(doc, e.actors) for e in doc.events if not e.cameo.startswith("04")]
    assert got == [actors], [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # "به نقل از X" in the saying clause: X's word, not the outlet's
    ("شبکه الجزیره به نقل از عباس عراقچی نوشت که ایران خواهان توقف فوری جنگ است.", [("020", ["Abbas Araghchi"])]),
    ("رسانه‌های پاکستانی به نقل از اسحاق دار گزارش دادند که پاکستان حملات تروریستی را محکوم می‌کند.",
     [("111", ["Ishaq Dar"])]),
    # the press telling what was done or wished is no act of the press
    ("شبکه الجزیره گزارش داد که ایران خواهان توقف فوری جنگ است.", [("020", ["Iran"])]),
    ("شبکه الجزیره نوشت که باید جنگ فورا متوقف شود.", []),
])
def test_the_press_relays_and_does_not_speak(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # someone of a person's ("سخنگوی"، "همسر"، "وکیل" before the name) speaks, not the person
    ("سخنگوی ولادیمیر پوتین از پیشنهاد آتش‌بس استقبال کرد.", []),
    ("همسر عمران خان از دولت پاکستان انتقاد کرد.", []),
    ("مشاور اجتماعی رئیس‌جمهور از دولت انتقاد کرد.", []),
    # ... but a title, an office of its own or a word of time before the name leaves the person the subject
    ("آقای عباس عراقچی از مواضع چین قدردانی کرد.", [("051", ["Abbas Araghchi"])]),
    ("روز دوشنبه عباس عراقچی از مواضع چین قدردانی کرد.", [("051", ["Abbas Araghchi"])]),
    ("رئیس‌جمهور مسعود پزشکیان از مواضع چین قدردانی کرد.", [("051", ["Masoud Pezeshkian"])]),
    # a plural verb with no subject, in one person's words: others did it
    ("مشاور رئیس‌جمهور افزود: این گروه انتساب قتل‌ها به متهمان را رد کردند.", [("010", ["مشاور رئیس‌جمهور"])]),
    ("سفیر آمریکا در قاهره گفت: برخی روزنامه‌های مصری از آمریکا انتقاد می‌کنند.", [("010", ["United States"])]),
])
def test_the_speaker_is_the_one_the_phrase_names(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # "به گفته X، OFFICE، Y …": the office after the comma is the source's apposition; Y acts
    ("به گفته عبدالقهار بلخی، سخنگوی وزارت خارجه امارت اسلامی، در این دیدار امیرخان متقی خواستار رفع مشکلات "
     "مهاجران افغان شد.", [("020", ["Amir Khan Muttaqi"])]),
])
def test_a_sources_apposition_ends_its_phrase(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # a country's public opinion, or its press in a headline's noun phrase, is not the country acting
    ("افکار عمومی ترکیه خواستار استعفای نخست‌وزیر است.", []),
    ("انتقاد روزنامه‌های روسیه از ولادیمیر پوتین", []),
    ("انتقاد عباس عراقچی از آمریکا", [("111", ["Abbas Araghchi"])]),
])
def test_public_opinion_and_the_press_are_not_the_country(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, actors", [
    # Dari news refers back to the person named before with "موصوف"، formal news with "نامبرده"
    ("امیرخان متقی با سفیر چین در کابل دیدار کرد. موصوف در این دیدار خواستار افزایش سرمایه‌گذاری چین در "
     "افغانستان شد.", ["Amir Khan Muttaqi"]),
    ("ذبیح‌الله مجاهد در یک نشست خبری در کابل صحبت کرد. نامبرده از کشورهای همسایه خواست مهاجران افغان را به "
     "اجبار اخراج نکنند.", ["Zabihullah Mujahid"]),
])
def test_formal_and_dari_pronouns_refer_back(run, text, actors):
    doc = run(text)
    got = [entity_names(doc, e.actors) for e in doc.events if e.cameo.startswith("02")]
    assert got == [actors], [(e.cameo, e.rule, e.actors) for e in doc.events]


def test_an_office_many_hold_is_the_holder_the_article_named(run):
    # "معاون وزیر خارجه ایران" after the article named Gharibabadi, a deputy foreign minister of the day: him
    doc = run("امیرخان متقی در دیدار با کاظم غریب‌آبادی گفت افغانستان خواهان روابط نیک با ایران است. معاون وزیر "
              "خارجه ایران نیز از همکاری‌های افغانستان قدردانی کرد.")
    thanks = [entity_names(doc, e.actors) for e in events_of(doc, "05")]
    assert thanks == [["Kazem Gharibabadi"]], thanks


@pytest.mark.parametrize("text, codes", [
    # another's act told as a rumour or a claim is no event; the denial after "اما" is the Kremlin's own
    ("شایعه شده بود که ولادیمیر پوتین از طرح دونالد ترامپ استقبال کرده است اما کرملین آن را تکذیب کرد.",
     [("016", ["Kremlin"])]),
    ("رسانه‌های اسرائیلی مدعی شدند که ایران از حماس خواسته است آتش‌بس را بپذیرد.", []),
    # ... an announcement of it is still the act
    ("کرملین اعلام کرد که ولادیمیر پوتین از طرح دونالد ترامپ استقبال کرده است.", [("051", ["Vladimir Putin"])]),
])
def test_a_claimed_act_is_no_event(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # a headline's speaker, then a phrase of the occasion, then the colon: the speaker said what follows
    ("عباس عراقچی در دیدار با سرگئی لاوروف: آمریکا باید تحریم‌ها را لغو کند", ["Abbas Araghchi"]),
    ("سخنگوی وزارت خارجه در واکنش به بیانیه اروپا: این بیانیه مداخله آشکار است", ["Esmaeil Baghaei"]),
    # the partner named before the colon is not the speaker
    ("مسعود پزشکیان در گفتگوی تلفنی با رجب طیب اردوغان: جنایات اسرائیل باید متوقف شود", ["Masoud Pezeshkian"]),
])
def test_a_headlines_speaker_before_a_phrase_of_the_occasion(run, text, codes):
    doc = run(text)
    got = [entity_names(doc, e.actors)[0] for e in doc.events if not e.cameo.startswith("04")]
    assert got == codes, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, code", [
    # a subjunctive that completes a permission refused is no appeal: a plain statement
    ("امیرخان متقی گفت که افغانستان اجازه نمی‌دهد خاکش علیه دیگران استفاده شود.", "010"),
    # ... nor one that completes an intention
    ("امیرخان متقی گفت افغانستان قصد دارد با همه کشورها تعامل کند.", None),
    # a subjunctive said bare is still what others should do
    ("امیرخان متقی گفت کشورهای همسایه مهاجران افغان را به اجبار اخراج نکنند و با آنها مدارا کنند.", "020"),
])
def test_a_subjunctive_completing_a_permission_or_intent_is_no_appeal(run, text, code):
    doc = run(text)
    codes = [e.cameo for e in doc.events]
    assert (code in codes) if code else not any(c.startswith("02") for c in codes), codes
    assert not any(c.startswith("02") for c in codes) or code == "020", codes


@pytest.mark.parametrize("text, code", [
    # opposition announced is a rejection, and a purpose clause after "تا" is no appeal
    ("سرگئی لاوروف دیروز مخالفت خود را با حمله آمریکا به یمن اعلام کرد تا به این ترتیب، به مناقشه سیاسی "
     "بیافزاید.", "120"),
])
def test_opposition_announced_is_a_rejection(run, text, code):
    doc = run(text)
    assert [e.cameo for e in doc.events] == [code], [(e.cameo, e.rule) for e in doc.events]


@pytest.mark.parametrize("text, published, actors", [
    # a bare office, then the surname of one of its holders of the day (a common word: "غنی" rich, "متقی" pious):
    # that holder, not the outlet's own office-holder
    ("رئیس‌جمهور غنی از حمایت‌های جامعه جهانی ابراز سپاس نمود.", "2019-06-10", ["Ashraf Ghani"]),
    ("وزیر خارجه متقی از کمک‌های چین قدردانی کرد.", "2025-03-07", ["Amir Khan Muttaqi"]),
    # ... the bare office alone is still the outlet's
    ("وزیر خارجه از کمک‌های چین قدردانی کرد.", "2025-03-07", ["Abbas Araghchi"]),
])
def test_a_bare_office_then_a_holders_surname_is_that_holder(run, text, published, actors):
    doc = run(text, published=published)
    got = [entity_names(doc, e.actors) for e in events_of(doc, "05")]
    assert got == [actors], [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, actors", [
    # the possessor inside an opening phrase ("در واکنش به اظهارات X،") is not the sentence's subject: "وی" next is
    # the one who spoke
    ("در واکنش به اظهارات دونالد ترامپ، عباس عراقچی گفت که ایران زیر بار زور نمی‌رود. وی همچنین اروپا را به "
     "همراهی با آمریکا متهم کرد.", ["Abbas Araghchi"]),
    ("پس از دیدار ولادیمیر پوتین و دونالد ترامپ، امانوئل مکرون از نتایج نشست انتقاد کرد. وی خواستار حضور اروپا "
     "در مذاکرات شد.", ["Emmanuel Macron"]),
    # ... but a phrase a determiner ended leaves the name after it the subject
    ("عباس عراقچی با سرگئی لاوروف دیدار کرد. در این دیدار سرگئی لاوروف از ایران قدردانی کرد. وی خواستار ادامه "
     "همکاری‌ها شد.", ["Sergey Lavrov"]),
])
def test_he_is_the_subject_not_a_possessor_in_an_opening_phrase(run, text, actors):
    doc = run(text)
    last = [e for e in doc.events if not e.cameo.startswith(("04", "01"))][-1]
    assert entity_names(doc, last.actors) == actors, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, actors", [
    # a name inside words quoted before their speaker is not the sentence's subject
    ("«ایران هرگز زیر بار زور دونالد ترامپ نمی‌رود»، عباس عراقچی این را گفت. وی همچنین آمریکا را به نقض تعهدات "
     "متهم کرد.", ["Abbas Araghchi"]),
    # ... but a name in quotation marks of its own is the name ("«بدر عبدالعاطی» …"), also inside an opening phrase
    ("«بدر عبدالعاطی» وزیر خارجه مصر از مواضع ایران قدردانی کرد. وی خواستار توقف جنگ در غزه شد.",
     ["Badr Abdelatty"]),
    ("در واکنش به اظهارات «دونالد ترامپ»، «عباس عراقچی» گفت که ایران زیر بار زور نمی‌رود. وی همچنین اروپا را به "
     "همراهی با آمریکا متهم کرد.", ["Abbas Araghchi"]),
])
def test_he_is_not_a_name_quoted_or_a_name_in_quotation_marks_is(run, text, actors):
    doc = run(text)
    last = [e for e in doc.events if not e.cameo.startswith(("04", "01"))][-1]
    assert entity_names(doc, last.actors) == actors, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # others' commitments asked to be kept are no pledge of the speaker's: the appeal alone
    ("عباس عراقچی افزود که ایران از آمریکا می‌خواهد به تعهداتش عمل کند.", ["020"]),
    # the speaker's own commitment is a pledge
    ("عباس عراقچی گفت که ایران به دیپلماسی متعهد است.", ["030"]),
])
def test_a_commitment_is_a_pledge_only_when_the_speakers(run, text, codes):
    doc = run(text)
    assert sorted(e.cameo for e in doc.events) == codes, [(e.cameo, e.rule) for e in doc.events]


def test_he_after_someone_of_a_persons_is_not_that_person(run):
    # "سخنگوی پوتین گفت … وی افزود": the spokesman, whom the article does not name, goes on; not Putin
    doc = run("سخنگوی ولادیمیر پوتین گفت که روسیه از مذاکرات حمایت می‌کند. وی افزود که مسکو از آمریکا می‌خواهد "
              "تحریم‌ها را لغو کند.")
    putin = [e.cameo for e in doc.events if entity_names(doc, e.actors) == ["Vladimir Putin"]]
    assert not putin, [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, actors", [
    # "OFFICE در PLACE، NAME،": the office's post stands between it and its holder's name; later references are him
    ("سفیر ایران در کابل، علیرضا بیکدلی، با امیرخان متقی دیدار کرد. این دیپلمات ایرانی از همکاری‌های امارت "
     "اسلامی قدردانی کرد.", ["علیرضا بیکدلی"]),
    # an office said again less precisely is the one the article named
    ("دمیتری ژیرنوف نماینده ویژه رئیس‌جمهور روسیه در امور افغانستان با امیرخان متقی دیدار کرد. نماینده ویژه "
     "روسیه از پیشرفت‌های امنیتی افغانستان ستایش کرد.", ["دمیتری ژیرنوف"]),
])
def test_an_office_named_once_is_its_holder_after(run, text, actors):
    doc = run(text, tagger=True)
    got = [entity_names(doc, e.actors) for e in events_of(doc, "05")]
    assert got == [actors], [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, codes", [
    # a passive act inside a statement the sentence before told of: the statement's issuers act, all of them
    ("وزرای خارجه ایران، روسیه و ترکیه بیانیه مشترکی صادر کردند. در این بیانیه حملات رژیم صهیونیستی به سوریه "
     "محکوم شد.", ("111", ["Abbas Araghchi", "Hakan Fidan", "Sergey Lavrov"])),
    # an agent list after "از سوی" is governed whole: none of it is the subject, all of it condemns
    ("حمله تروریستی در قندوز از سوی سازمان ملل، اتحادیه اروپا و ایران محکوم شد.",
     ("111", ["European Union", "Iran", "United Nations"])),
])
def test_a_passive_act_has_the_statements_issuers_or_its_agents(run, text, codes):
    doc = run(text)
    got = [(e.cameo[:3], entity_names(doc, e.actors)) for e in doc.events if not e.cameo.startswith(("04", "01"))]
    assert got == [codes], [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, actors", [
    # "در این دیدار، … قدردانی کرد" with no subject: the subject of the sentence before goes on
    ("عباس عراقچی با بدر البوسعیدی دیدار کرد. در این دیدار، از تلاش‌های عمان برای کاهش تنش‌ها قدردانی کرد.",
     ["Abbas Araghchi"]),
])
def test_a_dropped_subject_after_a_reference_back_is_the_last_ones(run, text, actors):
    doc = run(text)
    got = [entity_names(doc, e.actors) for e in events_of(doc, "05")]
    assert got == [actors], [(e.cameo, e.rule, e.actors) for e in doc.events]


@pytest.mark.parametrize("text, actors", [
    # "«…»، او افزود": a name inside the quotation opening the sentence is not its subject; "او" is
    ("عباس عراقچی روز دوشنبه در جمع خبرنگاران سخن گفت. «آمریکا باید به تعهدات خود بازگردد»، او افزود.",
     ["Abbas Araghchi"]),
    # ... but a name in quotation marks of its own, then its office, is the subject
    ("«بدر عبدالعاطی»، وزیر خارجه مصر، گفت که آمریکا باید به تعهدات خود بازگردد.", ["Badr Abdelatty"]),
])
def test_a_name_quoted_before_the_saying_verb_is_not_its_subject(run, text, actors):
    doc = run(text)
    got = [entity_names(doc, e.actors) for e in events_of(doc, "02")]
    assert got == [actors], [(e.cameo, e.rule, e.actors) for e in doc.events]


def test_the_sentence_closing_a_quotation_goes_on_quoting(run):
    # "X گفت: «… . … .»": the quotation's last sentence is still X's
    doc = run("عباس عراقچی گفت: «ما آماده مذاکره هستیم.\nاما آمریکا باید تحریم‌ها را لغو کند.»")
    appeals = [entity_names(doc, e.actors) for e in events_of(doc, "02")]
    assert appeals == [["Abbas Araghchi"]], [(e.cameo, e.rule, e.actors) for e in doc.events]


def test_plain_remarks_are_kept_only_when_asked():
    # a plain remark (010) codes nothing PLOVER counts: off by default, kept with Options.plain_remarks
    import didban

    text = "عباس عراقچی گفت مذاکرات هفته آینده ادامه دارد."
    default = didban.extract(text=text, published="2025-03-07", tagger=False)
    kept = didban.extract(text=text, published="2025-03-07", tagger=False, plain_remarks=True)
    assert not [e for e in default.events if e.cameo == "010"]
    assert [e for e in kept.events if e.cameo == "010"]


def test_a_headline_of_a_name_then_a_colon_alone_is_no_kicker(run):
    # a name ending the headline's words before the colon, with nothing after it: no phrase to read, no error
    doc = run("عراقچی:\n\nمتن خبر.")
    assert not [e for e in doc.events if e.rule == "kicker"]


def test_a_palace_is_where_the_meeting_was(run):
    # a body that is also a building ("کاخ الیزه"، "ارگ ریاست جمهوری") after "در" is the meeting's place
    doc = run("امانوئل مکرون در کاخ الیزه با مسعود پزشکیان دیدار کرد.")
    by_id = {e.id: e for e in doc.entities}
    [meeting] = events_of(doc, "04")
    assert by_id[meeting.location].name_en == "Élysée Palace"
