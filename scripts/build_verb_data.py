"""Build the verb data of didban's language layer (src/didban/text/data/):

- verb_stems.tsv: Persian verb stems (past<TAB>present), from hazm's MIT-licensed verbs.dat (entries with spaces or
  alternatives dropped), plus the handful of stems news Persian needs that the list lacks.
- light_verbs.tsv: light-verb constructions (nominal<TAB>light verb's past stem<TAB>count) read from the
  `compound:lvc` relations of the UD Persian development treebanks (CC BY-SA 4.0: this derived file keeps that licence).

    python scripts/build_verb_data.py [--shared ../shared/data]
"""
from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "didban" / "text" / "data"
_PERSIAN = re.compile("^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+$")
EXTRA_STEMS = [  # common in news, missing or only partly in hazm's list
    ("ورزید", "ورز"), ("گردید", "گرد"), ("نمود", "نما"), ("فرمود", "فرما"), ("بود", "باش"), ("گذاشت", "گذار"),
    ("پرداخت", "پرداز"), ("خواند", "خوان"), ("ساخت", "ساز"),
    # verbs with a preverb (فرا، باز، بر، در، فرو), which the list has only in part
    ("فراخواند", "فراخوان"), ("بازگشت", "بازگرد"), ("برداشت", "بردار"), ("درگذشت", "درگذر"), ("برگشت", "برگرد"),
    ("برخاست", "برخیز"), ("درخواست", "درخواه"), ("بازداشت", "بازدار"), ("فرستاد", "فرست"), ("گماشت", "گمار"),
    ("بازگرداند", "بازگردان"), ("برانگیخت", "برانگیز"), ("فروریخت", "فروریز"), ("دربرگرفت", "دربرگیر"),
    # the older causative past stems, usual in Dari ("رسانید" beside "رساند")
    ("رسانید", "رسان"), ("کشانید", "کشان"), ("گردانید", "گردان"), ("خوابانید", "خوابان"), ("پوشانید", "پوشان"),
]

# rare verbs whose forms collide with common ones: "کند" (dug) would read the subjunctive "کند" (does) as a past tense
DROPPED_PAST_STEMS = {"کند", "گند", "جند", "رید", "لست", "لشت", "وشت", "مشت", "هشت", "سفت", "کفت", "تفت", "چفت"}


def stems(hazm: Path) -> list[tuple[str, str]]:
    out = []
    for line in (hazm / "verbs.dat").read_text(encoding="utf-8").splitlines():
        past, _, present = line.strip().partition("#")
        if (past and not _PERSIAN.match(past)) or (present and not _PERSIAN.match(present)):
            continue
        out.append((past, present))
    for pair in EXTRA_STEMS:
        if pair not in out:
            out.append(pair)
    return [pair for pair in out if pair[0] not in DROPPED_PAST_STEMS]


# light-verb constructions of political news that the development treebanks happen not to hold (didban curation)
EXTRA_LVC = [(n, "کرد") for n in (
    "محکوم", "گفتگو", "گفت‌وگو", "دیدار", "ملاقات", "رایزنی", "مذاکره", "استقبال", "قدردانی", "تشکر", "انتقاد",
    "اعتراض", "احضار", "امضا", "تاکید", "تأکید", "حمایت", "درخواست", "تقاضا", "تهدید", "متهم", "رد", "تکذیب",
    "اعلام", "ابراز", "اظهار", "تصریح", "خاطرنشان", "توصیه", "دعوت", "بازداشت", "دستگیر", "حمله", "بمباران",
    "تحریم", "اخراج", "تعلیق", "قطع", "آزاد", "اعزام", "ارسال", "تمجید", "تحسین", "پشتیبانی", "سرکوب", "ترور")] + \
    [(n, "داد") for n in ("هشدار", "پیام", "قول", "وعده", "پاسخ", "دستور", "خبر", "ادامه", "انجام", "تشکیل")] + \
    [(n, "گفت") for n in ("تبریک", "تسلیت", "خوشامد", "ترک")] + \
    [(n, "شد") for n in ("خواستار", "یادآور", "متذکر", "مدعی", "برگزار", "امضا", "آزاد", "کشته", "زخمی", "احضار")] + \
    [(n, "داشت") for n in ("اظهار", "دیدار", "ملاقات", "گفتگو", "حضور", "اشتراک", "ابراز")]


def light_verbs(ud: Path) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    for path in sorted(ud.glob("*.conllu")):
        sentence: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if line.startswith("#"):
                continue
            if not line.strip():
                by_id = {t[0]: t for t in sentence}
                for t in sentence:
                    head = by_id.get(t[6])
                    if t[7] == "compound:lvc" and head is not None and _PERSIAN.match(t[2]):
                        verb = head[2].split("#")[0]  # UD Persian lemmas of verbs are "past#present"
                        if verb and _PERSIAN.match(verb):
                            counts[(t[2], verb)] += 1
                sentence = []
                continue
            cols = line.split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                sentence.append(cols)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    rows = stems(args.shared / "hazm-lexicon")
    (OUT / "verb_stems.tsv").write_text(
        "# Persian verb stems: past<TAB>present. From hazm's verbs.dat (MIT, (c) Roshan / hazm contributors),\n"
        "# built by scripts/build_verb_data.py; a few stems news needs are added by that script.\n"
        + "".join(f"{p}\t{r}\n" for p, r in rows), encoding="utf-8")
    lvc = light_verbs(args.shared / "ud-persian")
    for pair in EXTRA_LVC:
        lvc[pair] = max(lvc.get(pair, 0), 1)
    (OUT / "light_verbs.tsv").write_text(
        "# Light-verb constructions (nominal<TAB>light verb past stem<TAB>count), read from the compound:lvc relations\n"
        "# of the UD Persian development treebanks (Seraji, PerDT), CC BY-SA 4.0; this derived list keeps that licence.\n"
        "# Built by scripts/build_verb_data.py, which adds the constructions of political news the treebanks lack.\n"
        + "".join(f"{n}\t{v}\t{c}\n" for (n, v), c in sorted(lvc.items(), key=lambda kv: (-kv[1], kv[0]))),
        encoding="utf-8")
    print(f"{len(rows)} stems, {len(lvc)} light-verb constructions")


if __name__ == "__main__":
    main()
