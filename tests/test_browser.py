"""The researcher pages in a real browser: Playwright driving Debian's chromium against
pytest-django's live server, with the demo data.

Flows: search by a Russian spelling, a facet, the CSV download, the event page, keyboard
and no-JavaScript use, a phone-sized screen; on every page no console error (a CSP
violation is one) and no serious or critical axe violation.

Without /usr/bin/chromium these tests skip and say how to install it; in CI (``CI`` set,
as ``.ci/run`` does) a missing browser fails the run instead.
"""

import os
import queue
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EVENT = "2025-12-13-pardon-123"
PERSON = "maryia-kalesnikava"
PAGES = (
    "/",
    "/prisoners/",
    f"/prisoners/{PERSON}/",
    "/releases/",
    f"/releases/{EVENT}/",
    "/statistics/",
    "/sources/",
    "/about/",
)

# transaction=True: the live server reads from its own thread, so the demo data must be
# committed. Each such test empties every table afterwards; the countries come back with
# post_migrate (prisoners/apps.py), like content types.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


class BrowserThread:
    """Chromium driven from a thread of its own.

    Playwright's sync API keeps an event loop running in the thread that uses it, and
    Django then treats that thread as async code: its database connections become
    per-context, and the serialized rollback that restores the countries silently finds
    nothing to restore. So the browser lives in this thread; a test hands it a function,
    which runs there and whose result or exception comes back to the test's thread.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._serve, name="playwright", daemon=True)
        self._thread.start()
        if not self._ready.wait(120):
            raise TimeoutError("chromium did not start within two minutes")
        if self._failure:
            raise self._failure

    def _serve(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                self._ready.set()
                while (job := self._jobs.get()) is not None:
                    function, box = job
                    try:
                        box["result"] = function(browser)
                    except BaseException as exc:  # handed back, re-raised in the test
                        box["error"] = exc
                    finally:
                        box["done"].set()
                browser.close()
        except BaseException as exc:
            self._failure = exc
            self._ready.set()

    def run(self, function, timeout: float = 600):
        box: dict = {"done": threading.Event()}
        self._jobs.put((function, box))
        if not box["done"].wait(timeout):
            raise TimeoutError(f"browser job {function.__name__} took over {timeout}s")
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(60)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = "no browser at /usr/bin/chromium: install it with `apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the browser tests: {message}")
        pytest.skip(message)
    thread = BrowserThread()
    yield thread
    thread.close()


class Tab:
    """A page that records console errors and uncaught exceptions as they happen."""

    def __init__(self, browser, base_url: str, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on(
            "console",
            lambda msg: (
                self.errors.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None
            ),
        )
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, path
        return response

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.context.close()


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def in_browser(browser, live_server, demo):
    """Run ``flow(tab)`` in the browser thread with a fresh desktop tab on the demo data."""

    def run(flow, **context_options):
        def job(chromium):
            with Tab(chromium, live_server.url, **(context_options or DESKTOP)) as tab:
                return flow(tab)

        job.__name__ = flow.__name__
        return browser.run(job)

    return run


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_search_by_russian_spelling_finds_the_belarusian_record(in_browser):
    def flow(tab):
        tab.open("/")
        tab.page.get_by_label("Find a person by any spelling of their name").fill(
            "Мария Колесникова"
        )
        tab.page.get_by_role("button", name="Search").click()
        tab.page.wait_for_url(re.compile(r"/prisoners/\?search="))
        results = tab.page.locator(".person-name a")
        assert results.first.inner_text() == "Maryia Kalesnikava"
        results.first.click()
        tab.page.wait_for_url(f"**/prisoners/{PERSON}/")
        assert tab.page.locator("h1").inner_text() == "Maryia Kalesnikava"
        # The spelling the reader typed is listed, marked as Russian for screen readers.
        assert tab.page.locator('td[lang="ru"]', has_text="Мария Колесникова").count() == 1
        assert tab.errors == []

    in_browser(flow)


def _count(heading) -> int:
    return int(re.match(r"[\d,]+", heading.inner_text()).group(0).replace(",", ""))


def test_facet_flow_narrows_and_widens_the_list(in_browser):
    def flow(tab):
        tab.open("/prisoners/")
        heading = tab.page.locator("#results-heading")
        everyone = _count(heading)
        taken_to = tab.page.locator(".facet", has=tab.page.get_by_role("heading", name="Taken to"))
        ukraine = taken_to.get_by_role("link", name=re.compile("^Ukraine"))
        expected = int(ukraine.locator(".count").inner_text())
        ukraine.click()
        tab.page.wait_for_url(re.compile(r"transferred_to=UA"))
        assert _count(heading) == expected < everyone
        assert tab.page.locator(".person-row").count() == expected
        # The chosen value is marked for assistive technology, not by colour alone.
        assert tab.page.locator('.facet a[aria-current="true"]', has_text="Ukraine").count() == 1
        chip = tab.page.locator(".chip", has_text="Taken to")
        assert chip.count() == 1
        chip.click()
        tab.page.wait_for_url(re.compile(r"/prisoners/\?$"))
        assert _count(heading) == everyone
        assert tab.errors == []

    in_browser(flow)


def test_csv_download_link_exports_the_filtered_rows(in_browser):
    def flow(tab):
        tab.open("/prisoners/?status=in_exile&transferred_to=UA&sort=-released")
        href = tab.page.locator("#csv-download").get_attribute("href")
        parts = urlsplit(href)
        assert parts.path == "/api/v1/prisoners/"
        assert parse_qs(parts.query) == {
            "format": ["csv"],
            "status": ["in_exile"],
            "transferred_to": ["UA"],
        }
        shown = tab.page.locator(".person-name a").all_inner_texts()
        assert shown
        response = tab.page.request.get(tab.base_url + href)
        return shown, response.status, response.headers.get("content-type", ""), response.text()

    shown, status, content_type, body = in_browser(flow)
    assert status == 200
    assert content_type.startswith("text/csv")
    assert all(name in body for name in shown)
    rows = [line for line in body.splitlines()[1:] if line.strip()]
    assert len(rows) == len(shown)


def test_event_page_compares_sources_and_lists_named_people(in_browser):
    def flow(tab):
        tab.open("/releases/")
        tab.page.locator(f'a[href="/releases/{EVENT}/"]').first.click()
        tab.page.wait_for_url(f"**/releases/{EVENT}/")
        headers = tab.page.locator("table.counts thead th").all_inner_texts()
        assert headers[0] == "Count" and len(headers) >= 3  # two sources side by side, at least
        identified = tab.page.locator(".compare .identified dd").inner_text()
        named = tab.page.locator(".named-people li").count()
        assert int(identified) == named > 0
        assert tab.page.get_by_text("US Special Envoy John Coale").first.is_visible()
        # A footnote reference leads to its source.
        ref = tab.page.locator("table.counts a.fn-ref").first
        target = ref.get_attribute("href")
        ref.click()
        assert tab.page.evaluate("location.hash") == target
        assert tab.page.locator(f"{target} strong").first.inner_text()
        assert tab.errors == []

    in_browser(flow)


def test_every_page_has_no_console_errors_and_no_serious_axe_violations(in_browser):
    def flow(tab):
        problems = {}
        for path in PAGES:
            tab.open(path)
            found = serious_violations(tab.page)
            if found:
                problems[path] = found
        assert problems == {}
        assert tab.errors == []

    in_browser(flow)


def test_phone_screen_fits_and_passes_axe(in_browser):
    def flow(tab):
        problems = {}
        for path in PAGES:
            tab.open(path)
            # Nothing but a table's own scroll region may be wider than the screen.
            overflow = tab.page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                problems[path] = f"page is {overflow}px wider than the screen"
            found = serious_violations(tab.page)
            if found:
                problems.setdefault(path, found)
        assert problems == {}
        # On a phone the facets start folded, so the results come first.
        tab.open("/prisoners/")
        assert tab.page.locator("details.facets").get_attribute("open") is None
        assert tab.errors == []

    in_browser(flow, **PHONE)


def test_keyboard_skip_link_reaches_main(in_browser):
    def flow(tab):
        tab.open("/prisoners/")
        tab.page.keyboard.press("Tab")
        assert tab.page.evaluate("document.activeElement.textContent").strip() == (
            "Skip to main content"
        )
        tab.page.keyboard.press("Enter")
        assert tab.page.evaluate("document.activeElement.id") == "main"

    in_browser(flow)


def test_search_and_sort_work_without_javascript(in_browser):
    def flow(tab):
        tab.open("/prisoners/")
        assert tab.page.locator("details.facets").get_attribute("open") is not None
        tab.page.locator("#search").fill("Kolesnikova")
        tab.page.locator(".search-form button").click()
        tab.page.wait_for_url(re.compile(r"search=Kolesnikova"))
        assert tab.page.locator(".person-name a").first.inner_text() == "Maryia Kalesnikava"
        tab.page.get_by_label("Sort by").select_option("name")
        tab.page.locator(".sort-form button").click()
        tab.page.wait_for_url(re.compile(r"sort=name"))
        assert "search=Kolesnikova" in tab.page.url

    in_browser(flow, java_script_enabled=False, **DESKTOP)
