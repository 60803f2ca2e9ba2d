import os

import pytest
from hypothesis import settings

# Property-based tests: a quick pass in `make test`; HYPOTHESIS_PROFILE=deep for a long hunt.
settings.register_profile("default", max_examples=40, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.register_profile("fuzz", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back data must not live on in it (Wagtail
    caches the sites' root paths, for one)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


# The host site's tests (tests/host_site/) need its own settings: they run in a pytest of their
# own, `pytest --ds tests.host_site.settings tests/host_site` (the Makefile's test targets).
HOST_SITE_SETTINGS = "tests.host_site.settings"
collect_ignore = (
    [] if os.environ.get("DJANGO_SETTINGS_MODULE") == HOST_SITE_SETTINGS else ["host_site"]
)
