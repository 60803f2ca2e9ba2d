"""The host site's settings with one step of the plugin's install left out, for the tests of
what ``manage.py check`` says then (``test_checks``): ``HOST_SITE_WITHOUT`` names an app of
INSTALLED_APPS, or ``TASKS``."""

import os

from tests.host_site.settings import *  # noqa: F403

WITHOUT = os.environ["HOST_SITE_WITHOUT"]
if WITHOUT == "TASKS":
    del TASKS  # noqa: F821
else:
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app != WITHOUT]  # noqa: F405
