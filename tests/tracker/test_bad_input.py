"""Bad input is refused clearly, never with a 500: every filter of every API list with
malformed values, oversized and repeated parameters, forged cursors and page sizes, junk
slugs, and the same on the pages.

The API answers 400 with a JSON body whose keys name the offending parameters (404 for a
detail slug that names nothing); the pages answer 400 with the form's message, or 404.
Filters are enumerated from each list's FilterSet, so a new filter is fuzzed as soon as
it exists. tests/tracker/test_api_contract.py holds one hand-picked example per filter;
this module is the systematic sweep. Schemathesis, driven by the OpenAPI schema, is in
tests/tracker/test_schemathesis.py.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

import django_filters
import pytest
from django.urls import resolve

from tests.tracker.api_support import API, LISTS, body_of, get_json

pytestmark = pytest.mark.django_db

OVERSIZED = "x" * 20_000
# Name -> raw value (percent-encoded as a browser would send it, unless it starts with %).
MALFORMED = {
    "impossible date": "2025-02-30",
    "garbled date": "2025-13-45",
    "unknown code or slug": "no-such-thing",
    "huge number": "9" * 40,
    "negative number": "-1",
    "float": "2025.5",
    "unicode junk": "\u202e\ufeff\U0001f4a9\u0301",
    "nul byte": "abc\x00def",
    "sql": "' OR '1'='1' --",
    "sql drop": "1); DROP TABLE prisoners_person; --",
    "invalid utf-8": "%ED%A0%80%FF%FE",
    "percent junk": "%%%",
    "oversized": OVERSIZED,
}
# A search is free text: these are valid searches (that find nothing); the others are not.
SEARCH_REFUSES = {"nul byte", "oversized"}


def _raw(value: str) -> str:
    return value if value.startswith("%") else quote(value, safe="")


def _filters(name: str) -> dict:
    view = resolve(f"{API}{name}/").func
    filterset_class = getattr(view.cls, "filterset_class", None)
    return dict(filterset_class.base_filters) if filterset_class else {}


FILTERED_LISTS = [name for name in LISTS if _filters(name)]


def _valid_value(flt) -> str:
    """One value the filter accepts."""
    if isinstance(flt, django_filters.ModelChoiceFilter):
        row = flt.extra["queryset"].first()
        return str(getattr(row, flt.extra.get("to_field_name") or "pk"))
    if isinstance(flt, (django_filters.ChoiceFilter, django_filters.MultipleChoiceFilter)):
        choices = flt.extra["choices"]
        return str(next(iter(choices() if callable(choices) else choices))[0])
    if isinstance(flt, django_filters.DateFilter):
        return "2025-12-13"
    if isinstance(flt, django_filters.NumberFilter):
        return "2025"
    if isinstance(flt, django_filters.CharFilter):
        return "Losik"
    raise AssertionError(f"no valid value known for {type(flt).__name__}")


def _refusal(response, parameter: str, *, url: str) -> str | None:
    """None if ``response`` is a JSON 400 naming ``parameter``; else what is wrong."""
    if response.status_code != 400:
        return f"{url[:120]} -> {response.status_code} {body_of(response)[:200]!r}"
    if response["Content-Type"] != "application/json":
        return f"{url[:120]} -> 400 as {response['Content-Type']}"
    if parameter not in response.json():
        return f"{url[:120]} -> 400 without naming {parameter}: {response.json()}"
    return None


@pytest.mark.parametrize("name", FILTERED_LISTS)
def test_every_filter_refuses_malformed_values_with_a_400_naming_it(api, demo, name):
    problems = []
    checked = 0
    for parameter, flt in _filters(name).items():
        for label, value in MALFORMED.items():
            for fmt in ("json", "csv"):
                url = f"{API}{name}/?{parameter}={_raw(value)}&format={fmt}"
                response = api.get(url)
                checked += 1
                if isinstance(flt, django_filters.CharFilter) and label not in SEARCH_REFUSES:
                    if response.status_code != 200:
                        problems.append(f"{label}: {url[:120]} -> {response.status_code}")
                    continue
                if problem := _refusal(response, parameter, url=url):
                    problems.append(f"{label}: {problem}")
    assert problems == [], "\n".join(problems)
    assert checked >= 2 * len(MALFORMED)


@pytest.mark.parametrize("name", FILTERED_LISTS)
def test_an_empty_filter_is_no_filter_or_a_400_naming_it(api, demo, name):
    everything = get_json(api, f"{API}{name}/?page_size=500")["results"]
    for parameter in _filters(name):
        url = f"{API}{name}/?{parameter}=&page_size=500"
        response = api.get(url)
        if response.status_code == 200:
            # As an HTML form sends an unused field.
            assert response.json()["results"] == everything, url
        else:
            # A multiple choice (status) has no empty choice.
            assert _refusal(response, parameter, url=url) is None


@pytest.mark.parametrize("name", FILTERED_LISTS)
def test_a_single_valued_filter_given_twice_is_a_400(api, demo, name):
    for parameter, flt in _filters(name).items():
        value = _valid_value(flt)
        assert get_json(api, f"{API}{name}/?{parameter}={quote(value)}") is not None
        url = f"{API}{name}/?{parameter}={quote(value)}&{parameter}={quote(value)}"
        response = api.get(url)
        if isinstance(flt, django_filters.MultipleChoiceFilter):
            assert response.status_code == 200, url
        else:
            assert _refusal(response, parameter, url=url) is None


def test_a_malformed_page_size_or_cursor_is_refused_in_csv_too(api, demo):
    for query in ("page_size=0", "page_size=true", "cursor=garbage"):
        url = f"{API}prisoners/?format=csv&{query}"
        assert _refusal(api.get(url), query.split("=")[0], url=url) is None


def test_list_parameters_given_twice_are_a_400(api):
    for parameter, value in (("cursor", ""), ("page_size", "5"), ("format", "json")):
        url = f"{API}prisoners/?{parameter}={value}&{parameter}={value}"
        assert _refusal(api.get(url), parameter, url=url) is None


def test_oversized_and_unknown_parameters_are_a_400_naming_them(api):
    for name in LISTS:
        for parameter in ("x" * 200, "sql' OR 1=1", "поиск", "format_", "page", "y" * 20_000):
            url = f"{API}{name}/?{quote(parameter)}=1"
            assert _refusal(api.get(url), parameter, url=url) is None


def test_more_query_parameters_than_django_reads_is_a_json_400(api, settings):
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = api.get(f"{API}prisoners/?{query}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Too many query parameters."}
    # Outside the API, Django's own 400 page.
    assert api.get(f"/prisoners/?{query}").status_code == 400


def _cursor(text: str) -> str:
    return quote(base64.b64encode(text.encode()).decode())


FORGED_CURSORS = {
    "garbage": "garbage",
    "punctuation": "!!!",
    "empty": "",
    "not base64": "%FF%FE",
    "position of the wrong type": _cursor("p=not-a-date"),
    "nul byte in the position": _cursor("p=a\x00b"),
    "negative offset": _cursor("o=-5"),
    "huge offset": _cursor("o=" + "9" * 40),
    "huge position": _cursor("p=" + "9" * 400),
    "reverse flag junk": _cursor("r=maybe"),
    "every key junk": _cursor("o=x&r=y&p=z"),
    "sql position": _cursor("p=' OR 1=1 --"),
    "oversized": _cursor("p=" + OVERSIZED),
}


@pytest.mark.parametrize("name", [n for n in LISTS if n != "feeds"])
def test_a_forged_cursor_on_any_list_is_a_400_naming_it_or_a_page(api, demo, name):
    problems = []
    for label, cursor in FORGED_CURSORS.items():
        for fmt in ("json", "csv"):
            url = f"{API}{name}/?cursor={cursor}&format={fmt}"
            response = api.get(url)
            if response.status_code == 200:
                continue  # decodes to a position the list can seek to (or CSV, unpaged)
            if problem := _refusal(response, "cursor", url=url):
                problems.append(f"{label}: {problem}")
    # A cursor from another list is just another position.
    other = get_json(api, f"{API}observations/?page_size=1")["next"]
    cursor = other.split("cursor=")[1].split("&")[0]
    response = api.get(f"{API}{name}/?cursor={cursor}")
    assert response.status_code in (200, 400), response.content
    assert problems == [], "\n".join(problems)


PAGE_SIZES = {
    "0": False,
    "-5": False,
    "many": False,
    "": False,
    "1e3": False,
    "2.5": False,
    "abc\x00": False,
    OVERSIZED: False,
    "9" * 40: True,  # served at the maximum, as DRF does
    "٣": True,  # an Arabic-Indic three is a three
}


def test_a_bad_page_size_is_a_400_naming_it(api, demo):
    # feeds/ is one page whatever the client asks, and says so in its schema.
    for name in [n for n in LISTS if n != "feeds"]:
        for value, ok in PAGE_SIZES.items():
            url = f"{API}{name}/?page_size={quote(value)}"
            response = api.get(url)
            if ok:
                assert response.status_code == 200, url
            else:
                assert _refusal(response, "page_size", url=url) is None


JUNK_SLUGS = [
    "no-such-slug",
    "%00",
    "abc%00def",
    quote("Калеснікава"),
    quote("' OR 1=1 --"),
    quote("\U0001f4a9"),
    "x" * 20_000,
    "%ED%A0%80",
]


def test_a_junk_detail_slug_is_a_json_404(api, demo):
    for endpoint in ("prisoners", "release-events"):
        for slug in JUNK_SLUGS:
            response = api.get(f"{API}{endpoint}/{slug}/")
            assert response.status_code == 404, (endpoint, slug[:40])
            assert response.json() == {"detail": "Not found."}


def test_an_address_no_api_route_matches_is_a_json_404(api):
    for url in (f"{API}prisoners/a.b.c/", f"{API}no-such-endpoint/", f"{API}prisoners/x/y/"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."}
    # Outside the API, the friendly page.
    assert api.get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_a_detail_in_csv_is_a_400_naming_the_format(api, demo):
    for url in (f"{API}prisoners/ihar-losik.csv", f"{API}prisoners/ihar-losik/?format=csv"):
        assert _refusal(api.get(url), "format", url=url) is None


# --- the pages ---------------------------------------------------------------------------------

PAGE_PARAMETERS = [
    *_filters("prisoners"),
    "sort",
    "page",
]


def test_the_pages_never_fail_on_malformed_input(client, demo):
    for value in MALFORMED.values():
        _pages_never_fail(client, _raw(value))


def _pages_never_fail(client, value: str) -> None:
    urls = [f"/prisoners/?{parameter}={value}" for parameter in PAGE_PARAMETERS]
    urls += [
        f"/prisoners/?status=bogus&{value}=1",
        f"/prisoners/?status=detained&status={value}",
        f"/prisoners/?tag=journalist&tag={value}",
        f"/statistics/?metric={value}",
        f"/releases/?page={value}",
        f"/sources/?{value}={value}",
        f"/?search={value}",
        f"/about/?x={value}",
        f"/prisoners/{value}/",
        f"/releases/{value}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url[:120], response.status_code)
        if response.status_code == 400:
            assert "error" in response.content.decode().lower(), url[:120]


def test_the_pages_answer_bad_input_with_a_400_or_404(client, demo):
    for url, status in (
        ("/prisoners/?status=bogus", 400),
        ("/prisoners/?released_after=2025-02-30", 400),
        ("/prisoners/?citizenship=ZZ", 400),
        ("/prisoners/?search=" + "x" * 20_000, 400),
        ("/prisoners/?page=9999", 200),
        ("/prisoners/?page=-1", 200),
        ("/prisoners/?sort=bogus", 200),
        ("/statistics/?metric=bogus", 404),
        ("/prisoners/no-such-person/", 404),
    ):
        assert client.get(url).status_code == status, url[:80]
