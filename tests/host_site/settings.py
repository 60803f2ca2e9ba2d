"""Settings of a site made by ``wagtail start``, with the publishing plugin installed as the
README says (five apps, ``TASKS``) and nothing else of this project.

The database is ``DATABASE_URL``, read as the project's settings read it (SQLite otherwise),
so that the Makefile's PostgreSQL leg runs these tests on PostgreSQL too.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

import environ

env = environ.Env()

SECRET_KEY = "host-site-tests-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    # The publishing plugin and what it needs (README: "Install the publishing plugin").
    "cms.publishing",
    "wagtail.api.v2",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    # The site's own page type.
    "tests.host_site.pages",
    # What `wagtail start` lists.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "tests.host_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # A test database of its own beside the project's (test_<name>).
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_host_site"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Real files (Wagtail's document view and the plugin's media view read them), removed after.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="host-site-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
MEDIA_URL = "/media/"

WAGTAIL_SITE_NAME = "Host site"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# The plugin: django-tasks-db's backend, whose tasks wait for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Webhooks to the tests' receiver on this machine, over plain HTTP.
PUBLISHING = {"WEBHOOKS_ALLOW_INSECURE": True}
