"""Helpers shared by the tests: the site tree and the form data the Wagtail admin posts."""

from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from wagtail.api.v2 import signal_handlers
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html


def publishing_settings(**changes):
    """``override_settings`` of some of the publishing plugin's settings (``PUBLISHING``), the
    others kept; a decorator or a context manager."""
    return override_settings(PUBLISHING={**settings.PUBLISHING, **changes})


def listblock(items):
    """ListBlock form data, the counterpart of wagtail's ``streamfield()`` helper."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index)}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def admin_form_data(client, url, data):
    """The form at ``url`` as the browser would post it, with ``data`` typed in.

    A value of None clears the field, as unticking a checkbox does.
    """
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in data.items():
        if value is None:
            form.pop(key, None)
        elif isinstance(value, list):
            form.setlist(key, [str(v) for v in value])
        else:
            form[key] = value
    return form


def form_errors(response):
    """The error messages an admin form shows, as text."""
    soup = WagtailTestUtils.get_soup(response.content)
    selectors = ".error-message, .help-critical, .w-field__errors, .messages .error"
    errors = [element.get_text(" ", strip=True) for element in soup.select(selectors)]
    form = (response.context or {}).get("form")
    if form is not None:
        # StreamField errors are drawn by JavaScript: read them from the form.
        for name, field_errors in form.errors.items():
            for error in field_errors.as_data():
                if hasattr(error, "as_json_data"):
                    errors.append(f"{name}: {error.as_json_data()}")
    return [error for error in errors if error]


def run_command(name, *args):
    """(output lines, exit code) of a management command, as a shell would see them."""
    out = StringIO()
    try:
        call_command(name, *map(str, args), stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return out.getvalue().splitlines(), code


def setup_site():
    """The page tree `make run` builds: home page and "Actualités", quietly."""
    call_command("setup_site", stdout=StringIO())


@contextmanager
def media_on_disk():
    """Media in a temporary folder: Wagtail serves documents from a file path, which the
    in-memory storage of the test settings lacks."""
    with (
        TemporaryDirectory() as folder,
        override_settings(
            MEDIA_ROOT=folder,
            STORAGES={
                **settings.STORAGES,
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            },
        ),
    ):
        yield Path(folder)


@contextmanager
def development_addresses():
    """No configured ``WAGTAILAPI_BASE_URL``, as in development: addresses follow the request.
    Wagtail's purges of API answers need a base: they are not registered then
    (``WAGTAILAPI_USE_FRONTENDCACHE``)."""
    signal_handlers.unregister_signal_handlers()
    try:
        with override_settings(WAGTAILAPI_BASE_URL=None):
            yield
    finally:
        signal_handlers.register_signal_handlers()


def redis_cache_settings(url):
    """The production cache settings (cms/settings/base.py with REDIS_URL) pointed at ``url``:
    tests/test_settings.py checks that production reads the same."""
    return {
        "CACHES": {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "eig",
                "OPTIONS": {
                    "IGNORE_EXCEPTIONS": True,
                    "SOCKET_CONNECT_TIMEOUT": 0.5,
                    "SOCKET_TIMEOUT": 0.5,
                },
            }
        },
        "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS": True,
    }
