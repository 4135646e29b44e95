"""Transliteration-insensitive name keys.

The same person reaches the tracker under many spellings: Belarusian and Russian
Cyrillic ("Калеснікава" / "Колесникова"), the Belarusian passport romanisation
("Kalesnikava"), English-style romanisations of the Russian form ("Kolesnikova",
"Tikhanovsky"), Łacinka and Polish ("Pačobut", "Poczobut"), and every mix of these.
Searching must not care which one a user typed.

Two layers do that:

``fold``
    A readable, lossless-as-possible transliteration: NFKC, case folding, our own
    Belarusian/Russian/Ukrainian Cyrillic and Łacinka/Polish letter tables, then
    ``anyascii`` for every other script, punctuation turned into single spaces.
    ``fold("Сяргей Ціханоўскі") == "siarhei tsikhanouski"``.

``name_key`` / ``word_keys``
    A deliberately lossy *phonetic-ish* key per word. The folded word is read as a
    sequence of sound classes (one class for every spelling of a sound: "sh", "sz"
    and "š" are all /ш/), then a short list of ordered rules erases differences that
    romanisation systems and the Belarusian/Russian language pair introduce (akanne,
    yakanne, ў versus в, tsekanne ...). Every spelling in a group of the same name
    ends on the same key: "Tsikhanouski", "Tikhanovsky", "Ціханоўскі",
    "Тихановский" all become ``"tiganavski"``. The key is not meant to be read.

``match_score`` compares a query against a stored key word by word, so a surname
alone finds the full name and a prefix finds the whole word.

The rules prefer recall over precision: a search over a few hundred people can
afford an occasional extra candidate, never a missed person. Everything here is pure
Python with no Django imports, deterministic, and idempotent: ``fold`` and
``name_key`` return their input unchanged when given their own output.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["fold", "key_match_score", "match_score", "name_key", "word_keys"]


# ---------------------------------------------------------------------------
# fold: any script -> readable lowercase ASCII
# ---------------------------------------------------------------------------

# Apostrophe-like marks are deleted, not turned into spaces: Belarusian/Ukrainian use
# them inside words ("Дар'я", "п'ять"), and "Ales'" is a romanised soft sign.
_APOSTROPHES = frozenset("'`´ʹʻʼʽˈ‘’‛′")

# Cyrillic letters with a fixed transliteration. It follows the Belarusian passport
# romanisation where Belarusian and Russian differ only in spelling, because that is
# how most people in the tracker appear in official documents. Soft and hard signs
# are dropped: romanisations disagree about them ("Ales'", "Ales", "Aleś").
_CYRILLIC: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "ґ": "g",
    "д": "d",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "yi",
    "й": "i",
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
    "ў": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
}
# Iotated vowels are written with an "i" after a consonant ("Bialiatski", "Kastusiou")
# and with a "y" at the start of a word or after a vowel/sign ("Yauhen", "Maryya").
# Russian "е" after a consonant is plain "e" in every system, so it gets no glide.
_IOTATED_AFTER_CONSONANT: dict[str, str] = {"е": "e", "ё": "io", "ю": "iu", "я": "ia", "є": "ie"}
_IOTATED_ELSEWHERE: dict[str, str] = {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya", "є": "ye"}
_CYRILLIC_VOWELS = frozenset("аеёиіїоуўыэюяє")
# Letters that exist in Belarusian or Ukrainian but not in Russian. Their presence
# decides how "г" is read: Belarusian/Ukrainian "г" is /h/ ("Siarhei"), Russian is /g/
# ("Sergei"). The key merges g and h anyway; this only keeps ``fold`` readable.
_NOT_RUSSIAN = frozenset("іўїєґ")

# Łacinka, Polish, Czech/Lithuanian-style letters with diacritics. ``anyascii`` would
# strip the diacritic ("č" -> "c"), losing the sound; these say what it meant.
_LATIN: dict[str, str] = {
    "č": "ch",
    "š": "sh",
    "ž": "zh",
    "ż": "zh",
    "ć": "c",
    "ś": "s",
    "ź": "z",
    "ń": "n",
    "ł": "l",
    "ŭ": "u",
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _transliterate_known(text: str) -> str:
    """Apply our Cyrillic and Latin tables; leave every other character alone."""
    g_sound = "h" if any(ch in _NOT_RUSSIAN for ch in text) else "g"
    out: list[str] = []
    prev = ""
    for ch in text:
        if ch in _APOSTROPHES:
            # Dropped here; for the letter after it, it acts like a hard sign
            # ("Дар'я" -> "darya", as after "ъ").
            prev = "ъ"
            continue
        if ch in _IOTATED_AFTER_CONSONANT:
            after_consonant = prev.isalpha() and prev not in _CYRILLIC_VOWELS and prev not in "ъь"
            table = _IOTATED_AFTER_CONSONANT if after_consonant else _IOTATED_ELSEWHERE
            out.append(table[ch])
        elif ch == "г":
            out.append(g_sound)
        elif ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        else:
            out.append(_LATIN.get(ch, ch))
        prev = ch
    return "".join(out)


def fold(text: str) -> str:
    """Readable lowercase ASCII form of ``text``: words of ``[a-z0-9]`` split by single spaces.

    Steps, in order:

    1. NFKC, so compatibility forms (ligatures, full-width letters, "ǅ") and
       combining sequences look like the letters people meant;
    2. ``casefold``, so the tables below only need lowercase entries;
    3. our Cyrillic and Łacinka/Polish tables (see ``_CYRILLIC`` and ``_LATIN``);
    4. ``anyascii`` for everything else (Greek, Georgian, CJK, stray diacritics);
    5. lowercase again (``anyascii`` capitalises some syllables), drop apostrophes,
       every other non-alphanumeric run becomes one space.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = anyascii(_transliterate_known(text)).lower()
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    return _NON_ALNUM.sub(" ", text).strip()


# ---------------------------------------------------------------------------
# name_key: folded word -> sound classes -> rules -> key
# ---------------------------------------------------------------------------
#
# A folded word is read left to right, longest spelling first, into sound classes.
# Internally a class is one character: the lowercase letters stand for themselves
# and three capitals name classes that are spelt with two letters:
#
#     S = ш (sh, sz, š)     Z = ж (zh, rz, ž, ż)     C = ц (ts, tz, c)
#
# and "g" is the single class of g, h, kh, ch, cz and č. Belarusian writes "h" for
# what Russian writes "g" (Ihar/Igor, Siarhei/Sergei), English "kh" and Polish/German
# "ch" for х (Tikhanovsky/Tichanowski), and English "ch" for ч (Statkevich, with
# Polish "cz"). Because "ch" belongs to both, all of them have to be one class; the
# price is that ч and х/г no longer differ, which names rarely rely on.
#
# The finished key spells the classes back out ("S" -> "sh" ...). That spelling was
# chosen so that reading a key again gives back the same classes, which is what
# makes name_key idempotent; the three-letter entries below exist only for that.

_SPELLINGS: dict[str, str] = {
    # Re-reading a key: ж after t/s/r is spelt "tzh"/"szh"/"rzh", which must not be
    # read as ц+h, ш+h or ж+h. (Polish "trz" -> t+ж produces the first one.)
    "tzh": "tZ",
    "szh": "sZ",
    "rzh": "rZ",
    "sh": "S",
    "sz": "S",  # Polish
    "zh": "Z",
    "rz": "Z",  # Polish
    "kh": "g",  # English х
    "ch": "g",  # English ч, Polish/German/Łacinka х
    "cz": "g",  # Polish ч
    "ts": "C",
    "tz": "C",  # German
    "ph": "f",
    # Akanne: Belarusian spells unstressed о as а (Kalesnikava/Kolesnikova,
    # Babaryka/Babariko, Viktar/Viktor). Without stress marks we cannot tell which
    # о is unstressed, so every о is an а.
    "o": "a",
    # и, і, ы and й are i, y or j depending on the system (Babaryka/Babariko,
    # Maryja/Mariya, Tikhanovsky/Tsikhanouski). One class; a following vowel turns
    # it back into a glide (see _GLIDES).
    "y": "i",
    "j": "i",
    "w": "v",  # Polish
    "q": "k",
    "h": "g",
    "x": "ks",  # Maxim/Maksim
    "xz": "kS",  # x + z would otherwise spell "ksz", which reads back as k + sz
}
_LONGEST_SPELLING = max(map(len, _SPELLINGS))
_VOWELS = frozenset("aeiu")
_HUSHING = frozenset("SZg")
_FRONT = frozenset("ie")
# i (a glide) before a vowel: я, е/є, ё, ю. я, е and ё all become "e": Belarusian
# yakanne writes unstressed е as я (Бяляцкі/Беляцкий, Сяргей/Сергей), and ё is
# spelt "io", "yo" or just "e" (Пётр/Petr). ю keeps its vowel ("Yuras"/"Iuras").
_GLIDES: dict[str, str] = {"a": "e", "e": "e", "u": "u"}
_SPELL_OUT: dict[str, str] = {"S": "sh", "Z": "zh", "C": "ts"}


def _read_classes(word: str) -> list[str]:
    """Split a folded word into sound classes, longest spelling first."""
    classes: list[str] = []
    i = 0
    while i < len(word):
        for size in range(min(_LONGEST_SPELLING, len(word) - i), 1, -1):
            chunk = word[i : i + size]
            if chunk in _SPELLINGS:
                classes.extend(_SPELLINGS[chunk])
                i += size
                break
        else:
            ch = word[i]
            if ch == "c":
                # Slavic romanisations use c for ц ("Cichanoŭski", Łacinka/Polish
                # "Bialacki", "-cki"), English for k ("Victor"). Before a consonant
                # other than k it can only be the English k; elsewhere read ц.
                nxt = word[i + 1 : i + 2]
                english_k = nxt.isalpha() and nxt not in "aeiouyjk"
                classes.append("k" if english_k else "C")
            else:
                classes.extend(_SPELLINGS.get(ch, ch))
            i += 1
    return classes


def _squeeze(classes: list[str]) -> list[str]:
    """Doubled letters carry no meaning across systems (Sannikau/Sanikau, Illia/Ilia).

    Digits are kept as they are: "2020" is not "20".
    """
    out: list[str] = []
    for c in classes:
        if out and out[-1] == c and not c.isdigit():
            continue
        out.append(c)
    return out


def _apply_rules(classes: list[str]) -> list[str]:
    """The ordered alternation rules; each comment says why the rule exists."""
    # 1. Doubled letters are noise, and removing them first lets "Maryia"/"Mariia"
    #    reach rule 2 as a single glide.
    cls = _squeeze(classes)

    # 2. Glides: i before a vowel is й, spelt i/y/j/ij/iy in different systems
    #    (ia/ya/ja/ija, ie/ye/je, iu/yu/ju). Merge glide and vowel into one vowel,
    #    with yakanne and ё folded in (see _GLIDES).
    out: list[str] = []
    for c in cls:
        if out and out[-1] == "i" and c in _GLIDES:
            out[-1] = _GLIDES[c]
        else:
            out.append(c)
    cls = _squeeze(out)  # "юю" -> "uu" -> "u"

    # 3. Belarusian has no е after the hardened ж, ш, ч: Вячаслаў/Вячеслав,
    #    Чарнецкі/Чернецкий. After those е is read as а. Our "g" class includes ч,
    #    so г and х come along (Sergei -> "sergai"); harmless, since every
    #    spelling of a name passes through the same rule.
    cls = ["a" if c == "e" and i > 0 and cls[i - 1] in _HUSHING else c for i, c in enumerate(cls)]

    # 4. Tsekanne and dzekanne: Belarusian ць/дзь correspond to Russian ть/дь
    #    (Ціханоўскі/Тихановский, Дзяніс/Денис). Before i and e, ц is read as t and
    #    dz as d.
    out = []
    for i, c in enumerate(cls):
        nxt = cls[i + 1] if i + 1 < len(cls) else ""
        if nxt in _FRONT and c == "C":
            out.append("t")
        elif nxt in _FRONT and c == "z" and out and out[-1] == "d":
            continue
        else:
            out.append(c)
    cls = out

    # 5. Belarusian ў (romanised u, w, ŭ) stands where Russian has в after a vowel:
    #    Ціханоўскі/Тихановский, Кастусёў, Паўлаў/Павлов (-ou/-ow/-ov/-au/-av at
    #    the end of a word). A u after a vowel and not before one is a v.
    cls = [
        "v"
        if c == "u"
        and i > 0
        and cls[i - 1] in _VOWELS
        and (i + 1 == len(cls) or cls[i + 1] not in _VOWELS)
        else c
        for i, c in enumerate(cls)
    ]

    # 6. Belarusian puts a prothetic у before some initial consonant clusters where
    #    Russian has в: Уладзімір/Владимир, Улас/Влас. Initial u + consonant is v.
    if len(cls) > 1 and cls[0] == "u" and cls[1].isalpha() and cls[1] not in _VOWELS:
        cls[0] = "v"

    # 7. The rules above can leave new doubles behind ("uv" -> "vv").
    return _squeeze(cls)


@lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    """Key of one folded word (lowercase ASCII letters and digits)."""
    return "".join(_SPELL_OUT.get(c, c) for c in _apply_rules(_read_classes(word)))


def name_key(text: str) -> str:
    """Search key of a full name: ``fold``, then the rules word by word, order kept.

    >>> name_key("Мария Колесникова") == name_key("Maryia Kalesnikava")
    True
    """
    return " ".join(_word_key(word) for word in fold(text).split())


def word_keys(text: str) -> list[str]:
    """Keys of the words of ``text`` (same rules as ``name_key``), first occurrence kept."""
    return list(dict.fromkeys(_word_key(word) for word in fold(text).split()))


# ---------------------------------------------------------------------------
# match_score
# ---------------------------------------------------------------------------

# Word-level scores. A whole word beats a prefix beats a near miss; an initial ("M.")
# is a weak prefix. A near miss (one or two letters off) still counts, but below a
# prefix, so "Tsikhanouskaya" ranks under "Tsikhanouski" itself for that query.
_PREFIX_BASE = 0.75
_INITIAL = 0.5
_NEAR_MISS_WEIGHT = 0.7
_NEAR_MISS_MIN_SIMILARITY = 0.75
_NEAR_MISS_MIN_LENGTH = 4


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; words are short, so the plain two-row table is enough."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# Cached: a search or a roster scores the same few query words against the same common
# key words (first names, frequent surnames) thousands of times.
@lru_cache(maxsize=1 << 16)
def _word_score(query_word: str, key_word: str) -> float:
    if query_word == key_word:
        return 1.0
    if key_word.startswith(query_word):
        if len(query_word) == 1:
            return _INITIAL
        return _PREFIX_BASE + (1 - _PREFIX_BASE) * len(query_word) / len(key_word)
    longest = max(len(query_word), len(key_word))
    if min(len(query_word), len(key_word)) < _NEAR_MISS_MIN_LENGTH:
        return 0.0
    if abs(len(query_word) - len(key_word)) > 2:
        return 0.0
    similarity = 1 - _edit_distance(query_word, key_word) / longest
    if similarity < _NEAR_MISS_MIN_SIMILARITY:
        return 0.0
    return _NEAR_MISS_WEIGHT * similarity


def match_score(query: str, key: str) -> float:
    """How well ``query`` (any spelling) matches a stored ``name_key``, from 0 to 1.

    * 1.0 when ``name_key(query) == key``;
    * 0.9 to 0.99 when every query word equals some word of the key (surname alone,
      or the words in another order), more when the key has no other words;
    * a little less for prefixes ("Kales" in "kalesnikava"), less again for initials
      and near misses, and in proportion for queries where only some words match;
    * 0.0 when no query word matches any key word.

    Each key word can answer only one query word. ``key`` is passed through
    ``name_key`` again (a no-op for stored keys), so a raw name also works.
    """
    query_key = name_key(query)
    return key_match_score(query_key, word_keys(query_key), name_key(key))


def key_match_score(query_key: str, query_words: list[str], key: str) -> float:
    """``match_score`` for inputs that are keys already: the query's ``name_key`` and
    ``word_keys``, and a stored ``PersonName.key``. A search scores thousands of stored
    keys against one query; this skips re-deriving keys that are keys already."""
    if not query_key or not key:
        return 0.0
    if query_key == key:
        return 1.0
    key_words = list(dict.fromkeys(key.split()))

    pairs = sorted(
        (
            (_word_score(q, k), qi, ki)
            for qi, q in enumerate(query_words)
            for ki, k in enumerate(key_words)
        ),
        reverse=True,
    )
    best = [0.0] * len(query_words)
    used_query: set[int] = set()
    used_key: set[int] = set()
    for score, qi, ki in pairs:
        if score <= 0.0:
            break
        if qi in used_query or ki in used_key:
            continue
        best[qi] = score
        used_query.add(qi)
        used_key.add(ki)

    coverage = sum(best) / len(query_words)
    if coverage == 0.0:
        return 0.0
    key_coverage = len(used_key) / len(key_words)
    # Unmatched key words (a first name the query left out) cost a little; the
    # result stays below 1.0, which is reserved for identical keys.
    return min(coverage * (0.9 + 0.1 * key_coverage), 0.99)
