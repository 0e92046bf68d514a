"""The officials of the region (issue 16): Afghanistan's Republic and Islamic Emirate, Iraq, Lebanon, Syria, the Gulf,
Central Asia and the neighbours, Iran beyond its foreign ministry; Dari spellings of countries and names.

The expected answers are the curator's reading of the public record (people.tsv / roles.tsv); each date lies well
inside a term, so that a start or end a few weeks off cannot change the answer.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.mark.parametrize("role, country, on, expected", [
    # --- Afghanistan: the Islamic Republic
    ("first_vice_president", "AFG", "2016-06-01", "Abdul Rashid Dostum"),    # Ghani's first vice-president 2014-2020
    ("first_vice_president", "AFG", "2021-01-01", "Amrullah Saleh"),         # from Ghani's second inauguration
    ("second_vice_president", "AFG", "2018-01-01", "Sarwar Danish"),         # second vice-president 2014-2021
    ("national_security_adviser", "AFG", "2020-01-01", "Hamdullah Mohib"),   # NSA 2018-2021
    ("intelligence_chief", "AFG", "2017-06-01", "Mohammad Masoom Stanekzai"),  # head of the NDS 2016-2019
    ("chief_executive", "AFG", "2017-01-01", "Abdullah Abdullah"),           # chief executive 2014-2020
    ("special_envoy_afghanistan", "USA", "2020-02-29", "Zalmay Khalilzad"),  # signed the Doha agreement
    # --- Afghanistan: the Islamic Emirate
    ("supreme_leader", "AFG", "2023-01-01", "Hibatullah Akhundzada"),        # leader of the Islamic Emirate
    ("taliban_leader", "AFG", "2016-01-01", "Akhtar Mohammad Mansour"),      # Mansour led the Taliban 2015-2016
    ("taliban_leader", "AFG", "2019-01-01", "Hibatullah Akhundzada"),        # Taliban leader before the takeover
    ("prime_minister", "AFG", "2023-06-01", "Mohammad Hasan Akhund"),        # رئیس‌الوزرا
    ("economic_deputy_prime_minister", "AFG", "2024-01-01", "Abdul Ghani Baradar"),  # معاون اقتصادی رئیس‌الوزرا
    ("administrative_deputy_prime_minister", "AFG", "2024-01-01", "Abdul Salam Hanafi"),  # معاون اداری
    ("foreign_minister", "AFG", "2024-05-01", "Amir Khan Muttaqi"),          # سرپرست وزارت امور خارجه
    ("defence_minister", "AFG", "2022-06-01", "Mohammad Yaqoob Mujahid"),    # Mullah Omar's son
    ("interior_minister", "AFG", "2022-06-01", "Sirajuddin Haqqani"),        # وزیر داخله
    ("government_spokesperson", "AFG", "2024-05-01", "Zabihullah Mujahid"),  # سخنگوی امارت اسلامی
    ("taliban_spokesperson", "AFG", "2015-01-01", "Zabihullah Mujahid"),     # the movement's spokesman before 2021
    ("mfa_spokesperson", "AFG", "2023-01-01", "Abdul Qahar Balkhi"),         # the MFA's spokesman
    ("political_deputy_foreign_minister", "AFG", "2023-01-01", "Sher Mohammad Abbas Stanikzai"),  # معین سیاسی
    ("refugees_minister", "AFG", "2023-01-01", "Khalil Haqqani"),            # killed in December 2024
    ("intelligence_chief", "AFG", "2023-01-01", "Abdul Haq Wasiq"),          # رئیس عمومی استخبارات
    ("taliban_political_office_head", "AFG", "2020-06-01", "Abdul Ghani Baradar"),  # the Doha office
    ("un_envoy", "AFG", "2023-06-01", "Roza Otunbayeva"),                    # head of UNAMA (the UN's envoy, by mandate)
    # --- Iraq
    ("kurdistan_region_prime_minister", "IRQ", "2021-01-01", "Masrour Barzani"),  # KRG prime minister from 2019
    ("kurdistan_region_prime_minister", "IRQ", "2015-01-01", "Nechirvan Barzani"),  # KRG prime minister 2012-2019
    ("pmf_chairman", "IRQ", "2019-01-01", "Falih al-Fayyadh"),               # رئیس الحشد الشعبی
    ("pmf_deputy_chairman", "IRQ", "2018-01-01", "Abu Mahdi al-Muhandis"),   # killed in January 2020
    ("defence_minister", "IRQ", "2023-06-01", "Thabet al-Abbasi"),           # al-Sudani's defence minister
    ("interior_minister", "IRQ", "2021-06-01", "Othman al-Ghanmi"),          # al-Kadhimi's interior minister
    ("national_security_adviser", "IRQ", "2022-01-01", "Qasim al-Araji"),    # NSA from 2020
    ("nujaba_leader", "IRQ", "2023-01-01", "Akram al-Kaabi"),                # دبیرکل النجباء
    # --- Lebanon and Syria
    ("hezbollah_deputy_secretary_general", "LBN", "2020-01-01", "Naim Qassem"),  # deputy under Nasrallah
    ("hezbollah_secretary_general", "LBN", "2025-01-01", "Naim Qassem"),     # secretary-general from October 2024
    ("army_commander", "LBN", "2015-01-01", "Jean Kahwaji"),                 # army commander 2008-2017
    ("foreign_minister", "LBN", "2021-07-01", "Zeina Akar"),                 # acting after Wehbe resigned
    ("prime_minister", "LBN", "2010-06-01", "Saad Hariri"),                  # Hariri's first government
    ("defence_minister", "SYR", "2020-01-01", "Ali Abdullah Ayyoub"),        # Assad's defence minister 2018-2022
    ("head_of_state", "SYR", "2025-01-10", "Ahmed al-Sharaa"),               # leader before being named president
    ("hts_leader", "SYR", "2020-01-01", "Ahmed al-Sharaa"),                  # al-Jolani
    ("sdf_commander", "SYR", "2022-01-01", "Mazloum Abdi"),                  # فرمانده قسد
    # --- the Gulf
    ("interior_minister", "SAU", "2020-01-01", "Abdulaziz bin Saud bin Nayef"),  # from 2017
    ("energy_minister", "SAU", "2022-01-01", "Abdulaziz bin Salman"),        # from 2019
    ("national_security_adviser", "ARE", "2022-01-01", "Tahnoun bin Zayed"),  # UAE's NSA
    ("deputy_emir", "QAT", "2020-01-01", "Abdullah bin Hamad"),              # نایب امیر قطر
    ("ambassador", "SAU", "2024-06-01", "Abdullah bin Saud al-Anzi"),        # in Tehran after relations resumed
    # --- Central Asia, Turkey, Pakistan, the Caucasus
    ("foreign_minister", "TJK", "2016-01-01", "Sirojiddin Aslov"),           # Aslov 2013-2020
    ("parliament_speaker", "TJK", "2022-01-01", "Mahmadtoir Zokirzoda"),     # lower house from 2020
    ("intelligence_chief", "KGZ", "2022-01-01", "Kamchybek Tashiev"),        # GKNB chairman 2020-2025
    ("interior_minister", "TUR", "2020-01-01", "Süleyman Soylu"),            # 2016-2023
    ("army_chief", "TUR", "2020-01-01", "Yaşar Güler"),                      # chief of the general staff 2018-2023
    ("chp_leader", "TUR", "2024-06-01", "Özgür Özel"),                       # from November 2023
    ("army_chief", "PAK", "2019-01-01", "Qamar Javed Bajwa"),                # chief of army staff 2016-2022
    ("intelligence_chief", "PAK", "2020-06-01", "Faiz Hameed"),              # DG ISI 2019-2021
    ("interior_minister", "PAK", "2024-06-01", "Mohsin Naqvi"),              # from March 2024
    ("parliament_speaker", "PAK", "2020-01-01", "Asad Qaiser"),              # speaker 2018-2022
    ("first_vice_president", "AZE", "2020-01-01", "Mehriban Aliyeva"),       # from 2017
    ("defence_minister", "ARM", "2023-01-01", "Suren Papikyan"),             # from November 2021
    # --- Russia, China, India, Egypt, Palestine, Yemen
    ("chief_of_staff", "RUS", "2020-01-01", "Valery Gerasimov"),             # chief of the general staff
    ("defence_minister", "CHN", "2020-01-01", "Wei Fenghe"),                 # 2018-2023
    ("national_security_adviser", "IND", "2020-01-01", "Ajit Doval"),        # from 2014
    ("intelligence_chief", "EGY", "2020-01-01", "Abbas Kamel"),              # GIS head 2018-2024
    ("al_azhar_grand_imam", "EGY", "2020-01-01", "Ahmed el-Tayeb"),          # شیخ الازهر
    ("hamas_gaza_chief", "PSE", "2020-01-01", "Yahya Sinwar"),               # head of Hamas in Gaza 2017-2024
    ("qassam_commander", "PSE", "2020-01-01", "Mohammed Deif"),              # killed in July 2024
    ("pij_secretary_general", "PSE", "2015-01-01", "Ramadan Shalah"),        # before al-Nakhalah
    ("ansarallah_military_spokesperson", "YEM", "2024-01-01", "Yahya Saree"),  # سخنگوی نیروهای مسلح یمن
    # --- Iran beyond the foreign ministry
    ("political_deputy_foreign_minister", "IRN", "2022-06-01", "Ali Bagheri Kani"),  # معاون سیاسی
    ("political_deputy_foreign_minister", "IRN", "2025-01-01", "Majid Takht-Ravanchi"),
    ("legal_deputy_foreign_minister", "IRN", "2025-01-01", "Kazem Gharibabadi"),  # معاون حقوقی و بین‌المللی
    ("executive_vice_president", "IRN", "2015-01-01", "Mohammad Shariatmadari"),  # Rouhani's first term
    ("pbo_head", "IRN", "2025-01-01", "Hamid Pourmohammadi"),                # رئیس سازمان برنامه و بودجه
    ("economy_minister", "IRN", "2019-06-01", "Farhad Dejpasand"),           # Rouhani's second term
    ("economy_minister", "IRN", "2022-06-01", "Ehsan Khandouzi"),            # Raisi's government
    ("health_minister", "IRN", "2025-01-01", "Mohammad-Reza Zafarghandi"),   # Pezeshkian's government
    ("roads_minister", "IRN", "2020-01-01", "Mohammad Eslami"),              # before heading the AEOI
    ("ict_minister", "IRN", "2019-01-01", "Mohammad-Javad Azari Jahromi"),   # وزیر ارتباطات
    ("first_deputy_parliament_speaker", "IRN", "2014-01-01", "Mohammad Reza Bahonar"),  # نایب رئیس اول مجلس
    ("first_deputy_parliament_speaker", "IRN", "2025-01-01", "Hamidreza Haji Babaei"),
    ("judiciary_spokesperson", "IRN", "2020-01-01", "Gholamhossein Esmaeili"),  # سخنگوی قوه قضاییه
    ("prosecutor_general", "IRN", "2020-01-01", "Mohammad Jafar Montazeri"),  # دادستان کل کشور
    ("expediency_council_chair", "IRN", "2015-01-01", "Akbar Hashemi Rafsanjani"),  # died in January 2017
    ("chief_of_staff", "IRN", "2014-01-01", "Hassan Firouzabadi"),           # before Bagheri
    ("army_commander", "IRN", "2015-01-01", "Ataollah Salehi"),              # before Mousavi
    ("irgc_aerospace_commander", "IRN", "2020-01-01", "Amir-Ali Hajizadeh"),  # killed in June 2025
    ("irgc_navy_commander", "IRN", "2020-01-01", "Alireza Tangsiri"),        # from 2018
    ("basij_commander", "IRN", "2020-01-01", "Gholamreza Soleimani"),        # from 2019
    ("police_chief", "IRN", "2024-01-01", "Ahmad-Reza Radan"),               # فرمانده فراجا
    ("khatam_hq_commander", "IRN", "2020-01-01", "Gholam Ali Rashid"),       # قرارگاه مرکزی خاتم‌الانبیاء
    ("mashhad_friday_prayer_leader", "IRN", "2020-01-01", "Ahmad Alamolhoda"),  # امام جمعه مشهد
    # --- international bodies
    ("un_special_rapporteur", "IRN", "2020-01-01", "Javaid Rehman"),         # rapporteur on Iran 2018-2024
    ("un_special_rapporteur", "AFG", "2023-01-01", "Richard Bennett"),       # rapporteur on Afghanistan
    ("un_envoy", "YEM", "2016-06-01", "Ismail Ould Cheikh Ahmed"),           # envoy for Yemen 2015-2018
    ("un_envoy", "SYR", "2016-06-01", "Staffan de Mistura"),                 # envoy for Syria 2014-2018
    ("un_envoy", "IRQ", "2020-01-01", "Jeanine Hennis-Plasschaert"),         # head of UNAMI 2018-2024
    ("sco_secretary_general", "ORG:sco", "2020-06-01", "Vladimir Norov"),    # SCO secretary-general 2019-2021
    ("icrc_president", "ORG:icrc", "2020-01-01", "Peter Maurer"),            # ICRC president 2012-2022
])
def test_holder_on_date(kb, role, country, on, expected):
    found = kb.holders(role, country, on)
    assert found, f"nobody holds {role} of {country} on {on}"
    assert found[0][0].name_en == expected, [e.name_en for e, _ in found]


@pytest.mark.parametrize("role, country, on, expected", [
    ("government_spokesperson", "AFG", "2024-05-01", "PER:zabihullah-mujahid"),
    ("pmf_chairman", "IRQ", "2019-01-01", "PER:falih-al-fayyadh"),
    ("first_deputy_parliament_speaker", "IRN", "2025-01-01", "PER:hamidreza-haji-babaei"),
    ("hezbollah_secretary_general", "LBN", "2025-01-01", "PER:naim-qassem"),
])
def test_holders_command(kb_dir, role, country, on, expected):
    """`didban kb holders ROLE --country C --date D` prints the holder (the command behind the API)."""
    from didban.cli import main

    result = CliRunner().invoke(main, ["kb", "holders", role, "--country", country, "--date", on],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split("\t")[0] == expected


@pytest.mark.parametrize("name, expected", [
    # Dari and Iranian spellings of country names
    ("امریکا", "GPE:USA"),
    ("ایالات متحده امریکا", "GPE:USA"),
    ("کوریای جنوبی", "GPE:KOR"),
    ("کوریای شمالی", "GPE:PRK"),
    ("هالند", "GPE:NLD"),
    ("جاپان", "GPE:JPN"),
    ("جرمنی", "GPE:DEU"),
    ("اوزبیکستان", "GPE:UZB"),
    ("قرغیزستان", "GPE:KGZ"),
    ("آسترالیا", "GPE:AUS"),
    ("بریتانیا", "GPE:GBR"),
    ("امارات متحده عربی", "GPE:ARE"),
    ("امارت اسلامی", "GPE:AFG"),              # the Taliban's name for the state
    ("امارت اسلامی افغانستان", "GPE:AFG"),
    ("یوکرین", "GPE:UKR"),
    ("سویدن", "GPE:SWE"),
    ("پولند", "GPE:POL"),
    ("برازیل", "GPE:BRA"),
    # people, with and without the space or ZWNJ inside the name, with and without titles
    ("ذبیح‌الله مجاهد", "PER:zabihullah-mujahid"),
    ("ذبیح الله مجاهد", "PER:zabihullah-mujahid"),
    ("امیرخان متقی", "PER:amir-khan-muttaqi"),
    ("امیر خان متقی", "PER:amir-khan-muttaqi"),
    ("مولوی امیرخان متقی", "PER:amir-khan-muttaqi"),
    ("محمد حسن آخوند", "PER:hasan-akhund"),
    ("ملا محمد حسن آخند", "PER:hasan-akhund"),
    ("ملا هبت‌الله آخندزاده", "PER:hibatullah-akhundzada"),
    ("شیخ هبت الله آخندزاده", "PER:hibatullah-akhundzada"),
    ("سراج الدین حقانی", "PER:sirajuddin-haqqani"),
    ("ملا محمد یعقوب", "PER:mohammad-yaqoob"),
    ("عبدالقهار بلخی", "PER:abdul-qahar-balkhi"),
    ("داکتر عبدالله عبدالله", "PER:abdullah-abdullah"),
    ("مارشال دوستم", "PER:abdul-rashid-dostum"),
    ("ابومحمد الجولانی", "PER:ahmed-al-sharaa"),   # al-Sharaa under his nom de guerre
    ("احمد الشرع", "PER:ahmed-al-sharaa"),
    ("فؤاد حسین", "PER:fuad-hussein"),
    ("فواد حسین", "PER:fuad-hussein"),               # the hamza dropped, as Afghan and many Iranian outlets write
    ("ابو مهدی المهندس", "PER:abu-mahdi-al-muhandis"),
    ("نعیم قاسم", "PER:naim-qassem"),
    ("شیخ نعیم قاسم", "PER:naim-qassem"),
    ("عبدالملک الحوثی", "PER:abdul-malik-al-houthi"),
    ("سید عبدالملک بدرالدین الحوثی", "PER:abdul-malik-al-houthi"),
    ("امامعلی رحمان", "PER:emomali-rahmon"),
    ("شوکت میرضیایف", "PER:shavkat-mirziyoyev"),
    ("صدر ژاپاروف", "PER:sadyr-japarov"),
    ("سردار حاجی زاده", "PER:amir-ali-hajizadeh"),
    ("آیت الله مکارم شیرازی", "PER:naser-makarem-shirazi"),
])
def test_lookup_spelling(kb, name, expected):
    assert expected in [e.id for e in kb.lookup(name)], [e.id for e in kb.lookup(name)]


@pytest.mark.parametrize("phrase, role, default", [
    ("رئیس‌الوزرا", "prime_minister", "AFG"),                     # Dari: prime minister
    ("رئیس الوزرا", "prime_minister", "AFG"),
    ("سرپرست وزارت امور خارجه", "foreign_minister", None),        # "acting head of the ministry": the outlet's country
    ("سخنگوی امارت اسلامی", "government_spokesperson", "AFG"),
    ("سخنگوی طالبان", "taliban_spokesperson", "AFG"),
    ("معین سیاسی وزارت امور خارجه", "political_deputy_foreign_minister", None),  # Dari معین: deputy minister
    ("والی", "provincial_governor", None),                       # Dari: provincial governor
    ("سخنگوی وزارت امور خارجه", "mfa_spokesperson", "IRN"),
    ("سخنگوی دولت", "government_spokesperson", "IRN"),
    ("رئیس ستاد کل نیروهای مسلح", "chief_of_staff", "IRN"),
    ("فرمانده کل سپاه", "irgc_commander", "IRN"),
    ("رئیس مجلس", "parliament_speaker", "IRN"),
    ("نایب رئیس اول مجلس", "first_deputy_parliament_speaker", "IRN"),
    ("دبیر شورای عالی امنیت ملی", "snsc_secretary", "IRN"),
    ("رئیس قوه قضاییه", "judiciary_chief", "IRN"),
    ("امام جمعه", "friday_prayer_leader", "IRN"),
    ("سرمنشی سازمان ملل", "un_secretary_general", "ORG:un"),     # Dari: UN Secretary-General
])
def test_role_phrase(kb, phrase, role, default):
    assert (phrase, role) in kb.role_phrases()
    assert kb.role_default_country(phrase) == default


def test_many_holder_offices_are_marked():
    """Offices many hold at once resolve only through a name in the article, never by date."""
    from didban.resolve.resolver import MANY_HOLDERS

    assert {"ambassador", "member_of_parliament", "provincial_governor", "friday_prayer_leader",
            "tehran_friday_prayer_leader", "deputy_prime_minister", "deputy_parliament_speaker"} <= MANY_HOLDERS


@pytest.mark.parametrize("demonym, iso3", [
    ("جاپانی", "JPN"), ("هالندی", "NLD"), ("اوزبیکستانی", "UZB"), ("آسترالیایی", "AUS"), ("امریکایی", "USA"),
])
def test_dari_demonyms(kb, demonym, iso3):
    assert kb.demonyms()[demonym] == iso3


def test_no_new_term_overlaps_within_single_holder_offices(kb):
    """Offices that one person holds at a time (beyond those the lint test checks): no two terms overlap by more than
    two months. The curator's year-only dates are allowed a little slack."""
    from datetime import date

    from didban.resolve.resolver import MANY_HOLDERS

    checked = {"government_spokesperson", "mfa_spokesperson", "defence_minister", "interior_minister",
               "intelligence_chief", "army_chief", "chief_of_staff", "army_commander", "irgc_commander",
               "judiciary_chief", "snsc_secretary", "taliban_leader", "kurdistan_region_prime_minister",
               "kurdistan_region_president", "hezbollah_secretary_general", "hamas_politburo_chief",
               "economy_minister", "health_minister", "roads_minister", "ict_minister"}
    by_office = {}
    for person in kb.entities.values():
        for role in person.roles:
            if role.kind == "term" and role.role in checked - MANY_HOLDERS:
                by_office.setdefault((role.role, role.country), []).append(
                    (role.start or "", role.end or "2100-01-01", person.id, role.uncertain))
    problems = []
    for office, terms in by_office.items():
        if office[1] == "CHN":  # China's ministry has several spokespersons at once
            continue
        terms.sort()
        for (s1, e1, p1, u1), (s2, e2, p2, u2) in zip(terms, terms[1:]):
            overlap = (date.fromisoformat(min(e1, e2)) - date.fromisoformat(s2)).days
            if p1 != p2 and overlap > (200 if (u1 or u2) else 62):
                problems.append((office, p1, p2, overlap))
    assert not problems, problems
