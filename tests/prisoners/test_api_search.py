"""Search across spellings and scripts: any listed spelling finds the person, best first.

The spellings are the ones the facts file lists for each person (Belarusian and Russian
Cyrillic, the passport romanisation, English and Polish forms). A search must reach the
person from every one of them, from the surname alone, and from romanisations nobody
listed.
"""

import pytest
from django.db import connection

from tests.tracker.api_support import API, get_json

pytestmark = pytest.mark.django_db


SPELLINGS = {
    "ales-bialiatski": ["Ales Bialiatski", "Алесь Бяляцкі", "Алесь Беляцкий", "Ales Belyatsky"],
    "maryia-kalesnikava": [
        "Maryia Kalesnikava",
        "Maria Kalesnikava",
        "Maria Kolesnikova",
        "Мария Колесникова",
    ],
    "viktar-babaryka": ["Viktar Babaryka", "Viktor Babariko", "Віктар Бабарыка", "Виктор Бабарико"],
    "maksim-znak": ["Maksim Znak", "Maxim Znak", "Максим Знак"],
    "siarhei-tsikhanouski": ["Siarhei Tsikhanouski", "Sergei Tikhanovsky", "Сяргей Ціханоўскі"],
    "mikalai-statkevich": [
        "Mikalai Statkevich",
        "Мікола Статкевіч",
        "Николай Статкевич",
        "Nikolai Statkevich",
    ],
    "ryhor-kastusiou": ["Ryhor Kastusiou", "Рыгор Кастусёў"],
    "ihar-losik": ["Ihar Losik", "Igor Losik"],
    "andrey-kuznechyk": ["Andrey Kuznechyk"],
    "aliaksandr-fiaduta": ["Aliaksandr Fiaduta"],
    "uladzimir-labkovich": ["Uladzimir Labkovich"],
    "andrzej-poczobut": ["Andrzej Poczobut", "Andrej Pačobut", "Анджэй Пачобут"],
}

# Romanisations and forms the facts do not list, in both scripts.
UNLISTED = {
    "maryia-kalesnikava": ["Kolesnykova", "Калеснікава", "Mariya Kolesnikova"],
    "ales-bialiatski": ["Bialiatsky", "Беляцки"],
    "siarhei-tsikhanouski": ["Tikhanovskiy", "Тихановский", "Sergey Tsikhanovsky"],
    "viktar-babaryka": ["Babarika", "Бабарыко"],
    "andrzej-poczobut": ["Pachobut", "Почобут"],
    "mikalai-statkevich": ["Statkiewicz", "Статкевіч"],
}


def _first(api, query: str) -> str | None:
    results = get_json(api, f"{API}prisoners/?search={query}")["results"]
    return results[0]["slug"] if results else None


def _misses(api, cases) -> list[tuple[str, str, str | None]]:
    """(query, expected, got) for every query whose first result is not the person.

    One test walks all the spellings (the demo is loaded once), and reports every miss.
    """
    misses = []
    for slug, queries in cases.items():
        for query in queries:
            got = _first(api, query)
            if got != slug:
                misses.append((query, slug, got))
    return misses


def test_every_listed_spelling_finds_the_person_first(api, demo):
    assert _misses(api, SPELLINGS) == []


def test_the_surname_alone_finds_the_person_first_in_both_scripts(api, demo):
    surnames = {slug: [s.split()[-1] for s in spellings] for slug, spellings in SPELLINGS.items()}
    assert _misses(api, surnames) == []


def test_unlisted_romanisations_find_the_person_first(api, demo):
    assert _misses(api, UNLISTED) == []


def test_the_spelling_table_covers_both_scripts():
    # Guards the tests above against a table that lost its Cyrillic.
    spellings = [s for values in SPELLINGS.values() for s in values]
    assert sum(1 for s in spellings if any("\u0400" <= ch <= "\u04ff" for ch in s)) >= 11
    assert len(spellings) >= 30


def test_search_orders_by_relevance_and_pages_by_cursor(api, demo):
    # "Statkevich" matches one person exactly; a query matching several must rank the
    # exact spelling first and still page through all of them with the cursor.
    page = get_json(api, f"{API}prisoners/?search=Maksim Znak&page_size=1")
    assert page["results"][0]["slug"] == "maksim-znak"
    seen = [row["slug"] for row in page["results"]]
    while page["next"]:
        page = get_json(api, page["next"])
        seen += [row["slug"] for row in page["results"]]
    assert seen[0] == "maksim-znak"
    assert len(seen) == len(set(seen))


def test_search_matches_nobody_for_an_unrelated_name(api, demo):
    assert get_json(api, f"{API}prisoners/?search=Zzyzx Qwerty")["results"] == []
    assert get_json(api, f"{API}prisoners/?search=!!!")["results"] == []


def test_search_combines_with_filters(api, demo):
    assert _first(api, "Kalesnikava&status=in_exile") == "maryia-kalesnikava"
    assert _first(api, "Kalesnikava&status=detained") is None


def test_postgresql_trigram_search_finds_near_misses(api, demo):
    """pg_trgm catches a romanisation with a letter wrong where the keys cannot."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm exists only on PostgreSQL; SQLite relies on the keys")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'prisoners_personname_key_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
    assert _first(api, "Kelesnikava") == "maryia-kalesnikava"
    assert _first(api, "Statkovich Nikolai") == "mikalai-statkevich"
