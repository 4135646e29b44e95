"""Romanisation systems for the benchmark's names, written independently of the product.

The search scenario asks whether the tracker finds a person whatever spelling a user
types. If the queries were produced by the product's own folding tables, the test
would only check that the product agrees with itself. So the spellings here come from
the romanisation systems people actually meet in the press and in documents, each
written out as a small table:

* Belarusian: the passport-style system (Tsikhanouskaya, Kalesnikava, Aliaksandr),
  BGN/PCGN (Tsikhanowskaya, Syarhey), Łacinka (Cichanoŭskaja, Aleś) and the Polish
  press transcription (Swiatłana Cichanouska);
* Russian: the English press style (Tikhanovsky, Sergei), German (Tichanowski, Sergej),
  French (Sergueï, Tikhanovski), the scholarly system (Tichanovskij, Natalʹja) and the
  Polish transcription (Siergiej Cichanowski).

The tables are deliberately simple: a system is a handful of dictionaries and a few
context rules (iotated vowels, the soft sign, hard and soft l, word endings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

VOWELS = frozenset("аеёиіоуўыэюяєї")
SIGNS = frozenset("ьъ'’")
IOTATED = frozenset("еёюя")


@dataclass(frozen=True)
class System:
    name: str
    base: dict[str, str]
    # е ё ю я after a consonant, and elsewhere (word start, after a vowel or a sign).
    soft: dict[str, str]
    hard: dict[str, str]
    # Word endings replaced before the letters are read (longest first).
    endings: dict[str, str] = field(default_factory=dict)
    # Consonant + soft sign, for systems that mark softness on the consonant (ś, ć).
    softened: dict[str, str] = field(default_factory=dict)
    # Polish-style l: "ł" when hard, "l" when soft (and then "la", not "lia").
    polish_l: bool = False
    # (previous letter, letter) -> spelling, for the few two-letter rules a system has.
    pairs: dict[tuple[str, str], str] = field(default_factory=dict)
    # Letters that become a double "ss" between vowels (German, French).
    double_s: bool = False
    # г before a front vowel spelt "gu" (French).
    french_g: bool = False
    # Vowels after which я/ю/е/ё take their "soft" spelling even though a vowel
    # precedes (the Belarusian passport's "Maryia").
    soft_after: frozenset[str] = frozenset()
    # Letter sequences rewritten before reading (German "x" for кс).
    pre: dict[str, str] = field(default_factory=dict)
    # How the soft sign is written when it does not soften a consonant (a prime, or nothing).
    soft_sign: str = ""


def _rom(word: str, system: System) -> str:
    ending = ""
    for cyr, lat in sorted(system.endings.items(), key=lambda kv: -len(kv[0])):
        if word.endswith(cyr) and len(word) > len(cyr):
            word, ending = word[: -len(cyr)], lat
            break
    for cyr, lat in system.pre.items():
        word = word.replace(cyr, lat)
    out: list[str] = []
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in SIGNS:
            if ch == "ь" and prev in system.softened and out:
                out[-1] = system.softened[prev]
            elif ch == "ь":
                out.append(system.soft_sign)
            continue
        if (prev, ch) in system.pairs:
            out.append(system.pairs[(prev, ch)])
            continue
        if ch in IOTATED:
            after_consonant = bool(prev) and prev not in VOWELS and prev not in SIGNS
            if after_consonant or prev in system.soft_after:
                spelt = system.soft[ch]
                if system.polish_l and prev == "л" and spelt.startswith("i") and len(spelt) > 1:
                    spelt = spelt[1:]
            else:
                spelt = system.hard[ch]
            out.append(spelt)
            continue
        if ch == "л" and system.polish_l:
            soft = nxt in IOTATED or nxt in "іиь"
            out.append("l" if soft else "ł")
            continue
        if ch == "г" and system.french_g and nxt in "еиіэыё":
            out.append("gu")
            continue
        if ch == "с" and system.double_s and prev in VOWELS and nxt in VOWELS:
            out.append("ss")
            continue
        out.append(system.base.get(ch, ch))
    return "".join(out) + ending


def romanise(text: str, system: System) -> str:
    """``text`` (Cyrillic, any case) in ``system``, each word capitalised."""
    words = []
    for word in text.split(" "):
        parts = [_rom(part.lower(), system) for part in word.split("-")]
        words.append("-".join(p[:1].upper() + p[1:] for p in parts))
    return " ".join(words)


_COMMON = {
    "а": "a",
    "б": "b",
    "д": "d",
    "з": "z",
    "і": "i",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "ы": "y",
    "э": "e",
    "ґ": "g",
}


def _system(name: str, letters: dict[str, str], soft: str, hard: str, **kwargs) -> System:
    keys = "еёюя"
    return System(
        name=name,
        base={**_COMMON, **letters},
        soft=dict(zip(keys, soft.split(), strict=True)),
        hard=dict(zip(keys, hard.split(), strict=True)),
        **kwargs,
    )


# --- Belarusian ------------------------------------------------------------------------

BE_PASSPORT = _system(
    "be-passport",
    {"в": "v", "г": "h", "ж": "zh", "й": "i", "ў": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh"},
    "e io iu ia",
    "ye yo yu ya",
    endings={"ей": "ei"},
    soft_after=frozenset("ыі"),
    pre={"цц": "ц"},
)
BE_BGN = _system(
    "be-bgn",
    {"в": "v", "г": "h", "ж": "zh", "й": "y", "ў": "w", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh"},
    "ye yo yu ya",
    "ye yo yu ya",
)
BE_LACINKA = _system(
    "be-lacinka",
    {"в": "v", "г": "h", "ж": "ž", "й": "j", "ў": "ŭ", "х": "ch", "ц": "c", "ч": "č", "ш": "š"},
    "ie io iu ia",
    "je jo ju ja",
    softened={"з": "ź", "с": "ś", "н": "ń", "ц": "ć", "л": "l"},
    polish_l=True,
)
BE_POLISH = _system(
    "be-polish",
    {"в": "w", "г": "h", "ж": "ż", "й": "j", "ў": "u", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz"},
    "ie io iu ia",
    "je jo ju ja",
    endings={"ская": "ska", "цкая": "cka"},
    softened={"з": "ź", "с": "ś", "н": "ń", "ц": "ć", "л": "l"},
    polish_l=True,
)

# --- Russian ---------------------------------------------------------------------------

RU_ENGLISH = _system(
    "ru-english",
    {
        "в": "v",
        "г": "g",
        "ж": "zh",
        "й": "y",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
    },
    "e yo yu ya",
    "ye yo yu ya",
    endings={"ий": "y", "ый": "y", "ей": "ei"},
)
RU_GERMAN = _system(
    "ru-german",
    {
        "в": "w",
        "г": "g",
        "ж": "sh",
        "з": "s",
        "й": "j",
        "х": "ch",
        "ц": "z",
        "ч": "tsch",
        "ш": "sch",
        "щ": "schtsch",
    },
    "e jo ju ja",
    "je jo ju ja",
    endings={"ий": "i", "ый": "y", "ей": "ej"},
    pre={"кс": "x"},
    double_s=True,
)
RU_FRENCH = _system(
    "ru-french",
    {
        "в": "v",
        "г": "g",
        "ж": "j",
        "й": "ï",
        "у": "ou",
        "х": "kh",
        "ц": "ts",
        "ч": "tch",
        "ш": "ch",
        "щ": "chtch",
    },
    "e io iou ia",
    "ie io iou ia",
    endings={"ий": "i", "ый": "y", "ей": "eï", "ия": "ia"},
    double_s=True,
    french_g=True,
)
RU_SCHOLARLY = _system(
    "ru-scholarly",
    {
        "в": "v",
        "г": "g",
        "ж": "ž",
        "й": "j",
        "х": "ch",
        "ц": "c",
        "ч": "č",
        "ш": "š",
        "щ": "šč",
        "э": "è",
    },
    "e ë ju ja",
    "e ë ju ja",
    soft_sign="ʹ",
)
RU_POLISH = _system(
    "ru-polish",
    {
        "в": "w",
        "г": "g",
        "ж": "ż",
        "й": "j",
        "х": "ch",
        "ц": "c",
        "ч": "cz",
        "ш": "sz",
        "щ": "szcz",
    },
    "ie io iu ia",
    "je jo ju ja",
    endings={"ий": "i", "ая": "aja"},
    softened={"з": "ź", "с": "ś", "н": "ń", "ц": "ć", "л": "l"},
    polish_l=True,
    pairs={
        **{(hard, "и"): "y" for hard in "жшц"},
        **{(hard, "е"): "e" for hard in "жшчц"},
    },
)

SYSTEMS: dict[str, System] = {
    s.name: s
    for s in (
        BE_PASSPORT,
        BE_BGN,
        BE_LACINKA,
        BE_POLISH,
        RU_ENGLISH,
        RU_GERMAN,
        RU_FRENCH,
        RU_SCHOLARLY,
        RU_POLISH,
    )
}
