"""The people pages through Django's test client: what is shown, what never is, the
filters and facets in the query string, the CSV link, and how many queries a page costs."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prisoners.models import Person
from tests.factories import (
    ChargeFactory,
    CitationFactory,
    DetentionFactory,
    DocumentFactory,
    PersonFactory,
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

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return unescape(response.content.decode())


def withheld_person(**kwargs) -> Person:
    person = published_person(**kwargs)
    Person.objects.filter(pk=person.pk).update(name_withheld=True)
    person.refresh_from_db()
    return person


def freed(person, event=None, *, on=datetime.date(2025, 12, 13), to=None):
    release = ReleaseFactory(person=person, event=event, released_on=on)
    if to:
        TransferFactory(release=release, to_country=country(to), date=on)
    return release


@pytest.fixture
def people():
    journalist = TagFactory(slug="journalist", label="journalist")
    lawyer = TagFactory(slug="lawyer", label="lawyer")
    event = ReleaseEventFactory(slug="pardon-123", title="123 pardoned")
    ala = published_person(name="Ala Publicna", slug="ala-publicna", status="in_exile")
    ala.citizenships.add(country("BY"))
    ala.tags.add(journalist)
    freed(ala, event, to="UA")
    bo = published_person(name="Bo Publicny", slug="bo-publicny", status="detained")
    bo.citizenships.add(country("BY"), country("PL"))
    bo.tags.add(journalist, lawyer)
    DetentionFactory(person=bo, detained_on=datetime.date(2021, 3, 25))
    secret = withheld_person(name="Zyta Sekretna", slug="zyta-sekretna", status="in_exile")
    secret.citizenships.add(country("BY"))
    freed(secret, event, to="LT")
    hidden = PersonFactory(name="Ukryty Niepublikowany", slug="ukryty", status="in_exile")
    PersonNameFactory(person=hidden)
    return {"ala": ala, "bo": bo, "secret": secret, "hidden": hidden, "event": event}


def test_list_shows_public_people_and_only_counts_withheld(client, people):
    response = client.get("/prisoners/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Ala Publicna" in page and "Bo Publicny" in page
    assert "2 people" in page
    assert "and 1 person whose name is withheld" in page
    for leak in ("Zyta", "Sekretna", "zyta-sekretna", "Ukryty", "ukryty"):
        assert leak not in page


def test_withheld_count_follows_filters_that_do_not_involve_names(client, people):
    assert "whose name is withheld" in text_of(client.get("/prisoners/?status=in_exile"))
    assert client.get("/prisoners/?status=in_exile").context["withheld"] == 1
    assert client.get("/prisoners/?status=detained").context["withheld"] == 0
    assert client.get("/prisoners/?transferred_to=LT").context["withheld"] == 1
    assert client.get("/prisoners/?transferred_to=UA").context["withheld"] == 0
    # Withheld people cannot be found by name, so a search never reports them.
    page = text_of(client.get("/prisoners/?search=Sekretna"))
    assert "0 people" in page
    assert "whose name is withheld" not in page
    assert "Zyta" not in page.replace("Sekretna", "")


def test_search_by_russian_spelling_finds_belarusian_record(client):
    person = published_person(name="Maryia Kalesnikava", slug="maryia-kalesnikava")
    PersonNameFactory(person=person, text="Марыя Калеснікава", language="be", kind="official")
    published_person(name="Someone Else", slug="someone-else")
    page = text_of(client.get("/prisoners/", {"search": "Мария Колесникова"}))
    assert "/prisoners/maryia-kalesnikava/" in page
    assert "Someone Else" not in page
    assert "1 person" in page


def test_facets_count_distinct_people_within_the_filters(client, people):
    response = client.get("/prisoners/")
    facets = response.context["facets"]
    by_label = {facet: {i["label"]: i["count"] for i in items} for facet, items in facets.items()}
    assert by_label["status"] == {"in exile": 1, "detained": 1}
    assert by_label["citizenship"] == {"Belarus": 2, "Poland": 1}
    assert by_label["tag"] == {"journalist": 2, "lawyer": 1}
    # The withheld person was freed in the event too and taken to Lithuania; facets list
    # rows, so they count only public people.
    assert by_label["release_event"] == {"123 pardoned": 1}
    assert by_label["destination"] == {"Ukraine": 1}
    assert by_label["year"] == {"2025": 1}

    narrowed = client.get("/prisoners/?tag=lawyer").context["facets"]
    assert {i["label"]: i["count"] for i in narrowed["tag"]} == {"journalist": 1, "lawyer": 1}


def test_facet_link_filters_the_list_and_marks_itself_active(client, people):
    page = client.get("/prisoners/")
    link = next(i for i in page.context["facets"]["tag"] if i["label"] == "lawyer")
    assert link["url"] == "?tag=lawyer"
    filtered = client.get("/prisoners/" + link["url"])
    text = text_of(filtered)
    assert "Bo Publicny" in text and "Ala Publicna" not in text
    active = next(i for i in filtered.context["facets"]["tag"] if i["label"] == "lawyer")
    assert active["active"] and active["url"] == "?"
    # Statuses combine: a second one is added, not swapped.
    status = next(i for i in filtered.context["facets"]["status"] if i["label"] == "detained")
    assert status["url"] == "?status=detained&tag=lawyer"


def test_year_facet_uses_the_api_date_filters(client, people):
    year = client.get("/prisoners/").context["facets"]["year"][0]
    assert year["url"] == "?released_after=2025-01-01&released_before=2025-12-31"
    assert "Ala Publicna" in text_of(client.get("/prisoners/" + year["url"]))


def test_csv_link_carries_exactly_the_filters(client, people):
    response = client.get(
        "/prisoners/",
        {"status": ["detained", "in_exile"], "tag": "journalist", "page": "1", "sort": "-updated"},
    )
    href = re.search(r'id="csv-download" href="([^"]+)"', response.content.decode()).group(1)
    assert (
        unescape(href)
        == "/api/v1/prisoners/?format=csv&status=detained&status=in_exile&tag=journalist"
    )


def test_invalid_filter_is_a_400_naming_the_parameter(client, people):
    response = client.get("/prisoners/?citizenship=ZZ")
    assert response.status_code == 400
    page = text_of(response)
    assert "citizenship" in page
    assert "Ala Publicna" not in page


def test_sort_latest_release_first(client):
    early = published_person(name="Aa Early", slug="aa-early")
    late = published_person(name="Zz Late", slug="zz-late")
    published_person(name="Mm Never", slug="mm-never")
    freed(early, on=datetime.date(2020, 1, 1))
    freed(late, on=datetime.date(2025, 1, 1))
    names = [p.name for p in client.get("/prisoners/?sort=-released").context["people"]]
    assert names == ["Zz Late", "Aa Early", "Mm Never"]
    names = [p.name for p in client.get("/prisoners/").context["people"]]
    assert names == ["Aa Early", "Mm Never", "Zz Late"]


def test_pagination_keeps_filters_and_sort(client, settings):
    tag = TagFactory(slug="journalist")
    for n in range(55):
        published_person(name=f"Person {n:02d}", slug=f"person-{n:02d}").tags.add(tag)
    first = client.get("/prisoners/?tag=journalist&sort=-updated")
    assert len(first.context["people"]) == 50
    assert 'href="?tag=journalist&amp;sort=-updated&amp;page=2"' in first.content.decode()
    second = client.get("/prisoners/?tag=journalist&sort=-updated&page=2")
    assert len(second.context["people"]) == 5


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make_rich_people(count: int, start: int, event, tag) -> None:
    for n in range(start, start + count):
        person = published_person(name=f"Rich Person{n}", slug=f"rich-{n}", status="in_exile")
        person.citizenships.add(country("BY"))
        person.tags.add(tag)
        DetentionFactory(person=person)
        freed(person, event, to="UA")


def test_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    event = ReleaseEventFactory(slug="big-event")
    tag = TagFactory(slug="journalist")
    _make_rich_people(3, 0, event, tag)
    url = "/prisoners/?citizenship=BY&tag=journalist&release_event=big-event&transferred_to=UA"
    few = _list_queries(client, url)
    _make_rich_people(20, 100, event, tag)
    many = _list_queries(client, url)
    assert few == many
    with django_assert_max_num_queries(30):
        client.get(url)
    with django_assert_max_num_queries(30):
        client.get("/prisoners/?search=Rich+Person")


def test_detail_shows_spellings_timeline_at_precision_and_footnotes(client):
    person = published_person(
        name="Maryia Kalesnikava", slug="maryia-kalesnikava", status="in_exile"
    )
    PersonNameFactory(person=person, text="Марыя Калеснікава", language="be", kind="official")
    PersonNameFactory(
        person=person, text="Мария Колесникова", language="ru", kind="transliteration"
    )
    viasna = SourceFactory(slug="viasna", name="Viasna")
    document = DocumentFactory(
        source=viasna,
        title="Kalesnikava sentenced",
        url="https://spring96.org/en/news/1",
        archive_url="https://web.archive.org/web/2021/https://spring96.org/en/news/1",
    )
    detention = DetentionFactory(
        person=person,
        detained_on=datetime.date(2020, 9, 1),
        detained_on_precision="month",
        place="Minsk",
    )
    ChargeFactory(
        detention=detention, code="361", part="3", title="calls to harm national security"
    )
    sentence = SentenceFactory(
        detention=detention,
        sentenced_on=datetime.date(2021, 1, 1),
        sentenced_on_precision="year",
        months=132,
    )
    CitationFactory(
        sentence=sentence, document=document, quote="sentenced to 11 years", confidence="medium"
    )
    event = ReleaseEventFactory(slug="pardon-123", title="123 pardoned")
    release = ReleaseFactory(
        person=person,
        event=event,
        released_on=datetime.date(2025, 12, 13),
        outcome="forcibly_deported",
    )
    transfer = TransferFactory(release=release, to_country=country("UA"), via="Khochu Zhyty")
    CitationFactory(transfer=transfer, document=document)

    response = client.get("/prisoners/maryia-kalesnikava/")
    assert response.status_code == 200
    page = text_of(response)
    assert '<td lang="be">Марыя Калеснікава</td>' in page
    assert '<td lang="ru">Мария Колесникова</td>' in page
    assert "September 2020" in page and "1 September 2020" not in page
    assert "Sentenced to 11 years" in page
    assert re.search(r'step-date">2021<', page)
    assert "Article 361, part 3" in page
    assert "13 December 2025" in page
    assert "Taken from Belarus to Ukraine" in page and "Via Khochu Zhyty" in page
    assert 'href="/releases/pardon-123/"' in page
    assert "Viasna" in page and "Kalesnikava sentenced" in page
    assert "sentenced to 11 years" in page  # the quote
    assert "Confidence: medium" in page
    assert "https://web.archive.org/web/2021/https://spring96.org/en/news/1" in page
    assert "Last updated" in page
    # Footnotes are numbered in reading order: the record's own citation, then the timeline.
    assert page.index('id="fn-1"') < page.index('id="fn-2"') < page.index('id="fn-3"')
    assert page.index('id="fnref-2"') < page.index('id="fnref-3"')


def test_detail_open_graph_and_canonical(client):
    published_person(
        name="Ales Bialiatski",
        slug="ales-bialiatski",
        status="detained",
        occupation="human-rights defender",
    )
    page = client.get("/prisoners/ales-bialiatski/").content.decode()
    assert '<link rel="canonical" href="http://testserver/prisoners/ales-bialiatski/">' in page
    assert '<meta property="og:title" content="Ales Bialiatski">' in page
    assert '<meta property="og:url" content="http://testserver/prisoners/ales-bialiatski/">' in page
    assert re.search(
        r'<meta property="og:description" content="Detained; human-rights defender[^"]*">', page
    )


def test_detail_is_404_for_withheld_unpublished_and_unknown(client, people):
    for slug in ("zyta-sekretna", "ukryty", "nobody"):
        response = client.get(f"/prisoners/{slug}/")
        assert response.status_code == 404
        assert "Zyta" not in text_of(response) and "Ukryty" not in text_of(response)


def test_detail_never_names_an_unpublished_event(client):
    person = published_person(name="Ala Publicna", slug="ala")
    event = ReleaseEventFactory(slug="secret-talks", title="Secret talks", is_published=False)
    freed(person, event)
    page = text_of(client.get("/prisoners/ala/"))
    assert "Released (pardon)" in page
    assert "Secret talks" not in page and "secret-talks" not in page


def test_detail_queries_do_not_grow_with_the_timeline(client):
    person = published_person(name="Long Record", slug="long-record")
    source = SourceFactory()

    def add_spell(year: int):
        detention = DetentionFactory(
            person=person, detained_on=datetime.date(year, 1, 1), recognised_by=source
        )
        ChargeFactory(detention=detention)
        CitationFactory(detention=detention)
        CitationFactory(
            sentence=SentenceFactory(detention=detention, sentenced_on=datetime.date(year, 6, 1))
        )
        release = freed(person, on=datetime.date(year, 12, 1), to="UA")
        CitationFactory(release=release)
        CitationFactory(transfer=release.transfers.get())

    add_spell(2011)
    with CaptureQueriesContext(connection) as few:
        client.get("/prisoners/long-record/")
    for year in (2015, 2018, 2021):
        add_spell(year)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/prisoners/long-record/").status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries) <= 20
