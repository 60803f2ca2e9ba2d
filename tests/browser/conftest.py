"""Browser tests: Debian's Chromium, driven by Playwright for Python, against a live server.

Each module here sets ``pytestmark = pytest.mark.browser``: ``make test`` runs them on the
SQLite leg only (``-m "not browser"`` on the PostgreSQL one).

Fixtures for any browser test (public pages or the admin):

- ``browser``: a headless Chromium for the test (``CHROMIUM_PATH``, default
  /usr/bin/chromium). Without it, or without Playwright, the tests skip with the reason; under
  ``CI=true`` they fail instead, so that CI never passes by skipping them.
- ``site_url``: the live server's address, on a transactional test database (the live server
  runs in another thread and must see committed data). A fixture that writes the test's data
  must depend on it (or on ``page``), or it writes before that database is set up.
- ``open_page(viewport="desktop", **context_options)``: a new tab in a fresh context (no cookies)
  at a named viewport (``VIEWPORTS``) or a ``{"width": ..., "height": ...}`` dict; its
  JavaScript errors are kept in ``page.js_errors``. ``page`` is ``open_page()``.
- ``admin_page(user=None, viewport="desktop")``: a tab logged in as ``user`` (default: a new
  superuser), through a session cookie rather than the login form.
- ``screenshot(page, name)``: saves a full-page PNG to ``test-artifacts/<name>.png``.
- ``axe_violations(page, impacts=("serious", "critical"))``: runs axe-core in the page and
  returns the violations of those impacts; ``assert_accessible(page)`` fails with them listed.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 375, "height": 740},
}

# Playwright's synchronous API runs an event loop in the test's thread; Django then refuses
# database queries from that thread, to protect asynchronous code. Our code is synchronous and
# the loop is Playwright's alone, so the queries are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path():
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def unavailable(reason):
    """Skip, or fail under CI=true: CI must run the browser tests, never skip them."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser(site_url):
    """A headless Chromium for one test.

    Not one for the session: while Playwright's synchronous API runs, its event loop runs in
    this thread, and Django then keeps database connections per asynchronous context instead
    of per thread. Connections opened then lack the test database's serialized contents, so
    the transactional tests that follow would find their database flushed and not restored.
    Started after ``site_url`` (hence after the database is set up), stopped before it is
    flushed, Playwright leaves the other tests' connections alone.
    """
    path = chromium_path()
    if not os.access(path, os.X_OK):
        unavailable(
            f"Chromium not found at {path}: `apt-get install chromium`, or set CHROMIUM_PATH"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed: `make install`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def site_url(live_server, transactional_db, django_db_serialized_rollback, settings):
    """The live server's root URL, without the final slash; the test's data is committed, and
    media files are served (``tests/browser/urls.py``)."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    return live_server.url


@pytest.fixture
def open_page(browser, site_url):
    contexts = []

    def open_page(viewport="desktop", **context_options):
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        context = browser.new_context(
            viewport=size, base_url=site_url, locale="fr-FR", **context_options
        )
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def admin_page(open_page, site_url, django_user_model):
    """``admin_page(user=None, viewport="desktop")``: a tab whose session is ``user``'s."""
    from django.conf import settings
    from django.test import Client

    def admin_page(user=None, viewport="desktop"):
        if user is None:
            user = django_user_model.objects.create_superuser(
                username=f"admin{django_user_model.objects.count()}",
                email="admin@example.gouv.fr",
                password="not-used",  # noqa: S106
            )
        client = Client()
        client.force_login(user)
        page = open_page(viewport)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": site_url,
                }
            ]
        )
        return page

    return admin_page


@pytest.fixture
def screenshot():
    def screenshot(page, name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed ({AXE_SCRIPT}): `npm ci` or `make install`")
    return AXE_SCRIPT.read_text()


@pytest.fixture
def axe_violations(axe_source):
    def axe_violations(page, impacts=("serious", "critical")):
        # Evaluated through the DevTools protocol, so a Content-Security-Policy that forbids
        # inline scripts does not stop it.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [v for v in results["violations"] if v["impact"] in impacts]

    return axe_violations


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    - {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(axe_violations):
    def assert_accessible(page, impacts=("serious", "critical")):
        violations = axe_violations(page, impacts)
        assert not violations, f"axe-core on {page.url}:\n{describe_violations(violations)}"

    return assert_accessible
