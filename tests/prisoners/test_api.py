"""People in the API: the list's filters and the full record of one person."""

import datetime

import pytest

from tests.factories import (
    ChargeFactory,
    CitationFactory,
    DetentionFactory,
    DocumentFactory,
    PersonNameFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    SourceFactory,
    TagFactory,
    TransferFactory,
    country,
    published_person,
)
from tests.tracker.api_support import API, get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def tsikhanouski():
    person = published_person(
        slug="siarhei-tsikhanouski", name="Siarhei Tsikhanouski", gender="male", status="in_exile"
    )
    person.citizenships.add(country("BY"))
    person.tags.add(TagFactory(slug="blogger", label="blogger"))
    PersonNameFactory(person=person, text="Сяргей Ціханоўскі", language="be", kind="official")
    PersonNameFactory(
        person=person, text="Sergei Tikhanovsky", language="ru-Latn", kind="transliteration"
    )
    detention = DetentionFactory(
        person=person, detained_on=datetime.date(2020, 5, 29), place="Hrodna"
    )
    ChargeFactory(detention=detention, code="293", part="1", title="organising mass riots")
    SentenceFactory(detention=detention, sentenced_on=datetime.date(2021, 12, 14), months=216)
    extra = SentenceFactory(detention=detention, sentenced_on=datetime.date(2023, 2, 27), months=18)
    document = DocumentFactory(source=SourceFactory(slug="interfax"), title="Extra 1.5 years")
    CitationFactory(sentence=extra, document=document, quote="one and a half years", field="months")
    event = ReleaseEventFactory(slug="2025-06-21-pardon-14", date=datetime.date(2025, 6, 21))
    release = ReleaseFactory(
        person=person,
        event=event,
        released_on=datetime.date(2025, 6, 21),
        outcome="forcibly_deported",
    )
    TransferFactory(
        release=release, sequence=2, from_country=country("LT"), to_country=country("PL")
    )
    TransferFactory(release=release, sequence=1, to_country=country("LT"))
    return person


def test_a_person_record_has_names_detentions_sentences_releases_and_citations(api, tsikhanouski):
    record = get_json(api, f"{API}prisoners/siarhei-tsikhanouski/")
    assert {(n["text"], n["language"]) for n in record["names"]} == {
        ("Siarhei Tsikhanouski", "en"),
        ("Сяргей Ціханоўскі", "be"),
        ("Sergei Tikhanovsky", "ru-Latn"),
    }
    (detention,) = record["detentions"]
    assert detention["detained_on"] == "2020-05-29"
    assert detention["charges"] == [{"code": "293", "part": "1", "title": "organising mass riots"}]
    assert [s["months"] for s in detention["sentences"]] == [216, 18]
    citation = detention["sentences"][1]["citations"][0]
    assert citation["quote"] == "one and a half years"
    assert citation["field"] == "months"
    assert citation["document"]["source"]["slug"] == "interfax"
    (release,) = record["releases"]
    assert release["event"] == {"slug": "2025-06-21-pardon-14", "title": release["event"]["title"]}
    assert [(t["sequence"], t["to_country"]) for t in release["transfers"]] == [
        (1, "LT"),
        (2, "PL"),
    ]
    assert record["citations"][0]["document"]["title"]
    assert record["citizenships"] == ["BY"]
    assert record["tags"] == [{"slug": "blogger", "label": "blogger"}]


def test_the_list_row_summarises_the_record(api, tsikhanouski):
    (row,) = get_json(api, f"{API}prisoners/")["results"]
    assert row == {
        "slug": "siarhei-tsikhanouski",
        "name": "Siarhei Tsikhanouski",
        "gender": "male",
        "status": "in_exile",
        "citizenships": ["BY"],
        "tags": ["blogger"],
        "occupation": "",
        "birth_date": None,
        "last_detained_on": "2020-05-29",
        "last_released_on": "2025-06-21",
        "release_events": ["2025-06-21-pardon-14"],
        "transferred_to": ["LT", "PL"],
    }


def test_people_filters_are_named_as_on_the_pages(api, demo):
    def slugs(query):
        return {
            row["slug"]
            for row in get_json(api, f"{API}prisoners/?page_size=500&{query}")["results"]
        }

    everyone = slugs("")
    assert slugs("status=detained") == {"andrzej-poczobut"}
    assert slugs("release_event=2025-06-21-pardon-14") == {"siarhei-tsikhanouski"}
    assert "maryia-kalesnikava" in slugs("transferred_to=UA")
    assert "maryia-kalesnikava" not in slugs("transferred_to=LT")
    assert slugs("gender=female") == {"maryia-kalesnikava"}
    assert slugs("tag=journalist") >= {"andrzej-poczobut", "andrey-kuznechyk"}
    assert slugs("released_after=2025-12-01") < everyone
    assert "ryhor-kastusiou" in slugs("released_before=2024-12-31")
    assert slugs("detained_after=2021-03-01&detained_before=2021-03-31") == {"andrzej-poczobut"}
    assert slugs("citizenship=BY") == everyone


def test_release_conditions_hold_for_one_and_the_same_release(api):
    # Freed in 2024 by amnesty and in 2025 in an event: "released in that event before
    # 2025" matches no single release, so it matches nobody.
    person = published_person(slug="twice", name="Twice Freed")
    event = ReleaseEventFactory(slug="later", date=datetime.date(2025, 9, 11))
    ReleaseFactory(person=person, released_on=datetime.date(2024, 7, 3), kind="amnesty")
    ReleaseFactory(person=person, event=event, released_on=datetime.date(2025, 9, 11))
    rows = get_json(api, f"{API}prisoners/?release_event=later&released_before=2024-12-31")[
        "results"
    ]
    assert rows == []
    rows = get_json(api, f"{API}prisoners/?released_before=2024-12-31&released_after=2024-01-01")
    assert [r["slug"] for r in rows["results"]] == ["twice"]
