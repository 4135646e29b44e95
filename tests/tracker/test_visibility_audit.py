"""The visibility audit: canary records, hidden in every way the design allows, and a walk
over every public URL that fails if any detail identifying them shows up anywhere.

DESIGN §3 "Visibility, one rule": a person whose name is withheld is counted in totals,
but nothing identifying them (any spelling of the name, the slug, the birth date, the bio,
what the sources quote about them) appears in any public output; unpublished records
appear nowhere. This module checks the rule from the outside, the way an adversary would:

* the canaries: a withheld person and an unpublished person, each with names in Latin
  and Cyrillic, a slug, a birth date, a bio, a detention with a sentence and charges,
  releases, border crossings, citations with distinctive quotes and documents cited only
  for them; and an unpublished release event. Every text field of a canary record holds
  a marker (``MARK_*``), so a leak of any field, not only of the ones listed, is caught;
* the walk: every route of the URL resolver (tracker/urls.py), filled in with every
  public slug and every canary slug, each API list with every filter (values chosen to
  select the canaries), in JSON, CSV and with ``Accept: text/csv``, plus OPTIONS, the
  schema, the docs page and the error pages; then every link found in those pages and in
  the API's ``next``/``previous`` links, breadth first, up to a bound;
* the check: each response's body and headers, also read HTML-unescaped, URL-decoded,
  as re-serialised JSON and with every cursor token base64-decoded, must hold no canary.
  What the request itself says (a search for a name, a slug in the path) may be echoed.

``test_the_audit_is_live`` is the guard: the same scanner finds the canaries in the admin
and in the ORM, so the walk cannot pass because the canaries were never there.

This subsumes the endpoint walk of tests/tracker/test_api_visibility.py (that module's
narrower assertions, such as a hidden slug answering byte for byte like an unknown one
in the API, stay there).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import html
import json
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, unquote_plus, urlencode, urljoin, urlsplit

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from prisoners.models import Person
from prisoners.names import fold, word_keys
from prisoners.services import person_status_refresh
from releases.models import Release, ReleaseEvent
from sources.models import Metric, Source
from tests.factories import (
    ChargeFactory,
    CitationFactory,
    DetentionFactory,
    DocumentFactory,
    EventCountFactory,
    PersonFactory,
    PersonNameFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    TagFactory,
    TransferFactory,
    country,
)
from tests.tracker.api_support import API, body_of, get_json

pytestmark = pytest.mark.django_db

# Markers in every text field of a canary record; letters no hex digest or base64 block
# of ours is likely to hold by chance.
MARK_WITHHELD = "qx7kwz"
MARK_DRAFT = "zj4vpy"
MARK_EVENT = "wm9tqx"

WITHHELD_NAMES = {
    "en": "Yauhen Kanarejchyk",
    "be": "Яўген Канарэйчык",
    "ru": "Евгений Канарейчик",
    "be-Latn": "Jaŭhien Kanarejčyk",
}
DRAFT_NAMES = {
    "en": "Todar Niavidzimy",
    "be": "Тодар Нявідзімы",
    "ru": "Федор Невидимый",
}
WITHHELD_SLUG = "canary-withheld-xkqv"
DRAFT_SLUG = "canary-draft-hmtw"
DRAFT_EVENT_SLUG = "canary-event-kfjy"
DRAFT_EVENT_TITLE = "Zhuraulinka amnesty " + MARK_EVENT
WITHHELD_BORN = datetime.date(1971, 8, 29)
DRAFT_BORN = datetime.date(1983, 2, 17)
# The demo event the withheld and the draft person were freed in.
EVENT = "2025-12-13-pardon-123"
UNKNOWN_SLUG = "no-such-record-abcd"

# Requests the walk may make; it fails rather than silently stopping short.
MAX_REQUESTS = 4000
# Links found in pages are followed this many hops from the enumerated URLs.
CRAWL_DEPTH = 2


# --- the canaries ------------------------------------------------------------------------------


def _date_spellings(day: datetime.date) -> list[str]:
    """A day as any page, file or feed might write it."""
    month = day.strftime("%B")
    return [
        day.isoformat(),
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        day.strftime("%d.%m.%Y"),
        day.strftime("%d/%m/%Y"),
        day.strftime("%m/%d/%Y"),
    ]


def _name_spellings(names: dict[str, str]) -> list[str]:
    """Every spelling, its surname alone, their ASCII folds and search keys."""
    out: list[str] = []
    for text in names.values():
        surname = text.split()[-1]
        out += [text, surname, fold(text), fold(surname), *word_keys(surname)]
    return out


@dataclass
class Canaries:
    withheld: Person
    draft: Person
    draft_event: ReleaseEvent
    strings: list[str] = field(default_factory=list)

    def leaks(self, text: str, *, request: str = "") -> list[str]:
        """Canaries in ``text`` that the request (its decoded URL) did not itself carry."""
        said = _casefold_forms(request)
        readings = _casefold_forms(text)
        return [
            canary
            for canary in self.strings
            if not any(canary.casefold() in s for s in said)
            and any(canary.casefold() in r for r in readings)
        ]


def _casefold_forms(text: str) -> list[str]:
    """``text`` as a reader of the response could decode it."""
    forms = {text, html.unescape(text), unquote(text), unquote_plus(text)}
    with contextlib.suppress(ValueError):
        forms.add(json.dumps(json.loads(text), ensure_ascii=False))
    for token in re.findall(r"cursor=([A-Za-z0-9%=_\-+/]+)", " ".join(forms)):
        forms.add(_b64(unquote(token)))
    forms.add(fold(" ".join(forms)))
    return [form.casefold() for form in forms]


def _b64(token: str) -> str:
    try:
        return base64.b64decode(token + "=" * (-len(token) % 4), validate=False).decode(
            "utf-8", "replace"
        )
    except (binascii.Error, ValueError):
        return ""


def _hide_everything(person, *, mark: str, names: dict[str, str], tag) -> None:
    """A full record for ``person``: every table a public page or export reads."""
    person.tags.add(tag)
    person.citizenships.add(country("BY"), country("GE"))
    for language, text in names.items():
        if text != person.name:
            PersonNameFactory(person=person, text=text, language=language, kind="alternative")
    PersonNameFactory(person=person, text=person.name, language="en")
    source = Source.objects.get(slug="viasna")
    documents = [
        DocumentFactory(
            source=source,
            url=f"https://example.org/{mark}/{n}",
            title=f"{names['en']} sentenced, document {mark} {n}",
            authors=f"author {mark}",
            published_on=datetime.date(2022, 5, 14),
        )
        for n in range(2)
    ]
    CitationFactory(person=person, document=documents[0], quote=f"person quote {mark}")
    detention = DetentionFactory(
        person=person,
        detained_on=datetime.date(2021, 6, 3),
        place=f"place {mark}",
        court=f"court {mark}",
        facility=f"facility {mark}",
    )
    CitationFactory(detention=detention, document=documents[1], quote=f"detention quote {mark}")
    ChargeFactory(detention=detention, code="361-1", part="3", title=f"charge {mark}")
    detention.note = f"detention note {mark}"
    detention.save()
    sentence = SentenceFactory(detention=detention, court=f"court {mark}", note=f"note {mark}")
    CitationFactory(sentence=sentence, document=documents[1], quote=f"sentence quote {mark}")
    release = ReleaseFactory(
        person=person,
        event=ReleaseEvent.objects.get(slug=EVENT),
        detention=detention,
        released_on=datetime.date(2025, 12, 13),
        outcome="forcibly_deported",
        note=f"release note {mark}",
    )
    CitationFactory(release=release, document=documents[0], quote=f"release quote {mark}")
    for sequence, (origin, destination) in enumerate((("BY", "UA"), ("UA", "LT")), start=1):
        transfer = TransferFactory(
            release=release,
            sequence=sequence,
            from_country=country(origin),
            to_country=country(destination),
            date=datetime.date(2025, 12, 13 + sequence),
            via=f"route {mark}",
        )
        CitationFactory(transfer=transfer, document=documents[1], quote=f"transfer quote {mark}")
    # A release of its own (a sentence served), outside any event.
    served = ReleaseFactory(
        person=person, released_on=datetime.date(2020, 3, 1), kind="sentence_served"
    )
    CitationFactory(release=served, document=documents[1], quote=f"served quote {mark}")
    person_status_refresh(person=person)


@pytest.fixture
def canaries(demo) -> Canaries:
    tag = TagFactory(slug="canary-tag-rqpb", label="canary tag")
    withheld = PersonFactory(
        slug=WITHHELD_SLUG,
        name=WITHHELD_NAMES["en"],
        name_withheld=True,
        gender="male",
        birth_date=WITHHELD_BORN,
        occupation=f"chess teacher {MARK_WITHHELD}",
        bio=f"Taught chess in Zhodzina; biography {MARK_WITHHELD}.",
    )
    _hide_everything(withheld, mark=MARK_WITHHELD, names=WITHHELD_NAMES, tag=tag)
    Person.objects.filter(pk=withheld.pk).update(is_published=True)

    draft = PersonFactory(
        slug=DRAFT_SLUG,
        name=DRAFT_NAMES["en"],
        gender="female",
        birth_date=DRAFT_BORN,
        occupation=f"librarian {MARK_DRAFT}",
        bio=f"Unpublished draft biography {MARK_DRAFT}.",
        is_published=False,
    )
    _hide_everything(draft, mark=MARK_DRAFT, names=DRAFT_NAMES, tag=tag)

    draft_event = ReleaseEventFactory(
        slug=DRAFT_EVENT_SLUG,
        title=DRAFT_EVENT_TITLE,
        date=datetime.date(2026, 1, 5),
        mediators=f"mediator {MARK_EVENT}",
        context=f"context {MARK_EVENT}",
        summary=f"summary {MARK_EVENT}",
        is_published=False,
    )
    document = DocumentFactory(
        source=Source.objects.get(slug="viasna"),
        url=f"https://example.org/{MARK_EVENT}",
        title=f"Amnesty announced {MARK_EVENT}",
    )
    CitationFactory(event=draft_event, document=document, quote=f"event quote {MARK_EVENT}")
    count = EventCountFactory(
        event=draft_event, value=7, source=Source.objects.get(slug="viasna"), note=MARK_EVENT
    )
    CitationFactory(event_count=count, document=document, quote=f"count quote {MARK_EVENT}")
    # A public person freed in the draft event: the person shows, the event must not.
    ReleaseFactory(
        person=Person.objects.get(slug="ihar-losik"),
        event=draft_event,
        released_on=datetime.date(2026, 1, 5),
    )

    strings = [
        *_name_spellings(WITHHELD_NAMES),
        *_name_spellings(DRAFT_NAMES),
        *_date_spellings(WITHHELD_BORN),
        *_date_spellings(DRAFT_BORN),
        WITHHELD_SLUG,
        DRAFT_SLUG,
        DRAFT_EVENT_SLUG,
        DRAFT_EVENT_TITLE,
        "Zhuraulinka",
        MARK_WITHHELD,
        MARK_DRAFT,
        MARK_EVENT,
    ]
    # The demo's own withheld people are hidden too ("Withheld person 1", withheld-1).
    for person in Person.objects.exclude(pk__in=Person.objects.public()):
        strings += [person.name, person.slug]
    strings = list(dict.fromkeys(s for s in strings if len(s) >= 6))
    return Canaries(withheld=withheld, draft=draft, draft_event=draft_event, strings=strings)


# --- enumerating the public URLs ---------------------------------------------------------------


def _routes(patterns=None, namespace="", prefix=""):
    """(name, parameter names, pattern) of every named route, from the resolver itself."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, sorted(pattern.pattern.regex.groupindex), prefix + str(pattern.pattern)


# Routes whose slug names a person or a release event.
PERSON_ROUTES = {"prisoners:detail", "api-prisoner-detail"}
EVENT_ROUTES = {"releases:detail", "api-release-event-detail"}
# The admin is not public; anonymous visitors only ever see its login page. The walk
# visits the login page, the index and the canaries' change pages (a redirect to login).
ADMIN_NAMESPACE = "admin:"


def _route_urls(canaries: Canaries) -> list[str]:
    person_slugs = [*Person.objects.public().values_list("slug", flat=True)]
    event_slugs = [*ReleaseEvent.objects.public().values_list("slug", flat=True)]
    hidden_people = [WITHHELD_SLUG, DRAFT_SLUG, "withheld-1", UNKNOWN_SLUG]
    hidden_events = [DRAFT_EVENT_SLUG, UNKNOWN_SLUG]
    urls: list[str] = []
    unknown: list[str] = []
    for name, parameters, pattern in _routes():
        if name.startswith(ADMIN_NAMESPACE):
            continue
        values: dict[str, list[str]] = {}
        for parameter in parameters:
            if parameter == "format":
                values["format"] = ["json", "csv"]
            elif parameter == "slug" and name in PERSON_ROUTES:
                values["slug"] = person_slugs + hidden_people
            elif parameter == "slug" and name in EVENT_ROUTES:
                values["slug"] = event_slugs + hidden_events
            else:
                unknown.append(f"{name} ({pattern}): {parameter}")
        combos: list[dict[str, str]] = [{}]
        for parameter, options in values.items():
            combos = [{**combo, parameter: option} for combo in combos for option in options]
        for kwargs in combos:
            urls.append(reverse(name, kwargs=kwargs or None))
    # A new kind of route must be taught to the audit, not skipped by it.
    assert unknown == [], f"the audit does not know how to fill these parameters: {unknown}"
    return urls


def _filter_values(name: str, flt, canaries: Canaries) -> list[str]:
    """Values for one filter that select the canaries, or are just plausible."""
    if isinstance(flt, django_filters.ModelChoiceFilter):
        model = flt.extra["queryset"].model
        field_name = flt.extra.get("to_field_name") or "pk"
        if model._meta.label == "prisoners.Country":
            return ["BY", "UA", "LT", "GE"]
        # Every row, hidden or not: a hidden slug must be refused without being named.
        return [str(v) for v in model._default_manager.values_list(field_name, flat=True)]
    # ModelChoiceFilter is a ChoiceFilter too, so it is asked about first.
    if isinstance(flt, (django_filters.ChoiceFilter, django_filters.MultipleChoiceFilter)):
        choices = flt.extra["choices"]
        return [str(value) for value, _ in (choices() if callable(choices) else choices)]
    if isinstance(flt, django_filters.DateFilter):
        return ["2020-03-01", "2021-06-03", "2025-12-13", "2025-12-15"]
    if isinstance(flt, django_filters.NumberFilter):
        return ["1971", "2025", "2026"]
    if isinstance(flt, django_filters.CharFilter) and name == "search":
        return [*WITHHELD_NAMES.values(), *DRAFT_NAMES.values(), "Kanarejchyk", "Невидимый"]
    raise AssertionError(f"the audit does not know filter {name} ({type(flt).__name__})")


def _query_urls(canaries: Canaries) -> list[str]:
    """Every API list and the people page with each of its filters, in JSON and CSV."""
    urls: list[str] = []
    for name, parameters, _ in _routes():
        if not name.startswith("api-") or not name.endswith("-list") or parameters:
            continue
        path = reverse(name)
        view = resolve(path).func
        filterset = getattr(view.cls, "filterset_class", None)
        urls += [path, f"{path}?format=csv", f"{path}?page_size=500", f"{path}?page_size=1"]
        if filterset is None:
            continue
        for filter_name, flt in filterset.base_filters.items():
            for value in _filter_values(filter_name, flt, canaries):
                query = urlencode({filter_name: value})
                urls += [f"{path}?{query}", f"{path}?{query}&format=csv"]
                if path == f"{API}prisoners/":
                    urls.append(f"{reverse('prisoners:list')}?{query}")
    urls += [
        f"{API}schema/",
        f"{API}schema/?format=json",
        f"{API}docs/",
        f"{API}docs/?script=",
        *(f"{reverse('sources:statistics')}?metric={m.slug}" for m in Metric.objects.all()),
        # Error pages: unknown addresses, invalid filters, a bad page number.
        "/no-such-page/",
        f"{API}no-such-endpoint/",
        "/prisoners/?status=bogus",
        "/prisoners/?page=9999",
        "/prisoners/?sort=bogus",
        "/statistics/?metric=bogus",
        f"{API}prisoners/?status=bogus",
        f"{API}prisoners/?release_event={DRAFT_EVENT_SLUG}",
        f"{API}releases/?event={DRAFT_EVENT_SLUG}&format=csv",
        f"{API}prisoners/?cursor=garbage",
        # The admin, as an anonymous visitor sees it.
        "/admin/",
        "/admin/login/",
        f"/admin/prisoners/person/{canaries.withheld.pk}/change/",
        f"/admin/prisoners/person/{canaries.draft.pk}/change/",
        f"/admin/prisoners/person/?q={quote_name(WITHHELD_NAMES['en'])}",
    ]
    return urls


def quote_name(text: str) -> str:
    return urlencode({"q": text})[2:]


# --- the walk -----------------------------------------------------------------------------------

LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
ABSOLUTE = re.compile(r"""https?://testserver(/[^"'\s<>\\]*)""")


def _links(text: str, base: str) -> list[str]:
    found = [html.unescape(m) for m in LINK.findall(text)]
    found += [html.unescape(m) for m in ABSOLUTE.findall(text)]
    out = []
    for link in found:
        parts = urlsplit(urljoin(base, link))
        if parts.scheme and parts.netloc != "testserver":
            continue
        if not parts.path.startswith("/") or parts.path.startswith("/admin/"):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _key(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + "?" + urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def _check(client, canaries: Canaries, url: str, leaks: list, *, method="GET", **extra):
    response = getattr(client, method.lower())(url, **extra)
    text = body_of(response).decode("utf-8", "replace")
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    headers += "\n" + response.cookies.output()
    where = f"{method} {url} {extra or ''} -> {response.status_code}"
    for canary in canaries.leaks(text + "\n" + headers, request=unquote_plus(url)):
        leaks.append(f"{canary!r} in {where}")
    return response, text


def test_the_audit_is_live(client, admin_client, canaries):
    """The canaries are there for anyone with access, and the scanner sees them."""
    withheld = Person.objects.get(slug=WITHHELD_SLUG)
    assert withheld.name == WITHHELD_NAMES["en"] and withheld.is_published
    assert {n.text for n in withheld.names.all()} == set(WITHHELD_NAMES.values())
    assert not Person.objects.public().filter(pk__in=[canaries.withheld.pk, canaries.draft.pk])
    assert Person.objects.counted().filter(pk=canaries.withheld.pk).exists()
    assert not ReleaseEvent.objects.public().filter(slug=DRAFT_EVENT_SLUG).exists()

    for person, marker in ((canaries.withheld, MARK_WITHHELD), (canaries.draft, MARK_DRAFT)):
        page = admin_client.get(f"/admin/prisoners/person/{person.pk}/change/")
        assert page.status_code == 200
        found = canaries.leaks(page.content.decode())
        assert person.slug in found and marker in found and person.name in found
        assert any(d in found for d in _date_spellings(person.birth_date)), found
        quotes = admin_client.get(f"/admin/sources/citation/?q={marker}")
        assert marker in canaries.leaks(quotes.content.decode())
    event_page = admin_client.get(f"/admin/releases/releaseevent/{canaries.draft_event.pk}/change/")
    assert DRAFT_EVENT_SLUG in canaries.leaks(event_page.content.decode())

    # Every way the scanner reads a body: percent-encoded, HTML-escaped, JSON-escaped, in a
    # base64 cursor, folded to ASCII; and what the request said is not a leak.
    cursor = base64.b64encode(f"p={WITHHELD_NAMES['ru']}".encode()).decode()
    for text in (
        "/x/?q=" + quote_name(WITHHELD_NAMES["be"]),
        html.escape(WITHHELD_NAMES["ru"]).replace("Е", "&#1045;"),
        json.dumps({"name": WITHHELD_NAMES["be"]}),
        f'{{"next": "http://testserver/api/v1/prisoners/?cursor={cursor}"}}',
        "yauhen-kanareichyk.csv",
    ):
        assert canaries.leaks(text), text
    assert canaries.leaks("Kanarejchyk", request="/?search=Kanarejchyk") == []
    # A public page of the admin proves nothing unless the public pages are reachable.
    assert client.get("/prisoners/").status_code == 200


def test_walk_every_public_url_and_link_and_find_no_identifying_detail(api, canaries):
    leaks: list[str] = []
    errors: list[str] = []
    seen: set[str] = set()
    queue: deque[tuple[str, int]] = deque()
    for url in _route_urls(canaries) + _query_urls(canaries):
        if _key(url) not in seen:
            seen.add(_key(url))
            queue.append((url, 0))
    seeds = len(queue)
    paths = {urlsplit(url).path for url, _ in queue}
    requests = 0
    broken_links: list[str] = []
    while queue:
        url, depth = queue.popleft()
        assert requests < MAX_REQUESTS, f"the walk outgrew its bound; {len(queue)} left"
        response, text = _check(api, canaries, url, leaks)
        requests += 1
        if response.status_code >= 500:
            errors.append(f"{url} -> {response.status_code}")
        if depth and response.status_code == 404:
            broken_links.append(url)
        if url.startswith(API) and "?" not in url and response.status_code == 200:
            # The CSV form by content negotiation, and what OPTIONS says about the endpoint.
            for method, extra in (("GET", {"HTTP_ACCEPT": "text/csv"}), ("OPTIONS", {})):
                extra_response, _ = _check(api, canaries, url, leaks, method=method, **extra)
                requests += 1
                if extra_response.status_code >= 500:
                    errors.append(f"{method} {url} {extra} -> {extra_response.status_code}")
        if depth >= CRAWL_DEPTH or url.startswith("/static/"):
            continue
        for link in _links(text, url):
            # Beyond the first hop, only new paths: the facet links of the people page
            # combine without end, and each combination is the same template again.
            if _key(link) in seen or (depth and urlsplit(link).path in paths):
                continue
            seen.add(_key(link))
            paths.add(urlsplit(link).path)
            queue.append((link, depth + 1))

    assert leaks == [], "\n".join(leaks[:50])
    assert errors == []
    assert broken_links == [], broken_links[:20]
    # The walk really went everywhere: every public person and event page, every list.
    assert seeds > 600 and requests > seeds, (seeds, requests)
    for slug in Person.objects.public().values_list("slug", flat=True):
        assert _key(f"/prisoners/{slug}/") in seen and _key(f"{API}prisoners/{slug}/") in seen


@pytest.mark.parametrize("spelling", [*WITHHELD_NAMES.values(), *DRAFT_NAMES.values()])
def test_searching_by_any_spelling_of_a_hidden_name_finds_nothing(api, canaries, spelling):
    for words in (spelling, spelling.split()[-1], fold(spelling)):
        for name in ("prisoners", "releases", "transfers"):
            assert get_json(api, f"{API}{name}/?" + urlencode({"search": words}))["results"] == []
            response = api.get(f"{API}{name}/", {"search": words, "format": "csv"})
            assert body_of(response).decode().count("\n") == 1, (name, words)  # the header
        page = api.get("/prisoners/", {"search": words})
        assert page.status_code == 200
        assert list(page.context["people"]) == []
        found = canaries.leaks(page.content.decode(), request=words)
        assert found == [], (words, found)


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("/prisoners/{}/", WITHHELD_SLUG),
        ("/prisoners/{}/", DRAFT_SLUG),
        ("/releases/{}/", DRAFT_EVENT_SLUG),
        (API + "prisoners/{}/", WITHHELD_SLUG),
        (API + "prisoners/{}/", DRAFT_SLUG),
        (API + "release-events/{}/", DRAFT_EVENT_SLUG),
    ],
)
def test_a_hidden_slug_is_a_404_that_names_no_one(api, canaries, path, slug):
    response = api.get(path.format(slug))
    assert response.status_code == 404
    body = response.content.decode()
    # No exemption here: not even the slug's own person may be named.
    hidden = [*WITHHELD_NAMES.values(), *DRAFT_NAMES.values(), MARK_WITHHELD, MARK_DRAFT]
    hidden += [DRAFT_EVENT_TITLE, MARK_EVENT, *_date_spellings(WITHHELD_BORN)]
    assert [h for h in hidden if h.casefold() in body.casefold()] == []
    # Exactly what an unknown slug of the same length gets (pages echo the path in their
    # canonical link, which tells nothing the visitor did not type).
    unknown = "x" * len(slug)
    other = api.get(path.format(unknown))
    assert other.status_code == 404
    assert body.replace(slug, unknown) == other.content.decode()


def test_the_withheld_person_still_counts_in_every_total(api, canaries):
    counted = Person.objects.counted().count()
    public = Person.objects.public().count()
    assert counted - public == 4  # the demo's three withheld people and the canary

    totals = get_json(api, f"{API}summary/")["totals"]
    assert totals["people"] == counted
    assert totals["people_identified"] == public
    assert sum(totals["people_by_status"].values()) == counted
    assert totals["people_by_status"]["in_exile"] == (
        Person.objects.counted().filter(status="in_exile").count()
    )
    counted_releases = Release.objects.filter(person__in=Person.objects.counted())
    assert totals["releases"] == counted_releases.count()
    assert totals["releases_identified"] == Release.objects.public().count()
    assert totals["releases"] - totals["releases_identified"] == 3 + 2  # the canary's two

    # The event: identified by name versus recorded, withheld names included.
    in_event = Release.objects.filter(event__slug=EVENT)
    identified = in_event.filter(person__in=Person.objects.public()).count()
    withheld = in_event.filter(person__is_published=True, person__name_withheld=True).count()
    assert withheld == 4
    detail = get_json(api, f"{API}release-events/{EVENT}/")
    assert detail["people_identified"] == identified == len(detail["people"])
    rows = get_json(api, f"{API}release-events/?page_size=500")["results"]
    assert next(r for r in rows if r["slug"] == EVENT)["people_identified"] == identified
    page = api.get(f"/releases/{EVENT}/")
    assert (page.context["event"].identified, page.context["event"].withheld) == (
        identified,
        withheld,
    )
    assert page.context["event"].recorded == identified + withheld  # the draft person is not
    home = api.get("/")
    assert home.context["people_total"] == counted
    listing = api.get("/prisoners/")
    assert listing.context["withheld"] == 4
