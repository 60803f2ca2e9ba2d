"""Test runs: fast hashing, memory caches, media in a throwaway folder per run."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Real files (Wagtail's document serve view reads them from disk), removed after the run.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="eig-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# Tests change the database behind the signals' back: answers are cached only where a test
# turns it on (tests/cms/test_response_cache.py).
PUBLISHING = {
    **PUBLISHING,
    "RESPONSE_CACHE_ENABLED": False,
    "FRAGMENT_CACHE_TIMEOUT": 0,
    "WEBHOOKS_ALLOW_INSECURE": True,
    "WEBHOOKS_RETRY_BASE_SECONDS": 0,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Indexing runs at once in tests; webhook deliveries stay queued, as in production, and
# tests run the worker when they mean to.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = "http://testserver"
WAGTAILAPI_USE_FRONTENDCACHE = True

# Tests never serve static files; WhiteNoise would only warn about the missing STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
