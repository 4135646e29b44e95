"""The name inventory of the benchmark dataset: first names, surname roots and endings.

A person's name is an *identity* (a first name, a surname root, a surname ending, a
gender), written in Belarusian and Russian Cyrillic and romanised from there by the
systems in ``bench.romanise``. Surname roots are written in Russian; the Belarusian
form comes from a few regular sound correspondences (akanne, tsekanne and dzekanne,
hard r/zh/sh/ch/ts, ў after a vowel), which is exactly where romanisations of the two
languages drift apart ("Kolesnikova" / "Kalesnikava").
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

# (Belarusian, Russian); most common first, so a Zipf-like draw gives realistic
# frequencies (many Aliaksandrs, few Miroslaus).
MALE_FIRST: list[tuple[str, str]] = [
    ("Аляксандр", "Александр"),
    ("Сяргей", "Сергей"),
    ("Андрэй", "Андрей"),
    ("Дзмітрый", "Дмитрий"),
    ("Уладзімір", "Владимир"),
    ("Аляксей", "Алексей"),
    ("Мікалай", "Николай"),
    ("Віктар", "Виктор"),
    ("Павел", "Павел"),
    ("Ігар", "Игорь"),
    ("Юрый", "Юрий"),
    ("Міхаіл", "Михаил"),
    ("Яўген", "Евгений"),
    ("Вадзім", "Вадим"),
    ("Алег", "Олег"),
    ("Максім", "Максим"),
    ("Дзяніс", "Денис"),
    ("Іван", "Иван"),
    ("Раман", "Роман"),
    ("Пётр", "Пётр"),
    ("Васіль", "Василий"),
    ("Анатоль", "Анатолий"),
    ("Валянцін", "Валентин"),
    ("Уладзіслаў", "Владислав"),
    ("Ілья", "Илья"),
    ("Кірыл", "Кирилл"),
    ("Генадзь", "Геннадий"),
    ("Вячаслаў", "Вячеслав"),
    ("Леанід", "Леонид"),
    ("Мікіта", "Никита"),
    ("Станіслаў", "Станислав"),
    ("Антон", "Антон"),
    ("Арцём", "Артём"),
    ("Ягор", "Егор"),
    ("Алесь", "Алесь"),
    ("Эдуард", "Эдуард"),
    ("Канстанцін", "Константин"),
    ("Багдан", "Богдан"),
    ("Глеб", "Глеб"),
    ("Міраслаў", "Мирослав"),
]
FEMALE_FIRST: list[tuple[str, str]] = [
    ("Марыя", "Мария"),
    ("Святлана", "Светлана"),
    ("Вольга", "Ольга"),
    ("Кацярына", "Екатерина"),
    ("Наталля", "Наталья"),
    ("Алена", "Елена"),
    ("Ірына", "Ирина"),
    ("Таццяна", "Татьяна"),
    ("Ганна", "Анна"),
    ("Юлія", "Юлия"),
    ("Людміла", "Людмила"),
    ("Валянціна", "Валентина"),
    ("Ксенія", "Ксения"),
    ("Дар'я", "Дарья"),
    ("Анастасія", "Анастасия"),
    ("Марына", "Марина"),
    ("Ала", "Алла"),
    ("Вераніка", "Вероника"),
    ("Лізавета", "Елизавета"),
    ("Надзея", "Надежда"),
    ("Аліна", "Алина"),
    ("Паліна", "Полина"),
    ("Галіна", "Галина"),
    ("Вікторыя", "Виктория"),
    ("Яна", "Яна"),
    ("Аксана", "Оксана"),
    ("Раіса", "Раиса"),
    ("Ніна", "Нина"),
    ("Тамара", "Тамара"),
    ("Зінаіда", "Зинаида"),
]

# Surname roots (Russian spelling, ending in a consonant).
ROOTS: list[str] = """
Тихан Колесник Бабар Статк Дашк Лукаш Иван Петр Сидор Кузьмин Ковал Мельник Гончар Бондар
Шевц Кравц Рыбак Пастух Сокол Ворон Волк Медвед Лис Козл Бык Гусак Журавл Орл Лебед
Синиц Голуб Грач Снегир Кот Мороз Зимин Летн Весн Горбун Лесн Полев Берез Дуб Ясен Клен
Липн Вишн Сосн Калин Малин Жук Чиж Стриж Карп Щук Окун Лещ Сом Ерш Налим Бел Черн Сер
Рыж Рус Сед Кудр Лыс Глух Хром Левш Добр Тих Смирн Весел Красн Зелен Чист Светл Ясн Мил
Люб Стар Нов Молод Мал Корот Толст Тонк Горб Кос Рог Зуб Нос Бород Ус Гриб Ягод Мед Хлеб
Сыр Масл Каш Квас Пив Перц Лук Мак Горох Бобр Ковальч Юрк Янк Мацк Марк Гаврил Данил
Кирил Матв Фом Фед Гриш Миш Саш Паш Алеш Павл Макар Назар Тарас Антон Семен Степан
Тимоф Захар Прохор Кондрат Мирон Трофим Остап Кастус Мицк Скорин Богдан Ярош Шумск Гайдук
Казак Пушкар Стрельц Кузнец Плотник Токар Столяр Маляр Пекар Мясник Ткач Швед Дегтяр
Смолян Поляк Литвин Русак Немц Турк Татар Мазур Ляш Кривц Полоц Слуцк Борис Глеб Олег
Игнат Адамов Будн Вашкев Гайк Денис Дорош Жданк Зайц Зенк Карпен Клим Корсак Лапин Латуш
Лесик Марчук Мартин Мохн Навум Наумч Осип Павлюч Пилип Радз Рогач Савч Сапег Сенк Скирм
Собол Сушк Таран Тишк Филип Хадас Цвирк Чарнец Шапош Шарап Шкур Юхнев Якуб Яцк Бурак
""".split()  # noqa: SIM905 (a block of words reads better than 220 quoted ones)

# Surname endings: (ru male, ru female, be male, be female).
ENDINGS: list[tuple[str, str, str, str]] = [
    ("ов", "ова", "аў", "ава"),
    ("ев", "ева", "еў", "ева"),
    ("ин", "ина", "ін", "іна"),
    ("ский", "ская", "скі", "ская"),
    ("овский", "овская", "оўскі", "оўская"),
    ("евский", "евская", "еўскі", "еўская"),
    ("ович", "ович", "овіч", "овіч"),
    ("евич", "евич", "евіч", "евіч"),
    ("ук", "ук", "ук", "ук"),
    ("чик", "чик", "чык", "чык"),
    ("енко", "енко", "енка", "енка"),
    ("онок", "онок", "онак", "онак"),
    ("ец", "ец", "ец", "ец"),
    ("ик", "ик", "ік", "ік"),
    ("ицкий", "ицкая", "іцкі", "іцкая"),
    ("еня", "еня", "еня", "еня"),
]

_HARD = "жшчрц"
_VOWELS = "аеёиоуыэюяі"
_SOFTENING = {"т": "ц", "д": "дз"}


def be_root(ru: str, following: str = "") -> str:
    """The Belarusian spelling of a Russian surname root (regular correspondences only).

    One vowel is taken as stressed (fixed per root), every other о becomes а (akanne).
    ``following`` is the first letter of the ending, which decides the root's last sound.
    """
    word = ru.lower().replace("щ", "шч").replace("ъ", "'")
    vowels = [i for i, ch in enumerate(word) if ch in _VOWELS]
    stressed = vowels[zlib.crc32(ru.encode()) % len(vowels)] if vowels else -1
    out: list[str] = []
    for i, ch in enumerate(word):
        prev = out[-1][-1] if out else ""
        nxt = word[i + 1] if i + 1 < len(word) else following
        if ch in _SOFTENING and nxt in "иеёяюь":
            out.append(_SOFTENING[ch])
            continue
        if ch == "и":
            out.append("ы" if prev in _HARD else "і")
        elif ch == "е" and prev in _HARD:
            out.append("э")
        elif ch == "ё" and prev in _HARD:
            out.append("о")
        elif ch == "о" and i != stressed:
            out.append("а")
        elif ch == "в" and prev and prev in _VOWELS and (not nxt or nxt not in _VOWELS):
            out.append("ў")
        else:
            out.append(ch)
    text = "".join(out)
    return text[:1].upper() + text[1:]


def _patronymic_ru(first: str, female: bool) -> str:
    special = {"Павел": "Павл", "Пётр": "Петр"}
    if first in special:
        stem, male, fem = special[first], "ович", "овна"
    elif first == "Дмитрий":
        stem, male, fem = "Дмитри", "евич", "евна"
    elif first.endswith("ий"):
        stem, male, fem = first[:-2] + "ь", "евич", "евна"
    elif first.endswith(("й", "ь")):
        stem, male, fem = first[:-1], "евич", "евна"
    else:
        stem, male, fem = first, "ович", "овна"
    return stem + (fem if female else male)


def _patronymic_be(first: str, female: bool) -> str:
    special = {"Павел": "Паўл", "Пётр": "Пятр"}
    if first in special:
        stem, male, fem = special[first], "авіч", "аўна"
    elif first.endswith("ый"):
        stem, male, fem = first[:-2] + "ы", "евіч", "еўна"
    elif first.endswith(("й", "ь")):
        stem, male, fem = first[:-1], "евіч", "еўна"
    elif first.endswith("ў"):
        stem, male, fem = first[:-1] + "в", "іч", "ўна"
    else:
        stem, male, fem = first, "авіч", "аўна"
    return stem + (fem if female else male)


# Fathers' names: male names whose patronymic the rules above form correctly.
FATHERS = [i for i, (be, _ru) in enumerate(MALE_FIRST) if not be.endswith(("а", "я", "сь"))]


@dataclass(frozen=True)
class Identity:
    """Who a person is, independent of script: indexes into the tables above."""

    female: bool
    first: int
    root: int
    ending: int
    father: int

    @property
    def key(self) -> tuple[bool, int, int, int]:
        """First name and surname: what a search query names (the patronymic is not)."""
        return (self.female, self.first, self.root, self.ending)

    def first_name(self, language: str) -> str:
        be, ru = (FEMALE_FIRST if self.female else MALE_FIRST)[self.first]
        return be if language == "be" else ru

    def surname(self, language: str) -> str:
        ru_m, ru_f, be_m, be_f = ENDINGS[self.ending]
        root = ROOTS[self.root]
        if language == "be":
            ending = be_f if self.female else be_m
            return be_root(root, ending[:1]) + ending
        return root + (ru_f if self.female else ru_m)

    def patronymic(self, language: str) -> str:
        be, ru = MALE_FIRST[FATHERS[self.father]]
        if language == "be":
            return _patronymic_be(be, self.female)
        return _patronymic_ru(ru, self.female)
