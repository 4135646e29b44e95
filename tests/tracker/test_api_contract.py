"""The API's shared contract: every endpoint answers, errors are JSON and name the
parameter, cursors page through everything, caching headers and CORS, the OpenAPI schema
describes every parameter and field, and the docs page needs no CDN or inline script."""

import re

import pytest

from tests.tracker.api_support import API, LISTS, all_json_rows, body_of, get_json

pytestmark = pytest.mark.django_db


def test_the_root_lists_every_endpoint(api):
    root = get_json(api, API)
    assert set(root) == {*LISTS, "summary"}


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_json_with_the_cursor_envelope(api, demo, name):
    page = get_json(api, f"{API}{name}/")
    assert set(page) == {"next", "previous", "results"}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("prisoners/?status=jailed", "status"),
        ("prisoners/?citizenship=XX", "citizenship"),
        ("prisoners/?tag=no-such-tag", "tag"),
        ("prisoners/?release_event=no-such-event", "release_event"),
        ("prisoners/?released_after=13-12-2025", "released_after"),
        ("prisoners/?detained_before=yesterday", "detained_before"),
        ("prisoners/?transferred_to=Ukraine", "transferred_to"),
        ("prisoners/?gender=x", "gender"),
        ("release-events/?year=twenty", "year"),
        ("release-events/?year=2025.5", "year"),
        ("release-events/?country=ZZ", "country"),
        ("release-events/?kind=gift", "kind"),
        ("releases/?event=nope", "event"),
        ("releases/?outcome=happy", "outcome"),
        ("releases/?to_country=U", "to_country"),
        ("releases/?released_before=2025-13-01", "released_before"),
        ("transfers/?forced=yes", "forced"),
        ("observations/?metric=nope", "metric"),
        ("observations/?source=nope", "source"),
        ("observations/?as_of_after=soon", "as_of_after"),
        ("observations/?status=held", "status"),
        ("sources/?kind=blog", "kind"),
        ("prisoners/?page_size=0", "page_size"),
        ("prisoners/?page_size=many", "page_size"),
        ("prisoners/?stauts=detained", "stauts"),
        ("prisoners/?format=csv&status=jailed", "status"),
        ("prisoners/?format=xml", "format"),
        ("prisoners/some-slug/?format=csv", "format"),
        ("summary/?format=csv", "format"),
        ("summary/?cursor=abc", "cursor"),
    ],
)
def test_an_invalid_value_is_a_400_json_error_naming_the_parameter(api, url, parameter):
    response = api.get(API + url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


@pytest.mark.parametrize("url", ["prisoners/no-such-slug/", "release-events/no-such-slug/"])
def test_an_unknown_slug_is_a_404_json_error(api, url):
    response = api.get(API + url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.fixture
def some_rows():
    """A few rows in every list the cursor tests page through."""
    import datetime

    from tests.factories import (
        ObservationFactory,
        ReleaseEventFactory,
        ReleaseFactory,
        published_person,
    )

    for n in range(3):
        person = published_person(slug=f"p-{n}", name=f"Person {n}")
        event = ReleaseEventFactory(date=datetime.date(2025, 1, 1 + n))
        ReleaseFactory(person=person, event=event)
        ObservationFactory(as_of=datetime.date(2025, 2, 1 + n))


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        "cD1hYmM=",  # p=abc: a position that is no date, for a list ordered by date
        "bz0tNQ==",  # o=-5
        "cj14",  # r=x
        "bz05OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
    ],
)
@pytest.mark.parametrize("name", ["prisoners", "release-events", "observations", "releases"])
def test_a_forged_cursor_is_a_400_not_a_500(api, some_rows, name, cursor):
    response = api.get(f"{API}{name}/", {"cursor": cursor})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "cursor" in response.json()


def test_a_position_of_the_wrong_type_names_the_cursor(api, some_rows):
    response = api.get(f"{API}release-events/", {"cursor": "cD1hYmM="})
    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["Invalid cursor: use the `next` or `previous` link as given."]
    }


@pytest.mark.parametrize("name", [n for n in LISTS if n != "feeds"])
def test_cursor_pages_walk_every_row_once_in_a_stable_order(api, demo, name):
    one_page = get_json(api, f"{API}{name}/?page_size=500")["results"]
    walked = all_json_rows(api, f"{API}{name}/?page_size=2")
    assert walked == one_page
    assert len(walked) > 2


def test_previous_links_walk_back(api, demo):
    first = get_json(api, f"{API}prisoners/?page_size=3")
    second = get_json(api, first["next"])
    back = get_json(api, second["previous"])
    assert back["results"] == first["results"]


def test_page_size_is_capped_at_500(api, demo):
    response = api.get(f"{API}sources/?page_size=100000")
    assert response.status_code == 200


def test_etag_and_last_modified_give_304(api, demo):
    first = api.get(f"{API}prisoners/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    assert api.get(f"{API}prisoners/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(f"{API}prisoners/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    detail = api.get(f"{API}prisoners/maryia-kalesnikava/")
    assert detail["Last-Modified"]
    not_modified = api.get(f"{API}prisoners/maryia-kalesnikava/", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == detail["ETag"]
    assert not_modified.content == b""
    # A different list or a different filter is a different representation.
    assert api.get(f"{API}prisoners/?status=detained", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_change_to_the_data_changes_the_etag(api, demo):
    from prisoners.models import Person

    etag = api.get(f"{API}prisoners/")["ETag"]
    person = Person.objects.get(slug="ihar-losik")
    person.occupation = "Blogger"
    person.save()
    changed = api.get(f"{API}prisoners/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize(
    "url", [f"{API}summary/", f"{API}prisoners/", f"{API}prisoners/?format=csv"]
)
def test_cors_allows_any_origin_on_the_api(api, demo, url):
    response = api.get(url, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"] or "csv" in url


def test_cors_preflight_allows_the_key_header(api):
    response = api.options(
        f"{API}prisoners/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert response.status_code == 200
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_no_cors_header_outside_the_api(api):
    for url in ("/", "/admin/login/"):
        response = api.get(url, HTTP_ORIGIN="https://partner.example")
        assert "Access-Control-Allow-Origin" not in response, url


def test_head_answers_like_get_without_a_body(api, demo):
    head = api.head(f"{API}prisoners/")
    assert head.status_code == 200
    assert head["ETag"] == api.get(f"{API}prisoners/")["ETag"]
    assert head.content == b""


def test_the_api_is_read_only(api, demo):
    for method in (api.post, api.put, api.patch, api.delete):
        response = method(f"{API}prisoners/")
        assert response.status_code == 405
    assert api.delete(f"{API}prisoners/maryia-kalesnikava/").status_code == 405


# --- the OpenAPI schema and the docs page -------------------------------------------------


@pytest.fixture
def schema(api):
    response = api.get(f"{API}schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_every_public_endpoint(schema):
    paths = set(schema["paths"])
    for name in LISTS:
        assert f"{API}{name}/" in paths
    assert {
        f"{API}prisoners/{{slug}}/",
        f"{API}release-events/{{slug}}/",
        f"{API}summary/",
    } <= paths


def test_the_schema_describes_every_parameter_and_field(schema):
    undescribed = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("description"):
                undescribed.append(f"{method} {path}")
            for parameter in operation.get("parameters", []):
                if not parameter.get("description"):
                    undescribed.append(f"{method} {path} ?{parameter['name']}")
    for name, component in schema["components"]["schemas"].items():
        for field, definition in component.get("properties", {}).items():
            if not definition.get("description"):
                undescribed.append(f"{name}.{field}")
    assert undescribed == []


def test_the_schema_documents_filters_formats_and_the_key(schema):
    operation = schema["paths"][f"{API}prisoners/"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {
        "search",
        "status",
        "citizenship",
        "tag",
        "gender",
        "release_event",
        "released_after",
        "released_before",
        "detained_after",
        "detained_before",
        "transferred_to",
        "cursor",
        "page_size",
        "format",
    } <= parameters
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert "PartnerKey" in schema["components"]["securitySchemes"]


def test_the_docs_page_loads_without_a_cdn_or_inline_script(api):
    response = api.get(f"{API}docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> blocked by CSP"
    assert "<style" not in html, "inline <style> blocked by CSP"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by us"
        fetched = api.get(asset)
        assert fetched.status_code == 200, asset
        assert body_of(fetched), asset
    script = api.get(f"{API}docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
    assert f"{API}schema/" in script.content.decode()
