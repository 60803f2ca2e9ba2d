import os

import pytest

HOST_SITE_SETTINGS = "tests.host_site.settings"
if os.environ.get("DJANGO_SETTINGS_MODULE") != HOST_SITE_SETTINGS:
    # Named on the command line with the project's settings (the main run leaves it out).
    raise pytest.UsageError(
        f"tests/host_site/ needs the host site's settings: pytest --ds {HOST_SITE_SETTINGS} "
        "tests/host_site"
    )
