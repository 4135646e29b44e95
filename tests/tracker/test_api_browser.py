"""The API docs page in a real browser: Swagger UI renders every endpoint from our own
static files under the site's strict Content-Security-Policy, with no console error (a
CSP violation is one) and no request to another host."""

import os
from urllib.parse import urlsplit

import pytest

from tests.test_browser import CHROMIUM, DESKTOP, BrowserThread, Tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        message = "no browser at /usr/bin/chromium: install it with `apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the browser tests: {message}")
        pytest.skip(message)
    thread = BrowserThread()
    yield thread
    thread.close()


def test_the_docs_page_renders_every_endpoint_under_the_csp(chromium, live_server, settings):
    settings.API_THROTTLE_ANON = "100000/min"
    origin = urlsplit(live_server.url).netloc

    def flow(browser):
        with Tab(browser, live_server.url, **DESKTOP) as tab:
            hosts: set[str] = set()
            tab.page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
            tab.open("/api/v1/docs/")
            tab.page.wait_for_selector(".opblock-summary-path", timeout=30_000)
            paths = tab.page.locator(".opblock-summary-path").all_inner_texts()
            # Open one operation: its parameters, with their descriptions, are shown.
            tab.page.locator(".opblock-summary", has_text="/api/v1/prisoners/").first.click()
            tab.page.wait_for_selector(".parameters-col_description", timeout=10_000)
            described = tab.page.locator(".parameters-col_description").all_inner_texts()
            return paths, described, tab.errors, hosts

    paths, described, errors, hosts = chromium.run(flow)
    assert errors == []
    assert hosts == {origin}
    for endpoint in ("/api/v1/prisoners/", "/api/v1/release-events/{slug}/", "/api/v1/summary/"):
        assert any(p.replace("\u200b", "") == endpoint for p in paths), endpoint
    assert any("spelling" in text for text in described)
