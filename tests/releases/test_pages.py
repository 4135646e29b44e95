"""Release event pages: counts side by side by source, announced versus identified, the
named people (never the withheld), destinations, and bounded queries."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prisoners.models import Person
from tests.factories import (
    CitationFactory,
    DocumentFactory,
    EventCountFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SourceFactory,
    TransferFactory,
    country,
    published_person,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def event():
    event = ReleaseEventFactory(
        slug="2025-12-13-pardon-123",
        title="123 pardoned after talks",
        mediators="US Special Envoy John Coale",
        context="US lifts sanctions on Belaruskali potash",
    )
    viasna = SourceFactory(slug="viasna", name="Viasna")
    bloomberg = SourceFactory(slug="bloomberg", name="Bloomberg News")
    EventCountFactory(event=event, source=viasna, metric="released", value=123)
    EventCountFactory(
        event=event, source=bloomberg, metric="released", value=120, qualifier="at_least"
    )
    to_ua = EventCountFactory(
        event=event,
        source=bloomberg,
        metric="transferred_to",
        country=country("UA"),
        value=104,
        note="citing the Ukrainian side",
    )
    CitationFactory(
        event_count=to_ua,
        document=DocumentFactory(
            source=bloomberg, title="Belarus frees 123", url="https://bloomberg.example/1"
        ),
        quote="104 of them were taken to Ukraine",
    )
    EventCountFactory(
        event=event, source=viasna, metric="transferred_to", country=country("UA"), value=114
    )
    named = published_person(name="Maryia Kalesnikava", slug="maryia-kalesnikava")
    release = ReleaseFactory(person=named, event=event, outcome="forcibly_deported")
    TransferFactory(release=release, to_country=country("UA"))
    secret = published_person(name="Zyta Sekretna", slug="zyta-sekretna")
    Person.objects.filter(pk=secret.pk).update(name_withheld=True)
    TransferFactory(release=ReleaseFactory(person=secret, event=event), to_country=country("LT"))
    return event


def test_event_list_shows_announced_and_identified(client, event):
    ReleaseEventFactory(slug="hidden-event", title="Not yet public", is_published=False)
    page = text_of(client.get("/releases/"))
    assert "123 pardoned after talks" in page
    assert "Not yet public" not in page
    assert re.search(r"<strong>123</strong> <span class=\"by\">\(Viasna\)</span>", page)
    assert "at least 120" in page
    assert "and 1 person whose name is withheld" in page
    assert "Zyta" not in page


def test_event_detail_puts_sources_side_by_side(client, event):
    response = client.get("/releases/2025-12-13-pardon-123/")
    assert response.status_code == 200
    page = text_of(response)
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert header.index("Bloomberg News") < header.index("Viasna")
    row = re.search(r"<tr>\s*<th scope=\"row\">Taken to Ukraine</th>(.*?)</tr>", page, re.S).group(
        1
    )
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert (
        "104" in cells[0] and "citing the Ukrainian side" in cells[0] and 'href="#fn-' in cells[0]
    )
    assert "114" in cells[1]
    assert "104 of them were taken to Ukraine" in page  # the quote, in the footnotes
    assert "at least 120" in page


def test_event_detail_compares_announced_with_identified(client, event):
    response = client.get("/releases/2025-12-13-pardon-123/")
    assert response.context["event"].identified == 1
    assert response.context["event"].withheld == 1
    page = text_of(response)
    assert "Identified by name in this database" in page
    assert "Recorded with their names withheld" in page


def test_event_detail_names_public_people_only(client, event):
    page = text_of(client.get("/releases/2025-12-13-pardon-123/"))
    assert 'href="/prisoners/maryia-kalesnikava/"' in page
    assert "Belarus → Ukraine" in page
    for leak in ("Zyta", "Sekretna", "zyta-sekretna"):
        assert leak not in page
    # Destinations count identified people only: Lithuania was the withheld person's.
    destinations = client.get("/releases/2025-12-13-pardon-123/").context["destinations"]
    assert destinations == [{"code": "UA", "name": "Ukraine", "count": 1}]


def test_event_detail_shows_context_and_open_graph(client, event):
    page = text_of(client.get("/releases/2025-12-13-pardon-123/"))
    assert "US Special Envoy John Coale" in page
    assert "US lifts sanctions on Belaruskali potash" in page
    assert '<link rel="canonical" href="http://testserver/releases/2025-12-13-pardon-123/">' in page
    assert (
        '<meta property="og:title" content="123 pardoned after talks (13 December 2025)">' in page
    )


def test_unpublished_or_unknown_event_is_404(client):
    ReleaseEventFactory(slug="secret", title="Secret", is_published=False)
    assert client.get("/releases/secret/").status_code == 404
    assert client.get("/releases/nothing/").status_code == 404


def _add_people(event, count: int, start: int) -> None:
    for n in range(start, start + count):
        person = published_person(name=f"Freed Person{n}", slug=f"freed-{n}")
        release = ReleaseFactory(
            person=person, event=event, released_on=datetime.date(2025, 12, 13)
        )
        TransferFactory(release=release, to_country=country("UA"))
        CitationFactory(release=release)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_event_pages_queries_do_not_grow(client, event, django_assert_max_num_queries):
    _add_people(event, 2, 0)
    few = (_queries(client, "/releases/"), _queries(client, f"/releases/{event.slug}/"))
    _add_people(event, 15, 100)
    for n in range(5):
        other = ReleaseEventFactory(slug=f"other-{n}")
        EventCountFactory(event=other, source=SourceFactory(), metric="released", value=n + 1)
        EventCountFactory(event=event, source=SourceFactory(), metric="released", value=n + 1)
    many = (_queries(client, "/releases/"), _queries(client, f"/releases/{event.slug}/"))
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(f"/releases/{event.slug}/")
